#include "pgconnection.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVarLengthArray>

#include <cstring>
#include <libpq-fe.h>

namespace sp::db {

namespace {

QString fromUtf8(const char* s)
{
    return s ? QString::fromUtf8(s) : QString();
}

template<typename T>
QByteArray arrayLiteral(const QList<T>& values)
{
    QByteArray out = "{";
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            out += ',';
        out += QByteArray::number(values[i]);
    }
    return out + '}';
}

} // namespace

Param::Param(const QList<qint64>& values)
    : m_value(arrayLiteral(values))
    , m_null(false)
{}
Param::Param(const QList<int>& values)
    : m_value(arrayLiteral(values))
    , m_null(false)
{}

Param::Param(const QStringList& values)
    : m_null(false)
{
    m_value = "{";
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            m_value += ',';
        m_value += '"';
        for (const char c : values[i].toUtf8()) {
            if (c == '"' || c == '\\')
                m_value += '\\';
            m_value += c;
        }
        m_value += '"';
    }
    m_value += '}';
}

// --- Result ---------------------------------------------------------------------------------

void Result::Deleter::operator()(pg_result* r) const
{
    PQclear(r);
}

Result::Result(pg_result* result)
    : m_result(result)
{}
Result::~Result() = default;

int Result::rows() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

int Result::columns() const
{
    return m_result ? PQnfields(m_result.get()) : 0;
}

int Result::column(const char* name) const
{
    return m_result ? PQfnumber(m_result.get(), name) : -1;
}

QString Result::columnName(int col) const
{
    return fromUtf8(PQfname(m_result.get(), col));
}

bool Result::isNull(int row, int col) const
{
    return PQgetisnull(m_result.get(), row, col);
}

const char* Result::raw(int row, int col) const
{
    return PQgetvalue(m_result.get(), row, col);
}

QString Result::text(int row, int col) const
{
    return QString::fromUtf8(raw(row, col), PQgetlength(m_result.get(), row, col));
}

QByteArray Result::bytes(int row, int col) const
{
    return QByteArray(raw(row, col), PQgetlength(m_result.get(), row, col));
}

int Result::toInt(int row, int col) const
{
    return static_cast<int>(std::strtol(raw(row, col), nullptr, 10));
}

qint64 Result::toLongLong(int row, int col) const
{
    return std::strtoll(raw(row, col), nullptr, 10);
}

double Result::toDouble(int row, int col) const
{
    return std::strtod(raw(row, col), nullptr);
}

bool Result::toBool(int row, int col) const
{
    return raw(row, col)[0] == 't';
}

qint64 Result::affectedRows() const
{
    const char* n = m_result ? PQcmdTuples(m_result.get()) : "";
    return *n ? std::strtoll(n, nullptr, 10) : 0;
}

QList<int> Result::parseIntArray(const char* literal, int nullValue)
{
    QList<int> values;
    if (!literal || *literal != '{')
        return values;
    const char* p = literal + 1;
    while (*p && *p != '}') {
        if (std::strncmp(p, "NULL", 4) == 0) {
            values.append(nullValue);
            p += 4;
        } else {
            char* end = nullptr;
            const long value = std::strtol(p, &end, 10);
            if (end == p)
                return {}; // not an int element (text, a nested array): not ours to guess
            values.append(static_cast<int>(value));
            p = end;
        }
        if (*p == ',')
            ++p;
    }
    return values;
}

// --- Connection -----------------------------------------------------------------------------

Connection::Connection(const ConnectionSettings& settings)
    : m_settings(settings)
{
    m_conn = PQconnectdb(settings.toConninfo().constData());
    if (PQstatus(m_conn) != CONNECTION_OK) {
        // The destructor does not run for a constructor that throws.
        // libpq keeps the server's SQLSTATE of a refused login to itself; a server that asked
        // for a password and still refused the login means the name or the password is wrong.
        const bool refusedLogin =
            PQconnectionNeedsPassword(m_conn) || PQconnectionUsedPassword(m_conn);
        const DbError error(QString::fromLatin1(refusedLogin ? sqlstate::InvalidPassword
                                                             : sqlstate::ConnectionRefused),
                            fromUtf8(PQerrorMessage(m_conn)).trimmed());
        PQfinish(m_conn);
        m_conn = nullptr;
        throw error;
    }
    m_cancel = PQgetCancel(m_conn);
    // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    // Errors and notices in English words from the server are fine; make sure every session
    // speaks UTF-8 and keeps times in UTC on the wire.
    execScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

Connection::~Connection()
{
    if (m_cancel)
        PQfreeCancel(m_cancel);
    if (m_conn)
        PQfinish(m_conn);
}

bool Connection::isOk() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

bool Connection::isIdle() const
{
    return isOk() && PQtransactionStatus(m_conn) == PQTRANS_IDLE;
}

void Connection::reset()
{
    if (m_cancel) {
        PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    m_prepared.clear();
    PQreset(m_conn);
    if (PQstatus(m_conn) != CONNECTION_OK)
        throwConnectionError(sqlstate::ConnectionRefused);
    m_cancel = PQgetCancel(m_conn);
    execScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

void Connection::throwConnectionError(const char* fallbackState)
{
    QString message = fromUtf8(PQerrorMessage(m_conn)).trimmed();
    if (message.isEmpty())
        message = QCoreApplication::translate("sp::db", "The database connection was lost.");
    throw DbError(QString::fromLatin1(fallbackState), message);
}

Result Connection::check(pg_result* raw)
{
    Result result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
        status == PGRES_COPY_OUT || status == PGRES_EMPTY_QUERY)
        return result;
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    if (!state || PQstatus(m_conn) != CONNECTION_OK) {
        // No SQLSTATE from the server: the connection itself failed.
        throwConnectionError(sqlstate::ConnectionFailure);
    }
    throw DbError(QString::fromLatin1(state),
                  fromUtf8(PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY)),
                  fromUtf8(PQresultErrorField(raw, PG_DIAG_MESSAGE_DETAIL)),
                  fromUtf8(PQresultErrorField(raw, PG_DIAG_MESSAGE_HINT)),
                  fromUtf8(PQresultErrorField(raw, PG_DIAG_COLUMN_NAME)));
}

Result Connection::execParams(const char* sql, const QList<Param>& params,
                              const char* statementName)
{
    QVarLengthArray<const char*, 16> values;
    QVarLengthArray<int, 16> lengths;
    for (const Param& p : params) {
        values.append(p.isNull() ? nullptr : p.bytes().constData());
        lengths.append(p.isNull() ? 0 : int(p.bytes().size()));
    }
    pg_result* raw = statementName ? PQexecPrepared(m_conn, statementName, int(params.size()),
                                                    values.data(), lengths.data(), nullptr, 0)
                                   : PQexecParams(m_conn, sql, int(params.size()), nullptr,
                                                  values.data(), lengths.data(), nullptr, 0);
    return check(raw);
}

Result Connection::exec(const char* sql, Params params)
{
    return execParams(sql, QList<Param>(params), nullptr);
}

Result Connection::exec(const QByteArray& sql, const QList<Param>& params)
{
    return execParams(sql.constData(), params, nullptr);
}

Result Connection::execPrepared(const char* sql, Params params)
{
    const QByteArray key(sql);
    auto it = m_prepared.constFind(key);
    if (it == m_prepared.constEnd()) {
        const QByteArray name = "sp_" + QByteArray::number(m_prepared.size() + 1);
        check(PQprepare(m_conn, name.constData(), sql, 0, nullptr));
        it = m_prepared.insert(key, name);
    }
    return execParams(sql, QList<Param>(params), it->constData());
}

void Connection::execScript(const QByteArray& sql)
{
    // PQexec runs a multi-statement string as one implicit transaction unless it contains its
    // own BEGIN/COMMIT; the result of the last statement carries any error.
    check(PQexec(m_conn, sql.constData()));
}

qint64 Connection::copyIn(const char* sql, const std::function<bool(QByteArray&)>& producer)
{
    check(PQexec(m_conn, sql));
    QByteArray chunk;
    bool more = true;
    while (more) {
        chunk.clear();
        more = producer(chunk);
        if (!chunk.isEmpty() && PQputCopyData(m_conn, chunk.constData(), int(chunk.size())) != 1)
            throwConnectionError(sqlstate::ConnectionFailure);
    }
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        throwConnectionError(sqlstate::ConnectionFailure);
    qint64 rows = 0;
    while (pg_result* r = PQgetResult(m_conn)) {
        Result result = check(r);
        rows = result.affectedRows();
    }
    return rows;
}

qint64 Connection::copyOut(const char* sql, const std::function<bool(const char*, int)>& consumer)
{
    check(PQexec(m_conn, sql));
    qint64 rows = 0;
    bool cancelled = false;
    for (;;) {
        char* buffer = nullptr;
        const int n = PQgetCopyData(m_conn, &buffer, 0);
        if (n > 0) {
            if (!cancelled && !consumer(buffer, n)) {
                cancelled = true;
                cancel();
            }
            ++rows;
            PQfreemem(buffer);
        } else if (n == -1) {
            break;
        } else {
            throwConnectionError(sqlstate::ConnectionFailure);
        }
    }
    while (pg_result* r = PQgetResult(m_conn)) {
        if (cancelled) {
            PQclear(r);
            continue;
        }
        check(r);
    }
    if (cancelled)
        throw DbError(QString::fromLatin1(sqlstate::QueryCanceled),
                      QCoreApplication::translate("sp::db", "The export was cancelled."));
    return rows;
}

void Connection::cancel()
{
    if (!m_cancel)
        return;
    char error[256];
    PQcancel(m_cancel, error, sizeof error);
}

int Connection::socket() const
{
    return PQsocket(m_conn);
}

QList<QByteArray> Connection::consumeNotifications()
{
    QList<QByteArray> channels;
    if (!PQconsumeInput(m_conn))
        throwConnectionError(sqlstate::ConnectionFailure);
    while (PGnotify* n = PQnotifies(m_conn)) {
        channels.append(QByteArray(n->relname));
        PQfreemem(n);
    }
    return channels;
}

QString Connection::serverVersion() const
{
    const int v = PQserverVersion(m_conn);
    return QStringLiteral("%1.%2").arg(v / 10000).arg(v % 10000);
}

QString Connection::currentUser()
{
    return exec("SELECT session_user").text(0, 0);
}

// --- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Connection& connection, const char* begin)
    : m_connection(connection)
{
    m_connection.execScript(begin);
}

Transaction::~Transaction()
{
    if (!m_open)
        return;
    try {
        if (m_connection.isOk())
            m_connection.execScript("ROLLBACK");
    } catch (const DbError&) {
        // The connection broke; the server rolls back by itself.
    }
}

void Transaction::commit()
{
    m_connection.execScript("COMMIT");
    m_open = false;
}

} // namespace sp::db
