#include "llmcalllog.h"

#include "db/database.h"
#include "db/pgconnection.h"

namespace sp::llm {

QJsonObject LlmCall::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("at"), at.toString(Qt::ISODateWithMs)},
                  {QStringLiteral("purpose"), purpose},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("latency_ms"), latencyMs},
                  {QStringLiteral("prompt_tokens"), promptTokens},
                  {QStringLiteral("completion_tokens"), completionTokens},
                  {QStringLiteral("outcome"), outcome},
                  {QStringLiteral("who"), who}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

LlmCallLog::LlmCallLog(sp::db::Database* db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
    m_writer.setMaxThreadCount(1);
}

void LlmCallLog::watch(LlmClient* client)
{
    // Direct: record() only hands the row to the pool, and a program without a running event
    // loop (the command line) still logs its calls.
    connect(client, &LlmClient::callFinished, this, &LlmCallLog::record, Qt::DirectConnection);
}

void LlmCallLog::record(const QString& purpose, const LlmReply& reply)
{
    // In the order of the calls: two pooled connections could commit them the other way round.
    m_writer.start([db = m_db, purpose, reply, failed = m_failed] {
        try {
            write(*db, purpose, reply).waitForFinished();
        } catch (const sp::db::DbError& e) {
            if (failed->fetch_add(1) == 0)
                qWarning("language model call log not written: %s", qPrintable(e.message()));
        }
    });
}

qint64 LlmCallLog::write(sp::db::Connection& c, const QString& purpose, const LlmReply& reply)
{
    return c
        .exec("SELECT llm_call_log($1, $2, $3, $4, $5, $6, $7)",
              {purpose, reply.model, int(qMin<qint64>(reply.latencyMs, INT_MAX)),
               reply.promptTokens, reply.completionTokens, LlmReply::outcomeName(reply.outcome),
               reply.error.isEmpty() ? sp::db::Param() : sp::db::Param(reply.error)})
        .toLongLong(0, 0);
}

QFuture<qint64> LlmCallLog::write(sp::db::Database& db, const QString& purpose,
                                  const LlmReply& reply)
{
    return db.run([purpose, reply](sp::db::Connection& c) { return write(c, purpose, reply); });
}

QList<LlmCall> LlmCallLog::recent(sp::db::Connection& c, int limit)
{
    const sp::db::Result r =
        c.exec("SELECT id, (extract(epoch FROM at) * 1000)::bigint, purpose, model, latency_ms, "
               "       prompt_tokens, completion_tokens, outcome, coalesce(error, ''), who "
               "FROM llm_calls ORDER BY id DESC LIMIT $1",
               {limit});
    QList<LlmCall> list;
    for (int i = 0; i < r.rows(); ++i) {
        LlmCall call;
        call.id = r.toLongLong(i, 0);
        call.at = QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC);
        call.purpose = r.text(i, 2);
        call.model = r.text(i, 3);
        call.latencyMs = r.toInt(i, 4);
        call.promptTokens = r.toInt(i, 5);
        call.completionTokens = r.toInt(i, 6);
        call.outcome = r.text(i, 7);
        call.error = r.text(i, 8);
        call.who = r.text(i, 9);
        list.append(call);
    }
    return list;
}

QFuture<QList<LlmCall>> LlmCallLog::recent(sp::db::Database& db, int limit)
{
    return db.run([limit](sp::db::Connection& c) { return recent(c, limit); });
}

} // namespace sp::llm
