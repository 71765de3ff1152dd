#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>

namespace sp::db {
class Database;
}

namespace sp::catalog {

struct Supplier
{
    QString name;
    int leadTimeDays = 7;
    QString email;           // empty: none
    double minimumOrder = 0; // the smallest order value the supplier takes, 0: none
    int products = 0;        // products that name it (read only)
};

struct LocationRecord
{
    QString code;
    QString name;
    QString kind; // warehouse, store, online
    double latitude = 0;
    double longitude = 0;
    bool active = true;
};

struct ReorderPolicy
{
    QString sku;
    QString productName;
    QString location;
    int min = 0; // order when available + incoming falls below this
    int max = 0; // up to this
    QDateTime updatedAt;
    QString updatedBy;
};

// The master data people manage (suppliers, locations, reorder policies), one at a time, as
// the Master Data page and stockpilot-admin do it; files go through CsvImporter. Reads are for
// all staff, changes for managers (the database decides). Errors are DbError naming the field:
// SP009 (a bad name, code, kind, coordinate, amount or range), SP001/SP002 (unknown SKU or
// location).
class MasterData final
{
public:
    static QList<Supplier> suppliers(sp::db::Connection& c);
    static QFuture<QList<Supplier>> suppliers(sp::db::Database& db);
    static void setSupplier(sp::db::Connection& c, const Supplier& s);
    static QFuture<void> setSupplier(sp::db::Database& db, const Supplier& s);

    static QList<LocationRecord> locations(sp::db::Connection& c);
    static QFuture<QList<LocationRecord>> locations(sp::db::Database& db);
    static void setLocation(sp::db::Connection& c, const LocationRecord& l);
    static QFuture<void> setLocation(sp::db::Database& db, const LocationRecord& l);
    // Out of use (refused while it holds stock, expects goods or has orders to ship) or back.
    static void setLocationActive(sp::db::Connection& c, const QString& code, bool active);
    static QFuture<void> setLocationActive(sp::db::Database& db, const QString& code, bool active);

    // The policies whose SKU or product name contains search (all when empty), by SKU.
    static QList<ReorderPolicy> policies(sp::db::Connection& c, const QString& search = {},
                                         int limit = 2000);
    static QFuture<QList<ReorderPolicy>> policies(sp::db::Database& db, const QString& search,
                                                  int limit = 2000);
    static void setPolicy(sp::db::Connection& c, const QString& sku, const QString& location,
                          int min, int max);
    static QFuture<void> setPolicy(sp::db::Database& db, const QString& sku,
                                   const QString& location, int min, int max);
    // Back to the reorder point from demand.
    static void clearPolicy(sp::db::Connection& c, const QString& sku, const QString& location);
    static QFuture<void> clearPolicy(sp::db::Database& db, const QString& sku,
                                     const QString& location);
};

} // namespace sp::catalog
