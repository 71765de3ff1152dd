// A store's whole day on a database that never saw the demo generator, through the real
// stockpilot-admin and the real endpoint: master data, products and counts imported from CSV;
// customers check out over HTTP, a point-of-sale system posts its sales and the day's counter
// sales are imported; orders ship (one in part) and one is cancelled; the stock check proposes
// a purchase from those sales and a reorder policy; a manager approves it; a clerk receives it
// in two parts. Then the ledger replays to every level and every figure adds up.

#include "adminprogram.h"
#include "endpointlogin.h"
#include "http/endpointserver.h"
#include "httpclient.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sp::db;
using namespace sp::test;

namespace {

QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
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

// A customer's cart with one line, checked out near Store Mitte; the order's id.
QByteArray checkout(quint16 port, const char* sku, int quantity, const QByteArray& key)
{
    HttpReply r = request(port, "POST", "/carts");
    const QByteArray cart = r.json()[u"cart_id"].toString().toLatin1();
    const Headers token = {{"Authorization", "Bearer " + r.json()[u"token"].toString().toLatin1()}};
    r = request(port, "POST", "/carts/" + cart + "/items", token,
                QByteArray("{\"sku\":\"") + sku +
                    "\",\"quantity\":" + QByteArray::number(quantity) + ",\"location\":\"ST1\"}");
    if (r.status != 200 && r.status != 201)
        qWarning() << "add to cart:" << r.status << r.body;
    Headers withKey = token;
    withKey.append(qMakePair(QByteArray("Idempotency-Key"), key));
    r = request(port, "POST", "/carts/" + cart + "/checkout", withKey,
                "{\"ship_to\":{\"latitude\":52.52,\"longitude\":13.40}}");
    if (r.status != 201)
        qWarning() << "checkout:" << r.status << r.body;
    return r.json()[u"order_id"].toString().toLatin1();
}

} // namespace

class TestStoresDay : public QObject
{
    Q_OBJECT

private slots:
    void aWholeDay()
    {
        TestDatabase db;
        Connection owner(db.owner());
        QCOMPARE(owner.exec("SELECT count(*) FROM products").toInt(0, 0), 0);
        const auto admin = [&db](const QStringList& args, const QString& user = {}) {
            QStringList all = args;
            if (!user.isEmpty())
                all << QStringLiteral("--user") << user;
            return runAdmin(QStringLiteral(STOCKPILOT_ADMIN), db, all, user);
        };

        // Morning: the store's master data, catalogue and counts.
        QTemporaryDir dir;
        const QString day = owner.exec("SELECT current_date::text").text(0, 0);
        QByteArray history = "sku,location,day,units\n";
        for (int back = 60; back >= 1; --back)
            history += "TEE-WHT-M,ST1," +
                       owner.exec("SELECT (current_date - $1::int)::text", {back}).bytes(0, 0) +
                       ",2\n";
        const QList<std::pair<const char*, QByteArray>> files{
            {"locations", "code,name,kind,latitude,longitude\n"
                          "WH1,Warehouse North,warehouse,52.60,13.30\n"
                          "ST1,Store Mitte,store,52.52,13.40\n"
                          "ST2,Store Kreuzberg,store,52.49,13.42\n"},
            {"suppliers", "name,lead_time_days,email,minimum_order\n"
                          "Nordtex,10,orders@nordtex.example,100\n"
                          "Capworks,14,,\n"},
            {"products", "sku,name,category,price,cost,supplier,pack_size,lead_time_days\n"
                         "TEE-BLK-M,Tee Black M,Shirts,19.90,7.50,Nordtex,6,10\n"
                         "TEE-WHT-M,Tee White M,Shirts,19.90,7.50,Nordtex,6,10\n"
                         "CAP-NVY,Cap Navy,Hats,24.90,8.00,Capworks,12,14\n"},
            {"policies", "sku,location,min,max\nTEE-BLK-M,ST1,20,60\n"},
            {"stock", "sku,location,on_hand\nTEE-BLK-M,ST1,30\nTEE-WHT-M,ST1,12\nCAP-NVY,ST1,40\n"},
        };
        for (const auto& [kind, text] : files) {
            const QString path = writeFile(dir, kind, text);
            const AdminRun r = admin({QStringLiteral("import"), QString::fromLatin1(kind), path});
            QVERIFY2(r.exitCode == 0, qPrintable(QString::fromLatin1(kind) + r.err));
        }
        AdminRun r = admin({QStringLiteral("import"), QStringLiteral("sales"),
                            writeFile(dir, "history.csv", history), QStringLiteral("--history")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(figure(owner, "reorder_point", "TEE-BLK-M"), 20);

        // Customers over the endpoint; a point-of-sale system posts two counter sales.
        sp::http::EndpointServer server(endpointLogin(db), [] {
            sp::http::EndpointConfig config;
            config.sweepIntervalMs = 0;
            return config;
        }());
        QVERIFY2(server.start(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
        const QByteArray shipped = checkout(server.port(), "TEE-BLK-M", 5, "o-1");
        const QByteArray cancelled = checkout(server.port(), "TEE-WHT-M", 2, "o-2");
        const QByteArray partial = checkout(server.port(), "TEE-BLK-M", 3, "o-3");
        QVERIFY(!shipped.isEmpty() && !cancelled.isEmpty() && !partial.isEmpty());
        QCOMPARE(figure(owner, "committed", "TEE-BLK-M"), 8);
        const QByteArray salesKey =
            owner.exec("SELECT api_key_create('till 1', '{sales}')").bytes(0, 0);
        HttpReply posted = request(server.port(), "POST", "/sales",
                                   {{"X-API-Key", salesKey}, {"Idempotency-Key", "till-1-0001"}},
                                   "{\"sales\":[{\"sku\":\"TEE-BLK-M\",\"location\":\"ST1\","
                                   "\"day\":\"" +
                                       day.toLatin1() + "\",\"units\":2}]}");
        QCOMPARE(posted.status, 201);
        // The same batch again is recorded once.
        posted = request(server.port(), "POST", "/sales",
                         {{"X-API-Key", salesKey}, {"Idempotency-Key", "till-1-0001"}},
                         "{\"sales\":[{\"sku\":\"TEE-BLK-M\",\"location\":\"ST1\",\"day\":\"" +
                             day.toLatin1() + "\",\"units\":2}]}");
        QCOMPARE(posted.status, 201);

        // Evening: the counter sales, shipping, one cancel.
        r = admin({QStringLiteral("import"), QStringLiteral("sales"),
                   writeFile(dir, "pos.csv",
                             "sku,location,day,units\nTEE-BLK-M,ST1," + day.toLatin1() +
                                 ",8\nTEE-WHT-M,ST1," + day.toLatin1() + ",4\n")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = admin({QStringLiteral("orders"), QStringLiteral("ship"), QString::fromLatin1(shipped)},
                  QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = admin({QStringLiteral("orders"), QStringLiteral("ship"), QString::fromLatin1(partial),
                   QStringLiteral("--line"), QStringLiteral("1=1")},
                  QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = admin({QStringLiteral("orders"), QStringLiteral("cancel"),
                   QString::fromLatin1(cancelled), QStringLiteral("--reason"),
                   QStringLiteral("customer changed their mind")},
                  QStringLiteral("manager"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        QCOMPARE(figure(owner, "on_hand", "TEE-BLK-M"), 30 - 2 - 8 - 5 - 1);
        QCOMPARE(figure(owner, "committed", "TEE-BLK-M"), 2);
        QCOMPARE(figure(owner, "on_hand", "TEE-WHT-M"), 12 - 4);
        QCOMPARE(figure(owner, "committed", "TEE-WHT-M"), 0);
        // Every unit that left is demand today where it left.
        QCOMPARE(owner
                     .exec("SELECT h.daily_units[current_date - h.first_day + 1]"
                           " FROM demand_history h JOIN products p ON p.id = h.product_id"
                           " WHERE p.sku = 'TEE-BLK-M'")
                     .toInt(0, 0),
                 2 + 8 + 5 + 1);

        // The agent proposes purchases from those sales and the policy.
        for (const char* job : {"demand-statistics", "stock-check"}) {
            r = admin({QStringLiteral("jobs"), QStringLiteral("run"), QString::fromLatin1(job)});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        r = admin(
            {QStringLiteral("suggestions"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray suggestions = QJsonDocument::fromJson(r.out.toUtf8()).array();
        // One purchase from Nordtex for Store Mitte, a line per SKU.
        QCOMPARE(suggestions.size(), 1);
        const QJsonObject purchase = suggestions.first().toObject();
        QCOMPARE(purchase[u"kind"].toString(), QStringLiteral("purchase"));
        QCOMPARE(purchase[u"supplier"].toString(), QStringLiteral("Nordtex"));
        QCOMPARE(purchase[u"location"].toString(), QStringLiteral("ST1"));
        QJsonObject black, white;
        for (const QJsonValue& v : purchase[u"proposal"][u"lines"].toArray())
            (v[u"sku"].toString() == QLatin1String("TEE-BLK-M") ? black : white) = v.toObject();
        QCOMPARE(black[u"quantity"].toInt(), 48); // from 12 available up to the policy's 60
        QVERIFY2(black[u"reason"].toString().contains(QLatin1String("minimum of 20")),
                 qPrintable(black[u"reason"].toString()));
        QCOMPARE(white[u"sku"].toString(), QStringLiteral("TEE-WHT-M"));
        QVERIFY(white[u"quantity"].toInt() > 0 && white[u"quantity"].toInt() % 6 == 0);
        QVERIFY2(white[u"reason"].toString().contains(QLatin1String("reorder point")),
                 qPrintable(white[u"reason"].toString()));

        r = admin({QStringLiteral("suggestions"), QStringLiteral("approve"),
                   QString::number(purchase[u"id"].toInteger())},
                  QStringLiteral("manager"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(figure(owner, "incoming", "TEE-BLK-M"), 48);

        // The delivery comes in two parts.
        r = admin(
            {QStringLiteral("purchase-orders"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray orders = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(orders.size(), 1);
        QCOMPARE(orders.first()[u"lines"].toArray().size(), 2);
        const QString order = QString::number(orders.first()[u"purchase_order_id"].toInteger());
        r = admin({QStringLiteral("purchase-orders"), QStringLiteral("receive"), order,
                   QStringLiteral("--line"), QStringLiteral("TEE-BLK-M=20")},
                  QStringLiteral("clerk"));
        QVERIFY2(r.out.contains(QLatin1String("partially received")), qPrintable(r.out + r.err));
        QCOMPARE(figure(owner, "incoming", "TEE-WHT-M"), white[u"quantity"].toInt());
        r = admin({QStringLiteral("purchase-orders"), QStringLiteral("receive"), order},
                  QStringLiteral("clerk"));
        QVERIFY2(r.out.contains(QLatin1String("is now received")), qPrintable(r.out + r.err));
        QCOMPARE(figure(owner, "on_hand", "TEE-BLK-M"), 14 + 48);
        QCOMPARE(figure(owner, "incoming", "TEE-BLK-M"), 0);
        QCOMPARE(figure(owner, "on_hand", "TEE-WHT-M"), 8 + white[u"quantity"].toInt());
        QCOMPARE(figure(owner, "incoming", "TEE-WHT-M"), 0);

        // Every number adds up: the ledger replays to every level, committed units are the open
        // orders' unshipped lines, incoming units what open purchase orders still expect.
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM stock_levels s"
                           " LEFT JOIN (SELECT ol.product_id, ol.location_id,"
                           "            sum(ol.quantity - ol.shipped) AS units"
                           "            FROM order_lines ol JOIN orders o ON o.id = ol.order_id"
                           "            WHERE o.status IN ('placed', 'partially_shipped')"
                           "            GROUP BY 1, 2) c"
                           "   ON c.product_id = s.product_id AND c.location_id = s.location_id"
                           " LEFT JOIN (SELECT pl.product_id, po.location_id,"
                           "            sum(greatest(pl.quantity - pl.received, 0)) AS units"
                           "            FROM purchase_order_lines pl"
                           "            JOIN purchase_orders po ON po.id = pl.purchase_order_id"
                           "            WHERE po.status IN ('open', 'partially_received')"
                           "            GROUP BY 1, 2) i"
                           "   ON i.product_id = s.product_id AND i.location_id = s.location_id"
                           " WHERE s.committed <> coalesce(c.units, 0)"
                           "    OR s.incoming <> coalesce(i.units, 0) OR s.reserved <> 0")
                     .toInt(0, 0),
                 0);
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestStoresDay)
#include "tst_storesday.moc"
