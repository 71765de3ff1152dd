#pragma once

#include <QObject>
#include <QPointer>

namespace sp::scheduler {
class Scheduler;
}

namespace sp::staff {
class Session;
}

namespace sp::views {

class DeadLettersDialog;
class EventLogPage;
class InboxPage;
class JobsPage;
class MainWindow;
class NotificationCenter;

// Puts the agent's pages into the main window (Inbox, Jobs, Event log) and keeps them live:
// the session's events feed every page and the notification centre, the unread count is the
// Inbox entry's badge (cleared when the person opens the Inbox), and Tools offers the
// notification preferences, and admins the webhook dead-letter list. Owned by the window.
class AgentPages final : public QObject
{
    Q_OBJECT

public:
    // scheduler may be null (the Jobs page then only shows runs; "Run now" stays disabled).
    AgentPages(MainWindow* window, sp::staff::Session* session,
               sp::scheduler::Scheduler* scheduler);

    InboxPage* inbox() const { return m_inbox; }
    JobsPage* jobs() const { return m_jobs; }
    EventLogPage* events() const { return m_events; }
    NotificationCenter* notifications() const { return m_notifications; }

    // Loads every page; called once the session's event stream has started.
    void load();
    void openPreferences();
    // The webhook dead-letter list (admins); brings an open one to the front.
    void openDeadLetters();
    DeadLettersDialog* deadLettersDialog() const;

private:
    MainWindow* m_window;
    sp::staff::Session* m_session;
    InboxPage* m_inbox;
    JobsPage* m_jobs;
    EventLogPage* m_events;
    NotificationCenter* m_notifications;
    QPointer<DeadLettersDialog> m_deadLetters;
};

} // namespace sp::views
