#include "deadlettersmodel.h"

#include <QLocale>

namespace sp::models {

using sp::notify::DeadLetter;
using sp::notify::WebhookOutbox;

DeadLettersModel::DeadLettersModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{}

int DeadLettersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeadLettersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLettersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeadLetter& d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return d.id;
        case EndpointColumn:
            return d.endpoint;
        case EventTypeColumn:
            return d.eventType;
        case AttemptsColumn:
            return d.attempts;
        case LastStatusColumn:
            return d.lastStatus > 0 ? QString::number(d.lastStatus) : tr("no answer");
        case LastErrorColumn:
            return d.lastError;
        case CreatedColumn:
            return QLocale().toString(d.createdAt.toLocalTime(), QLocale::ShortFormat);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == EndpointColumn)
            return d.url;
        if (index.column() == LastErrorColumn)
            return d.lastError;
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == AttemptsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case IdRole:
        return d.id;
    }
    return {};
}

QVariant DeadLettersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Item");
    case EndpointColumn:
        return tr("Endpoint");
    case EventTypeColumn:
        return tr("Event");
    case AttemptsColumn:
        return tr("Attempts");
    case LastStatusColumn:
        return tr("Last answer");
    case LastErrorColumn:
        return tr("Last error");
    case CreatedColumn:
        return tr("Queued");
    }
    return {};
}

void DeadLettersModel::reload()
{
    m_loader.reload(WebhookOutbox::deadLetters(*m_db), [this](const QList<DeadLetter>& rows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        emit loaded();
    });
}

int DeadLettersModel::rowForId(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

const DeadLetter* DeadLettersModel::letterAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void DeadLettersModel::requeue(const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return;
    sp::db::whenDone(
        this, WebhookOutbox::requeue(*m_db, ids),
        [this, ids] {
            emit requeued(ids);
            reload();
        },
        [this](const sp::db::DbError& e) {
            emit errorOccurred(e.message());
            reload();
        });
}

void DeadLettersModel::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("WebhookDeadLettered") ||
            e.type == QLatin1String("WebhookRequeued")) {
            reload();
            return;
        }
    }
}

} // namespace sp::models
