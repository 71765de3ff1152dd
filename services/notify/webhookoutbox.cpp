#include "webhookoutbox.h"

#include "db/database.h"

namespace sp::notify {

QList<DeadLetter> WebhookOutbox::deadLetters(sp::db::Connection& c)
{
    const sp::db::Result r = c.exec(
        "SELECT o.id, e.name, e.url, o.event_type, o.attempts, coalesce(o.last_status, 0), "
        "       coalesce(o.last_error, ''), (extract(epoch FROM o.created_at) * 1000)::bigint "
        "FROM webhook_outbox o JOIN webhook_endpoints e ON e.id = o.endpoint_id "
        "WHERE o.status = 'dead' ORDER BY o.id",
        QList<sp::db::Param>());
    QList<DeadLetter> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        DeadLetter d;
        d.id = r.toLongLong(i, 0);
        d.endpoint = r.text(i, 1);
        d.url = r.text(i, 2);
        d.eventType = r.text(i, 3);
        d.attempts = r.toInt(i, 4);
        d.lastStatus = r.toInt(i, 5);
        d.lastError = r.text(i, 6);
        d.createdAt = QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 7), Qt::UTC);
        list.append(d);
    }
    return list;
}

void WebhookOutbox::requeue(sp::db::Connection& c, qint64 id)
{
    c.exec("SELECT webhook_requeue($1)", {id});
}

QFuture<QList<DeadLetter>> WebhookOutbox::deadLetters(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return deadLetters(c); });
}

QFuture<void> WebhookOutbox::requeue(sp::db::Database& db, const QList<qint64>& ids)
{
    return db.run([ids](sp::db::Connection& c) {
        for (qint64 id : ids)
            requeue(c, id);
    });
}

} // namespace sp::notify
