#pragma once

#include "db/database.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

namespace sp::notify {

// Sends the webhook outbox (supplier notifications and other external messages). Each item is
// POSTed as JSON with the header "X-StockPilot-Signature: sha256=<hex>", an HMAC-SHA256 of the
// exact body under the endpoint's secret. A 2xx answer marks it delivered; anything else is
// retried with exponential back-off, and after the configured number of attempts the item moves
// to the dead-letter state (webhook_result() in SQL decides).
//
// Several instances may run a deliverer: items are claimed with a lease (SKIP LOCKED), so one
// item is never sent by two at once. The claim reads endpoint secrets, so it needs an admin or
// owner connection; with a staff connection the deliverer reports permissionDenied and stops.
class WebhookDeliverer final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int pollMs = 1000;
        int batch = 20;
        int leaseSeconds = 60;
        int timeoutMs = 10000;
    };

    explicit WebhookDeliverer(sp::db::Database* db, QObject* parent = nullptr);
    explicit WebhookDeliverer(sp::db::Database* db, Options options, QObject* parent = nullptr);

    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    // Looks for due items now instead of at the next poll.
    void deliverNow();
    int inFlight() const { return m_inFlight; }

    // "sha256=" + lower-case hex HMAC-SHA256(secret, body).
    static QByteArray signature(const QByteArray& body, const QByteArray& secret);

signals:
    void delivered(qint64 id, int httpStatus);
    // state: "retry" (tried again later) or "dead" (moved to the dead-letter list).
    void attemptFailed(qint64 id, const QString& error, const QString& state);
    void permissionDenied(const QString& message);
    void errorOccurred(const QString& message);

private:
    struct Item
    {
        qint64 id = 0;
        QString url;
        QByteArray secret;
        QString eventType;
        QByteArray body;
        int attempts = 0;
    };

    void poll();
    void send(const Item& item);
    void record(qint64 id, bool ok, int httpStatus, const QString& error);

    sp::db::Database* m_db;
    Options m_options;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    int m_inFlight = 0;
};

} // namespace sp::notify
