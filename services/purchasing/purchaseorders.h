#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::purchasing {

struct PurchaseOrderLine
{
    int lineNo = 0;
    QString sku;
    QString name;
    int quantity = 0; // ordered
    int received = 0; // may pass quantity: an over-delivery
    double unitCost = 0;
    int expected() const { return qMax(0, quantity - received); }
    int over() const { return qMax(0, received - quantity); }
};

struct PurchaseOrder
{
    qint64 id = 0;
    QString supplier; // empty: the products name no supplier
    QString location; // where the goods are delivered
    QString status;   // open, partially_received, received, closed
    QDateTime createdAt;
    QString createdBy;
    QDateTime receivedAt;
    QDateTime closedAt;
    QString closedBy;
    QString closeReason;
    qint64 suggestionId = 0; // the approved restock it came from, 0: none
    QList<PurchaseOrderLine> lines;
    bool isOpen() const
    {
        return status == QLatin1String("open") || status == QLatin1String("partially_received");
    }
    double total() const;
};

// Units of one SKU taken in.
struct ReceiveLine
{
    QString sku;
    int quantity = 0;
};

// What a delivery did: the order's status after it, and whether it repeated an earlier delivery
// with the same key (which changed nothing).
struct ReceiveResult
{
    qint64 receiptId = 0;
    QString status;
    bool replayed = false;
};

// Purchase orders for the Purchase Orders page and the command line: list them, take in a
// delivery (in full or in part), close one that will not come in full. Call on a worker thread;
// errors are DbError (SP013 unknown order, no such line, or closed; SP003 a bad quantity).
class PurchaseOrders final
{
public:
    // The newest first; status filters by one status when not empty.
    static QList<PurchaseOrder> list(sp::db::Connection& c, int limit = 500,
                                     const QString& status = {});
    static QFuture<QList<PurchaseOrder>> list(sp::db::Database& db, int limit = 500);
    static PurchaseOrder get(sp::db::Connection& c, qint64 id);

    // Takes in the given lines' units (every unit still expected when lines is empty); more
    // than a line expects only with acceptOver. Clerks may receive.
    static ReceiveResult receive(sp::db::Connection& c, qint64 id, const QList<ReceiveLine>& lines,
                                 const QString& note = {}, const QString& key = {},
                                 bool acceptOver = false);
    static QFuture<ReceiveResult> receive(sp::db::Database& db, qint64 id,
                                          const QList<ReceiveLine>& lines, const QString& note,
                                          bool acceptOver);
    // Closes an order that will not come in full; what it still expects leaves incoming.
    // Managers.
    static void close(sp::db::Connection& c, qint64 id, const QString& reason);
    static QFuture<void> close(sp::db::Database& db, qint64 id, const QString& reason);
};

} // namespace sp::purchasing
