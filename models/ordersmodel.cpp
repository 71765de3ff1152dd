#include "ordersmodel.h"

#include <QCoreApplication>
#include <QFont>
#include <QJsonObject>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace sp::models {

using sp::orders::Order;

namespace {

bool sameOrder(const Order& a, const Order& b)
{
    if (a.id != b.id || a.status != b.status || a.lines.size() != b.lines.size() ||
        a.plans.size() != b.plans.size() || a.overrides.size() != b.overrides.size())
        return false;
    for (qsizetype i = 0; i < a.lines.size(); ++i) {
        const auto& x = a.lines[i];
        const auto& y = b.lines[i];
        if (x.lineNo != y.lineNo || x.sku != y.sku || x.location != y.location ||
            x.quantity != y.quantity || x.shipped != y.shipped)
            return false;
    }
    // Plans are written once at checkout and overrides are only ever added.
    return true;
}

bool affectsOrders(const sp::db::Event& e)
{
    if (e.type == QLatin1String("FulfillmentSuggested") ||
        e.type == QLatin1String("OrderShipped") || e.type == QLatin1String("OrderCancelled"))
        return true;
    if (e.type != QLatin1String("InventoryUpdate"))
        return false;
    const QString reason = e.payload.value(QLatin1String("reason")).toString();
    return reason == QLatin1String("checkout") || reason == QLatin1String("hold_confirmed") ||
           reason == QLatin1String("order_source_override");
}

QString linesText(const Order& o)
{
    QStringList parts;
    for (const sp::orders::OrderLine& l : o.lines) {
        if (l.shipped == 0)
            parts.append(QCoreApplication::translate("sp::models::OrdersModel", "%1 × %2 from %3")
                             .arg(l.sku)
                             .arg(l.quantity)
                             .arg(l.location));
        else
            parts.append(QCoreApplication::translate("sp::models::OrdersModel",
                                                     "%1 × %2 from %3 (%4 shipped)")
                             .arg(l.sku)
                             .arg(l.quantity)
                             .arg(l.location)
                             .arg(l.shipped));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

OrdersModel::OrdersModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &OrdersModel::errorOccurred);
}

int OrdersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Order& o = m_rows[index.row()];
    switch (role) {
    case OrderIdRole:
        return o.id;
    case Qt::ToolTipRole:
        if (index.column() == OrderColumn)
            return o.id;
        if (index.column() == LinesColumn)
            return linesText(o);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == OverridesColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case OrderColumn:
        return role == SortValueRole ? o.id : o.id.left(8);
    case CreatedColumn:
        if (role == SortValueRole)
            return o.createdAt.toMSecsSinceEpoch();
        return o.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case StatusColumn:
        return o.status;
    case LinesColumn:
        return linesText(o);
    case OverridesColumn:
        return int(o.overrides.size());
    default:
        return {};
    }
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OrderColumn:
        return tr("Order");
    case CreatedColumn:
        return tr("Created");
    case StatusColumn:
        return tr("Status");
    case LinesColumn:
        return tr("Ships");
    case OverridesColumn:
        return tr("Overrides");
    default:
        return {};
    }
}

const Order* OrdersModel::orderAt(int row) const
{
    return rowAt(row);
}

int OrdersModel::rowOfOrder(const QString& orderId) const
{
    return rowWith(&Order::id, orderId);
}

void OrdersModel::load()
{
    loadRows(sp::orders::OrdersService::recentOrders(*m_db, RowLimit),
             [this](QList<Order> orders, bool reset) { applyLoad(std::move(orders), reset); });
}

void OrdersModel::applyLoad(QList<Order> orders, bool reset)
{
    if (reset)
        replaceRows(std::move(orders));
    else
        // New orders are newer than every order shown: they go on top, newest first.
        patchRows(std::move(orders), &Order::id, sameOrder, NewRows::Prepend,
                  [this](const Order& now) { emit orderChanged(now.id); });
    emit loaded();
}

void OrdersModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (std::any_of(events.cbegin(), events.cend(), affectsOrders))
        refresh();
}

// ---------------------------------------------------------------------------------------------

FulfilmentPlanModel::FulfilmentPlanModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{
    m_loader.setReplay([this](const QList<sp::db::Event>& events) { applyEvents(events); });
}

int FulfilmentPlanModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FulfilmentPlanModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FulfilmentPlanModel::available(const QString& sku, const QString& location) const
{
    return m_available.value(stockKey(sku, location), -1);
}

QVariant FulfilmentPlanModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Shipment& s = m_rows[index.row()];
    switch (role) {
    case RankRole:
        return s.rank;
    case ChosenRole:
        return s.chosen;
    case LocationCodeRole:
        return s.location;
    case Qt::ToolTipRole:
        if (index.column() == LocationColumn)
            return s.locationName;
        if (index.column() == ReasonColumn || index.column() == RankColumn)
            return s.reason;
        return {};
    case Qt::FontRole:
        if (s.chosen) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DistanceColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case RankColumn:
        if (!s.firstOfPlan)
            return QString();
        return s.chosen ? tr("%1 (chosen)").arg(s.rank) : QString::number(s.rank);
    case LocationColumn:
        return s.location;
    case DistanceColumn:
        return tr("%1 km").arg(QLocale().toString(s.distanceKm, 'f', 1));
    case ItemsColumn: {
        QStringList parts;
        for (const auto& [sku, quantity] : s.items)
            parts.append(tr("%1 × %2").arg(sku).arg(quantity));
        return parts.join(QStringLiteral(", "));
    }
    case AvailableColumn: {
        QStringList parts;
        for (const auto& item : s.items) {
            const int units = available(item.first, s.location);
            parts.append(units < 0 ? tr("%1: …").arg(item.first)
                                   : tr("%1: %2").arg(item.first).arg(units));
        }
        return parts.join(QStringLiteral(", "));
    }
    case ReasonColumn:
        return s.firstOfPlan ? s.reason : QString();
    default:
        return {};
    }
}

QVariant FulfilmentPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RankColumn:
        return tr("Rank");
    case LocationColumn:
        return tr("Ships from");
    case DistanceColumn:
        return tr("Distance");
    case ItemsColumn:
        return tr("Units");
    case AvailableColumn:
        return tr("Available now");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

void FulfilmentPlanModel::setOrder(const Order& order)
{
    beginResetModel();
    m_orderId = order.id;
    m_rows.clear();
    m_available.clear();
    QSet<QString> skus;
    for (const sp::orders::FulfilmentPlan& plan : order.plans) {
        bool first = true;
        for (const QJsonValue& value : plan.shipments) {
            const QJsonObject shipment = value.toObject();
            Shipment s;
            s.rank = plan.rank;
            s.chosen = plan.chosen;
            s.firstOfPlan = std::exchange(first, false);
            s.splits = plan.splits;
            s.location = shipment.value(QLatin1String("location")).toString();
            s.locationName = shipment.value(QLatin1String("name")).toString();
            s.distanceKm = shipment.value(QLatin1String("distance_km")).toDouble();
            s.reason = plan.reason;
            for (const QJsonValue& item : shipment.value(QLatin1String("items")).toArray()) {
                const QJsonObject i = item.toObject();
                const QString sku = i.value(QLatin1String("sku")).toString();
                s.items.append({sku, i.value(QLatin1String("quantity")).toInt()});
                skus.insert(sku);
            }
            m_rows.append(s);
        }
    }
    m_skus = QStringList(skus.begin(), skus.end());
    m_skus.sort();
    endResetModel();
    loadStock();
}

void FulfilmentPlanModel::loadStock()
{
    if (m_skus.isEmpty()) {
        m_loader.invalidate();
        return;
    }
    m_loader.reload(
        sp::inventory::stockDetails(*m_db, m_skus),
        [this](const QList<sp::inventory::StockDetail>& details) { applyStock(details); });
}

void FulfilmentPlanModel::applyStock(const QList<sp::inventory::StockDetail>& details)
{
    m_available.clear();
    for (const sp::inventory::StockDetail& detail : details) {
        for (const sp::inventory::LocationStock& l : detail.locations) {
            if (l.stocked)
                m_available.insert(stockKey(detail.sku, l.location.code), l.level.available);
        }
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AvailableColumn), index(int(m_rows.size()) - 1, AvailableColumn),
                         {Qt::DisplayRole});
    emit stockLoaded();
}

void FulfilmentPlanModel::applyEvents(const QList<sp::db::Event>& events)
{
    // Shown at once, and again over the figures being read, which may be older.
    m_loader.holdWhileLoading(events);
    QSet<QString> changedLocations;
    for (const sp::db::Event& e : events) {
        if (e.type != QLatin1String("InventoryUpdate"))
            continue;
        const QString sku = e.payload.value(QLatin1String("sku")).toString();
        if (!m_skus.contains(sku))
            continue;
        const QString location = e.payload.value(QLatin1String("location")).toString();
        const QJsonValue available = e.payload.value(QLatin1String("available"));
        if (location.isEmpty() || !available.isDouble())
            continue;
        m_available.insert(stockKey(sku, location), available.toInt());
        changedLocations.insert(location);
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        if (changedLocations.contains(m_rows[row].location))
            emit dataChanged(index(row, AvailableColumn), index(row, AvailableColumn),
                             {Qt::DisplayRole});
    }
}

} // namespace sp::models
