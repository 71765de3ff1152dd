// Benchmark: loading the default demo data (2,000 SKUs x 8 locations, a year of demand) into a
// fresh, migrated database of the bench cluster, as the desktop does on its first start.
//
// Prints: BENCH demo_load_2000_skus_s <seconds> s, BENCH demo_load_2000_skus_cpu_s <client +
// server CPU seconds> s

#include "benchsupport.h"
#include "catalog/demodata.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

using sp::bench::ownCpuSeconds;
using sp::bench::processCpuSeconds;

namespace {

constexpr auto ScratchDatabase = "stockpilot_bench_demo";

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
        admin.execScript(QByteArray("CREATE DATABASE ") + ScratchDatabase);
        {
            sp::db::ConnectionSettings owner = cluster.ownerSettings();
            owner.database = QString::fromLatin1(ScratchDatabase);
            sp::db::Connection c(owner);
            sp::db::Migrator().migrate(c);
            const qint64 backend = c.exec("SELECT pg_backend_pid()").toLongLong(0, 0);
            const double before = processCpuSeconds(backend) + ownCpuSeconds();
            QElapsedTimer timer;
            timer.start();
            sp::catalog::DemoData::load(c, sp::catalog::DemoOptions{});
            const double seconds = timer.elapsed() / 1000.0;
            const double cpu = processCpuSeconds(backend) + ownCpuSeconds() - before;
            out << "BENCH demo_load_2000_skus_s " << QString::number(seconds, 'f', 2) << " s\n"
                << "BENCH demo_load_2000_skus_cpu_s " << QString::number(cpu, 'f', 2) << " s"
                << Qt::endl;
        }
        admin.execScript(QByteArray("DROP DATABASE ") + ScratchDatabase + " WITH (FORCE)");
        return 0;
    } catch (const sp::db::DbError& e) {
        err << "bench_demo: " << e.message() << " [" << e.sqlState() << "]" << Qt::endl;
    } catch (const std::exception& e) {
        err << "bench_demo: " << e.what() << Qt::endl;
    }
    return 1;
}
