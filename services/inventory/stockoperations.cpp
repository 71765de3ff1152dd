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

} // namespace sp::inventory
