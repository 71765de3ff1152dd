#include "agentpages.h"

#include "db/database.h"
#include "db/whendone.h"
#include "deadlettersdialog.h"
#include "eventlogpage.h"
#include "inboxpage.h"
#include "inventory/stockcatalog.h"
#include "jobspage.h"
#include "mainwindow.h"
#include "notificationcenter.h"
#include "scheduler/scheduler.h"
#include "staff/session.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>

namespace sp::views {

AgentPages::AgentPages(MainWindow* window, sp::staff::Session* session,
                       sp::scheduler::Scheduler* scheduler)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_inbox(new InboxPage(session->database(), window))
    , m_jobs(new JobsPage(session->database(), scheduler, window))
    , m_events(new EventLogPage(session->database(), window))
    , m_notifications(new NotificationCenter(session->database(), this))
{
    QStyle* style = window->style();
    window->addPage(QStringLiteral("inbox"), tr("Inbox"),
                    style->standardIcon(QStyle::SP_MessageBoxInformation), m_inbox);
    window->addPage(QStringLiteral("jobs"), tr("Jobs"),
                    style->standardIcon(QStyle::SP_BrowserReload), m_jobs);
    window->addPage(QStringLiteral("events"), tr("Event log"),
                    style->standardIcon(QStyle::SP_FileDialogListView), m_events);

    m_inbox->setRole(session->role());
    sp::db::EventStream* stream = session->events();
    connect(stream, &sp::db::EventStream::eventsReceived, m_inbox, &InboxPage::applyEvents);
    connect(stream, &sp::db::EventStream::eventsReceived, m_jobs, &JobsPage::applyEvents);
    connect(stream, &sp::db::EventStream::eventsReceived, m_events, &EventLogPage::applyEvents);
    connect(stream, &sp::db::EventStream::eventsReceived, m_notifications,
            &NotificationCenter::applyEvents);
    // An interval changed in another desktop: this instance's timers follow at once.
    if (scheduler) {
        connect(stream, &sp::db::EventStream::eventsReceived, scheduler,
                &sp::scheduler::Scheduler::applyEvents);
    }
    // After a lost connection the stream catches up, but a reload is the simple truth.
    connect(session, &sp::staff::Session::reconnected, this, &AgentPages::load);

    connect(m_notifications, &NotificationCenter::unreadCountChanged, window,
            [window](int count) { window->setPageBadge(QStringLiteral("inbox"), count); });
    // Opening the Inbox is seeing what is new.
    connect(m_inbox, &InboxPage::shown, m_notifications, &NotificationCenter::markAllRead);
    connect(m_notifications, &NotificationCenter::unreadCountChanged, this, [this](int count) {
        if (count > 0 && m_inbox->isVisible() && m_window->isActiveWindow())
            m_notifications->markAllRead();
    });
    m_notifications->enableTray(window->windowIcon());
    connect(m_notifications, &NotificationCenter::trayMessageClicked, this, [this] {
        m_window->showNormal();
        m_window->activateWindow();
        m_window->showPage(QStringLiteral("inbox"));
    });

    QMenu* tools = window->addMenuBeforeHelp(tr("&Agent"));
    QAction* goInbox = tools->addAction(tr("&Inbox"), this,
                                        [this] { m_window->showPage(QStringLiteral("inbox")); });
    goInbox->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    tools->addSeparator();
    tools->addAction(m_inbox->approveAction());
    tools->addAction(m_inbox->modifyAction());
    tools->addAction(m_inbox->rejectAction());
    tools->addSeparator();
    QAction* prefs =
        tools->addAction(tr("&Notification Preferences…"), this, &AgentPages::openPreferences);
    prefs->setObjectName(QStringLiteral("actionNotificationPreferences"));
    // The outbox is readable by admins only (the database says so too).
    if (session->role() == QLatin1String("admin")) {
        QAction* dead =
            tools->addAction(tr("&Dead Webhook Deliveries…"), this, &AgentPages::openDeadLetters);
        dead->setObjectName(QStringLiteral("actionDeadLetters"));
    }
}

DeadLettersDialog* AgentPages::deadLettersDialog() const
{
    return m_deadLetters;
}

void AgentPages::openDeadLetters()
{
    if (m_deadLetters) {
        m_deadLetters->raise();
        m_deadLetters->activateWindow();
        return;
    }
    auto* dialog = new DeadLettersDialog(m_session->database(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_session->events(), &sp::db::EventStream::eventsReceived, dialog,
            &DeadLettersDialog::applyEvents);
    m_deadLetters = dialog;
    dialog->show();
}

void AgentPages::load()
{
    m_inbox->reload();
    m_jobs->reload();
    m_events->reload();
    m_notifications->refresh();
    sp::db::whenDone(
        this, sp::inventory::locations(*m_session->database()),
        [this](const QList<sp::inventory::Location>& locations) {
            QStringList codes;
            for (const sp::inventory::Location& l : locations)
                codes << l.code;
            m_inbox->setLocationCodes(codes);
        },
        [](const sp::db::DbError&) {
            // The Modify dialog then offers the locations the inbox mentions.
        });
}

void AgentPages::openPreferences()
{
    auto* dialog = new NotificationPrefsDialog(m_session->database(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NotificationPrefsDialog::saved, m_notifications, &NotificationCenter::refresh);
    dialog->open();
}

} // namespace sp::views
