#include "eventlogmodel.h"

#include <QJsonDocument>
#include <QLocale>

namespace sp::models {

EventLogModel::EventLogModel(sp::db::Database* db, int pageSize, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_pageSize(pageSize)
{}

QStringList EventLogModel::knownTypes()
{
    return {QStringLiteral("InventoryUpdate"),          QStringLiteral("CartUpdate"),
            QStringLiteral("InventoryActionSuggested"), QStringLiteral("PriceAdjustmentSuggested"),
            QStringLiteral("FulfillmentSuggested"),     QStringLiteral("HumanReviewRequired"),
            QStringLiteral("HumanResponseReceived"),    QStringLiteral("ActionExecuted"),
            QStringLiteral("SuggestionSuperseded"),     QStringLiteral("PriceChanged"),
            QStringLiteral("JobRunFinished"),           QStringLiteral("WebhookDeadLettered")};
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
    return !parent.isValid() && !m_atEnd && !m_loading && !m_rows.isEmpty();
}

void EventLogModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        load(m_rows.last().id, false);
}

QList<EventLogModel::Row> EventLogModel::query(sp::db::Connection& c, const EventFilter& f,
                                               qint64 beforeId, const QList<qint64>& ids, int limit)
{
    auto when = [](const QDateTime& t) {
        return t.isValid() ? sp::db::Param(t.toUTC().toString(Qt::ISODateWithMs)) : sp::db::Param();
    };
    const sp::db::Result r = c.exec(
        "SELECT e.id, (extract(epoch FROM e.at) * 1000)::bigint, e.type, coalesce(p.sku, ''), "
        "       coalesce(l.code, ''), e.actor, e.payload "
        "FROM events e "
        "LEFT JOIN products p ON p.id = e.product_id "
        "LEFT JOIN locations l ON l.id = e.location_id "
        "WHERE ($1::text[] IS NULL OR e.type = ANY ($1)) "
        "  AND ($2::text IS NULL OR e.product_id = (SELECT id FROM products WHERE sku = $2)) "
        "  AND ($3::timestamptz IS NULL OR e.at >= $3) "
        "  AND ($4::timestamptz IS NULL OR e.at < $4) "
        "  AND ($5::bigint IS NULL OR e.id < $5) "
        "  AND ($6::bigint[] IS NULL OR e.id = ANY ($6)) "
        "ORDER BY e.id DESC LIMIT $7",
        QList<sp::db::Param>{f.types.isEmpty() ? sp::db::Param() : sp::db::Param(f.types),
                             f.sku.isEmpty() ? sp::db::Param() : sp::db::Param(f.sku), when(f.from),
                             when(f.to), beforeId > 0 ? sp::db::Param(beforeId) : sp::db::Param(),
                             ids.isEmpty() ? sp::db::Param() : sp::db::Param(ids), limit});
    QList<Row> rows;
    rows.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        rows.append({r.toLongLong(i, 0),
                     QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC), r.text(i, 2),
                     r.text(i, 3), r.text(i, 4), r.text(i, 5),
                     QJsonDocument::fromJson(r.bytes(i, 6)).object()});
    }
    return rows;
}

void EventLogModel::load(qint64 beforeId, bool reset)
{
    const quint64 generation = reset ? ++m_generation : m_generation;
    m_loading = true;
    emit loadingChanged(true);
    const EventFilter f = m_filter;
    const int limit = m_pageSize;
    m_db->run([f, beforeId, limit](sp::db::Connection& c) {
            return query(c, f, beforeId, {}, limit);
        })
        .then(this,
              [this, generation, reset, limit](const QList<Row>& rows) {
                  if (generation != m_generation)
                      return;
                  // Still "loading" while the rows go in: a view asking for more from inside
                  // the insertion would otherwise load the same page twice.
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
                  m_loading = false;
                  emit loadingChanged(false);
                  emit loaded(int(rows.size()));
                  if (!m_queued.isEmpty()) {
                      QList<sp::db::Event> again;
                      for (qint64 id : std::as_const(m_queued))
                          again.append(sp::db::Event{id, {}, {}, 0, 0, {}, {}});
                      m_queued.clear();
                      applyEvents(again);
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

void EventLogModel::applyEvents(const QList<sp::db::Event>& events)
{
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
    if (m_loading) {
        m_queued.append(ids);
        return;
    }
    const quint64 generation = m_generation;
    const EventFilter f = m_filter;
    m_db->run([f, ids](sp::db::Connection& c) { return query(c, f, 0, ids, int(ids.size())); })
        .then(this,
              [this, generation](QList<Row> rows) {
                  if (generation != m_generation)
                      return;
                  // Keep newest first and never show a row twice.
                  const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
                  rows.erase(std::remove_if(rows.begin(), rows.end(),
                                            [top](const Row& r) { return r.id <= top; }),
                             rows.end());
                  if (rows.isEmpty())
                      return;
                  beginInsertRows({}, 0, int(rows.size()) - 1);
                  m_rows = rows + m_rows;
                  endInsertRows();
              })
        .onFailed(this, [this](const sp::db::DbError& e) { emit errorOccurred(e.message()); });
}

} // namespace sp::models
