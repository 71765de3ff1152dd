#include "holdsmodel.h"

#include <QDateTime>

#include <algorithm>

namespace sp::models {

using sp::inventory::HoldRow;

namespace {

bool sameHold(const HoldRow& a, const HoldRow& b)
{
    return a.id == b.id && a.sku == b.sku && a.productName == b.productName &&
           a.location == b.location && a.quantity == b.quantity && a.cartId == b.cartId &&
           a.caller == b.caller && a.createdAt == b.createdAt && a.expiresAt == b.expiresAt;
}

// Events after which the list of live holds may differ: a hold made, resized, released,
// confirmed, expired or extended, and cart changes (touching a cart renews its holds).
bool affectsHolds(const sp::db::Event& e)
{
    if (e.type == QLatin1String("HoldExtended") || e.type == QLatin1String("CartUpdate"))
        return true;
    if (e.type != QLatin1String("InventoryUpdate"))
        return false;
    const QString reason = e.payload.value(QLatin1String("reason")).toString();
    return reason.startsWith(QLatin1String("hold")) || reason == QLatin1String("checkout");
}

} // namespace

HoldsModel::HoldsModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &HoldsModel::errorOccurred);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &HoldsModel::tick);
    m_countdown.start();
}

int HoldsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HoldsModel::formatSecondsLeft(int seconds)
{
    seconds = qMax(0, seconds);
    const int hours = seconds / 3600;
    const QString mmss = QStringLiteral("%1:%2")
                             .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                             .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(mmss) : mmss;
}

qint64 HoldsModel::serverNowMs() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_serverClockOffsetMs;
}

int HoldsModel::secondsLeft(const HoldRow& hold) const
{
    const qint64 ms = hold.expiresAt.toMSecsSinceEpoch() - serverNowMs();
    // Rounded up: a hold with 0.4 s left still shows 00:01 and is removed when it reaches 0.
    return ms <= 0 ? 0 : int((ms + 999) / 1000);
}

QVariant HoldsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HoldRow& h = m_rows[index.row()];
    switch (role) {
    case HoldIdRole:
        return h.id;
    case CartIdRole:
        return h.cartId;
    case SecondsLeftRole:
        return secondsLeft(h);
    case Qt::TextAlignmentRole:
        if (index.column() == QuantityColumn || index.column() == ExpiresInColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == SkuColumn)
            return h.productName;
        if (index.column() == CartColumn)
            return h.cartId.isEmpty() ? h.caller : h.cartId;
        if (index.column() == ExpiresInColumn)
            return h.expiresAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        return {};
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    const bool sortValue = role == SortValueRole;
    switch (index.column()) {
    case SkuColumn:
        return h.sku;
    case LocationColumn:
        return h.location;
    case QuantityColumn:
        return h.quantity;
    case CartColumn:
        if (sortValue)
            return h.cartId;
        // Partner holds have no cart: show who made them (the API key).
        return h.cartId.isEmpty() ? tr("(partner %1)").arg(h.caller) : h.cartId.left(8);
    case ExpiresInColumn:
        return sortValue ? QVariant(h.expiresAt.toMSecsSinceEpoch())
                         : QVariant(formatSecondsLeft(secondsLeft(h)));
    case CreatedColumn:
        if (sortValue)
            return h.createdAt.toMSecsSinceEpoch();
        return h.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    default:
        return {};
    }
}

QVariant HoldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SkuColumn:
        return tr("SKU");
    case LocationColumn:
        return tr("Location");
    case QuantityColumn:
        return tr("Quantity");
    case CartColumn:
        return tr("Cart");
    case ExpiresInColumn:
        return tr("Expires in");
    case CreatedColumn:
        return tr("Created");
    default:
        return {};
    }
}

void HoldsModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    reload();
}

const HoldRow* HoldsModel::holdAt(int row) const
{
    return rowAt(row);
}

int HoldsModel::rowOfHold(const QString& holdId) const
{
    return rowWith(&HoldRow::id, holdId);
}

void HoldsModel::load()
{
    loadRows(sp::inventory::HoldsService::liveHolds(*m_db, m_filterText, RowLimit),
             [this](sp::inventory::LiveHolds result, bool reset) {
                 applyLoad(std::move(result), reset);
             });
}

void HoldsModel::applyLoad(sp::inventory::LiveHolds result, bool reset)
{
    m_serverClockOffsetMs = result.serverClockOffsetMs;
    // What the server listed may have run out while the answer travelled.
    const qint64 now = serverNowMs();
    result.rows.removeIf(
        [now](const HoldRow& h) { return h.expiresAt.toMSecsSinceEpoch() <= now; });
    if (reset)
        replaceRows(std::move(result.rows));
    else
        patchRows(std::move(result.rows), &HoldRow::id, sameHold, NewRows::Append,
                  [](const HoldRow&) {});
    emit loaded();
}

void HoldsModel::tick()
{
    if (m_rows.isEmpty())
        return;
    const qint64 now = serverNowMs();
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows[row].expiresAt.toMSecsSinceEpoch() <= now) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, ExpiresInColumn), index(int(m_rows.size()) - 1, ExpiresInColumn),
                         {Qt::DisplayRole, SecondsLeftRole});
}

void HoldsModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (std::any_of(events.cbegin(), events.cend(), affectsHolds))
        refresh();
}

} // namespace sp::models
