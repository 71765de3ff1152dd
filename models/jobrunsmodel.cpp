#include "jobrunsmodel.h"

#include <QJsonDocument>
#include <QLocale>

namespace sp::models {

using sp::scheduler::JobStatus;
using sp::scheduler::Scheduler;

JobRunsModel::JobRunsModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{
    connect(&m_refresh, &QTimer::timeout, this, &JobRunsModel::reload);
}

int JobRunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobRunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobRunsModel::intervalText(int seconds)
{
    if (seconds % 86400 == 0)
        return tr("every %n day(s)", nullptr, seconds / 86400);
    if (seconds % 3600 == 0)
        return tr("every %n hour(s)", nullptr, seconds / 3600);
    if (seconds % 60 == 0)
        return tr("every %n minute(s)", nullptr, seconds / 60);
    return tr("every %n second(s)", nullptr, seconds);
}

namespace {

QString timeText(const QDateTime& t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString outcomeText(const QString& outcome)
{
    if (outcome == QLatin1String("ok"))
        return JobRunsModel::tr("OK");
    if (outcome == QLatin1String("failed"))
        return JobRunsModel::tr("Failed");
    if (outcome == QLatin1String("skipped"))
        return JobRunsModel::tr("Skipped");
    if (outcome == QLatin1String("running"))
        return JobRunsModel::tr("Running");
    return JobRunsModel::tr("Never ran");
}

} // namespace

QVariant JobRunsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JobStatus& j = m_rows.at(index.row());
    const qint64 durationMs = j.lastStarted.isValid() && j.lastFinished.isValid()
                                  ? j.lastStarted.msecsTo(j.lastFinished)
                                  : -1;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return j.name;
        case IntervalColumn:
            return j.enabled ? intervalText(j.intervalSeconds) : tr("disabled");
        case LastRunColumn:
            return timeText(j.lastStarted);
        case OutcomeColumn:
            return outcomeText(j.lastOutcome);
        case DurationColumn:
            return durationMs < 0 ? QString() : tr("%1 s").arg(durationMs / 1000.0, 0, 'f', 1);
        case CountsColumn:
            return j.lastCounts.isEmpty()
                       ? QString()
                       : QString::fromUtf8(
                             QJsonDocument(j.lastCounts).toJson(QJsonDocument::Compact));
        case NextDueColumn:
            return timeText(j.nextDue);
        case ErrorColumn:
            return j.lastError;
        }
        break;
    case Qt::ToolTipRole:
        if (!j.lastError.isEmpty())
            return j.lastError;
        break;
    case SortValueRole:
        switch (index.column()) {
        case NameColumn:
            return j.name;
        case IntervalColumn:
            return j.intervalSeconds;
        case LastRunColumn:
            return j.lastStarted;
        case OutcomeColumn:
            return j.lastOutcome;
        case DurationColumn:
            return durationMs;
        case CountsColumn:
            return QString::fromUtf8(QJsonDocument(j.lastCounts).toJson(QJsonDocument::Compact));
        case NextDueColumn:
            return j.nextDue;
        case ErrorColumn:
            return j.lastError;
        }
        break;
    case NameRole:
        return j.name;
    case OutcomeRole:
        return j.lastOutcome;
    case LastRunIdRole:
        return j.lastRunId;
    case NextDueRole:
        return j.nextDue;
    case IntervalRole:
        return j.intervalSeconds;
    case EnabledRole:
        return j.enabled;
    }
    return {};
}

QVariant JobRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Job");
    case IntervalColumn:
        return tr("Interval");
    case LastRunColumn:
        return tr("Last run");
    case OutcomeColumn:
        return tr("Outcome");
    case DurationColumn:
        return tr("Duration");
    case CountsColumn:
        return tr("Counts");
    case NextDueColumn:
        return tr("Next due");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

void JobRunsModel::reload()
{
    m_loader.reload(Scheduler::board(*m_db), [this](const sp::scheduler::JobBoard& board) {
        m_canEditSchedule = board.canSetSchedule;
        const QList<JobStatus>& rows = board.jobs;
        bool sameJobs = rows.size() == m_rows.size();
        for (int i = 0; sameJobs && i < rows.size(); ++i)
            sameJobs = rows.at(i).name == m_rows.at(i).name;
        if (sameJobs) {
            // Keep the selection in the view: change the rows in place.
            m_rows = rows;
            if (!m_rows.isEmpty())
                emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        } else {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        emit loaded();
    });
}

void JobRunsModel::setSchedule(const QString& name, int seconds, bool enabled)
{
    sp::db::whenDone(
        this, Scheduler::setInterval(*m_db, name, seconds, enabled),
        [this, name, seconds, enabled] {
            emit scheduleSaved(name, seconds, enabled);
            reload();
        },
        [this](const sp::db::DbError& e) {
            emit errorOccurred(e.hint().isEmpty() ? e.message()
                                                  : e.message() + QLatin1Char(' ') + e.hint());
        });
}

void JobRunsModel::setRefreshInterval(int ms)
{
    if (ms <= 0)
        m_refresh.stop();
    else
        m_refresh.start(ms);
}

int JobRunsModel::rowForJob(const QString& name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

const JobStatus* JobRunsModel::jobAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void JobRunsModel::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("JobRunFinished") ||
            e.type == QLatin1String("JobScheduleChanged")) {
            reload();
            return;
        }
    }
}

} // namespace sp::models
