#include "stockoperations.h"

#include "db/database.h"

#include <QJsonDocument>

namespace sp::inventory {

namespace {

sp::db::Param optionalText(const QString& s)
{
    return s.isEmpty() ? sp::db::Param() : sp::db::Param(s);
}

} // namespace

QJsonObject StockOperations::call(const char* sql, sp::db::Params params)
{
    const sp::db::Result r = m_connection.execPrepared(sql, params);
    return QJsonDocument::fromJson(r.bytes(0, 0)).object();
}

QJsonObject StockOperations::receive(const QString& sku, const QString& location, int quantity,
                                     const QString& note)
{
    return call("SELECT stock_receive($1, $2, $3, $4)",
                {sku, location, quantity, optionalText(note)});
}

QJsonObject StockOperations::adjust(const QString& sku, const QString& location, int counted,
                                    const QString& reason)
{
    return call("SELECT stock_adjust($1, $2, $3, $4)", {sku, location, counted, reason});
}

QJsonObject StockOperations::transfer(const QString& sku, const QString& from, const QString& to,
                                      int quantity, const QString& note)
{
    return call("SELECT stock_transfer($1, $2, $3, $4, $5)",
                {sku, from, to, quantity, optionalText(note)});
}

QJsonObject StockOperations::receiveTransfer(qint64 transferId, const QString& note)
{
    return call("SELECT stock_transfer_receive($1, $2)", {transferId, optionalText(note)});
}

QJsonObject StockOperations::receiveTransfer(qint64 transferId, int received, const QString& note)
{
    return call("SELECT stock_transfer_receive_counted($1, $2, $3)",
                {transferId, received, optionalText(note)});
}

QJsonObject StockOperations::changeCondition(ConditionChange change, const QString& sku,
                                             const QString& location, int quantity,
                                             const QString& reason)
{
    const char* sql = "SELECT stock_release($1, $2, $3, $4)";
    switch (change) {
    case ConditionChange::Damage:
        sql = "SELECT stock_damage($1, $2, $3, $4)";
        break;
    case ConditionChange::WriteOff:
        sql = "SELECT stock_write_off($1, $2, $3, $4)";
        break;
    case ConditionChange::Quarantine:
        sql = "SELECT stock_quarantine($1, $2, $3, $4)";
        break;
    case ConditionChange::Release:
        break;
    }
    return call(sql, {sku, location, quantity, reason});
}

QFuture<QJsonObject> receive(sp::db::Database& db, const QString& sku, const QString& location,
                             int quantity, const QString& note)
{
    return db.run([=](sp::db::Connection& c) {
        return StockOperations(c).receive(sku, location, quantity, note);
    });
}

QFuture<QJsonObject> adjust(sp::db::Database& db, const QString& sku, const QString& location,
                            int counted, const QString& reason)
{
    return db.run([=](sp::db::Connection& c) {
        return StockOperations(c).adjust(sku, location, counted, reason);
    });
}

QFuture<QJsonObject> transfer(sp::db::Database& db, const QString& sku, const QString& from,
                              const QString& to, int quantity, const QString& note)
{
    return db.run([=](sp::db::Connection& c) {
        return StockOperations(c).transfer(sku, from, to, quantity, note);
    });
}

QFuture<QJsonObject> receiveTransfer(sp::db::Database& db, qint64 transferId, int received,
                                     const QString& note)
{
    return db.run([=](sp::db::Connection& c) {
        return StockOperations(c).receiveTransfer(transferId, received, note);
    });
}

QFuture<QJsonObject> changeCondition(sp::db::Database& db, ConditionChange change,
                                     const QString& sku, const QString& location, int quantity,
                                     const QString& reason)
{
    return db.run([=](sp::db::Connection& c) {
        return StockOperations(c).changeCondition(change, sku, location, quantity, reason);
    });
}

} // namespace sp::inventory
