// The endpoint's SQL functions, called the way the server calls them (as the endpoint login,
// which sees no table): holds never oversell under concurrency, multi-SKU carts neither deadlock
// nor oversell, lapsed holds come back exactly once with two sweepers, idempotency keys replay,
// and the ledger stays exact throughout.

#include "db/pgconnection.h"
#include "endpointlogin.h"
#include "inventory/holdsservice.h"
#include "orders/ordersservice.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <atomic>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

using namespace sp::db;

namespace {

ConnectionSettings endpointSettings(const sp::test::TestDatabase& db)
{
    return sp::test::endpointLogin(db);
}

QJsonObject json(const Result& r, int row = 0, int col = 0)
{
    return QJsonDocument::fromJson(r.bytes(row, col)).object();
}

int available(Connection& owner, const char* sku, const char* location)
{
    return owner
        .exec("SELECT s.available FROM stock_levels s JOIN products p ON p.id = s.product_id "
              "JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {sku, location})
        .toInt(0, 0);
}

int auditRows(Connection& owner)
{
    return owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0);
}

// One hold: a group of one, which answers every hold.
const char* HoldSql = "SELECT answer FROM api_hold_create_group(ARRAY[$1::text], ARRAY[$2::text], "
                      "ARRAY[$3::text], ARRAY[$4::text], ARRAY[$5::text], ARRAY[$6::int], "
                      "ARRAY[$7::int])";
const char* SetItemSql = "SELECT api_cart_set_item($1, $2, $3, $4, $5, 300, 1000, 50)";
const QString TokenHashA = QString(64, QLatin1Char('a'));

} // namespace

class TestEndpointSql : public QObject
{
    Q_OBJECT

private slots:
    void endpointRoleSeesNoTable()
    {
        sp::test::TestDatabase db;
        Connection c(endpointSettings(db));
        QCOMPARE(c.currentUser(), QStringLiteral("stockpilot_server"));
        for (const char* sql :
             {"SELECT count(*) FROM stock_levels", "SELECT count(*) FROM holds",
              "SELECT count(*) FROM api_keys", "SELECT stock_receive('x', 'y', 1)"}) {
            try {
                c.exec(sql);
                QFAIL(sql);
            } catch (const DbError& e) {
                QCOMPARE(e.sqlState(), QStringLiteral("42501"));
            }
        }
    }

    void holdReleaseConfirm()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));

        QJsonObject inv = json(c.exec("SELECT api_inventory('SKU000001')"));
        QCOMPARE(inv[u"status"].toInt(), 200);
        QJsonObject body = inv[u"body"].toObject();
        QCOMPARE(body[u"total_stock"].toInt(), 110);
        QCOMPARE(body[u"online_stock"].toInt(), 0);
        QCOMPARE(body[u"warehouse_stock"].toObject()[u"WH1"].toInt(), 100);
        QCOMPARE(body[u"store_stock"].toObject()[u"ST1"].toInt(), 10);

        QJsonObject hold = json(c.exec(HoldSql, {"key:1", "k1", "f1", "SKU000001", "ST1", 3, 300}));
        QCOMPARE(hold[u"status"].toInt(), 201);
        QCOMPARE(hold[u"body"].toObject()[u"remaining_stock"].toInt(), 7);
        const QString holdId = hold[u"body"].toObject()[u"hold_id"].toString();
        QCOMPARE(available(owner, "SKU000001", "ST1"), 7);

        // Another caller cannot release it.
        QCOMPARE(json(c.exec("SELECT api_hold_release('key:2', $1)", {holdId}))[u"status"].toInt(),
                 404);
        QJsonObject released = json(c.exec("SELECT api_hold_release('key:1', $1)", {holdId}));
        QCOMPARE(released[u"body"].toObject()[u"restored_stock"].toInt(), 3);
        QCOMPARE(available(owner, "SKU000001", "ST1"), 10);
        // Releasing twice restores nothing more.
        released = json(c.exec("SELECT api_hold_release('key:1', $1)", {holdId}));
        QCOMPARE(released[u"body"].toObject()[u"restored_stock"].toInt(), 0);
        QCOMPARE(available(owner, "SKU000001", "ST1"), 10);

        hold = json(c.exec(HoldSql, {"key:1", "k2", "f2", "SKU000001", "ST1", 4, 300}));
        const QString second = hold[u"body"].toObject()[u"hold_id"].toString();
        QJsonObject confirmed = json(c.exec("SELECT api_hold_confirm('key:1', $1)", {second}));
        QCOMPARE(confirmed[u"status"].toInt(), 200);
        const QString order = confirmed[u"body"].toObject()[u"order_id"].toString();
        QVERIFY(!order.isEmpty());
        // Confirming again gives the same order and commits nothing more.
        confirmed = json(c.exec("SELECT api_hold_confirm('key:1', $1)", {second}));
        QCOMPARE(confirmed[u"body"].toObject()[u"order_id"].toString(), order);
        const Result level = owner.exec(
            "SELECT reserved, committed, available FROM stock_levels s JOIN products p ON "
            "p.id = s.product_id JOIN locations l ON l.id = s.location_id "
            "WHERE p.sku = 'SKU000001' AND l.code = 'ST1'");
        QCOMPARE(level.toInt(0, 0), 0);
        QCOMPARE(level.toInt(0, 1), 4);
        QCOMPARE(level.toInt(0, 2), 6);
        QCOMPARE(json(c.exec("SELECT api_hold_release('key:1', $1)", {second}))[u"status"].toInt(),
                 409);
        QCOMPARE(auditRows(owner), 0);
    }

    void shortHoldOffersAlternatives()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const QJsonObject r =
            json(c.exec(HoldSql, {"key:1", "k1", "f1", "SKU000001", "ST1", 11, 300}));
        QCOMPARE(r[u"status"].toInt(), 409);
        const QJsonObject body = r[u"body"].toObject();
        QCOMPARE(body[u"available"].toInt(), 10);
        const QJsonArray alternatives = body[u"alternatives"].toArray();
        QVERIFY(!alternatives.isEmpty());
        QVERIFY(alternatives.size() <= 5);
        // Same category only, the most similar first (same colour and price: the L size).
        QCOMPARE(alternatives[0].toObject()[u"sku"].toString(), QStringLiteral("SKU000002"));
        for (const auto& a : alternatives) {
            QVERIFY(a.toObject()[u"why"].toString().contains(QLatin1String("same category")));
            QVERIFY(a.toObject()[u"available"].toInt() >= 11);
        }
        QCOMPARE(available(owner, "SKU000001", "ST1"), 10);
    }

    void idempotentReplay()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const QByteArray first =
            c.exec(HoldSql, {"key:1", "same", "fp", "SKU000002", "WH1", 5, 300}).bytes(0, 0);
        const QJsonObject replay =
            json(c.exec(HoldSql, {"key:1", "same", "fp", "SKU000002", "WH1", 5, 300}));
        QVERIFY(replay[u"replayed"].toBool());
        QCOMPARE(replay[u"body"].toObject(),
                 QJsonDocument::fromJson(first).object()[u"body"].toObject());
        QCOMPARE(
            json(c.exec(HoldSql, {"key:1", "same", "other", "SKU000002", "WH1", 6, 300}))[u"status"]
                .toInt(),
            422);
        // The same key from another caller is another request.
        QCOMPARE(
            json(c.exec(HoldSql, {"key:2", "same", "fp", "SKU000002", "WH1", 5, 300}))[u"status"]
                .toInt(),
            201);
        QCOMPARE(owner.exec("SELECT count(*) FROM holds").toInt(0, 0), 2);
        QCOMPARE(available(owner, "SKU000002", "WH1"), 90);
        // Records older than 24 hours are purged by the housekeeping job.
        owner.exec("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'");
        const QJsonObject job = json(c.exec("SELECT endpoint_housekeeping()"));
        QCOMPARE(job[u"purged"].toInt(), 2);
    }

    // Holds in a group, one call (migration 012): each hold the group makes is answered and
    // recorded as it would be alone, in the group's order; every other one is left to a group
    // of its own (NULL), except a key held by a request in flight (409).
    void holdGroups()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const char* GroupSql = "SELECT item, answer FROM api_hold_create_group($1, $2, $3, $4, "
                               "$5, $6, $7) ORDER BY item";
        auto group = [&](const QStringList& keys, const QStringList& skus,
                         const QStringList& locations, const QList<int>& quantities) {
            const auto n = keys.size();
            return c.exec(GroupSql, {QStringList(n, QStringLiteral("key:1")), keys,
                                     QStringList(n, QStringLiteral("fp")), skus, locations,
                                     quantities, QList<int>(n, 300)});
        };
        // A lapsed hold of all ten units of SKU000005 at ST1: free again for the group.
        const QJsonObject lapsed =
            json(c.exec(HoldSql, {"key:1", "old", "fp", "SKU000005", "ST1", 10, 300}));
        const QString lapsedId = lapsed[u"body"].toObject()[u"hold_id"].toString();
        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = $1",
                   {lapsedId});

        owner.exec("SELECT stock_receive('SKU000004', 'WEB', 3)");
        const Result r =
            group({"g1", "g2", "g3", "g1", "g4", "g5", "g6", "g7", "g8", "g9"},
                  {"SKU000002", "SKU000001", "SKU000001", "SKU000002", "NOPE", "SKU000003",
                   "SKU000004", "SKU000004", "SKU000004", "SKU000005"},
                  {"WH1", "ST1", "ST1", "WH1", "WH1", "ST1", "online", "online", "online", "ST1"},
                  {5, 8, 3, 5, 1, 11, 1, 2, 1, 4});
        QCOMPARE(r.rows(), 10);
        const QJsonObject first = json(r, 0, 1);
        QCOMPARE(first[u"status"].toInt(), 201);
        QCOMPARE(first[u"body"].toObject()[u"remaining_stock"].toInt(), 95);
        QCOMPARE(first[u"body"].toObject()[u"location"].toString(), QStringLiteral("WH1"));
        const QJsonObject second = json(r, 1, 1)[u"body"].toObject();
        QCOMPARE(second[u"remaining_stock"].toInt(), 2);
        QCOMPARE(second[u"message"].toString(), QStringLiteral("only 2 left"));
        // Not done here, each for its own reason, and so left to a group of one: short
        // after the hold before it, the same key again, an unknown SKU, short from the start.
        for (int row : {2, 3, 4, 5})
            QVERIFY2(r.isNull(row, 1), qPrintable(QString::number(row)));
        // Holds of one level in turn, each answered as if it had run alone just then.
        const QJsonObject web1 = json(r, 6, 1)[u"body"].toObject();
        const QJsonObject web2 = json(r, 7, 1)[u"body"].toObject();
        QCOMPARE(web1[u"location"].toString(), QStringLiteral("online"));
        QCOMPARE(web1[u"remaining_stock"].toInt(), 2);
        QCOMPARE(web2[u"remaining_stock"].toInt(), 0);
        QCOMPARE(web2[u"message"].toString(), QStringLiteral("that was the last one"));
        QVERIFY(r.isNull(8, 1)); // none left for the third
        QCOMPARE(json(r, 9, 1)[u"body"].toObject()[u"remaining_stock"].toInt(), 6);

        QCOMPARE(available(owner, "SKU000002", "WH1"), 95);
        QCOMPARE(available(owner, "SKU000001", "ST1"), 2);
        QCOMPARE(available(owner, "SKU000003", "ST1"), 10);
        QCOMPARE(available(owner, "SKU000005", "ST1"), 6);
        QCOMPARE(owner.exec("SELECT status FROM holds WHERE id = $1", {lapsedId}).text(0, 0),
                 QStringLiteral("expired"));
        QCOMPARE(available(owner, "SKU000004", "WEB"), 0);
        QCOMPARE(owner.exec("SELECT count(*) FROM holds WHERE status = 'active'").toInt(0, 0), 5);
        QCOMPARE(owner.exec("SELECT count(*) FROM idempotency_keys").toInt(0, 0), 6);
        // Each hold's event, with the figures a reader of a lone hold's events expects.
        auto event = [&owner](const QJsonObject& hold) {
            return owner
                .exec("SELECT concat_ws(' ', payload->>'location', payload->>'available', "
                      "payload->>'reserved', payload->>'quantity') FROM events "
                      "WHERE payload->>'reason' = 'hold' AND payload->>'hold_id' = $1",
                      {hold[u"hold_id"].toString()})
                .text(0, 0);
        };
        QCOMPARE(event(second), QStringLiteral("ST1 2 8 8"));
        QCOMPARE(event(web1), QStringLiteral("WEB 2 1 1"));
        QCOMPARE(event(web2), QStringLiteral("WEB 0 3 2"));
        QCOMPARE(auditRows(owner), 0);

        // A key already used goes alone (to be replayed there); a key that a request still in
        // flight holds is answered at once.
        Connection other(db.owner());
        other.exec("BEGIN");
        other.exec("SELECT pg_advisory_xact_lock(hashtextextended('key:1 POST /hold busy', "
                   "20261121))");
        const Result again =
            group({"g1", "busy"}, {"SKU000002", "SKU000002"}, {"WH1", "WH1"}, {5, 5});
        other.exec("ROLLBACK");
        QVERIFY(again.isNull(0, 1));
        const QJsonObject busy = json(again, 1, 1);
        QCOMPARE(busy[u"status"].toInt(), 409);
        QCOMPARE(busy[u"body"].toObject()[u"type"].toString().section(QLatin1Char('/'), -1),
                 QStringLiteral("request-in-progress"));
        QCOMPARE(available(owner, "SKU000002", "WH1"), 95);

        // Arrays that do not line up are refused whole.
        try {
            c.exec(GroupSql, {QStringList{"key:1", "key:1"}, QStringList{"h1", "h2"},
                              QStringList{"fp", "fp"}, QStringList{"SKU000004"},
                              QStringList{"WH1", "WH1"}, QList<int>{1, 1}, QList<int>{300, 300}});
            QFAIL("a group with a missing SKU was taken");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("SP009"));
        }
        QCOMPARE(available(owner, "SKU000004", "WH1"), 100);
        QCOMPARE(auditRows(owner), 0);
    }

    // A hold that a group leaves out goes again as a group of one, which answers it as the
    // lone-hold function did: the first hold's answer again for its key, 404 for an unknown SKU
    // or location, 409 with what is available and the alternatives, each recorded under its
    // key; a key older than a day is forgotten and the hold taken.
    void leftOutHoldsAnsweredAlone()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const Result r = c.exec(
            "SELECT item, answer FROM api_hold_create_group($1, $2, $3, $4, $5, $6, $7) "
            "ORDER BY item",
            {QStringList(4, QStringLiteral("key:1")), QStringList{"a1", "a1", "a2", "a3"},
             QStringList(4, QStringLiteral("fp")),
             QStringList{"SKU000001", "SKU000001", "NOPE", "SKU000001"},
             QStringList{"ST1", "ST1", "ST1", "ST1"}, QList<int>{8, 8, 1, 3}, QList<int>(4, 300)});
        QCOMPARE(r.rows(), 4);
        const QJsonObject first = json(r, 0, 1);
        QCOMPARE(first[u"status"].toInt(), 201);
        for (int row : {1, 2, 3})
            QVERIFY2(r.isNull(row, 1), qPrintable(QString::number(row)));

        const QJsonObject again =
            json(c.exec(HoldSql, {"key:1", "a1", "fp", "SKU000001", "ST1", 8, 300}));
        QCOMPARE(again[u"status"].toInt(), 201);
        QVERIFY(again[u"replayed"].toBool());
        QCOMPARE(again[u"body"].toObject(), first[u"body"].toObject());

        const QJsonObject unknown =
            json(c.exec(HoldSql, {"key:1", "a2", "fp", "NOPE", "ST1", 1, 300}));
        QCOMPARE(unknown, QJsonObject({{"status", 404},
                                       {"body", QJsonObject({{"type", "https://stockpilot.invalid/"
                                                                      "problems/unknown-sku"},
                                                             {"title", "Unknown SKU"},
                                                             {"status", 404},
                                                             {"detail", "There is no product "
                                                                        "\"NOPE\"."}})}}));
        QCOMPARE(
            json(c.exec(HoldSql, {"key:1", "a4", "fp", "SKU000001", "NOWHERE", 1, 300}))[u"body"]
                .toObject()[u"type"]
                .toString()
                .section(QLatin1Char('/'), -1),
            QStringLiteral("unknown-location"));

        const QJsonObject shortHold =
            json(c.exec(HoldSql, {"key:1", "a3", "fp", "SKU000001", "ST1", 3, 300}));
        QCOMPARE(shortHold[u"status"].toInt(), 409);
        QJsonObject body = shortHold[u"body"].toObject();
        QCOMPARE(body[u"detail"].toString(),
                 QStringLiteral("Only 2 of SKU000001 available at ST1; cannot hold 3."));
        QCOMPARE(body[u"requested"].toInt(), 3);
        QCOMPARE(body[u"available"].toInt(), 2);
        QCOMPARE(body[u"sku"].toString(), QStringLiteral("SKU000001"));
        QCOMPARE(body[u"location"].toString(), QStringLiteral("ST1"));
        QVERIFY(!body[u"alternatives"].toArray().isEmpty());
        // Recorded: the same key gets the refusal again, even once stock came back.
        owner.exec("SELECT stock_receive('SKU000001', 'ST1', 5)");
        const QJsonObject replayed =
            json(c.exec(HoldSql, {"key:1", "a3", "fp", "SKU000001", "ST1", 3, 300}));
        QVERIFY(replayed[u"replayed"].toBool());
        QCOMPARE(replayed[u"body"].toObject(), body);
        QCOMPARE(
            json(c.exec(HoldSql, {"key:1", "a3", "other", "SKU000001", "ST1", 3, 300}))[u"status"]
                .toInt(),
            422);

        // A day later the key means nothing any more: the hold is taken.
        owner.exec("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' "
                   "WHERE key = 'a3'");
        const QJsonObject later =
            json(c.exec(HoldSql, {"key:1", "a3", "fp", "SKU000001", "ST1", 3, 300}));
        QCOMPARE(later[u"status"].toInt(), 201);
        QVERIFY(!later.contains(u"replayed"));
        QCOMPARE(later[u"body"].toObject()[u"remaining_stock"].toInt(), 4);
        QCOMPARE(available(owner, "SKU000001", "ST1"), 4);
        QCOMPARE(owner.exec("SELECT count(*) FROM holds WHERE status = 'active'").toInt(0, 0), 2);
        QCOMPARE(auditRows(owner), 0);
    }

    // The references of hold and ledger rows are checked per statement (migration 013), as
    // strictly as the foreign keys they replace.
    void holdAndLedgerReferencesChecked_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::newRow("hold of an unknown product, among known ones")
            << QByteArray("INSERT INTO holds (product_id, location_id, quantity, caller, "
                          "expires_at) SELECT p, 1, 1, 'x', now() FROM unnest(ARRAY[(SELECT "
                          "min(id) FROM products), 999999]) p");
        QTest::newRow("hold at an unknown location")
            << QByteArray("INSERT INTO holds (product_id, location_id, quantity, caller, "
                          "expires_at) SELECT min(id), 99, 1, 'x', now() FROM products");
        QTest::newRow("ledger row of an unknown product")
            << QByteArray("INSERT INTO stock_movements (product_id, location_id, reason) "
                          "VALUES (999999, 1, 'x')");
        QTest::newRow("ledger row at an unknown location")
            << QByteArray("INSERT INTO stock_movements (product_id, location_id, reason) "
                          "SELECT min(id), 99, 'x' FROM products");
        QTest::newRow("hold moved to an unknown product")
            << QByteArray("UPDATE holds SET product_id = 999999");
        QTest::newRow("hold moved to an unknown location")
            << QByteArray("UPDATE holds SET location_id = 98");
    }

    void holdAndLedgerReferencesChecked()
    {
        QFETCH(QByteArray, sql);
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "r1", "fp", "SKU000001", "ST1", 1, 300}))[u"status"]
                     .toInt(),
                 201);
        auto rows = [&owner] {
            return owner
                .exec("SELECT concat_ws(' ', (SELECT string_agg(row(h.*)::text, ';') FROM holds h),"
                      " (SELECT count(*) FROM stock_movements))")
                .text(0, 0);
        };
        const QString before = rows();
        try {
            owner.exec(sql);
            QFAIL("a row naming a missing product or location was written");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("23503"));
        }
        QCOMPARE(rows(), before);
    }

    void namedProductsAndLocationsStay()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        // Rows that only a hold or only the ledger names, with no stock row to refuse first.
        owner.exec("INSERT INTO products (sku, name, category, price, cost) VALUES "
                   "('HELD', 'Held', 'Hats', 1, 1), ('LEDGER', 'Ledger', 'Hats', 1, 1), "
                   "('FREE', 'Free', 'Hats', 1, 1)");
        owner.exec("INSERT INTO locations (code, name, kind, latitude, longitude) VALUES "
                   "('L1', 'Held', 'store', 0, 0), ('L2', 'Ledger', 'store', 0, 0)");
        owner.exec("INSERT INTO holds (product_id, location_id, quantity, caller, expires_at) "
                   "SELECT p.id, l.id, 1, 'x', now() FROM products p, locations l "
                   "WHERE p.sku = 'HELD' AND l.code = 'L1'");
        owner.exec("INSERT INTO stock_movements (product_id, location_id, reason) "
                   "SELECT p.id, l.id, 'x' FROM products p, locations l "
                   "WHERE p.sku = 'LEDGER' AND l.code = 'L2'");
        const QList<QPair<const char*, const char*>> refused = {
            {"DELETE FROM products WHERE sku = 'HELD'", "holds name it"},
            {"DELETE FROM products WHERE sku = 'LEDGER'", "ledger rows name it"},
            {"DELETE FROM locations WHERE code = 'L1'", "holds name it"},
            {"DELETE FROM locations WHERE code = 'L2'", "ledger rows name it"}};
        for (const auto& [remove, why] : refused) {
            try {
                owner.exec(remove);
                QFAIL(remove);
            } catch (const DbError& e) {
                QCOMPARE(e.sqlState(), QStringLiteral("23503"));
                QVERIFY2(e.message().contains(QLatin1String(why)), qPrintable(e.message()));
            }
        }
        owner.exec("DELETE FROM products WHERE sku = 'FREE'");
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM products WHERE sku IN ('HELD', 'LEDGER', "
                           "'FREE')")
                     .toInt(0, 0),
                 2);
    }

    // TRUNCATE skips the delete guards: products and locations refuse it while holds name
    // them, even with no ledger row yet (with ledger rows it is the ledger's 42501, tst_roles).
    void truncateKeepsNamedRows()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        owner.exec("INSERT INTO products (sku, name, category, price, cost) VALUES "
                   "('HELD', 'Held', 'Hats', 1, 1)");
        owner.exec("INSERT INTO locations (code, name, kind, latitude, longitude) VALUES "
                   "('L1', 'Held', 'store', 0, 0)");
        owner.exec("INSERT INTO holds (product_id, location_id, quantity, caller, expires_at) "
                   "SELECT p.id, l.id, 1, 'x', now() FROM products p, locations l");
        for (const char* truncate : {"TRUNCATE products CASCADE", "TRUNCATE locations CASCADE"}) {
            try {
                owner.exec(truncate);
                QFAIL(truncate);
            } catch (const DbError& e) {
                QCOMPARE(e.sqlState(), QStringLiteral("23503"));
            }
        }
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM holds JOIN products p ON p.id = product_id "
                           "JOIN locations l ON l.id = location_id")
                     .toInt(0, 0),
                 1);
        owner.exec("DELETE FROM holds");
        owner.exec("TRUNCATE products, locations CASCADE");
        QCOMPARE(owner.exec("SELECT count(*) FROM products").toInt(0, 0), 0);
    }

    void concurrentHoldsNeverOversell()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        owner.exec("SELECT stock_receive('SKU000003', 'WEB', 50)");
        constexpr int Clients = 64;
        std::latch ready(Clients);
        std::atomic<int> created{0}, refused{0}, errors{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            threads.emplace_back([&, i] {
                // A client that cannot connect still arrives, so that the others do not wait
                // for it for ever: the test fails on the error count instead of hanging.
                std::optional<Connection> c;
                try {
                    c.emplace(endpointSettings(db));
                } catch (const DbError& e) {
                    qWarning("client %d: %s", i, qPrintable(e.message()));
                    errors++;
                }
                ready.arrive_and_wait();
                if (!c)
                    return;
                try {
                    const QJsonObject r = json(c->exec(HoldSql, {"key:1", QString::number(i), "fp",
                                                                 "SKU000003", "online", 1, 300}));
                    (r[u"status"].toInt() == 201 ? created : refused)++;
                } catch (const DbError& e) {
                    qWarning("client %d: %s", i, qPrintable(e.message()));
                    errors++;
                }
            });
        }
        for (auto& t : threads)
            t.join();
        QCOMPARE(errors.load(), 0);
        QCOMPARE(created.load(), 50);
        QCOMPARE(refused.load(), Clients - 50);
        QCOMPARE(available(owner, "SKU000003", "WEB"), 0);
        QCOMPARE(owner.exec("SELECT sum(quantity) FROM holds WHERE status = 'active'").toInt(0, 0),
                 50);
        QCOMPARE(auditRows(owner), 0);
    }

    void multiSkuCartsNeitherDeadlockNorOversell()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        constexpr int Carts = 16;
        std::latch ready(Carts);
        std::atomic<int> placed{0}, errors{0};
        QStringList failures;
        QMutex failureMutex;
        std::vector<std::thread> threads;
        for (int i = 0; i < Carts; ++i) {
            threads.emplace_back([&, i] {
                try {
                    Connection c(endpointSettings(db));
                    const QString hash = QString(64, QLatin1Char('0' + i % 10));
                    const QString cart = json(c.exec("SELECT api_cart_create($1)", {hash}))[u"body"]
                                             .toObject()[u"cart_id"]
                                             .toString();
                    QStringList skus = {"SKU000001", "SKU000002", "SKU000003", "SKU000004",
                                        "SKU000005"};
                    QRandomGenerator rng(quint32(i + 1));
                    std::shuffle(skus.begin(), skus.end(), rng);
                    ready.arrive_and_wait();
                    for (const QString& sku : skus)
                        c.exec(SetItemSql, {cart, hash, sku, 2 + int(rng.bounded(4)), "ST1"});
                    const QJsonObject r =
                        json(c.exec("SELECT api_cart_checkout($1, $2, $3, 'fp', 52.5, 13.4)",
                                    {cart, hash, QStringLiteral("co-%1").arg(i)}));
                    if (r[u"status"].toInt() == 201)
                        placed++;
                } catch (const DbError& e) {
                    QMutexLocker lock(&failureMutex);
                    failures << e.sqlState() + QLatin1Char(' ') + e.message();
                    errors++;
                }
            });
        }
        for (auto& t : threads)
            t.join();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QVERIFY(placed.load() > 0);
        // No figure below zero anywhere (the CHECK constraints would have refused it), and
        // what was committed is what the orders say.
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_levels WHERE available < 0").toInt(0, 0),
                 0);
        QCOMPARE(owner.exec("SELECT sum(committed) FROM stock_levels").toLongLong(0, 0),
                 owner.exec("SELECT coalesce(sum(quantity), 0) FROM order_lines").toLongLong(0, 0));
        QCOMPARE(owner.exec("SELECT count(*) FROM orders").toInt(0, 0), placed.load());
        QCOMPARE(auditRows(owner), 0);
    }

    void lapsedHoldsAreNotReserved()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "a", "f", "SKU000004", "ST1", 10, 300}))[u"status"]
                     .toInt(),
                 201);
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "b", "f", "SKU000004", "ST1", 1, 300}))[u"status"]
                     .toInt(),
                 409);
        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second'");
        // Reads count the lapsed units as available at once, before any sweeper ran.
        const QJsonObject avail =
            json(c.exec("SELECT api_availability('SKU000004', 'ST1', 10)"))[u"body"].toObject();
        QCOMPARE(avail[u"current_stock"].toInt(), 10);
        QVERIFY(avail[u"available"].toBool());
        // A new hold ends the lapsed one in its own transaction and gets the units.
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "c", "f", "SKU000004", "ST1", 10, 300}))[u"status"]
                     .toInt(),
                 201);
        QCOMPARE(owner.exec("SELECT count(*) FROM holds WHERE status = 'expired'").toInt(0, 0), 1);
        QCOMPARE(auditRows(owner), 0);
    }

    // GET /inventory for many SKUs in one statement (018), as the endpoint reads what its cache
    // lacks: each SKU once, with the answer api_inventory gives for it, lapsed holds counted as
    // free, and the time until the product's next hold lapses.
    void inventoryEntriesInOneStatement()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        owner.exec("SELECT stock_receive('SKU000002', 'WEB', 7)");
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "a", "f", "SKU000001", "ST1", 3, 300}))[u"status"]
                     .toInt(),
                 201);
        QCOMPARE(json(c.exec(HoldSql, {"key:1", "b", "f", "SKU000004", "WH1", 40, 300}))[u"status"]
                     .toInt(),
                 201);
        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second' WHERE quantity = 40");

        const QStringList asked = {"SKU000004", "NOPE",      "SKU000001",
                                   "SKU000002", "SKU000001", "SKU000003"};
        const Result r = c.exec("SELECT sku, status, body::text, product_id, next_lapse_ms"
                                " FROM api_inventory_entries($1) ORDER BY sku",
                                {asked});
        QCOMPARE(r.rows(), 5);
        const auto body = [&r](int row) {
            return QJsonDocument::fromJson(r.bytes(row, 2)).object();
        };
        const auto stock = [&body](int row, const char* kind) {
            return body(row)[QLatin1String(kind)].toObject().toVariantMap();
        };
        const QVariantMap noStores = {{"ST1", 10}, {"ST2", 0}};
        const QVariantMap warehouses = {{"WH1", 100}, {"WH2", 0}};

        QCOMPARE(r.text(0, 0), QStringLiteral("NOPE"));
        QCOMPARE(r.toInt(0, 1), 404);
        QCOMPARE(body(0)[u"type"].toString(),
                 QStringLiteral("https://stockpilot.invalid/problems/unknown-sku"));
        QVERIFY(r.isNull(0, 3));
        QVERIFY(r.isNull(0, 4));

        QCOMPARE(r.text(1, 0), QStringLiteral("SKU000001"));
        QCOMPARE(r.toInt(1, 1), 200);
        QCOMPARE(body(1)[u"sku"].toString(), QStringLiteral("SKU000001"));
        QCOMPARE(body(1)[u"online_stock"].toInt(), 0);
        QCOMPARE(stock(1, "store_stock"), (QVariantMap{{"ST1", 7}, {"ST2", 0}}));
        QCOMPARE(stock(1, "warehouse_stock"), warehouses);
        QCOMPARE(body(1)[u"total_stock"].toInt(), 107);
        const qint64 lapse = r.toLongLong(1, 4);
        QVERIFY2(lapse > 290'000 && lapse <= 300'000, qPrintable(QString::number(lapse)));

        QCOMPARE(body(2)[u"online_stock"].toInt(), 7);
        QCOMPARE(body(2)[u"total_stock"].toInt(), 117);
        QVERIFY(r.isNull(2, 4)); // no hold

        QCOMPARE(body(3)[u"total_stock"].toInt(), 110);
        QCOMPARE(stock(3, "store_stock"), noStores);

        // The lapsed hold of 40 holds nothing, and is not a lapse to come.
        QCOMPARE(r.text(4, 0), QStringLiteral("SKU000004"));
        QCOMPARE(stock(4, "warehouse_stock"), warehouses);
        QCOMPARE(body(4)[u"total_stock"].toInt(), 110);
        QVERIFY(r.isNull(4, 4));

        // The one-SKU functions answer the same.
        for (int row = 0; row < r.rows(); ++row) {
            const QString sku = r.text(row, 0);
            const QJsonObject one = json(c.exec("SELECT api_inventory($1)", {sku}));
            QCOMPARE(one[u"status"].toInt(), r.toInt(row, 1));
            QCOMPARE(one[u"body"].toObject(), body(row));
            const Result entry = c.exec("SELECT status, body::text, product_id, next_lapse_ms"
                                        " FROM api_inventory_entry($1)",
                                        {sku});
            QCOMPARE(entry.toInt(0, 0), r.toInt(row, 1));
            QCOMPARE(entry.bytes(0, 1), r.bytes(row, 2));
            QCOMPARE(entry.isNull(0, 2), r.isNull(row, 3));
            QCOMPARE(entry.isNull(0, 3), r.isNull(row, 4));
        }

        // More than a statement may read: refused, nothing guessed.
        QStringList many;
        for (int i = 0; i < 1001; ++i)
            many.append(QStringLiteral("SKU%1").arg(i, 6, 10, QLatin1Char('0')));
        try {
            c.exec("SELECT count(*) FROM api_inventory_entries($1)", {many});
            QFAIL("1001 SKUs were read");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("SP009"));
        }
    }

    void twoSweepersReturnStockOnce()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        for (int i = 0; i < 100; ++i)
            c.exec(HoldSql, {"key:1", QString::number(i), "f", i % 2 ? "SKU000001" : "SKU000005",
                             "WH1", 1, 300});
        QCOMPARE(available(owner, "SKU000001", "WH1"), 50);
        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second'");
        std::latch ready(2);
        std::atomic<int> swept{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 2; ++i) {
            threads.emplace_back([&] {
                Connection s(endpointSettings(db));
                ready.arrive_and_wait();
                for (int round = 0; round < 10; ++round)
                    swept += s.exec("SELECT hold_expire_sweep(7)").toInt(0, 0);
            });
        }
        for (auto& t : threads)
            t.join();
        QCOMPARE(swept.load(), 100);
        QCOMPARE(available(owner, "SKU000001", "WH1"), 100);
        QCOMPARE(available(owner, "SKU000005", "WH1"), 100);
        QCOMPARE(owner.exec("SELECT count(*) FROM stock_movements WHERE reason = 'hold_expire'")
                     .toInt(0, 0),
                 100);
        QCOMPARE(c.exec("SELECT hold_expire_sweep(1000)").toInt(0, 0), 0);
        QCOMPARE(auditRows(owner), 0);
    }

    // The sweeper ends lapsed holds in batches of 100, each its own short transaction, so a
    // hold waits for one batch's row locks at most, never for the whole backlog.
    void sweeperWorksInShortBatches()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        owner.exec("SELECT stock_receive('SKU000003', 'WEB', 1000)");
        owner.exec("INSERT INTO holds (product_id, location_id, quantity, caller, expires_at) "
                   "SELECT p.id, l.id, 1, 'key:1', now() - interval '1 second' "
                   "FROM products p, locations l, generate_series(1, 250) "
                   "WHERE p.sku = 'SKU000003' AND l.code = 'WEB'");
        owner.exec("INSERT INTO stock_movements (product_id, location_id, reason, d_reserved) "
                   "SELECT product_id, location_id, 'hold', 250 FROM stock_levels "
                   "WHERE product_id = (SELECT id FROM products WHERE sku = 'SKU000003') "
                   "AND location_id = (SELECT id FROM locations WHERE code = 'WEB')");
        owner.exec("UPDATE stock_levels SET reserved = reserved + 250 "
                   "WHERE product_id = (SELECT id FROM products WHERE sku = 'SKU000003') "
                   "AND location_id = (SELECT id FROM locations WHERE code = 'WEB')");
        QCOMPARE(available(owner, "SKU000003", "WEB"), 750);
        QCOMPARE(auditRows(owner), 0);

        QJsonObject swept = sp::inventory::sweepLapsedHolds(c, 2);
        QCOMPARE(swept[u"expired"].toInt(), 200);
        QCOMPARE(swept[u"batches"].toInt(), 2);
        swept = sp::inventory::sweepLapsedHolds(c);
        QCOMPARE(swept[u"ran"].toBool(), true);
        QCOMPARE(swept[u"expired"].toInt(), 50);
        QCOMPARE(swept[u"batches"].toInt(), 1);
        QCOMPARE(available(owner, "SKU000003", "WEB"), 1000);
        // One transaction per batch (now() is the transaction's start).
        QCOMPARE(owner.exec("SELECT count(DISTINCT ended_at) FROM holds").toInt(0, 0), 3);
        QCOMPARE(auditRows(owner), 0);
        QCOMPARE(sp::inventory::sweepLapsedHolds(c)[u"expired"].toInt(), 0);
    }

    // A hold group and the sweeper look up a few keys each and must read through indexes
    // whatever the statistics say (migration 015). Their plans are made once per session, and
    // in a new database they are made from statistics that call holds and idempotency_keys
    // empty: a plan with a sequential scan there would read the whole table for every group,
    // for as long as the session lasts, while the table grows. Nor may they read a partial index
    // of holds whole, which such a plan also believes cheap (migration 016).
    void groupsAndSweeperReadThroughIndexes()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        owner.execScript("ANALYZE holds; ANALYZE idempotency_keys;");
        Connection c(endpointSettings(db));
        const char* GroupSql = "SELECT count(answer) FROM api_hold_create_group($1, $2, $3, $4, "
                               "$5, $6, $7)";
        auto group = [&](const QString& prefix) {
            const QStringList skus = {"SKU000001", "SKU000002", "SKU000003", "SKU000001"};
            QStringList keys;
            for (qsizetype i = 0; i < skus.size(); ++i)
                keys.append(prefix + QString::number(i));
            return c
                .exec(GroupSql, {QStringList(skus.size(), QStringLiteral("key:1")), keys,
                                 QStringList(skus.size(), QStringLiteral("fp")), skus,
                                 QStringList(skus.size(), QStringLiteral("WH1")),
                                 QList<int>(skus.size(), 1), QList<int>(skus.size(), 300)})
                .toInt(0, 0);
        };
        // Tables of the hold path that this transaction read from start to end.
        auto scannedWhole = [&c] {
            const Result r = c.exec(
                "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_stat_xact_user_tables "
                "WHERE seq_scan > 0 AND relname IN ('holds', 'idempotency_keys', 'stock_levels', "
                "'products', 'stock_movements', 'events')");
            return r.text(0, 0);
        };

        // Entries of the hold indexes this transaction read, in all and by index.
        auto holdEntriesRead = [&c](QString& byIndex) {
            const Result r = c.exec(
                "SELECT sum(n)::integer, string_agg(format('%s %s', i, n), ', ' ORDER BY i) FROM "
                "(SELECT indexrelid::regclass::text AS i, "
                "pg_stat_get_xact_tuples_returned(indexrelid) AS n FROM pg_index "
                "WHERE indrelid = 'holds'::regclass) r");
            byIndex = r.text(0, 1);
            return r.toInt(0, 0);
        };

        QCOMPARE(group(QStringLiteral("first-")), 4); // plans made from "empty"
        // A lapsed hold at a level of the next group, keys used before, and 300 active holds
        // at a level it does not touch, which none of its lookups may read.
        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = "
                   "(SELECT min(id::text)::uuid FROM holds)");
        owner.exec("SELECT stock_receive('SKU000004', 'WH1', 1000)");
        QCOMPARE(owner
                     .exec("SELECT count(answer) FROM api_hold_create_group("
                           "array_fill('key:1'::text, ARRAY[300]),"
                           " ARRAY(SELECT 'other-' || i FROM generate_series(1, 300) i),"
                           " array_fill('fp'::text, ARRAY[300]),"
                           " array_fill('SKU000004'::text, ARRAY[300]),"
                           " array_fill('WH1'::text, ARRAY[300]), array_fill(1, ARRAY[300]),"
                           " array_fill(300, ARRAY[300]))")
                     .toInt(0, 0),
                 300);
        c.exec("BEGIN");
        QCOMPARE(group(QStringLiteral("second-")), 4);
        QCOMPARE(scannedWhole(), QString());
        // Its three levels have four active holds between them, one of them lapsed: finding
        // that one and ending it reads a few entries, not the other level's 300.
        QString byIndex;
        const int read = holdEntriesRead(byIndex);
        QVERIFY2(read <= 10, qPrintable(QStringLiteral("hold index entries read: ") + byIndex));
        c.exec("COMMIT");
        QCOMPARE(owner.exec("SELECT count(*) FROM holds WHERE status = 'expired'").toInt(0, 0), 1);

        owner.exec("UPDATE holds SET expires_at = now() - interval '1 second' WHERE status = "
                   "'active' AND id = (SELECT min(id::text)::uuid FROM holds WHERE status = "
                   "'active')");
        c.exec("BEGIN");
        QCOMPARE(c.exec("SELECT endpoint_housekeeping()->>'expired'").toInt(0, 0), 1);
        QCOMPARE(scannedWhole(), QString());
        QVERIFY2(holdEntriesRead(byIndex) <= 10,
                 qPrintable(QStringLiteral("hold index entries read: ") + byIndex));
        c.exec("COMMIT");
        QCOMPARE(auditRows(owner), 0);
    }

    void checkoutBuildsAFulfilmentPlan()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const QString cart = json(c.exec("SELECT api_cart_create($1)", {TokenHashA}))[u"body"]
                                 .toObject()[u"cart_id"]
                                 .toString();
        // Another token sees nothing.
        QCOMPARE(json(c.exec("SELECT api_cart_get($1, $2)",
                             {cart, QString(64, QLatin1Char('b'))}))[u"status"]
                     .toInt(),
                 404);
        QJsonObject r = json(c.exec(SetItemSql, {cart, TokenHashA, "SKU000001", 8, "ST1"}));
        QCOMPARE(r[u"status"].toInt(), 200);
        QCOMPARE(r[u"body"].toObject()[u"message"].toString(), QStringLiteral("only 2 left"));
        r = json(c.exec(SetItemSql, {cart, TokenHashA, "SKU000004", 20, "WH1"}));
        QCOMPARE(r[u"status"].toInt(), 200);
        // Resize down.
        r = json(c.exec(SetItemSql, {cart, TokenHashA, "SKU000004", 15, "WH1"}));
        QCOMPARE(r[u"body"].toObject()[u"total_units"].toInt(), 23);
        QCOMPARE(available(owner, "SKU000004", "WH1"), 85);

        // The customer is next to WH1, which has everything: one shipment from there.
        r = json(c.exec("SELECT api_cart_checkout($1, $2, 'co1', 'fp', 52.60, 13.30)",
                        {cart, TokenHashA}));
        QCOMPARE(r[u"status"].toInt(), 201);
        const QJsonObject order = r[u"body"].toObject();
        const QJsonArray plan = order[u"fulfilment_plan"].toArray();
        QVERIFY(!plan.isEmpty());
        const QJsonObject best = plan[0].toObject();
        QCOMPARE(best[u"splits"].toInt(), 0);
        QCOMPARE(best[u"shipments"].toArray()[0].toObject()[u"location"].toString(),
                 QStringLiteral("WH1"));
        QVERIFY(best[u"reason"].toString().contains(QLatin1String("no split")));
        for (int i = 1; i < plan.size(); ++i)
            QVERIFY(plan[i].toObject()[u"splits"].toInt() >=
                    plan[i - 1].toObject()[u"splits"].toInt());
        // The units held at ST1 were released there and committed at WH1.
        QCOMPARE(available(owner, "SKU000001", "ST1"), 10);
        QCOMPARE(available(owner, "SKU000001", "WH1"), 92);
        QCOMPARE(owner.exec("SELECT sum(reserved) FROM stock_levels").toInt(0, 0), 0);
        QCOMPARE(owner.exec("SELECT sum(committed) FROM stock_levels").toInt(0, 0), 23);
        QCOMPARE(owner.exec("SELECT count(*) FROM fulfilment_plans WHERE chosen").toInt(0, 0), 1);
        // Replay gives the same order; the cart is closed.
        QCOMPARE(json(c.exec("SELECT api_cart_checkout($1, $2, 'co1', 'fp', 52.60, 13.30)",
                             {cart, TokenHashA}))[u"body"]
                     .toObject()[u"order_id"],
                 order[u"order_id"]);
        QCOMPARE(json(c.exec("SELECT api_cart_checkout($1, $2, 'co2', 'fp', 52.60, 13.30)",
                             {cart, TokenHashA}))[u"status"]
                     .toInt(),
                 409);
        QCOMPARE(auditRows(owner), 0);

        // Staff move the line to another source; it is recorded.
        Connection manager(db.manager());
        manager.exec(
            "SELECT staff_order_override_source($1, 1::smallint, 'ST1', 'picked up in store')",
            {order[u"order_id"].toString()});
        QCOMPARE(owner.exec("SELECT count(*) FROM order_source_overrides").toInt(0, 0), 1);
        QCOMPARE(auditRows(owner), 0);
    }

    void staffServices()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const QString cart = json(c.exec("SELECT api_cart_create($1)", {TokenHashA}))[u"body"]
                                 .toObject()[u"cart_id"]
                                 .toString();
        c.exec(SetItemSql, {cart, TokenHashA, "SKU000002", 3, "ST1"});
        c.exec(HoldSql, {"key:1", "p1", "f", "SKU000005", "WH1", 2, 300});

        Connection clerk(db.clerk());
        QList<sp::inventory::HoldRow> holds = sp::inventory::HoldsService::liveHolds(clerk);
        QCOMPARE(holds.size(), 2);
        holds =
            sp::inventory::HoldsService::liveHolds(clerk, {QStringLiteral("sku000002"), {}, 10});
        QCOMPARE(holds.size(), 1);
        QCOMPARE(holds[0].cartId, cart);
        QCOMPARE(holds[0].location, QStringLiteral("ST1"));
        holds = sp::inventory::HoldsService::liveHolds(clerk, {{}, cart.left(8), 10});
        QCOMPARE(holds.size(), 1);
        const QDateTime before = holds[0].expiresAt;
        QVERIFY(before.isValid());

        try {
            sp::inventory::HoldsService::extend(clerk, holds[0].id, 0,
                                                QStringLiteral("customer called"));
            QFAIL("extended by nothing");
        } catch (const DbError& e) {
            // The function names the input it refused.
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::InvalidArgument));
            QCOMPARE(e.field(), QStringLiteral("seconds"));
        }
        sp::inventory::HoldsService::extend(clerk, holds[0].id, 600,
                                            QStringLiteral("customer called"));
        QCOMPARE(sp::inventory::HoldsService::liveHolds(clerk, {{}, cart, 10})[0].expiresAt,
                 before.addSecs(600));
        // A reason is required; nothing changes without one.
        QVERIFY_THROWS_EXCEPTION(DbError,
                                 sp::inventory::HoldsService::release(clerk, holds[0].id, {}));
        sp::inventory::HoldsService::release(clerk, holds[0].id, QStringLiteral("duplicate order"));
        QCOMPARE(available(owner, "SKU000002", "ST1"), 10);
        try {
            sp::inventory::HoldsService::release(clerk, holds[0].id, QStringLiteral("again"));
            QFAIL("released twice");
        } catch (const DbError& e) {
            // Its own code, not the one of a suggestion someone else decided.
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::HoldNotActive));
            QVERIFY(!e.is(sp::db::sqlstate::AlreadyDecided));
        }

        c.exec(SetItemSql, {cart, TokenHashA, "SKU000001", 4, "ST1"});
        const QJsonObject order = json(c.exec(
            "SELECT api_cart_checkout($1, $2, 'k', 'fp', 52.52, 13.40)", {cart, TokenHashA}));
        QCOMPARE(order[u"status"].toInt(), 201);
        QList<sp::orders::Order> orders = sp::orders::OrdersService::recentOrders(clerk);
        QCOMPARE(orders.size(), 1);
        QCOMPARE(orders[0].lines.size(), 1);
        QVERIFY(!orders[0].plans.isEmpty());
        QVERIFY(orders[0].plans[0].chosen);
        QVERIFY(!orders[0].plans[0].reason.isEmpty());
        const QString from = orders[0].lines[0].location;
        const QString to =
            from == QLatin1String("WH1") ? QStringLiteral("ST1") : QStringLiteral("WH1");
        // Clerks may not override; managers may, and it is recorded.
        QVERIFY_THROWS_EXCEPTION(DbError, sp::orders::OrdersService::overrideSource(
                                              clerk, orders[0].id, 1, to, QStringLiteral("x")));
        Connection manager(db.manager());
        sp::orders::OrdersService::overrideSource(manager, orders[0].id, 1, to,
                                                  QStringLiteral("van leaves from there"));
        orders = sp::orders::OrdersService::recentOrders(clerk);
        QCOMPARE(orders[0].lines[0].location, to);
        QCOMPARE(orders[0].overrides.size(), 1);
        QCOMPARE(orders[0].overrides[0].from, from);
        QCOMPARE(orders[0].overrides[0].reason, QStringLiteral("van leaves from there"));
        QCOMPARE(orders[0].overrides[0].actor, QStringLiteral("manager"));
        QCOMPARE(auditRows(owner), 0);
    }

    void cartCaps()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection c(endpointSettings(db));
        const QString cart = json(c.exec("SELECT api_cart_create($1)", {TokenHashA}))[u"body"]
                                 .toObject()[u"cart_id"]
                                 .toString();
        const char* capped = "SELECT api_cart_set_item($1, $2, $3, $4, 'WH1', 300, 10, 2)";
        QCOMPARE(json(c.exec(capped, {cart, TokenHashA, "SKU000001", 6}))[u"status"].toInt(), 200);
        QCOMPARE(json(c.exec(capped, {cart, TokenHashA, "SKU000002", 5}))[u"status"].toInt(), 422);
        QCOMPARE(json(c.exec(capped, {cart, TokenHashA, "SKU000002", 4}))[u"status"].toInt(), 200);
        QCOMPARE(json(c.exec(capped, {cart, TokenHashA, "SKU000003", 0 + 1}))[u"status"].toInt(),
                 422);
        QCOMPARE(owner.exec("SELECT sum(reserved) FROM stock_levels").toInt(0, 0), 10);
        QCOMPARE(auditRows(owner), 0);
    }
};

QTEST_GUILESS_MAIN(TestEndpointSql)
#include "tst_endpointsql.moc"
