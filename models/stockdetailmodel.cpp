#include "stockdetailmodel.h"

#include <QBrush>
#include <QColor>

namespace sp::models {

using sp::inventory::LocationStock;
using sp::inventory::StockDetail;
using sp::inventory::StockStatus;

StockDetailModel::StockDetailModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{
    m_loader.setRefresh([this] { load(); });
}

int StockDetailModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_detail.locations.size());
}

int StockDetailModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StockDetailModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LocationStock& ls = m_detail.locations[index.row()];
    const sp::inventory::StockLevel& l = ls.level;
    const StockStatus status = ls.stocked ? l.status() : StockStatus::Ok;
    switch (role) {
    case LocationCodeRole:
        return ls.location.code;
    case StockedRole:
        return ls.stocked;
    case StatusRole:
        return int(status);
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (index.column() == AvailableColumn && status == StockStatus::Out)
            return QBrush(QColor(0xf8, 0xd7, 0xda));
        if (index.column() == AvailableColumn && status == StockStatus::Low)
            return QBrush(QColor(0xff, 0xf3, 0xcd));
        return {};
    case Qt::ToolTipRole:
        if (!ls.stocked)
            return tr("%1 is not carried at %2.").arg(m_detail.sku, ls.location.name);
        return {};
    case Qt::DisplayRole:
        if (!ls.stocked)
            return {};
        [[fallthrough]];
    case SortValueRole:
        switch (index.column()) {
        case OnHandColumn:
            return l.onHand;
        case ReservedColumn:
            return l.reserved;
        case CommittedColumn:
            return l.committed;
        case IncomingColumn:
            return l.incoming;
        case QuarantineColumn:
            return l.quarantine;
        case DamagedColumn:
            return l.damaged;
        case AvailableColumn:
            return l.available;
        case ReorderPointColumn:
            return l.reorderPoint;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant StockDetailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return {};
        const sp::inventory::Location& l = m_detail.locations[section].location;
        if (role == Qt::DisplayRole)
            return l.name;
        if (role == Qt::ToolTipRole)
            return tr("%1 (%2)").arg(l.code, l.kind);
        if (role == LocationCodeRole)
            return l.code;
        return {};
    }
    if (role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    switch (section) {
    case OnHandColumn:
        return tr("On hand");
    case ReservedColumn:
        return tr("Reserved");
    case CommittedColumn:
        return tr("Committed");
    case IncomingColumn:
        return tr("Incoming");
    case QuarantineColumn:
        return tr("Quarantine");
    case DamagedColumn:
        return tr("Damaged");
    case AvailableColumn:
        return tr("Available");
    case ReorderPointColumn:
        return tr("Reorder point");
    default:
        return {};
    }
}

void StockDetailModel::setSku(const QString& sku)
{
    if (sku == m_sku)
        return;
    m_sku = sku;
    m_loader.invalidate(); // whatever is on its way is for another SKU
    if (!m_detail.locations.isEmpty() || m_detail.productId != 0) {
        beginResetModel();
        m_detail = {};
        endResetModel();
    }
    if (sku.isEmpty()) {
        emit loaded();
        return;
    }
    load();
}

void StockDetailModel::refresh()
{
    if (!m_sku.isEmpty())
        m_loader.refresh();
}

void StockDetailModel::load()
{
    m_loader.reload(sp::inventory::stockDetail(*m_db, m_sku),
                    [this](const std::optional<StockDetail>& d) { apply(d ? *d : StockDetail{}); });
}

void StockDetailModel::apply(const StockDetail& detail)
{
    bool sameRows = detail.locations.size() == m_detail.locations.size() &&
                    detail.productId == m_detail.productId;
    for (qsizetype i = 0; sameRows && i < detail.locations.size(); ++i)
        sameRows = detail.locations[i].location == m_detail.locations[i].location;
    if (!sameRows) {
        beginResetModel();
        m_detail = detail;
        endResetModel();
    } else {
        const StockDetail old = std::exchange(m_detail, detail);
        for (qsizetype i = 0; i < detail.locations.size(); ++i) {
            if (old.locations[i].stocked != detail.locations[i].stocked ||
                old.locations[i].level != detail.locations[i].level)
                emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
    }
    emit loaded();
}

void StockDetailModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (m_sku.isEmpty())
        return;
    for (const sp::db::Event& e : events) {
        // Before the first load is in, the SKU's id is unknown: any stock change may be it.
        const bool unknownYet = m_detail.productId == 0 && m_loader.isLoading() && e.productId > 0;
        if (unknownYet || (m_detail.productId != 0 && e.productId == m_detail.productId) ||
            e.type == QLatin1String("InventoryImported") ||
            e.type == QLatin1String("CatalogImported")) {
            refresh();
            return;
        }
    }
}

} // namespace sp::models
