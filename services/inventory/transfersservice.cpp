#include "transfersservice.h"

#include "db/database.h"

namespace sp::inventory {

QList<TransferRow> TransfersService::inTransit(sp::db::Connection& c, int limit)
{
    const sp::db::Result r =
        c.exec("SELECT t.id, p.sku, p.name, f.code, d.code, t.quantity, coalesce(t.note, ''),"
               "       t.created_by, t.created_at,"
               "       greatest(0, extract(epoch FROM now() - t.created_at))::bigint"
               " FROM transfers t JOIN products p ON p.id = t.product_id"
               " JOIN locations f ON f.id = t.from_location_id"
               " JOIN locations d ON d.id = t.to_location_id"
               " WHERE t.status = 'in_transit'"
               " ORDER BY t.created_at, t.id LIMIT $1",
               {limit});
    QList<TransferRow> rows;
    rows.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        TransferRow t;
        t.id = r.toLongLong(i, 0);
        t.sku = r.text(i, 1);
        t.productName = r.text(i, 2);
        t.from = r.text(i, 3);
        t.to = r.text(i, 4);
        t.quantity = r.toInt(i, 5);
        t.note = r.text(i, 6);
        t.createdBy = r.text(i, 7);
        t.createdAt = QDateTime::fromString(r.text(i, 8), Qt::ISODateWithMs);
        t.ageSeconds = r.toLongLong(i, 9);
        rows.append(t);
    }
    return rows;
}

QFuture<InTransit> TransfersService::inTransit(sp::db::Database& db, int limit)
{
    return db.run([limit](sp::db::Connection& c) {
        InTransit result;
        // The page counts ages on its own clock; the offset makes that the server's.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 server =
            c.exec("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
                .toLongLong(0, 0);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        result.serverClockOffsetMs = server - (before + after) / 2;
        result.rows = inTransit(c, limit);
        return result;
    });
}

} // namespace sp::inventory
