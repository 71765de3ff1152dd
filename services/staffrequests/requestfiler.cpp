#include "requestfiler.h"

#include "db/whendone.h"
#include "llm/llmclient.h"
#include "requestreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace sp::staffrequests {

using sp::db::Connection;
using sp::db::DbError;

namespace {

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString tr(const char* text)
{
    return QCoreApplication::translate("sp::staffrequests::RequestFiler", text);
}

} // namespace

QString RequestPreview::choiceText() const
{
    if (!optimized || !optimized->feasible)
        return {};
    const QJsonObject& p = optimized->proposal;
    const QString kind = p.value(QLatin1String("kind")).toString();
    const QString sku = p.value(QLatin1String("sku")).toString();
    if (kind == QLatin1String("transfer")) {
        QStringList parts;
        for (const QJsonValue& l : p.value(QLatin1String("lines")).toArray()) {
            parts.append(QStringLiteral("%1 %2")
                             .arg(l[QLatin1String("from")].toString())
                             .arg(l[QLatin1String("quantity")].toInt()));
        }
        return tr("Transfer %1 x %2 to %3 from %4")
            .arg(p.value(QLatin1String("quantity")).toInt())
            .arg(sku, p.value(QLatin1String("to")).toString(), parts.join(QStringLiteral(", ")));
    }
    if (kind == QLatin1String("restock")) {
        return tr("Order %1 x %2 for %3 from %4 (%5 in all)")
            .arg(p.value(QLatin1String("quantity")).toInt())
            .arg(sku, p.value(QLatin1String("location")).toString(),
                 p.value(QLatin1String("supplier")).toString(),
                 QString::number(p.value(QLatin1String("total_cost")).toDouble(), 'f', 2));
    }
    if (kind == QLatin1String("adjustment")) {
        return tr("Set the count of %1 at %2 to %3 (%4)")
            .arg(sku, p.value(QLatin1String("location")).toString())
            .arg(p.value(QLatin1String("counted")).toInt())
            .arg(p.value(QLatin1String("delta")).toInt() > 0
                     ? QStringLiteral("+%1").arg(p.value(QLatin1String("delta")).toInt())
                     : QString::number(p.value(QLatin1String("delta")).toInt()));
    }
    if (kind == QLatin1String("promotion")) {
        const QJsonArray lines = p.value(QLatin1String("lines")).toArray();
        QStringList parts;
        for (qsizetype i = 0; i < lines.size() && i < 5; ++i) {
            parts.append(QStringLiteral("%1 %2%")
                             .arg(lines[i][QLatin1String("sku")].toString())
                             .arg(lines[i][QLatin1String("discount_percent")].toInt()));
        }
        if (lines.size() > 5)
            parts.append(QStringLiteral("…"));
        return QCoreApplication::translate("sp::staffrequests::RequestFiler",
                                           "Mark down %n SKU(s): %1", nullptr, int(lines.size()))
            .arg(parts.join(QStringLiteral(", ")));
    }
    return kind;
}

QJsonObject RequestPreview::toJson() const
{
    QJsonObject o{{QStringLiteral("reader"), reader}};
    if (!text.isEmpty())
        o.insert(QStringLiteral("text"), text);
    if (!readerNote.isEmpty())
        o.insert(QStringLiteral("reader_note"), readerNote);
    if (!error.isEmpty()) {
        o.insert(QStringLiteral("error"), error);
        if (!errorState.isEmpty())
            o.insert(QStringLiteral("sqlstate"), errorState);
    }
    if (optimized) {
        o.insert(QStringLiteral("request"), optimized->request.toJson());
        o.insert(QStringLiteral("feasible"), optimized->feasible);
        o.insert(QStringLiteral("as_asked"), optimized->asAsked);
        o.insert(QStringLiteral("proposal"), optimized->proposal);
        o.insert(QStringLiteral("numbers"), optimized->numbers);
        o.insert(QStringLiteral("reason"), optimized->reason);
        if (!optimized->reasonTemplate.isEmpty())
            o.insert(QStringLiteral("reason_template"), optimized->reasonTemplate);
    }
    return o;
}

QJsonObject FiledRequest::toJson() const
{
    QJsonObject o = preview.toJson();
    QJsonArray ids;
    for (qint64 id : suggestionIds)
        ids.append(id);
    o.insert(QStringLiteral("suggestion_ids"), ids);
    o.insert(QStringLiteral("value"), value);
    return o;
}

RequestFiler::RequestFiler(sp::db::Database* db, sp::llm::LlmClient* llm, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_llm(llm)
{}

RequestCatalogue RequestFiler::catalogue(Connection& c)
{
    RequestCatalogue cat;
    const sp::db::Result l =
        c.execPrepared("SELECT code, name, kind FROM locations ORDER BY sort_order, code");
    for (int i = 0; i < l.rows(); ++i)
        cat.locations.append({l.text(i, 0), l.text(i, 1), l.text(i, 2)});
    // The index on (category, sku) makes this a skip over the categories, not a scan.
    const sp::db::Result k = c.execPrepared(
        "WITH RECURSIVE c AS (SELECT min(category) AS v FROM products "
        "  UNION ALL SELECT (SELECT min(category) FROM products WHERE category > c.v) FROM c "
        "  WHERE c.v IS NOT NULL) "
        "SELECT v FROM c WHERE v IS NOT NULL");
    for (int i = 0; i < k.rows(); ++i)
        cat.categories.append(k.text(i, 0));
    return cat;
}

RequestPreview RequestFiler::optimize(Connection& c, RequestPreview preview,
                                      const StaffRequest& request)
{
    RequestOptimizer::Policy policy;
    // The same floor the agent's markdowns and the execution of a markdown use.
    const sp::db::Result cfg = c.execPrepared("SELECT margin_floor FROM agent_settings");
    if (cfg.rows() > 0)
        policy.marginFloor = cfg.toDouble(0, 0);
    try {
        preview.optimized = RequestOptimizer(c, policy).optimize(request);
    } catch (const DbError& e) {
        if (e.isConnectionError())
            throw;
        preview.error = e.message();
        preview.errorState = e.sqlState();
    }
    return preview;
}

FiledRequest RequestFiler::file(Connection& c, const RequestPreview& preview)
{
    if (!preview.canFile()) {
        QString why = preview.error;
        if (why.isEmpty() && preview.optimized)
            why = preview.optimized->reason;
        throw DbError(QString::fromLatin1(sp::db::sqlstate::InvalidArgument),
                      tr("Nothing can be filed: %1").arg(why));
    }
    const OptimizedRequest& o = *preview.optimized;
    // The reason's template travels with the proposal; request_file stores it beside the text.
    QJsonObject proposal = o.proposal;
    if (!o.reasonTemplate.isEmpty())
        proposal.insert(QStringLiteral("reason_template"), o.reasonTemplate);
    const sp::db::Result r =
        c.exec("SELECT request_file($1::jsonb, $2, $3, $4::jsonb, $5::jsonb, $6)",
               {compact(o.request.toJson()),
                preview.text.isEmpty() ? sp::db::Param() : sp::db::Param(preview.text),
                preview.reader, compact(proposal), compact(o.numbers), o.reason});
    const QJsonObject result = QJsonDocument::fromJson(r.bytes(0, 0)).object();
    FiledRequest filed;
    filed.preview = preview;
    for (const QJsonValue& id : result.value(QLatin1String("suggestion_ids")).toArray())
        filed.suggestionIds.append(id.toInteger());
    filed.value = result.value(QLatin1String("value")).toDouble();
    return filed;
}

QFuture<RequestPreview> RequestFiler::preview(const QString& text)
{
    sp::db::Database* db = m_db;
    auto catalogueRead = catalogue(*m_db);
    return sp::db::continueOn(this, catalogueRead, [this, db, text](const RequestCatalogue& cat) {
        // The model is asked from this (the caller's) thread, where the client lives.
        auto* reader = new RequestReader(m_llm, cat.locations, cat.categories, this);
        return sp::db::continueOn(
            this, reader->read(text), [reader, db, text](const ParseResult& parsed) {
                reader->deleteLater();
                RequestPreview p;
                p.text = text;
                p.reader = parsed.reader.isEmpty() ? QStringLiteral("rules") : parsed.reader;
                p.readerNote = parsed.note;
                if (!parsed.request) {
                    p.error = parsed.error;
                    return QtFuture::makeReadyFuture(p);
                }
                const StaffRequest request = *parsed.request;
                return db->run([p, request](Connection& c) { return optimize(c, p, request); });
            });
    });
}

QFuture<RequestPreview> RequestFiler::preview(const StaffRequest& form)
{
    return m_db->run([form](Connection& c) {
        RequestPreview p;
        p.reader = QStringLiteral("form");
        return optimize(c, p, form);
    });
}

QFuture<FiledRequest> RequestFiler::file(const RequestPreview& preview)
{
    return m_db->run([preview](Connection& c) { return file(c, preview); });
}

QFuture<RequestCatalogue> RequestFiler::catalogue(sp::db::Database& db)
{
    return db.run([](Connection& c) { return catalogue(c); });
}

QFuture<QStringList> RequestFiler::matchingSkus(sp::db::Database& db, const QString& text)
{
    return db.run([text](Connection& c) {
        // The trigram index on sku || ' ' || name serves the search, as on the Stock page.
        const sp::db::Result r = c.execPrepared(
            "SELECT sku FROM products WHERE (sku || ' ' || name) ILIKE '%' || $1 || '%' "
            "ORDER BY sku LIMIT 20",
            {text});
        QStringList skus;
        for (int i = 0; i < r.rows(); ++i)
            skus.append(r.text(i, 0));
        return skus;
    });
}

} // namespace sp::staffrequests
