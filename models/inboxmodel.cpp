#include "inboxmodel.h"

#include <QFont>
#include <QLocale>

#include <algorithm>

namespace sp::models {

using sp::approvals::Suggestion;
using sp::approvals::Suggestions;

InboxModel::InboxModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{}

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
            return s.sku;
        case LocationColumn:
            return s.location.isEmpty() ? tr("All locations") : s.location;
        case ProposalColumn:
            return s.proposalText();
        case ReasonColumn:
            return s.reason;
        case ValueColumn:
            return QLocale().toString(s.value, 'f', 2);
        case AgeColumn:
            return ageText(s.createdAt);
        case PriorityColumn:
            return priorityName(s.priority);
        }
        break;
    case Qt::ToolTipRole:
        return s.reason;
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
        return s.reason;
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
    }
    return {};
}

const Suggestion* InboxModel::suggestionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int InboxModel::rowForId(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

int InboxModel::highPriorityCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Suggestion& s) { return s.priority >= 3; }));
}

bool InboxModel::before(const Suggestion& a, const Suggestion& b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    if (a.createdAt != b.createdAt)
        return a.createdAt < b.createdAt;
    return a.id < b.id;
}

void InboxModel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_loading) {
        m_loading = true;
        emit loadingChanged(true);
    }
    QElapsedTimer timer;
    timer.start();
    m_db->run([](sp::db::Connection& c) { return Suggestions::pending(c); })
        .then(this,
              [this, generation, timer](const QList<Suggestion>& rows) {
                  if (generation != m_generation)
                      return; // a newer reload is on its way
                  beginResetModel();
                  m_rows = rows;
                  std::stable_sort(m_rows.begin(), m_rows.end(), &InboxModel::before);
                  endResetModel();
                  m_loading = false;
                  emit loadingChanged(false);
                  emit loaded(timer.elapsed());
                  if (!m_queued.isEmpty()) {
                      const QList<qint64> ids(m_queued.cbegin(), m_queued.cend());
                      m_queued.clear();
                      fetch(ids);
                  }
              })
        .onFailed(this, [this, generation](const sp::db::DbError& e) {
            if (generation != m_generation)
                return;
            m_loading = false;
            emit loadingChanged(false);
            emit errorOccurred(e.message());
        });
}

void InboxModel::applyEvents(const QList<sp::db::Event>& events)
{
    QList<qint64> ids;
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("InventoryImported") ||
            e.type == QLatin1String("CatalogImported")) {
            reload();
            return;
        }
        const QJsonValue id = e.payload.value(QLatin1String("suggestion_id"));
        if (id.isDouble() && !ids.contains(id.toInteger()))
            ids.append(id.toInteger());
    }
    if (ids.isEmpty())
        return;
    if (m_loading) {
        for (qint64 id : ids)
            m_queued.insert(id);
        return;
    }
    fetch(ids);
}

void InboxModel::fetch(const QList<qint64>& ids)
{
    const quint64 generation = m_generation;
    m_db->run([ids](sp::db::Connection& c) { return Suggestions::byIds(c, ids); })
        .then(this,
              [this, generation, ids](const QList<Suggestion>& changed) {
                  if (generation != m_generation || m_loading) {
                      for (qint64 id : ids)
                          m_queued.insert(id);
                      return;
                  }
                  merge(changed);
              })
        .onFailed(this, [this](const sp::db::DbError& e) { emit errorOccurred(e.message()); });
}

void InboxModel::merge(const QList<Suggestion>& changed)
{
    QList<qint64> arrived;
    for (const Suggestion& s : changed) {
        const int row = rowForId(s.id);
        if (row >= 0 && !s.isPending()) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        } else if (row >= 0) {
            // Refreshed in place; a changed priority may move it.
            QList<Suggestion> without = m_rows;
            without.removeAt(row);
            const int target =
                int(std::lower_bound(without.cbegin(), without.cend(), s, &InboxModel::before) -
                    without.cbegin());
            if (target == row) {
                m_rows[row] = s;
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            } else {
                beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
                m_rows.removeAt(row);
                m_rows.insert(target, s);
                endMoveRows();
                emit dataChanged(index(target, 0), index(target, ColumnCount - 1));
            }
        } else if (s.isPending()) {
            const auto pos =
                std::lower_bound(m_rows.cbegin(), m_rows.cend(), s, &InboxModel::before);
            const int at = int(pos - m_rows.cbegin());
            beginInsertRows({}, at, at);
            m_rows.insert(at, s);
            endInsertRows();
            arrived.append(s.id);
        }
    }
    if (!arrived.isEmpty())
        emit suggestionsArrived(arrived);
}

} // namespace sp::models
