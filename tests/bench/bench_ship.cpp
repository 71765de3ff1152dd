// Benchmark: shipping 10,000 order lines as 2,000 orders of 5 lines with 16 shippers at once,
// on a scratch database cloned from the bench dataset (125,000 SKUs x 8 locations). The orders
// are placed through the endpoint's checkout functions first; each shipper then ships its
// orders in full, one order_ship call (one transaction) each.
//
// Prints: BENCH ship_order_alone_p50_ms and _p99_ms (the first 200 orders by one shipper: the
// database's time and the loopback), ship_order_p50_ms and _p99_ms (the other 1,800 with 16
// shippers at once, as each shipper's connection sees a call), ship_orders_per_s and
// ship_16_shippers_s.

#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <thread>
#include <vector>

namespace {

constexpr auto ScratchDatabase = "stockpilot_bench_ship";
constexpr int Orders = 2000;
constexpr int LinesPerOrder = 5;
constexpr int Shippers = 16;
constexpr int Baseline = 200; // orders shipped by one shipper first

QJsonObject json(const sp::db::Result& r)
{
    return QJsonDocument::fromJson(r.bytes(0, 0)).object();
}

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
        admin.execScript(QByteArray("CREATE DATABASE ") + ScratchDatabase + " TEMPLATE " +
                         sp::db::EmbeddedCluster::DatabaseName + " STRATEGY FILE_COPY");
        sp::db::ConnectionSettings owner = cluster.ownerSettings();
        owner.database = QString::fromLatin1(ScratchDatabase);

        // The orders: each cart holds five SKUs that the online location has available.
        QStringList orderIds;
        {
            sp::db::Connection c(owner);
            const sp::db::Result skus =
                c.exec("SELECT p.sku FROM stock_levels s JOIN products p ON p.id = s.product_id"
                       " JOIN locations l ON l.id = s.location_id"
                       " WHERE l.code = 'WEB' AND s.available >= 10 ORDER BY p.sku LIMIT $1",
                       {Orders * LinesPerOrder});
            if (skus.rows() < Orders * LinesPerOrder)
                throw std::runtime_error("the dataset has too few SKUs available online");
            const QString token(64, QLatin1Char('b'));
            QElapsedTimer placing;
            placing.start();
            for (int o = 0; o < Orders; ++o) {
                const QString cart = json(c.exec("SELECT api_cart_create($1)", {token}))
                                         .value(QLatin1String("body"))
                                         .toObject()
                                         .value(QLatin1String("cart_id"))
                                         .toString();
                for (int l = 0; l < LinesPerOrder; ++l)
                    c.exec("SELECT api_cart_set_item($1, $2, $3, 2, 'WEB', 900, 50, 20)",
                           {cart, token, skus.text(o * LinesPerOrder + l, 0)});
                const QJsonObject placed =
                    json(c.exec("SELECT api_cart_checkout($1, $2, NULL, 'bench', 52.52, 13.40)",
                                {cart, token}));
                const QString id = placed.value(QLatin1String("body"))
                                       .toObject()
                                       .value(QLatin1String("order_id"))
                                       .toString();
                if (id.isEmpty())
                    throw std::runtime_error("a checkout failed");
                orderIds.append(id);
            }
            err << "placed " << Orders << " orders in " << placing.elapsed() << " ms" << Qt::endl;
        }

        sp::db::ConnectionSettings clerk =
            cluster.staffSettings(QStringLiteral("clerk"), QStringLiteral("clerk"));
        clerk.database = QString::fromLatin1(ScratchDatabase);

        // The baseline: the first orders shipped by one shipper alone, so that each call's
        // time is the database's work and the loopback, without waiting for the other 15.
        std::vector<double> alone;
        {
            sp::db::Connection c(clerk);
            for (int o = 0; o < Baseline; ++o) {
                QElapsedTimer t;
                t.start();
                c.exec("SELECT order_ship($1::uuid)", {orderIds[o]});
                alone.push_back(t.nsecsElapsed() / 1e6);
            }
        }
        std::sort(alone.begin(), alone.end());
        std::vector<std::vector<double>> times(Shippers);
        std::vector<std::string> failures(Shippers);
        QElapsedTimer run;
        run.start();
        std::vector<std::thread> shippers;
        for (int s = 0; s < Shippers; ++s) {
            shippers.emplace_back([&, s] {
                try {
                    sp::db::Connection c(clerk);
                    for (int o = Baseline + s; o < Orders; o += Shippers) {
                        QElapsedTimer t;
                        t.start();
                        c.exec("SELECT order_ship($1::uuid)", {orderIds[o]});
                        times[s].push_back(t.nsecsElapsed() / 1e6);
                    }
                } catch (const sp::db::DbError& e) {
                    failures[s] = e.message().toStdString();
                }
            });
        }
        for (std::thread& t : shippers)
            t.join();
        const double seconds = run.elapsed() / 1000.0;
        for (const std::string& f : failures)
            if (!f.empty())
                throw std::runtime_error(f);
        std::vector<double> all;
        for (const auto& t : times)
            all.insert(all.end(), t.begin(), t.end());
        std::sort(all.begin(), all.end());
        const auto at = [](const std::vector<double>& sorted, double q) {
            return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
        };
        {
            sp::db::Connection c(owner);
            if (c.exec("SELECT count(*) FROM orders WHERE status = 'shipped'").toInt(0, 0) !=
                    Orders ||
                c.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0) != 0)
                throw std::runtime_error("the orders did not all ship, or the ledger disagrees");
        }
        out << "BENCH ship_order_alone_p50_ms " << QString::number(at(alone, 0.50), 'f', 2)
            << " ms\n"
            << "BENCH ship_order_alone_p99_ms " << QString::number(at(alone, 0.99), 'f', 2)
            << " ms\n"
            << "BENCH ship_order_p50_ms " << QString::number(at(all, 0.50), 'f', 2) << " ms\n"
            << "BENCH ship_order_p99_ms " << QString::number(at(all, 0.99), 'f', 2) << " ms\n"
            << "BENCH ship_orders_per_s " << qint64((Orders - Baseline) / seconds) << " orders/s\n"
            << "BENCH ship_16_shippers_s " << QString::number(seconds, 'f', 2) << " s" << Qt::endl;
        admin.execScript(QByteArray("DROP DATABASE ") + ScratchDatabase + " WITH (FORCE)");
        return 0;
    } catch (const sp::db::DbError& e) {
        err << "bench_ship: " << e.message() << " [" << e.sqlState() << "]" << Qt::endl;
    } catch (const std::exception& e) {
        err << "bench_ship: " << e.what() << Qt::endl;
    }
    return 1;
}
