#include "holdsservice.h"

#include "db/database.h"

#include <QSet>

#include <algorithm>

namespace sp::inventory {

QList<HoldRow> HoldsService::liveHolds(sp::db::Connection& c, const HoldFilter& filter)
{
    const sp::db::Result r = c.exec(
        "SELECT h.id, p.sku, p.name, l.code, h.quantity, h.status, coalesce(h.cart_id::text, ''),"
        "       h.caller, h.created_at, h.expires_at"
        " FROM holds h JOIN products p ON p.id = h.product_id"
        " JOIN locations l ON l.id = h.location_id"
        // Active and not lapsed; ended_at IS NULL (the same as active) reads the expiry index.
        " WHERE h.ended_at IS NULL AND h.expires_at > now()"
        "   AND ($1 = '' OR p.sku ILIKE '%' || $1 || '%')"
        "   AND ($2 = '' OR h.cart_id::text LIKE lower($2) || '%')"
        " ORDER BY h.expires_at, h.id LIMIT $3",
        {filter.sku, filter.cartId, filter.limit});
    QList<HoldRow> rows;
    rows.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        HoldRow h;
        h.id = r.text(i, 0);
        h.sku = r.text(i, 1);
        h.productName = r.text(i, 2);
        h.location = r.text(i, 3);
        h.quantity = r.toInt(i, 4);
        h.status = r.text(i, 5);
        h.cartId = r.text(i, 6);
        h.caller = r.text(i, 7);
        h.createdAt = QDateTime::fromString(r.text(i, 8), Qt::ISODateWithMs);
        h.expiresAt = QDateTime::fromString(r.text(i, 9), Qt::ISODateWithMs);
        rows.append(h);
    }
    return rows;
}

QFuture<LiveHolds> HoldsService::liveHolds(sp::db::Database& db, const QString& text, int limit)
{
    return db.run([text, limit](sp::db::Connection& c) {
        LiveHolds result;
        // The page counts down on its own clock; the offset makes that the server's.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 server =
            c.exec("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
                .toLongLong(0, 0);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        result.serverClockOffsetMs = server - (before + after) / 2;
        if (text.isEmpty()) {
            result.rows = liveHolds(c, {{}, {}, limit});
            return result;
        }
        // One text for both: a SKU containing it, or a cart id starting with it.
        result.rows = liveHolds(c, {text, {}, limit});
        QSet<QString> seen;
        for (const HoldRow& h : std::as_const(result.rows))
            seen.insert(h.id);
        for (const HoldRow& h : liveHolds(c, {{}, text, limit})) {
            if (!seen.contains(h.id))
                result.rows.append(h);
        }
        std::stable_sort(
            result.rows.begin(), result.rows.end(),
            [](const HoldRow& a, const HoldRow& b) { return a.expiresAt < b.expiresAt; });
        if (result.rows.size() > limit)
            result.rows.resize(limit);
        return result;
    });
}

void HoldsService::extend(sp::db::Connection& c, const QString& holdId, int seconds,
                          const QString& reason)
{
    c.exec("SELECT staff_hold_extend($1, $2, $3)", {holdId, seconds, reason});
}

void HoldsService::release(sp::db::Connection& c, const QString& holdId, const QString& reason)
{
    c.exec("SELECT staff_hold_release($1, $2)", {holdId, reason});
}

QJsonObject sweepLapsedHolds(sp::db::Connection& c, int maxBatches)
{
    int expired = 0;
    int purged = 0;
    int batches = 0;
    bool ran = false;
    for (bool more = true; more && batches < maxBatches; ++batches) {
        const sp::db::Result r = c.execPrepared(
            "SELECT (r->>'ran')::boolean, coalesce((r->>'expired')::int, 0),"
            " coalesce((r->>'purged')::int, 0), coalesce((r->>'more')::boolean, false)"
            " FROM endpoint_housekeeping() r");
        if (!r.toBool(0, 0))
            break; // another instance is sweeping
        ran = true;
        expired += r.toInt(0, 1);
        purged += r.toInt(0, 2);
        more = r.toBool(0, 3);
    }
    return {{QStringLiteral("ran"), ran},
            {QStringLiteral("expired"), expired},
            {QStringLiteral("purged"), purged},
            {QStringLiteral("batches"), batches}};
}

QFuture<void> HoldsService::extend(sp::db::Database& db, const QString& holdId, int seconds,
                                   const QString& reason)
{
    return db.run(
        [holdId, seconds, reason](sp::db::Connection& c) { extend(c, holdId, seconds, reason); });
}

QFuture<void> HoldsService::release(sp::db::Database& db, const QString& holdId,
                                    const QString& reason)
{
    return db.run([holdId, reason](sp::db::Connection& c) { release(c, holdId, reason); });
}

} // namespace sp::inventory
