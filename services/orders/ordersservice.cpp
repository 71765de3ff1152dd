#include "ordersservice.h"

#include "db/database.h"

#include <QHash>
#include <QJsonDocument>

namespace sp::orders {

QList<Order> OrdersService::recentOrders(sp::db::Connection& c, int limit)
{
    QList<Order> orders;
    QHash<QString, qsizetype> index;
    const sp::db::Result o =
        c.exec("SELECT id, coalesce(cart_id::text, ''), caller, status, created_at FROM orders"
               " ORDER BY created_at DESC, id LIMIT $1",
               {limit});
    for (int i = 0; i < o.rows(); ++i) {
        Order order;
        order.id = o.text(i, 0);
        order.cartId = o.text(i, 1);
        order.caller = o.text(i, 2);
        order.status = o.text(i, 3);
        order.createdAt = QDateTime::fromString(o.text(i, 4), Qt::ISODateWithMs);
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
        c.exec("SELECT ol.order_id, ol.line_no, p.sku, l.code, ol.quantity FROM order_lines ol"
               " JOIN products p ON p.id = ol.product_id JOIN locations l ON l.id = ol.location_id"
               " WHERE ol.order_id = ANY ($1::uuid[]) ORDER BY ol.order_id, ol.line_no",
               {idArray});
    for (int i = 0; i < lines.rows(); ++i)
        orders[index.value(lines.text(i, 0))].lines.append(
            {lines.toInt(i, 1), lines.text(i, 2), lines.text(i, 3), lines.toInt(i, 4)});

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
