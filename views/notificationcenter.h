#pragma once

#include "db/eventstream.h"
#include "notify/notifications.h"

#include <QDialog>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSystemTrayIcon;

namespace sp::db {
class Database;
class DbError;
} // namespace sp::db

namespace sp::views {

// The signed-in person's staff notifications (new high-priority suggestions, low stock,
// overstock, failed executions, dead webhooks, after their preferences): keeps the unread count
// for the Inbox badge and shows a tray message for each new one where the desktop has a tray.
// The counting is done by the database (my_notifications); events only say when to ask again.
class NotificationCenter final : public QObject
{
    Q_OBJECT

public:
    explicit NotificationCenter(sp::db::Database* db, QObject* parent = nullptr);
    ~NotificationCenter() override;

    int unreadCount() const { return m_unread; }
    // Notifications that arrived since the first load, newest last.
    const QList<sp::notify::Notification>& arrived() const { return m_arrived; }
    // Whether tray messages are shown (never on a platform without a system tray).
    bool hasTray() const { return m_tray != nullptr; }
    // Shows tray messages only when set; the desktop sets the window icon.
    void enableTray(const QIcon& icon);

public slots:
    void refresh();
    void applyEvents(const QList<sp::db::Event>& events);
    void markAllRead();

signals:
    void unreadCountChanged(int count);
    // A load finished and no other is due: unreadCount() and arrived() are what the database
    // said after everything the center was told until then.
    void loaded();
    void notificationsArrived(const QList<sp::notify::Notification>& notifications);
    void errorOccurred(const QString& message);
    // The person clicked a tray message.
    void trayMessageClicked();

private:
    void load();

    sp::db::Database* m_db;
    QTimer m_debounce;
    QSystemTrayIcon* m_tray = nullptr;
    QList<sp::notify::Notification> m_arrived;
    qint64 m_lastId = -1; // -1: not loaded yet, so the first load is no news
    int m_unread = 0;
    bool m_loading = false;
    bool m_again = false;
};

// Per-user notification preferences: which kinds, and from which priority on. Loads and saves
// through notification_prefs_get/_set on a worker thread; a refusal is shown in the dialog.
class NotificationPrefsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit NotificationPrefsDialog(sp::db::Database* db, QWidget* parent = nullptr);

    QCheckBox* kindBox(const QString& kind) const;
    QComboBox* priorityBox() const { return m_priority; }
    QDialogButtonBox* buttons() const { return m_buttons; }
    QLabel* messageLabel() const { return m_message; }
    bool isLoaded() const { return m_loaded; }

    static QString kindName(const QString& kind);

signals:
    void loaded();
    void saved();

private:
    void save();

    sp::db::Database* m_db;
    QList<QCheckBox*> m_kinds;
    QComboBox* m_priority;
    QLabel* m_message;
    QDialogButtonBox* m_buttons;
    bool m_loaded = false;
};

} // namespace sp::views
