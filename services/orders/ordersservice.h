#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::orders {

struct OrderLine
{
    int lineNo = 0;
    QString sku;
    QString location; // where it ships from
    int quantity = 0;
};

struct FulfilmentPlan
{
    int rank = 0;
    bool chosen = false;
    int splits = 0;
    double distanceKm = 0; // the farthest shipment
    QJsonArray shipments;  // [{location, name, distance_km, items: [{sku, quantity}]}]
    QString reason;
};

struct SourceOverride
{
    int lineNo = 0;
    QString from;
    QString to;
    int quantity = 0;
    QString reason;
    QString actor;
    QDateTime at;
};

struct Order
{
    QString id;
    QString cartId;
    QString caller;
    QString status;
    QDateTime createdAt;
    QList<OrderLine> lines;
    QList<FulfilmentPlan> plans;
    QList<SourceOverride> overrides;
};

// What the Orders page needs: recent orders with their lines, candidate fulfilment plans and
// overrides; staff (managers) moving a line to another source with a reason. Call on a worker
// thread; errors are DbError (SP004 not enough stock there, SP006 reason missing, ...).
class OrdersService final
{
public:
    static QList<Order> recentOrders(sp::db::Connection& c, int limit = 200);
    // The same on a worker of the pool.
    static QFuture<QList<Order>> recentOrders(sp::db::Database& db, int limit = 200);

    static void overrideSource(sp::db::Connection& c, const QString& orderId, int lineNo,
                               const QString& location, const QString& reason);
    // The same on a worker of the pool; the future fails with the DbError.
    static QFuture<void> overrideSource(sp::db::Database& db, const QString& orderId, int lineNo,
                                        const QString& location, const QString& reason);
};

} // namespace sp::orders
