#include "webhookdeliverer.h"

#include "db/whendone.h"

#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace sp::notify {

WebhookDeliverer::WebhookDeliverer(sp::db::Database* db, QObject* parent)
    : WebhookDeliverer(db, Options(), parent)
{}

WebhookDeliverer::WebhookDeliverer(sp::db::Database* db, Options options, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_options(options)
{
    m_timer.setInterval(m_options.pollMs);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDeliverer::poll);
}

QByteArray WebhookDeliverer::signature(const QByteArray& body, const QByteArray& secret)
{
    return "sha256=" +
           QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

void WebhookDeliverer::start()
{
    m_timer.start();
    poll();
}

void WebhookDeliverer::stop()
{
    m_timer.stop();
}

void WebhookDeliverer::deliverNow()
{
    poll();
}

void WebhookDeliverer::poll()
{
    if (m_polling) {
        m_pollAgain = true;
        return;
    }
    m_polling = true;
    const Options o = m_options;
    auto future = m_db->run([o](sp::db::Connection& c) {
        const sp::db::Result r =
            c.exec("SELECT id, url, secret, event_type, body, attempts FROM webhook_claim($1, $2)",
                   {o.batch, o.leaseSeconds});
        QList<Item> items;
        for (int i = 0; i < r.rows(); ++i) {
            items.append({r.toLongLong(i, 0), r.text(i, 1), r.bytes(i, 2), r.text(i, 3),
                          r.bytes(i, 4), r.toInt(i, 5)});
        }
        return items;
    });
    sp::db::whenDone(
        this, future,
        [this](const QList<Item>& items) {
            m_polling = false;
            for (const Item& item : items)
                send(item);
            if (m_pollAgain) {
                m_pollAgain = false;
                poll();
            }
        },
        [this](const sp::db::DbError& e) {
            m_polling = false;
            if (e.is(sp::db::sqlstate::InsufficientPrivilege)) {
                stop();
                emit permissionDenied(e.message());
            } else {
                emit errorOccurred(e.message());
            }
        });
}

void WebhookDeliverer::send(const Item& item)
{
    QNetworkRequest request{QUrl(item.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-StockPilot-Signature", signature(item.body, item.secret));
    request.setRawHeader("X-StockPilot-Event", item.eventType.toUtf8());
    request.setRawHeader("X-StockPilot-Delivery", QByteArray::number(item.id));
    request.setTransferTimeout(m_options.timeoutMs);
    ++m_inFlight;
    QNetworkReply* reply = m_network.post(request, item.body);
    const qint64 id = item.id;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
        QString error;
        if (!ok) {
            error = status ? tr("HTTP %1 %2")
                                 .arg(status)
                                 .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                          .toString())
                           : reply->errorString();
        }
        record(id, ok, status, error);
    });
}

void WebhookDeliverer::record(qint64 id, bool ok, int httpStatus, const QString& error)
{
    auto recorded = m_db->run([=](sp::db::Connection& c) {
        return c
            .exec("SELECT webhook_result($1, $2, $3, $4)",
                  {id, ok, httpStatus ? sp::db::Param(httpStatus) : sp::db::Param(),
                   error.isEmpty() ? sp::db::Param() : sp::db::Param(error)})
            .text(0, 0);
    });
    sp::db::whenDone(
        this, recorded,
        [this, id, ok, httpStatus, error](const QString& state) {
            if (ok)
                emit delivered(id, httpStatus);
            else
                emit attemptFailed(id, error, state);
        },
        [this](const sp::db::DbError& e) { emit errorOccurred(e.message()); });
}

} // namespace sp::notify
