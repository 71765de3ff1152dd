#include "purchaseordersmodel.h"

#include <QLocale>

#include <algorithm>

namespace sp::models {

using sp::purchasing::PurchaseOrder;
using sp::purchasing::PurchaseOrderLine;

namespace {

bool sameOrder(const PurchaseOrder& a, const PurchaseOrder& b)
{
    if (a.id != b.id || a.status != b.status || a.supplier != b.supplier ||
        a.lines.size() != b.lines.size())
        return false;
    for (qsizetype i = 0; i < a.lines.size(); ++i) {
        const PurchaseOrderLine& x = a.lines[i];
        const PurchaseOrderLine& y = b.lines[i];
        if (x.sku != y.sku || x.quantity != y.quantity || x.received != y.received)
            return false;
    }
    return true;
}

bool affectsPurchaseOrders(const sp::db::Event& e)
{
    return e.type == QLatin1String("PurchaseOrderCreated") ||
           e.type == QLatin1String("PurchaseOrderReceived") ||
           e.type == QLatin1String("PurchaseOrderClosed");
}

} // namespace

PurchaseOrdersModel::PurchaseOrdersModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &PurchaseOrdersModel::errorOccurred);
}

int PurchaseOrdersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PurchaseOrdersModel::statusText(const QString& status)
{
    if (status == QLatin1String("open"))
        return tr("open");
    if (status == QLatin1String("partially_received"))
        return tr("partly received");
    if (status == QLatin1String("received"))
        return tr("received");
    if (status == QLatin1String("closed"))
        return tr("closed");
    return status;
}

QVariant PurchaseOrdersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PurchaseOrder& po = m_rows[index.row()];
    int units = 0;
    int received = 0;
    for (const PurchaseOrderLine& l : po.lines) {
        units += l.quantity;
        received += l.received;
    }
    switch (role) {
    case PurchaseOrderIdRole:
        return po.id;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && po.status == QLatin1String("closed"))
            return tr("Closed by %1: %2").arg(po.closedBy, po.closeReason);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == ReceivedColumn ||
            index.column() == TotalColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortValueRole;
    switch (index.column()) {
    case IdColumn:
        return sort ? QVariant(po.id) : QVariant(QString::number(po.id));
    case CreatedColumn:
        if (sort)
            return po.createdAt.toMSecsSinceEpoch();
        return po.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case SupplierColumn:
        return po.supplier.isEmpty() ? tr("(no supplier)") : po.supplier;
    case LocationColumn:
        return po.location;
    case StatusColumn:
        return sort ? po.status : statusText(po.status);
    case ReceivedColumn:
        if (sort)
            return units > 0 ? double(received) / units : 0.0;
        return tr("%1 of %2").arg(QLocale().toString(received), QLocale().toString(units));
    case TotalColumn:
        return sort ? QVariant(po.total()) : QVariant(QLocale().toString(po.total(), 'f', 2));
    default:
        return {};
    }
}

QVariant PurchaseOrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("No.");
    case CreatedColumn:
        return tr("Created");
    case SupplierColumn:
        return tr("Supplier");
    case LocationColumn:
        return tr("Deliver to");
    case StatusColumn:
        return tr("Status");
    case ReceivedColumn:
        return tr("Units received");
    case TotalColumn:
        return tr("Total cost");
    default:
        return {};
    }
}

int PurchaseOrdersModel::rowOfOrder(qint64 id) const
{
    return rowWith(&PurchaseOrder::id, id);
}

void PurchaseOrdersModel::load()
{
    loadRows(sp::purchasing::PurchaseOrders::list(*m_db, RowLimit),
             [this](QList<PurchaseOrder> orders, bool reset) {
                 if (reset)
                     replaceRows(std::move(orders));
                 else
                     // New orders are newer than every order shown: they go on top.
                     patchRows(std::move(orders), &PurchaseOrder::id, sameOrder, NewRows::Prepend,
                               [this](const PurchaseOrder& now) { emit orderChanged(now.id); });
                 emit loaded();
             });
}

void PurchaseOrdersModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (std::any_of(events.cbegin(), events.cend(), affectsPurchaseOrders))
        refresh();
}

} // namespace sp::models
