#pragma once

#include "db/pgconnection.h"

#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::inventory {

// How units change condition at one location: available to damaged (Damage) or to quarantine
// (Quarantine), quarantine back to available (Release), damaged units out (WriteOff; managers).
enum class ConditionChange { Damage, WriteOff, Quarantine, Release };

// The stock functions of the database, one call each. Every function runs in the database as
// one atomic transaction that writes the ledger and an event; on bad input it throws DbError
// with the function's SQLSTATE (db/dberror.h, sqlstate::*) and a message for people, and
// changes nothing. Call on a worker thread (Database::run).
class StockOperations final
{
public:
    explicit StockOperations(sp::db::Connection& connection)
        : m_connection(connection)
    {}

    // Each returns the new figures of the level it changed (sku, location, on_hand, reserved,
    // committed, incoming, quarantine, damaged, available).
    QJsonObject receive(const QString& sku, const QString& location, int quantity,
                        const QString& note = {});
    // Sets on_hand to the counted quantity; the difference is recorded with the reason.
    QJsonObject adjust(const QString& sku, const QString& location, int counted,
                       const QString& reason);
    // Returns transfer_id, source and destination figures.
    QJsonObject transfer(const QString& sku, const QString& from, const QString& to, int quantity,
                         const QString& note = {});
    // In full; returns the destination's figures and transfer_id, received, lost.
    QJsonObject receiveTransfer(qint64 transferId, const QString& note = {});
    // As counted: received of its units arrived (0 to its quantity), the rest were lost in
    // transit. Returns the same as receiveTransfer.
    QJsonObject receiveTransfer(qint64 transferId, int received, const QString& note = {});
    // Never more than the figure the units come out of holds (SP004, DETAIL with available,
    // quarantine and damaged); the reason is required.
    QJsonObject changeCondition(ConditionChange change, const QString& sku, const QString& location,
                                int quantity, const QString& reason);

private:
    QJsonObject call(const char* sql, sp::db::Params params);
    sp::db::Connection& m_connection;
};

// The stock operations of the desktop's dialogs, each on a worker of the pool; the future gives
// the new figures or fails with the function's DbError.
QFuture<QJsonObject> receive(sp::db::Database& db, const QString& sku, const QString& location,
                             int quantity, const QString& note = {});
QFuture<QJsonObject> adjust(sp::db::Database& db, const QString& sku, const QString& location,
                            int counted, const QString& reason);
QFuture<QJsonObject> transfer(sp::db::Database& db, const QString& sku, const QString& from,
                              const QString& to, int quantity, const QString& note = {});
QFuture<QJsonObject> receiveTransfer(sp::db::Database& db, qint64 transferId, int received,
                                     const QString& note = {});
QFuture<QJsonObject> changeCondition(sp::db::Database& db, ConditionChange change,
                                     const QString& sku, const QString& location, int quantity,
                                     const QString& reason);

} // namespace sp::inventory
