#include "database.h"

namespace sp::db {

Database::Database(ConnectionSettings settings, int maxConnections, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    m_threads.setMaxThreadCount(maxConnections);
    // Idle workers keep their stack but connections live in m_idle, so a long expiry is fine.
    m_threads.setExpiryTimeout(60'000);
}

Database::~Database()
{
    close();
}

void Database::close()
{
    m_threads.waitForDone();
    QMutexLocker lock(&m_mutex);
    m_idle.clear();
}

std::unique_ptr<Connection> Database::acquire()
{
    {
        QMutexLocker lock(&m_mutex);
        while (!m_idle.empty()) {
            std::unique_ptr<Connection> c = std::move(m_idle.back());
            m_idle.pop_back();
            if (c->isOk())
                return c;
        }
    }
    try {
        auto connection = std::make_unique<Connection>(m_settings);
        bool wasLost = false;
        {
            QMutexLocker lock(&m_mutex);
            wasLost = std::exchange(m_lost, false);
        }
        if (wasLost)
            emit connectionRestored();
        return connection;
    } catch (const DbError& error) {
        {
            QMutexLocker lock(&m_mutex);
            m_lost = true;
        }
        emit connectionLost(error.message());
        throw;
    }
}

void Database::release(std::unique_ptr<Connection> connection)
{
    if (!connection || !connection->isOk())
        return;
    if (!connection->isIdle()) {
        // A task left a transaction open (or failed inside one): never lend that to the next
        // task. Roll it back, or drop the connection if even that fails.
        try {
            connection->execScript("ROLLBACK");
        } catch (const DbError&) {
            return;
        }
        if (!connection->isIdle())
            return;
    }
    QMutexLocker lock(&m_mutex);
    m_idle.push_back(std::move(connection));
}

Database::Lease::Lease(Database& db)
    : m_db(db)
    , m_connection(db.acquire())
{}

Database::Lease::~Lease()
{
    m_db.release(std::move(m_connection));
}

void Database::Lease::noteError(const DbError& error)
{
    if (!error.isConnectionError())
        return;
    // A statement failed because the server went away: drop the connection so the next task
    // connects afresh, and let the application show it.
    m_connection.reset();
    {
        QMutexLocker lock(&m_db.m_mutex);
        m_db.m_lost = true;
        // The others were opened to the same server and are most likely dead too.
        m_db.m_idle.clear();
    }
    emit m_db.connectionLost(error.message());
}

} // namespace sp::db
