#include "ordersservice.h"

#include "db/database.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace sp::orders {

QList<Order> OrdersService::recentOrders(sp::db::Connection& c, int limit, const QString& status)
{
    QList<Order> orders;
    QHash<QString, qsizetype> index;
    const sp::db::Result o =
        c.exec("SELECT id, coalesce(cart_id::text, ''), caller, status, created_at,"
               " coalesce(cancel_reason, '') FROM orders"
               " WHERE $2::text IS NULL OR status = $2"
               " ORDER BY created_at DESC, id LIMIT $1",
               {limit, status.isEmpty() ? sp::db::Param() : sp::db::Param(status)});
    for (int i = 0; i < o.rows(); ++i) {
        Order order;
        order.id = o.text(i, 0);
        order.cartId = o.text(i, 1);
        order.caller = o.text(i, 2);
        order.status = o.text(i, 3);
        order.createdAt = QDateTime::fromString(o.text(i, 4), Qt::ISODateWithMs);
        order.cancelReason = o.text(i, 5);
        index.insert(order.id, orders.size());
        orders.append(order);
    }
    if (orders.isEmpty())
        return orders;
    QStringList ids;
    for (const Order& order : orders)
        ids.append(order.id);
    const QByteArray idArray = sp::db::Param(ids).bytes();

    const sp::db::Result lines =
        c.exec("SELECT ol.order_id, ol.line_no, p.sku, l.code, ol.quantity, ol.shipped"
               " FROM order_lines ol"
               " JOIN products p ON p.id = ol.product_id JOIN locations l ON l.id = ol.location_id"
               " WHERE ol.order_id = ANY ($1::uuid[]) ORDER BY ol.order_id, ol.line_no",
               {idArray});
    for (int i = 0; i < lines.rows(); ++i)
        orders[index.value(lines.text(i, 0))].lines.append({lines.toInt(i, 1), lines.text(i, 2),
                                                            lines.text(i, 3), lines.toInt(i, 4),
                                                            lines.toInt(i, 5)});

    const sp::db::Result plans =
        c.exec("SELECT order_id, rank, chosen, splits, distance_km, shipments, reason"
               " FROM fulfilment_plans WHERE order_id = ANY ($1::uuid[]) ORDER BY order_id, rank",
               {idArray});
    for (int i = 0; i < plans.rows(); ++i) {
        FulfilmentPlan p;
        p.rank = plans.toInt(i, 1);
        p.chosen = plans.toBool(i, 2);
        p.splits = plans.toInt(i, 3);
        p.distanceKm = plans.toDouble(i, 4);
        p.shipments = QJsonDocument::fromJson(plans.bytes(i, 5)).array();
        p.reason = plans.text(i, 6);
        orders[index.value(plans.text(i, 0))].plans.append(p);
    }

    const sp::db::Result overrides =
        c.exec("SELECT o.order_id, o.line_no, f.code, t.code, o.quantity, o.reason, o.actor, o.at"
               " FROM order_source_overrides o JOIN locations f ON f.id = o.from_location_id"
               " JOIN locations t ON t.id = o.to_location_id"
               " WHERE o.order_id = ANY ($1::uuid[]) ORDER BY o.id",
               {idArray});
    for (int i = 0; i < overrides.rows(); ++i)
        orders[index.value(overrides.text(i, 0))].overrides.append(
            {overrides.toInt(i, 1), overrides.text(i, 2), overrides.text(i, 3),
             overrides.toInt(i, 4), overrides.text(i, 5), overrides.text(i, 6),
             QDateTime::fromString(overrides.text(i, 7), Qt::ISODateWithMs)});
    return orders;
}

QFuture<QList<Order>> OrdersService::recentOrders(sp::db::Database& db, int limit)
{
    return db.run([limit](sp::db::Connection& c) { return recentOrders(c, limit); });
}

ShipResult OrdersService::ship(sp::db::Connection& c, const QString& orderId,
                               const QList<ShipLine>& lines, const QString& key)
{
    sp::db::Param linesParam;
    if (!lines.isEmpty()) {
        QJsonArray list;
        for (const ShipLine& l : lines)
            list.append(QJsonObject{{QStringLiteral("line"), l.lineNo},
                                    {QStringLiteral("quantity"), l.quantity}});
        linesParam = sp::db::Param(QString::fromUtf8(QJsonDocument(list).toJson()));
    }
    const sp::db::Result r =
        c.exec("SELECT (r->>'shipment_id')::bigint, r->>'status', r ? 'replayed'"
               " FROM order_ship($1::uuid, $2::jsonb, $3) r",
               {orderId, linesParam, key.isEmpty() ? sp::db::Param() : sp::db::Param(key)});
    return {r.toLongLong(0, 0), r.text(0, 1), r.toBool(0, 2)};
}

QFuture<ShipResult> OrdersService::ship(sp::db::Database& db, const QString& orderId,
                                        const QList<ShipLine>& lines, const QString& key)
{
    return db.run([=](sp::db::Connection& c) { return ship(c, orderId, lines, key); });
}

void OrdersService::cancel(sp::db::Connection& c, const QString& orderId, const QString& reason,
                           const QString& key)
{
    c.exec("SELECT order_cancel($1::uuid, $2, $3)",
           {orderId, reason, key.isEmpty() ? sp::db::Param() : sp::db::Param(key)});
}

QFuture<void> OrdersService::cancel(sp::db::Database& db, const QString& orderId,
                                    const QString& reason)
{
    return db.run([=](sp::db::Connection& c) { cancel(c, orderId, reason); });
}

QList<PickLine> OrdersService::pickList(sp::db::Connection& c, const QString& location)
{
    const sp::db::Result r =
        c.exec("SELECT o.id, ol.line_no, p.sku, p.name, ol.quantity - ol.shipped, o.created_at"
               " FROM orders o JOIN order_lines ol ON ol.order_id = o.id"
               " JOIN products p ON p.id = ol.product_id"
               " JOIN locations l ON l.id = ol.location_id AND l.code = $1"
               " WHERE o.status IN ('placed', 'partially_shipped') AND ol.quantity > ol.shipped"
               " ORDER BY o.created_at, o.id, ol.line_no",
               {location});
    QList<PickLine> lines;
    lines.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        lines.append({r.text(i, 0), r.toInt(i, 1), r.text(i, 2), r.text(i, 3), r.toInt(i, 4),
                      QDateTime::fromString(r.text(i, 5), Qt::ISODateWithMs)});
    return lines;
}

QFuture<QList<PickLine>> OrdersService::pickList(sp::db::Database& db, const QString& location)
{
    return db.run([location](sp::db::Connection& c) { return pickList(c, location); });
}

void OrdersService::overrideSource(sp::db::Connection& c, const QString& orderId, int lineNo,
                                   const QString& location, const QString& reason)
{
    c.exec("SELECT staff_order_override_source($1, $2::smallint, $3, $4)",
           {orderId, lineNo, location, reason});
}

QFuture<void> OrdersService::overrideSource(sp::db::Database& db, const QString& orderId,
                                            int lineNo, const QString& location,
                                            const QString& reason)
{
    return db.run(
        [=](sp::db::Connection& c) { overrideSource(c, orderId, lineNo, location, reason); });
}

} // namespace sp::orders
