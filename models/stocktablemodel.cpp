#include "stocktablemodel.h"

#include <QBrush>
#include <QColor>
#include <QTimer>

namespace sp::models {

using sp::inventory::StockLevel;
using sp::inventory::StockQuery;
using sp::inventory::StockRow;
using sp::inventory::StockStatus;

namespace {

// At most this many page loads at once, and this many pages remembered as wanted: when a
// person drags the scroll bar across the table, only where it stops matters.
constexpr int MaxPagesInFlight = 2;
constexpr int MaxWantedPages = 8;

QColor statusBackground(StockStatus s)
{
    switch (s) {
    case StockStatus::Out:
        return QColor(0xf8, 0xd7, 0xda);
    case StockStatus::Low:
        return QColor(0xff, 0xf3, 0xcd);
    case StockStatus::Ok:
        break;
    }
    return {};
}

QColor statusForeground(StockStatus s)
{
    switch (s) {
    case StockStatus::Out:
        return QColor(0x84, 0x20, 0x29);
    case StockStatus::Low:
        return QColor(0x85, 0x64, 0x04);
    case StockStatus::Ok:
        break;
    }
    return {};
}

StockStatus totalStatus(const StockRow& row)
{
    const int total = row.totalAvailable();
    if (total <= 0)
        return StockStatus::Out;
    if (total < row.totalReorderPoint())
        return StockStatus::Low;
    return StockStatus::Ok;
}

StockQuery::Status toQueryStatus(StockFilter::Status s)
{
    switch (s) {
    case StockFilter::Status::Low:
        return StockQuery::Status::Low;
    case StockFilter::Status::Out:
        return StockQuery::Status::Out;
    case StockFilter::Status::Any:
        break;
    }
    return StockQuery::Status::Any;
}

QSet<int> productsOf(const QList<sp::db::Event>& events)
{
    QSet<int> products;
    for (const sp::db::Event& e : events) {
        if (e.productId > 0)
            products.insert(e.productId);
    }
    return products;
}

} // namespace

StockTableModel::StockTableModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_fetchTimer(new QTimer(this))
    , m_loader(this)
{
    // Changes committed while the query ran may be missing from what it read.
    m_loader.setReplay([this](const QList<sp::db::Event>& events) { applyEvents(events); });
    // Page requests made while a view paints are collected and sent once it is done.
    m_fetchTimer->setSingleShot(true);
    m_fetchTimer->setInterval(0);
    connect(m_fetchTimer, &QTimer::timeout, this, &StockTableModel::fetchWanted);
}

StockTableModel::~StockTableModel() = default;

int StockTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int StockTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : totalColumn() + 1;
}

const Location* StockTableModel::locationAt(int column) const
{
    const int i = column - FirstLocationColumn;
    return i >= 0 && i < m_visible.size() ? &m_visible[i] : nullptr;
}

int StockTableModel::locationColumn(const QString& code) const
{
    for (qsizetype i = 0; i < m_visible.size(); ++i) {
        if (m_visible[i].code == code)
            return FirstLocationColumn + int(i);
    }
    return -1;
}

QString StockTableModel::locationCodeForColumn(int column) const
{
    const Location* l = locationAt(column);
    return l ? l->code : QString();
}

int StockTableModel::productIdAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids[row] : 0;
}

bool StockTableModel::isRowLoaded(int row) const
{
    const auto it = m_pages.constFind(row / PageSize);
    return it != m_pages.cend() && row >= 0 && row % PageSize < it->rows.size();
}

int StockTableModel::rowForSku(const QString& sku) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        const QList<StockRow>& rows = it.value().rows;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (rows[i].sku == sku)
                return it.key() * PageSize + int(i);
        }
    }
    return -1;
}

int StockTableModel::sortColumn() const
{
    switch (m_sortKey) {
    case StockQuery::SortKey::Sku:
        return SkuColumn;
    case StockQuery::SortKey::Name:
        return NameColumn;
    case StockQuery::SortKey::Category:
        return CategoryColumn;
    case StockQuery::SortKey::Location:
        return locationColumn(m_sortLocationCode);
    case StockQuery::SortKey::Total:
        return totalColumn();
    }
    return -1;
}

const StockRow* StockTableModel::rowAt(int row) const
{
    const int page = row / PageSize;
    const auto it = m_pages.find(page);
    if (it != m_pages.end() && row % PageSize < it->rows.size()) {
        it->lastUsed = ++m_useTick;
        return &it->rows[row % PageSize];
    }
    if (!m_inFlight.contains(page)) {
        m_wanted.removeOne(page);
        m_wanted.append(page);
        if (!m_fetchTimer->isActive())
            m_fetchTimer->start();
    }
    return nullptr;
}

QVariant StockTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    if (role == ProductIdRole)
        return productIdAt(index.row());
    if (role == Qt::TextAlignmentRole) {
        return column >= FirstLocationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    const Location* location = locationAt(column);
    if (role == LocationCodeRole)
        return location ? QVariant(location->code) : QVariant();

    const StockRow* row = rowAt(index.row());
    if (!row) {
        if (role == Qt::DisplayRole && column == SkuColumn)
            return tr("…");
        return {};
    }
    if (role == SkuRole)
        return row->sku;

    if (column < FirstLocationColumn) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
        case SortValueRole:
            return column == SkuColumn    ? row->sku
                   : column == NameColumn ? row->name
                                          : row->category;
        default:
            return {};
        }
    }

    if (location) {
        const StockLevel* level = row->level(location->id);
        const StockStatus status = level ? level->status() : StockStatus::Ok;
        switch (role) {
        case Qt::DisplayRole:
            return level ? QVariant(level->available) : QVariant();
        case SortValueRole:
            return level ? level->available : -1;
        case StatusRole:
            return int(status);
        case Qt::BackgroundRole: {
            const QColor c = statusBackground(status);
            return c.isValid() ? QVariant(QBrush(c)) : QVariant();
        }
        case Qt::ForegroundRole: {
            const QColor c = statusForeground(status);
            return c.isValid() ? QVariant(QBrush(c)) : QVariant();
        }
        case Qt::ToolTipRole:
            if (!level)
                return tr("%1 is not carried at %2.").arg(row->sku, location->name);
            return tr("%1 at %2\nAvailable %3 (reorder point %4)\nOn hand %5, reserved %6, "
                      "committed %7\nIncoming %8, quarantine %9, damaged %10")
                .arg(row->sku, location->name)
                .arg(level->available)
                .arg(level->reorderPoint)
                .arg(level->onHand)
                .arg(level->reserved)
                .arg(level->committed)
                .arg(level->incoming)
                .arg(level->quarantine)
                .arg(level->damaged);
        default:
            return {};
        }
    }

    // The Total column: all locations, visible or not.
    const StockStatus status = totalStatus(*row);
    switch (role) {
    case Qt::DisplayRole:
    case SortValueRole:
        return row->totalAvailable();
    case StatusRole:
        return int(status);
    case Qt::ForegroundRole: {
        const QColor c = statusForeground(status);
        return c.isValid() ? QVariant(QBrush(c)) : QVariant();
    }
    case Qt::ToolTipRole:
        return tr("%1 units available at %2 locations")
            .arg(row->totalAvailable())
            .arg(row->levels.size());
    default:
        return {};
    }
}

QVariant StockTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Location* location = locationAt(section);
    if (role == Qt::DisplayRole) {
        if (location)
            return location->code;
        switch (section) {
        case SkuColumn:
            return tr("SKU");
        case NameColumn:
            return tr("Name");
        case CategoryColumn:
            return tr("Category");
        default:
            return tr("Total");
        }
    }
    if (role == Qt::ToolTipRole) {
        if (location)
            return tr("%1 (%2): available units").arg(location->name, location->kind);
        if (section == totalColumn())
            return tr("Available units at all locations");
        return {};
    }
    if (role == LocationCodeRole)
        return location ? QVariant(location->code) : QVariant();
    if (role == Qt::TextAlignmentRole && section >= FirstLocationColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QHash<int, QByteArray> StockTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ProductIdRole, "productId");
    names.insert(SkuRole, "sku");
    names.insert(SortValueRole, "sortValue");
    names.insert(StatusRole, "status");
    names.insert(LocationCodeRole, "locationCode");
    return names;
}

void StockTableModel::reload()
{
    startQuery(true);
}

void StockTableModel::setFilter(const StockFilter& f)
{
    if (f == m_filter)
        return;
    m_filter = f;
    startQuery(false);
}

void StockTableModel::sort(int column, Qt::SortOrder order)
{
    StockQuery::SortKey key = StockQuery::SortKey::Sku;
    QString locationCode;
    if (column == NameColumn) {
        key = StockQuery::SortKey::Name;
    } else if (column == CategoryColumn) {
        key = StockQuery::SortKey::Category;
    } else if (const Location* l = locationAt(column)) {
        key = StockQuery::SortKey::Location;
        locationCode = l->code;
    } else if (column == totalColumn()) {
        key = StockQuery::SortKey::Total;
    } else if (column != SkuColumn) {
        order = Qt::AscendingOrder; // "no sort column": the natural order
    }
    if (key == m_sortKey && locationCode == m_sortLocationCode && order == m_sortOrder)
        return;
    m_sortKey = key;
    m_sortLocationCode = locationCode;
    m_sortOrder = order;
    startQuery(false);
}

void StockTableModel::startQuery(bool withCategories)
{
    m_clock.start();
    m_firstShown = false;
    sp::inventory::StockListingRequest request;
    request.query.text = m_filter.text;
    request.query.category = m_filter.category;
    request.query.status = toQueryStatus(m_filter.status);
    request.query.sortKey = m_sortKey;
    request.query.order = m_sortOrder;
    request.locationCode = m_filter.locationCode;
    request.sortLocationCode = m_sortLocationCode;
    request.withCategories = withCategories || m_categories.isEmpty();
    request.pageSize = PageSize;

    // In index order (SKU, name, category) the first page is a LIMIT away, while the ordered
    // ids of every SKU take a read of them all: show the first page at once and add the other
    // rows when their ids are in. Sorting by figures has no index; there both cost the same.
    const bool indexOrder = m_sortKey == StockQuery::SortKey::Sku ||
                            m_sortKey == StockQuery::SortKey::Name ||
                            m_sortKey == StockQuery::SortKey::Category;
    QFuture<sp::inventory::StockListing> first;
    if (indexOrder) {
        sp::inventory::StockListingRequest firstPage = request;
        firstPage.firstPageOnly = true;
        first = sp::inventory::listStock(*m_db, firstPage);
    }
    m_loader.reload(sp::inventory::listStock(*m_db, request),
                    [this](sp::inventory::StockListing all) { applyQuery(std::move(all), true); });
    if (indexOrder) {
        m_loader.fetch(
            first,
            [this](sp::inventory::StockListing page) {
                if (!m_firstShown && m_loader.isLoading())
                    applyQuery(std::move(page), false);
            },
            [](const sp::db::DbError&) {
                // The full query runs the same SQL and reports the error.
            });
    }
}

void StockTableModel::applyQuery(sp::inventory::StockListing result, bool complete)
{
    const qsizetype shown = m_ids.size();
    const bool keepShown = complete && m_firstShown && result.locations == m_locations &&
                           result.ids.size() >= shown &&
                           std::equal(m_ids.cbegin(), m_ids.cend(), result.ids.cbegin());
    if (keepShown) {
        // The first rows are on screen and still first: append the rest, no reset.
        if (result.ids.size() > shown) {
            beginInsertRows({}, int(shown), int(result.ids.size()) - 1);
            m_ids = std::move(result.ids);
            storePage(0, result.firstPage); // may now hold more rows
            endInsertRows();
        } else if (!result.firstPage.isEmpty()) {
            storePage(0, result.firstPage);
        }
        if (shown > 0)
            emit dataChanged(index(0, 0),
                             index(int(qMin<qsizetype>(shown, PageSize)) - 1, columnCount() - 1));
    } else {
        beginResetModel();
        m_locations = std::move(result.locations);
        m_visible.clear();
        for (const Location& l : std::as_const(m_locations)) {
            if (m_filter.locationCode.isEmpty() || l.code == m_filter.locationCode)
                m_visible.append(l);
        }
        m_ids = std::move(result.ids);
        m_pages.clear();
        m_rowOfProduct.clear();
        m_wanted.clear();
        m_inFlight.clear();
        m_refreshPending.clear();
        m_refreshInFlight = false;
        if (!result.firstPage.isEmpty())
            storePage(0, result.firstPage);
        endResetModel();
    }

    if (result.categories && *result.categories != m_categories) {
        m_categories = std::move(*result.categories);
        emit categoriesChanged();
    }
    // Changes committed while the query ran may be missing from the first page; once the
    // query is complete, the loader replays them.
    if (!complete)
        markForRefresh(productsOf(m_loader.heldEvents()));
    if (!std::exchange(m_firstShown, true))
        emit loaded(m_clock.elapsed());
}

void StockTableModel::fetchWanted()
{
    while (m_inFlight.size() < MaxPagesInFlight && !m_wanted.isEmpty()) {
        const int page = m_wanted.takeLast();
        if (!m_pages.contains(page) && !m_inFlight.contains(page) && page * PageSize < m_ids.size())
            startPageLoad(page);
    }
    if (m_wanted.size() > MaxWantedPages)
        m_wanted.remove(0, m_wanted.size() - MaxWantedPages);
}

void StockTableModel::startPageLoad(int page)
{
    const QList<int> ids = m_ids.mid(qsizetype(page) * PageSize, PageSize);
    m_inFlight.insert(page, {});
    m_loader.fetch(
        sp::inventory::stockRows(*m_db, ids),
        [this, page](const QList<StockRow>& rows) {
            const QSet<int> touched = m_inFlight.take(page);
            storePage(page, rows);
            const int first = page * PageSize;
            const int last = qMin(first + PageSize, int(m_ids.size())) - 1;
            emit dataChanged(index(first, 0), index(last, columnCount() - 1));
            markForRefresh(touched);
            evictPages();
            fetchWanted();
        },
        [this, page](const sp::db::DbError& e) {
            // The rows stay unloaded; the view asks again when it next paints them.
            m_inFlight.remove(page);
            m_loader.report(e);
            fetchWanted();
        });
}

void StockTableModel::storePage(int page, const QList<StockRow>& rows)
{
    const int first = page * PageSize;
    const int count = qMin(PageSize, int(m_ids.size()) - first);
    QHash<int, const StockRow*> byId;
    for (const StockRow& r : rows)
        byId.insert(r.productId, &r);
    Page p;
    p.rows.resize(count);
    for (int i = 0; i < count; ++i) {
        const int id = m_ids[first + i];
        if (const StockRow* r = byId.value(id))
            p.rows[i] = *r;
        else
            p.rows[i].productId = id; // deleted since the query ran
        m_rowOfProduct.insert(id, first + i);
    }
    p.lastUsed = ++m_useTick;
    m_pages.insert(page, std::move(p));
}

void StockTableModel::evictPages()
{
    while (m_pages.size() > MaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it->lastUsed < oldest->lastUsed)
                oldest = it;
        }
        for (const StockRow& r : std::as_const(oldest->rows))
            m_rowOfProduct.remove(r.productId);
        m_pages.erase(oldest);
    }
}

void StockTableModel::applyEvents(const QList<sp::db::Event>& events)
{
    QSet<int> products;
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("InventoryImported") ||
            e.type == QLatin1String("CatalogImported")) {
            reload();
            return;
        }
        if (e.productId > 0)
            products.insert(e.productId);
    }
    if (products.isEmpty())
        return;
    // Refreshed now if cached, and again once the query is complete.
    m_loader.holdWhileLoading(events);
    for (QSet<int>& touched : m_inFlight)
        touched.unite(products);
    markForRefresh(products);
}

void StockTableModel::markForRefresh(const QSet<int>& productIds)
{
    for (const int id : productIds) {
        if (m_rowOfProduct.contains(id))
            m_refreshPending.insert(id);
    }
    startRefresh();
}

void StockTableModel::startRefresh()
{
    // One refresh at a time, so an older read never overwrites a newer one.
    if (m_refreshInFlight || m_refreshPending.isEmpty())
        return;
    const QList<int> ids = m_refreshPending.values();
    m_refreshPending.clear();
    m_refreshInFlight = true;
    m_loader.fetch(
        sp::inventory::stockRows(*m_db, ids),
        [this](const QList<StockRow>& rows) {
            m_refreshInFlight = false;
            applyRefresh(rows);
            startRefresh();
        },
        [this, ids](const sp::db::DbError& e) {
            m_refreshInFlight = false;
            // Try these rows again with the next change.
            for (const int id : ids)
                m_refreshPending.insert(id);
            m_loader.report(e);
        });
}

void StockTableModel::applyRefresh(const QList<StockRow>& rows)
{
    for (const StockRow& fresh : rows) {
        const int row = m_rowOfProduct.value(fresh.productId, -1);
        if (row < 0)
            continue; // evicted meanwhile
        const auto page = m_pages.find(row / PageSize);
        if (page == m_pages.end())
            continue;
        StockRow& cached = page->rows[row % PageSize];
        if (cached == fresh)
            continue;
        int firstColumn = columnCount();
        int lastColumn = -1;
        auto touch = [&](int column) {
            firstColumn = qMin(firstColumn, column);
            lastColumn = qMax(lastColumn, column);
        };
        if (cached.sku != fresh.sku)
            touch(SkuColumn);
        if (cached.name != fresh.name)
            touch(NameColumn);
        if (cached.category != fresh.category)
            touch(CategoryColumn);
        for (qsizetype i = 0; i < m_visible.size(); ++i) {
            const StockLevel* a = cached.level(m_visible[i].id);
            const StockLevel* b = fresh.level(m_visible[i].id);
            if (bool(a) != bool(b) || (a && *a != *b))
                touch(FirstLocationColumn + int(i));
        }
        if (cached.totalAvailable() != fresh.totalAvailable() ||
            cached.totalReorderPoint() != fresh.totalReorderPoint() ||
            cached.levels.size() != fresh.levels.size())
            touch(totalColumn());
        cached = fresh;
        if (lastColumn >= 0)
            emit dataChanged(index(row, firstColumn), index(row, lastColumn));
    }
}

} // namespace sp::models
