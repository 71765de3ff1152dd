#pragma once

#include "db/eventstream.h"
#include "modelloader.h"
#include "scheduler/scheduler.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace sp::models {

// The Jobs page: one row per scheduled job with its interval, last run (time, outcome,
// duration, counts, error) and next due time. Loads Scheduler::board through the ModelLoader;
// refreshes when a
// JobRunFinished event arrives and, optionally, on a timer (next-due times move on their own).
class JobRunsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        IntervalColumn,
        LastRunColumn,
        OutcomeColumn,
        DurationColumn,
        CountsColumn,
        NextDueColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        NameRole = Qt::UserRole + 1,
        SortValueRole,
        OutcomeRole, // ok, failed, skipped, running, or empty (never ran)
        LastRunIdRole,
        NextDueRole,  // QDateTime (UTC)
        IntervalRole, // seconds
        EnabledRole   // bool
    };

    explicit JobRunsModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void reload();
    // 0 turns the timer off.
    void setRefreshInterval(int ms);
    int rowForJob(const QString& name) const;
    const sp::scheduler::JobStatus* jobAt(int row) const;

    static QString intervalText(int seconds);

    // Whether the signed-in person may change intervals (managers and admins), as the
    // database says; known after the first load.
    bool canEditSchedule() const { return m_canEditSchedule; }
    // Sets a job's interval and whether it runs (job_schedule_set) off the GUI thread, then
    // loads again: scheduleSaved or errorOccurred follow.
    void setSchedule(const QString& name, int seconds, bool enabled);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);
    void scheduleSaved(const QString& name, int seconds, bool enabled);

private:
    sp::db::Database* m_db;
    QList<sp::scheduler::JobStatus> m_rows;
    QTimer m_refresh;
    bool m_canEditSchedule = false;
    ModelLoader m_loader;
};

} // namespace sp::models
