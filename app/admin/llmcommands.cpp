// stockpilot-admin commands for the optional language model: the call log and a connection
// test. Reading the log is for managers; the database decides ("--user NAME" acts as that
// staff member, password from PGPASSWORD).

#include "admincontext.h"
#include "llm/llmcalllog.h"
#include "llm/llmclient.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace sp::admin {

namespace {

int llmCalls(AdminContext& ctx)
{
    const QStringList& a = ctx.arguments();
    int limit = 50;
    if (const qsizetype i = a.indexOf(QStringLiteral("--limit")); i >= 0) {
        bool ok = false;
        limit = i + 1 < a.size() ? a.at(i + 1).toInt(&ok) : 0;
        if (!ok || limit < 1 || limit > 10'000) {
            ctx.err() << "stockpilot-admin: --limit needs a number from 1 to 10000" << Qt::endl;
            return 2;
        }
    }
    std::unique_ptr<sp::db::Connection> own;
    sp::db::Connection* c = &ctx.connection();
    if (a.contains(QStringLiteral("--user"))) {
        own = std::make_unique<sp::db::Connection>(ctx.actingSettings());
        c = own.get();
    }
    const QList<sp::llm::LlmCall> calls = sp::llm::LlmCallLog::recent(*c, limit);
    if (a.contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const sp::llm::LlmCall& call : calls)
            list.append(call.toJson());
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                     .arg(QStringLiteral("ID"), -6)
                     .arg(QStringLiteral("AT (UTC)"), -19)
                     .arg(QStringLiteral("PURPOSE"), -20)
                     .arg(QStringLiteral("MODEL"), -20)
                     .arg(QStringLiteral("MS"), 6)
                     .arg(QStringLiteral("TOKENS"), 10)
                     .arg(QStringLiteral("OUTCOME"), -13)
                     .arg(QStringLiteral("WHO"));
    for (const sp::llm::LlmCall& call : calls) {
        ctx.out()
            << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8")
                   .arg(call.id, -6)
                   .arg(call.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), -19)
                   .arg(call.purpose, -20)
                   .arg(call.model.isEmpty() ? QStringLiteral("-") : call.model, -20)
                   .arg(call.latencyMs, 6)
                   .arg(QStringLiteral("%1+%2").arg(call.promptTokens).arg(call.completionTokens),
                        10)
                   .arg(call.outcome, -13)
                   .arg(call.who);
        if (!call.error.isEmpty())
            ctx.out() << "  (" << call.error << ')';
        ctx.out() << '\n';
    }
    ctx.out().flush();
    return 0;
}

int llmTest(AdminContext& ctx)
{
    sp::llm::LlmClient& client = ctx.llm();
    if (!client.isConfigured()) {
        ctx.err() << "stockpilot-admin: no language model is configured (--llm-url, the "
                     "settings' llm/url or STOCKPILOT_LLM_URL)"
                  << Qt::endl;
        return 2;
    }
    const sp::llm::LlmReply reply =
        client
            .completeBlocking(QStringLiteral("connection_test"),
                              {{{QStringLiteral("user"), QStringLiteral("Reply with: OK")}}}, false)
            .first();
    ctx.out() << client.settings().baseUrl.toString() << ": "
              << sp::llm::LlmReply::outcomeName(reply.outcome) << " in " << reply.latencyMs
              << " ms";
    if (reply.ok())
        ctx.out() << " (model " << reply.model << ")";
    else
        ctx.out() << " (" << reply.error << ')';
    ctx.out() << Qt::endl;
    return reply.ok() ? 0 : 1;
}

} // namespace

QList<AdminCommand> llmCommands()
{
    return {
        {"llm calls", "llm calls [--json] [--limit N]",
         "recent language model calls and their outcome (managers)", llmCalls},
        {"llm test", "llm test", "send one short request to the configured language model",
         llmTest},
    };
}

} // namespace sp::admin
