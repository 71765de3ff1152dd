// stockpilot-admin request "TEXT": files a free-text staff request as a suggestion, the way the
// desktop's Requests menu does. The language model reads the text when STOCKPILOT_LLM_URL is
// set, else the rule-based parser; the optimizer makes it concrete and the database files it
// (request_file), checking every value again. "--user NAME" files as that staff member
// (password from PGPASSWORD); without it the configured connection does.

#include "admincontext.h"
#include "approvals/reasontemplates.h"
#include "llm/llmclient.h"
#include "staffrequests/requestfiler.h"
#include "staffrequests/requestreader.h"

#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace sp::admin {

namespace {

using sp::staffrequests::RequestFiler;
using sp::staffrequests::RequestPreview;

// The words of the request: every argument that is not an option or an option's value.
QString requestText(const QStringList& args)
{
    QStringList words;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--user")) {
            ++i;
            continue;
        }
        if (args[i] == QLatin1String("--json"))
            continue;
        words.append(args[i]);
    }
    return words.join(QLatin1Char(' ')).trimmed();
}

std::unique_ptr<sp::db::Connection> staffConnection(AdminContext& ctx, const QString& user)
{
    sp::db::ConnectionSettings s =
        ctx.cluster() ? ctx.cluster()->ownerSettings() : ctx.location().settings;
    s.user = user;
    s.password = qEnvironmentVariable("PGPASSWORD");
    s.applicationName = QStringLiteral("stockpilot-admin");
    return std::make_unique<sp::db::Connection>(s);
}

template<typename T>
T wait(QFuture<T> future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    return future.result();
}

QString readerText(const RequestPreview& p)
{
    if (p.reader == QLatin1String("llm"))
        return QStringLiteral("the language model");
    return QStringLiteral("the rule-based parser");
}

int fileRequest(AdminContext& ctx)
{
    const QString text = requestText(ctx.arguments());
    const bool json = ctx.arguments().contains(QLatin1String("--json"));
    if (text.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin request \"TEXT\" [--json] [--user NAME]" << Qt::endl;
        return 2;
    }
    sp::db::Connection& base = ctx.connection();
    const QString user = ctx.option(QStringLiteral("--user"));
    std::unique_ptr<sp::db::Connection> own;
    if (!user.isEmpty())
        own = staffConnection(ctx, user);
    sp::db::Connection& c = own ? *own : base;

    const sp::staffrequests::RequestCatalogue catalogue = RequestFiler::catalogue(c);
    // --llm-url/--llm-model, the settings file or STOCKPILOT_LLM_*; every call is logged.
    sp::staffrequests::RequestReader reader(&ctx.llm(), catalogue.locations, catalogue.categories);
    const sp::staffrequests::ParseResult parsed = wait(reader.read(text));

    RequestPreview preview;
    preview.text = text;
    preview.reader = parsed.reader.isEmpty() ? QStringLiteral("rules") : parsed.reader;
    preview.readerNote = parsed.note;
    if (parsed.request)
        preview = RequestFiler::optimize(c, preview, *parsed.request);
    else
        preview.error = parsed.error;

    if (!preview.canFile()) {
        if (json) {
            QJsonObject o = preview.toJson();
            o.insert(QStringLiteral("filed"), false);
            ctx.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
            ctx.out().flush();
        }
        ctx.err() << "stockpilot-admin: nothing filed: "
                  << (preview.error.isEmpty()
                          ? sp::approvals::reasonText(
                                preview.optimized->reasonTemplate, preview.optimized->reason,
                                sp::approvals::ReasonTemplates::Language::English)
                          : preview.error);
        if (!preview.errorState.isEmpty())
            ctx.err() << " [" << preview.errorState << ']';
        ctx.err() << Qt::endl;
        return 1;
    }

    const sp::staffrequests::FiledRequest filed = RequestFiler::file(c, preview);
    if (json) {
        QJsonObject o = filed.toJson();
        o.insert(QStringLiteral("filed"), true);
        o.insert(QStringLiteral("choice"), preview.choiceText());
        ctx.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    QStringList ids;
    for (qint64 id : filed.suggestionIds)
        ids.append(QString::number(id));
    const auto& o = *preview.optimized;
    ctx.out() << (ids.size() == 1 ? "suggestion " : "suggestions ")
              << ids.join(QStringLiteral(", ")) << " filed, pending approval\n"
              << "read by:  " << readerText(preview) << '\n';
    if (!preview.readerNote.isEmpty())
        ctx.out() << "          (" << preview.readerNote << ")\n";
    ctx.out() << "request:  " << QJsonDocument(o.request.toJson()).toJson(QJsonDocument::Compact)
              << '\n'
              << "choice:   " << preview.choiceText() << (o.asAsked ? "" : "  (not as asked)")
              << '\n'
              << "reason:   "
              << sp::approvals::reasonText(o.reasonTemplate, o.reason,
                                           sp::approvals::ReasonTemplates::Language::English)
              << '\n'
              << "value:    " << QString::number(filed.value, 'f', 2) << '\n';
    ctx.out().flush();
    return 0;
}

} // namespace

QList<AdminCommand> requestCommands()
{
    return {
        {"request", "request \"TEXT\" [--json] [--user NAME]",
         "file a staff request (free text) as a suggestion", fileRequest},
    };
}

} // namespace sp::admin
