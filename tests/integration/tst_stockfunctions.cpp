// The stock functions of functions/10_stock.sql (stock_receive, stock_adjust, stock_transfer,
// stock_transfer_receive and its counted form, stock_damage, stock_write_off, stock_quarantine,
// stock_release): bad input raises its own SQLSTATE with a readable message and changes
// nothing; good input changes exactly the right figures, writes the ledger (with the signed-in
// user as actor) and one event per ledger row, and leaves the ledger auditable.

#include "db/pgconnection.h"
#include "inventory/stockoperations.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <functional>
#include <memory>

using namespace sp::db;

namespace {

// Everything a stock function may touch, as text. Equal snapshots mean nothing changed.
QString snapshot(Connection& c)
{
    return c
        .exec("SELECT concat_ws(E'\\n--\\n',"
              " (SELECT string_agg(s::text, E'\\n' ORDER BY product_id, location_id)"
              "  FROM stock_levels s),"
              " (SELECT string_agg(m::text, E'\\n' ORDER BY id) FROM stock_movements m),"
              " (SELECT string_agg(t::text, E'\\n' ORDER BY id) FROM transfers t),"
              " (SELECT string_agg(e::text, E'\\n' ORDER BY id) FROM events e))")
        .text(0, 0);
}

QList<Param> toParams(const QVariantList& values)
{
    QList<Param> params;
    for (const QVariant& v : values) {
        if (v.isNull())
            params.append(Param());
        else if (v.typeId() == QMetaType::Int)
            params.append(Param(v.toInt()));
        else if (v.typeId() == QMetaType::LongLong)
            params.append(Param(v.toLongLong()));
        else
            params.append(Param(v.toString()));
    }
    return params;
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

QJsonObject json(const Result& r, int row = 0, int col = 0)
{
    return QJsonDocument::fromJson(r.bytes(row, col)).object();
}

struct Level
{
    int onHand = -1, reserved = -1, committed = -1, incoming = -1, quarantine = -1, damaged = -1,
        available = -1;
};

Level level(Connection& c, const char* sku, const char* location)
{
    const Result r = c.exec("SELECT s.on_hand, s.reserved, s.committed, s.incoming, s.quarantine,"
                            " s.damaged, s.available FROM stock_levels s"
                            " JOIN products p ON p.id = s.product_id"
                            " JOIN locations l ON l.id = s.location_id"
                            " WHERE p.sku = $1 AND l.code = $2",
                            {sku, location});
    Level l;
    if (r.rows() == 1) {
        l = Level{r.toInt(0, 0), r.toInt(0, 1), r.toInt(0, 2), r.toInt(0, 3),
                  r.toInt(0, 4), r.toInt(0, 5), r.toInt(0, 6)};
    }
    return l;
}

qint64 maxId(Connection& c, const char* table)
{
    return c.exec(QByteArray("SELECT coalesce(max(id), 0) FROM ") + table, {}).toLongLong(0, 0);
}

} // namespace

class TestStockFunctions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
        // Allocated units at SKU000002/WH1 (no stock function of the foundation sets them yet):
        // 100 on hand, 40 held, sold, in quarantine or damaged, 60 available. Written with its
        // ledger row so that the audit still balances.
        m_owner->execScript(
            "BEGIN;"
            "UPDATE stock_levels SET reserved = 30, committed = 5, quarantine = 3, damaged = 2"
            " WHERE product_id = (SELECT id FROM products WHERE sku = 'SKU000002')"
            "   AND location_id = (SELECT id FROM locations WHERE code = 'WH1');"
            "INSERT INTO stock_movements (product_id, location_id, reason, d_reserved,"
            "                             d_committed, d_quarantine, d_damaged)"
            " SELECT p.id, l.id, 'test_setup', 30, 5, 3, 2 FROM products p, locations l"
            " WHERE p.sku = 'SKU000002' AND l.code = 'WH1';"
            "COMMIT;");
        // One allocated figure at a time, 4 units each, for SP008 per figure.
        m_owner->execScript(
            "BEGIN;"
            "CREATE TEMP TABLE alloc (sku text, code text, figure text);"
            "INSERT INTO alloc VALUES ('SKU000004', 'ST1', 'reserved'),"
            " ('SKU000005', 'ST1', 'committed'), ('SKU000004', 'WH1', 'quarantine'),"
            " ('SKU000005', 'WH1', 'damaged');"
            "UPDATE stock_levels s SET"
            " reserved = s.reserved + CASE a.figure WHEN 'reserved' THEN 4 ELSE 0 END,"
            " committed = s.committed + CASE a.figure WHEN 'committed' THEN 4 ELSE 0 END,"
            " quarantine = s.quarantine + CASE a.figure WHEN 'quarantine' THEN 4 ELSE 0 END,"
            " damaged = s.damaged + CASE a.figure WHEN 'damaged' THEN 4 ELSE 0 END"
            " FROM alloc a JOIN products p ON p.sku = a.sku JOIN locations l ON l.code = a.code"
            " WHERE s.product_id = p.id AND s.location_id = l.id;"
            "INSERT INTO stock_movements (product_id, location_id, reason, d_reserved,"
            "                             d_committed, d_quarantine, d_damaged)"
            " SELECT p.id, l.id, 'test_setup',"
            "  CASE a.figure WHEN 'reserved' THEN 4 ELSE 0 END,"
            "  CASE a.figure WHEN 'committed' THEN 4 ELSE 0 END,"
            "  CASE a.figure WHEN 'quarantine' THEN 4 ELSE 0 END,"
            "  CASE a.figure WHEN 'damaged' THEN 4 ELSE 0 END"
            " FROM alloc a JOIN products p ON p.sku = a.sku JOIN locations l ON l.code = a.code;"
            "DROP TABLE alloc;"
            "COMMIT;");
        // A transfer already received, for SP007.
        m_receivedTransfer =
            json(m_owner->exec("SELECT stock_transfer('SKU000003', 'WH1', 'ST2', 5)"))
                .value(QLatin1String("transfer_id"))
                .toInteger();
        QVERIFY(m_receivedTransfer > 0);
        m_owner->exec("SELECT stock_transfer_receive($1)", {m_receivedTransfer});
        // One still in transit (4 units), for the counted receipt's bounds.
        m_transitTransfer =
            json(m_owner->exec("SELECT stock_transfer('SKU000003', 'WH1', 'WH2', 4)"))
                .value(QLatin1String("transfer_id"))
                .toInteger();
        m_manager = std::make_unique<Connection>(m_db->manager());
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void cleanupTestCase()
    {
        m_manager.reset();
        m_owner.reset();
        m_db.reset();
    }

    void badInputChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QVariantList>("params");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("messagePart");

        const QVariant null;
        const QByteArray receive = "SELECT stock_receive($1, $2, $3, $4)";
        const QByteArray adjust = "SELECT stock_adjust($1, $2, $3, $4)";
        const QByteArray transfer = "SELECT stock_transfer($1, $2, $3, $4, $5)";
        const QByteArray transferReceive = "SELECT stock_transfer_receive($1, $2)";
        const QByteArray counted = "SELECT stock_transfer_receive_counted($1, $2, $3)";
        const QByteArray damage = "SELECT stock_damage($1, $2, $3, $4)";
        const QByteArray writeOff = "SELECT stock_write_off($1, $2, $3, $4)";
        const QByteArray quarantine = "SELECT stock_quarantine($1, $2, $3, $4)";
        const QByteArray release = "SELECT stock_release($1, $2, $3, $4)";
        const QList<QPair<const char*, QByteArray>> conditions{{"damage", damage},
                                                               {"write off", writeOff},
                                                               {"quarantine", quarantine},
                                                               {"release", release}};
        const QString sku = QStringLiteral("SKU000001");
        const QString held = QStringLiteral("SKU000002");

        // SP001 unknown SKU
        QTest::newRow("receive unknown sku")
            << receive << QVariantList{"NOPE", "WH1", 5, null} << "SP001"
            << "NOPE";
        QTest::newRow("receive null sku")
            << receive << QVariantList{null, "WH1", 5, null} << "SP001"
            << "SKU";
        QTest::newRow("adjust unknown sku")
            << adjust << QVariantList{"NOPE", "WH1", 5, "count"} << "SP001"
            << "NOPE";
        QTest::newRow("transfer unknown sku")
            << transfer << QVariantList{"NOPE", "WH1", "ST1", 5, null} << "SP001"
            << "NOPE";
        // SP002 unknown location
        QTest::newRow("receive unknown location")
            << receive << QVariantList{sku, "MARS", 5, null} << "SP002"
            << "MARS";
        QTest::newRow("adjust unknown location")
            << adjust << QVariantList{sku, "MARS", 5, "count"} << "SP002"
            << "MARS";
        QTest::newRow("transfer unknown source")
            << transfer << QVariantList{sku, "MARS", "ST1", 5, null} << "SP002"
            << "MARS";
        QTest::newRow("transfer unknown destination")
            << transfer << QVariantList{sku, "WH1", "MARS", 5, null} << "SP002"
            << "MARS";
        QTest::newRow("transfer null destination")
            << transfer << QVariantList{sku, "WH1", null, 5, null} << "SP002"
            << "location";
        // SP003 quantity
        for (const QVariant& q : {QVariant(0), QVariant(-1), null}) {
            const QString tag = q.isNull() ? QStringLiteral("null") : q.toString();
            QTest::addRow("receive quantity %s", qPrintable(tag))
                << receive << QVariantList{sku, "WH1", q, null} << "SP003"
                << "quantity";
            QTest::addRow("transfer quantity %s", qPrintable(tag))
                << transfer << QVariantList{sku, "WH1", "ST1", q, null} << "SP003"
                << "quantity";
        }
        // Larger than any real movement: refused with SP003 before a sum could overflow.
        QTest::newRow("receive quantity 2^31-1")
            << receive << QVariantList{sku, "WH1", 2147483647, null} << "SP003"
            << "too large";
        QTest::newRow("adjust count -1")
            << adjust << QVariantList{sku, "WH1", -1, "count"} << "SP003"
            << "quantity";
        QTest::newRow("adjust count null")
            << adjust << QVariantList{sku, "WH1", null, "count"} << "SP003"
            << "quantity";
        // SP004 not enough available
        QTest::newRow("transfer more than on hand")
            << transfer << QVariantList{sku, "ST1", "ST2", 11, null} << "SP004"
            << "available";
        QTest::newRow("transfer from empty location")
            << transfer << QVariantList{sku, "WH2", "ST2", 1, null} << "SP004"
            << "available";
        QTest::newRow("transfer more than available, allocated units")
            << transfer << QVariantList{held, "WH1", "ST2", 61, null} << "SP004"
            << "available";
        // SP005 same location
        QTest::newRow("transfer to itself")
            << transfer << QVariantList{sku, "WH1", "WH1", 1, null} << "SP005"
            << "WH1";
        // SP006 reason
        QTest::newRow("adjust empty reason") << adjust << QVariantList{sku, "WH1", 5, ""} << "SP006"
                                             << "reason";
        QTest::newRow("adjust blank reason")
            << adjust << QVariantList{sku, "WH1", 5, "  \t "} << "SP006"
            << "reason";
        QTest::newRow("adjust line breaks as reason")
            << adjust << QVariantList{sku, "WH1", 5, "\r\n\n"} << "SP006"
            << "reason";
        QTest::newRow("adjust null reason")
            << adjust << QVariantList{sku, "WH1", 5, null} << "SP006"
            << "reason";
        // SP007 transfer
        QTest::newRow("receive unknown transfer")
            << transferReceive << QVariantList{qint64(987654321), null} << "SP007"
            << "987654321";
        QTest::newRow("receive null transfer")
            << transferReceive << QVariantList{null, null} << "SP007"
            << "transfer";
        QTest::newRow("receive received transfer")
            << transferReceive << QVariantList{m_receivedTransfer, null} << "SP007"
            << "already received";
        // The counted receipt: unknown or received transfers, and a count outside 0..quantity.
        QTest::newRow("counted unknown transfer")
            << counted << QVariantList{qint64(987654321), 1, null} << "SP007"
            << "987654321";
        QTest::newRow("counted received transfer")
            << counted << QVariantList{m_receivedTransfer, 5, null} << "SP007"
            << "already received";
        QTest::newRow("counted above quantity")
            << counted << QVariantList{m_transitTransfer, 5, null} << "SP003"
            << "4 units in transit; a received quantity of 5";
        QTest::newRow("counted negative")
            << counted << QVariantList{m_transitTransfer, -1, null} << "SP003"
            << "from 0 to 4 (got -1)";
        QTest::newRow("counted null")
            << counted << QVariantList{m_transitTransfer, null, null} << "SP003"
            << "got nothing";
        // Damage, write-off, quarantine and release: SKU, location, quantity and reason.
        for (const auto& [name, sql] : conditions) {
            QTest::addRow("%s unknown sku", name)
                << sql << QVariantList{"NOPE", "WH1", 1, "x"} << "SP001"
                << "NOPE";
            QTest::addRow("%s unknown location", name)
                << sql << QVariantList{held, "MARS", 1, "x"} << "SP002"
                << "MARS";
            for (const QVariant& q : {QVariant(0), QVariant(-2), null})
                QTest::addRow("%s quantity %s", name,
                              q.isNull() ? "null" : qPrintable(q.toString()))
                    << sql << QVariantList{held, "WH1", q, "x"} << "SP003"
                    << (q.isNull() ? QStringLiteral("got nothing")
                                   : QStringLiteral("got ") + q.toString());
            QTest::addRow("%s blank reason", name)
                << sql << QVariantList{held, "WH1", 1, " \t"} << "SP006"
                << "reason";
            QTest::addRow("%s null reason", name)
                << sql << QVariantList{held, "WH1", 1, null} << "SP006"
                << "reason";
            QTest::addRow("%s reason 501 chars", name)
                << sql << QVariantList{held, "WH1", 1, QString(501, QLatin1Char('x'))} << "SP009"
                << "500";
        }
        // SP008 count below allocated
        QTest::newRow("adjust below allocated")
            << adjust << QVariantList{held, "WH1", 39, "count"} << "SP008"
            << "40";
        QTest::newRow("adjust to zero with allocated")
            << adjust << QVariantList{held, "WH1", 0, "count"} << "SP008"
            << "40";
        QTest::newRow("adjust below reserved")
            << adjust << QVariantList{"SKU000004", "ST1", 3, "count"} << "SP008"
            << "4";
        QTest::newRow("adjust below committed")
            << adjust << QVariantList{"SKU000005", "ST1", 3, "count"} << "SP008"
            << "4";
        QTest::newRow("adjust below quarantine")
            << adjust << QVariantList{"SKU000004", "WH1", 3, "count"} << "SP008"
            << "4";
        QTest::newRow("adjust below damaged")
            << adjust << QVariantList{"SKU000005", "WH1", 3, "count"} << "SP008"
            << "4";
        // SP009 reason too long
        QTest::newRow("adjust reason 501 chars")
            << adjust << QVariantList{sku, "WH1", 5, QString(501, QLatin1Char('x'))} << "SP009"
            << "500";
    }

    void badInputChangesNothing()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QVariantList, params);
        QFETCH(QString, state);
        QFETCH(QString, messagePart);

        const QString before = snapshot(*m_owner);
        const DbError e = expectError([&] { m_manager->exec(sql, toParams(params)); });
        QCOMPARE(e.sqlState(), state);
        QVERIFY2(e.message().contains(messagePart, Qt::CaseInsensitive), qPrintable(e.message()));
        QVERIFY2(e.message().endsWith(QLatin1Char('.')) && e.message().size() > 10,
                 qPrintable(e.message()));
        if (state == QLatin1String("SP004")) {
            const QJsonObject detail = QJsonDocument::fromJson(e.detail().toUtf8()).object();
            QVERIFY2(detail.contains(QLatin1String("available")), qPrintable(e.detail()));
            const int expected = params.first().toString() == QLatin1String("SKU000002") ? 60
                                 : params.at(1).toString() == QLatin1String("ST1")       ? 10
                                                                                         : 0;
            QCOMPARE(detail.value(QLatin1String("available")).toInt(-1), expected);
        }
        QCOMPARE(snapshot(*m_owner), before);
        // The connection is usable afterwards (the failed call left no open transaction).
        QCOMPARE(m_manager->exec("SELECT 1").toInt(0, 0), 1);
    }

    void receive()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const qint64 lastEvent = maxId(owner, "events");
        const qint64 lastMove = maxId(owner, "stock_movements");

        const QJsonObject r =
            json(clerk.exec("SELECT stock_receive('SKU000004', 'WH2', 7, 'delivery 42')"));
        QCOMPARE(r.value(QLatin1String("on_hand")).toInt(), 7);
        QCOMPARE(r.value(QLatin1String("available")).toInt(), 7);
        QCOMPARE(r.value(QLatin1String("sku")).toString(), QStringLiteral("SKU000004"));
        QCOMPARE(r.value(QLatin1String("location")).toString(), QStringLiteral("WH2"));
        const Level l = level(owner, "SKU000004", "WH2");
        QCOMPARE(l.onHand, 7);
        QCOMPARE(l.available, 7);
        QCOMPARE(level(owner, "SKU000004", "WH1").onHand, 100); // untouched

        const Result m = owner.exec(
            "SELECT reason, d_on_hand, d_reserved, d_committed, d_incoming, d_quarantine,"
            " d_damaged, note, actor, l.code FROM stock_movements m"
            " JOIN locations l ON l.id = m.location_id WHERE m.id > $1 ORDER BY m.id",
            {lastMove});
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.text(0, 0), QStringLiteral("receive"));
        QCOMPARE(m.toInt(0, 1), 7);
        for (int col = 2; col <= 5; ++col)
            QCOMPARE(m.toInt(0, col), 0);
        QCOMPARE(m.text(0, 7), QStringLiteral("delivery 42"));
        QCOMPARE(m.text(0, 8), QStringLiteral("clerk"));
        QCOMPARE(m.text(0, 9), QStringLiteral("WH2"));

        const Result e =
            owner.exec("SELECT type, payload, actor FROM events WHERE id > $1", {lastEvent});
        QCOMPARE(e.rows(), 1);
        QCOMPARE(e.text(0, 0), QStringLiteral("InventoryUpdate"));
        const QJsonObject payload = json(e, 0, 1);
        QCOMPARE(payload.value(QLatin1String("reason")).toString(), QStringLiteral("receive"));
        QCOMPARE(payload.value(QLatin1String("quantity")).toInt(), 7);
        QCOMPARE(payload.value(QLatin1String("on_hand")).toInt(), 7);
        QCOMPARE(payload.value(QLatin1String("location")).toString(), QStringLiteral("WH2"));
        QCOMPARE(e.text(0, 2), QStringLiteral("clerk"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void receiveCreatesMissingLevel()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        owner.execScript("INSERT INTO products (sku, name, category, price, cost)"
                         " VALUES ('NEW-1', 'New', 'New', 1, 1)");
        Connection clerk(db.clerk());
        clerk.exec("SELECT stock_receive('NEW-1', 'ST2', 3)");
        QCOMPARE(level(owner, "NEW-1", "ST2").onHand, 3);
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void adjust_data()
    {
        QTest::addColumn<QString>("sku");
        QTest::addColumn<int>("counted");
        QTest::addColumn<int>("delta");
        QTest::addColumn<int>("available");
        QTest::newRow("down") << "SKU000001" << 93 << -7 << 93;
        QTest::newRow("up") << "SKU000001" << 120 << 20 << 120;
        QTest::newRow("to zero") << "SKU000001" << 0 << -100 << 0;
        QTest::newRow("down to allocated") << "SKU000002" << 40 << -60 << 0;
    }

    void adjust()
    {
        QFETCH(QString, sku);
        QFETCH(int, counted);
        QFETCH(int, delta);
        QFETCH(int, available);
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        owner.execScript("BEGIN;"
                         "UPDATE stock_levels SET reserved = 40 WHERE product_id ="
                         " (SELECT id FROM products WHERE sku = 'SKU000002') AND location_id ="
                         " (SELECT id FROM locations WHERE code = 'WH1');"
                         "INSERT INTO stock_movements (product_id, location_id, reason, d_reserved)"
                         " SELECT p.id, l.id, 'test_setup', 40 FROM products p, locations l"
                         " WHERE p.sku = 'SKU000002' AND l.code = 'WH1';"
                         "COMMIT;");
        Connection manager(db.manager());
        const qint64 lastEvent = maxId(owner, "events");
        const qint64 lastMove = maxId(owner, "stock_movements");
        // A 500-character reason is the longest allowed; it is stored trimmed.
        const QString reason = QStringLiteral(" cycle count ") + QString(487, QLatin1Char('r'));
        QCOMPARE(reason.size(), 500);
        const QJsonObject r =
            json(manager.exec("SELECT stock_adjust($1, 'WH1', $2, $3)", {sku, counted, reason}));
        QCOMPARE(r.value(QLatin1String("on_hand")).toInt(), counted);
        QCOMPARE(r.value(QLatin1String("available")).toInt(), available);
        QCOMPARE(level(owner, qPrintable(sku), "WH1").onHand, counted);

        const Result m = owner.exec("SELECT reason, d_on_hand, d_reserved, note, actor"
                                    " FROM stock_movements WHERE id > $1",
                                    {lastMove});
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.text(0, 0), QStringLiteral("adjust"));
        QCOMPARE(m.toInt(0, 1), delta);
        QCOMPARE(m.toInt(0, 2), 0);
        QCOMPARE(m.text(0, 3), reason.trimmed());
        QCOMPARE(m.text(0, 4), QStringLiteral("manager"));

        const Result e =
            owner.exec("SELECT type, payload, actor FROM events WHERE id > $1", {lastEvent});
        QCOMPARE(e.rows(), 1);
        QCOMPARE(e.text(0, 0), QStringLiteral("InventoryUpdate"));
        const QJsonObject payload = json(e, 0, 1);
        QCOMPARE(payload.value(QLatin1String("reason")).toString(), QStringLiteral("adjust"));
        QCOMPARE(payload.value(QLatin1String("delta")).toInt(), delta);
        QCOMPARE(payload.value(QLatin1String("on_hand")).toInt(), counted);
        QCOMPARE(e.text(0, 2), QStringLiteral("manager"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void transferAndReceive()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        qint64 lastEvent = maxId(owner, "events");
        qint64 lastMove = maxId(owner, "stock_movements");

        const QJsonObject t = json(
            clerk.exec("SELECT stock_transfer('SKU000005', 'WH1', 'ST2', 30, 'for the weekend')"));
        const qint64 id = t.value(QLatin1String("transfer_id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(t.value(QLatin1String("quantity")).toInt(), 30);
        QCOMPARE(
            t.value(QLatin1String("source")).toObject().value(QLatin1String("on_hand")).toInt(),
            70);
        QCOMPARE(t.value(QLatin1String("destination"))
                     .toObject()
                     .value(QLatin1String("incoming"))
                     .toInt(),
                 30);
        Level from = level(owner, "SKU000005", "WH1");
        Level to = level(owner, "SKU000005", "ST2");
        QCOMPARE(from.onHand, 70);
        QCOMPARE(from.available, 70);
        QCOMPARE(to.onHand, 0);
        QCOMPARE(to.incoming, 30);
        QCOMPARE(to.available, 0);

        Result tr = owner.exec("SELECT status, quantity, created_by, note FROM transfers"
                               " WHERE id = $1",
                               {id});
        QCOMPARE(tr.text(0, 0), QStringLiteral("in_transit"));
        QCOMPARE(tr.toInt(0, 1), 30);
        QCOMPARE(tr.text(0, 2), QStringLiteral("clerk"));
        QCOMPARE(tr.text(0, 3), QStringLiteral("for the weekend"));

        Result m = owner.exec("SELECT l.code, reason, d_on_hand, d_incoming, ref_type, ref_id,"
                              " actor FROM stock_movements m JOIN locations l"
                              " ON l.id = m.location_id WHERE m.id > $1 ORDER BY m.id",
                              {lastMove});
        QCOMPARE(m.rows(), 2);
        QCOMPARE(m.text(0, 0), QStringLiteral("WH1"));
        QCOMPARE(m.text(0, 1), QStringLiteral("transfer_out"));
        QCOMPARE(m.toInt(0, 2), -30);
        QCOMPARE(m.toInt(0, 3), 0);
        QCOMPARE(m.text(1, 0), QStringLiteral("ST2"));
        QCOMPARE(m.text(1, 1), QStringLiteral("transfer_in_transit"));
        QCOMPARE(m.toInt(1, 2), 0);
        QCOMPARE(m.toInt(1, 3), 30);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(m.text(row, 4), QStringLiteral("transfer"));
            QCOMPARE(m.toLongLong(row, 5), id);
            QCOMPARE(m.text(row, 6), QStringLiteral("clerk"));
        }

        Result e = owner.exec("SELECT l.code, e.type, e.payload, e.actor FROM events e"
                              " JOIN locations l ON l.id = e.location_id WHERE e.id > $1"
                              " ORDER BY l.code",
                              {lastEvent});
        QCOMPARE(e.rows(), 2);
        QCOMPARE(e.text(0, 0), QStringLiteral("ST2"));
        QCOMPARE(json(e, 0, 2).value(QLatin1String("incoming")).toInt(), 30);
        QCOMPARE(json(e, 0, 2).value(QLatin1String("reason")).toString(),
                 QStringLiteral("transfer_in_transit"));
        QCOMPARE(json(e, 0, 2).value(QLatin1String("transfer_id")).toInteger(), id);
        QCOMPARE(e.text(1, 0), QStringLiteral("WH1"));
        QCOMPARE(json(e, 1, 2).value(QLatin1String("on_hand")).toInt(), 70);
        QCOMPARE(json(e, 1, 2).value(QLatin1String("reason")).toString(),
                 QStringLiteral("transfer_out"));
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(e.text(row, 1), QStringLiteral("InventoryUpdate"));
            QCOMPARE(e.text(row, 3), QStringLiteral("clerk"));
        }
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // The store receives it (another clerk session: the manager).
        Connection manager(db.manager());
        lastEvent = maxId(owner, "events");
        lastMove = maxId(owner, "stock_movements");
        const QJsonObject r =
            json(manager.exec("SELECT stock_transfer_receive($1, 'all there')", {id}));
        QCOMPARE(r.value(QLatin1String("on_hand")).toInt(), 30);
        QCOMPARE(r.value(QLatin1String("incoming")).toInt(), 0);
        to = level(owner, "SKU000005", "ST2");
        QCOMPARE(to.onHand, 30);
        QCOMPARE(to.incoming, 0);
        QCOMPARE(to.available, 30);
        QCOMPARE(level(owner, "SKU000005", "WH1").onHand, 70);
        tr = owner.exec("SELECT status, received_by, received_at IS NOT NULL FROM transfers"
                        " WHERE id = $1",
                        {id});
        QCOMPARE(tr.text(0, 0), QStringLiteral("received"));
        QCOMPARE(tr.text(0, 1), QStringLiteral("manager"));
        QVERIFY(tr.toBool(0, 2));
        m = owner.exec("SELECT reason, d_on_hand, d_incoming, ref_id, note, actor"
                       " FROM stock_movements WHERE id > $1",
                       {lastMove});
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.text(0, 0), QStringLiteral("transfer_receive"));
        QCOMPARE(m.toInt(0, 1), 30);
        QCOMPARE(m.toInt(0, 2), -30);
        QCOMPARE(m.toLongLong(0, 3), id);
        QCOMPARE(m.text(0, 4), QStringLiteral("all there"));
        QCOMPARE(m.text(0, 5), QStringLiteral("manager"));
        e = owner.exec("SELECT type, payload, actor FROM events WHERE id > $1", {lastEvent});
        QCOMPARE(e.rows(), 1);
        QCOMPARE(json(e, 0, 1).value(QLatin1String("reason")).toString(),
                 QStringLiteral("transfer_receive"));
        QCOMPARE(json(e, 0, 1).value(QLatin1String("location")).toString(), QStringLiteral("ST2"));
        QCOMPARE(json(e, 0, 1).value(QLatin1String("on_hand")).toInt(), 30);
        QCOMPARE(e.text(0, 2), QStringLiteral("manager"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // Receiving it twice is refused and changes nothing.
        const QString before = snapshot(owner);
        const DbError again =
            expectError([&] { clerk.exec("SELECT stock_transfer_receive($1)", {id}); });
        QCOMPARE(again.sqlState(), QStringLiteral("SP007"));
        QVERIFY2(again.message().contains(QLatin1String("manager")), qPrintable(again.message()));
        QCOMPARE(snapshot(owner), before);
    }

    void transferToLocationWithoutLevel()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        owner.execScript("INSERT INTO products (sku, name, category, price, cost)"
                         " VALUES ('NEW-2', 'New', 'New', 1, 1)");
        Connection clerk(db.clerk());
        clerk.exec("SELECT stock_receive('NEW-2', 'WH2', 4)");
        const qint64 id = json(clerk.exec("SELECT stock_transfer('NEW-2', 'WH2', 'WEB', 4)"))
                              .value(QLatin1String("transfer_id"))
                              .toInteger();
        QCOMPARE(level(owner, "NEW-2", "WEB").incoming, 4);
        clerk.exec("SELECT stock_transfer_receive($1)", {id});
        QCOMPARE(level(owner, "NEW-2", "WEB").onHand, 4);
        QCOMPARE(level(owner, "NEW-2", "WH2").onHand, 0);
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    // Never more than the figure the units come out of: the refusal gives the numbers, its
    // DETAIL every figure that bounds it, and nothing changes. SKU000002 at WH1 has 60
    // available, 3 in quarantine and 2 damaged.
    void conditionBeyondTheLevelIsRefused_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("sku");
        QTest::addColumn<QString>("location");
        QTest::addColumn<int>("quantity");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("figure");
        QTest::addColumn<int>("value");
        QTest::newRow("damage more than available")
            << QByteArray("SELECT stock_damage($1, $2, $3, 'dropped')") << "SKU000002"
            << "WH1" << 61 << "Only 60 of SKU000002 available at WH1; cannot mark 61 as damaged."
            << "available" << 60;
        QTest::newRow("quarantine more than available")
            << QByteArray("SELECT stock_quarantine($1, $2, $3, 'check')") << "SKU000002"
            << "WH1" << 61 << "Only 60 of SKU000002 available at WH1; cannot put 61 in quarantine."
            << "available" << 60;
        QTest::newRow("write off more than damaged")
            << QByteArray("SELECT stock_write_off($1, $2, $3, 'binned')") << "SKU000002"
            << "WH1" << 3 << "Only 2 of SKU000002 damaged at WH1; cannot write off 3."
            << "damaged" << 2;
        QTest::newRow("write off undamaged stock")
            << QByteArray("SELECT stock_write_off($1, $2, $3, 'binned')") << "SKU000001"
            << "WH1" << 1 << "Only 0 of SKU000001 damaged at WH1; cannot write off 1."
            << "damaged" << 0;
        QTest::newRow("release more than in quarantine")
            << QByteArray("SELECT stock_release($1, $2, $3, 'checked')") << "SKU000002"
            << "WH1" << 4 << "Only 3 of SKU000002 in quarantine at WH1; cannot release 4."
            << "quarantine" << 3;
        QTest::newRow("damage where nothing is")
            << QByteArray("SELECT stock_damage($1, $2, $3, 'dropped')") << "SKU000001"
            << "WEB" << 1 << "Only 0 of SKU000001 available at WEB; cannot mark 1 as damaged."
            << "available" << 0;
    }

    void conditionBeyondTheLevelIsRefused()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, sku);
        QFETCH(QString, location);
        QFETCH(int, quantity);
        QFETCH(QString, message);
        QFETCH(QString, figure);
        QFETCH(int, value);
        const QString before = snapshot(*m_owner);
        const DbError e = expectError([&] {
            m_manager->exec(sql, toParams({sku, location, quantity}));
        });
        QCOMPARE(e.sqlState(), QStringLiteral("SP004"));
        QCOMPARE(e.message(), message);
        QCOMPARE(e.field(), QStringLiteral("quantity"));
        const QJsonObject detail = QJsonDocument::fromJson(e.detail().toUtf8()).object();
        QCOMPARE(detail.value(figure).toInt(-1), value);
        QCOMPARE(snapshot(*m_owner), before);
    }

    // A transfer received short: the units that came are on hand, the rest are lost in transit
    // with a ledger row and an event of their own, and the destination expects nothing more.
    void partialReceiveRecordsTheLoss()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const qint64 id = json(clerk.exec("SELECT stock_transfer('SKU000005', 'WH1', 'ST2', 30)"))
                              .value(QLatin1String("transfer_id"))
                              .toInteger();
        const qint64 lastEvent = maxId(owner, "events");
        const qint64 lastMove = maxId(owner, "stock_movements");

        const QJsonObject r = json(clerk.exec(
            "SELECT stock_transfer_receive_counted($1, 26, '4 crushed in the van')", {id}));
        QCOMPARE(r.value(QLatin1String("received")).toInt(), 26);
        QCOMPARE(r.value(QLatin1String("lost")).toInt(), 4);
        QCOMPARE(r.value(QLatin1String("transfer_id")).toInteger(), id);
        QCOMPARE(r.value(QLatin1String("on_hand")).toInt(), 26);
        QCOMPARE(r.value(QLatin1String("incoming")).toInt(), 0);
        const Level to = level(owner, "SKU000005", "ST2");
        QCOMPARE(to.onHand, 26);
        QCOMPARE(to.incoming, 0);
        QCOMPARE(to.available, 26);
        QCOMPARE(level(owner, "SKU000005", "WH1").onHand, 70); // the source is untouched

        const Result t = owner.exec("SELECT status, received_quantity, lost_quantity, received_by"
                                    " FROM transfers WHERE id = $1",
                                    {id});
        QCOMPARE(t.text(0, 0), QStringLiteral("received"));
        QCOMPARE(t.toInt(0, 1), 26);
        QCOMPARE(t.toInt(0, 2), 4);
        QCOMPARE(t.text(0, 3), QStringLiteral("clerk"));

        const Result m = owner.exec("SELECT reason, d_on_hand, d_incoming, ref_type, ref_id, note,"
                                    " actor FROM stock_movements WHERE id > $1 ORDER BY id",
                                    {lastMove});
        QCOMPARE(m.rows(), 2);
        QCOMPARE(m.text(0, 0), QStringLiteral("transfer_receive"));
        QCOMPARE(m.toInt(0, 1), 26);
        QCOMPARE(m.toInt(0, 2), -26);
        QCOMPARE(m.text(1, 0), QStringLiteral("transfer_lost"));
        QCOMPARE(m.toInt(1, 1), 0);
        QCOMPARE(m.toInt(1, 2), -4);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(m.text(row, 3), QStringLiteral("transfer"));
            QCOMPARE(m.toLongLong(row, 4), id);
            QCOMPARE(m.text(row, 5), QStringLiteral("4 crushed in the van"));
            QCOMPARE(m.text(row, 6), QStringLiteral("clerk"));
        }
        const Result e =
            owner.exec("SELECT type, payload FROM events WHERE id > $1 ORDER BY id", {lastEvent});
        QCOMPARE(e.rows(), 2);
        QCOMPARE(json(e, 0, 1).value(QLatin1String("reason")).toString(),
                 QStringLiteral("transfer_receive"));
        QCOMPARE(json(e, 0, 1).value(QLatin1String("quantity")).toInt(), 26);
        QCOMPARE(json(e, 1, 1).value(QLatin1String("reason")).toString(),
                 QStringLiteral("transfer_lost"));
        QCOMPARE(json(e, 1, 1).value(QLatin1String("quantity")).toInt(), 4);
        QCOMPARE(json(e, 1, 1).value(QLatin1String("transfer_id")).toInteger(), id);
        QCOMPARE(json(e, 1, 1).value(QLatin1String("location")).toString(), QStringLiteral("ST2"));
        for (int row = 0; row < 2; ++row)
            QCOMPARE(e.text(row, 0), QStringLiteral("InventoryUpdate"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // Receiving it again, counted or in full, is refused by its id and changes nothing.
        const QString before = snapshot(owner);
        for (const char* sql : {"SELECT stock_transfer_receive_counted($1, 4)",
                                "SELECT stock_transfer_receive($1)"}) {
            const DbError again = expectError([&] { clerk.exec(sql, {id}); });
            QCOMPARE(again.sqlState(), QStringLiteral("SP007"));
            QCOMPARE(again.field(), QStringLiteral("transfer"));
            QVERIFY2(again.message().contains(
                         QStringLiteral("Transfer %1 was already received").arg(id)) &&
                         again.message().contains(QLatin1String("(26 of 30 units arrived)")),
                     qPrintable(again.message()));
        }
        QCOMPARE(snapshot(owner), before);
    }

    // A shipment that never arrives is recordable: nothing comes on hand, the whole quantity is
    // lost, one ledger row and one event; more than was sent is refused, naming the field.
    void wholeTransferLostAndOverCount()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const qint64 id = json(clerk.exec("SELECT stock_transfer('SKU000004', 'ST1', 'WEB', 6)"))
                              .value(QLatin1String("transfer_id"))
                              .toInteger();
        QCOMPARE(level(owner, "SKU000004", "WEB").incoming, 6);

        const QString before = snapshot(owner);
        const DbError over =
            expectError([&] { clerk.exec("SELECT stock_transfer_receive_counted($1, 7)", {id}); });
        QCOMPARE(over.sqlState(), QStringLiteral("SP003"));
        QCOMPARE(over.field(), QStringLiteral("received_quantity"));
        QCOMPARE(over.message(),
                 QStringLiteral("Transfer %1 has 6 units in transit; a received quantity of 7 is "
                                "more than that.")
                     .arg(id));
        QCOMPARE(snapshot(owner), before);

        const qint64 lastEvent = maxId(owner, "events");
        const qint64 lastMove = maxId(owner, "stock_movements");
        const QJsonObject r =
            json(clerk.exec("SELECT stock_transfer_receive_counted($1, 0, 'never came')", {id}));
        QCOMPARE(r.value(QLatin1String("lost")).toInt(), 6);
        const Level web = level(owner, "SKU000004", "WEB");
        QCOMPARE(web.onHand, 0);
        QCOMPARE(web.incoming, 0);
        const Result m = owner.exec("SELECT reason, d_on_hand, d_incoming FROM stock_movements"
                                    " WHERE id > $1",
                                    {lastMove});
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.text(0, 0), QStringLiteral("transfer_lost"));
        QCOMPARE(m.toInt(0, 1), 0);
        QCOMPARE(m.toInt(0, 2), -6);
        QCOMPARE(owner.exec("SELECT count(*) FROM events WHERE id > $1", {lastEvent}).toInt(0, 0),
                 1);
        QCOMPARE(
            owner.exec("SELECT received_quantity, lost_quantity FROM transfers WHERE id = $1", {id})
                .text(0, 0),
            QStringLiteral("0"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // The table holds the same rule: received and lost add up to what was sent.
        const DbError check = expectError(
            [&] { owner.exec("UPDATE transfers SET lost_quantity = 5 WHERE id = $1", {id}); });
        QCOMPARE(check.sqlState(), QStringLiteral("23514"));
    }

    // Damage, write-off, quarantine and release move exactly their figures, each with a ledger
    // row (the reason as its note) and an event; writing off is a manager's, and a clerk gets
    // the database's refusal. After the whole sequence the ledger replays to the levels.
    void conditionsMoveUnitsAndKeepTheLedger()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        Connection manager(db.manager());
        Connection admin(db.admin());
        struct Step
        {
            Connection* as;
            const char* sql;
            int quantity;
            const char* reason; // the ledger's and the event's
            Level after;        // at SKU000001 / ST1 (10 on hand to begin with)
            int dOnHand, dQuarantine, dDamaged;
        };
        const QList<Step> steps{
            {&clerk,
             "SELECT stock_damage('SKU000001', 'ST1', $1, ' dropped ')",
             3,
             "damage",
             {10, 0, 0, 0, 0, 3, 7},
             0,
             0,
             3},
            {&manager,
             "SELECT stock_write_off('SKU000001', 'ST1', $1, 'binned')",
             2,
             "write_off",
             {8, 0, 0, 0, 0, 1, 7},
             -2,
             0,
             -2},
            {&clerk,
             "SELECT stock_quarantine('SKU000001', 'ST1', $1, 'returned, open box')",
             4,
             "quarantine",
             {8, 0, 0, 0, 4, 1, 3},
             0,
             4,
             0},
            {&clerk,
             "SELECT stock_release('SKU000001', 'ST1', $1, 'checked, fine')",
             3,
             "quarantine_release",
             {8, 0, 0, 0, 1, 1, 6},
             0,
             -3,
             0},
            {&admin,
             "SELECT stock_write_off('SKU000001', 'ST1', $1, 'binned too')",
             1,
             "write_off",
             {7, 0, 0, 0, 1, 0, 6},
             -1,
             0,
             -1},
        };
        for (const Step& step : steps) {
            const qint64 lastEvent = maxId(owner, "events");
            const qint64 lastMove = maxId(owner, "stock_movements");
            const QJsonObject r = json(step.as->exec(step.sql, {step.quantity}));
            const Level l = level(owner, "SKU000001", "ST1");
            const Level& want = step.after;
            QVERIFY2(l.onHand == want.onHand && l.quarantine == want.quarantine &&
                         l.damaged == want.damaged && l.available == want.available,
                     step.sql);
            QCOMPARE(r.value(QLatin1String("available")).toInt(), want.available);
            QCOMPARE(r.value(QLatin1String("damaged")).toInt(), want.damaged);
            const Result m = owner.exec("SELECT reason, d_on_hand, d_reserved, d_committed,"
                                        " d_incoming, d_quarantine, d_damaged, note, actor"
                                        " FROM stock_movements WHERE id > $1",
                                        {lastMove});
            QCOMPARE(m.rows(), 1);
            QCOMPARE(m.text(0, 0), QString::fromLatin1(step.reason));
            QCOMPARE(m.toInt(0, 1), step.dOnHand);
            QCOMPARE(m.toInt(0, 2) + m.toInt(0, 3) + m.toInt(0, 4), 0);
            QCOMPARE(m.toInt(0, 5), step.dQuarantine);
            QCOMPARE(m.toInt(0, 6), step.dDamaged);
            QVERIFY(!m.text(0, 7).startsWith(QLatin1Char(' '))); // trimmed
            const Result e =
                owner.exec("SELECT type, payload, actor FROM events WHERE id > $1", {lastEvent});
            QCOMPARE(e.rows(), 1);
            QCOMPARE(e.text(0, 0), QStringLiteral("InventoryUpdate"));
            QCOMPARE(json(e, 0, 1).value(QLatin1String("reason")).toString(),
                     QString::fromLatin1(step.reason));
            QCOMPARE(json(e, 0, 1).value(QLatin1String("quantity")).toInt(), step.quantity);
            QCOMPARE(json(e, 0, 1).value(QLatin1String("note")).toString(), m.text(0, 7));
            QCOMPARE(e.text(0, 2), m.text(0, 8));
            QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
        }

        // A clerk may not write off; the database says so and nothing changes.
        const QString before = snapshot(owner);
        const DbError refused = expectError(
            [&] { clerk.exec("SELECT stock_write_off('SKU000001', 'ST1', 1, 'binned')"); });
        QCOMPARE(refused.sqlState(), QStringLiteral("42501"));
        QVERIFY2(refused.message().contains(QLatin1String("stock_write_off")),
                 qPrintable(refused.message()));
        QCOMPARE(snapshot(owner), before);

        // A count below the damaged and quarantined units says how to free them.
        const DbError count = expectError(
            [&] { manager.exec("SELECT stock_adjust('SKU000001', 'ST1', 0, 'count')"); });
        QCOMPARE(count.sqlState(), QStringLiteral("SP008"));
        QVERIFY2(count.hint().contains(QLatin1String("Write damaged units off")),
                 qPrintable(count.hint()));
        QCOMPARE(snapshot(owner), before);
    }

    // The same through the C++ service the program uses.
    void throughStockOperations()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());
        sp::inventory::StockOperations ops(manager);

        QCOMPARE(ops.receive(QStringLiteral("SKU000003"), QStringLiteral("ST2"), 5)
                     .value(QLatin1String("on_hand"))
                     .toInt(),
                 5);
        QCOMPARE(ops.adjust(QStringLiteral("SKU000003"), QStringLiteral("ST2"), 4,
                            QStringLiteral("one missing"))
                     .value(QLatin1String("available"))
                     .toInt(),
                 4);
        const QJsonObject t = ops.transfer(QStringLiteral("SKU000003"), QStringLiteral("WH1"),
                                           QStringLiteral("ST2"), 10, QStringLiteral("refill"));
        const qint64 id = t.value(QLatin1String("transfer_id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(ops.receiveTransfer(id).value(QLatin1String("on_hand")).toInt(), 14);
        const qint64 shortId = ops.transfer(QStringLiteral("SKU000003"), QStringLiteral("WH1"),
                                            QStringLiteral("ST2"), 5)
                                   .value(QLatin1String("transfer_id"))
                                   .toInteger();
        const QJsonObject counted = ops.receiveTransfer(shortId, 3, QStringLiteral("2 missing"));
        QCOMPARE(counted.value(QLatin1String("on_hand")).toInt(), 17);
        QCOMPARE(counted.value(QLatin1String("lost")).toInt(), 2);
        using sp::inventory::ConditionChange;
        QCOMPARE(ops.changeCondition(ConditionChange::Damage, QStringLiteral("SKU000003"),
                                     QStringLiteral("ST2"), 2, QStringLiteral("torn"))
                     .value(QLatin1String("damaged"))
                     .toInt(),
                 2);
        QCOMPARE(ops.changeCondition(ConditionChange::WriteOff, QStringLiteral("SKU000003"),
                                     QStringLiteral("ST2"), 2, QStringLiteral("binned"))
                     .value(QLatin1String("on_hand"))
                     .toInt(),
                 15);
        QCOMPARE(ops.changeCondition(ConditionChange::Quarantine, QStringLiteral("SKU000003"),
                                     QStringLiteral("ST2"), 5, QStringLiteral("recall"))
                     .value(QLatin1String("available"))
                     .toInt(),
                 10);
        QCOMPARE(ops.changeCondition(ConditionChange::Release, QStringLiteral("SKU000003"),
                                     QStringLiteral("ST2"), 5, QStringLiteral("fine"))
                     .value(QLatin1String("available"))
                     .toInt(),
                 15);
        QCOMPARE(level(owner, "SKU000003", "WH1").onHand, 85);
        // An empty note is stored as NULL, not as an empty string.
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM stock_movements WHERE reason = "
                           "'transfer_receive' AND note IS NULL AND ref_id = $1",
                           {QString::number(id)})
                     .toInt(0, 0),
                 1);

        const qint64 pendingId = ops.transfer(QStringLiteral("SKU000003"), QStringLiteral("WH1"),
                                              QStringLiteral("WH2"), 1)
                                     .value(QLatin1String("transfer_id"))
                                     .toInteger();
        const QString before = snapshot(owner);
        struct Case
        {
            const char* state;
            std::function<void()> call;
        };
        const QList<Case> cases{
            {"SP001",
             [&] {
                 ops.receive(QStringLiteral("NOPE"), QStringLiteral("WH1"), 1);
             }},
            {"SP002",
             [&] {
                 ops.receive(QStringLiteral("SKU000001"), QStringLiteral("X"), 1);
             }},
            {"SP003",
             [&] {
                 ops.receive(QStringLiteral("SKU000001"), QStringLiteral("WH1"), 0);
             }},
            {"SP004",
             [&] {
                 ops.transfer(QStringLiteral("SKU000001"), QStringLiteral("ST1"),
                              QStringLiteral("ST2"), 11);
             }},
            {"SP005",
             [&] {
                 ops.transfer(QStringLiteral("SKU000001"), QStringLiteral("ST1"),
                              QStringLiteral("ST1"), 1);
             }},
            {"SP006",
             [&] {
                 ops.adjust(QStringLiteral("SKU000001"), QStringLiteral("ST1"), 1, QString());
             }},
            {"SP007",
             [&] {
                 ops.receiveTransfer(id);
             }},
            {"SP009",
             [&] {
                 ops.adjust(QStringLiteral("SKU000001"), QStringLiteral("ST1"), 1,
                            QString(600, QLatin1Char('y')));
             }},
            {"SP003",
             [&] {
                 ops.receiveTransfer(pendingId, -1);
             }},
            {"SP004",
             [&] {
                 ops.changeCondition(sp::inventory::ConditionChange::Release,
                                     QStringLiteral("SKU000001"), QStringLiteral("ST1"), 1,
                                     QStringLiteral("checked"));
             }},
        };
        for (const Case& c : cases) {
            const DbError e = expectError(c.call);
            QVERIFY2(e.is(c.state),
                     qPrintable(QStringLiteral("%1 expected, got %2 %3")
                                    .arg(QLatin1String(c.state), e.sqlState(), e.message())));
            QVERIFY(!e.message().isEmpty());
        }
        const DbError sp004 = expectError(cases.at(3).call);
        QCOMPARE(QJsonDocument::fromJson(sp004.detail().toUtf8())
                     .object()
                     .value(QLatin1String("available"))
                     .toInt(-1),
                 10);
        QCOMPARE(snapshot(owner), before);
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Connection> m_manager;
    qint64 m_receivedTransfer = 0;
    qint64 m_transitTransfer = 0;
};

QTEST_GUILESS_MAIN(TestStockFunctions)
#include "tst_stockfunctions.moc"
