#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

namespace sp::db {
class Database;
}

namespace sp::notify {

// A staff notification (new high-priority suggestion, low stock, overstock, failed execution,
// dead webhook or e-mail), as the signed-in person sees it after their preferences.
struct Notification
{
    qint64 id = 0;
    QDateTime createdAt;
    QString kind;     // low_stock, overstock, audit, execution_failed, webhook_dead, mail_dead
    int priority = 2; // 3 high, 2 normal, 1 low
    QString title;
    QString body;
    int productId = 0;
    int locationId = 0;
    qint64 suggestionId = 0;
    bool read = false;
};

struct NotificationPreferences
{
    QStringList kinds;
    int minPriority = 2;
};

// The signed-in person's notifications (the my_notifications view filters by their
// preferences and keeps their read state). For a tray icon and a badge.
class Notifications final
{
public:
    static QList<Notification> mine(sp::db::Connection& c, bool unreadOnly = false,
                                    int limit = 200);
    static int unreadCount(sp::db::Connection& c);
    // Marks the given notifications read (every unread one when ids is empty).
    static int markRead(sp::db::Connection& c, const QList<qint64>& ids = {});
    static NotificationPreferences preferences(sp::db::Connection& c);
    static void setPreferences(sp::db::Connection& c, const NotificationPreferences& p);
    static QStringList allKinds();

    // The same on a worker of the pool, for the desktop; futures fail with the DbError.
    static QFuture<QList<Notification>> mine(sp::db::Database& db, bool unreadOnly = false,
                                             int limit = 200);
    static QFuture<int> markRead(sp::db::Database& db, const QList<qint64>& ids = {});
    static QFuture<NotificationPreferences> preferences(sp::db::Database& db);
    static QFuture<void> setPreferences(sp::db::Database& db, const NotificationPreferences& p);
};

} // namespace sp::notify
