#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::inventory {

struct HoldRow
{
    QString id;
    QString sku;
    QString productName;
    QString location;
    int quantity = 0;
    QString status; // active (live holds only are listed)
    QString cartId; // empty for partner holds
    QString caller; // "key:<id>" or "cart:<id>"
    QDateTime createdAt;
    QDateTime expiresAt;
};

// The live holds as the Holds page shows them, and how far the server's clock is ahead of this
// machine's (expiry is decided by the server's clock).
struct LiveHolds
{
    QList<HoldRow> rows;
    qint64 serverClockOffsetMs = 0;
};

struct HoldFilter
{
    QString sku;    // contains, case-insensitive
    QString cartId; // prefix of the cart id
    int limit = 500;
};

// What the Holds page needs: the live holds, and staff extending or releasing one with a reason
// (both recorded: an event, and the ledger for a release). Call on a worker thread as a staff
// member; errors are DbError (sqlstate::HoldNotActive, SP006 reason missing, 42501 not allowed).
class HoldsService final
{
public:
    static QList<HoldRow> liveHolds(sp::db::Connection& c, const HoldFilter& filter = {});
    // On a worker of the pool: the live holds whose SKU contains text or whose cart id starts
    // with it (every one when text is empty), soonest to expire first, at most limit.
    static QFuture<LiveHolds> liveHolds(sp::db::Database& db, const QString& text, int limit);

    static void extend(sp::db::Connection& c, const QString& holdId, int seconds,
                       const QString& reason);
    static void release(sp::db::Connection& c, const QString& holdId, const QString& reason);

    // The same on a worker of the pool; the future fails with the DbError.
    static QFuture<void> extend(sp::db::Database& db, const QString& holdId, int seconds,
                                const QString& reason);
    static QFuture<void> release(sp::db::Database& db, const QString& holdId,
                                 const QString& reason);
};

// The hold housekeeping (endpoint_housekeeping: lapsed holds back to stock, old idempotency
// records purged), batch after batch until nothing more is due or maxBatches have run. Each
// batch is a short transaction of its own, so holds never wait long for the sweeper's row
// locks. Returns {ran, expired, purged, batches}; ran is false when another instance is on it.
QJsonObject sweepLapsedHolds(sp::db::Connection& c, int maxBatches = 50);

} // namespace sp::inventory
