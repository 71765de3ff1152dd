#include "suggestions.h"

#include "db/database.h"
#include "reasontemplates.h"

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
    "       coalesce(location_id, 0), origin, coalesce(requested_by, ''), request, "
    "       (extract(epoch FROM created_at) * 1000000)::bigint, "
    "       coalesce(ex.explanation, ''), coalesce(ex.explanation_source, ''), "
    "       coalesce(ex.explanation_note, ''), "
    "       (SELECT x.reason_template FROM suggestions x WHERE x.id = suggestion_inbox.id), "
    "       coalesce(supplier, '') "
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
        s.origin = r.text(i, 25);
        s.requestedBy = r.text(i, 26);
        s.request = object(r, i, 27);
        s.createdMicros = r.toLongLong(i, 28);
        s.explanation = r.text(i, 29);
        s.explanationSource = r.text(i, 30);
        s.explanationNote = r.text(i, 31);
        s.reasonTemplate = object(r, i, 32);
        s.supplier = r.text(i, 33);
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

// The SQL sort key of an order (over suggestion_inbox), its parameter's type, and the client
// value of a row for it. Text compares bytewise ("C") in SQL and by code unit here: the same
// order for everything but characters outside the Basic Multilingual Plane.
struct OrderKey
{
    const char* sql;
    const char* param;
};

OrderKey orderKey(InboxOrder order)
{
    switch (order) {
    case InboxOrder::Kind:
        return {"kind COLLATE \"C\"", "$1::text"};
    case InboxOrder::Sku:
        return {"sku COLLATE \"C\"", "$1::text"};
    case InboxOrder::Location:
        return {"coalesce(location, '') COLLATE \"C\"", "$1::text"};
    case InboxOrder::Quantity:
        return {"coalesce(quantity, 0)", "$1::integer"};
    case InboxOrder::Reason:
        return {"reason COLLATE \"C\"", "$1::text"};
    case InboxOrder::Value:
        return {"value", "$1::numeric"};
    case InboxOrder::Created:
        return {"created_at", "('epoch'::timestamptz + $1::bigint * interval '1 microsecond')"};
    case InboxOrder::Priority:
        return {"priority", "$1::integer"};
    case InboxOrder::Origin:
        return {"coalesce(requested_by, '') COLLATE \"C\"", "$1::text"};
    case InboxOrder::Urgency:
        break;
    }
    return {"priority", "$1::integer"};
}

sp::db::Param keyOf(InboxOrder order, const Suggestion& s)
{
    switch (order) {
    case InboxOrder::Kind:
        return s.kind;
    case InboxOrder::Sku:
        return s.sku;
    case InboxOrder::Location:
        return s.location;
    case InboxOrder::Quantity:
        return s.quantity;
    case InboxOrder::Reason:
        return s.reason;
    case InboxOrder::Value:
        return QString::number(s.value, 'f', 2);
    case InboxOrder::Created:
        return s.createdMicros;
    case InboxOrder::Priority:
    case InboxOrder::Urgency:
        return s.priority;
    case InboxOrder::Origin:
        return s.requestedBy;
    }
    return s.priority;
}

// -1, 0 or 1 as a's key is below, equal to or above b's.
int compareKeys(InboxOrder order, const Suggestion& a, const Suggestion& b)
{
    const auto cmp = [](const auto& x, const auto& y) {
        return x < y ? -1 : (y < x ? 1 : 0);
    };
    switch (order) {
    case InboxOrder::Kind:
        return a.kind.compare(b.kind);
    case InboxOrder::Sku:
        return a.sku.compare(b.sku);
    case InboxOrder::Location:
        return a.location.compare(b.location);
    case InboxOrder::Quantity:
        return cmp(a.quantity, b.quantity);
    case InboxOrder::Reason:
        return a.reason.compare(b.reason);
    case InboxOrder::Value:
        return cmp(a.value, b.value);
    case InboxOrder::Created:
        return cmp(a.createdMicros, b.createdMicros);
    case InboxOrder::Priority:
    case InboxOrder::Urgency:
        return cmp(a.priority, b.priority);
    case InboxOrder::Origin:
        return a.requestedBy.compare(b.requestedBy);
    }
    return 0;
}

} // namespace

QString Suggestion::reasonText() const
{
    return sp::approvals::reasonText(reasonTemplate, reason);
}

QString Suggestion::proposalText() const
{
    const QJsonObject& p = final.isEmpty() ? proposal : final;
    if (isPurchase()) {
        int units = 0;
        int lines = 0;
        for (const QJsonValue& l : p.value(QLatin1String("lines")).toArray()) {
            const int quantity = l[QLatin1String("quantity")].toInt();
            units += quantity;
            lines += quantity > 0 ? 1 : 0;
        }
        return Suggestions::tr("Order %1 in %n line(s) from %2", nullptr, lines)
            .arg(units)
            .arg(supplier.isEmpty() ? Suggestions::tr("no supplier named") : supplier);
    }
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

QString Suggestion::requestText() const
{
    return request.value(QLatin1String("text")).toString();
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
    if (!reasonTemplate.isEmpty())
        o.insert(QStringLiteral("reason_template"), reasonTemplate);
    if (isPurchase())
        o.insert(QStringLiteral("supplier"), supplier);
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
    o.insert(QStringLiteral("origin"), origin);
    if (isStaffRequest()) {
        o.insert(QStringLiteral("requested_by"), requestedBy);
        o.insert(QStringLiteral("request"), request);
    }
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

QList<Suggestion> Suggestions::pendingPage(sp::db::Connection& c, const InboxPageQuery& query,
                                           const Suggestion* after)
{
    const QByteArray limit = QByteArray::number(qMax(1, query.limit));
    if (query.order == InboxOrder::Urgency) {
        // The inbox's own order, read in index order (suggestions_inbox_idx).
        const QByteArray order = " ORDER BY priority DESC, created_at, id LIMIT " + limit;
        if (!after)
            return read(c.exec(QByteArray(Columns) + "WHERE status = 'pending'" + order,
                               QList<sp::db::Param>()));
        return read(c.exec(QByteArray(Columns) +
                               "WHERE status = 'pending' AND (priority < $1 OR (priority = $1 AND "
                               "(created_at, id) > ('epoch'::timestamptz + $2::bigint * interval "
                               "'1 microsecond', $3)))" +
                               order,
                           QList<sp::db::Param>{after->priority, after->createdMicros, after->id}));
    }
    const OrderKey key = orderKey(query.order);
    const QByteArray direction = query.descending ? " DESC" : "";
    const QByteArray order =
        QByteArray(" ORDER BY ") + key.sql + direction + ", id" + direction + " LIMIT " + limit;
    if (!after)
        return read(c.exec(QByteArray(Columns) + "WHERE status = 'pending'" + order,
                           QList<sp::db::Param>()));
    return read(c.exec(QByteArray(Columns) + "WHERE status = 'pending' AND (" + key.sql + ", id) " +
                           (query.descending ? "<" : ">") + " (" + key.param + ", $2)" + order,
                       QList<sp::db::Param>{keyOf(query.order, *after), after->id}));
}

bool Suggestions::before(const InboxPageQuery& query, const Suggestion& a, const Suggestion& b)
{
    if (query.order == InboxOrder::Urgency) {
        if (a.priority != b.priority)
            return a.priority > b.priority;
        if (a.createdMicros != b.createdMicros)
            return a.createdMicros < b.createdMicros;
        return a.id < b.id;
    }
    int c = compareKeys(query.order, a, b);
    if (c == 0)
        c = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
    return query.descending ? c > 0 : c < 0;
}

PendingCounts Suggestions::pendingCounts(sp::db::Connection& c)
{
    const sp::db::Result r = c.exec("SELECT count(*), count(*) FILTER (WHERE priority >= 3) "
                                    "FROM suggestions WHERE status = 'pending'",
                                    QList<sp::db::Param>());
    return {r.toInt(0, 0), r.toInt(0, 1)};
}

QList<Suggestion> Suggestions::byIds(sp::db::Connection& c, const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return {};
    return read(c.exec(QByteArray(Columns) + "WHERE id = ANY ($1::bigint[]) ORDER BY id",
                       QList<sp::db::Param>{sp::db::Param(ids)}));
}

QFuture<SuggestionsAndCounts> Suggestions::firstPendingPage(sp::db::Database& db,
                                                            const InboxPageQuery& query)
{
    return db.run([query](sp::db::Connection& c) {
        return SuggestionsAndCounts{pendingPage(c, query), pendingCounts(c)};
    });
}

QFuture<QList<Suggestion>>
Suggestions::pendingPage(sp::db::Database& db, const InboxPageQuery& query, const Suggestion& after)
{
    return db.run([query, after](sp::db::Connection& c) { return pendingPage(c, query, &after); });
}

QFuture<SuggestionsAndCounts> Suggestions::byIdsWithCounts(sp::db::Database& db,
                                                           const QList<qint64>& ids)
{
    return db.run([ids](sp::db::Connection& c) {
        return SuggestionsAndCounts{byIds(c, ids), pendingCounts(c)};
    });
}

QList<ApprovalPolicy> Suggestions::approvalPolicies(sp::db::Connection& c)
{
    const sp::db::Result r =
        c.exec("SELECT kind, replace(role, 'stockpilot_', ''),"
               " max_value::float8 FROM approval_policies ORDER BY kind, role");
    QList<ApprovalPolicy> list;
    for (int i = 0; i < r.rows(); ++i)
        list.append({r.text(i, 0), r.text(i, 1),
                     r.isNull(i, 2) ? std::nullopt : std::optional<double>(r.toDouble(i, 2))});
    return list;
}

QFuture<QList<ApprovalPolicy>> Suggestions::approvalPolicies(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return approvalPolicies(c); });
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

QFuture<QList<DecisionOutcome>> Suggestions::decide(sp::db::Database& db, Decision decision,
                                                    const QList<qint64>& ids,
                                                    const QJsonObject& changes, const QString& text)
{
    return db.run([decision, ids, changes, text](sp::db::Connection& c) {
        QList<DecisionOutcome> outcomes;
        for (qint64 id : ids) {
            DecisionOutcome o;
            o.id = id;
            try {
                switch (decision) {
                case Decision::Approve:
                    o.result = approve(c, id);
                    break;
                case Decision::Modify:
                    o.result = modify(c, id, changes, text);
                    break;
                case Decision::Reject:
                    o.result = reject(c, id, text);
                    break;
                }
            } catch (const sp::db::DbError& e) {
                if (e.isConnectionError())
                    throw; // the pool drops the connection; nothing more can be decided
                o.error = e;
            }
            outcomes << o;
        }
        return outcomes;
    });
}

} // namespace sp::approvals
