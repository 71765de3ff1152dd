#pragma once

#include "db/connectionsettings.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace sp::db {
class Database;
class EventStream;
} // namespace sp::db
namespace sp::llm {
class LlmCallLog;
class LlmClient;
} // namespace sp::llm

namespace sp::staff {

// Connects once with the given login, off the caller's thread and without a pool, and reads its
// staff role (clerk, manager, admin); empty for a login that is no StockPilot staff member. Fails
// with DbError when the connection fails (wrong password, server away).
QFuture<QString> staffRole(const sp::db::ConnectionSettings& login);

// One signed-in staff member: the connection pool and the event stream made with their
// credentials, their staff role, and one connection state for the status bar that combines
// the event stream's view and the pool's.
class Session final : public QObject
{
    Q_OBJECT

public:
    Session(sp::db::ConnectionSettings staff, QString role, QString where,
            QObject* parent = nullptr);
    ~Session() override;

    sp::db::Database* database() const { return m_database.get(); }
    sp::db::EventStream* events() const { return m_events.get(); }
    // The program's one language model client (Settings > Language Model, the keychain, the
    // STOCKPILOT_LLM_* variables); never null, possibly not configured. Every call it makes is
    // logged as this staff member.
    sp::llm::LlmClient* llm() const { return m_llm.get(); }
    sp::llm::LlmCallLog* llmLog() const { return m_llmLog.get(); }
    const QString& user() const { return m_settings.user; }
    const QString& role() const { return m_role; }
    const QString& where() const { return m_where; }
    bool isConnected() const { return m_streamConnected && !m_poolLost; }
    bool isStarted() const { return m_started; }
    // The role's name for people ("Manager").
    QString roleDisplayName() const;

    // Starts the event stream; started() follows once later changes are sure to be delivered.
    void start();
    // Stops the stream and closes the pool's connections (waits for running tasks).
    void shutdown();

signals:
    void started();
    // connected false: reconnecting, with libpq's message. restored true after a loss.
    void connectionStateChanged(bool connected, const QString& message);
    void reconnected();

private:
    void update(const QString& message);

    sp::db::ConnectionSettings m_settings;
    QString m_role;
    QString m_where;
    std::unique_ptr<sp::db::Database> m_database;
    std::unique_ptr<sp::db::EventStream> m_events;
    std::unique_ptr<sp::llm::LlmCallLog> m_llmLog;
    std::unique_ptr<sp::llm::LlmClient> m_llm;
    QTimer m_probe;
    bool m_started = false;
    bool m_streamConnected = false;
    bool m_poolLost = false;
    bool m_wasLost = false;
    bool m_lastConnected = false;
};

} // namespace sp::staff
