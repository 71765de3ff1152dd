// Benchmark: importing a stock count of every level of the bench dataset (125,000 SKUs x 8
// locations = 1M rows) as the manager. Works on a scratch database cloned from the bench
// database, so the cached dataset stays as it was.
//
// Prints: BENCH csv_import_1m_rows_s <seconds> s, BENCH csv_import_rows_per_s <rows/s> rows/s,
// BENCH csv_import_1m_rows_cpu_s <client + server CPU seconds> s; then for one day of past sales
// of every level: BENCH sales_import_1m_rows_s, sales_import_rows_per_s and
// sales_fold_into_statistics_s (the demand statistics job after it).

#include "benchsupport.h"
#include "catalog/csvimport.h"
#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

using sp::bench::ownCpuSeconds;
using sp::bench::processCpuSeconds;

namespace {

constexpr auto ScratchDatabase = "stockpilot_bench_import";

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout), err(stderr);
    const QString dataDir = qEnvironmentVariable("STOCKPILOT_BENCH_DATA_DIR");
    if (dataDir.isEmpty()) {
        err << "STOCKPILOT_BENCH_DATA_DIR is not set; run this through scripts/bench." << Qt::endl;
        return 2;
    }
    try {
        sp::db::EmbeddedCluster cluster(dataDir);
        cluster.ensureRunning();
        sp::db::ConnectionSettings maintenance = cluster.ownerSettings();
        maintenance.database = QStringLiteral("postgres");
        sp::db::Connection admin(maintenance);
        admin.execScript(QByteArray("DROP DATABASE IF EXISTS ") + ScratchDatabase +
                         " WITH (FORCE)");
        QElapsedTimer timer;
        timer.start();
        // FILE_COPY copies the files instead of logging every page: much faster for a large
        // template.
        admin.execScript(QByteArray("CREATE DATABASE ") + ScratchDatabase + " TEMPLATE " +
                         sp::db::EmbeddedCluster::DatabaseName + " STRATEGY FILE_COPY");
        err << "cloned the bench database in " << timer.elapsed() << " ms" << Qt::endl;

        sp::db::ConnectionSettings owner = cluster.ownerSettings();
        owner.database = QString::fromLatin1(ScratchDatabase);
        QTemporaryDir dir(QStringLiteral("/var/tmp/stockpilot-bench-import-XXXXXX"));
        const QString path = dir.filePath(QStringLiteral("counts.csv"));
        qint64 rows = 0;
        {
            sp::db::Connection c(owner);
            // A count of every level: about two thirds differ from the books by a few units,
            // never below what is held, sold or damaged.
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                throw std::runtime_error("cannot write the CSV file");
            file.write("sku,location,on_hand\n");
            QRandomGenerator rng(20261121);
            QByteArray buffer;
            c.copyOut("COPY (SELECT p.sku, l.code, s.on_hand, s.reserved + s.committed +"
                      " s.quarantine + s.damaged FROM stock_levels s JOIN products p ON p.id ="
                      " s.product_id JOIN locations l ON l.id = s.location_id"
                      " ORDER BY p.sku, l.sort_order) TO STDOUT",
                      [&](const char* data, int size) {
                          const QList<QByteArray> f = QByteArray(data, size).trimmed().split('\t');
                          int count = f[2].toInt();
                          if (rng.bounded(3) != 0)
                              count = qMax(f[3].toInt(), count + rng.bounded(-3, 4));
                          buffer += f[0] + ',' + f[1] + ',' + QByteArray::number(count) + '\n';
                          if (buffer.size() > (1 << 20)) {
                              file.write(buffer);
                              buffer.clear();
                          }
                          ++rows;
                          return true;
                      });
            file.write(buffer);
        }

        sp::db::ConnectionSettings manager =
            cluster.staffSettings(QStringLiteral("manager"), QStringLiteral("manager"));
        manager.database = QString::fromLatin1(ScratchDatabase);
        sp::db::Connection c(manager);
        const qint64 backend = c.exec("SELECT pg_backend_pid()").toLongLong(0, 0);
        const double serverBefore = processCpuSeconds(backend);
        const double clientBefore = ownCpuSeconds();
        timer.restart();
        const sp::catalog::ImportSummary summary =
            sp::catalog::CsvImporter::importFile(c, sp::catalog::CsvKind::StockCounts, path);
        const double seconds = timer.elapsed() / 1000.0;
        const double cpu =
            processCpuSeconds(backend) - serverBefore + ownCpuSeconds() - clientBefore;
        err << "imported " << summary.rows << " rows, " << summary.changed << " changed"
            << Qt::endl;
        out << "BENCH csv_import_1m_rows_s " << QString::number(seconds, 'f', 2) << " s\n"
            << "BENCH csv_import_rows_per_s " << qint64(summary.rows / seconds)
            << " rows/s\n"
            // CPU time of the client and its server process: what the wall time would be on
            // an otherwise idle machine, less I/O waits. Other builds share these cores.
            << "BENCH csv_import_1m_rows_cpu_s " << QString::number(cpu, 'f', 2) << " s"
            << Qt::endl;

        // A store's past sales: one day of every level (1M rows) as demand only, then the
        // demand statistics of the levels it changed, as the daily job folds them in.
        const QString sales = dir.filePath(QStringLiteral("sales.csv"));
        {
            QFile file(sales);
            if (!file.open(QIODevice::WriteOnly))
                throw std::runtime_error("cannot write the sales file");
            const QByteArray day = c.exec("SELECT (current_date - 1)::text").bytes(0, 0);
            file.write("sku,location,day,units\n");
            QByteArray buffer;
            c.copyOut("COPY (SELECT p.sku, l.code, 1 + (s.product_id + s.location_id) % 5"
                      " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                      " JOIN locations l ON l.id = s.location_id) TO STDOUT",
                      [&](const char* data, int size) {
                          const QList<QByteArray> f = QByteArray(data, size).trimmed().split('\t');
                          buffer += f[0] + ',' + f[1] + ',' + day + ',' + f[2] + '\n';
                          if (buffer.size() > (1 << 20)) {
                              file.write(buffer);
                              buffer.clear();
                          }
                          return true;
                      });
            file.write(buffer);
        }
        timer.restart();
        const sp::catalog::ImportSummary recorded =
            sp::catalog::CsvImporter::importFile(c, sp::catalog::CsvKind::SalesHistory, sales);
        const double salesSeconds = timer.elapsed() / 1000.0;
        timer.restart();
        const QByteArray folded = c.exec("SELECT agent_demand_statistics()").bytes(0, 0);
        const double foldSeconds = timer.elapsed() / 1000.0;
        err << "recorded " << recorded.rows
            << " sales rows; statistics: " << QString::fromUtf8(folded) << Qt::endl;
        out << "BENCH sales_import_1m_rows_s " << QString::number(salesSeconds, 'f', 2) << " s\n"
            << "BENCH sales_import_rows_per_s " << qint64(recorded.rows / salesSeconds)
            << " rows/s\n"
            << "BENCH sales_fold_into_statistics_s " << QString::number(foldSeconds, 'f', 2) << " s"
            << Qt::endl;

        admin.execScript(QByteArray("DROP DATABASE ") + ScratchDatabase + " WITH (FORCE)");
        return rows == summary.rows ? 0 : 1;
    } catch (const sp::db::DbError& e) {
        err << "bench_import: " << e.message() << " [" << e.sqlState() << "]" << Qt::endl;
    } catch (const std::exception& e) {
        err << "bench_import: " << e.what() << Qt::endl;
    }
    return 1;
}
