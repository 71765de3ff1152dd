// The endpoint over real loopback sockets against a real database: every route and the partner
// API shapes, idempotency (also 16 concurrent requests with one key), 64 concurrent holds on 50
// units, cart isolation, a table of hostile requests that must each get their 4xx and change
// nothing, the server's own limits, the expiry sweeper, and a database restart while serving.

#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "db/pgconnection.h"
#include "endpointlogin.h"
#include "http/availabilitycache.h"
#include "http/endpointserver.h"
#include "httpclient.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <latch>
#include <mutex>
#include <numeric>
#include <thread>

using namespace sp::db;
using sp::test::Headers;
using sp::test::HttpReply;
using sp::test::request;

namespace {

QByteArray apiKey(Connection& owner, const char* scopes = "{inventory:read,holds:write}")
{
    return owner.exec("SELECT api_key_create('test', $1::text[])", {scopes}).bytes(0, 0);
}

sp::http::EndpointConfig testConfig()
{
    sp::http::EndpointConfig config;
    config.ratePerSecond = 100'000;
    config.rateBurst = 100'000;
    config.dbConnections = 8;
    config.sweepIntervalMs = 0;
    config.limits.requestTimeoutMs = 1000;
    config.limits.idleTimeoutMs = 1500;
    config.apiKeyCacheMs = 300;
    return config;
}

struct Fixture
{
    explicit Fixture(sp::http::EndpointConfig config = testConfig())
        : owner(db.owner())
    {
        sp::test::loadTinyCatalog(owner);
        key = apiKey(owner);
        server = std::make_unique<sp::http::EndpointServer>(sp::test::endpointLogin(db), config);
        if (!server->start(QHostAddress::LocalHost, 0))
            qFatal("cannot start the endpoint: %s", qPrintable(server->errorString()));
        port = server->port();
    }

    Headers auth(const QByteArray& idempotencyKey = {}) const
    {
        Headers h = {{"X-API-Key", key}};
        if (!idempotencyKey.isNull())
            h.append(qMakePair(QByteArray("X-Idempotency-Key"), idempotencyKey));
        return h;
    }

    HttpReply hold(const QByteArray& idem, const QByteArray& body) const
    {
        return request(port, "POST", "/hold", auth(idem), body);
    }

    // Everything a bad request must leave as it was.
    QString snapshot()
    {
        return owner
            .exec("SELECT concat_ws(' ', (SELECT count(*) FROM holds),"
                  " (SELECT sum(reserved) FROM stock_levels),"
                  " (SELECT sum(committed) FROM stock_levels),"
                  " (SELECT count(*) FROM idempotency_keys), (SELECT count(*) FROM carts),"
                  " (SELECT count(*) FROM stock_movements), (SELECT count(*) FROM orders))")
            .text(0, 0);
    }

    int available(const char* sku, const char* location)
    {
        return owner
            .exec("SELECT s.available FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
                  {sku, location})
            .toInt(0, 0);
    }

    int auditRows() { return owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0); }

    sp::test::TestDatabase db;
    Connection owner;
    QByteArray key;
    std::unique_ptr<sp::http::EndpointServer> server;
    quint16 port = 0;
};

bool isProblem(const HttpReply& r)
{
    return r.header("content-type") == "application/problem+json" &&
           r.json()[u"status"].toInt() == r.status && !r.json()[u"title"].toString().isEmpty();
}

// TestEndpoint::ordersAndSales (outside the class: moc cannot read raw string literals).
void checkOrdersAndSales()
{
    Fixture f;
    HttpReply r = request(f.port, "POST", "/carts");
    const QByteArray cart = r.json()[u"cart_id"].toString().toLatin1();
    const Headers token = {{"Authorization", "Bearer " + r.json()[u"token"].toString().toLatin1()}};
    const Headers other = {{"Authorization", "Bearer someone-else"}};
    request(f.port, "POST", "/carts/" + cart + "/items", token,
            R"({"sku":"SKU000002","quantity":2,"location":"ST1"})");
    Headers checkout = token;
    checkout.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray("o-1")));
    r = request(f.port, "POST", "/carts/" + cart + "/checkout", checkout,
                R"({"ship_to":{"latitude":52.52,"longitude":13.40}})");
    QCOMPARE(r.status, 201);
    const QByteArray order = r.json()[u"order_id"].toString().toLatin1();

    r = request(f.port, "GET", "/orders/" + order, token);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"status"].toString(), QStringLiteral("placed"));
    QCOMPARE(r.json()[u"lines"].toArray().size(), 1);
    QCOMPARE(request(f.port, "GET", "/orders/" + order, other).status, 404);
    QCOMPARE(request(f.port, "GET", "/orders/" + order, f.auth()).status, 404);
    QCOMPARE(request(f.port, "GET", "/orders/not-a-uuid", token).status, 404);

    const QString before = f.snapshot();
    Headers cancelOther = other;
    cancelOther.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray("c-1")));
    QCOMPARE(request(f.port, "POST", "/orders/" + order + "/cancel", cancelOther).status, 404);
    QCOMPARE(f.snapshot(), before);
    Headers cancel = token;
    cancel.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray("c-1")));
    r = request(f.port, "POST", "/orders/" + order + "/cancel", cancel,
                R"({"reason":"ordered twice"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"status"].toString(), QStringLiteral("cancelled"));
    QCOMPARE(f.available("SKU000002", "ST1"), 10);
    // The same key: the same answer; another key: refused, as it is cancelled.
    QCOMPARE(request(f.port, "POST", "/orders/" + order + "/cancel", cancel,
                     R"({"reason":"ordered twice"})")
                 .status,
             200);
    cancel.last().second = "c-2";
    r = request(f.port, "POST", "/orders/" + order + "/cancel", cancel);
    QCOMPARE(r.status, 409);
    QVERIFY(isProblem(r));

    // Sales: the holds key has no "sales" scope.
    const QByteArray day = f.owner.exec("SELECT current_date::text").bytes(0, 0);
    const QByteArray batch =
        R"({"sales":[{"sku":"SKU000001","location":"ST1","day":")" + day + R"(","units":3}]})";
    QCOMPARE(request(f.port, "POST", "/sales", f.auth("s-1"), batch).status, 403);
    const QByteArray salesKey = apiKey(f.owner, "{sales}");
    auto sales = [&](const QByteArray& idem) {
        return Headers{{"X-API-Key", salesKey}, {"Idempotency-Key", idem}};
    };
    r = request(f.port, "POST", "/sales", sales("s-1"), batch);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json()[u"units"].toInt(), 3);
    QCOMPARE(f.available("SKU000001", "ST1"), 7);
    QCOMPARE(request(f.port, "POST", "/sales", sales("s-1"), batch).status, 201);
    QCOMPARE(f.available("SKU000001", "ST1"), 7);

    // Every bad line is listed, none is recorded.
    const QString unchanged = f.snapshot();
    r = request(f.port, "POST", "/sales", sales("s-2"),
                R"({"sales":[{"sku":"NOPE","location":"ST1","day":")" + day +
                    R"(","units":1},{"sku":"SKU000001","location":"ST1","day":")" + day +
                    R"(","units":1},{"sku":"SKU000002","location":"ST1","day":")" + day +
                    R"(","units":99}]})");
    QCOMPARE(r.status, 422);
    const QJsonArray errors = r.json()[u"errors"].toArray();
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0].toObject()[u"index"].toInt(), 0);
    QCOMPARE(errors[0].toObject()[u"field"].toString(), QStringLiteral("sku"));
    QCOMPARE(errors[1].toObject()[u"index"].toInt(), 2);
    QCOMPARE(errors[1].toObject()[u"field"].toString(), QStringLiteral("units"));
    QCOMPARE(f.available("SKU000001", "ST1"), 7);
    // A malformed line is refused before the database, naming it.
    r = request(f.port, "POST", "/sales", sales("s-3"),
                R"({"sales":[{"sku":"SKU000001","location":"ST1","day":"tomorrow","units":1}]})");
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json()[u"field"].toString(), QStringLiteral("sales[0].day"));
    QCOMPARE(f.snapshot().section(QLatin1Char(' '), 0, 2),
             unchanged.section(QLatin1Char(' '), 0, 2));
    QCOMPARE(f.auditRows(), 0);
}

// The rows of TestEndpoint::badRequests (outside the class: moc cannot read these literals).
void fillBadRequests()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    const QByteArray key = "X-API-Key: KEY\r\n";
    auto hold = [&key](const QByteArray& body,
                       const QByteArray& extra = "X-Idempotency-Key: b1\r\n",
                       const QByteArray& type = "application/json") -> QByteArray {
        return "POST /hold HTTP/1.1\r\nHost: x\r\n" + key + extra + "Content-Type: " + type +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    QTest::newRow("malformed JSON") << hold(R"({"sku":"SKU000001","quantity":)") << 400 << "";
    QTest::newRow("not an object") << hold("[1,2]") << 422 << "";
    QTest::newRow("quantity -1") << hold(R"({"sku":"SKU000001","quantity":-1})") << 422
                                 << "quantity";
    QTest::newRow("quantity 0") << hold(R"({"sku":"SKU000001","quantity":0})") << 422 << "quantity";
    QTest::newRow("quantity 2^31")
        << hold(R"({"sku":"SKU000001","quantity":2147483648})") << 422 << "quantity";
    QTest::newRow("quantity \"1\"")
        << hold(R"({"sku":"SKU000001","quantity":"1"})") << 422 << "quantity";
    QTest::newRow("quantity 1e308")
        << hold(R"({"sku":"SKU000001","quantity":1e308})") << 422 << "quantity";
    QTest::newRow("quantity 1.5") << hold(R"({"sku":"SKU000001","quantity":1.5})") << 422
                                  << "quantity";
    QTest::newRow("quantity true")
        << hold(R"({"sku":"SKU000001","quantity":true})") << 422 << "quantity";
    QTest::newRow("quantity missing") << hold(R"({"sku":"SKU000001"})") << 422 << "quantity";
    QTest::newRow("sku number") << hold(R"({"sku":12,"quantity":1})") << 422 << "sku";
    QTest::newRow("sku pattern") << hold(R"({"sku":"../etc","quantity":1})") << 422 << "sku";
    QTest::newRow("ttl too long") << hold(R"({"sku":"SKU000001","quantity":1,"ttl":999999})") << 422
                                  << "ttl";
    QTest::newRow("location pattern")
        << hold(R"({"sku":"SKU000001","quantity":1,"location":"a b"})") << 422 << "location";
    QTest::newRow("unknown field")
        << hold(R"({"sku":"SKU000001","quantity":1,"colour":"red"})") << 422 << "colour";
    QTest::newRow("key of 300 characters")
        << hold(R"({"sku":"SKU000001","quantity":1})",
                "X-Idempotency-Key: " + QByteArray(300, 'k') + "\r\n")
        << 400 << "";
    QTest::newRow("key missing") << hold(R"({"sku":"SKU000001","quantity":1})", "") << 400 << "";
    QTest::newRow("wrong content type")
        << hold(R"({"sku":"SKU000001","quantity":1})", "X-Idempotency-Key: b1\r\n", "text/plain")
        << 415 << "";
    QTest::newRow("10 MB body") << hold(R"({"sku":"SKU000001","quantity":1,"pad":")" +
                                        QByteArray(10 << 20, 'x') + "\"}")
                                << 413 << "";
    QTest::newRow("chunked") << QByteArray("POST /hold HTTP/1.1\r\nHost: x\r\n" + key +
                                           "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                             << 411 << "";
    QTest::newRow("headers too large")
        << QByteArray("GET /inventory/SKU000001 HTTP/1.1\r\n" + key +
                      "X-Filler: " + QByteArray(20000, 'f') + "\r\n\r\n")
        << 431 << "";
    QTest::newRow("GET on a POST route")
        << QByteArray("GET /hold HTTP/1.1\r\nHost: x\r\n" + key + "\r\n") << 405 << "";
    QTest::newRow("unknown path") << QByteArray("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n") << 404
                                  << "";
    QTest::newRow("bad hold id") << QByteArray("DELETE /hold/1%20OR%201=1 HTTP/1.1\r\nHost: x\r\n" +
                                               key + "\r\n")
                                 << 404 << "";
    QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400 << "";
    QTest::newRow("availability quantity")
        << QByteArray("GET /inventory/SKU000001/availability?quantity=-3 HTTP/1.1\r\n" + key +
                      "\r\n")
        << 422 << "quantity";
    QTest::newRow("checkout without ship_to")
        << QByteArray("POST /carts/00000000-0000-0000-0000-000000000000/checkout HTTP/1.1\r\n"
                      "Authorization: Bearer t\r\nIdempotency-Key: z\r\n"
                      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        << 422 << "ship_to";
    QTest::newRow("checkout latitude 91")
        << sp::test::rawRequest("POST", "/carts/00000000-0000-0000-0000-000000000000/checkout",
                                {{"Authorization", "Bearer t"}, {"Idempotency-Key", "z"}},
                                R"({"ship_to":{"latitude":91,"longitude":13.4}})")
        << 422 << "ship_to.latitude";
}

} // namespace

class TestEndpoint : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> m_shared; // one server for the rows of badRequests

private slots:
    void healthAndPartnerShapes()
    {
        Fixture f;
        HttpReply r = request(f.port, "GET", "/health");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject({{"status", "healthy"}, {"database", "connected"}}));

        f.owner.exec("SELECT stock_receive('SKU000001', 'WEB', 7)");
        r = request(f.port, "GET", "/inventory/SKU000001", f.auth());
        QCOMPARE(r.status, 200);
        QJsonObject inv = r.json();
        QCOMPARE(inv[u"sku"].toString(), QStringLiteral("SKU000001"));
        QCOMPARE(inv[u"online_stock"].toInt(), 7);
        QCOMPARE(inv[u"store_stock"].toObject(), QJsonObject({{"ST1", 10}, {"ST2", 0}}));
        QCOMPARE(inv[u"warehouse_stock"].toObject(), QJsonObject({{"WH1", 100}, {"WH2", 0}}));
        QCOMPARE(inv[u"total_stock"].toInt(), 117);

        r = request(f.port, "GET", "/inventory/SKU000001/availability?quantity=8&location=online",
                    f.auth());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject({{"sku", "SKU000001"},
                                        {"location", "online"},
                                        {"quantity", 8},
                                        {"available", false},
                                        {"current_stock", 7}}));
        r = request(f.port, "GET", "/inventory/SKU000001/availability?quantity=5&location=ST1",
                    f.auth());
        QCOMPARE(r.json()[u"available"].toBool(), true);
        QCOMPARE(r.json()[u"current_stock"].toInt(), 10);

        r = request(f.port, "GET", "/inventory/NOPE", f.auth());
        QCOMPARE(r.status, 404);
        QVERIFY(isProblem(r));
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001").status, 401);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", "wrong"}}).status,
                 401);
        // A read-only key may not hold.
        const QByteArray readOnly = apiKey(f.owner, "{inventory:read}");
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", readOnly}}).status,
                 200);
        r = request(f.port, "POST", "/hold", {{"X-API-Key", readOnly}, {"X-Idempotency-Key", "x"}},
                    R"({"sku":"SKU000001","quantity":1})");
        QCOMPARE(r.status, 403);
        // A revoked key stops working (after the cache time).
        f.owner.exec("SELECT api_key_revoke(id) FROM api_keys WHERE key_hash = "
                     "encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                     {readOnly});
        QTRY_COMPARE_WITH_TIMEOUT(
            request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", readOnly}}).status, 401,
            8000);
    }

    void holdReleaseConfirm()
    {
        Fixture f;
        HttpReply r = f.hold("h1", R"({"sku":"SKU000002","quantity":4,"location":"ST1","ttl":60})");
        QCOMPARE(r.status, 201);
        QJsonObject hold = r.json();
        for (const char* field :
             {"hold_id", "sku", "location", "quantity", "expires_at", "remaining_stock"})
            QVERIFY2(hold.contains(QLatin1String(field)), field);
        QCOMPARE(hold[u"remaining_stock"].toInt(), 6);
        QCOMPARE(hold[u"location"].toString(), QStringLiteral("ST1"));
        const QByteArray id = hold[u"hold_id"].toString().toLatin1();
        QCOMPARE(f.available("SKU000002", "ST1"), 6);

        // Another partner cannot touch it.
        const QByteArray other = apiKey(f.owner);
        QCOMPARE(request(f.port, "DELETE", "/hold/" + id, {{"X-API-Key", other}}).status, 404);

        r = request(f.port, "DELETE", "/hold/" + id, f.auth());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject({{"status", "released"},
                                        {"hold_id", QString::fromLatin1(id)},
                                        {"restored_stock", 4}}));
        QCOMPARE(f.available("SKU000002", "ST1"), 10);
        r = request(f.port, "POST", "/hold/" + id + "/release", f.auth());
        QCOMPARE(r.json()[u"restored_stock"].toInt(), 0);

        r = f.hold("h2", R"({"sku":"SKU000002","quantity":2,"location":"ST1"})");
        const QByteArray second = r.json()[u"hold_id"].toString().toLatin1();
        r = request(f.port, "POST", "/hold/" + second + "/confirm", f.auth());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"status"].toString(), QStringLiteral("confirmed"));
        QVERIFY(!r.json()[u"order_id"].toString().isEmpty());
        QCOMPARE(f.owner.exec("SELECT sum(committed) FROM stock_levels").toInt(0, 0), 2);
        QCOMPARE(request(f.port, "POST", "/hold/" + second + "/release", f.auth()).status, 409);
        QCOMPARE(request(f.port, "DELETE", "/hold/00000000-0000-0000-0000-000000000000", f.auth())
                     .status,
                 404);

        // Short: 409 with the available amount and alternatives.
        r = f.hold("h3", R"({"sku":"SKU000002","quantity":9,"location":"ST1"})");
        QCOMPARE(r.status, 409);
        QVERIFY(isProblem(r));
        QCOMPARE(r.json()[u"available"].toInt(), 8);
        QVERIFY(!r.json()[u"alternatives"].toArray().isEmpty());
        QCOMPARE(f.auditRows(), 0);
    }

    void idempotencyKeys()
    {
        Fixture f;
        const QByteArray body = R"({"sku":"SKU000003","quantity":2,"location":"WH1"})";
        const HttpReply first = f.hold("k-1", body);
        QCOMPARE(first.status, 201);
        // Same key, same body (other spacing and order): the first response again.
        const HttpReply again =
            f.hold("k-1", R"({ "location": "WH1", "quantity": 2, "sku": "SKU000003" })");
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("idempotent-replayed"), QByteArray("true"));
        // Same key, other body.
        const HttpReply other =
            f.hold("k-1", R"({"sku":"SKU000003","quantity":3,"location":"WH1"})");
        QCOMPARE(other.status, 422);
        QVERIFY(isProblem(other));
        // No key.
        QCOMPARE(request(f.port, "POST", "/hold", f.auth(), body).status, 400);
        // Another caller with the same key makes its own hold.
        const HttpReply theirs =
            request(f.port, "POST", "/hold",
                    {{"X-API-Key", apiKey(f.owner)}, {"X-Idempotency-Key", "k-1"}}, body);
        QCOMPARE(theirs.status, 201);
        QVERIFY(theirs.json()[u"hold_id"] != first.json()[u"hold_id"]);
        QCOMPARE(f.owner.exec("SELECT count(*) FROM holds").toInt(0, 0), 2);
        QCOMPARE(f.available("SKU000003", "WH1"), 96);
    }

    void concurrentRequestsWithOneKey()
    {
        Fixture f;
        constexpr int Clients = 16;
        std::latch ready(Clients);
        std::mutex mutex;
        QList<HttpReply> replies;
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            threads.emplace_back([&] {
                QTcpSocket socket;
                socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
                socket.waitForConnected(5000);
                const QByteArray raw =
                    sp::test::rawRequest("POST", "/hold", f.auth("one-key"),
                                         R"({"sku":"SKU000004","quantity":1,"location":"WH1"})");
                ready.arrive_and_wait();
                const HttpReply r = sp::test::send(socket, raw);
                std::lock_guard lock(mutex);
                replies.append(r);
            });
        }
        for (auto& t : threads)
            t.join();
        QSet<QString> holdIds;
        for (const HttpReply& r : replies) {
            QVERIFY2(r.status == 201 || r.status == 409, r.body.constData());
            if (r.status == 201)
                holdIds.insert(r.json()[u"hold_id"].toString());
            else
                QCOMPARE(r.header("retry-after"), QByteArray("1"));
        }
        QCOMPARE(holdIds.size(), 1);
        QCOMPARE(f.owner.exec("SELECT count(*) FROM holds").toInt(0, 0), 1);
        QCOMPARE(f.available("SKU000004", "WH1"), 99);
    }

    void sixtyFourHoldsOnFifty()
    {
        Fixture f;
        f.owner.exec("SELECT stock_receive('SKU000005', 'WEB', 50)");
        constexpr int Clients = 64;
        std::latch ready(Clients);
        std::atomic<int> created{0}, refused{0}, other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            threads.emplace_back([&, i] {
                QTcpSocket socket;
                socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
                socket.waitForConnected(5000);
                const QByteArray raw =
                    sp::test::rawRequest("POST", "/hold", f.auth("c" + QByteArray::number(i)),
                                         R"({"sku":"SKU000005","quantity":1})");
                ready.arrive_and_wait();
                const int status = sp::test::send(socket, raw).status;
                (status == 201 ? created : status == 409 ? refused : other)++;
            });
        }
        for (auto& t : threads)
            t.join();
        QCOMPARE(other.load(), 0);
        QCOMPARE(created.load(), 50);
        QCOMPARE(refused.load(), 14);
        QCOMPARE(f.available("SKU000005", "WEB"), 0);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000005", f.auth())
                     .json()[u"online_stock"]
                     .toInt(),
                 0);
        QCOMPARE(f.auditRows(), 0);
    }

    // Concurrent holds on one stock level wait for the one being taken and go to the database
    // in groups (api_hold_create_group). Every answer is the one the hold would get on its
    // own: exactly 20 of 30 holds on 20 units, 409 with the available amount and alternatives
    // for the rest, 401 for a bad key in the same groups, 404 for an unknown SKU, and one hold
    // for six requests with one key.
    void holdsInGroups()
    {
        sp::http::EndpointConfig config = testConfig();
        config.holdGroupSize = 16;
        config.holdGroupsAtOnce = 2; // the other 46 wait, and go in groups of several levels
        Fixture f(config);
        f.owner.exec("SELECT stock_receive('SKU000005', 'WEB', 20)");
        constexpr int Clients = 48;
        std::latch ready(Clients);
        std::mutex mutex;
        QMap<QString, QList<HttpReply>> replies; // by kind of request
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            threads.emplace_back([&, i] {
                QString kind = QStringLiteral("short");
                Headers headers = f.auth("g" + QByteArray::number(i));
                QByteArray body = R"({"sku":"SKU000005","quantity":1})";
                if (i >= 30 && i < 36) {
                    kind = QStringLiteral("bad key"); // same level as the short ones
                    headers = {{"X-API-Key", "no-such-key"}, {"X-Idempotency-Key", "b"}};
                } else if (i >= 36 && i < 42) {
                    kind = QStringLiteral("unknown sku");
                    body = R"({"sku":"NOPE","quantity":1})";
                } else if (i >= 42) {
                    kind = QStringLiteral("one key");
                    headers = f.auth("shared");
                    body = R"({"sku":"SKU000004","quantity":2,"location":"WH1"})";
                }
                QTcpSocket socket;
                socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
                socket.waitForConnected(5000);
                const QByteArray raw = sp::test::rawRequest("POST", "/hold", headers, body);
                ready.arrive_and_wait();
                const HttpReply r = sp::test::send(socket, raw);
                std::lock_guard lock(mutex);
                replies[kind].append(r);
            });
        }
        for (auto& t : threads)
            t.join();

        int created = 0;
        for (const HttpReply& r : replies.value(QStringLiteral("short"))) {
            QVERIFY2(r.status == 201 || r.status == 409, r.body.constData());
            if (r.status == 201) {
                ++created;
                continue;
            }
            QVERIFY(isProblem(r));
            QCOMPARE(r.json()[u"available"].toInt(), 0);
            QVERIFY(r.json()[u"alternatives"].isArray());
        }
        QCOMPARE(created, 20);
        for (const HttpReply& r : replies.value(QStringLiteral("bad key")))
            QCOMPARE(r.status, 401);
        for (const HttpReply& r : replies.value(QStringLiteral("unknown sku"))) {
            QCOMPARE(r.status, 404);
            QVERIFY(isProblem(r));
        }
        QSet<QString> sharedHolds;
        for (const HttpReply& r : replies.value(QStringLiteral("one key"))) {
            QVERIFY2(r.status == 201 || r.status == 409, r.body.constData());
            if (r.status == 201)
                sharedHolds.insert(r.json()[u"hold_id"].toString());
        }
        QCOMPARE(sharedHolds.size(), 1);

        QCOMPARE(f.available("SKU000005", "WEB"), 0);
        QCOMPARE(f.available("SKU000004", "WH1"), 98);
        QCOMPARE(f.owner.exec("SELECT count(*) FROM holds").toInt(0, 0), 21);
        QCOMPARE(f.auditRows(), 0);
        // They did go in groups: fewer groups than holds.
        const auto stats = f.server->holdGroupStats();
        QCOMPARE(stats.holds, qint64(Clients));
        QVERIFY2(stats.groups < stats.holds,
                 qPrintable(QStringLiteral("%1 groups").arg(stats.groups)));
        // Each group's database call was timed once.
        QCOMPARE(std::accumulate(stats.dbTimes.begin(), stats.dbTimes.end(), qint64(0)),
                 stats.groups);
        QVERIFY(stats.dbTimePercentile(0.5) > 0);
        QCOMPARE(stats.since(stats).groups, qint64(0));
        QCOMPARE(stats.since(stats).dbTimePercentile(0.99), 0.0);
    }

    void holdGroupTimePercentiles()
    {
        sp::http::EndpointServer::HoldGroupStats earlier;
        earlier.dbTimes[0] = 5;
        sp::http::EndpointServer::HoldGroupStats stats = earlier;
        stats.dbTimes[3] = 98;  // 0.75-1 ms
        stats.dbTimes[10] = 2;  // 2.5-2.75 ms
        stats.dbTimes[399] = 1; // 99.75 ms or longer
        const auto d = stats.since(earlier);
        QCOMPARE(d.dbTimes[0], qint64(0));
        QCOMPARE(d.dbTimePercentile(0.5), 1.0);
        QCOMPARE(d.dbTimePercentile(0.99), 2.75);
        QCOMPARE(d.dbTimePercentile(1.0), 100.0);
        QCOMPARE(stats.dbTimePercentile(0.01), 0.25);
    }

    void cartFlowAndIsolation()
    {
        Fixture f;
        HttpReply r = request(f.port, "POST", "/carts");
        QCOMPARE(r.status, 201);
        const QByteArray cartA = r.json()[u"cart_id"].toString().toLatin1();
        const Headers tokenA = {
            {"Authorization", "Bearer " + r.json()[u"token"].toString().toLatin1()}};
        r = request(f.port, "POST", "/carts");
        const QByteArray cartB = r.json()[u"cart_id"].toString().toLatin1();
        const Headers tokenB = {
            {"Authorization", "Bearer " + r.json()[u"token"].toString().toLatin1()}};

        r = request(f.port, "POST", "/carts/" + cartA + "/items", tokenA,
                    R"({"sku":"SKU000001","quantity":7,"location":"ST1"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"message"].toString(), QStringLiteral("only 3 left"));
        r = request(f.port, "POST", "/carts/" + cartA + "/items", tokenA,
                    R"({"sku":"SKU000004","quantity":3,"location":"WH1"})");
        QCOMPARE(r.json()[u"total_units"].toInt(), 10);
        // Short: 409 with alternatives, nothing changed.
        r = request(f.port, "POST", "/carts/" + cartA + "/items", tokenA,
                    R"({"sku":"SKU000003","quantity":11,"location":"ST1"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()[u"message"].toString(), QStringLiteral("only 10 left"));
        QVERIFY(!r.json()[u"alternatives"].toArray().isEmpty());

        // Cart B's token sees and changes nothing of cart A.
        const QString before = f.snapshot();
        QCOMPARE(request(f.port, "GET", "/carts/" + cartA, tokenB).status, 404);
        QCOMPARE(request(f.port, "POST", "/carts/" + cartA + "/items", tokenB,
                         R"({"sku":"SKU000001","quantity":1})")
                     .status,
                 404);
        QCOMPARE(request(f.port, "DELETE", "/carts/" + cartA + "/items/SKU000001", tokenB).status,
                 404);
        Headers checkoutB = tokenB;
        checkoutB.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray("b-1")));
        QCOMPARE(request(f.port, "POST", "/carts/" + cartA + "/checkout", checkoutB,
                         R"({"ship_to":{"latitude":52.5,"longitude":13.4}})")
                     .status,
                 404);
        QCOMPARE(request(f.port, "GET", "/carts/" + cartA).status, 401);
        QCOMPARE(f.snapshot(), before);
        QCOMPARE(request(f.port, "GET", "/carts/" + cartB, tokenB).json()[u"total_units"].toInt(),
                 0);

        r = request(f.port, "GET", "/carts/" + cartA, tokenA);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"items"].toArray().size(), 2);
        r = request(f.port, "DELETE", "/carts/" + cartA + "/items/SKU000004", tokenA);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"total_units"].toInt(), 7);
        QCOMPARE(f.available("SKU000004", "WH1"), 100);

        Headers checkoutA = tokenA;
        QCOMPARE(request(f.port, "POST", "/carts/" + cartA + "/checkout", checkoutA,
                         R"({"ship_to":{"latitude":52.5,"longitude":13.4}})")
                     .status,
                 400);
        checkoutA.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray("a-1")));
        r = request(f.port, "POST", "/carts/" + cartA + "/checkout", checkoutA,
                    R"({"ship_to":{"latitude":52.52,"longitude":13.40}})");
        QCOMPARE(r.status, 201);
        const QJsonArray plan = r.json()[u"fulfilment_plan"].toArray();
        QVERIFY(!plan.isEmpty());
        QCOMPARE(plan[0].toObject()[u"splits"].toInt(), 0);
        QVERIFY(!plan[0].toObject()[u"reason"].toString().isEmpty());
        QCOMPARE(f.owner.exec("SELECT sum(committed) FROM stock_levels").toInt(0, 0), 7);
        QCOMPARE(f.owner.exec("SELECT sum(reserved) FROM stock_levels").toInt(0, 0), 0);
        QCOMPARE(f.auditRows(), 0);
    }

    // The customer reads and cancels their own order; a partner's point-of-sale system
    // records counter sales with the "sales" scope, once per Idempotency-Key.
    void ordersAndSales() { checkOrdersAndSales(); }

    void cartCaps()
    {
        sp::http::EndpointConfig config = testConfig();
        config.maxCartUnits = 5;
        config.maxCartLines = 2;
        Fixture f(config);
        HttpReply r = request(f.port, "POST", "/carts");
        const QByteArray cart = r.json()[u"cart_id"].toString().toLatin1();
        const Headers token = {
            {"Authorization", "Bearer " + r.json()[u"token"].toString().toLatin1()}};
        QCOMPARE(request(f.port, "POST", "/carts/" + cart + "/items", token,
                         R"({"sku":"SKU000001","quantity":6,"location":"WH1"})")
                     .status,
                 422);
        QCOMPARE(request(f.port, "POST", "/carts/" + cart + "/items", token,
                         R"({"sku":"SKU000001","quantity":2,"location":"WH1"})")
                     .status,
                 200);
        QCOMPARE(request(f.port, "POST", "/carts/" + cart + "/items", token,
                         R"({"sku":"SKU000002","quantity":2,"location":"WH1"})")
                     .status,
                 200);
        r = request(f.port, "POST", "/carts/" + cart + "/items", token,
                    R"({"sku":"SKU000003","quantity":1,"location":"WH1"})");
        QCOMPARE(r.status, 422);
        QVERIFY(isProblem(r));
        QCOMPARE(f.owner.exec("SELECT sum(reserved) FROM stock_levels").toInt(0, 0), 4);
    }

    void badRequests_data() { fillBadRequests(); }

    void badRequests()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QString, field);
        if (!m_shared)
            m_shared = std::make_unique<Fixture>();
        Fixture* f = m_shared.get();
        const QString before = f->snapshot();
        raw.replace("KEY", f->key);
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), f->port);
        QVERIFY(socket.waitForConnected(5000));
        const HttpReply r = sp::test::send(socket, raw);
        QCOMPARE(r.status, status);
        QVERIFY2(isProblem(r), r.body.constData());
        if (!field.isEmpty())
            QCOMPARE(r.json()[u"field"].toString(), field);
        QCOMPARE(f->snapshot(), before);
        // The server is still fine.
        QCOMPARE(request(f->port, "GET", "/health").status, 200);
    }

    void cleanupTestCase() { m_shared.reset(); }

    void slowAndIdleClients()
    {
        Fixture f;
        const QString before = f.snapshot();
        // A client trickling its request gets 408 when the request time is up.
        QTcpSocket slow;
        slow.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(slow.waitForConnected(5000));
        const QByteArray raw = sp::test::rawRequest("POST", "/hold", f.auth("slow"),
                                                    R"({"sku":"SKU000001","quantity":1})");
        QElapsedTimer timer;
        timer.start();
        HttpReply r;
        for (int i = 0; i < raw.size() && timer.elapsed() < 5000; i += 8) {
            slow.write(raw.mid(i, 4)); // half of every 8 bytes: never complete
            slow.waitForBytesWritten(100);
            if (slow.waitForReadyRead(150)) {
                r = sp::test::readReply(slow, 1000);
                break;
            }
        }
        QCOMPARE(r.status, 408); // the server ended it: the client never completes its request
        QCOMPARE(f.snapshot(), before);

        // An idle keep-alive connection is closed by the server.
        QTcpSocket idle;
        idle.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(idle.waitForConnected(5000));
        QCOMPARE(sp::test::send(idle, sp::test::rawRequest("GET", "/health", {}, {})).status, 200);
        QVERIFY(idle.state() == QAbstractSocket::ConnectedState);
        QTRY_VERIFY_WITH_TIMEOUT(
            (idle.waitForReadyRead(100), idle.state() == QAbstractSocket::UnconnectedState), 4000);
    }

    void pipeliningAndEarlyDisconnects()
    {
        Fixture f;
        // Three requests in one write: three answers, in order.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(sp::test::rawRequest("GET", "/inventory/SKU000001", f.auth(), {}) +
                     sp::test::rawRequest("GET", "/inventory/NOPE", f.auth(), {}) +
                     sp::test::rawRequest("GET", "/health", {}, {}));
        QCOMPARE(sp::test::readReply(socket).status, 200);
        QCOMPARE(sp::test::readReply(socket).status, 404);
        QCOMPARE(sp::test::readReply(socket).json()[u"status"].toString(),
                 QStringLiteral("healthy"));

        // Clients that leave before their answer: the server carries on, the ledger stays exact.
        for (int i = 0; i < 300; ++i) {
            QTcpSocket early;
            early.connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(early.waitForConnected(5000));
            early.write(
                sp::test::rawRequest("POST", "/hold", f.auth("e" + QByteArray::number(i)),
                                     R"({"sku":"SKU000002","quantity":1,"location":"WH1"})"));
            early.waitForBytesWritten(1000);
            early.abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(request(f.port, "GET", "/health").status, 200, 5000);
        // Every hold that was made is in the stock figures (some requests never got to run).
        QTRY_VERIFY_WITH_TIMEOUT(
            f.owner
                .exec("SELECT (SELECT coalesce(sum(quantity), 0) FROM holds) = 100 - available"
                      " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                      " JOIN locations l ON l.id = s.location_id"
                      " WHERE p.sku = 'SKU000002' AND l.code = 'WH1'")
                .toBool(0, 0),
            5000);
        QCOMPARE(f.auditRows(), 0);
    }

    void connectionCapAndRateLimit()
    {
        sp::http::EndpointConfig config = testConfig();
        config.limits.maxConnections = 4;
        config.ratePerSecond = 2;
        config.rateBurst = 3;
        Fixture f(config);
        std::vector<std::unique_ptr<QTcpSocket>> open;
        for (int i = 0; i < 4; ++i) {
            open.push_back(std::make_unique<QTcpSocket>());
            open.back()->connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(open.back()->waitForConnected(5000));
        }
        QTest::qWait(200);
        QTcpSocket extra;
        extra.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(extra.waitForConnected(5000));
        const HttpReply refused = sp::test::readReply(extra, 3000);
        QCOMPARE(refused.status, 503);
        open.clear();
        QTRY_COMPARE_WITH_TIMEOUT(request(f.port, "GET", "/health").status, 200, 3000);

        // Per caller: the burst passes, then 429 with Retry-After; another caller is unaffected.
        int limited = 0;
        HttpReply last;
        for (int i = 0; i < 6; ++i) {
            last = request(f.port, "GET", "/inventory/SKU000001", f.auth());
            if (last.status == 429) {
                ++limited;
                QVERIFY(last.header("retry-after").toInt() >= 1);
                QVERIFY(isProblem(last));
            }
        }
        QVERIFY(limited >= 2);
        QCOMPARE(
            request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", apiKey(f.owner)}}).status,
            200);
    }

    // GET /inventory/{sku} from the availability cache: the same answer as the database, this
    // process's own writes at once, another process's change within the documented bound, a
    // lapsed hold's units free at its expiry, and nothing cached while the stream is away.
    void inventoryCache()
    {
        Fixture f;
        sp::http::AvailabilityCache* cache = f.server->availabilityCache();
        QVERIFY(cache);
        const int bound = cache->maxAgeMs();
        QCOMPARE(bound, 250);
        QTRY_VERIFY_WITH_TIMEOUT(cache->inUse(), 10000);
        f.owner.exec("SELECT stock_receive('SKU000001', 'WEB', 20)");
        QTest::qWait(bound + 5);
        const auto get = [&f] {
            return request(f.port, "GET", "/inventory/SKU000001", f.auth());
        };
        const auto fromDatabase = [&f] {
            return QJsonDocument::fromJson(
                       f.owner.exec("SELECT api_inventory('SKU000001')->'body'").bytes(0, 0))
                .object();
        };
        // The key is looked up once (on a worker), then answers come from the cache.
        QCOMPARE(get().json()[u"online_stock"].toInt(), 20);
        QCOMPARE(get().json(), fromDatabase());
        QCOMPARE(cache->size(), 1);
        QCOMPARE(get().json(), fromDatabase());

        // A hold through this process: the very next GET shows it.
        HttpReply r = f.hold("c1", R"({"sku":"SKU000001","quantity":3})");
        QCOMPARE(r.status, 201);
        const QString holdId = r.json()[u"hold_id"].toString();
        QCOMPARE(get().json()[u"online_stock"].toInt(), 17);
        QCOMPARE(get().json(), fromDatabase());
        // Released by id (the product is not named): still right at once.
        QCOMPARE(request(f.port, "DELETE", "/hold/" + holdId.toLatin1(), f.auth()).status, 200);
        QCOMPARE(get().json()[u"online_stock"].toInt(), 20);

        // Another process changes stock in SQL: visible once the bound has passed.
        for (int round = 0; round < 5; ++round) {
            QCOMPARE(get().json(), fromDatabase()); // cached again
            f.owner.exec("SELECT stock_receive('SKU000001', 'WEB', 1)");
            QTest::qWait(bound + 5);
            QCOMPARE(get().json()[u"online_stock"].toInt(), 21 + round);
        }
        QCOMPARE(get().json(), fromDatabase());

        // A hold lapses without an event (no sweeper here): its units count at its expiry.
        QCOMPARE(f.hold("c2", R"({"sku":"SKU000001","quantity":4,"ttl":1})").status, 201);
        QCOMPARE(get().json()[u"online_stock"].toInt(), 21);
        QCOMPARE(get().json()[u"online_stock"].toInt(), 21); // cached until the lapse
        QTest::qWait(1100);
        QCOMPARE(get().json()[u"online_stock"].toInt(), 25);
        QCOMPARE(get().json(), fromDatabase());

        // An import without product ids empties the cache.
        QVERIFY(cache->size() > 0);
        f.owner.exec("INSERT INTO events (type) VALUES ('InventoryImported')");
        QTRY_COMPARE_WITH_TIMEOUT(cache->size(), 0, 2000);
    }

    // GETs that the cache cannot answer go to the database together, each SKU once: while one
    // read waits in the database (here for a lock on products), 88 requests for three SKUs
    // arrive, and they take one more statement between them. Every answer is the database's.
    void inventoryReadsTogether()
    {
        sp::http::EndpointConfig config = testConfig();
        config.apiKeyCacheMs = 60'000; // known keys are what lets a GET skip the lookup
        Fixture f(config);
        QTRY_VERIFY_WITH_TIMEOUT(f.server->availabilityCache()->inUse(), 10000);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000003", f.auth()).status, 200);
        const auto before = f.server->readBatchStats();

        Connection blocker(f.db.owner());
        blocker.execScript("BEGIN; LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
        const QList<QByteArray> skus = {"SKU000001", "SKU000002", "NOPE"};
        constexpr int Clients = 88;
        std::mutex mutex;
        QMap<QByteArray, QList<HttpReply>> replies;
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            const QByteArray sku = i < 64 ? skus[0] : i < 80 ? skus[1] : skus[2];
            threads.emplace_back([&, sku] {
                const HttpReply r = request(f.port, "GET", "/inventory/" + sku, f.auth());
                std::lock_guard lock(mutex);
                replies[sku].append(r);
            });
        }
        // Waited for by hand: a failed check must not leave the threads unjoined.
        const auto queued = [&] {
            return f.server->readBatchStats().requests - before.requests;
        };
        for (QDeadlineTimer deadline(10000); queued() < Clients && !deadline.hasExpired();)
            QTest::qWait(5);
        const qint64 arrived = queued();
        blocker.execScript("COMMIT");
        for (auto& t : threads)
            t.join();
        QCOMPARE(arrived, qint64(Clients));

        const auto stats = f.server->readBatchStats();
        QCOMPARE(stats.batches - before.batches, qint64(2));
        QVERIFY2(stats.skus - before.skus <= 6,
                 qPrintable(QStringLiteral("%1 SKUs read").arg(stats.skus - before.skus)));
        for (const QByteArray& sku : skus) {
            const QJsonObject expected =
                QJsonDocument::fromJson(
                    f.owner.exec("SELECT api_inventory($1)", {QString::fromLatin1(sku)})
                        .bytes(0, 0))
                    .object();
            QCOMPARE(replies[sku].size(), sku == skus[0] ? 64 : sku == skus[1] ? 16 : 8);
            for (const HttpReply& r : std::as_const(replies[sku])) {
                QCOMPARE(r.status, expected[u"status"].toInt());
                QCOMPARE(r.json(), expected[u"body"].toObject());
            }
        }
        // The known SKUs are kept: the next GET comes from the cache.
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000002", f.auth()).status, 200);
        QCOMPARE(f.server->readBatchStats().requests, stats.requests);
    }

    void inventoryCacheWithoutStream()
    {
        // The stream's connection is cut: the cache is emptied, and after the reconnect the
        // stream catches up with what happened meanwhile.
        Fixture f;
        sp::http::AvailabilityCache* cache = f.server->availabilityCache();
        QTRY_VERIFY_WITH_TIMEOUT(cache->inUse(), 10000);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000002", f.auth()).status, 200);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000002", f.auth()).status, 200);
        QCOMPARE(cache->size(), 1);
        f.owner.exec(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'stockpilot-events' AND datname = current_database()");
        QTRY_COMPARE_WITH_TIMEOUT(cache->size(), 0, 3000);
        f.owner.exec("SELECT stock_receive('SKU000002', 'WEB', 9)");
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000002", f.auth())
                     .json()[u"online_stock"]
                     .toInt(),
                 9);
        QTRY_VERIFY_WITH_TIMEOUT(cache->inUse(), 10000); // reconnected, caught up
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000002", f.auth())
                     .json()[u"online_stock"]
                     .toInt(),
                 9);
    }

    // Repeated 401s from one address: 429 with Retry-After for requests whose key is not known
    // to be good; a partner with a good key at the same address goes on; it lifts by itself.
    void failedKeysPerAddress()
    {
        sp::http::EndpointConfig config = testConfig();
        config.authFailureBurst = 5;
        config.authFailuresPerSecond = 2;
        config.apiKeyCacheMs = 60'000;
        Fixture f(config);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001", f.auth()).status, 200);
        for (int i = 0; i < 5; ++i) {
            const HttpReply r = request(f.port, "GET", "/inventory/SKU000001",
                                        {{"X-API-Key", "guess-" + QByteArray::number(i)}});
            QCOMPARE(r.status, 401);
        }
        HttpReply r = request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", "guess-x"}});
        QCOMPARE(r.status, 429);
        QVERIFY(isProblem(r));
        QVERIFY(r.header("retry-after").toInt() >= 1);
        QCOMPARE(r.json()[u"type"].toString(),
                 u"https://stockpilot.invalid/problems/too-many-failed-authentications");
        // No key and bad cart tokens are failures of the same address.
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001").status, 429);
        QCOMPARE(f.hold("g1", R"({"sku":"SKU000001","quantity":1,"location":"ST1"})").status, 201);
        QCOMPARE(request(f.port, "POST", "/hold",
                         {{"X-API-Key", "guess-y"}, {"X-Idempotency-Key", "g2"}},
                         R"({"sku":"SKU000001","quantity":1,"location":"ST1"})")
                     .status,
                 429);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001", f.auth()).status, 200);
        // The bucket refills (2 per second): a guess is answered 401 again, not 429.
        QTest::qWait(700);
        QCOMPARE(request(f.port, "GET", "/inventory/SKU000001", {{"X-API-Key", "guess-z"}}).status,
                 401);
    }

    void sweeperReturnsLapsedHolds()
    {
        sp::http::EndpointConfig config = testConfig();
        config.sweepIntervalMs = 200;
        Fixture f(config);
        QCOMPARE(
            f.hold("s1", R"({"sku":"SKU000001","quantity":5,"location":"ST1","ttl":1})").status,
            201);
        QCOMPARE(f.available("SKU000001", "ST1"), 5);
        QTRY_COMPARE_WITH_TIMEOUT(f.available("SKU000001", "ST1"), 10, 5000);
        QCOMPARE(f.owner.exec("SELECT status FROM holds").text(0, 0), QStringLiteral("expired"));
        QCOMPARE(f.auditRows(), 0);
    }

    void adminApiKeys()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        sp::test::makeReachableByServer(dir.path());
        auto admin = [&dir](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(SP_ADMIN_PATH),
                    QStringList{QStringLiteral("--data-dir"), dir.path()} + args);
            p.waitForFinished(60000);
            return qMakePair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        const auto created = admin({QStringLiteral("api-key"), QStringLiteral("create"),
                                    QStringLiteral("sales agent"), QStringLiteral("--scope"),
                                    QStringLiteral("inventory:read")});
        QCOMPARE(created.first, 0);
        const QByteArray key = created.second.trimmed().split(QLatin1Char('\n')).last().toLatin1();
        QVERIFY2(key.startsWith("spk_") && key.size() > 40, key.constData());

        EmbeddedCluster cluster(dir.path());
        cluster.ensureRunning();
        ConnectionSettings login;
        {
            Connection owner(cluster.ownerSettings());
            sp::test::loadTinyCatalog(owner);
            // Only a hash is stored.
            QCOMPARE(owner
                         .exec("SELECT count(*) FROM api_keys WHERE key_hash = "
                               "encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                               {key})
                         .toInt(0, 0),
                     1);
            QCOMPARE(owner
                         .exec("SELECT count(*) FROM api_keys WHERE key_hash = $1 OR "
                               "key_prefix = $1",
                               {key})
                         .toInt(0, 0),
                     0);
            login = sp::http::EndpointServer::embeddedLogin(cluster, owner);
        }
        sp::http::EndpointServer server(login, testConfig());
        QVERIFY(server.start(QHostAddress::LocalHost, 0));
        QCOMPARE(request(server.port(), "GET", "/inventory/SKU000001", {{"X-API-Key", key}}).status,
                 200);
        // The scope was inventory:read only.
        QCOMPARE(request(server.port(), "POST", "/hold",
                         {{"X-API-Key", key}, {"X-Idempotency-Key", "a"}},
                         R"({"sku":"SKU000001","quantity":1})")
                     .status,
                 403);

        const auto list = admin({QStringLiteral("api-key"), QStringLiteral("list")});
        QCOMPARE(list.first, 0);
        QVERIFY(list.second.contains(QLatin1String("sales agent")));
        QVERIFY(list.second.contains(QString::fromLatin1(key.left(12))));
        QVERIFY(!list.second.contains(QString::fromLatin1(key)));
        const QString id =
            list.second.split(QLatin1Char('\n')).value(1).section(QLatin1Char('\t'), 0, 0);
        QCOMPARE(admin({QStringLiteral("api-key"), QStringLiteral("revoke"), id}).first, 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            request(server.port(), "GET", "/inventory/SKU000001", {{"X-API-Key", key}}).status, 401,
            5000);
        QCOMPARE(admin({QStringLiteral("api-key"), QStringLiteral("revoke"), id}).first, 1);
        server.stop();
        cluster.stop();
    }

    void databaseRestartWhileServing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        sp::test::makeReachableByServer(dir.path());
        EmbeddedCluster cluster(dir.path(), EmbeddedCluster::Options{.durable = true});
        cluster.ensureRunning();
        ConnectionSettings login;
        QByteArray key, unusedKey;
        {
            Connection owner(cluster.ownerSettings());
            Migrator().migrate(owner);
            sp::test::loadTinyCatalog(owner);
            key = apiKey(owner);
            unusedKey = apiKey(owner);
            login = sp::http::EndpointServer::embeddedLogin(cluster, owner);
        }
        // The used key stays known throughout, so its GETs go through the read batches; the
        // unused one must be looked up.
        sp::http::EndpointConfig config = testConfig();
        config.apiKeyCacheMs = 60'000;
        sp::http::EndpointServer server(login, config);
        QVERIFY(server.start(QHostAddress::LocalHost, 0));
        const quint16 port = server.port();
        const Headers auth = {{"X-API-Key", key}};
        int n = 0;
        auto hold = [&] {
            return request(port, "POST", "/hold",
                           {{"X-API-Key", key}, {"X-Idempotency-Key", QByteArray::number(++n)}},
                           R"({"sku":"SKU000001","quantity":1,"location":"WH1"})");
        };
        QStringList acknowledged;
        for (int i = 0; i < 5; ++i) {
            const HttpReply r = hold();
            QCOMPARE(r.status, 201);
            acknowledged << r.json()[u"hold_id"].toString();
        }

        cluster.stop();
        HttpReply r = request(port, "GET", "/health");
        QCOMPARE(r.status, 503);
        QVERIFY(isProblem(r));
        r = hold();
        QCOMPARE(r.status, 503);
        QVERIFY(!r.header("retry-after").isEmpty());
        const qint64 batched = server.readBatchStats().requests;
        r = request(port, "GET", "/inventory/SKU000001", auth);
        QCOMPARE(r.status, 503);
        QVERIFY(isProblem(r));
        QCOMPARE(server.readBatchStats().requests, batched + 1);
        QCOMPARE(request(port, "GET", "/inventory/SKU000001", {{"X-API-Key", unusedKey}}).status,
                 503);
        QCOMPARE(server.readBatchStats().requests, batched + 1);

        cluster.ensureRunning();
        QTRY_COMPARE_WITH_TIMEOUT(request(port, "GET", "/health").status, 200, 10000);
        for (int i = 0; i < 5; ++i) {
            r = hold();
            QCOMPARE(r.status, 201);
            acknowledged << r.json()[u"hold_id"].toString();
        }
        for (const QByteArray& k : {key, unusedKey}) {
            r = request(port, "GET", "/inventory/SKU000001", {{"X-API-Key", k}});
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json()[u"warehouse_stock"].toObject()[u"WH1"].toInt(), 90);
        }
        server.stop();
        Connection owner(cluster.ownerSettings());
        const Result held = owner.exec(
            "SELECT count(*) FROM holds WHERE id::text = ANY ($1::text[]) AND status = 'active'",
            {acknowledged});
        QCOMPARE(held.toInt(0, 0), acknowledged.size());
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
        cluster.stop();
    }
};

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
