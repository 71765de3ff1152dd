// After checkout: orders ship (in part, in full, once per key) and cancel; every shipped unit and
// every counter sale becomes demand on its day where it left; a refused hold is unmet demand.
// Against the real PostgreSQL through the services the desktop and stockpilot-admin use; bad
// input is refused with its own SQLSTATE naming the field, and changes nothing.

#include "catalog/csvimport.h"
#include "db/pgconnection.h"
#include "db/sqlstate.h"
#include "orders/ordersservice.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace sp::db;
using sp::orders::OrdersService;
using sp::orders::ShipLine;

namespace {

const QString TokenHash = QString(64, QLatin1Char('b'));

QJsonObject json(const Result& r)
{
    return QJsonDocument::fromJson(r.bytes(0, 0)).object();
}

// Everything shipping, cancelling or recording a sale may touch, as text.
QString snapshot(Connection& c)
{
    return c
        .exec("SELECT concat_ws(E'\\n--\\n',"
              " (SELECT string_agg(s::text, E'\\n' ORDER BY product_id, location_id)"
              "  FROM stock_levels s),"
              " (SELECT count(*) FROM stock_movements), (SELECT count(*) FROM events),"
              " (SELECT string_agg(o::text, E'\\n' ORDER BY id) FROM orders o),"
              " (SELECT string_agg(l::text, E'\\n' ORDER BY order_id, line_no) FROM order_lines l),"
              " (SELECT string_agg(h::text, E'\\n' ORDER BY product_id, location_id)"
              "  FROM demand_history h),"
              " (SELECT count(*) FROM sales_batches))")
        .text(0, 0);
}

int figure(Connection& c, const char* column, const char* sku, const char* location)
{
    return c
        .exec(QByteArray("SELECT s.") + column +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {QString::fromLatin1(sku), QString::fromLatin1(location)})
        .toInt(0, 0);
}

// The units of demand recorded for a level on a day (0 when none).
int demandOn(Connection& c, const char* sku, const char* location, const QString& day)
{
    return c
        .exec("SELECT coalesce((SELECT h.daily_units[$3::date - h.first_day + 1]"
              " FROM demand_history h JOIN products p ON p.id = h.product_id"
              " JOIN locations l ON l.id = h.location_id WHERE p.sku = $1 AND l.code = $2), 0)",
              {QString::fromLatin1(sku), QString::fromLatin1(location), day})
        .toInt(0, 0);
}

int auditRows(Connection& c)
{
    return c.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0);
}

// A cart with these lines (SKU, quantity, held at), checked out as a customer near ST1.
QString placeOrder(Connection& owner, const QList<std::tuple<const char*, int, const char*>>& lines)
{
    const QString cart = json(owner.exec("SELECT api_cart_create($1)", {TokenHash}))
                             .value(QLatin1String("body"))
                             .toObject()
                             .value(QLatin1String("cart_id"))
                             .toString();
    for (const auto& [sku, quantity, location] : lines)
        owner.exec(
            "SELECT api_cart_set_item($1, $2, $3, $4, $5, 300, 1000, 50)",
            {cart, TokenHash, QString::fromLatin1(sku), quantity, QString::fromLatin1(location)});
    const QJsonObject r = json(owner.exec(
        "SELECT api_cart_checkout($1, $2, NULL, 'fp', 52.52, 13.40)", {cart, TokenHash}));
    if (r.value(QLatin1String("status")).toInt() != 201)
        qFatal("checkout failed: %s", QJsonDocument(r).toJson().constData());
    return r.value(QLatin1String("body")).toObject().value(QLatin1String("order_id")).toString();
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

QString today(Connection& c)
{
    return c.exec("SELECT current_date::text").text(0, 0);
}

QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestOrderLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void shipsInPartsThenInFull()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const QString order = placeOrder(owner, {{"SKU000001", 4, "ST1"}, {"SKU000002", 2, "ST1"}});
        Connection clerk(db.clerk());
        const sp::orders::Order placed = OrdersService::recentOrders(clerk).first();
        QCOMPARE(placed.status, QStringLiteral("placed"));
        QCOMPARE(placed.lines.size(), 2);
        QCOMPARE(placed.lines[0].location, QStringLiteral("ST1"));
        QCOMPARE(figure(owner, "committed", "SKU000001", "ST1"), 4);
        const int demandBefore = demandOn(owner, "SKU000001", "ST1", today(owner));

        // Three of line 1: they leave ST1's shelf and its committed units, and are demand.
        sp::orders::ShipResult r =
            OrdersService::ship(clerk, order, {{1, 3}}, QStringLiteral("s1"));
        QCOMPARE(r.status, QStringLiteral("partially_shipped"));
        QVERIFY(!r.replayed);
        QCOMPARE(figure(owner, "on_hand", "SKU000001", "ST1"), 7);
        QCOMPARE(figure(owner, "committed", "SKU000001", "ST1"), 1);
        QCOMPARE(demandOn(owner, "SKU000001", "ST1", today(owner)), demandBefore + 3);
        QCOMPARE(owner.exec("SELECT count(*) FROM events WHERE type = 'OrderShipped'").toInt(0, 0),
                 1);

        // The same key again: the first shipment's answer, nothing moves.
        const QString before = snapshot(owner);
        r = OrdersService::ship(clerk, order, {{1, 3}}, QStringLiteral("s1"));
        QVERIFY(r.replayed);
        QCOMPARE(snapshot(owner), before);

        // The pick list at ST1: what is left of both lines.
        const QList<sp::orders::PickLine> pick =
            OrdersService::pickList(clerk, QStringLiteral("ST1"));
        QCOMPARE(pick.size(), 2);
        QCOMPARE(pick[0].quantity, 1);
        QCOMPARE(pick[1].sku, QStringLiteral("SKU000002"));
        QCOMPARE(pick[1].quantity, 2);

        // Everything left: the order has shipped.
        r = OrdersService::ship(clerk, order, {});
        QCOMPARE(r.status, QStringLiteral("shipped"));
        QCOMPARE(figure(owner, "committed", "SKU000001", "ST1"), 0);
        QCOMPARE(figure(owner, "on_hand", "SKU000002", "ST1"), 8);
        QVERIFY(OrdersService::pickList(clerk, QStringLiteral("ST1")).isEmpty());
        const DbError again = expectError([&] { OrdersService::ship(clerk, order, {}); });
        QCOMPARE(again.sqlState(), QLatin1String(sp::db::sqlstate::OrderClosed));
        QVERIFY2(again.message().contains(QLatin1String("shipped in full")),
                 qPrintable(again.message()));
        QCOMPARE(auditRows(owner), 0);
    }

    void badShipmentsChangeNothing()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const QString order = placeOrder(owner, {{"SKU000001", 4, "ST1"}});
        Connection clerk(db.clerk());
        const QString before = snapshot(owner);
        struct Case
        {
            QString order;
            QList<ShipLine> lines;
            const char* state;
            const char* field;
            const char* words;
        };
        const QList<Case> cases = {
            {QStringLiteral("00000000-0000-0000-0000-000000000000"),
             {},
             sp::db::sqlstate::UnknownOrder,
             "order",
             "no order"},
            {order, {{2, 1}}, sp::db::sqlstate::OrderLine, "line", "has no line 2"},
            {order, {{1, 0}}, sp::db::sqlstate::InvalidQuantity, "quantity", "above zero"},
            {order, {{1, 5}}, sp::db::sqlstate::OrderLine, "quantity", "4 unit(s) left"},
            {order, {{1, 1}, {1, 1}}, sp::db::sqlstate::InvalidArgument, "line", "named twice"},
        };
        for (const Case& c : cases) {
            const DbError e = expectError([&] { OrdersService::ship(clerk, c.order, c.lines); });
            QCOMPARE(e.sqlState(), QLatin1String(c.state));
            QCOMPARE(e.field(), QLatin1String(c.field));
            QVERIFY2(e.message().contains(QLatin1String(c.words)), qPrintable(e.message()));
        }
        QCOMPARE(snapshot(owner), before);
    }

    void cancelReleasesTheUnits()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const QString order = placeOrder(owner, {{"SKU000003", 5, "ST1"}});
        const int available = figure(owner, "available", "SKU000003", "ST1");
        Connection clerk(db.clerk());
        Connection manager(db.manager());

        // Clerks ship, managers cancel; a reason is required.
        QCOMPARE(expectError([&] {
                     OrdersService::cancel(clerk, order, QStringLiteral("customer called"));
                 }).sqlState(),
                 QLatin1String(sp::db::sqlstate::InsufficientPrivilege));
        QCOMPARE(expectError([&] {
                     OrdersService::cancel(manager, order, QStringLiteral(" "));
                 }).sqlState(),
                 QLatin1String(sp::db::sqlstate::ReasonRequired));

        OrdersService::cancel(manager, order, QStringLiteral("customer called"),
                              QStringLiteral("c1"));
        QCOMPARE(figure(owner, "available", "SKU000003", "ST1"), available + 5);
        QCOMPARE(figure(owner, "committed", "SKU000003", "ST1"), 0);
        const sp::orders::Order cancelled = OrdersService::recentOrders(clerk).first();
        QCOMPARE(cancelled.status, QStringLiteral("cancelled"));
        QCOMPARE(cancelled.cancelReason, QStringLiteral("customer called"));
        QCOMPARE(owner.exec("SELECT payload->>'reason' FROM events WHERE type = 'OrderCancelled'")
                     .text(0, 0),
                 QStringLiteral("customer called"));

        // Again with the key: a no-op; without it, or shipping it: refused.
        const QString before = snapshot(owner);
        OrdersService::cancel(manager, order, QStringLiteral("customer called"),
                              QStringLiteral("c1"));
        QCOMPARE(snapshot(owner), before);
        QCOMPARE(expectError([&] {
                     OrdersService::cancel(manager, order, QStringLiteral("again"));
                 }).sqlState(),
                 QLatin1String(sp::db::sqlstate::OrderClosed));
        QCOMPARE(expectError([&] { OrdersService::ship(clerk, order, {}); }).sqlState(),
                 QLatin1String(sp::db::sqlstate::OrderClosed));
        QCOMPARE(snapshot(owner), before);

        // An order with shipped units cannot be cancelled.
        const QString second = placeOrder(owner, {{"SKU000003", 2, "ST1"}});
        OrdersService::ship(clerk, second, {{1, 1}});
        const DbError e = expectError(
            [&] { OrdersService::cancel(manager, second, QStringLiteral("too late")); });
        QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::OrderClosed));
        QVERIFY2(e.message().contains(QLatin1String("partially shipped")), qPrintable(e.message()));
        QCOMPARE(auditRows(owner), 0);
    }

    void salesImportLowersStockAndIsDemand()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());
        QTemporaryDir dir;
        const QString day = owner.exec("SELECT (current_date - 1)::text").text(0, 0);
        const QString path = writeFile(dir, "pos.csv",
                                       "sku,location,day,units\n"
                                       "SKU000001,ST1," +
                                           day.toLatin1() +
                                           ",3\n"
                                           "SKU000001,ST1," +
                                           today(owner).toLatin1() +
                                           ",2\n"
                                           "SKU000002,WH1," +
                                           day.toLatin1() + ",40\n");
        const int before = demandOn(owner, "SKU000001", "ST1", day);
        const sp::catalog::ImportSummary s =
            sp::catalog::CsvImporter::importFile(manager, sp::catalog::CsvKind::Sales, path);
        QCOMPARE(s.rows, 3);
        QCOMPARE(s.changed, 45); // units
        QCOMPARE(figure(owner, "on_hand", "SKU000001", "ST1"), 5);
        QCOMPARE(figure(owner, "on_hand", "SKU000002", "WH1"), 60);
        QCOMPARE(demandOn(owner, "SKU000001", "ST1", day), before + 3);
        QCOMPARE(demandOn(owner, "SKU000001", "ST1", today(owner)), 2);
        QCOMPARE(
            owner.exec("SELECT count(*) FROM stock_movements WHERE reason = 'sale'").toInt(0, 0),
            3);
        QCOMPARE(auditRows(owner), 0);

        // A history: demand only, the stock stays.
        const QString old = owner.exec("SELECT (current_date - 400)::text").text(0, 0);
        const QString history = writeFile(
            dir, "history.csv", "sku,location,day,units\nSKU000004,ST2," + old.toLatin1() + ",7\n");
        const QString stock = snapshot(owner).section(QStringLiteral("\n--\n"), 0, 0);
        sp::catalog::CsvImporter::importFile(manager, sp::catalog::CsvKind::SalesHistory, history);
        QCOMPARE(snapshot(owner).section(QStringLiteral("\n--\n"), 0, 0), stock);
        QCOMPARE(demandOn(owner, "SKU000004", "ST2", old), 7);
        // A level's first history covers the days recorded, no more.
        QCOMPARE(owner
                     .exec("SELECT cardinality(daily_units) FROM demand_history h"
                           " JOIN products p ON p.id = h.product_id WHERE p.sku = 'SKU000004'"
                           " AND h.location_id = (SELECT id FROM locations WHERE code = 'ST2')")
                     .toInt(0, 0),
                 1);
    }

    void badSalesListEveryLine()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());
        QTemporaryDir dir;
        const QByteArray day = owner.exec("SELECT current_date::text").bytes(0, 0);
        const QByteArray future = owner.exec("SELECT (current_date + 1)::text").bytes(0, 0);
        const QString path = writeFile(dir, "bad.csv",
                                       "sku,location,day,units\n"
                                       "SKU000001,ST1," +
                                           day +
                                           ",1\n" // good
                                           "NOPE,ST1," +
                                           day +
                                           ",1\n" // 3: unknown SKU
                                           "SKU000001,XX," +
                                           day +
                                           ",1\n"                         // 4: unknown location
                                           "SKU000002,ST1,2026-02-31,1\n" // 5: no such day
                                           "SKU000002,ST1," +
                                           future +
                                           ",1\n" // 6: in the future
                                           "SKU000003,ST1," +
                                           day +
                                           ",1.5\n" // 7: fraction
                                           "SKU000003,ST1," +
                                           day +
                                           ",0\n" // 8: zero
                                           "SKU000004,ST1," +
                                           day +
                                           ",11\n" // 9: more than there
                                           "SKU000001,ST1," +
                                           day + ",1\n"); // 10: named twice
        const QString before = snapshot(owner);
        const DbError e = expectError([&] {
            sp::catalog::CsvImporter::importFile(manager, sp::catalog::CsvKind::Sales, path);
        });
        QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::ImportRowRejected));
        const QList<sp::catalog::ImportProblem> problems = sp::catalog::importProblems(e);
        QList<qint64> lines;
        for (const auto& p : problems)
            lines.append(p.line);
        QCOMPARE(lines, (QList<qint64>{3, 4, 5, 6, 7, 8, 9, 10}));
        QVERIFY2(problems[0].message.contains(QLatin1String("Unknown SKU \"NOPE\"")),
                 qPrintable(problems[0].message));
        QVERIFY2(problems[6].message.contains(QLatin1String("only 10 are available")),
                 qPrintable(problems[6].message));
        QVERIFY2(problems[7].message.contains(QLatin1String("first on line 2")),
                 qPrintable(problems[7].message));
        QCOMPARE(sp::catalog::importErrorLine(e), 3);
        QCOMPARE(snapshot(owner), before);

        // Clerks record no sales from files; a history needs a manager too.
        Connection clerk(db.clerk());
        const QString good =
            writeFile(dir, "good.csv", "sku,location,day,units\nSKU000001,ST1," + day + ",1\n");
        QCOMPARE(expectError([&] {
                     sp::catalog::CsvImporter::importFile(clerk, sp::catalog::CsvKind::SalesHistory,
                                                          good);
                 }).sqlState(),
                 QLatin1String(sp::db::sqlstate::InsufficientPrivilege));
        QCOMPARE(snapshot(owner), before);
    }

    void refusedHoldIsUnmetDemand()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const QJsonObject refused = json(owner.exec(
            "SELECT answer FROM api_hold_create_group(ARRAY['key:1'], ARRAY['k1'], ARRAY['fp'],"
            " ARRAY['SKU000001'], ARRAY['ST1'], ARRAY[25], ARRAY[300])"));
        QCOMPARE(refused.value(QLatin1String("status")).toInt(), 409);
        const Result r = owner.exec("SELECT p.sku, l.code, u.requested, u.available, u.source"
                                    " FROM unmet_demand u JOIN products p ON p.id = u.product_id"
                                    " JOIN locations l ON l.id = u.location_id");
        QCOMPARE(r.rows(), 1);
        QCOMPARE(r.text(0, 0), QStringLiteral("SKU000001"));
        QCOMPARE(r.text(0, 1), QStringLiteral("ST1"));
        QCOMPARE(r.toInt(0, 2), 25);
        QCOMPARE(r.toInt(0, 3), 10);
        QCOMPARE(r.text(0, 4), QStringLiteral("hold"));
    }
};

QTEST_GUILESS_MAIN(TestOrderLifecycle)
#include "tst_orderlifecycle.moc"
