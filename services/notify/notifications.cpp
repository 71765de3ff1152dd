#include "notifications.h"

#include "db/database.h"

namespace sp::notify {

QStringList Notifications::allKinds()
{
    return {QStringLiteral("low_stock"),    QStringLiteral("overstock"),
            QStringLiteral("audit"),        QStringLiteral("execution_failed"),
            QStringLiteral("webhook_dead"), QStringLiteral("mail_dead")};
}

QList<Notification> Notifications::mine(sp::db::Connection& c, bool unreadOnly, int limit)
{
    const sp::db::Result r = c.exec(
        "SELECT id, (extract(epoch FROM created_at) * 1000)::bigint, kind, priority, title, body,"
        "       coalesce(product_id, 0), coalesce(location_id, 0), coalesce(suggestion_id, 0),"
        "       is_read "
        "FROM my_notifications WHERE NOT ($1 AND is_read) ORDER BY id DESC LIMIT $2",
        {unreadOnly, limit});
    QList<Notification> list;
    for (int i = 0; i < r.rows(); ++i) {
        Notification n;
        n.id = r.toLongLong(i, 0);
        n.createdAt = QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC);
        n.kind = r.text(i, 2);
        n.priority = r.toInt(i, 3);
        n.title = r.text(i, 4);
        n.body = r.text(i, 5);
        n.productId = r.toInt(i, 6);
        n.locationId = r.toInt(i, 7);
        n.suggestionId = r.toLongLong(i, 8);
        n.read = r.toBool(i, 9);
        list.append(n);
    }
    return list;
}

int Notifications::unreadCount(sp::db::Connection& c)
{
    return c.exec("SELECT count(*) FROM my_notifications WHERE NOT is_read").toInt(0, 0);
}

int Notifications::markRead(sp::db::Connection& c, const QList<qint64>& ids)
{
    return c
        .exec("SELECT notifications_mark_read($1::bigint[])",
              {ids.isEmpty() ? sp::db::Param() : sp::db::Param(ids)})
        .toInt(0, 0);
}

NotificationPreferences Notifications::preferences(sp::db::Connection& c)
{
    const sp::db::Result r = c.exec("SELECT array_to_string(kinds, ','), min_priority "
                                    "FROM notification_prefs_get()");
    NotificationPreferences p;
    p.kinds = r.text(0, 0).split(QLatin1Char(','), Qt::SkipEmptyParts);
    p.minPriority = r.toInt(0, 1);
    return p;
}

void Notifications::setPreferences(sp::db::Connection& c, const NotificationPreferences& p)
{
    c.exec("SELECT notification_prefs_set($1::text[], $2)", {p.kinds, p.minPriority});
}

QFuture<QList<Notification>> Notifications::mine(sp::db::Database& db, bool unreadOnly, int limit)
{
    return db.run(
        [unreadOnly, limit](sp::db::Connection& c) { return mine(c, unreadOnly, limit); });
}

QFuture<int> Notifications::markRead(sp::db::Database& db, const QList<qint64>& ids)
{
    return db.run([ids](sp::db::Connection& c) { return markRead(c, ids); });
}

QFuture<NotificationPreferences> Notifications::preferences(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return preferences(c); });
}

QFuture<void> Notifications::setPreferences(sp::db::Database& db, const NotificationPreferences& p)
{
    return db.run([p](sp::db::Connection& c) { setPreferences(c, p); });
}

} // namespace sp::notify
