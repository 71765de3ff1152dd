// The rules: demand profiles in, the expected suggestion, quantity and reason numbers out.
// Restock, redistribution and markdown are each data-driven; refresh-in-place, supersede and
// the ledger audit have their own cases.

#include "agentfixture.h"
#include "approvals/reasontemplates.h"
#include "catalog/demodata.h"

#include <QJsonArray>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;

namespace {

struct Pending
{
    qint64 id = 0;
    int quantity = 0;
    QString source;
    QString reason;
    QJsonObject numbers;
    QJsonObject proposal;
    int priority = 0;
    QJsonObject reasonTemplate;
};

QList<Pending> pendingOf(Connection& c, const char* kind)
{
    const Result r = c.exec("SELECT id, coalesce(quantity, 0), coalesce(source, ''), reason, "
                            "numbers, proposal, priority, "
                            "(SELECT reason_template FROM suggestions x WHERE x.id = i.id) "
                            "FROM suggestion_inbox i "
                            "WHERE kind = $1 AND status = 'pending' ORDER BY sku, location, id",
                            {kind});
    QList<Pending> list;
    for (int i = 0; i < r.rows(); ++i) {
        list.append({r.toLongLong(i, 0), r.toInt(i, 1), r.text(i, 2), r.text(i, 3),
                     QJsonDocument::fromJson(r.bytes(i, 4)).object(),
                     QJsonDocument::fromJson(r.bytes(i, 5)).object(), r.toInt(i, 6),
                     QJsonDocument::fromJson(r.bytes(i, 7)).object()});
    }
    return list;
}

// The keys of a reason template and of the templates among its arguments.
void collectKeys(const QJsonValue& v, QSet<QString>& keys)
{
    if (v.isArray()) {
        for (const QJsonValue& item : v.toArray())
            collectKeys(item, keys);
    } else if (v.isObject()) {
        keys.insert(v.toObject().value(QLatin1String("key")).toString());
        for (const QJsonValue& arg : v.toObject().value(QLatin1String("args")).toObject())
            collectKeys(arg, keys);
    }
}

// The rule wrote its reason as a template whose English words are the stored text.
void checkTemplate(const Pending& s, const char* key)
{
    using sp::approvals::ReasonTemplates;
    QCOMPARE(s.reasonTemplate.value(QLatin1String("key")).toString(), QLatin1String(key));
    QCOMPARE(ReasonTemplates::english(s.reasonTemplate), s.reason);
}

} // namespace

class TestAgentRules : public QObject
{
    Q_OBJECT

private slots:
    void restock_data()
    {
        QTest::addColumn<QString>("sku");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QByteArray>("demand");
        QTest::addColumn<QByteArray>("setup");
        QTest::addColumn<int>("quantity"); // 0: no suggestion
        QTest::addColumn<int>("reorderPoint");
        QTest::addColumn<int>("safetyStock");
        QTest::addColumn<int>("priority");
        QTest::addColumn<QString>("reason");

        // SKU000001: lead time 10 days, pack 6, supplier Nordtex. ST1 holds 10.
        // 6/day: reorder point 60, max 60 + 7 x 6 = 102, need 92 -> 96 (16 packs).
        QTest::newRow("steady seller at a store")
            << "SKU000001"
            << "ST1" << constantDemand(6) << QByteArray() << 96 << 60 << 0 << 3
            << "Store Mitte sells 6.0/day; 10 available + 0 incoming is 1.7 days of cover, below "
               "the reorder point of 60 (10-day lead time, safety stock 0). Order 96 (16 packs "
               "of 6) from Nordtex to reach 102.";
        // 4/8 alternating: sd 2 -> safety stock ceil(1.65 x 2 x sqrt(10)) = 11, reorder point
        // 71, max 113, need 103 -> 108 (18 packs).
        QTest::newRow("variable demand adds safety stock")
            << "SKU000001"
            << "ST1" << alternatingDemand(4, 8) << QByteArray() << 108 << 71 << 11 << 3
            << "Store Mitte sells 6.0/day; 10 available + 0 incoming is 1.7 days of cover, below "
               "the reorder point of 71 (10-day lead time, safety stock 11). Order 108 (18 packs "
               "of 6) from Nordtex to reach 113.";
        // SKU000004: lead 14, pack 12, Capworks. WH1 holds 100; 10/day: reorder point 140,
        // max 210, need 110 -> 120 (10 packs); 10 days of cover < 14-day lead time: high.
        QTest::newRow("warehouse, pack of 12")
            << "SKU000004"
            << "WH1" << constantDemand(10) << QByteArray() << 120 << 140 << 0 << 3
            << "Warehouse North sells 10.0/day; 100 available + 0 incoming is 10.0 days of "
               "cover, below the reorder point of 140 (14-day lead time, safety stock 0). Order "
               "120 (10 packs of 12) from Capworks to reach 210.";
        // 5/9 alternating at WH1: avg 7, sd 2, safety stock ceil(1.65 x 2 x sqrt(14)) = 13,
        // reorder point 111, max 160, need 60 (5 packs); 14.3 days of cover >= 14-day lead
        // time: normal priority (no notification).
        QTest::newRow("normal priority")
            << "SKU000004"
            << "WH1" << alternatingDemand(5, 9) << QByteArray() << 60 << 111 << 13 << 2
            << "Warehouse North sells 7.0/day; 100 available + 0 incoming is 14.3 days of cover, "
               "below the reorder point of 111 (14-day lead time, safety stock 13). Order 60 (5 "
               "packs of 12) from Capworks to reach 160.";
        // 7/day at WH1 (lead 14): reorder point 98, 100 available: nothing to do.
        QTest::newRow("above the reorder point")
            << "SKU000004"
            << "WH1" << constantDemand(7) << QByteArray() << 0 << 98 << 0 << 0 << QString();
        // Incoming stock counts: 55 in transit to ST1 makes 65 >= 60.
        QTest::newRow("incoming covers it")
            << "SKU000001"
            << "ST1" << constantDemand(6)
            << QByteArray("SELECT stock_transfer('SKU000001', 'WH1', 'ST1', 55)") << 0 << 60 << 0
            << 0 << QString();
        // Incoming 40: 50 < 60, max 102 - 50 = 52 -> 54 (9 packs); 8.3 days < 10: high.
        QTest::newRow("incoming counts but not enough")
            << "SKU000001"
            << "ST1" << constantDemand(6)
            << QByteArray("SELECT stock_transfer('SKU000001', 'WH1', 'ST1', 40)") << 54 << 60 << 0
            << 3
            << "Store Mitte sells 6.0/day; 10 available + 40 incoming is 8.3 days of cover, "
               "below the reorder point of 60 (10-day lead time, safety stock 0). Order 54 (9 "
               "packs of 6) from Nordtex to reach 102.";
    }

    void restock()
    {
        QFETCH(QString, sku);
        QFETCH(QString, location);
        QFETCH(QByteArray, demand);
        QFETCH(QByteArray, setup);
        QFETCH(int, quantity);
        QFETCH(int, reorderPoint);
        QFETCH(int, safetyStock);
        QFETCH(int, priority);
        QFETCH(QString, reason);

        TestDatabase db;
        Connection c(db.owner());
        loadTinyCatalog(c);
        setDemand(c, sku, location, demand);
        if (!setup.isEmpty())
            c.execScript(setup);
        const QJsonObject stats = callJson(c, "SELECT agent_demand_statistics()");
        QCOMPARE(stats.value(QLatin1String("statistics")).toInt(), 1);
        QCOMPARE(c.exec("SELECT reorder_point FROM stock_levels s JOIN products p ON p.id = "
                        "s.product_id JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 "
                        "AND l.code = $2",
                        {sku, location})
                     .toInt(0, 0),
                 reorderPoint);

        const QJsonObject counts = callJson(c, "SELECT agent_stock_check()");
        const QList<Pending> pending = pendingOf(c, "purchase");
        if (quantity == 0) {
            QVERIFY(pending.isEmpty());
            QCOMPARE(counts.value(QLatin1String("created")).toInt(), 0);
            return;
        }
        // One purchase from the SKU's supplier for the location, with the restock as its line.
        QCOMPARE(pending.size(), 1);
        QCOMPARE(counts.value(QLatin1String("created")).toInt(), 1);
        const Pending& s = pending.first();
        QCOMPARE(s.quantity, quantity);
        QCOMPARE(s.priority, priority);
        const QJsonArray lines = s.proposal.value(QLatin1String("lines")).toArray();
        QCOMPARE(lines.size(), 1);
        const QJsonObject line = lines.first().toObject();
        QCOMPARE(line.value(QLatin1String("sku")).toString(), sku);
        QCOMPARE(line.value(QLatin1String("quantity")).toInt(), quantity);
        QCOMPARE(line.value(QLatin1String("reason")).toString(), reason);
        checkTemplate(
            {0, 0, {}, reason, {}, {}, 0, line.value(QLatin1String("reason_template")).toObject()},
            "agent.restock");
        const QJsonObject numbers =
            s.numbers.value(QLatin1String("line_numbers")).toArray().first().toObject();
        QCOMPARE(numbers.value(QLatin1String("reorder_point")).toInt(), reorderPoint);
        QCOMPARE(numbers.value(QLatin1String("safety_stock")).toInt(), safetyStock);
        // The purchase's own reason sums its lines up.
        checkTemplate(s, "agent.purchase");
        QVERIFY2(
            s.reason.startsWith(QStringLiteral("Order %1 units in 1 line(s) from ").arg(quantity)),
            qPrintable(s.reason));
        QCOMPARE(s.reason.contains(QLatin1String("run out before a delivery")), priority == 3);
        // The event and the notification were written with it.
        QCOMPARE(scalar(c,
                        "SELECT count(*) FROM events WHERE type = 'InventoryActionSuggested' "
                        "AND (payload->>'suggestion_id')::bigint = $1",
                        {s.id}),
                 1);
        // Only urgent ones notify staff.
        QCOMPARE(scalar(c, "SELECT count(*) FROM notifications WHERE suggestion_id = $1", {s.id}),
                 priority == 3 ? 1 : 0);
    }

    void redistribution_data()
    {
        QTest::addColumn<QByteArray>("setup"); // after the ST1 6/day profile of SKU000001
        QTest::addColumn<int>("quantity");     // 0: no transfer
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("reason");

        // WH1 has 100 and no sales: nearest source (11.2 km); need 92.
        QTest::newRow("nearest warehouse with no sales")
            << QByteArray() << 92 << "WH1"
            << "Store Mitte sells 6.0/day, 1.7 days of cover left; Warehouse North has no "
               "recent sales (100 available, 11.2 km away). Transfer 92, keeping Warehouse "
               "North at or above its reorder point of 0.";
        // WH1 sells 3/day: 100 units = 4.8 weeks, not more than 8: WH2 (farther) is used.
        QTest::newRow("nearer source lacks cover")
            << QByteArray("SELECT stock_receive('SKU000001', 'WH2', 200);") +
                   "INSERT INTO demand_history SELECT p.id, l.id, current_date - 365, "
                   "array_fill(3, ARRAY[365]) FROM products p, locations l "
                   "WHERE p.sku = 'SKU000001' AND l.code = 'WH1'"
            << 92 << "WH2"
            << "Store Mitte sells 6.0/day, 1.7 days of cover left; Warehouse South has no "
               "recent sales (200 available, 20.1 km away). Transfer 92, keeping Warehouse "
               "South at or above its reorder point of 0.";
        // WH1 down to 50 and selling 0.5/day (1/0 alternating): its reorder point is
        // ceil(5 + ceil(1.65 x 0.5 x sqrt(10))) = 8, 14.3 weeks of cover; surplus 42.
        QTest::newRow("source keeps its reorder point")
            << QByteArray("SELECT stock_adjust('SKU000001', 'WH1', 50, 'count');") +
                   "INSERT INTO demand_history SELECT p.id, l.id, current_date - 365, " +
                   alternatingDemand(0, 1) +
                   " FROM products p, locations l WHERE p.sku = 'SKU000001' AND l.code = 'WH1'"
            << 42 << "WH1"
            << "Store Mitte sells 6.0/day, 1.7 days of cover left; Warehouse North has 14.3 "
               "weeks of cover (50 available, 11.2 km away). Transfer 42, keeping Warehouse "
               "North at or above its reorder point of 8.";
        // Nobody has spare stock: no transfer (the restock rule handles it).
        QTest::newRow("no source")
            << QByteArray("SELECT stock_adjust('SKU000001', 'WH1', 0, 'count')") << 0 << QString()
            << QString();
    }

    void redistribution()
    {
        QFETCH(QByteArray, setup);
        QFETCH(int, quantity);
        QFETCH(QString, source);
        QFETCH(QString, reason);

        TestDatabase db;
        Connection c(db.owner());
        loadTinyCatalog(c);
        setDemand(c, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        if (!setup.isEmpty())
            c.execScript(setup);
        callJson(c, "SELECT agent_demand_statistics()");
        callJson(c, "SELECT agent_stock_check()");
        QCOMPARE(pendingOf(c, "purchase").size(), 1);
        const QJsonObject counts = callJson(c, "SELECT agent_redistribution()");
        const QList<Pending> transfers = pendingOf(c, "transfer");
        if (quantity == 0) {
            QVERIFY(transfers.isEmpty());
            QCOMPARE(pendingOf(c, "purchase").size(), 1); // the purchase stays
            return;
        }
        QCOMPARE(transfers.size(), 1);
        QCOMPARE(transfers.first().quantity, quantity);
        QCOMPARE(transfers.first().source, source);
        QCOMPARE(transfers.first().reason, reason);
        checkTemplate(transfers.first(), "agent.transfer");
        // The transfer replaces the purchase's line for the same store (its only line).
        QCOMPARE(counts.value(QLatin1String("superseded")).toInt(), 1);
        QVERIFY(pendingOf(c, "purchase").isEmpty());
        // And the next stock check leaves the store to the pending transfer.
        callJson(c, "SELECT agent_stock_check()");
        QVERIFY(pendingOf(c, "purchase").isEmpty());
    }

    void markdown_data()
    {
        QTest::addColumn<QByteArray>("setup");
        QTest::addColumn<int>("discount"); // 0: none
        QTest::addColumn<QString>("newPrice");
        QTest::addColumn<QString>("reason");

        // SKU000003 (49.90, cost 19.00): no sales anywhere, 110 units: top tier 30 %.
        QTest::newRow("no sales, top tier")
            << QByteArray("SELECT 1") << 30 << "34.93"
            << "SKU000003: 110 units in stock, no recent sales; 0.0% sold in 28 days. Mark down "
               "30% (49.90 -> 34.93).";
        // Cost 44.00: floor 48.40 allows at most 2 % (< 5 %): no markdown.
        QTest::newRow("margin floor leaves nothing")
            << QByteArray("UPDATE products SET cost = 44 WHERE sku = 'SKU000003'") << 0 << QString()
            << QString();
        // Cost 40.00: floor 44.00 allows floor((1 - 44/49.9) x 100) = 11 %: 30 % capped to 11.
        QTest::newRow("margin floor caps the tier")
            << QByteArray("UPDATE products SET cost = 40 WHERE sku = 'SKU000003'") << 11 << "44.42"
            << "SKU000003: 110 units in stock, no recent sales; 0.0% sold in 28 days. Mark down "
               "11% (49.90 -> 44.42), limited from 30% by the 10% margin floor over cost "
               "40.00.";
        // 0.5/day at ST1 over 110 units: 31.4 weeks (> 26, < 39): 10 %; 14 sold in 28 days
        // = 11.3 % sell-through.
        QTest::newRow("slow seller, first tier")
            << QByteArray("UPDATE demand_history SET daily_units = ") + alternatingDemand(0, 1) +
                   " WHERE location_id = (SELECT id FROM locations WHERE code = 'ST1')"
            << 10 << "44.91"
            << "SKU000003: 110 units in stock, 31.4 weeks of cover; 11.3% sold in 28 days. Mark "
               "down 10% (49.90 -> 44.91).";
        // 3/day: 5.2 weeks of cover: no markdown.
        QTest::newRow("selling well")
            << QByteArray("UPDATE demand_history SET daily_units = array_fill(3, ARRAY[365]) "
                          "WHERE location_id = (SELECT id FROM locations WHERE code = 'ST1')")
            << 0 << QString() << QString();
    }

    void markdown()
    {
        QFETCH(QByteArray, setup);
        QFETCH(int, discount);
        QFETCH(QString, newPrice);
        QFETCH(QString, reason);

        TestDatabase db;
        Connection c(db.owner());
        loadTinyCatalog(c);
        setDemand(c, QStringLiteral("SKU000003"), QStringLiteral("WH1"), constantDemand(0));
        setDemand(c, QStringLiteral("SKU000003"), QStringLiteral("ST1"), constantDemand(0));
        c.execScript(setup);
        callJson(c, "SELECT agent_demand_statistics()");
        callJson(c, "SELECT agent_price_analysis()");
        const QList<Pending> markdowns = pendingOf(c, "markdown");
        if (discount == 0) {
            QVERIFY(markdowns.isEmpty());
            return;
        }
        // Products without any demand history get no markdown: "no data" is not "no sales".
        QCOMPARE(markdowns.size(), 1);
        const Pending& m = markdowns.first();
        QCOMPARE(m.proposal.value(QLatin1String("discount_pct")).toInt(), discount);
        QCOMPARE(QString::number(m.proposal.value(QLatin1String("new_price")).toDouble(), 'f', 2),
                 newPrice);
        QCOMPARE(m.reason, reason);
        checkTemplate(m, "agent.markdown");
        // Never below the margin floor.
        QVERIFY(c.exec("SELECT $1::numeric >= cost * 1.10 FROM products WHERE sku = 'SKU000003'",
                       {newPrice})
                    .toBool(0, 0));
        QCOMPARE(scalar(c, "SELECT count(*) FROM events WHERE type = 'PriceAdjustmentSuggested'"),
                 1);
    }

    void refreshedInPlaceThenSuperseded()
    {
        TestDatabase db;
        Connection c(db.owner());
        loadWithPendingRestock(c);
        const qint64 id = pendingOf(c, "purchase").first().id;

        // Nothing changed: nothing rewritten, no new event.
        QJsonObject again = callJson(c, "SELECT agent_stock_check()");
        QCOMPARE(again.value(QLatin1String("refreshed")).toInt(), 0);
        QCOMPARE(again.value(QLatin1String("events")).toInt(), 0);
        // It is still a candidate, counted as the unchanged one it is.
        QCOMPARE(again.value(QLatin1String("candidates")).toInt(), 1);
        QCOMPARE(again.value(QLatin1String("unchanged")).toInt(), 1);
        QCOMPARE(again.value(QLatin1String("superseded")).toInt(), 0);

        // Five sold: same suggestion, new numbers (need 97 with 5 available -> 102).
        c.exec("SELECT stock_adjust('SKU000001', 'ST1', 5, 'sold')");
        again = callJson(c, "SELECT agent_stock_check()");
        QCOMPARE(again.value(QLatin1String("refreshed")).toInt(), 1);
        QCOMPARE(again.value(QLatin1String("unchanged")).toInt(), 0);
        QList<Pending> pending = pendingOf(c, "purchase");
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().id, id);
        QCOMPARE(pending.first().quantity, 102);
        QCOMPARE(pending.first()
                     .numbers.value(QLatin1String("line_numbers"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("available"))
                     .toInt(),
                 5);

        // A delivery lifts the store above its reorder point: superseded, with an event.
        c.exec("SELECT stock_receive('SKU000001', 'ST1', 100)");
        again = callJson(c, "SELECT agent_stock_check()");
        QCOMPARE(again.value(QLatin1String("superseded")).toInt(), 1);
        QVERIFY(pendingOf(c, "purchase").isEmpty());
        QCOMPARE(c.exec("SELECT status FROM suggestions WHERE id = $1", {id}).text(0, 0),
                 QStringLiteral("superseded"));
        QCOMPARE(scalar(c,
                        "SELECT count(*) FROM events WHERE type = 'SuggestionSuperseded' AND "
                        "(payload->>'suggestion_id')::bigint = $1",
                        {id}),
                 1);
    }

    // A person's request stands beside the agent's own suggestion for the same (kind, SKU,
    // location): the rules neither refresh nor supersede it, whatever the stock does.
    void staffSuggestionLeftAloneByRules()
    {
        TestDatabase db;
        Connection c(db.owner());
        loadTinyCatalog(c);
        setDemand(c, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        callJson(c, "SELECT agent_demand_statistics()");
        const QByteArray staffRow =
            "INSERT INTO suggestions (kind, product_id, location_id, quantity, proposal, numbers, "
            "reason, origin, requested_by, request) "
            "SELECT 'restock', p.id, l.id, 7, '{\"quantity\": 7}', '{}', 'Asked for 7.', "
            "'staff', 'clerk', '{\"text\": \"restock 7\"}' "
            "FROM products p, locations l WHERE p.sku = 'SKU000001' AND l.code = 'ST1' "
            "RETURNING id";
        const qint64 staffId = c.exec(staffRow).toLongLong(0, 0);

        callJson(c, "SELECT agent_stock_check()");
        QCOMPARE(scalar(c, "SELECT count(*) FROM suggestions WHERE kind = 'purchase' "
                           "AND status = 'pending' AND origin = 'agent'"),
                 1);

        // Stock rises above the reorder point: the agent's suggestion goes, the request stays.
        c.exec("SELECT stock_receive('SKU000001', 'ST1', 500)");
        callJson(c, "SELECT agent_stock_check()");
        callJson(c, "SELECT agent_redistribution()");
        const auto staff =
            c.exec("SELECT status, quantity, reason FROM suggestions WHERE id = $1", {staffId});
        QCOMPARE(staff.text(0, 0), QStringLiteral("pending"));
        QCOMPARE(staff.toInt(0, 1), 7);
        QCOMPARE(staff.text(0, 2), QStringLiteral("Asked for 7."));
        QCOMPARE(scalar(c, "SELECT count(*) FROM suggestions WHERE origin = 'agent' "
                           "AND status = 'pending'"),
                 0);

        // A staff suggestion must say who asked and what.
        QVERIFY_THROWS_EXCEPTION(
            sp::db::DbError,
            c.exec("INSERT INTO suggestions (kind, product_id, proposal, numbers, reason, origin) "
                   "SELECT 'restock', id, '{}', '{}', 'x', 'staff' FROM products LIMIT 1"));
    }

    // The references of suggestions are checked per statement (migration 010), still as
    // strictly as a foreign key: a missing product or location refuses the whole statement,
    // and a product or location a suggestion names cannot be deleted.
    void referencesCheckedPerStatement_data()
    {
        QTest::addColumn<QByteArray>("sql");
        const QByteArray insert = "INSERT INTO suggestions (kind, product_id, location_id, "
                                  "source_location_id, quantity, proposal, numbers, reason) ";
        QTest::newRow("unknown product, among known ones")
            << insert +
                   "SELECT 'restock', p, (SELECT id FROM locations WHERE code = 'ST1'), NULL, 1, "
                   "'{}', '{}', 'x' FROM unnest(ARRAY[(SELECT max(id) FROM products), "
                   "999999]) p";
        QTest::newRow("unknown location")
            << insert + "SELECT 'restock', min(id), 99, NULL, 1, '{}', '{}', 'x' FROM products";
        QTest::newRow("unknown source location")
            << insert + "SELECT 'transfer', min(id), (SELECT id FROM locations WHERE code = "
                        "'ST1'), 98, 1, '{}', '{}', 'x' FROM products";
        QTest::newRow("update to an unknown product") << QByteArray(
            "UPDATE suggestions SET product_id = 999999 WHERE product_id IS NOT NULL");
        QTest::newRow("update to an unknown source")
            << QByteArray("UPDATE suggestions SET source_location_id = 97");
    }

    void referencesCheckedPerStatement()
    {
        QFETCH(QByteArray, sql);
        TestDatabase db;
        Connection c(db.owner());
        loadWithPendingRestock(c);
        // The agent's purchase names no product; a person's restock does.
        c.exec("INSERT INTO suggestions (kind, product_id, location_id, quantity, proposal, "
               "numbers, reason, origin, requested_by, request) SELECT 'restock', p.id, l.id, 7, "
               "'{\"quantity\": 7}', '{}', 'Asked for 7.', 'staff', 'clerk', '{}' "
               "FROM products p, locations l WHERE p.sku = 'SKU000001' AND l.code = 'ST1'");
        const QByteArray before =
            c.exec("SELECT string_agg(row(s.*)::text, ';' ORDER BY id) FROM suggestions s")
                .bytes(0, 0);
        QVERIFY(!before.isEmpty());
        try {
            c.exec(sql);
            QFAIL("a suggestion naming a missing row was written");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("23503"));
        }
        QCOMPARE(c.exec("SELECT string_agg(row(s.*)::text, ';' ORDER BY id) FROM suggestions s")
                     .bytes(0, 0),
                 before);

        // The product and the location a suggestion names stay.
        for (const char* remove : {"DELETE FROM products WHERE sku = 'SKU000001'",
                                   "DELETE FROM locations WHERE code = 'ST1'"}) {
            try {
                c.exec(remove);
                QFAIL(remove);
            } catch (const DbError& e) {
                // Refused before the stock and ledger rows that also name it are looked at.
                QCOMPARE(e.sqlState(), QStringLiteral("23503"));
                QVERIFY2(e.message().contains(QLatin1String("suggestions name it")),
                         qPrintable(e.message()));
            }
        }
    }

    void ledgerAuditFindingNeedsAnAdmin()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        QCOMPARE(
            callJson(owner, "SELECT agent_ledger_audit()").value(QLatin1String("findings")).toInt(),
            0);
        // Someone bypassed the stock functions.
        owner.exec("UPDATE stock_levels SET on_hand = on_hand - 3 WHERE product_id = "
                   "(SELECT id FROM products WHERE sku = 'SKU000002') AND location_id = "
                   "(SELECT id FROM locations WHERE code = 'WH1')");
        callJson(owner, "SELECT agent_ledger_audit()");
        const QList<Pending> findings = pendingOf(owner, "audit");
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().reason.contains(QLatin1String("on_hand: level 97, ledger 100")),
                 qPrintable(findings.first().reason));
        checkTemplate(findings.first(), "agent.audit");
        // Nothing was fixed silently.
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'HumanReviewRequired'"),
                 1);

        Connection manager(db.manager());
        try {
            manager.exec("SELECT suggestion_approve($1)", {findings.first().id});
            QFAIL("a manager approved an audit finding");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("42501"));
        }
        Connection admin(db.admin());
        admin.exec("SELECT suggestion_approve($1)", {findings.first().id});
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 0);
        QCOMPARE(owner.exec("SELECT status FROM suggestions WHERE id = $1", {findings.first().id})
                     .text(0, 0),
                 QStringLiteral("executed"));
        // The next audit finds nothing and leaves the decided finding alone.
        QCOMPARE(
            callJson(owner, "SELECT agent_ledger_audit()").value(QLatin1String("findings")).toInt(),
            0);
    }

    // Every rule over the demo catalogue: each reason it writes has a template whose every key
    // this build knows, its English words are the stored text, and no placeholder is left over.
    void everyReasonOfAFullRunHasItsTemplate()
    {
        TestDatabase db;
        Connection c(db.owner());
        sp::catalog::DemoOptions options;
        options.skus = 200;
        sp::catalog::DemoData::load(c, options);
        // A ledger difference for the audit.
        c.exec("UPDATE stock_levels SET on_hand = on_hand + 2 WHERE product_id = "
               "(SELECT id FROM products WHERE sku = 'SKU000003') AND location_id = "
               "(SELECT id FROM locations WHERE code = 'ST2')");
        for (const char* rule : {"SELECT agent_demand_statistics()", "SELECT agent_stock_check()",
                                 "SELECT agent_redistribution()", "SELECT agent_price_analysis()",
                                 "SELECT agent_ledger_audit()"})
            callJson(c, rule);

        const Result r = c.exec("SELECT kind, reason, reason_template FROM suggestions");
        QSet<QString> kinds, keys;
        for (int i = 0; i < r.rows(); ++i) {
            kinds.insert(r.text(i, 0));
            QVERIFY2(!r.isNull(i, 2), qPrintable(r.text(i, 1)));
            const QJsonObject t = QJsonDocument::fromJson(r.bytes(i, 2)).object();
            collectKeys(t, keys);
            const QString english = sp::approvals::ReasonTemplates::english(t);
            QCOMPARE(english, r.text(i, 1));
            QVERIFY2(!english.contains(QLatin1Char('{')), qPrintable(english));
            const QString shown = sp::approvals::ReasonTemplates::translated(t);
            QVERIFY2(!shown.isEmpty() && !shown.contains(QLatin1Char('{')), qPrintable(shown));
        }
        QCOMPARE(kinds, (QSet<QString>{QStringLiteral("purchase"), QStringLiteral("transfer"),
                                       QStringLiteral("markdown"), QStringLiteral("audit")}));
        for (const QString& key : keys)
            QVERIFY2(sp::approvals::ReasonTemplates::isKnown(key), qPrintable(key));
    }
};

QTEST_GUILESS_MAIN(TestAgentRules)
#include "tst_agentrules.moc"
