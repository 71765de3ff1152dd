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
    int shipped = 0; // units that have left so far
    int left() const { return quantity - shipped; }
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
    QString status; // placed, partially_shipped, shipped, cancelled
    QDateTime createdAt;
    QString cancelReason;
    QList<OrderLine> lines;
    QList<FulfilmentPlan> plans;
    QList<SourceOverride> overrides;
};

// Units of one line to ship.
struct ShipLine
{
    int lineNo = 0;
    int quantity = 0;
};

// What a shipment did: the order's status after it, and whether it was a repeat of an earlier
// one with the same key (which changed nothing).
struct ShipResult
{
    qint64 shipmentId = 0;
    QString status;
    bool replayed = false;
};

// A line of a location's pick list: units of an open order still to leave from there.
struct PickLine
{
    QString orderId;
    int lineNo = 0;
    QString sku;
    QString name;
    int quantity = 0; // left to ship
    QDateTime orderedAt;
};

// What the Orders page needs: recent orders with their lines, candidate fulfilment plans and
// overrides; staff (managers) moving a line to another source with a reason. Call on a worker
// thread; errors are DbError (SP004 not enough stock there, SP006 reason missing, ...).
class OrdersService final
{
public:
    // The newest orders first; status filters by one status when not empty.
    static QList<Order> recentOrders(sp::db::Connection& c, int limit = 200,
                                     const QString& status = {});
    // The same on a worker of the pool.
    static QFuture<QList<Order>> recentOrders(sp::db::Database& db, int limit = 200);

    // Ships the given lines' units (all units left when lines is empty) from each line's
    // source; a key already used for this order repeats nothing. Clerks may ship. Errors:
    // SP015 unknown order, SP016 cancelled or shipped, SP017 unknown line or too many units.
    static ShipResult ship(sp::db::Connection& c, const QString& orderId,
                           const QList<ShipLine>& lines, const QString& key = {});
    static QFuture<ShipResult> ship(sp::db::Database& db, const QString& orderId,
                                    const QList<ShipLine>& lines, const QString& key = {});
    // Cancels an order that has not shipped; its committed units become available. Managers.
    static void cancel(sp::db::Connection& c, const QString& orderId, const QString& reason,
                       const QString& key = {});
    static QFuture<void> cancel(sp::db::Database& db, const QString& orderId,
                                const QString& reason);
    // The open orders' units still to leave from a location, oldest order first.
    static QList<PickLine> pickList(sp::db::Connection& c, const QString& location);
    static QFuture<QList<PickLine>> pickList(sp::db::Database& db, const QString& location);

    static void overrideSource(sp::db::Connection& c, const QString& orderId, int lineNo,
                               const QString& location, const QString& reason);
    // The same on a worker of the pool; the future fails with the DbError.
    static QFuture<void> overrideSource(sp::db::Database& db, const QString& orderId, int lineNo,
                                        const QString& location, const QString& reason);
};

} // namespace sp::orders
