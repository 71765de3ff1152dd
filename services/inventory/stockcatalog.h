#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>
#include <Qt>

#include <optional>

namespace sp::db {
class Database;
}

namespace sp::inventory {

struct Location
{
    int id = 0;
    QString code;
    QString name;
    QString kind; // warehouse, store, online

    bool operator==(const Location&) const = default;
};

// How one SKU stands at one location. Out wins over Low.
enum class StockStatus { Ok = 0, Low = 1, Out = 2 };

// The figures of one stock_levels row.
struct StockLevel
{
    int locationId = 0;
    int onHand = 0;
    int reserved = 0;
    int committed = 0;
    int incoming = 0;
    int quarantine = 0;
    int damaged = 0;
    int available = 0;
    int reorderPoint = 0;

    // Out: nothing available. Low: available below the reorder point.
    StockStatus status() const;
    bool operator==(const StockLevel&) const = default;
};

// One SKU with its levels at every location that carries it (a location without a
// stock_levels row for the SKU does not carry it and is absent here).
struct StockRow
{
    int productId = 0;
    QString sku;
    QString name;
    QString category;
    QList<StockLevel> levels; // ordered by location id

    const StockLevel* level(int locationId) const;
    int totalAvailable() const;
    int totalReorderPoint() const;
    bool operator==(const StockRow&) const = default;
};

// What the Stock page asks for: filters become SQL WHERE, the sort SQL ORDER BY (with the SKU
// as the tie-breaker, so every order is total and pages never overlap).
struct StockQuery
{
    enum class Status { Any, Low, Out };
    enum class SortKey { Sku, Name, Category, Location, Total };

    QString text;       // contained in the SKU or the name, case-insensitive
    QString category;   // empty: all
    int locationId = 0; // 0: any location; else the status filter applies to this location
    // Low: available < reorder point or nothing available (so Low includes Out).
    // Out: nothing available. At least one location must match (or the chosen one).
    Status status = Status::Any;
    SortKey sortKey = SortKey::Sku;
    int sortLocationId = 0; // for SortKey::Location: whose available units
    Qt::SortOrder order = Qt::AscendingOrder;
};

struct LocationStock
{
    Location location;
    bool stocked = false; // the location has a stock_levels row for the SKU
    StockLevel level;
};

// One SKU at every location (all locations, stocked or not), for the detail pane.
struct StockDetail
{
    int productId = 0;
    QString sku;
    QString name;
    QString category;
    QList<LocationStock> locations; // in the locations' display order
};

// One row of the ledger (stock_movements).
struct LedgerEntry
{
    qint64 id = 0;
    QDateTime at; // UTC
    QString locationCode;
    QString reason;
    int dOnHand = 0;
    int dReserved = 0;
    int dCommitted = 0;
    int dIncoming = 0;
    int dQuarantine = 0;
    int dDamaged = 0;
    QString refType;
    QString refId;
    QString note;
    QString actor;
};

// What the Stock page lists, its locations named by code: they are resolved with the locations
// read in the same call, and a location that does not exist lists nothing.
struct StockListingRequest
{
    StockQuery query; // its locationId and sortLocationId come from the codes below
    QString locationCode;
    QString sortLocationCode;
    bool withCategories = false;
    int pageSize = 200;
    // Only the first page, and only its ids: in an index order (SKU, name, category) that is a
    // LIMIT away, while the ordered ids of every match take a read of them all.
    bool firstPageOnly = false;
};

struct StockListing
{
    QList<Location> locations;
    std::optional<QStringList> categories; // when asked for
    QList<int> ids;                        // every match in order (firstPageOnly: the page's)
    QList<StockRow> firstPage;
};

// A SKU's id (0 when there is no such SKU) and the newest entries of its ledger.
struct LedgerPage
{
    int productId = 0;
    QList<LedgerEntry> entries;
};

// The Stock page's reads on a worker of the pool; the futures fail with the DbError.
QFuture<StockListing> listStock(sp::db::Database& db, const StockListingRequest& request);
// The rows of the given products, in the given order; unknown ids are left out.
QFuture<QList<StockRow>> stockRows(sp::db::Database& db, const QList<int>& productIds);
// std::nullopt when there is no such SKU.
QFuture<std::optional<StockDetail>> stockDetail(sp::db::Database& db, const QString& sku);
// Those of the SKUs that exist, in the order given.
QFuture<QList<StockDetail>> stockDetails(sp::db::Database& db, const QStringList& skus);
QFuture<LedgerPage> ledgerPage(sp::db::Database& db, const QString& sku, int limit);
// Up to limit entries older than beforeId, newest first.
QFuture<QList<LedgerEntry>> olderLedger(sp::db::Database& db, int productId, qint64 beforeId,
                                        int limit);
// Every entry newer than afterId, newest first.
QFuture<QList<LedgerEntry>> newerLedger(sp::db::Database& db, int productId, qint64 afterId);

// The read queries behind the Stock page. Plain data out; runs on the connection it is given
// (models call it through Database::run on a worker thread). Staff roles may run every query.
//
// Sized for 125,000 SKUs x 8 locations: text search uses the trigram index on
// (sku || ' ' || name), category the (category, sku) index, pages by id the primary keys.
// Status filters and sorting by a location or the total read stock_levels in full:
// stock_levels.available is deliberately not indexed so that the hot stock functions keep HOT
// updates. That is why productIds() exists: such an ordering is computed once per query, and
// pages then come by id at the cost of a primary-key lookup.
class StockCatalog final
{
public:
    explicit StockCatalog(sp::db::Connection& connection)
        : m_connection(connection)
    {}

    // In display order (sort_order, code).
    QList<Location> locations();
    QStringList categories();

    qint64 count(const StockQuery& query);
    // Every matching product id in the query's order.
    QList<int> productIds(const StockQuery& query);
    // A page of matching rows in the query's order.
    QList<StockRow> page(const StockQuery& query, int offset, int limit);
    // The rows of the given products, in the given order; unknown ids are left out.
    QList<StockRow> rows(const QList<int>& productIds);

    // 0 when there is no such SKU.
    int productId(const QString& sku);
    // The SKU of the product whose GTIN this is (compared as GS1 does, in 14 digits); empty
    // when none has it. A SKU made of digits that form a GTIN is not mistaken for a barcode:
    // when no product has the GTIN but one has that SKU, the SKU comes back as it is.
    QString skuForGtin(const QString& gtin);
    std::optional<StockDetail> detail(const QString& sku);

    // The product's ledger, newest first: up to limit entries with an id below beforeId (0: from
    // the newest on).
    QList<LedgerEntry> ledger(int productId, qint64 beforeId = 0, int limit = 200);
    // Every entry newer than afterId, newest first (live updates of a history already shown).
    QList<LedgerEntry> ledgerAfter(int productId, qint64 afterId);

private:
    QList<LedgerEntry> readLedger(const sp::db::Result& r);

    sp::db::Connection& m_connection;
};

// Every location in display order, read on a worker of the pool.
QFuture<QList<Location>> locations(sp::db::Database& db);
// StockCatalog::skuForGtin on a worker of the pool (a scan at a SKU field).
QFuture<QString> skuForGtin(sp::db::Database& db, const QString& gtin);

} // namespace sp::inventory
