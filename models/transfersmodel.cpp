#include "transfersmodel.h"

#include <QDateTime>

#include <algorithm>

namespace sp::models {

using sp::inventory::TransferRow;

namespace {

// A transfer in transit never changes; only its age does, which is computed, not stored.
bool sameTransfer(const TransferRow& a, const TransferRow& b)
{
    return a.id == b.id && a.sku == b.sku && a.from == b.from && a.to == b.to &&
           a.quantity == b.quantity && a.note == b.note && a.createdAt == b.createdAt;
}

// Events after which the list of transfers in transit may differ: one sent, received or lost.
bool affectsTransfers(const sp::db::Event& e)
{
    if (e.type != QLatin1String("InventoryUpdate"))
        return false;
    const QString reason = e.payload.value(QLatin1String("reason")).toString();
    return reason == QLatin1String("transfer_in_transit") ||
           reason == QLatin1String("transfer_receive") || reason == QLatin1String("transfer_lost");
}

} // namespace

TransfersModel::TransfersModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &TransfersModel::errorOccurred);
    // Ages are shown in minutes: twice a minute keeps them right to within half of one.
    m_ageTimer.setInterval(30'000);
    connect(&m_ageTimer, &QTimer::timeout, this, &TransfersModel::tick);
    m_ageTimer.start();
}

int TransfersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TransfersModel::formatAge(qint64 seconds)
{
    const qint64 minutes = qMax<qint64>(0, seconds) / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    if (minutes < 24 * 60)
        return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    return tr("%1 d %2 h").arg(minutes / (24 * 60)).arg((minutes / 60) % 24);
}

qint64 TransfersModel::ageSeconds(const TransferRow& transfer) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch() + m_serverClockOffsetMs;
    return qMax<qint64>(0, (now - transfer.createdAt.toMSecsSinceEpoch()) / 1000);
}

QVariant TransfersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TransferRow& t = m_rows[index.row()];
    switch (role) {
    case TransferIdRole:
        return t.id;
    case AgeSecondsRole:
        return ageSeconds(t);
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == QuantityColumn ||
            index.column() == AgeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == SkuColumn)
            return t.productName;
        if (index.column() == AgeColumn)
            return tr("Sent %1").arg(
                t.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        if (index.column() == NoteColumn)
            return t.note;
        return {};
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    const bool sortValue = role == SortValueRole;
    switch (index.column()) {
    case IdColumn:
        return t.id;
    case SkuColumn:
        return t.sku;
    case FromColumn:
        return t.from;
    case ToColumn:
        return t.to;
    case QuantityColumn:
        return t.quantity;
    case AgeColumn:
        return sortValue ? QVariant(ageSeconds(t)) : QVariant(formatAge(ageSeconds(t)));
    case SentByColumn:
        return t.createdBy;
    case NoteColumn:
        return t.note;
    default:
        return {};
    }
}

QVariant TransfersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Transfer");
    case SkuColumn:
        return tr("SKU");
    case FromColumn:
        return tr("From");
    case ToColumn:
        return tr("To");
    case QuantityColumn:
        return tr("Units");
    case AgeColumn:
        return tr("On the way");
    case SentByColumn:
        return tr("Sent by");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

const TransferRow* TransfersModel::transferAt(int row) const
{
    return rowAt(row);
}

int TransfersModel::rowOfTransfer(qint64 transferId) const
{
    return rowWith(&TransferRow::id, transferId);
}

void TransfersModel::load()
{
    loadRows(sp::inventory::TransfersService::inTransit(*m_db, RowLimit),
             [this](sp::inventory::InTransit result, bool reset) {
                 applyLoad(std::move(result), reset);
             });
}

void TransfersModel::applyLoad(sp::inventory::InTransit result, bool reset)
{
    m_serverClockOffsetMs = result.serverClockOffsetMs;
    if (reset)
        replaceRows(std::move(result.rows));
    else
        // Transfers sent since are newer than every one shown: they go at the end.
        patchRows(std::move(result.rows), &TransferRow::id, sameTransfer, NewRows::Append,
                  [](const TransferRow&) {});
    emit loaded();
}

void TransfersModel::tick()
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn),
                         {Qt::DisplayRole, SortValueRole, AgeSecondsRole});
}

void TransfersModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (std::any_of(events.cbegin(), events.cend(), affectsTransfers))
        refresh();
}

} // namespace sp::models
