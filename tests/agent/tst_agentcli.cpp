// stockpilot-admin's agent commands as an operator runs them: jobs run/list, suggestions
// list --json, approve/reject, orders, transfers and damaged or quarantined stock, with --user
// acting as a staff member whose rights the database checks exactly as for the desktop.

#include "adminprogram.h"
#include "agentfixture.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;

namespace {

using Run = AdminRun;

Run admin(const TestDatabase& db, const QStringList& args, const QString& password = {})
{
    return runAdmin(QStringLiteral(STOCKPILOT_ADMIN), db, args, password);
}

} // namespace

class TestAgentCli : public QObject
{
    Q_OBJECT

private slots:
    // Orders from the command line: listed as JSON, shipped line by line under a key, a
    // cancel after shipment refused with its code; a bad sales file lists every bad line.
    void ordersAndSales()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        const QString token(64, QLatin1Char('d'));
        const QString cart = callJson(owner, "SELECT api_cart_create(repeat('d', 64))")
                                 .value(QLatin1String("body"))
                                 .toObject()
                                 .value(QLatin1String("cart_id"))
                                 .toString();
        owner.exec("SELECT api_cart_set_item($1, $2, 'SKU000001', 3, 'ST1', 300, 50, 20)",
                   {cart, token});
        owner.exec("SELECT api_cart_checkout($1, $2, NULL, 'fp', 52.52, 13.40)", {cart, token});

        Run r =
            admin(db, {QStringLiteral("orders"), QStringLiteral("list"), QStringLiteral("--json"),
                       QStringLiteral("--status"), QStringLiteral("placed")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray orders = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(orders.size(), 1);
        const QString id = orders[0].toObject().value(QLatin1String("order_id")).toString();

        const QStringList ship{
            QStringLiteral("orders"), QStringLiteral("ship"), id,
            QStringLiteral("--line"), QStringLiteral("1=2"),  QStringLiteral("--key"),
            QStringLiteral("k1")};
        r = admin(db, ship);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("partially shipped")), qPrintable(r.out));
        r = admin(db, ship);
        QVERIFY2(r.out.contains(QLatin1String("already shipped under this key")),
                 qPrintable(r.out));
        QCOMPARE(owner.exec("SELECT shipped FROM order_lines").toInt(0, 0), 2);

        r = admin(db, {QStringLiteral("orders"), QStringLiteral("cancel"), id,
                       QStringLiteral("--reason"), QStringLiteral("too late")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[SP016]")), qPrintable(r.err));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pos.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("sku,location,day,units\nNOPE,ST1,2026-01-01,1\nSKU000001,XX,2026-01-01,1\n");
        f.close();
        const QString before = owner.exec("SELECT count(*) FROM stock_movements").text(0, 0);
        r = admin(db, {QStringLiteral("import"), QStringLiteral("sales"), path});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(path + QStringLiteral(":2: Unknown SKU")), qPrintable(r.err));
        QVERIFY2(r.err.contains(path + QStringLiteral(":3: Unknown location")), qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_movements").text(0, 0), before);
    }

    // Transfers in transit listed with their age and received as counted (the shortfall lost
    // in transit); stock damaged, written off (managers only), quarantined and released. Bad
    // input is refused naming the field and its value, and changes nothing.
    void transfersAndDamage()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        const qint64 shortId =
            callJson(owner, "SELECT stock_transfer('SKU000002', 'WH1', 'ST2', 10, 'weekend')")
                .value(QLatin1String("transfer_id"))
                .toInteger();
        const qint64 fullId = callJson(owner, "SELECT stock_transfer('SKU000003', 'WH1', 'WH2', 3)")
                                  .value(QLatin1String("transfer_id"))
                                  .toInteger();
        const QString shortText = QString::number(shortId);
        const QString fullText = QString::number(fullId);

        Run r = admin(db, {QStringLiteral("help")});
        QVERIFY(r.out.contains(QLatin1String("transfers receive ID [--quantity N]")));
        QVERIFY(r.out.contains(QLatin1String("stock write-off SKU LOCATION QTY --reason TEXT")));

        r = admin(db,
                  {QStringLiteral("transfers"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 2);
        const QJsonObject first = list.first().toObject();
        QCOMPARE(first.value(QLatin1String("transfer_id")).toInteger(), shortId);
        QCOMPARE(first.value(QLatin1String("sku")).toString(), QStringLiteral("SKU000002"));
        QCOMPARE(first.value(QLatin1String("from")).toString(), QStringLiteral("WH1"));
        QCOMPARE(first.value(QLatin1String("to")).toString(), QStringLiteral("ST2"));
        QCOMPARE(first.value(QLatin1String("quantity")).toInt(), 10);
        QCOMPARE(first.value(QLatin1String("note")).toString(), QStringLiteral("weekend"));
        QVERIFY(first.value(QLatin1String("age_seconds")).toInteger(-1) >= 0);
        r = admin(db, {QStringLiteral("transfers"), QStringLiteral("list")});
        QVERIFY2(r.out.contains(QLatin1String("2 transfer(s) in transit")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("0m")), qPrintable(r.out)); // the age

        // A clerk counts 8 of 10: 2 are lost in transit.
        const QStringList receiveShort{
            QStringLiteral("transfers"),  QStringLiteral("receive"), shortText,
            QStringLiteral("--quantity"), QStringLiteral("8"),       QStringLiteral("--note"),
            QStringLiteral("2 crushed"),  QStringLiteral("--user"),  QStringLiteral("clerk")};
        r = admin(db, receiveShort, QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("8 of 10 unit(s) at ST2; 2 recorded as lost in "
                                              "transit")),
                 qPrintable(r.out));
        QCOMPARE(owner
                     .exec("SELECT received_by || ' ' || received_quantity || ' ' ||"
                           " lost_quantity FROM transfers WHERE id = $1",
                           {shortId})
                     .text(0, 0),
                 QStringLiteral("clerk 8 2"));
        r = admin(db, receiveShort, QStringLiteral("clerk"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("already received")) &&
                     r.err.contains(QLatin1String("[SP007]")),
                 qPrintable(r.err));

        const QString before = owner.exec("SELECT count(*) FROM stock_movements").text(0, 0);
        r = admin(db, {QStringLiteral("transfers"), QStringLiteral("receive"), fullText,
                       QStringLiteral("--quantity"), QStringLiteral("4")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains(QLatin1String("has 3 units in transit; a received quantity of 4")) &&
                r.err.contains(QLatin1String("[SP003]")),
            qPrintable(r.err));
        r = admin(db,
                  {QStringLiteral("transfers"), QStringLiteral("receive"), QStringLiteral("abc")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("ID is a whole number (got \"abc\")")),
                 qPrintable(r.err));
        r = admin(db, {QStringLiteral("transfers"), QStringLiteral("receive"), fullText,
                       QStringLiteral("--quantity"), QStringLiteral("lots")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--quantity is a whole number (got \"lots\")")),
                 qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_movements").text(0, 0), before);
        r = admin(db, {QStringLiteral("transfers"), QStringLiteral("receive"), fullText});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("in full, 3 unit(s) at WH2")), qPrintable(r.out));
        r = admin(db, {QStringLiteral("transfers"), QStringLiteral("list")});
        QVERIFY2(r.out.contains(QLatin1String("0 transfer(s) in transit")), qPrintable(r.out));

        // Damage and write-off: clerks mark units damaged, managers write them off.
        auto stock = [&](const char* what, const char* quantity, const char* reason,
                         const char* user) {
            QStringList args{QStringLiteral("stock"), QString::fromLatin1(what),
                             QStringLiteral("SKU000001"), QStringLiteral("ST1"),
                             QString::fromLatin1(quantity)};
            if (reason)
                args << QStringLiteral("--reason") << QString::fromLatin1(reason);
            if (user)
                args << QStringLiteral("--user") << QString::fromLatin1(user);
            return admin(db, args, user ? QString::fromLatin1(user) : QString());
        };
        r = stock("damage", "3", "dropped", "clerk");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("damaged: 3 x SKU000001 at ST1; now 7 available")),
                 qPrintable(r.out));
        r = stock("write-off", "2", "binned", "clerk");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[42501]")), qPrintable(r.err));
        r = stock("write-off", "2", "binned", "manager");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("1 damaged, 8 on hand")), qPrintable(r.out));
        r = stock("quarantine", "20", "recall", nullptr);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("Only 7 of SKU000001 available at ST1; cannot put "
                                              "20 in quarantine. [SP004]")),
                 qPrintable(r.err));
        r = stock("quarantine", "2", "open box", nullptr);
        QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("2 in quarantine")),
                 qPrintable(r.err + r.out));
        r = stock("release", "3", "checked", nullptr);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("Only 2 of SKU000001 in quarantine")),
                 qPrintable(r.err));
        r = stock("release", "2", "checked", nullptr);
        QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("now 7 available")),
                 qPrintable(r.err + r.out));
        const QString moves = owner.exec("SELECT count(*) FROM stock_movements").text(0, 0);
        r = stock("damage", "2", nullptr, nullptr);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("usage: stockpilot-admin stock damage")),
                 qPrintable(r.err));
        r = stock("damage", "two", "dropped", nullptr);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("QTY is a whole number (got \"two\")")),
                 qPrintable(r.err));
        r = stock("damage", "-2", "dropped", nullptr);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("(got -2). [SP003]")), qPrintable(r.err));
        r = stock("damage", "2", " ", nullptr);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[SP006]")), qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_movements").text(0, 0), moves);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }

    void jobsAndSuggestions()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));

        Run r = admin(db, {QStringLiteral("jobs"), QStringLiteral("run"),
                           QStringLiteral("demand-statistics")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = admin(db,
                  {QStringLiteral("jobs"), QStringLiteral("run"), QStringLiteral("stock-check")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("\"created\":1")), qPrintable(r.out));

        r = admin(db, {QStringLiteral("jobs"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("stock-check")));

        r = admin(
            db, {QStringLiteral("suggestions"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject s = list.first().toObject();
        QCOMPARE(s.value(QLatin1String("kind")).toString(), QStringLiteral("purchase"));
        QCOMPARE(s.value(QLatin1String("supplier")).toString(), QStringLiteral("Nordtex"));
        QCOMPARE(s.value(QLatin1String("quantity")).toInt(), 96);
        const QString id = QString::number(s.value(QLatin1String("id")).toInteger());

        // A clerk may not approve 1,440.00; the database says so and nothing happens.
        r = admin(db,
                  {QStringLiteral("suggestions"), QStringLiteral("approve"), id,
                   QStringLiteral("--user"), QStringLiteral("clerk")},
                  QStringLiteral("clerk"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[42501]")), qPrintable(r.err));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 0);

        // Line by line: a SKU not on it is refused, and so is a quantity that is no number.
        r = admin(db,
                  {QStringLiteral("suggestions"), QStringLiteral("modify"), id,
                   QStringLiteral("--line"), QStringLiteral("SKU000002=6"),
                   QStringLiteral("--user"), QStringLiteral("manager")},
                  QStringLiteral("manager"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("no line for SKU SKU000002")), qPrintable(r.err));
        r = admin(db, {QStringLiteral("suggestions"), QStringLiteral("modify"), id,
                       QStringLiteral("--line"), QStringLiteral("SKU000001=lots")});
        QCOMPARE(r.exitCode, 2);

        // Reject needs a reason.
        r = admin(db,
                  {QStringLiteral("suggestions"), QStringLiteral("reject"), id,
                   QStringLiteral("--user"), QStringLiteral("manager")},
                  QStringLiteral("manager"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[SP006]")), qPrintable(r.err));

        r = admin(db,
                  {QStringLiteral("suggestions"), QStringLiteral("approve"), id,
                   QStringLiteral("--user"), QStringLiteral("manager")},
                  QStringLiteral("manager"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("executed")));
        QCOMPARE(owner.exec("SELECT decided_by FROM suggestions").text(0, 0),
                 QStringLiteral("manager"));

        // The second decision says who made the first.
        r = admin(db, {QStringLiteral("suggestions"), QStringLiteral("reject"), id,
                       QStringLiteral("--reason"), QStringLiteral("too late")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("already approved by manager")), qPrintable(r.err));
    }

    // A purchase order from the command line: listed as JSON, received in part by a clerk
    // (a bad line refused and nothing taken in), closed by a manager with a reason.
    void purchaseOrders()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.exec("SELECT sp_purchase_order_create('Nordtex', l.id, jsonb_build_array("
                   "jsonb_build_object('product_id', p1.id, 'quantity', 12),"
                   "jsonb_build_object('product_id', p2.id, 'quantity', 6)), NULL)"
                   " FROM locations l, products p1, products p2 WHERE l.code = 'ST1'"
                   " AND p1.sku = 'SKU000001' AND p2.sku = 'SKU000002'");

        Run r = admin(db, {QStringLiteral("purchase-orders"), QStringLiteral("list"),
                           QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject po = list.first().toObject();
        QCOMPARE(po.value(QLatin1String("supplier")).toString(), QStringLiteral("Nordtex"));
        QCOMPARE(po.value(QLatin1String("status")).toString(), QStringLiteral("open"));
        QCOMPARE(po.value(QLatin1String("lines")).toArray().size(), 2);
        const QString id =
            QString::number(po.value(QLatin1String("purchase_order_id")).toInteger());

        const QString before = owner.exec("SELECT count(*) FROM stock_movements").text(0, 0);
        r = admin(db,
                  {QStringLiteral("purchase-orders"), QStringLiteral("receive"), id,
                   QStringLiteral("--line"), QStringLiteral("SKU000001=5"),
                   QStringLiteral("--line"), QStringLiteral("SKU000003=1"),
                   QStringLiteral("--user"), QStringLiteral("clerk")},
                  QStringLiteral("clerk"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[SP013]")) &&
                     r.err.contains(QLatin1String("SKU000003")),
                 qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_movements").text(0, 0), before);
        r = admin(db, {QStringLiteral("purchase-orders"), QStringLiteral("receive"), id,
                       QStringLiteral("--line"), QStringLiteral("SKU000001=lots")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("SKU=QUANTITY")), qPrintable(r.err));

        r = admin(db,
                  {QStringLiteral("purchase-orders"), QStringLiteral("receive"), id,
                   QStringLiteral("--line"), QStringLiteral("SKU000001=5"),
                   QStringLiteral("--user"), QStringLiteral("clerk")},
                  QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("partially received")), qPrintable(r.out));
        QCOMPARE(owner
                     .exec("SELECT string_agg(received::text, ',' ORDER BY line_no)"
                           " FROM purchase_order_lines")
                     .text(0, 0),
                 QStringLiteral("5,0"));

        const QStringList close{QStringLiteral("purchase-orders"),
                                QStringLiteral("close"),
                                id,
                                QStringLiteral("--reason"),
                                QStringLiteral("rest discontinued"),
                                QStringLiteral("--user")};
        r = admin(db, close + QStringList{QStringLiteral("clerk")}, QStringLiteral("clerk"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("[42501]")), qPrintable(r.err));
        r = admin(db, close + QStringList{QStringLiteral("manager")}, QStringLiteral("manager"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT status || ' ' || close_reason FROM purchase_orders").text(0, 0),
                 QStringLiteral("closed rest discontinued"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }
};

QTEST_GUILESS_MAIN(TestAgentCli)
#include "tst_agentcli.moc"
