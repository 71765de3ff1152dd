#include "eventlogmodel.h"

#include <QJsonDocument>
#include <QLocale>

namespace sp::models {

EventLogModel::EventLogModel(sp::db::Database* db, int pageSize, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_pageSize(pageSize)
    , m_loader(this)
{
    m_loader.setReplay([this](const QList<sp::db::Event>& events) { applyEvents(events); });
}

QStringList EventLogModel::knownTypes()
{
    return {QStringLiteral("InventoryUpdate"),          QStringLiteral("CartUpdate"),
            QStringLiteral("InventoryActionSuggested"), QStringLiteral("PriceAdjustmentSuggested"),
            QStringLiteral("FulfillmentSuggested"),     QStringLiteral("HumanReviewRequired"),
            QStringLiteral("HumanResponseReceived"),    QStringLiteral("ActionExecuted"),
            QStringLiteral("SuggestionSuperseded"),     QStringLiteral("PriceChanged"),
            QStringLiteral("JobRunFinished"),           QStringLiteral("WebhookDeadLettered"),
            QStringLiteral("MailDeadLettered")};
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SortValueRole:
        switch (index.column()) {
        case TimeColumn:
            return role == SortValueRole
                       ? QVariant(r.id)
                       : QVariant(QLocale().toString(r.at.toLocalTime(), QLocale::ShortFormat));
        case TypeColumn:
            return r.type;
        case SkuColumn:
            return r.sku;
        case LocationColumn:
            return r.location;
        case ActorColumn:
            return r.actor;
        case DetailsColumn:
            return QString::fromUtf8(QJsonDocument(r.payload).toJson(QJsonDocument::Compact));
        }
        break;
    case IdRole:
        return r.id;
    case TypeRole:
        return r.type;
    case PayloadRole:
        return r.payload.toVariantMap();
    case TimeRole:
        return r.at;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Event");
    case SkuColumn:
        return tr("SKU");
    case LocationColumn:
        return tr("Location");
    case ActorColumn:
        return tr("By");
    case DetailsColumn:
        return tr("Details");
    }
    return {};
}

const EventLogModel::Row* EventLogModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void EventLogModel::setFilter(const EventFilter& filter)
{
    m_filter = filter;
    reload();
}

void EventLogModel::reload()
{
    load(0, true);
}

bool EventLogModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loader.isLoading() && !m_rows.isEmpty();
}

void EventLogModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        load(m_rows.last().id, false);
}

void EventLogModel::load(qint64 beforeId, bool reset)
{
    const int limit = m_pageSize;
    auto page = sp::db::eventLog(*m_db, m_filter, beforeId, {}, limit);
    // Still loading while the rows go in: a view asking for more from inside the insertion
    // would otherwise load the same page twice.
    auto apply = [this, reset, limit](const QList<Row>& rows) {
        m_atEnd = rows.size() < limit;
        if (reset) {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        } else if (!rows.isEmpty()) {
            beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
            m_rows.append(rows);
            endInsertRows();
        }
        emit loaded(int(rows.size()));
    };
    if (reset)
        m_loader.reload(page, apply);
    else
        m_loader.loadMore(page, apply);
}

void EventLogModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (m_loader.holdWhileLoading(events))
        return;
    const qint64 newest = m_rows.isEmpty() ? 0 : m_rows.first().id;
    QList<qint64> ids;
    for (const sp::db::Event& e : events) {
        if (e.id <= newest)
            continue;
        if (!e.type.isEmpty() && !m_filter.types.isEmpty() && !m_filter.types.contains(e.type))
            continue;
        ids.append(e.id);
    }
    if (ids.isEmpty())
        return;
    m_loader.fetch(sp::db::eventLog(*m_db, m_filter, 0, ids, int(ids.size())),
                   [this](QList<Row> rows) {
                       // Keep newest first and never show a row twice.
                       const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
                       rows.removeIf([top](const Row& r) { return r.id <= top; });
                       if (rows.isEmpty())
                           return;
                       beginInsertRows({}, 0, int(rows.size()) - 1);
                       m_rows = rows + m_rows;
                       endInsertRows();
                   });
}

} // namespace sp::models
