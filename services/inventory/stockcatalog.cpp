#include "stockcatalog.h"

#include "db/database.h"

#include <QHash>

#include <algorithm>
#include <limits>

namespace sp::inventory {

using sp::db::Param;
using sp::db::Result;

StockStatus StockLevel::status() const
{
    if (available <= 0)
        return StockStatus::Out;
    if (available < reorderPoint)
        return StockStatus::Low;
    return StockStatus::Ok;
}

const StockLevel* StockRow::level(int locationId) const
{
    for (const StockLevel& l : levels) {
        if (l.locationId == locationId)
            return &l;
    }
    return nullptr;
}

int StockRow::totalAvailable() const
{
    int total = 0;
    for (const StockLevel& l : levels)
        total += l.available;
    return total;
}

int StockRow::totalReorderPoint() const
{
    int total = 0;
    for (const StockLevel& l : levels)
        total += l.reorderPoint;
    return total;
}

namespace {

// The WHERE clause and ORDER BY of a query, with its parameters numbered from $1.
struct QuerySql
{
    QByteArray joins;
    QByteArray where;
    QByteArray orderBy;
    QList<Param> params;

    QByteArray next(const Param& p)
    {
        params.append(p);
        return "$" + QByteArray::number(params.size());
    }
};

QString likePattern(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

bool hasProductFilter(const StockQuery& q)
{
    return !q.text.trimmed().isEmpty() || !q.category.isEmpty();
}

QuerySql buildWhere(const StockQuery& q)
{
    QuerySql sql;
    sql.where = "WHERE true";
    const QString text = q.text.trimmed();
    if (!text.isEmpty()) {
        // The expression must match products_search_idx for the trigram index to apply.
        sql.where += " AND (p.sku || ' ' || p.name) ILIKE " + sql.next(likePattern(text));
    }
    if (!q.category.isEmpty())
        sql.where += " AND p.category = " + sql.next(q.category);
    if (q.status != StockQuery::Status::Any) {
        const QByteArray condition = q.status == StockQuery::Status::Out
                                         ? QByteArray("s.available = 0")
                                         : QByteArray("(s.available < s.reorder_point OR "
                                                      "s.available = 0)");
        sql.where += " AND EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = p.id";
        if (q.locationId > 0)
            sql.where += " AND s.location_id = " + sql.next(q.locationId);
        sql.where += " AND " + condition + ")";
    }
    return sql;
}

void buildOrder(const StockQuery& q, QuerySql& sql)
{
    const bool desc = q.order == Qt::DescendingOrder;
    const QByteArray dir = desc ? " DESC" : " ASC";
    switch (q.sortKey) {
    case StockQuery::SortKey::Name:
        sql.orderBy = "ORDER BY p.name" + dir + ", p.sku" + dir;
        return;
    case StockQuery::SortKey::Category:
        sql.orderBy = "ORDER BY p.category" + dir + ", p.sku" + dir;
        return;
    case StockQuery::SortKey::Location:
        if (q.sortLocationId > 0) {
            // Not carried sorts below zero.
            sql.joins += " LEFT JOIN stock_levels so ON so.product_id = p.id AND "
                         "so.location_id = " +
                         sql.next(q.sortLocationId);
            sql.orderBy = "ORDER BY so.available" + dir + (desc ? " NULLS LAST" : " NULLS FIRST") +
                          ", p.sku" + dir;
            return;
        }
        break;
    case StockQuery::SortKey::Total:
        if (hasProductFilter(q)) {
            // Few products: sum each one's levels through the primary key.
            sql.orderBy = "ORDER BY (SELECT coalesce(sum(t.available), 0) FROM stock_levels t "
                          "WHERE t.product_id = p.id)" +
                          dir + ", p.sku" + dir;
        } else {
            // All products: one aggregate over the table beats 125,000 index probes.
            sql.joins += " LEFT JOIN (SELECT product_id, sum(available) AS total FROM "
                         "stock_levels GROUP BY product_id) st ON st.product_id = p.id";
            sql.orderBy = "ORDER BY coalesce(st.total, 0)" + dir + ", p.sku" + dir;
        }
        return;
    case StockQuery::SortKey::Sku:
        break;
    }
    sql.orderBy = "ORDER BY p.sku" + dir;
}

// Sorting 125,000 rows fits in memory with a little more than the default 4 MB; a session
// setting, restored afterwards (rolled back with the caller's transaction on an error).
class WorkMem final
{
public:
    explicit WorkMem(sp::db::Connection& c)
        : m_connection(c)
    {
        m_connection.execPrepared("SET work_mem = '32MB'");
    }
    ~WorkMem()
    {
        try {
            m_connection.execPrepared("RESET work_mem");
        } catch (const sp::db::DbError&) {
            // The transaction failed; its rollback undoes the SET.
        }
    }

private:
    sp::db::Connection& m_connection;
};

int toInt(const Result& r, int row, int col)
{
    return r.isNull(row, col) ? 0 : r.toInt(row, col);
}

} // namespace

QList<Location> StockCatalog::locations()
{
    const Result r = m_connection.execPrepared(
        "SELECT id, code, name, kind FROM locations ORDER BY sort_order, code");
    QList<Location> out;
    out.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.toInt(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    return out;
}

QStringList StockCatalog::categories()
{
    // A loose index scan: one probe of products_category_idx per category instead of reading
    // every product.
    const Result r = m_connection.execPrepared(
        "WITH RECURSIVE c (category) AS ("
        "  (SELECT category FROM products ORDER BY category LIMIT 1)"
        "  UNION ALL"
        "  SELECT (SELECT p.category FROM products p WHERE p.category > c.category"
        "          ORDER BY p.category LIMIT 1)"
        "  FROM c WHERE c.category IS NOT NULL)"
        "SELECT category FROM c WHERE category IS NOT NULL");
    QStringList out;
    out.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        out.append(r.text(i, 0));
    return out;
}

qint64 StockCatalog::count(const StockQuery& query)
{
    QuerySql sql = buildWhere(query);
    return m_connection.exec("SELECT count(*) FROM products p " + sql.where, sql.params)
        .toLongLong(0, 0);
}

QList<int> StockCatalog::productIds(const StockQuery& query)
{
    QuerySql sql = buildWhere(query);
    buildOrder(query, sql);
    WorkMem workMem(m_connection);
    const Result r = m_connection.exec("SELECT p.id FROM products p" + sql.joins + ' ' + sql.where +
                                           ' ' + sql.orderBy,
                                       sql.params);
    QList<int> ids;
    ids.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        ids.append(r.toInt(i, 0));
    return ids;
}

QList<StockRow> StockCatalog::page(const StockQuery& query, int offset, int limit)
{
    QuerySql sql = buildWhere(query);
    buildOrder(query, sql);
    QByteArray text =
        "SELECT p.id FROM products p" + sql.joins + ' ' + sql.where + ' ' + sql.orderBy;
    text += " OFFSET " + sql.next(qMax(0, offset));
    text += " LIMIT " + sql.next(qMax(0, limit));
    QList<int> ids;
    {
        WorkMem workMem(m_connection);
        const Result r = m_connection.exec(text, sql.params);
        ids.reserve(r.rows());
        for (int i = 0; i < r.rows(); ++i)
            ids.append(r.toInt(i, 0));
    }
    return rows(ids);
}

QList<StockRow> StockCatalog::rows(const QList<int>& productIds)
{
    if (productIds.isEmpty())
        return {};
    const Result r = m_connection.execPrepared(
        "SELECT p.id, p.sku, p.name, p.category, s.location_id, s.on_hand, s.reserved, "
        "       s.committed, s.incoming, s.quarantine, s.damaged, s.available, s.reorder_point "
        "FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id "
        "WHERE p.id = ANY($1::int[]) ORDER BY p.id, s.location_id",
        {productIds});
    QHash<int, StockRow> byId;
    byId.reserve(productIds.size());
    StockRow* current = nullptr;
    for (int i = 0; i < r.rows(); ++i) {
        const int id = r.toInt(i, 0);
        if (!current || current->productId != id) {
            StockRow row;
            row.productId = id;
            row.sku = r.text(i, 1);
            row.name = r.text(i, 2);
            row.category = r.text(i, 3);
            current = &byId.insert(id, std::move(row)).value();
        }
        if (r.isNull(i, 4))
            continue; // carried nowhere
        StockLevel l;
        l.locationId = r.toInt(i, 4);
        l.onHand = r.toInt(i, 5);
        l.reserved = r.toInt(i, 6);
        l.committed = r.toInt(i, 7);
        l.incoming = r.toInt(i, 8);
        l.quarantine = r.toInt(i, 9);
        l.damaged = r.toInt(i, 10);
        l.available = r.toInt(i, 11);
        l.reorderPoint = r.toInt(i, 12);
        current->levels.append(l);
    }
    QList<StockRow> out;
    out.reserve(byId.size());
    for (const int id : productIds) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd())
            out.append(*it);
    }
    return out;
}

int StockCatalog::productId(const QString& sku)
{
    const Result r = m_connection.execPrepared("SELECT id FROM products WHERE sku = $1", {sku});
    return r.rows() ? r.toInt(0, 0) : 0;
}

QString StockCatalog::skuForGtin(const QString& gtin)
{
    // The products_gtin_key index: its expression and its predicate. lpad cuts longer text
    // down to 14 characters, so that is no GTIN.
    const Result r = m_connection.execPrepared(
        "SELECT coalesce((SELECT sku FROM products WHERE gtin IS NOT NULL AND length($1) <= 14"
        "                 AND lpad(gtin, 14, '0') = lpad($1, 14, '0')),"
        "                (SELECT sku FROM products WHERE sku = $1), '')",
        {gtin});
    return r.text(0, 0);
}

std::optional<StockDetail> StockCatalog::detail(const QString& sku)
{
    const Result r = m_connection.execPrepared(
        "SELECT p.id, p.sku, p.name, p.category, l.id, l.code, l.name, l.kind, "
        "       s.location_id IS NOT NULL, s.on_hand, s.reserved, s.committed, s.incoming, "
        "       s.quarantine, s.damaged, s.available, s.reorder_point "
        "FROM products p CROSS JOIN locations l "
        "LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id "
        "WHERE p.sku = $1 ORDER BY l.sort_order, l.code",
        {sku});
    if (r.rows() == 0) {
        // No such SKU, or no locations yet.
        const int id = productId(sku);
        if (id == 0)
            return std::nullopt;
        const Result p = m_connection.execPrepared(
            "SELECT sku, name, category FROM products WHERE id = $1", {id});
        return StockDetail{id, p.text(0, 0), p.text(0, 1), p.text(0, 2), {}};
    }
    StockDetail d;
    d.productId = r.toInt(0, 0);
    d.sku = r.text(0, 1);
    d.name = r.text(0, 2);
    d.category = r.text(0, 3);
    for (int i = 0; i < r.rows(); ++i) {
        LocationStock ls;
        ls.location = {r.toInt(i, 4), r.text(i, 5), r.text(i, 6), r.text(i, 7)};
        ls.stocked = r.toBool(i, 8);
        ls.level.locationId = ls.location.id;
        ls.level.onHand = toInt(r, i, 9);
        ls.level.reserved = toInt(r, i, 10);
        ls.level.committed = toInt(r, i, 11);
        ls.level.incoming = toInt(r, i, 12);
        ls.level.quarantine = toInt(r, i, 13);
        ls.level.damaged = toInt(r, i, 14);
        ls.level.available = toInt(r, i, 15);
        ls.level.reorderPoint = toInt(r, i, 16);
        d.locations.append(ls);
    }
    return d;
}

namespace {
constexpr auto LedgerColumns =
    "SELECT m.id, (extract(epoch FROM m.at) * 1000)::bigint, l.code, m.reason, m.d_on_hand, "
    "       m.d_reserved, m.d_committed, m.d_incoming, m.d_quarantine, m.d_damaged, "
    "       coalesce(m.ref_type, ''), coalesce(m.ref_id, ''), coalesce(m.note, ''), m.actor "
    "FROM stock_movements m JOIN locations l ON l.id = m.location_id ";
} // namespace

namespace {

int locationIdOf(const QList<Location>& locations, const QString& code)
{
    for (const Location& l : locations) {
        if (l.code == code)
            return l.id;
    }
    return 0;
}

} // namespace

QFuture<StockListing> listStock(sp::db::Database& db, const StockListingRequest& request)
{
    return db.run([request](sp::db::Connection& c) {
        StockCatalog catalog(c);
        StockListing listing;
        listing.locations = catalog.locations();
        if (request.withCategories)
            listing.categories = catalog.categories();
        StockQuery q = request.query;
        q.sortLocationId = locationIdOf(listing.locations, request.sortLocationCode);
        q.locationId = 0;
        if (!request.locationCode.isEmpty()) {
            q.locationId = locationIdOf(listing.locations, request.locationCode);
            if (q.locationId == 0)
                return listing;
        }
        if (request.firstPageOnly) {
            listing.firstPage = catalog.page(q, 0, request.pageSize);
            for (const StockRow& row : std::as_const(listing.firstPage))
                listing.ids.append(row.productId);
        } else {
            listing.ids = catalog.productIds(q);
            listing.firstPage = catalog.rows(listing.ids.mid(0, request.pageSize));
        }
        return listing;
    });
}

QFuture<QList<StockRow>> stockRows(sp::db::Database& db, const QList<int>& productIds)
{
    return db.run([productIds](sp::db::Connection& c) { return StockCatalog(c).rows(productIds); });
}

QFuture<std::optional<StockDetail>> stockDetail(sp::db::Database& db, const QString& sku)
{
    return db.run([sku](sp::db::Connection& c) { return StockCatalog(c).detail(sku); });
}

QFuture<QList<StockDetail>> stockDetails(sp::db::Database& db, const QStringList& skus)
{
    return db.run([skus](sp::db::Connection& c) {
        StockCatalog catalog(c);
        QList<StockDetail> details;
        for (const QString& sku : skus) {
            if (std::optional<StockDetail> detail = catalog.detail(sku))
                details.append(std::move(*detail));
        }
        return details;
    });
}

QFuture<LedgerPage> ledgerPage(sp::db::Database& db, const QString& sku, int limit)
{
    return db.run([sku, limit](sp::db::Connection& c) {
        StockCatalog catalog(c);
        LedgerPage page;
        page.productId = catalog.productId(sku);
        if (page.productId != 0)
            page.entries = catalog.ledger(page.productId, 0, limit);
        return page;
    });
}

QFuture<QList<LedgerEntry>> olderLedger(sp::db::Database& db, int productId, qint64 beforeId,
                                        int limit)
{
    return db.run(
        [=](sp::db::Connection& c) { return StockCatalog(c).ledger(productId, beforeId, limit); });
}

QFuture<QList<LedgerEntry>> newerLedger(sp::db::Database& db, int productId, qint64 afterId)
{
    return db.run(
        [=](sp::db::Connection& c) { return StockCatalog(c).ledgerAfter(productId, afterId); });
}

QList<LedgerEntry> StockCatalog::readLedger(const Result& r)
{
    QList<LedgerEntry> out;
    out.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        LedgerEntry e;
        e.id = r.toLongLong(i, 0);
        e.at = QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC);
        e.locationCode = r.text(i, 2);
        e.reason = r.text(i, 3);
        e.dOnHand = r.toInt(i, 4);
        e.dReserved = r.toInt(i, 5);
        e.dCommitted = r.toInt(i, 6);
        e.dIncoming = r.toInt(i, 7);
        e.dQuarantine = r.toInt(i, 8);
        e.dDamaged = r.toInt(i, 9);
        e.refType = r.text(i, 10);
        e.refId = r.text(i, 11);
        e.note = r.text(i, 12);
        e.actor = r.text(i, 13);
        out.append(std::move(e));
    }
    return out;
}

QList<LedgerEntry> StockCatalog::ledger(int productId, qint64 beforeId, int limit)
{
    static const QByteArray sql = QByteArray(LedgerColumns) +
                                  "WHERE m.product_id = $1 AND m.id < $2 "
                                  "ORDER BY m.id DESC LIMIT $3";
    const qint64 before = beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max();
    return readLedger(m_connection.execPrepared(sql.constData(), {productId, before, limit}));
}

QList<LedgerEntry> StockCatalog::ledgerAfter(int productId, qint64 afterId)
{
    // Oldest first in chunks, so a burst larger than a chunk is not cut in the middle.
    static const QByteArray sql = QByteArray(LedgerColumns) +
                                  "WHERE m.product_id = $1 AND m.id > $2 "
                                  "ORDER BY m.id LIMIT 1000";
    QList<LedgerEntry> out;
    for (;;) {
        const QList<LedgerEntry> chunk =
            readLedger(m_connection.execPrepared(sql.constData(), {productId, afterId}));
        out.append(chunk);
        if (chunk.size() < 1000)
            break;
        afterId = chunk.last().id;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

QFuture<QList<Location>> locations(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return StockCatalog(c).locations(); });
}

QFuture<QString> skuForGtin(sp::db::Database& db, const QString& gtin)
{
    return db.run([gtin](sp::db::Connection& c) { return StockCatalog(c).skuForGtin(gtin); });
}

} // namespace sp::inventory
