// Demo data: a small load gives the 8 locations, the SKU naming, stock that is partly low, out
// and overstocked, a year of demand with weekly seasonality, and an exact ledger; a second load
// is refused; the same seed gives the same data; a cancelled load leaves nothing behind.

#include "catalog/demodata.h"
#include "db/dberror.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sp::db;
using sp::catalog::DemoData;
using sp::catalog::DemoOptions;

namespace {

const QDate LastDay(2026, 11, 20);

DemoOptions smallDemo(quint32 seed = 7)
{
    DemoOptions o;
    o.skus = 50;
    o.seed = seed;
    o.lastDay = LastDay;
    return o;
}

// Everything the demo loads, independent of generated ids and timestamps.
QString fingerprint(Connection& c)
{
    return c
        .exec("SELECT md5((SELECT string_agg(concat_ws('|', code, name, kind, latitude, longitude),"
              "  ';' ORDER BY code) FROM locations))"
              " || md5((SELECT string_agg(concat_ws('|', sku, name, category, attributes, price,"
              "  cost, supplier, pack_size, lead_time_days), ';' ORDER BY sku) FROM products))"
              " || md5((SELECT string_agg(concat_ws('|', p.sku, l.code, s.on_hand, s.damaged,"
              "  s.reorder_point), ';' ORDER BY p.sku, l.code) FROM stock_levels s"
              "  JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id))"
              " || md5((SELECT string_agg(concat_ws('|', p.sku, l.code, d.first_day,"
              "  d.daily_units::text), ';' ORDER BY p.sku, l.code) FROM demand_history d"
              "  JOIN products p ON p.id = d.product_id JOIN locations l ON l.id = d.location_id))")
        .text(0, 0);
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT

private slots:
    void smallLoadLooksLikeARetailer()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        QVERIFY(DemoData::isEmpty(c));
        DemoData::load(c, smallDemo());
        QVERIFY(!DemoData::isEmpty(c));

        // 2 warehouses, 5 stores, 1 online shop, all within one region.
        Result r = c.exec("SELECT kind, count(*) FROM locations GROUP BY kind ORDER BY kind");
        QCOMPARE(r.rows(), 3);
        QCOMPARE(r.text(0, 0), QStringLiteral("online"));
        QCOMPARE(r.toInt(0, 1), 1);
        QCOMPARE(r.text(1, 0), QStringLiteral("store"));
        QCOMPARE(r.toInt(1, 1), 5);
        QCOMPARE(r.text(2, 0), QStringLiteral("warehouse"));
        QCOMPARE(r.toInt(2, 1), 2);
        const double spread = c.exec("SELECT max(distance_km(a.latitude, a.longitude, b.latitude,"
                                     " b.longitude)) FROM locations a, locations b")
                                  .toDouble(0, 0);
        QVERIFY2(spread > 10 && spread < 150, qPrintable(QString::number(spread)));

        // SKU000001 .. SKU000050, named like "Linen Shirt Blue M", with attributes.
        r = c.exec("SELECT count(*), min(sku), max(sku), count(*) FILTER (WHERE sku ~ "
                   "'^SKU[0-9]{6}$'), count(DISTINCT category), count(*) FILTER (WHERE "
                   "attributes ? 'colour' AND price > cost AND cost > 0 AND pack_size > 0 AND "
                   "lead_time_days > 0 AND supplier <> '') FROM products");
        QCOMPARE(r.toInt(0, 0), 50);
        QCOMPARE(r.text(0, 1), QStringLiteral("SKU000001"));
        QCOMPARE(r.text(0, 2), QStringLiteral("SKU000050"));
        QCOMPARE(r.toInt(0, 3), 50);
        QVERIFY(r.toInt(0, 4) >= 2);
        QCOMPARE(r.toInt(0, 5), 50);
        const QString name =
            c.exec("SELECT name || '|' || (attributes->>'colour') FROM products WHERE sku = "
                   "'SKU000001'")
                .text(0, 0);
        const QStringList parts = name.split(QLatin1Char('|'));
        QVERIFY2(parts[0].contains(QLatin1Char(' ')) && parts[0].toLower().contains(parts[1]),
                 qPrintable(name));

        // A level per SKU and location; some out, some low, some overstocked.
        r = c.exec("SELECT count(*), count(*) FILTER (WHERE available = 0),"
                   " count(*) FILTER (WHERE available > 0 AND available < reorder_point),"
                   " count(*) FILTER (WHERE reorder_point > 0 AND on_hand > 3 * reorder_point),"
                   " count(*) FILTER (WHERE reorder_point > 0) FROM stock_levels");
        QCOMPARE(r.toInt(0, 0), 400);
        QVERIFY2(r.toInt(0, 1) >= 5, "no SKU is out of stock");
        QVERIFY2(r.toInt(0, 2) >= 5, "no SKU is low");
        QVERIFY2(r.toInt(0, 3) >= 5, "no SKU is overstocked");
        QVERIFY2(r.toInt(0, 4) >= 200, "reorder points are not derived from demand");

        // A year of daily sales per SKU and location, ending on the last day.
        r = c.exec("SELECT count(*), min(array_length(daily_units, 1)),"
                   " max(array_length(daily_units, 1)), min(first_day)::text,"
                   " max(first_day)::text FROM demand_history");
        QCOMPARE(r.toInt(0, 0), 400);
        QCOMPARE(r.toInt(0, 1), 365);
        QCOMPARE(r.toInt(0, 2), 365);
        QCOMPARE(r.text(0, 3), LastDay.addDays(-364).toString(Qt::ISODate));
        QCOMPARE(r.text(0, 4), LastDay.addDays(-364).toString(Qt::ISODate));
        // Stores sell more on Saturdays than on Mondays.
        r = c.exec("SELECT sum(u) FILTER (WHERE extract(isodow FROM d.first_day + (i - 1)::int) "
                   "= 6), sum(u) FILTER (WHERE extract(isodow FROM d.first_day + (i - 1)::int) "
                   "= 1) FROM demand_history d JOIN locations l ON l.id = d.location_id,"
                   " unnest(d.daily_units) WITH ORDINALITY AS x (u, i) WHERE l.kind = 'store'");
        QVERIFY2(r.toLongLong(0, 0) > 1.5 * r.toLongLong(0, 1),
                 qPrintable(r.text(0, 0) + QLatin1String(" vs ") + r.text(0, 1)));
        // Reorder points follow demand: the best sellers have the higher ones.
        r = c.exec("SELECT corr(s.reorder_point, (SELECT sum(u) FROM unnest(d.daily_units"
                   "[300:365]) u)) FROM stock_levels s JOIN demand_history d USING (product_id,"
                   " location_id) JOIN locations l ON l.id = s.location_id WHERE l.kind = 'store'");
        QVERIFY2(r.toDouble(0, 0) > 0.5, qPrintable(r.text(0, 0)));

        // The ledger replays to the levels exactly; one opening row per stocked level.
        QCOMPARE(c.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
        r = c.exec("SELECT (SELECT count(*) FROM stock_movements WHERE reason = 'opening'),"
                   " (SELECT count(*) FROM stock_levels WHERE on_hand <> 0 OR damaged <> 0),"
                   " (SELECT count(*) FROM stock_movements)");
        QCOMPARE(r.toInt(0, 0), r.toInt(0, 1));
        QCOMPARE(r.toInt(0, 2), r.toInt(0, 1));
        QCOMPARE(c.exec("SELECT count(*) FROM events WHERE type = 'CatalogImported'").toInt(0, 0),
                 1);
    }

    // The demo is a healthy retailer by the agent's own measure: its reorder points and
    // statistics are the ones the daily job computes (its first run changes nothing), most
    // levels are above them and a few percent below, so the first stock check does not flood
    // the inbox; some slow sellers are overstocked for markdowns.
    void agentAgreesWithTheDemo()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        DemoOptions options = smallDemo();
        options.skus = 400;
        DemoData::load(c, options);
        const int levels = 400 * 8;
        QCOMPARE(c.exec("SELECT count(*) FROM demand_stats").toInt(0, 0), levels);

        const QJsonObject stats =
            QJsonDocument::fromJson(c.exec("SELECT agent_demand_statistics()").bytes(0, 0))
                .object();
        QCOMPARE(stats.value(QLatin1String("statistics")).toInt(), levels);
        QCOMPARE(stats.value(QLatin1String("changed")).toInt(), 0);
        QCOMPARE(stats.value(QLatin1String("reorder_points_changed")).toInt(), 0);

        const Result r =
            c.exec("SELECT count(*) FILTER (WHERE available + incoming < reorder_point),"
                   " count(*) FILTER (WHERE reorder_point > 0),"
                   " count(*) FILTER (WHERE available > 0 AND available + incoming < reorder_point)"
                   " FROM stock_levels");
        const double below = r.toInt(0, 0) / double(levels);
        QVERIFY2(below >= 0.015 && below <= 0.05, qPrintable(QString::number(below)));
        QVERIFY2(r.toInt(0, 1) > levels / 2, qPrintable(r.text(0, 1)));
        QVERIFY2(r.toInt(0, 2) > 0, "no level is low but not out");

        const auto counts = [&c](const char* sql) {
            return QJsonDocument::fromJson(c.exec(sql).bytes(0, 0)).object();
        };
        const QJsonObject restocks = counts("SELECT agent_stock_check()");
        QCOMPARE(restocks.value(QLatin1String("created")).toInt(),
                 restocks.value(QLatin1String("candidates")).toInt());
        QVERIFY2(restocks.value(QLatin1String("created")).toInt() <= r.toInt(0, 0),
                 qPrintable(QJsonDocument(restocks).toJson(QJsonDocument::Compact)));
        QVERIFY(restocks.value(QLatin1String("created")).toInt() > 0);
        // Warehouses hold the stores' next weeks: most short stores get a transfer.
        const QJsonObject transfers = counts("SELECT agent_redistribution()");
        QVERIFY2(transfers.value(QLatin1String("created")).toInt() > 0,
                 qPrintable(QJsonDocument(transfers).toJson(QJsonDocument::Compact)));
        // Slow sellers: a markdown for some products, not for most.
        const QJsonObject markdowns = counts("SELECT agent_price_analysis()");
        const int marked = markdowns.value(QLatin1String("created")).toInt();
        QVERIFY2(marked > 0 && marked < 400 / 10,
                 qPrintable(QJsonDocument(markdowns).toJson(QJsonDocument::Compact)));
        // All of it is pending in the inbox: a few percent of the levels.
        const int pending =
            c.exec("SELECT count(*) FROM suggestions WHERE status = 'pending'").toInt(0, 0);
        QVERIFY2(pending < levels / 20, qPrintable(QString::number(pending)));
    }

    void refusesASecondLoad()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        DemoData::load(c, smallDemo());
        const QString before = fingerprint(c);
        try {
            DemoData::load(c, smallDemo(8));
            QFAIL("a second demo load was accepted");
        } catch (const sp::db::DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::DemoDataRefused));
            QVERIFY2(e.message().contains(QLatin1String("already has products")),
                     qPrintable(e.message()));
        }
        QCOMPARE(fingerprint(c), before);
    }

    void sameSeedSameData()
    {
        sp::test::TestDatabase first, second, third;
        Connection a(first.owner()), b(second.owner()), other(third.owner());
        DemoData::load(a, smallDemo(42));
        DemoData::load(b, smallDemo(42));
        DemoData::load(other, smallDemo(43));
        QCOMPARE(fingerprint(a), fingerprint(b));
        QVERIFY(fingerprint(a) != fingerprint(other));
    }

    void cancelLeavesNothing()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        int calls = 0;
        DemoOptions options = smallDemo();
        options.skus = 600;
        try {
            DemoData::load(c, options, [&](int done, int total) {
                if (done > total)
                    qFatal("progress beyond the total");
                return ++calls < 3;
            });
            QFAIL("the load was not cancelled");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QString::fromLatin1(sqlstate::QueryCanceled));
        }
        QCOMPARE(calls, 3);
        QVERIFY(DemoData::isEmpty(c));
        QCOMPARE(c.exec("SELECT (SELECT count(*) FROM locations) + (SELECT count(*) FROM "
                        "stock_levels) + (SELECT count(*) FROM demand_history) + (SELECT count(*)"
                        " FROM stock_movements) + (SELECT count(*) FROM events)")
                     .toInt(0, 0),
                 0);
        // And the connection is fit for the real load afterwards.
        DemoData::load(c, smallDemo());
        QCOMPARE(c.exec("SELECT count(*) FROM products").toInt(0, 0), 50);
    }

    void demoUsersCanSignIn()
    {
        sp::test::TestDatabase db;
        {
            Connection c(db.owner());
            DemoData::createDemoUsers(c);
        }
        for (const char* name : {"clerk", "manager", "admin"}) {
            Connection staff(db.as(QString::fromLatin1(name), QString::fromLatin1(name)));
            QCOMPARE(staff.exec("SELECT staff_role()").text(0, 0), QString::fromLatin1(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
