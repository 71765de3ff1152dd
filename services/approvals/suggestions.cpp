#include "suggestions.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sp::approvals {

namespace {

constexpr auto Columns =
    "SELECT id, kind, status, sku, product_name, coalesce(location, ''), coalesce(source, ''), "
    "       coalesce(quantity, 0), value::float8, priority, proposal, numbers, reason, "
    "       (extract(epoch FROM created_at) * 1000)::bigint, "
    "       (extract(epoch FROM updated_at) * 1000)::bigint, "
    "       coalesce(decision, ''), coalesce(decided_by, ''), "
    "       (extract(epoch FROM decided_at) * 1000)::bigint, coalesce(decision_note, ''), "
    "       changes, final, execution, coalesce(error, ''), product_id, "
    "       coalesce(location_id, 0), "
    "       coalesce(ex.explanation, ''), coalesce(ex.explanation_source, ''), "
    "       coalesce(ex.explanation_note, '') "
    "FROM suggestion_inbox "
    "LEFT JOIN suggestion_explanations ex ON ex.suggestion_id = suggestion_inbox.id ";

QJsonObject object(const sp::db::Result& r, int row, int col)
{
    return r.isNull(row, col) ? QJsonObject() : QJsonDocument::fromJson(r.bytes(row, col)).object();
}

QDateTime time(const sp::db::Result& r, int row, int col)
{
    return r.isNull(row, col) ? QDateTime()
                              : QDateTime::fromMSecsSinceEpoch(r.toLongLong(row, col), Qt::UTC);
}

QList<Suggestion> read(const sp::db::Result& r)
{
    QList<Suggestion> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        Suggestion s;
        s.id = r.toLongLong(i, 0);
        s.kind = r.text(i, 1);
        s.status = r.text(i, 2);
        s.sku = r.text(i, 3);
        s.productName = r.text(i, 4);
        s.location = r.text(i, 5);
        s.source = r.text(i, 6);
        s.quantity = r.toInt(i, 7);
        s.value = r.toDouble(i, 8);
        s.priority = r.toInt(i, 9);
        s.proposal = object(r, i, 10);
        s.numbers = object(r, i, 11);
        s.reason = r.text(i, 12);
        s.createdAt = time(r, i, 13);
        s.updatedAt = time(r, i, 14);
        s.decision = r.text(i, 15);
        s.decidedBy = r.text(i, 16);
        s.decidedAt = time(r, i, 17);
        s.decisionNote = r.text(i, 18);
        s.changes = object(r, i, 19);
        s.final = object(r, i, 20);
        s.execution = object(r, i, 21);
        s.error = r.text(i, 22);
        s.productId = r.toInt(i, 23);
        s.locationId = r.toInt(i, 24);
        s.explanation = r.text(i, 25);
        s.explanationSource = r.text(i, 26);
        s.explanationNote = r.text(i, 27);
        list.append(s);
    }
    return list;
}

DecisionResult decision(const sp::db::Result& r)
{
    const QJsonObject o = QJsonDocument::fromJson(r.bytes(0, 0)).object();
    DecisionResult d;
    d.id = o.value(QLatin1String("suggestion_id")).toInteger();
    d.status = o.value(QLatin1String("status")).toString();
    d.result = o.value(QLatin1String("result")).toObject();
    d.error = o.value(QLatin1String("error")).toString();
    return d;
}

sp::db::Param optionalText(const QString& s)
{
    return s.isEmpty() ? sp::db::Param() : sp::db::Param(s);
}

} // namespace

QString Suggestion::proposalText() const
{
    const QJsonObject& p = final.isEmpty() ? proposal : final;
    if (kind == QLatin1String("restock")) {
        return Suggestions::tr("Order %1 from %2")
            .arg(p.value(QLatin1String("quantity")).toInt())
            .arg(p.value(QLatin1String("supplier")).toString());
    }
    if (kind == QLatin1String("transfer")) {
        // A staff request may take from several sources ("Transfer 20 from ST1 10, WH1 10").
        const QJsonArray lines = p.value(QLatin1String("lines")).toArray();
        if (lines.size() > 1) {
            QStringList parts;
            for (const QJsonValue& l : lines) {
                parts.append(QStringLiteral("%1 %2")
                                 .arg(l[QLatin1String("source")].toString())
                                 .arg(l[QLatin1String("quantity")].toInt()));
            }
            return Suggestions::tr("Transfer %1 from %2")
                .arg(p.value(QLatin1String("quantity")).toInt())
                .arg(parts.join(QStringLiteral(", ")));
        }
        return Suggestions::tr("Transfer %1 from %2")
            .arg(p.value(QLatin1String("quantity")).toInt())
            .arg(p.value(QLatin1String("source")).toString());
    }
    if (kind == QLatin1String("adjustment")) {
        return Suggestions::tr("Count %1 on hand (was %2): %3")
            .arg(p.value(QLatin1String("quantity")).toInt())
            .arg(p.value(QLatin1String("on_hand")).toInt())
            .arg(p.value(QLatin1String("reason")).toString());
    }
    if (kind == QLatin1String("markdown")) {
        return Suggestions::tr("Mark down %1 % (%2 -> %3)")
            .arg(p.value(QLatin1String("discount_pct")).toDouble())
            .arg(p.value(QLatin1String("old_price")).toDouble(), 0, 'f', 2)
            .arg(p.value(QLatin1String("new_price")).toDouble(), 0, 'f', 2);
    }
    if (kind == QLatin1String("audit"))
        return Suggestions::tr("Accept the level and correct the ledger");
    return kind;
}

QJsonObject Suggestion::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("sku"), sku},
                  {QStringLiteral("location"), location},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("value"), value},
                  {QStringLiteral("proposal"), proposal},
                  {QStringLiteral("numbers"), numbers},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs)}};
    if (!source.isEmpty())
        o.insert(QStringLiteral("source"), source);
    if (quantity)
        o.insert(QStringLiteral("quantity"), quantity);
    if (!decision.isEmpty()) {
        o.insert(QStringLiteral("decision"), decision);
        o.insert(QStringLiteral("decided_by"), decidedBy);
        o.insert(QStringLiteral("decided_at"), decidedAt.toString(Qt::ISODateWithMs));
    }
    if (!changes.isEmpty())
        o.insert(QStringLiteral("changes"), changes);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!explanation.isEmpty()) {
        o.insert(QStringLiteral("explanation"), explanation);
        o.insert(QStringLiteral("explanation_source"), explanationSource);
        if (!explanationNote.isEmpty())
            o.insert(QStringLiteral("explanation_note"), explanationNote);
    }
    return o;
}

QList<Suggestion> Suggestions::pending(sp::db::Connection& c)
{
    return read(c.exec(QByteArray(Columns) +
                           "WHERE status = 'pending' ORDER BY priority DESC, created_at, id",
                       QList<sp::db::Param>()));
}

QList<Suggestion> Suggestions::byIds(sp::db::Connection& c, const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return {};
    return read(c.exec(QByteArray(Columns) + "WHERE id = ANY ($1::bigint[]) ORDER BY id",
                       QList<sp::db::Param>{sp::db::Param(ids)}));
}

std::optional<Suggestion> Suggestions::find(sp::db::Connection& c, qint64 id)
{
    const QList<Suggestion> found = byIds(c, {id});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<Suggestion> Suggestions::list(sp::db::Connection& c, const QString& status, int limit)
{
    return read(c.exec(QByteArray(Columns) +
                           "WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2",
                       QList<sp::db::Param>{optionalText(status), limit}));
}

DecisionResult Suggestions::approve(sp::db::Connection& c, qint64 id, const QString& note)
{
    return decision(c.exec("SELECT suggestion_approve($1, $2)", {id, optionalText(note)}));
}

DecisionResult Suggestions::modify(sp::db::Connection& c, qint64 id, const QJsonObject& changes,
                                   const QString& note)
{
    return decision(
        c.exec("SELECT suggestion_modify($1, $2::jsonb, $3)",
               {id, QJsonDocument(changes).toJson(QJsonDocument::Compact), optionalText(note)}));
}

DecisionResult Suggestions::reject(sp::db::Connection& c, qint64 id, const QString& reason)
{
    return decision(c.exec("SELECT suggestion_reject($1, $2)", {id, reason}));
}

QJsonObject Suggestions::receivePurchaseOrder(sp::db::Connection& c, qint64 purchaseOrderId)
{
    return QJsonDocument::fromJson(
               c.exec("SELECT purchase_order_receive($1)", {purchaseOrderId}).bytes(0, 0))
        .object();
}

} // namespace sp::approvals
