#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::notify {

// A webhook item that gave up after the maximum number of attempts (status dead).
struct DeadLetter
{
    qint64 id = 0;
    QString endpoint; // the endpoint's name
    QString url;
    QString eventType;
    int attempts = 0;
    int lastStatus = 0; // HTTP status of the last attempt; 0 when none came back
    QString lastError;
    QDateTime createdAt;
};

// The admins' view of the webhook outbox: the dead-letter list and sending an item again
// (webhook_requeue(), after the endpoint was fixed). Admins only; others get DbError 42501.
class WebhookOutbox final
{
public:
    // Oldest first.
    static QList<DeadLetter> deadLetters(sp::db::Connection& c);
    // Back to pending with no attempts, due now; SP009 when it is not a dead letter (any more).
    static void requeue(sp::db::Connection& c, qint64 id);

    // The same on a worker of the pool; requeue sends the items one SQL call each, in order,
    // and the future fails with the first refusal.
    static QFuture<QList<DeadLetter>> deadLetters(sp::db::Database& db);
    static QFuture<void> requeue(sp::db::Database& db, const QList<qint64>& ids);
};

} // namespace sp::notify
