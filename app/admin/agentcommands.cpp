// stockpilot-admin commands for the agent: scheduled jobs, suggestions and their decisions,
// the webhook dead-letter list. Decisions go through the same SQL functions as the desktop, so
// the database applies the same approval policies: "--user NAME" acts as that staff member
// (password from PGPASSWORD); without it the configured connection (the owner, embedded) acts.

#include "admincontext.h"
#include "approvals/agentjobs.h"
#include "approvals/reasontemplates.h"
#include "approvals/suggestions.h"
#include "llm/llmjobs.h"
#include "scheduler/scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sp::admin {

namespace {

QString when(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QStringLiteral("-");
}

int jobsList(AdminContext& ctx)
{
    sp::db::Connection& c = ctx.acting();
    const QList<sp::scheduler::JobStatus> jobs = sp::scheduler::Scheduler::status(c);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const auto& j : jobs) {
            list.append(QJsonObject{
                {QStringLiteral("name"), j.name},
                {QStringLiteral("interval_seconds"), j.intervalSeconds},
                {QStringLiteral("enabled"), j.enabled},
                {QStringLiteral("last_started_at"), j.lastStarted.toString(Qt::ISODateWithMs)},
                {QStringLiteral("last_outcome"), j.lastOutcome},
                {QStringLiteral("last_counts"), j.lastCounts},
                {QStringLiteral("last_error"), j.lastError},
                {QStringLiteral("next_due_at"), j.nextDue.toString(Qt::ISODateWithMs)}});
        }
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(QStringLiteral("JOB"), -20)
                     .arg(QStringLiteral("EVERY"), 8)
                     .arg(QStringLiteral("LAST RUN"), -24)
                     .arg(QStringLiteral("OUTCOME"), -8)
                     .arg(QStringLiteral("NEXT DUE"));
    for (const auto& j : jobs) {
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5")
                         .arg(j.name, -20)
                         .arg(QStringLiteral("%1s").arg(j.intervalSeconds), 8)
                         .arg(when(j.lastStarted), -24)
                         .arg(j.lastOutcome.isEmpty() ? QStringLiteral("-") : j.lastOutcome, -8)
                         .arg(j.enabled ? when(j.nextDue) : QStringLiteral("disabled"));
        if (!j.lastError.isEmpty())
            ctx.out() << "  (" << j.lastError << ')';
        ctx.out() << '\n';
    }
    ctx.out().flush();
    return 0;
}

int jobsRun(AdminContext& ctx)
{
    const QString name = ctx.positional();
    sp::scheduler::Scheduler registry(nullptr);
    sp::approvals::registerAgentJobs(registry);
    sp::llm::registerLlmJobs(registry, &ctx.llm());
    const sp::scheduler::JobFunction run = registry.job(name);
    if (!run) {
        ctx.err() << "stockpilot-admin: no job \"" << name << "\" can run from here; known: "
                  << registry.jobNames().join(QStringLiteral(", ")) << Qt::endl;
        return 2;
    }
    sp::db::Connection& c = ctx.acting();
    c.exec("SELECT job_schedule_ensure($1, $2)", {name, registry.defaultInterval(name)});
    const sp::scheduler::RunResult r = sp::scheduler::Scheduler::attempt(
        c, name, run, QStringLiteral("stockpilot-admin:%1").arg(QCoreApplication::applicationPid()),
        true);
    ctx.out() << name << ": " << r.outcome << ' '
              << QJsonDocument(r.counts).toJson(QJsonDocument::Compact);
    if (!r.error.isEmpty())
        ctx.out() << " (" << r.error << ')';
    ctx.out() << Qt::endl;
    return r.outcome == QLatin1String("ok") ? 0 : r.outcome == QLatin1String("skipped") ? 3 : 1;
}

int jobsSet(AdminContext& ctx)
{
    const QString name = ctx.positional();
    bool ok = false;
    const int seconds = ctx.positional(1).toInt(&ok);
    if (name.isEmpty() || !ok) {
        ctx.err() << "usage: stockpilot-admin jobs set NAME SECONDS" << Qt::endl;
        return 2;
    }
    sp::db::Connection& c = ctx.acting();
    sp::scheduler::Scheduler::setInterval(c, name, seconds);
    ctx.out() << name << " now runs every " << seconds << " s" << Qt::endl;
    return 0;
}

int suggestionsList(AdminContext& ctx)
{
    sp::db::Connection& c = ctx.acting();
    const QString status = ctx.option(QStringLiteral("--status"));
    const QList<sp::approvals::Suggestion> list =
        status.isEmpty() ? sp::approvals::Suggestions::pending(c)
                         : sp::approvals::Suggestions::list(
                               c, status == QLatin1String("all") ? QString() : status);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray array;
        for (const auto& s : list)
            array.append(s.toJson());
        ctx.out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    for (const auto& s : list) {
        ctx.out() << s.id << '\t' << s.kind << '\t' << s.sku << '\t'
                  << (s.location.isEmpty() ? QStringLiteral("*") : s.location) << '\t'
                  << s.proposalText() << '\t' << QString::number(s.value, 'f', 2) << '\t'
                  << (s.priority == 3   ? "high"
                      : s.priority == 1 ? "low"
                                        : "normal")
                  << '\t' << s.status << '\n'
                  << "\t"
                  << sp::approvals::reasonText(s.reasonTemplate, s.reason,
                                               sp::approvals::ReasonTemplates::Language::English)
                  << '\n';
        if (!s.explanation.isEmpty()) {
            ctx.out() << "\t" << s.explanation << " ["
                      << (s.explanationSource == QLatin1String("llm")
                              ? "worded by the language model"
                              : "template")
                      << "]\n";
        }
    }
    ctx.out().flush();
    return 0;
}

int printDecision(AdminContext& ctx, const sp::approvals::DecisionResult& d)
{
    ctx.out() << "suggestion " << d.id << ": " << d.status;
    if (!d.result.isEmpty())
        ctx.out() << ' ' << QJsonDocument(d.result).toJson(QJsonDocument::Compact);
    if (!d.error.isEmpty())
        ctx.out() << " (" << d.error << ')';
    ctx.out() << Qt::endl;
    return d.status == QLatin1String("failed") ? 1 : 0;
}

qint64 suggestionId(AdminContext& ctx)
{
    bool ok = false;
    const qint64 id = ctx.positional().toLongLong(&ok);
    if (!ok || id <= 0)
        ctx.err() << "stockpilot-admin: give the suggestion's number (see \"suggestions list\")"
                  << Qt::endl;
    return ok ? id : 0;
}

int suggestionsApprove(AdminContext& ctx)
{
    const qint64 id = suggestionId(ctx);
    if (!id)
        return 2;
    sp::db::Connection& c = ctx.acting();
    return printDecision(
        ctx, sp::approvals::Suggestions::approve(c, id, ctx.option(QStringLiteral("--note"))));
}

int suggestionsReject(AdminContext& ctx)
{
    const qint64 id = suggestionId(ctx);
    if (!id)
        return 2;
    sp::db::Connection& c = ctx.acting();
    return printDecision(
        ctx, sp::approvals::Suggestions::reject(c, id, ctx.option(QStringLiteral("--reason"))));
}

int suggestionsModify(AdminContext& ctx)
{
    const qint64 id = suggestionId(ctx);
    if (!id)
        return 2;
    QJsonObject changes;
    if (const QString q = ctx.option(QStringLiteral("--quantity")); !q.isEmpty())
        changes.insert(QStringLiteral("quantity"), q.toDouble());
    if (const QString s = ctx.option(QStringLiteral("--source")); !s.isEmpty())
        changes.insert(QStringLiteral("source"), s);
    if (const QString d = ctx.option(QStringLiteral("--discount")); !d.isEmpty())
        changes.insert(QStringLiteral("discount_pct"), d.toDouble());
    if (const QString e = ctx.option(QStringLiteral("--effective")); !e.isEmpty())
        changes.insert(QStringLiteral("effective_from"), e);
    // A purchase line by line: SKU=QUANTITY (0 leaves the line out); the database checks both.
    QJsonArray lines;
    for (const QString& spec : ctx.options(QStringLiteral("--line"))) {
        const qsizetype eq = spec.indexOf(QLatin1Char('='));
        bool ok = false;
        const double quantity = eq > 0 ? spec.mid(eq + 1).toDouble(&ok) : 0;
        if (!ok) {
            ctx.err() << "suggestions modify: --line takes SKU=QUANTITY, like SKU000001=12 (got \""
                      << spec << "\")." << Qt::endl;
            return 2;
        }
        lines.append(QJsonObject{{QStringLiteral("sku"), spec.left(eq)},
                                 {QStringLiteral("quantity"), quantity}});
    }
    if (!lines.isEmpty())
        changes.insert(QStringLiteral("lines"), lines);
    sp::db::Connection& c = ctx.acting();
    return printDecision(ctx, sp::approvals::Suggestions::modify(
                                  c, id, changes, ctx.option(QStringLiteral("--note"))));
}

int webhooksDead(AdminContext& ctx)
{
    sp::db::Connection& c = ctx.acting();
    const sp::db::Result r = c.exec(
        "SELECT o.id, e.name, o.event_type, o.attempts, coalesce(o.last_error, ''), o.created_at "
        "FROM webhook_outbox o JOIN webhook_endpoints e ON e.id = o.endpoint_id "
        "WHERE o.status = 'dead' ORDER BY o.id");
    for (int i = 0; i < r.rows(); ++i) {
        ctx.out() << r.text(i, 0) << '\t' << r.text(i, 1) << '\t' << r.text(i, 2) << '\t'
                  << r.text(i, 3) << " attempts\t" << r.text(i, 4) << '\n';
    }
    ctx.out().flush();
    return 0;
}

int webhooksRequeue(AdminContext& ctx)
{
    bool ok = false;
    const qint64 id = ctx.positional().toLongLong(&ok);
    if (!ok)
        return 2;
    sp::db::Connection& c = ctx.acting();
    c.exec("SELECT webhook_requeue($1)", {id});
    ctx.out() << "outbox item " << id << " queued again" << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> agentCommands()
{
    return {
        {"jobs list", "jobs list [--json]", "scheduled jobs, last runs, next due", jobsList},
        {"jobs run", "jobs run NAME", "run a job now (once across all instances)", jobsRun},
        {"jobs set", "jobs set NAME SECONDS", "change a job's interval (managers)", jobsSet},
        {"suggestions list", "suggestions list [--json] [--status S|all]",
         "pending suggestions with reasons", suggestionsList},
        {"suggestions approve", "suggestions approve ID [--note TEXT]",
         "approve and execute a suggestion", suggestionsApprove},
        {"suggestions modify",
         "suggestions modify ID --line SKU=N ...|--quantity N|--source LOC|--discount P",
         "approve with changes (original kept)", suggestionsModify},
        {"suggestions reject", "suggestions reject ID --reason TEXT", "reject (reason required)",
         suggestionsReject},
        {"webhooks dead", "webhooks dead", "webhook items that gave up (admins)", webhooksDead},
        {"webhooks requeue", "webhooks requeue ID", "send a dead webhook item again",
         webhooksRequeue},
    };
}

} // namespace sp::admin
