#include "inboxmodel.h"

#include <QElapsedTimer>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace sp::models {

using sp::approvals::Suggestion;
using sp::approvals::Suggestions;

InboxModel::InboxModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{
    m_loader.setReplay([this](const QList<sp::db::Event>& events) { applyEvents(events); });
}

int InboxModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InboxModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InboxModel::kindName(const QString& kind)
{
    if (kind == QLatin1String("purchase"))
        return tr("Purchase");
    if (kind == QLatin1String("restock"))
        return tr("Restock");
    if (kind == QLatin1String("transfer"))
        return tr("Transfer");
    if (kind == QLatin1String("markdown"))
        return tr("Markdown");
    if (kind == QLatin1String("audit"))
        return tr("Ledger audit");
    return kind;
}

QString InboxModel::priorityName(int priority)
{
    switch (priority) {
    case 3:
        return tr("High");
    case 1:
        return tr("Low");
    default:
        return tr("Normal");
    }
}

QString InboxModel::explanationSourceText(const Suggestion& s)
{
    if (s.explanationSource == QLatin1String("llm"))
        return tr("Worded by the language model from the numbers (checked).");
    if (s.explanationNote.isEmpty())
        return tr("Worded by the template from the numbers.");
    return tr("Worded by the template from the numbers. %1").arg(s.explanationNote);
}

namespace {

QString ageText(const QDateTime& created)
{
    const qint64 s = qMax<qint64>(0, created.secsTo(QDateTime::currentDateTimeUtc()));
    if (s < 60)
        return InboxModel::tr("just now");
    if (s < 3600)
        return InboxModel::tr("%n min", nullptr, int(s / 60));
    if (s < 86400)
        return InboxModel::tr("%n h", nullptr, int(s / 3600));
    return InboxModel::tr("%n d", nullptr, int(s / 86400));
}

} // namespace

QVariant InboxModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Suggestion& s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return kindName(s.kind);
        case SkuColumn:
            // A purchase's SKUs are its lines.
            return s.isPurchase()
                       ? tr("%n SKU(s)", nullptr,
                            int(s.proposal.value(QLatin1String("lines")).toArray().size()))
                       : s.sku;
        case LocationColumn:
            return s.location.isEmpty() ? tr("All locations") : s.location;
        case ProposalColumn:
            return s.proposalText();
        case ReasonColumn:
            return s.reasonText();
        case ValueColumn:
            return QLocale().toString(s.value, 'f', 2);
        case AgeColumn:
            return ageText(s.createdAt);
        case PriorityColumn:
            return priorityName(s.priority);
        case OriginColumn:
            return originText(s);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == OriginColumn && s.isStaffRequest() && !s.requestText().isEmpty())
            return s.requestText();
        return s.reasonText();
    case Qt::TextAlignmentRole:
        if (index.column() == ValueColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::FontRole:
        if (s.priority >= 3 && index.column() == PriorityColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case SortValueRole:
        switch (index.column()) {
        case KindColumn:
            return s.kind;
        case SkuColumn:
            return s.sku;
        case LocationColumn:
            return s.location;
        case ProposalColumn:
            return s.quantity;
        case ReasonColumn:
            return s.reason;
        case ValueColumn:
            return s.value;
        case AgeColumn:
            return s.createdAt;
        case PriorityColumn:
            return s.priority;
        case OriginColumn:
            return s.requestedBy;
        }
        break;
    case IdRole:
        return s.id;
    case KindRole:
        return s.kind;
    case PriorityRole:
        return s.priority;
    case NumbersRole:
        return s.numbers.toVariantMap();
    case ProposalRole:
        return s.proposal.toVariantMap();
    case ReasonRole:
        return s.reasonText();
    case CreatedAtRole:
        return s.createdAt;
    case QuantityRole:
        return s.quantity;
    case SourceRole:
        return s.source;
    case ExplanationRole:
        return s.explanation;
    case ExplanationSourceRole:
        return s.explanationSource;
    case OriginRole:
        return s.origin;
    case RequestedByRole:
        return s.requestedBy;
    case RequestRole:
        return s.request.toVariantMap();
    }
    return {};
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case SkuColumn:
        return tr("SKU");
    case LocationColumn:
        return tr("Location");
    case ProposalColumn:
        return tr("Proposal");
    case ReasonColumn:
        return tr("Reason");
    case ValueColumn:
        return tr("Value");
    case AgeColumn:
        return tr("Age");
    case PriorityColumn:
        return tr("Priority");
    case OriginColumn:
        return tr("Origin");
    }
    return {};
}

QString InboxModel::originText(const Suggestion& s)
{
    return s.isStaffRequest() ? tr("Requested by %1").arg(s.requestedBy) : tr("Agent");
}

const Suggestion* InboxModel::suggestionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int InboxModel::rowForId(qint64 id) const
{
    if (m_rowOfIdDirty) {
        m_rowOfId.clear();
        m_rowOfId.reserve(m_rows.size());
        for (int i = 0; i < m_rows.size(); ++i)
            m_rowOfId.insert(m_rows.at(i).id, i);
        m_rowOfIdDirty = false;
    }
    return m_rowOfId.value(id, -1);
}

int InboxModel::highPriorityCount() const
{
    return m_counts.highPriority;
}

bool InboxModel::before(const Suggestion& a, const Suggestion& b) const
{
    return Suggestions::before(m_query, a, b);
}

int InboxModel::placeFor(const Suggestion& s) const
{
    const auto pos =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), s,
                         [this](const Suggestion& a, const Suggestion& b) { return before(a, b); });
    const int at = int(pos - m_rows.cbegin());
    return at == m_rows.size() && !m_complete ? -1 : at;
}

bool InboxModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_complete && !m_loader.isLoading() && !m_fetching;
}

void InboxModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent) || m_rows.isEmpty())
        return;
    m_fetching = true;
    m_loader.fetch(
        Suggestions::pendingPage(*m_db, m_query, m_rows.last()),
        [this](const QList<Suggestion>& rows) {
            m_fetching = false;
            appendPage(rows);
        },
        [this](const sp::db::DbError& e) {
            m_fetching = false;
            m_loader.report(e);
        });
}

void InboxModel::appendPage(const QList<Suggestion>& rows)
{
    m_complete = rows.size() < m_query.limit;
    QList<Suggestion> fresh;
    fresh.reserve(rows.size());
    for (const Suggestion& s : rows) {
        // A row merged in live while the page was on its way is there already.
        if (rowForId(s.id) < 0)
            fresh.append(s);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_rows.append(fresh);
    m_rowOfIdDirty = true;
    endInsertRows();
}

void InboxModel::sort(int column, Qt::SortOrder order)
{
    using sp::approvals::InboxOrder;
    InboxOrder key = InboxOrder::Urgency;
    switch (column) {
    case KindColumn:
        key = InboxOrder::Kind;
        break;
    case SkuColumn:
        key = InboxOrder::Sku;
        break;
    case LocationColumn:
        key = InboxOrder::Location;
        break;
    case ProposalColumn:
        key = InboxOrder::Quantity;
        break;
    case ReasonColumn:
        key = InboxOrder::Reason;
        break;
    case ValueColumn:
        key = InboxOrder::Value;
        break;
    case AgeColumn:
        // Youngest first when ascending, as the column reads.
        key = InboxOrder::Created;
        order = order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
        break;
    case PriorityColumn:
        key = InboxOrder::Priority;
        break;
    case OriginColumn:
        key = InboxOrder::Origin;
        break;
    default:
        break;
    }
    const bool descending = key != InboxOrder::Urgency && order == Qt::DescendingOrder;
    if (key == m_query.order && descending == m_query.descending)
        return;
    m_query.order = key;
    m_query.descending = descending;
    reload();
}

void InboxModel::setCounts(const sp::approvals::PendingCounts& counts)
{
    if (counts.total == m_counts.total && counts.highPriority == m_counts.highPriority)
        return;
    m_counts = counts;
    emit countsChanged(counts.total, counts.highPriority);
}

void InboxModel::reload()
{
    // A reload or another order takes over from a page on its way.
    m_fetching = false;
    QElapsedTimer timer;
    timer.start();
    m_loader.reload(Suggestions::firstPendingPage(*m_db, m_query),
                    [this, timer](const sp::approvals::SuggestionsAndCounts& first) {
                        beginResetModel();
                        m_rows = first.rows;
                        m_rowOfIdDirty = true;
                        m_complete = first.rows.size() < m_query.limit;
                        endResetModel();
                        setCounts(first.counts);
                        emit loaded(timer.elapsed());
                    });
}

void InboxModel::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("InventoryImported") ||
            e.type == QLatin1String("CatalogImported")) {
            reload();
            return;
        }
    }
    if (m_loader.holdWhileLoading(events))
        return;
    QList<qint64> ids;
    for (const sp::db::Event& e : events) {
        const QJsonValue id = e.payload.value(QLatin1String("suggestion_id"));
        if (id.isDouble() && !ids.contains(id.toInteger()))
            ids.append(id.toInteger());
    }
    if (ids.isEmpty())
        return;
    // A reload started meanwhile reads these changes itself: the loader drops this answer.
    m_loader.fetch(Suggestions::byIdsWithCounts(*m_db, ids),
                   [this](const sp::approvals::SuggestionsAndCounts& changed) {
                       merge(changed.rows);
                       setCounts(changed.counts);
                   });
}

void InboxModel::merge(const QList<Suggestion>& changed)
{
    QList<qint64> arrived;
    for (const Suggestion& s : changed) {
        const int row = rowForId(s.id);
        if (row >= 0 && !s.isPending()) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            m_rowOfIdDirty = true;
            endRemoveRows();
        } else if (row >= 0) {
            // Refreshed in place; a changed key may move it, or past the loaded rows (then
            // its page brings it back).
            Suggestion old = m_rows.takeAt(row);
            int target = placeFor(s);
            // The last loaded row sorted before every row not loaded yet; so does its new
            // version unless its key moved on.
            if (target < 0 && row == m_rows.size() && !before(old, s))
                target = row;
            m_rows.insert(row, std::move(old));
            if (target < 0) {
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                m_rowOfIdDirty = true;
                endRemoveRows();
            } else if (target == row) {
                m_rows[row] = s;
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            } else {
                beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
                m_rows.removeAt(row);
                m_rows.insert(target, s);
                m_rowOfIdDirty = true;
                endMoveRows();
                emit dataChanged(index(target, 0), index(target, ColumnCount - 1));
            }
        } else if (s.isPending()) {
            const int at = placeFor(s);
            if (at < 0)
                continue; // past the loaded rows: its page brings it
            beginInsertRows({}, at, at);
            m_rows.insert(at, s);
            m_rowOfIdDirty = true;
            endInsertRows();
            arrived.append(s.id);
        }
    }
    if (!arrived.isEmpty())
        emit suggestionsArrived(arrived);
}

} // namespace sp::models
