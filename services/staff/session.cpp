#include "session.h"

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "llm/llmcalllog.h"
#include "llm/llmclient.h"

#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace sp::staff {

QFuture<QString> staffRole(const sp::db::ConnectionSettings& login)
{
    return QtConcurrent::run([login]() -> QString {
        sp::db::Connection c(login);
        try {
            const sp::db::Result r = c.exec("SELECT staff_role()");
            return r.isNull(0, 0) ? QString() : r.text(0, 0);
        } catch (const sp::db::DbError& e) {
            // A login that is no staff member cannot even see StockPilot's schema or functions.
            if (e.is(sp::db::sqlstate::InsufficientPrivilege) ||
                e.is(sp::db::sqlstate::UndefinedFunction) ||
                e.is(sp::db::sqlstate::InvalidSchemaName)) {
                return {};
            }
            throw;
        }
    });
}

Session::Session(sp::db::ConnectionSettings staff, QString role, QString where, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(staff))
    , m_role(std::move(role))
    , m_where(std::move(where))
    , m_database(std::make_unique<sp::db::Database>(m_settings))
    , m_events(std::make_unique<sp::db::EventStream>(m_settings))
    , m_llmLog(std::make_unique<sp::llm::LlmCallLog>(m_database.get()))
{
    const QSettings settings;
    m_llm = std::make_unique<sp::llm::LlmClient>(sp::llm::LlmSettings::load(&settings));
    m_llmLog->watch(m_llm.get());
    // Both emit from their worker threads; the queued connections bring them here.
    connect(m_events.get(), &sp::db::EventStream::connectionChanged, this,
            [this](bool connected, const QString& message) {
                m_streamConnected = connected;
                update(message);
            });
    connect(m_events.get(), &sp::db::EventStream::started, this, [this] {
        m_started = true;
        emit started();
    });
    connect(m_database.get(), &sp::db::Database::connectionLost, this,
            [this](const QString& message) {
                m_poolLost = true;
                update(message);
                if (!m_probe.isActive())
                    m_probe.start();
            });
    connect(m_database.get(), &sp::db::Database::connectionRestored, this, [this] {
        m_poolLost = false;
        m_probe.stop();
        update({});
    });
    // The pool only notices the server is back when it is used; after a loss, try it now and
    // then, so the status bar and the views recover without anyone clicking.
    m_probe.setInterval(1000);
    connect(&m_probe, &QTimer::timeout, this, [this] {
        if (!m_poolLost) {
            m_probe.stop();
            return;
        }
        m_database->run([](sp::db::Connection& c) { c.exec("SELECT 1"); });
    });
}

Session::~Session()
{
    shutdown();
}

QString Session::roleDisplayName() const
{
    if (m_role == QLatin1String("admin"))
        return tr("Administrator");
    if (m_role == QLatin1String("manager"))
        return tr("Manager");
    if (m_role == QLatin1String("clerk"))
        return tr("Clerk");
    return m_role;
}

void Session::start()
{
    m_events->start();
}

void Session::shutdown()
{
    m_probe.stop();
    if (m_events)
        m_events->stop();
    if (m_database)
        m_database->close();
}

void Session::update(const QString& message)
{
    const bool connected = isConnected();
    if (connected == m_lastConnected && connected)
        return;
    m_lastConnected = connected;
    emit connectionStateChanged(connected, message);
    if (!connected) {
        m_wasLost = true;
    } else if (m_wasLost) {
        m_wasLost = false;
        emit reconnected();
    }
}

} // namespace sp::staff
