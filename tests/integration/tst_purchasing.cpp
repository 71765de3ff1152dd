// Purchase orders with lines: received in parts and once per key, over-deliveries only when
// accepted, closed by managers with a reason. Against the real PostgreSQL through the service
// the desktop and stockpilot-admin use; bad input names the field and changes nothing.

#include "db/pgconnection.h"
#include "db/sqlstate.h"
#include "purchasing/purchaseorders.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <functional>

using namespace sp::db;
using sp::purchasing::PurchaseOrder;
using sp::purchasing::PurchaseOrders;
using sp::purchasing::ReceiveLine;

namespace {

// Everything receiving or closing may touch, as text.
QString snapshot(Connection& c)
{
    return c
        .exec("SELECT concat_ws(E'\\n--\\n',"
              " (SELECT string_agg(s::text, E'\\n' ORDER BY product_id, location_id)"
              "  FROM stock_levels s),"
              " (SELECT count(*) FROM stock_movements), (SELECT count(*) FROM events),"
              " (SELECT string_agg(o::text, E'\\n' ORDER BY id) FROM purchase_orders o),"
              " (SELECT string_agg(l::text, E'\\n' ORDER BY purchase_order_id, line_no)"
              "  FROM purchase_order_lines l),"
              " (SELECT count(*) FROM purchase_order_receipts))")
        .text(0, 0);
}

int figure(Connection& c, const char* column, const char* sku, const char* location = "ST1")
{
    return c
        .exec(QByteArray("SELECT s.") + column +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {QString::fromLatin1(sku), QString::fromLatin1(location)})
        .toInt(0, 0);
}

int auditRows(Connection& c)
{
    return c.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0);
}

// A purchase order from Nordtex to ST1 with these lines (SKU, quantity), as an approved
// proposal makes it.
qint64 createOrder(Connection& owner, const QList<std::pair<const char*, int>>& lines)
{
    QJsonArray list;
    for (const auto& [sku, quantity] : lines)
        list.append(QJsonObject{
            {QStringLiteral("product_id"),
             owner.exec("SELECT id FROM products WHERE sku = $1", {QString::fromLatin1(sku)})
                 .toInt(0, 0)},
            {QStringLiteral("quantity"), quantity}});
    return owner
        .exec("SELECT (sp_purchase_order_create('Nordtex', id, $1::jsonb, NULL)"
              " ->> 'purchase_order_id')::bigint FROM locations WHERE code = 'ST1'",
              {QString::fromUtf8(QJsonDocument(list).toJson())})
        .toLongLong(0, 0);
}

DbError expectError(const std::function<void()>& call)
{
    try {
        call();
    } catch (const DbError& e) {
        return e;
    }
    return DbError(QString(), QStringLiteral("no error was raised"));
}

} // namespace

class TestPurchasing : public QObject
{
    Q_OBJECT

private slots:
    void receivesInPartsThenInFull()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const qint64 po = createOrder(owner, {{"SKU000001", 10}, {"SKU000002", 6}});
        QCOMPARE(figure(owner, "incoming", "SKU000001"), 10);
        QCOMPARE(figure(owner, "incoming", "SKU000002"), 6);
        QCOMPARE(owner.exec("SELECT count(*) FROM events WHERE type = 'PurchaseOrderCreated'")
                     .toInt(0, 0),
                 1);

        Connection clerk(db.clerk());
        const PurchaseOrder listed = PurchaseOrders::list(clerk).first();
        QCOMPARE(listed.id, po);
        QCOMPARE(listed.supplier, QStringLiteral("Nordtex"));
        QCOMPARE(listed.location, QStringLiteral("ST1"));
        QCOMPARE(listed.status, QStringLiteral("open"));
        QCOMPARE(listed.lines.size(), 2);
        QCOMPARE(listed.lines[0].sku, QStringLiteral("SKU000001"));
        QCOMPARE(listed.total(), 10 * 15.0 + 6 * 15.0);

        // Four of the first line: they leave incoming and are on hand.
        sp::purchasing::ReceiveResult r =
            PurchaseOrders::receive(clerk, po, {{QStringLiteral("SKU000001"), 4}},
                                    QStringLiteral("first pallet"), QStringLiteral("dn-1"));
        QCOMPARE(r.status, QStringLiteral("partially_received"));
        QVERIFY(!r.replayed);
        QCOMPARE(figure(owner, "incoming", "SKU000001"), 6);
        QCOMPARE(figure(owner, "on_hand", "SKU000001"), 14);
        QCOMPARE(figure(owner, "incoming", "SKU000002"), 6);

        // The same delivery note again changes nothing.
        const QString before = snapshot(owner);
        r = PurchaseOrders::receive(clerk, po, {{QStringLiteral("SKU000001"), 4}}, {},
                                    QStringLiteral("dn-1"));
        QVERIFY(r.replayed);
        QCOMPARE(snapshot(owner), before);

        // The rest: every unit still expected.
        r = PurchaseOrders::receive(clerk, po, {});
        QCOMPARE(r.status, QStringLiteral("received"));
        QCOMPARE(figure(owner, "incoming", "SKU000001"), 0);
        QCOMPARE(figure(owner, "on_hand", "SKU000001"), 20);
        QCOMPARE(figure(owner, "on_hand", "SKU000002"), 16);
        const PurchaseOrder done = PurchaseOrders::get(clerk, po);
        QCOMPARE(done.status, QStringLiteral("received"));
        QVERIFY(done.receivedAt.isValid());
        QCOMPARE(done.lines[0].received, 10);
        QCOMPARE(done.lines[1].received, 6);
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM purchase_order_receipts WHERE "
                           "purchase_order_id = $1",
                           {po})
                     .toInt(0, 0),
                 2);
        QCOMPARE(owner.exec("SELECT count(*) FROM events WHERE type = 'PurchaseOrderReceived'")
                     .toInt(0, 0),
                 2);

        // A received order takes nothing more, and says when it was received.
        const DbError again = expectError([&] { PurchaseOrders::receive(clerk, po, {}); });
        QCOMPARE(again.sqlState(), QLatin1String(sp::db::sqlstate::PurchaseOrder));
        QVERIFY2(again.message().contains(QLatin1String("received in full")),
                 qPrintable(again.message()));
        QCOMPARE(auditRows(owner), 0);
    }

    void overDeliveryOnlyWhenAccepted()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const qint64 po = createOrder(owner, {{"SKU000001", 10}});
        Connection clerk(db.clerk());
        const QString before = snapshot(owner);
        const DbError tooMany = expectError([&] {
            PurchaseOrders::receive(clerk, po, {{QStringLiteral("SKU000001"), 12}});
        });
        QCOMPARE(tooMany.sqlState(), QLatin1String(sp::db::sqlstate::PurchaseOrder));
        QCOMPARE(tooMany.field(), QStringLiteral("quantity"));
        QVERIFY2(tooMany.message().contains(QLatin1String("expects 10 more")),
                 qPrintable(tooMany.message()));
        QCOMPARE(snapshot(owner), before);

        // Accepted: all twelve are on hand, ten leave incoming, two are recorded as over.
        const auto r = PurchaseOrders::receive(clerk, po, {{QStringLiteral("SKU000001"), 12}},
                                               QStringLiteral("two extra"), {}, true);
        QCOMPARE(r.status, QStringLiteral("received"));
        QCOMPARE(figure(owner, "on_hand", "SKU000001"), 22);
        QCOMPARE(figure(owner, "incoming", "SKU000001"), 0);
        QCOMPARE(PurchaseOrders::get(clerk, po).lines[0].over(), 2);
        QCOMPARE(owner.exec("SELECT (lines -> 0 ->> 'over')::int FROM purchase_order_receipts")
                     .toInt(0, 0),
                 2);
        QCOMPARE(auditRows(owner), 0);
    }

    void badDeliveriesChangeNothing()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const qint64 po = createOrder(owner, {{"SKU000001", 10}, {"SKU000002", 6}});
        Connection clerk(db.clerk());
        const QString before = snapshot(owner);
        // Each refusal must carry its SQLSTATE, the field and a message that names the value.
        QStringList problems;
        const auto refused = [&](const QByteArray& linesJson, const char* state, const char* field,
                                 const char* named) {
            const DbError e = expectError([&] {
                clerk.exec("SELECT purchase_order_receive($1, $2::jsonb)",
                           {po, QString::fromUtf8(linesJson)});
            });
            if (e.sqlState() != QLatin1String(state) || e.field() != QLatin1String(field) ||
                !e.message().contains(QLatin1String(named)))
                problems.append(QString::fromUtf8(linesJson) + QStringLiteral(": ") + e.sqlState() +
                                QLatin1Char(' ') + e.field() + QLatin1Char(' ') + e.message());
        };
        refused("[{\"sku\": \"SKU000004\", \"quantity\": 1}]", "SP013", "sku", "SKU000004");
        refused("[{\"sku\": \"NOPE\", \"quantity\": 1}]", "SP013", "sku", "NOPE");
        refused("[{\"sku\": \"SKU000001\", \"quantity\": 1},"
                " {\"sku\": \"SKU000001\", \"quantity\": 2}]",
                "SP009", "sku", "twice");
        for (const char* quantity : {"0", "-3", "2.5", "\"four\"", "null"})
            refused(QByteArray("[{\"sku\": \"SKU000002\", \"quantity\": ") + quantity + "}]",
                    "SP003", "quantity", "whole number");
        refused("{\"sku\": \"SKU000001\"}", "SP009", "lines", "list");
        refused("[]", "SP009", "lines", "at least one");
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const DbError unknown = expectError([&] { PurchaseOrders::receive(clerk, po + 99, {}); });
        QCOMPARE(unknown.sqlState(), QLatin1String(sp::db::sqlstate::PurchaseOrder));
        QCOMPARE(unknown.field(), QStringLiteral("purchase_order"));
        QCOMPARE(snapshot(owner), before);
    }

    void managersCloseWithAReason()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const qint64 po = createOrder(owner, {{"SKU000001", 10}, {"SKU000002", 6}});
        Connection clerk(db.clerk());
        PurchaseOrders::receive(clerk, po, {{QStringLiteral("SKU000001"), 7}});
        const QString before = snapshot(owner);

        // Clerks may not close; managers must say why.
        const DbError byClerk = expectError(
            [&] { PurchaseOrders::close(clerk, po, QStringLiteral("supplier out of stock")); });
        QCOMPARE(byClerk.sqlState(), QLatin1String("42501"));
        Connection manager(db.manager());
        const DbError noReason =
            expectError([&] { PurchaseOrders::close(manager, po, QStringLiteral("  ")); });
        QCOMPARE(noReason.sqlState(), QLatin1String(sp::db::sqlstate::ReasonRequired));
        QCOMPARE(snapshot(owner), before);

        // Closed: what was still expected (3 and 6) leaves incoming, each with a ledger row.
        PurchaseOrders::close(manager, po, QStringLiteral("supplier out of stock"));
        QCOMPARE(figure(owner, "incoming", "SKU000001"), 0);
        QCOMPARE(figure(owner, "incoming", "SKU000002"), 0);
        QCOMPARE(figure(owner, "on_hand", "SKU000001"), 17);
        QCOMPARE(owner
                     .exec("SELECT string_agg(d_incoming::text, ',' ORDER BY product_id)"
                           " FROM stock_movements WHERE reason = 'purchase_order_close'")
                     .text(0, 0),
                 QStringLiteral("-3,-6"));
        const PurchaseOrder closed = PurchaseOrders::get(clerk, po);
        QCOMPARE(closed.status, QStringLiteral("closed"));
        QCOMPARE(closed.closeReason, QStringLiteral("supplier out of stock"));
        QCOMPARE(closed.closedBy, db.manager().user);
        QCOMPARE(owner
                     .exec("SELECT payload -> 'short' -> 1 ->> 'units' FROM events"
                           " WHERE type = 'PurchaseOrderClosed'")
                     .text(0, 0),
                 QStringLiteral("6"));

        // Nothing more comes in, and it cannot be closed twice.
        const DbError late = expectError([&] { PurchaseOrders::receive(clerk, po, {}); });
        QVERIFY2(late.message().contains(QLatin1String("closed")), qPrintable(late.message()));
        const DbError twice =
            expectError([&] { PurchaseOrders::close(manager, po, QStringLiteral("again")); });
        QCOMPARE(twice.sqlState(), QLatin1String(sp::db::sqlstate::PurchaseOrder));
        QCOMPARE(auditRows(owner), 0);
    }
};

QTEST_GUILESS_MAIN(TestPurchasing)
#include "tst_purchasing.moc"
