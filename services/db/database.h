#pragma once

#include "pgconnection.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <type_traits>
#include <vector>

namespace sp::db {

// A pool of connections and the worker threads that use them. run() executes a function with a
// connection on a worker thread and returns a QFuture, so GUI code chains .then(this, ...) and
// never waits on the network.
//
// libpq connections are not tied to a thread (unlike QSqlDatabase), so the pool lends a free
// connection to whichever worker runs the task; a connection found broken is dropped and a new
// one is made on next use.
class Database final : public QObject
{
    Q_OBJECT

public:
    explicit Database(ConnectionSettings settings, int maxConnections = 4,
                      QObject* parent = nullptr);
    ~Database() override;

    const ConnectionSettings& settings() const { return m_settings; }

    template<typename Work>
    auto run(Work&& work) -> QFuture<std::invoke_result_t<Work, Connection&>>
    {
        return QtConcurrent::run(&m_threads, [this, work = std::forward<Work>(work)]() mutable {
            Lease lease(*this);
            try {
                return work(lease.connection());
            } catch (const DbError& error) {
                lease.noteError(error);
                throw;
            }
        });
    }

    // Runs work on the calling thread with a pooled connection (command-line tools, tests, and
    // code already running on a worker).
    template<typename Work>
    auto runHere(Work&& work) -> std::invoke_result_t<Work, Connection&>
    {
        Lease lease(*this);
        try {
            return work(lease.connection());
        } catch (const DbError& error) {
            lease.noteError(error);
            throw;
        }
    }

    // Waits for running tasks and closes every connection.
    void close();

signals:
    // Emitted (from worker threads) when a connection fails or succeeds after a failure.
    void connectionLost(const QString& message);
    void connectionRestored();

private:
    class Lease
    {
    public:
        explicit Lease(Database& db);
        ~Lease();
        Connection& connection() { return *m_connection; }
        void noteError(const DbError& error);

    private:
        Database& m_db;
        std::unique_ptr<Connection> m_connection;
    };

    std::unique_ptr<Connection> acquire();
    void release(std::unique_ptr<Connection> connection);

    ConnectionSettings m_settings;
    QThreadPool m_threads;
    QMutex m_mutex;
    std::vector<std::unique_ptr<Connection>> m_idle;
    bool m_lost = false;
};

} // namespace sp::db
