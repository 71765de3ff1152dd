#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::inventory {

// A transfer on its way: its units have left the source and count as incoming at the
// destination until it is received (sp::inventory::StockOperations::receiveTransfer).
struct TransferRow
{
    qint64 id = 0;
    QString sku;
    QString productName;
    QString from; // location codes
    QString to;
    int quantity = 0;
    QString note;
    QString createdBy;
    QDateTime createdAt;
    qint64 ageSeconds = 0; // by the database server's clock, when read
};

// The transfers in transit as the Transfers page shows them, and how far the server's clock is
// ahead of this machine's (a transfer's age is counted on the server's clock).
struct InTransit
{
    QList<TransferRow> rows;
    qint64 serverClockOffsetMs = 0;
};

// What the Transfers page and "stockpilot-admin transfers list" read. Call on a worker thread;
// errors are DbError.
class TransfersService final
{
public:
    // In transit, oldest first, at most limit.
    static QList<TransferRow> inTransit(sp::db::Connection& c, int limit = 500);
    // The same on a worker of the pool.
    static QFuture<InTransit> inTransit(sp::db::Database& db, int limit = 500);
};

} // namespace sp::inventory
