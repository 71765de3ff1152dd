#pragma once

#include "connectionsettings.h"
#include "dberror.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace sp::db {

// One query parameter, sent in PostgreSQL's text format. NULL is a default-constructed Param.
class Param
{
public:
    Param() = default;
    Param(std::nullopt_t) {}
    Param(const QString& v)
        : m_value(v.toUtf8())
        , m_null(false)
    {}
    Param(const QByteArray& v)
        : m_value(v)
        , m_null(false)
    {}
    Param(const char* v)
        : m_value(v)
        , m_null(false)
    {}
    Param(int v)
        : m_value(QByteArray::number(v))
        , m_null(false)
    {}
    Param(qint64 v)
        : m_value(QByteArray::number(v))
        , m_null(false)
    {}
    Param(double v)
        : m_value(QByteArray::number(v, 'g', 17))
        , m_null(false)
    {}
    Param(bool v)
        : m_value(v ? "t" : "f")
        , m_null(false)
    {}
    // An int array literal ("{1,2,3}") for "= ANY($n)".
    Param(const QList<qint64>& values);
    Param(const QList<int>& values);
    Param(const QStringList& values);
    template<typename T>
    Param(const std::optional<T>& v)
    {
        if (v)
            *this = Param(*v);
    }

    bool isNull() const { return m_null; }
    const QByteArray& bytes() const { return m_value; }

private:
    QByteArray m_value;
    bool m_null = true;
};

using Params = std::initializer_list<Param>;

// The rows of one statement. Values are read in text format, as psql shows them.
class Result
{
public:
    Result() = default;
    explicit Result(pg_result* result);
    Result(Result&&) noexcept = default;
    Result& operator=(Result&&) noexcept = default;
    ~Result();

    int rows() const;
    int columns() const;
    int column(const char* name) const; // -1 when absent
    QString columnName(int col) const;
    bool isNull(int row, int col) const;
    QString text(int row, int col) const;
    QByteArray bytes(int row, int col) const;
    const char* raw(int row, int col) const;
    int toInt(int row, int col) const;
    qint64 toLongLong(int row, int col) const;
    double toDouble(int row, int col) const;
    bool toBool(int row, int col) const;
    // The number of rows an INSERT/UPDATE/DELETE touched.
    qint64 affectedRows() const;

    // Parse a one-dimensional PostgreSQL int array literal ("{1,NULL,3}"; NULL -> fallback).
    static QList<int> parseIntArray(const char* literal, int nullValue = 0);

private:
    struct Deleter
    {
        void operator()(pg_result* r) const;
    };
    std::unique_ptr<pg_result, Deleter> m_result;
};

// One libpq connection. Not thread-safe: use from one thread at a time (the pool hands it to one
// task at a time). cancel() is the exception and may be called from any thread.
class Connection
{
public:
    // Connects; throws DbError (SQLSTATE 08001) with libpq's message on failure.
    explicit Connection(const ConnectionSettings& settings);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const ConnectionSettings& settings() const { return m_settings; }
    bool isOk() const;
    // Connected and outside any transaction (none open, none failed).
    bool isIdle() const;
    // Re-establishes a broken connection in place; prepared statements are forgotten.
    void reset();

    // One statement with parameters ($1, $2, ...), sent with the extended protocol.
    Result exec(const char* sql, Params params = {});
    Result exec(const QByteArray& sql, const QList<Param>& params);
    // Like exec, but prepares the statement once per connection and reuses the plan. For
    // statements run often: the SQL text is the cache key, so never build it from data.
    Result execPrepared(const char* sql, Params params = {});
    // Several statements without parameters, in one round trip (migrations, DDL).
    void execScript(const QByteArray& sql);

    // COPY ... FROM STDIN. The producer fills its buffer and returns false when done. Returns
    // the number of rows copied. Throws on any server error; the COPY is then rolled back with
    // the surrounding transaction.
    qint64 copyIn(const char* sql, const std::function<bool(QByteArray& chunk)>& producer);
    // COPY ... TO STDOUT. The consumer gets each data row; returning false cancels the copy.
    qint64 copyOut(const char* sql,
                   const std::function<bool(const char* data, int size)>& consumer);

    // Asks the server to cancel the statement running on this connection. Thread-safe.
    void cancel();

    // LISTEN/NOTIFY support for event-loop integration.
    int socket() const;
    // Reads whatever arrived on the socket; returns the notification channels received.
    QList<QByteArray> consumeNotifications();

    QString serverVersion() const;
    QString currentUser();

private:
    Result check(pg_result* result);
    [[noreturn]] void throwConnectionError(const char* fallbackState);
    Result execParams(const char* sql, const QList<Param>& params, const char* statementName);

    ConnectionSettings m_settings;
    pg_conn* m_conn = nullptr;
    pg_cancel* m_cancel = nullptr;
    QHash<QByteArray, QByteArray> m_prepared; // SQL -> statement name
};

// Runs BEGIN on construction, ROLLBACK on destruction unless commit() was called.
class Transaction
{
public:
    explicit Transaction(Connection& connection, const char* begin = "BEGIN");
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_connection;
    bool m_open = true;
};

} // namespace sp::db
