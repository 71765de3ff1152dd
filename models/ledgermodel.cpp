#include "ledgermodel.h"

namespace sp::models {

using sp::inventory::LedgerEntry;

LedgerModel::LedgerModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{
    // One request at a time: each continues from what the previous one left in m_entries.
    m_loader.setRefresh([this] { runPending(); });
}

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
    m_loader.refresh();
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
    m_loader.invalidate();
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
    loadFirst();
}

void LedgerModel::runPending()
{
    if (m_productId == 0)
        return;
    if (m_needNewer)
        loadNewer();
    else if (m_needOlder)
        loadOlder();
}

// Each load is still loading while its rows go in: views (and the model tester) call fetchMore
// from the insertion signals, and that request must start from the rows inserted now.

void LedgerModel::loadFirst()
{
    m_loader.reload(sp::inventory::ledgerPage(*m_db, m_sku, PageSize),
                    [this](sp::inventory::LedgerPage page) {
                        const int n = int(page.entries.size());
                        m_productId = page.productId;
                        m_atEnd = n < PageSize;
                        if (n > 0) {
                            beginInsertRows({}, 0, n - 1);
                            m_entries = std::move(page.entries);
                            endInsertRows();
                        }
                        emit loaded();
                    });
}

void LedgerModel::loadOlder()
{
    const qint64 oldest = m_entries.isEmpty() ? 0 : m_entries.last().id;
    m_loader.loadMore(
        sp::inventory::olderLedger(*m_db, m_productId, oldest, PageSize),
        [this](const QList<LedgerEntry>& entries) {
            const int n = int(entries.size());
            m_needOlder = false;
            m_atEnd = n < PageSize;
            if (n > 0) {
                beginInsertRows({}, int(m_entries.size()), int(m_entries.size()) + n - 1);
                m_entries.append(entries);
                endInsertRows();
            }
        },
        [this](const sp::db::DbError& e) {
            m_needOlder = false; // fetchMore may ask again
            m_loader.report(e);
        });
}

void LedgerModel::loadNewer()
{
    m_needNewer = false;
    const qint64 newest = m_entries.isEmpty() ? 0 : m_entries.first().id;
    m_loader.loadMore(sp::inventory::newerLedger(*m_db, m_productId, newest),
                      [this](const QList<LedgerEntry>& entries) {
                          const int n = int(entries.size());
                          if (n > 0) {
                              beginInsertRows({}, 0, n - 1);
                              m_entries = entries + m_entries;
                              endInsertRows();
                          }
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
            m_loader.refresh();
            return;
        }
    }
}

} // namespace sp::models
