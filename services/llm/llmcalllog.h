#pragma once

#include "llm/llmclient.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace sp::db {
class Connection;
class Database;
} // namespace sp::db

namespace sp::llm {

// One row of the call log (llm_calls).
struct LlmCall
{
    qint64 id = 0;
    QDateTime at;
    QString purpose;
    QString model;
    int latencyMs = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    QString outcome; // ok, timeout, http_error, network_error, bad_response, not_configured
    QString error;
    QString who; // the login that made the call

    QJsonObject toJson() const;
};

// Writes every finished call of a client to the call log, on the database pool's worker
// threads: the caller never waits, and a failed write (no permission, database away) is
// counted and reported once but never reaches the call itself.
class LlmCallLog final : public QObject
{
    Q_OBJECT

public:
    explicit LlmCallLog(sp::db::Database* db, QObject* parent = nullptr);

    // Logs every call the client finishes from now on, from whichever thread it finishes on.
    void watch(LlmClient* client);
    void record(const QString& purpose, const LlmReply& reply);

    int failedWrites() const { return m_failed->load(); }

    // The call itself (one SQL call); returns the row's id.
    static qint64 write(sp::db::Connection& c, const QString& purpose, const LlmReply& reply);
    // The same on a worker of the pool, for a call already finished: the connection is lent
    // for the one statement, never while a model answers.
    static QFuture<qint64> write(sp::db::Database& db, const QString& purpose,
                                 const LlmReply& reply);
    // The most recent calls, newest first (managers: the log is theirs to read).
    static QList<LlmCall> recent(sp::db::Connection& c, int limit = 50);
    // The same on a worker of the pool.
    static QFuture<QList<LlmCall>> recent(sp::db::Database& db, int limit = 50);

private:
    sp::db::Database* m_db;
    // Shared with writes still on the pool, which may finish after this object is gone.
    std::shared_ptr<std::atomic<int>> m_failed = std::make_shared<std::atomic<int>>(0);
    // One thread that writes the rows one after the other (declared last: it is destroyed
    // first, and waits for the writes still on their way).
    QThreadPool m_writer;
};

} // namespace sp::llm
