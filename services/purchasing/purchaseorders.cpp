#include "purchaseorders.h"

#include "db/database.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sp::purchasing {

namespace {

QDateTime timestamp(const sp::db::Result& r, int row, int column)
{
    return r.isNull(row, column) ? QDateTime()
                                 : QDateTime::fromString(r.text(row, column), Qt::ISODateWithMs);
}

QList<PurchaseOrder> load(sp::db::Connection& c, const char* where,
                          const QList<sp::db::Param>& params)
{
    QList<PurchaseOrder> orders;
    QHash<qint64, qsizetype> index;
    const QByteArray sql =
        QByteArray("SELECT po.id, coalesce(po.supplier, ''), l.code, po.status, po.created_at,"
                   " po.created_by, po.received_at, po.closed_at, coalesce(po.closed_by, ''),"
                   " coalesce(po.close_reason, ''), coalesce(po.suggestion_id, 0)"
                   " FROM purchase_orders po JOIN locations l ON l.id = po.location_id ") +
        where;
    const sp::db::Result o = c.exec(sql, params);
    for (int i = 0; i < o.rows(); ++i) {
        PurchaseOrder po;
        po.id = o.toLongLong(i, 0);
        po.supplier = o.text(i, 1);
        po.location = o.text(i, 2);
        po.status = o.text(i, 3);
        po.createdAt = timestamp(o, i, 4);
        po.createdBy = o.text(i, 5);
        po.receivedAt = timestamp(o, i, 6);
        po.closedAt = timestamp(o, i, 7);
        po.closedBy = o.text(i, 8);
        po.closeReason = o.text(i, 9);
        po.suggestionId = o.toLongLong(i, 10);
        index.insert(po.id, orders.size());
        orders.append(po);
    }
    if (orders.isEmpty())
        return orders;
    QList<qint64> ids;
    for (const PurchaseOrder& po : orders)
        ids.append(po.id);
    const sp::db::Result lines =
        c.exec("SELECT pl.purchase_order_id, pl.line_no, p.sku, p.name, pl.quantity, pl.received,"
               " pl.unit_cost FROM purchase_order_lines pl JOIN products p ON p.id = pl.product_id"
               " WHERE pl.purchase_order_id = ANY ($1::bigint[])"
               " ORDER BY pl.purchase_order_id, pl.line_no",
               {sp::db::Param(ids)});
    for (int i = 0; i < lines.rows(); ++i)
        orders[index.value(lines.toLongLong(i, 0))].lines.append(
            {lines.toInt(i, 1), lines.text(i, 2), lines.text(i, 3), lines.toInt(i, 4),
             lines.toInt(i, 5), lines.toDouble(i, 6)});
    return orders;
}

} // namespace

double PurchaseOrder::total() const
{
    double sum = 0;
    for (const PurchaseOrderLine& l : lines)
        sum += l.quantity * l.unitCost;
    return sum;
}

QList<PurchaseOrder> PurchaseOrders::list(sp::db::Connection& c, int limit, const QString& status)
{
    return load(c, "WHERE $2::text IS NULL OR po.status = $2 ORDER BY po.id DESC LIMIT $1",
                {limit, status.isEmpty() ? sp::db::Param() : sp::db::Param(status)});
}

QFuture<QList<PurchaseOrder>> PurchaseOrders::list(sp::db::Database& db, int limit)
{
    return db.run([limit](sp::db::Connection& c) { return list(c, limit); });
}

PurchaseOrder PurchaseOrders::get(sp::db::Connection& c, qint64 id)
{
    const QList<PurchaseOrder> found = load(c, "WHERE po.id = $1", {id});
    return found.value(0);
}

ReceiveResult PurchaseOrders::receive(sp::db::Connection& c, qint64 id,
                                      const QList<ReceiveLine>& lines, const QString& note,
                                      const QString& key, bool acceptOver)
{
    sp::db::Param linesParam;
    if (!lines.isEmpty()) {
        QJsonArray list;
        for (const ReceiveLine& l : lines)
            list.append(QJsonObject{{QStringLiteral("sku"), l.sku},
                                    {QStringLiteral("quantity"), l.quantity}});
        linesParam = sp::db::Param(QString::fromUtf8(QJsonDocument(list).toJson()));
    }
    const auto orNull = [](const QString& s) {
        return s.isEmpty() ? sp::db::Param() : sp::db::Param(s);
    };
    const sp::db::Result r =
        c.exec("SELECT (r->>'receipt_id')::bigint, r->>'status', r ? 'replayed'"
               " FROM purchase_order_receive($1, $2::jsonb, $3, $4, $5) r",
               {id, linesParam, orNull(note), orNull(key), acceptOver});
    return {r.toLongLong(0, 0), r.text(0, 1), r.toBool(0, 2)};
}

QFuture<ReceiveResult> PurchaseOrders::receive(sp::db::Database& db, qint64 id,
                                               const QList<ReceiveLine>& lines, const QString& note,
                                               bool acceptOver)
{
    return db.run(
        [=](sp::db::Connection& c) { return receive(c, id, lines, note, QString(), acceptOver); });
}

void PurchaseOrders::close(sp::db::Connection& c, qint64 id, const QString& reason)
{
    c.exec("SELECT purchase_order_close($1, $2)", {id, reason});
}

QFuture<void> PurchaseOrders::close(sp::db::Database& db, qint64 id, const QString& reason)
{
    return db.run([=](sp::db::Connection& c) { close(c, id, reason); });
}

} // namespace sp::purchasing
