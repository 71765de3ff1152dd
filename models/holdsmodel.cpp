#include "holdsmodel.h"

#include "futurewatch.h"

#include <QHash>
#include <QSet>

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
    : QAbstractTableModel(parent)
    , m_db(db)
{
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &HoldsModel::tick);
    m_countdown.start();
    m_refreshDelay.setSingleShot(true);
    m_refreshDelay.setInterval(50);
    connect(&m_refreshDelay, &QTimer::timeout, this, [this] {
        if (m_loading)
            m_refreshAgain = true;
        else
            startLoad();
    });
}

int HoldsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
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
    m_resetPending = true;
    startLoad();
}

void HoldsModel::refresh()
{
    if (!m_refreshDelay.isActive())
        m_refreshDelay.start();
}

void HoldsModel::reload()
{
    m_resetPending = true;
    startLoad();
}

const HoldRow* HoldsModel::holdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int HoldsModel::rowOfHold(const QString& holdId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == holdId)
            return i;
    }
    return -1;
}

void HoldsModel::startLoad()
{
    const quint64 generation = ++m_generation;
    const bool reset = std::exchange(m_resetPending, false);
    m_refreshAgain = false;
    m_loading = true;
    const QString text = m_filterText;
    auto future = m_db->run([text](sp::db::Connection& c) {
        LoadResult result;
        // The countdown runs on this machine's clock; expiry is decided by the server's.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 server =
            c.exec("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
                .toLongLong(0, 0);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        result.serverClockOffsetMs = server - (before + after) / 2;
        if (text.isEmpty()) {
            result.rows = sp::inventory::HoldsService::liveHolds(c, {{}, {}, RowLimit});
            return result;
        }
        // One box for both: a SKU containing the text, or a cart id starting with it.
        result.rows = sp::inventory::HoldsService::liveHolds(c, {text, {}, RowLimit});
        QSet<QString> seen;
        for (const HoldRow& h : std::as_const(result.rows))
            seen.insert(h.id);
        for (const HoldRow& h : sp::inventory::HoldsService::liveHolds(c, {{}, text, RowLimit})) {
            if (!seen.contains(h.id))
                result.rows.append(h);
        }
        std::stable_sort(
            result.rows.begin(), result.rows.end(),
            [](const HoldRow& a, const HoldRow& b) { return a.expiresAt < b.expiresAt; });
        if (result.rows.size() > RowLimit)
            result.rows.resize(RowLimit);
        return result;
    });
    whenFinished(this, future, [this, generation, reset](QFuture<LoadResult> f) {
        if (generation != m_generation)
            return; // an older filter's answer
        m_loading = false;
        try {
            applyLoad(f.result(), reset);
        } catch (const sp::db::DbError& e) {
            if (reset)
                m_resetPending = true; // the next load must still replace the rows
            emit errorOccurred(e.message());
        }
        if (m_refreshAgain)
            startLoad();
    });
}

void HoldsModel::applyLoad(LoadResult result, bool reset)
{
    m_serverClockOffsetMs = result.serverClockOffsetMs;
    // What the server listed may have run out while the answer travelled.
    const qint64 now = serverNowMs();
    result.rows.removeIf(
        [now](const HoldRow& h) { return h.expiresAt.toMSecsSinceEpoch() <= now; });

    if (reset) {
        beginResetModel();
        m_rows = std::move(result.rows);
        endResetModel();
        emit loaded();
        return;
    }

    QHash<QString, qsizetype> fresh;
    for (qsizetype i = 0; i < result.rows.size(); ++i)
        fresh.insert(result.rows[i].id, i);

    // Remove the rows that are gone, a contiguous run at a time, from the end.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
        if (fresh.contains(m_rows[last].id)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !fresh.contains(m_rows[first - 1].id))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }

    // Update the rows that changed in place; rows keep their place until the next reload.
    QSet<QString> known;
    for (int row = 0; row < m_rows.size(); ++row) {
        const HoldRow& now = result.rows[fresh.value(m_rows[row].id)];
        known.insert(now.id);
        if (!sameHold(m_rows[row], now)) {
            m_rows[row] = now;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }

    QList<HoldRow> added;
    for (const HoldRow& h : std::as_const(result.rows)) {
        if (!known.contains(h.id))
            added.append(h);
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
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
    for (const sp::db::Event& e : events) {
        if (affectsHolds(e)) {
            if (!m_refreshDelay.isActive())
                m_refreshDelay.start();
            return;
        }
    }
}

} // namespace sp::models
