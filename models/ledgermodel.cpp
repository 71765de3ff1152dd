#include "ledgermodel.h"

#include "futurewatch.h"

namespace sp::models {

using sp::inventory::LedgerEntry;
using sp::inventory::StockCatalog;

LedgerModel::LedgerModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{}

int LedgerModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LedgerModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QVariant delta(int value, int role)
{
    if (role != Qt::DisplayRole)
        return value;
    if (value == 0)
        return QString();
    return value > 0 ? QStringLiteral("+%1").arg(value) : QString::number(value);
}

} // namespace

QVariant LedgerModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LedgerEntry& e = m_entries[index.row()];
    if (role == EntryIdRole)
        return e.id;
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() >= OnHandColumn && index.column() <= DamagedColumn;
        return QVariant((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == NoteColumn && !e.note.isEmpty())
        return e.note;
    if (role != Qt::DisplayRole && role != SortValueRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        if (role == SortValueRole)
            return e.at.toMSecsSinceEpoch();
        return e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case LocationColumn:
        return e.locationCode;
    case ReasonColumn:
        return e.reason;
    case OnHandColumn:
        return delta(e.dOnHand, role);
    case ReservedColumn:
        return delta(e.dReserved, role);
    case CommittedColumn:
        return delta(e.dCommitted, role);
    case IncomingColumn:
        return delta(e.dIncoming, role);
    case QuarantineColumn:
        return delta(e.dQuarantine, role);
    case DamagedColumn:
        return delta(e.dDamaged, role);
    case ReferenceColumn:
        return e.refType.isEmpty() ? QString() : e.refType + QLatin1Char(' ') + e.refId;
    case NoteColumn:
        return e.note;
    case ActorColumn:
        return e.actor;
    default:
        return {};
    }
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LocationColumn:
        return tr("Location");
    case ReasonColumn:
        return tr("Reason");
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
    case ReferenceColumn:
        return tr("Reference");
    case NoteColumn:
        return tr("Note");
    case ActorColumn:
        return tr("By");
    default:
        return {};
    }
}

bool LedgerModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_needOlder;
}

void LedgerModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_needOlder = true;
    runPending();
}

void LedgerModel::setSku(const QString& sku)
{
    if (sku == m_sku)
        return;
    m_sku = sku;
    reloadSku();
}

void LedgerModel::reloadSku()
{
    ++m_generation;
    m_busy = false;
    m_needNewer = false;
    m_needOlder = false;
    beginResetModel();
    m_entries.clear();
    m_productId = 0;
    m_atEnd = true;
    endResetModel();
    if (m_sku.isEmpty()) {
        emit loaded();
        return;
    }
    start(Fetch::First);
}

void LedgerModel::runPending()
{
    if (m_busy || m_productId == 0)
        return;
    if (m_needNewer)
        start(Fetch::Newer);
    else if (m_needOlder)
        start(Fetch::Older);
}

void LedgerModel::start(Fetch kind)
{
    // One request at a time: each continues from what the previous one left in m_entries.
    m_busy = true;
    if (kind == Fetch::Newer)
        m_needNewer = false;
    const quint64 generation = m_generation;
    const QString sku = m_sku;
    const int productId = m_productId;
    const qint64 newest = m_entries.isEmpty() ? 0 : m_entries.first().id;
    const qint64 oldest = m_entries.isEmpty() ? 0 : m_entries.last().id;
    auto future = m_db->run([=](sp::db::Connection& c) {
        StockCatalog catalog(c);
        Chunk chunk;
        switch (kind) {
        case Fetch::First:
            chunk.productId = catalog.productId(sku);
            if (chunk.productId != 0)
                chunk.entries = catalog.ledger(chunk.productId, 0, PageSize);
            break;
        case Fetch::Older:
            chunk.productId = productId;
            chunk.entries = catalog.ledger(productId, oldest, PageSize);
            break;
        case Fetch::Newer:
            chunk.productId = productId;
            chunk.entries = catalog.ledgerAfter(productId, newest);
            break;
        }
        return chunk;
    });
    whenFinished(this, future, [this, generation, kind](const QFuture<Chunk>& f) {
        if (generation != m_generation)
            return;
        Chunk chunk;
        try {
            chunk = f.result();
        } catch (const std::exception& e) {
            m_busy = false;
            if (kind == Fetch::Older)
                m_needOlder = false; // fetchMore may ask again
            const auto* db = dynamic_cast<const sp::db::DbError*>(&e);
            emit errorOccurred(db ? db->message() : QString::fromLocal8Bit(e.what()));
            return;
        }
        // Still busy while rows go in: views (and the model tester) call fetchMore from the
        // insertion signals, and that request must start from the rows inserted now.
        const int n = int(chunk.entries.size());
        switch (kind) {
        case Fetch::First:
            m_productId = chunk.productId;
            m_atEnd = n < PageSize;
            if (n > 0) {
                beginInsertRows({}, 0, n - 1);
                m_entries = std::move(chunk.entries);
                endInsertRows();
            }
            break;
        case Fetch::Older:
            m_needOlder = false;
            m_atEnd = n < PageSize;
            if (n > 0) {
                beginInsertRows({}, int(m_entries.size()), int(m_entries.size()) + n - 1);
                m_entries.append(chunk.entries);
                endInsertRows();
            }
            break;
        case Fetch::Newer:
            if (n > 0) {
                beginInsertRows({}, 0, n - 1);
                m_entries = chunk.entries + m_entries;
                endInsertRows();
            }
            break;
        }
        m_busy = false;
        if (kind == Fetch::First)
            emit loaded();
        runPending();
    });
}

void LedgerModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (m_sku.isEmpty())
        return;
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("InventoryImported") ||
            e.type == QLatin1String("CatalogImported")) {
            reloadSku();
            return;
        }
    }
    for (const sp::db::Event& e : events) {
        // Before the first page is in the id is unknown; that page may or may not hold the
        // change, and the newer-than fetch after it picks it up either way.
        if (e.productId > 0 && (e.productId == m_productId || m_productId == 0)) {
            m_needNewer = true;
            runPending();
            return;
        }
    }
}

} // namespace sp::models
