#pragma once

#include "db/eventstream.h"
#include "inventory/stockcatalog.h"
#include "modelloader.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

class QTimer;

namespace sp::db {
class Database;
}

namespace sp::models {

using sp::inventory::Location;

struct StockFilter
{
    QString text;         // contains, on SKU or name (case-insensitive)
    QString category;     // empty = all
    QString locationCode; // empty = all locations; else only that location's column is shown
                          // and the status filter applies to that location
    enum class Status {
        Any,
        Low,
        Out
    } status = Status::Any; // Low: available < reorder_point
                            // (includes Out); Out: available = 0

    bool operator==(const StockFilter&) const = default;
};

// The Stock page: one row per SKU, one column per location (available units), a Total column.
//
// Sized for 125,000 SKUs x 8 locations. A (re)load runs the filter and sort in SQL
// (sp::inventory::listStock) and keeps only the ordered product ids (0.5 MB) plus the first page
// (in SKU, name or category order the first page is shown before the other ids are in, which then
// arrive as inserted rows; isLoading() stays true until they have); further pages of PageSize rows
// are fetched by id when a view asks for them, at most MaxCachedPages stay cached (least recently
// used go first). Every request goes through the ModelLoader, so a late page of an older query is
// dropped. Live changes (applyEvents) refresh only the affected cached rows and emit dataChanged
// for them: no reset, so selection and scroll stay; rows keep their place until the next reload
// even if a change no longer matches the filter or sort.
class StockTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SkuColumn,
        NameColumn,
        CategoryColumn,
        FirstLocationColumn /* then one column per visible location (available units), then a
                               Total column */
    };
    enum Role {
        ProductIdRole = Qt::UserRole + 1,
        SkuRole,
        SortValueRole,
        StatusRole /* int: 0 ok, 1 low, 2 out (location cells) */,
        LocationCodeRole
    };

    static constexpr int PageSize = 200;
    static constexpr int MaxCachedPages = 40;

    explicit StockTableModel(sp::db::Database* db, QObject* parent = nullptr);
    ~StockTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reload(); // locations, categories, count, first page
    void setFilter(const StockFilter& f);
    const StockFilter& filter() const { return m_filter; }
    void sort(int column, Qt::SortOrder order) override; // in SQL
    QStringList categories() const { return m_categories; }
    QList<Location> locations() const { return m_locations; }
    int locationColumn(const QString& code) const;   // -1 when not visible
    QString locationCodeForColumn(int column) const; // empty for non-location columns
    int rowForSku(const QString& sku) const;         // -1 when not loaded
    bool isLoading() const { return m_loader.isLoading(); }

    int totalColumn() const { return FirstLocationColumn + int(m_visible.size()); }
    int sortColumn() const;
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Known for every row, loaded or not.
    int productIdAt(int row) const;
    bool isRowLoaded(int row) const;
    int cachedPageCount() const { return int(m_pages.size()); }

public slots:
    void applyEvents(const QList<sp::db::Event>& events); // refresh just the affected rows

signals:
    void loadingChanged(bool loading);
    void loaded(qint64 elapsedMs); // first page of a (re)load is in
    void errorOccurred(const QString& message);
    void categoriesChanged();

private:
    struct Page
    {
        QList<sp::inventory::StockRow> rows; // aligned with the ids; a vanished SKU has no sku
        quint64 lastUsed = 0;
    };
    void startQuery(bool withCategories);
    void applyQuery(sp::inventory::StockListing result, bool complete);
    const sp::inventory::StockRow* rowAt(int row) const;
    void fetchWanted();
    void startPageLoad(int page);
    void storePage(int page, const QList<sp::inventory::StockRow>& rows);
    void evictPages();
    void markForRefresh(const QSet<int>& productIds);
    void startRefresh();
    void applyRefresh(const QList<sp::inventory::StockRow>& rows);
    const Location* locationAt(int column) const;

    sp::db::Database* m_db;
    StockFilter m_filter;
    sp::inventory::StockQuery::SortKey m_sortKey = sp::inventory::StockQuery::SortKey::Sku;
    QString m_sortLocationCode;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QList<Location> m_locations;
    QList<Location> m_visible;
    QStringList m_categories;
    QList<int> m_ids; // every row's product id, in order

    mutable QHash<int, Page> m_pages; // page index -> rows
    mutable quint64 m_useTick = 0;
    QHash<int, int> m_rowOfProduct; // cached rows only
    mutable QList<int> m_wanted;    // pages asked for, most recent last
    QTimer* m_fetchTimer;
    QHash<int, QSet<int>> m_inFlight; // page -> products changed while it was loading

    QSet<int> m_refreshPending;
    bool m_refreshInFlight = false;

    bool m_firstShown = false; // the current query's first page is in
    QElapsedTimer m_clock;
    // Loading: until every id of the current query is in.
    ModelLoader m_loader;
};

} // namespace sp::models
