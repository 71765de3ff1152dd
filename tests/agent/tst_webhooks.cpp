// The webhook outbox against a real HTTP server on loopback: a receiver that fails twice and
// then accepts gets the item delivered once, with a signature it can verify; a receiver that
// always fails ends in the dead-letter list that admins see.

#include "agentfixture.h"
#include "notify/webhookdeliverer.h"

#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;
using sp::notify::WebhookDeliverer;

namespace {

constexpr auto Secret = "s3cret-for-the-supplier-0123";

// A minimal HTTP/1.1 server: reads one request per connection (headers + Content-Length body)
// and answers with the next status from its script (the last one repeats).
class TestReceiver final : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    explicit TestReceiver(QList<int> statuses)
        : m_statuses(std::move(statuses))
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/orders").arg(m_server.serverPort());
    }
    const QList<Request>& requests() const { return m_requests; }
    int accepted() const { return m_accepted; }

private:
    void read(QTcpSocket* s)
    {
        QByteArray& buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        m_buffers.remove(s);
        m_requests.append(r);
        const int status = m_statuses.value(m_requests.size() - 1, m_statuses.last());
        if (status >= 200 && status < 300)
            ++m_accepted;
        s->write("HTTP/1.1 " + QByteArray::number(status) +
                 (status < 300 ? " OK" : " Service Unavailable") +
                 "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QList<int> m_statuses;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    int m_accepted = 0;
};

void queuePurchaseOrder(Connection& owner, const QString& url)
{
    owner.exec("SELECT webhook_endpoint_add('Nordtex', $1, $2, ARRAY['PurchaseOrderCreated'], "
               "'Nordtex')",
               {url, Secret});
    // Another supplier's endpoint must not get Nordtex's orders.
    owner.exec("SELECT webhook_endpoint_add('Capworks', 'http://127.0.0.1:9/x', $1, "
               "ARRAY['PurchaseOrderCreated'], 'Capworks')",
               {Secret});
    owner.exec("UPDATE agent_settings SET webhook_backoff_seconds = 0.2, webhook_max_attempts = 4");
    loadTinyCatalog(owner);
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    callJson(owner, "SELECT agent_demand_statistics()");
    callJson(owner, "SELECT agent_stock_check()");
    owner.exec("SELECT suggestion_approve(id) FROM suggestions WHERE kind = 'purchase'");
}

} // namespace

class TestWebhooks : public QObject
{
    Q_OBJECT

private slots:
    void failsTwiceThenDeliveredOnceAndSigned()
    {
        TestDatabase db;
        Connection owner(db.owner());
        TestReceiver receiver({503, 500, 200});
        queuePurchaseOrder(owner, receiver.url());
        QCOMPARE(scalar(owner, "SELECT count(*) FROM webhook_outbox"), 1);

        Database pool(db.admin(), 2);
        WebhookDeliverer deliverer(&pool, {50, 20, 60, 5000});
        QSignalSpy delivered(&deliverer, &WebhookDeliverer::delivered);
        QSignalSpy failed(&deliverer, &WebhookDeliverer::attemptFailed);
        deliverer.start();
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
        QTest::qWait(700); // longer than the back-off: nothing more may arrive
        deliverer.stop();

        QCOMPARE(failed.size(), 2);
        QCOMPARE(failed.at(0).at(2).toString(), QStringLiteral("retry"));
        QCOMPARE(receiver.requests().size(), 3);
        QCOMPARE(receiver.accepted(), 1);
        for (const TestReceiver::Request& r : receiver.requests()) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/orders"));
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            QCOMPARE(r.headers.value("x-stockpilot-event"), QByteArray("PurchaseOrderCreated"));
            // Verified the way a receiver would: HMAC-SHA256 of the raw body with the secret.
            const QByteArray expected = "sha256=" + QMessageAuthenticationCode::hash(
                                                        r.body, Secret, QCryptographicHash::Sha256)
                                                        .toHex();
            QCOMPARE(r.headers.value("x-stockpilot-signature"), expected);
            QCOMPARE(r.body, receiver.requests().first().body);
        }
        const QJsonObject body = QJsonDocument::fromJson(receiver.requests().last().body).object();
        const QJsonObject data = body.value(QLatin1String("data")).toObject();
        const QJsonObject line = data.value(QLatin1String("lines")).toArray().first().toObject();
        QCOMPARE(line.value(QLatin1String("sku")).toString(), QStringLiteral("SKU000001"));
        QCOMPARE(line.value(QLatin1String("quantity")).toInt(), 96);
        QCOMPARE(data.value(QLatin1String("deliver_to")).toObject().value(QLatin1String("code")),
                 QStringLiteral("ST1"));
        QCOMPARE(data.value(QLatin1String("supplier")).toString(), QStringLiteral("Nordtex"));

        const Result item = owner.exec("SELECT status, attempts, last_status FROM webhook_outbox");
        QCOMPARE(item.rows(), 1);
        QCOMPARE(item.text(0, 0), QStringLiteral("delivered"));
        QCOMPARE(item.toInt(0, 1), 3);
        QCOMPARE(item.toInt(0, 2), 200);
        // A tampered body would not verify.
        QVERIFY(WebhookDeliverer::signature(receiver.requests().last().body + ' ', Secret) !=
                receiver.requests().last().headers.value("x-stockpilot-signature"));
        pool.close();
    }

    void deadLetterAfterMaxAttempts()
    {
        TestDatabase db;
        Connection owner(db.owner());
        TestReceiver receiver({500});
        queuePurchaseOrder(owner, receiver.url());
        Database pool(db.admin(), 2);
        WebhookDeliverer deliverer(&pool, {50, 20, 60, 5000});
        QSignalSpy failed(&deliverer, &WebhookDeliverer::attemptFailed);
        deliverer.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 4, 15000);
        QCOMPARE(failed.last().at(2).toString(), QStringLiteral("dead"));
        QTest::qWait(500);
        deliverer.stop();
        QCOMPARE(receiver.requests().size(), 4);

        // Admins see it; clerks do not see the outbox at all.
        Connection admin(db.admin());
        const Result dead = admin.exec("SELECT id, attempts, last_error FROM webhook_outbox "
                                       "WHERE status = 'dead'");
        QCOMPARE(dead.rows(), 1);
        QCOMPARE(dead.toInt(0, 1), 4);
        QVERIFY2(dead.text(0, 2).contains(QLatin1String("500")), qPrintable(dead.text(0, 2)));
        QCOMPARE(scalar(admin, "SELECT count(*) FROM my_notifications WHERE kind = "
                               "'webhook_dead'"),
                 1);
        Connection clerk(db.clerk());
        QVERIFY_THROWS_EXCEPTION(DbError, clerk.exec("SELECT * FROM webhook_outbox"));
        QCOMPARE(scalar(clerk, "SELECT count(*) FROM my_notifications WHERE kind = "
                               "'webhook_dead'"),
                 0);
        // Requeued by an admin, it goes out again.
        admin.exec("SELECT webhook_requeue($1)", {dead.toLongLong(0, 0)});
        QCOMPARE(scalar(owner, "SELECT count(*) FROM webhook_outbox WHERE status = 'pending'"), 1);
        pool.close();
    }

    void staffCannotReadSecrets()
    {
        TestDatabase db;
        Database pool(db.clerk(), 1);
        WebhookDeliverer deliverer(&pool, {50, 20, 60, 5000});
        QSignalSpy denied(&deliverer, &WebhookDeliverer::permissionDenied);
        deliverer.start();
        QTRY_COMPARE_WITH_TIMEOUT(denied.size(), 1, 5000);
        QVERIFY(!deliverer.isRunning());
        Connection manager(db.manager());
        QVERIFY_THROWS_EXCEPTION(DbError, manager.exec("SELECT secret FROM webhook_endpoints"));
        pool.close();
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
