// Agent benchmark: the stock check over 125,000 SKUs x 8 locations (one set-based statement)
// and the time from a qualifying stock change to the suggestion appearing in an open inbox.
//
// With STOCKPILOT_BENCH_DATA_DIR (scripts/bench prepares an embedded cluster with the demo
// dataset there) it works on a scratch copy of that database (CREATE DATABASE ... TEMPLATE).
// Without it, it makes its own throw-away cluster and a synthetic dataset of the same size
// (8 weeks of demand history per store SKU instead of a year: the statistics only read the
// most recent 8 weeks). Prints "BENCH <metric> <value> <unit>" lines.

#include "approvals/stockwatcher.h"
#include "db/database.h"
#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "db/migrator.h"
#include "inboxmodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace sp::db;

namespace {

void bench(const char* metric, double value, const char* unit)
{
    std::printf("BENCH %s %.3f %s\n", metric, value, unit);
    std::fflush(stdout);
}

void note(const QString& text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

void generate(Connection& c, int skus)
{
    c.execScript("INSERT INTO locations (code, name, kind, latitude, longitude, sort_order) VALUES"
                 " ('WH-N', 'Warehouse North', 'warehouse', 52.60, 13.30, 1),"
                 " ('WH-S', 'Warehouse South', 'warehouse', 52.35, 13.50, 2),"
                 " ('ST-MITTE', 'Store Mitte', 'store', 52.52, 13.40, 3),"
                 " ('ST-KREUZ', 'Store Kreuzberg', 'store', 52.49, 13.42, 4),"
                 " ('ST-PANKOW', 'Store Pankow', 'store', 52.57, 13.41, 5),"
                 " ('ST-SPANDAU', 'Store Spandau', 'store', 52.53, 13.20, 6),"
                 " ('ST-KOEPENICK', 'Store Koepenick', 'store', 52.44, 13.58, 7),"
                 " ('WEB', 'Online', 'online', 52.52, 13.40, 8);");
    c.exec("INSERT INTO suppliers (name) VALUES ('Nordtex'), ('Capworks'), ('Solea')");
    c.exec("INSERT INTO products (sku, name, category, price, cost, supplier, pack_size, "
           "lead_time_days) "
           "SELECT format('SKU%s', lpad(g::text, 6, '0')), 'Item ' || g, "
           "(ARRAY['Shirts','Shoes','Hats','Bags'])[1 + g % 4], 20 + g % 80, 8 + g % 30, "
           "(ARRAY['Nordtex','Capworks','Solea'])[1 + g % 3], (ARRAY[1, 6, 12])[1 + g % 3], "
           "5 + g % 20 FROM generate_series(1, $1) g",
           {skus});
    c.execScript(
        "INSERT INTO stock_levels (product_id, location_id, on_hand) "
        // About one store row in twenty is low; the rest hold about twice their lead-time
        // demand, as a retailer's stock would.
        "SELECT p.id, l.id, CASE WHEN l.kind = 'warehouse' THEN (p.id * 31 + l.id * 17) % 600"
        "    WHEN (p.id * 37 + l.id * 11) % 20 = 0 THEN p.id % 5"
        "    ELSE ceil(((p.id * 7 + l.id * 13) % 10) / 2.0 * p.lead_time_days * 2 + 20)::int END "
        "FROM products p CROSS JOIN locations l;"
        "INSERT INTO demand_history (product_id, location_id, first_day, daily_units) "
        "SELECT p.id, l.id, current_date - 56, "
        "       ARRAY(SELECT floor(random() * (((p.id * 7 + l.id * 13) % 10) / 2.0 * 2 + 1))::int"
        "             FROM generate_series(1, 56) d) "
        "FROM products p CROSS JOIN locations l WHERE l.kind <> 'warehouse';"
        "ANALYZE;");
}

double seconds(const QElapsedTimer& t)
{
    return t.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int skus = qEnvironmentVariableIntValue("STOCKPILOT_BENCH_SKUS") > 0
                         ? qEnvironmentVariableIntValue("STOCKPILOT_BENCH_SKUS")
                         : 125000;
    QString dataDir = qEnvironmentVariable("STOCKPILOT_BENCH_DATA_DIR");
    std::optional<QTemporaryDir> ownDir;
    const bool synthetic = dataDir.isEmpty();
    if (synthetic) {
        ownDir.emplace(QDir::tempPath() + QStringLiteral("/stockpilot-bench-agent-XXXXXX"));
        dataDir = ownDir->path();
    }
    EmbeddedCluster cluster(dataDir, EmbeddedCluster::Options{.durable = !synthetic});
    try {
        cluster.ensureRunning();
        ConnectionSettings maintenance = cluster.ownerSettings();
        maintenance.database = QStringLiteral("postgres");
        Connection admin(maintenance);
        if (synthetic) {
            Connection owner(cluster.ownerSettings());
            Migrator().migrate(owner);
            QElapsedTimer t;
            t.start();
            generate(owner, skus);
            note(QStringLiteral("synthetic dataset: %1 SKUs x 8 locations in %2 s")
                     .arg(skus)
                     .arg(seconds(t), 0, 'f', 1));
        }
        // A scratch copy, so the prepared dataset stays as it is.
        const QByteArray scratch =
            "bench_agent_" + QByteArray::number(QCoreApplication::applicationPid());
        admin.execScript("CREATE DATABASE " + scratch + " TEMPLATE " +
                         EmbeddedCluster::DatabaseName + " STRATEGY FILE_COPY");
        ConnectionSettings settings = cluster.ownerSettings();
        settings.database = QString::fromLatin1(scratch);
        {
            Connection c(settings);
            Migrator().migrate(c); // the agent's migration, if the dataset predates it
            note(QStringLiteral("%1 stock rows")
                     .arg(c.exec("SELECT count(*) FROM stock_levels").toLongLong(0, 0)));

            // Demand statistics as the daily job finds them when no history moved (the demo
            // computed them; from scratch at the end).
            QElapsedTimer t;
            t.start();
            const QByteArray stats = c.exec("SELECT agent_demand_statistics()").bytes(0, 0);
            bench("agent_demand_stats_steady_s", seconds(t), "s");
            note(QStringLiteral("demand statistics: %1").arg(QString::fromUtf8(stats)));

            t.restart();
            const QByteArray first = c.exec("SELECT agent_stock_check()").bytes(0, 0);
            bench("agent_stock_check_s", seconds(t), "s");
            note(QStringLiteral("first stock check: %1").arg(QString::fromUtf8(first)));
            t.restart();
            c.exec("SELECT agent_stock_check()");
            bench("agent_stock_check_steady_s", seconds(t), "s");
            t.restart();
            const QByteArray redistribution = c.exec("SELECT agent_redistribution()").bytes(0, 0);
            bench("agent_redistribution_s", seconds(t), "s");
            note(QStringLiteral("redistribution: %1").arg(QString::fromUtf8(redistribution)));
            t.restart();
            c.exec("SELECT agent_redistribution()");
            bench("agent_redistribution_steady_s", seconds(t), "s");
            t.restart();
            const QByteArray markdowns = c.exec("SELECT agent_price_analysis()").bytes(0, 0);
            bench("agent_price_analysis_s", seconds(t), "s");
            note(QStringLiteral("price analysis: %1").arg(QString::fromUtf8(markdowns)));
            t.restart();
            const QByteArray after = c.exec("SELECT agent_stock_check()").bytes(0, 0);
            bench("agent_stock_check_after_rules_s", seconds(t), "s");
            note(QStringLiteral("stock check after the other rules: %1")
                     .arg(QString::fromUtf8(after)));

            // Reorder policies set by hand on one level in ten (the minimum its reorder point,
            // the maximum twice that): the stock check over the same levels with them.
            c.execScript("INSERT INTO reorder_policies (product_id, location_id, min_units, "
                         "max_units) SELECT product_id, location_id, reorder_point, "
                         "2 * reorder_point + 1 FROM stock_levels "
                         "WHERE (product_id + location_id) % 10 = 0");
            t.restart();
            const QByteArray withPolicies = c.exec("SELECT agent_stock_check()").bytes(0, 0);
            bench("agent_stock_check_policies_s", seconds(t), "s");
            note(QStringLiteral("stock check with %1 reorder policies: %2")
                     .arg(c.exec("SELECT count(*) FROM reorder_policies").toLongLong(0, 0))
                     .arg(QString::fromUtf8(withPolicies)));

            // Every statistic from scratch, as after a change of the settings.
            c.execScript("TRUNCATE demand_stats");
            t.restart();
            const QByteArray scratchStats = c.exec("SELECT agent_demand_statistics()").bytes(0, 0);
            bench("agent_demand_stats_s", seconds(t), "s");
            note(QStringLiteral("demand statistics from scratch: %1")
                     .arg(QString::fromUtf8(scratchStats)));
        }

        // Change -> suggestion in an open inbox: the event stream wakes the stock watcher,
        // which checks just that SKU; the suggestion's event reaches the inbox.
        {
            Database pool(settings, 4);
            EventStream stream(settings);
            sp::models::InboxModel inbox(&pool);
            sp::approvals::StockWatcher watcher(&pool, 20);
            QObject::connect(&stream, &EventStream::eventsReceived, &inbox,
                             &sp::models::InboxModel::applyEvents);
            QObject::connect(&stream, &EventStream::eventsReceived, &watcher,
                             &sp::approvals::StockWatcher::applyEvents);
            QEventLoop loop;
            QObject::connect(&stream, &EventStream::started, &loop, &QEventLoop::quit);
            stream.start();
            loop.exec();
            QElapsedTimer t;
            t.start();
            QObject::connect(&inbox, &sp::models::InboxModel::loaded, &loop, &QEventLoop::quit);
            inbox.reload();
            loop.exec();
            bench("agent_inbox_load_ms", t.nsecsElapsed() / 1e6, "ms");
            note(QStringLiteral("inbox: %1 pending, %2 rows loaded")
                     .arg(inbox.pendingCount())
                     .arg(inbox.rowCount()));
            // Scrolling on: the next page.
            t.restart();
            QObject::connect(&inbox, &QAbstractItemModel::rowsInserted, &loop, &QEventLoop::quit);
            if (inbox.canFetchMore({})) {
                inbox.fetchMore({});
                loop.exec();
                bench("agent_inbox_next_page_ms", t.nsecsElapsed() / 1e6, "ms");
            }
            QObject::disconnect(&inbox, &QAbstractItemModel::rowsInserted, &loop,
                                &QEventLoop::quit);
            // Newest first, as a person watching for new suggestions sorts it.
            t.restart();
            inbox.sort(sp::models::InboxModel::AgeColumn, Qt::AscendingOrder);
            loop.exec();
            bench("agent_inbox_sort_ms", t.nsecsElapsed() / 1e6, "ms");

            Connection c(settings);
            // Store SKUs comfortably above their reorder point, with demand, nothing pending.
            const Result targets = c.exec(
                "SELECT p.sku, l.code FROM stock_levels s JOIN products p ON p.id = s.product_id "
                "JOIN locations l ON l.id = s.location_id AND l.kind = 'store' "
                "WHERE s.reorder_point > 0 AND s.available > s.reorder_point "
                "AND NOT EXISTS (SELECT FROM suggestions x WHERE x.product_id = s.product_id "
                "AND x.status = 'pending') ORDER BY p.id DESC LIMIT 7");
            QList<double> samples;
            for (int i = 0; i < targets.rows(); ++i) {
                const QString sku = targets.text(i, 0);
                bool seen = false;
                QElapsedTimer latency;
                const auto conn =
                    QObject::connect(&inbox, &sp::models::InboxModel::suggestionsArrived, &loop,
                                     [&](const QList<qint64>& ids) {
                                         for (qint64 id : ids) {
                                             const int row = inbox.rowForId(id);
                                             if (row >= 0 && inbox.suggestionAt(row)->sku == sku) {
                                                 seen = true;
                                                 loop.quit();
                                             }
                                         }
                                     });
                QTimer::singleShot(10000, &loop, &QEventLoop::quit);
                latency.start();
                c.exec("SELECT stock_adjust($1, $2, 0, 'bench: sold out')",
                       {sku, targets.text(i, 1)});
                loop.exec();
                QObject::disconnect(conn);
                if (seen)
                    samples.append(latency.nsecsElapsed() / 1e6);
                else
                    note(QStringLiteral("no suggestion for %1 within 10 s").arg(sku));
            }
            if (!samples.isEmpty()) {
                std::sort(samples.begin(), samples.end());
                bench("agent_change_to_inbox_ms", samples.at(samples.size() / 2), "ms");
                note(QStringLiteral("change to inbox samples (ms): %1 .. %2 over %3")
                         .arg(samples.first(), 0, 'f', 1)
                         .arg(samples.last(), 0, 'f', 1)
                         .arg(samples.size()));
            }
            stream.stop();
            pool.close();
        }
        admin.execScript("DROP DATABASE " + scratch + " WITH (FORCE)");
        if (synthetic) {
            cluster.stop();
            // Run as root, the cluster lives outside the temporary directory: remove it too.
            QDir(cluster.clusterDir()).removeRecursively();
        }
        return 0;
    } catch (const DbError& e) {
        note(QStringLiteral("bench_agent: %1").arg(e.message()));
    }
    if (synthetic) {
        cluster.stop();
        QDir(cluster.clusterDir()).removeRecursively();
    }
    return 1;
}
