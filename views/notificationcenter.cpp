#include "notificationcenter.h"

#include "db/database.h"
#include "db/whendone.h"
#include "errortext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace sp::views {

using sp::notify::Notification;
using sp::notify::NotificationPreferences;
using sp::notify::Notifications;

NotificationCenter::NotificationCenter(sp::db::Database* db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
    // A burst of events (a stock check creating fifty suggestions) is one query.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &NotificationCenter::load);
}

NotificationCenter::~NotificationCenter() = default;

void NotificationCenter::enableTray(const QIcon& icon)
{
    if (m_tray || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(icon, this);
    m_tray->setToolTip(tr("StockPilot"));
    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
            &NotificationCenter::trayMessageClicked);
    m_tray->show();
}

void NotificationCenter::refresh()
{
    m_debounce.start();
}

void NotificationCenter::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("InventoryActionSuggested") ||
            e.type == QLatin1String("PriceAdjustmentSuggested") ||
            e.type == QLatin1String("HumanReviewRequired") ||
            e.type == QLatin1String("ActionExecuted") ||
            e.type == QLatin1String("WebhookDeadLettered") ||
            e.type == QLatin1String("MailDeadLettered")) {
            refresh();
            return;
        }
    }
}

void NotificationCenter::load()
{
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    auto future = Notifications::mine(*m_db, /*unreadOnly=*/true, 200);
    sp::db::whenDone(
        this, future,
        [this](const QList<Notification>& unread) {
            m_loading = false;
            qint64 newest = qMax<qint64>(m_lastId, 0);
            QList<Notification> fresh;
            for (const Notification& n : unread) {
                if (m_lastId >= 0 && n.id > m_lastId)
                    fresh.prepend(n); // mine() is newest first
                newest = qMax(newest, n.id);
            }
            m_lastId = newest;
            if (m_unread != unread.size()) {
                m_unread = int(unread.size());
                emit unreadCountChanged(m_unread);
            }
            if (!fresh.isEmpty()) {
                m_arrived += fresh;
                if (m_tray) {
                    const Notification& last = fresh.constLast();
                    m_tray->showMessage(fresh.size() == 1 ? last.title
                                                          : tr("%n new notification(s)", nullptr,
                                                               int(fresh.size())),
                                        fresh.size() == 1 ? last.body : last.title,
                                        last.priority >= 3 ? QSystemTrayIcon::Warning
                                                           : QSystemTrayIcon::Information);
                }
                emit notificationsArrived(fresh);
            }
            if (m_again) {
                m_again = false;
                load();
            } else if (!m_debounce.isActive()) {
                emit loaded();
            }
        },
        [this](const sp::db::DbError& e) {
            m_loading = false;
            m_again = false;
            emit errorOccurred(errorText(e));
        });
}

void NotificationCenter::markAllRead()
{
    if (m_unread == 0)
        return;
    sp::db::whenDone(
        this, Notifications::markRead(*m_db), [this](int) { load(); },
        [this](const sp::db::DbError& e) { emit errorOccurred(errorText(e)); });
}

QString NotificationPrefsDialog::kindName(const QString& kind)
{
    if (kind == QLatin1String("low_stock"))
        return tr("Low stock");
    if (kind == QLatin1String("overstock"))
        return tr("Overstock");
    if (kind == QLatin1String("audit"))
        return tr("Ledger audit differences");
    if (kind == QLatin1String("execution_failed"))
        return tr("Approved actions that failed");
    if (kind == QLatin1String("webhook_dead"))
        return tr("Undeliverable webhooks");
    if (kind == QLatin1String("mail_dead"))
        return tr("Supplier e-mails that could not be sent");
    return kind;
}

NotificationPrefsDialog::NotificationPrefsDialog(sp::db::Database* db, QWidget* parent)
    : QDialog(parent)
    , m_db(db)
    , m_priority(new QComboBox(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Notification preferences"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Notify me about:"), this));
    for (const QString& kind : Notifications::allKinds()) {
        auto* box = new QCheckBox(kindName(kind), this);
        box->setObjectName(kind);
        box->setProperty("kind", kind);
        box->setEnabled(false);
        m_kinds << box;
        layout->addWidget(box);
    }
    auto* form = new QFormLayout;
    m_priority->addItem(tr("Low and above"), 1);
    m_priority->addItem(tr("Normal and above"), 2);
    m_priority->addItem(tr("High only"), 3);
    m_priority->setEnabled(false);
    form->addRow(tr("&Priority:"), m_priority);
    layout->addLayout(form);
    m_message->setObjectName(QStringLiteral("prefsMessage"));
    m_message->setWordWrap(true);
    m_message->setText(tr("Loading…"));
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NotificationPrefsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    sp::db::whenDone(
        this, Notifications::preferences(*m_db),
        [this](const NotificationPreferences& p) {
            for (QCheckBox* box : m_kinds) {
                box->setChecked(p.kinds.contains(box->property("kind").toString()));
                box->setEnabled(true);
            }
            m_priority->setCurrentIndex(qBound(0, p.minPriority - 1, 2));
            m_priority->setEnabled(true);
            m_message->clear();
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
            m_loaded = true;
            emit loaded();
        },
        [this](const sp::db::DbError& e) { m_message->setText(errorText(e)); });
}

QCheckBox* NotificationPrefsDialog::kindBox(const QString& kind) const
{
    for (QCheckBox* box : m_kinds) {
        if (box->property("kind").toString() == kind)
            return box;
    }
    return nullptr;
}

void NotificationPrefsDialog::save()
{
    NotificationPreferences p;
    for (QCheckBox* box : m_kinds) {
        if (box->isChecked())
            p.kinds << box->property("kind").toString();
    }
    p.minPriority = m_priority->currentData().toInt();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_message->setText(tr("Saving…"));
    sp::db::whenDone(
        this, Notifications::setPreferences(*m_db, p),
        [this] {
            emit saved();
            accept();
        },
        [this](const sp::db::DbError& e) {
            m_message->setText(errorText(e));
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
        });
}

} // namespace sp::views
