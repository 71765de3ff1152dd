#include "eventlog.h"

#include "database.h"

#include <QJsonDocument>

namespace sp::db {

QFuture<QList<LoggedEvent>> eventLog(Database& db, const EventLogFilter& filter, qint64 beforeId,
                                     const QList<qint64>& ids, int limit)
{
    return db.run([filter, beforeId, ids, limit](Connection& c) {
        auto when = [](const QDateTime& t) {
            return t.isValid() ? Param(t.toUTC().toString(Qt::ISODateWithMs)) : Param();
        };
        const Result r = c.exec(
            "SELECT e.id, (extract(epoch FROM e.at) * 1000)::bigint, e.type, coalesce(p.sku, ''), "
            "       coalesce(l.code, ''), e.actor, e.payload "
            "FROM events e "
            "LEFT JOIN products p ON p.id = e.product_id "
            "LEFT JOIN locations l ON l.id = e.location_id "
            "WHERE ($1::text[] IS NULL OR e.type = ANY ($1)) "
            "  AND ($2::text IS NULL OR e.product_id = (SELECT id FROM products WHERE sku = $2)) "
            "  AND ($3::timestamptz IS NULL OR e.at >= $3) "
            "  AND ($4::timestamptz IS NULL OR e.at < $4) "
            "  AND ($5::bigint IS NULL OR e.id < $5) "
            "  AND ($6::bigint[] IS NULL OR e.id = ANY ($6)) "
            "ORDER BY e.id DESC LIMIT $7",
            QList<Param>{filter.types.isEmpty() ? Param() : Param(filter.types),
                         filter.sku.isEmpty() ? Param() : Param(filter.sku), when(filter.from),
                         when(filter.to), beforeId > 0 ? Param(beforeId) : Param(),
                         ids.isEmpty() ? Param() : Param(ids), limit});
        QList<LoggedEvent> rows;
        rows.reserve(r.rows());
        for (int i = 0; i < r.rows(); ++i) {
            rows.append({r.toLongLong(i, 0),
                         QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC), r.text(i, 2),
                         r.text(i, 3), r.text(i, 4), r.text(i, 5),
                         QJsonDocument::fromJson(r.bytes(i, 6)).object()});
        }
        return rows;
    });
}

} // namespace sp::db
