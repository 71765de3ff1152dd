#pragma once

#include "db/eventstream.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace sp::db {
class Database;
}
namespace sp::models {
class JobRunsModel;
}
namespace sp::scheduler {
class Scheduler;
struct RunResult;
} // namespace sp::scheduler

namespace sp::views {

// The Jobs page: every scheduled job with its interval, last run (outcome, counts, error) and
// next due time, and "Run now" for the selected job. A manual run goes through this instance's
// scheduler, so it still takes the job's advisory lock: if another instance is running it, the
// page says the run was skipped.
class JobsPage final : public QWidget
{
    Q_OBJECT

public:
    JobsPage(sp::db::Database* db, sp::scheduler::Scheduler* scheduler, QWidget* parent = nullptr);

    sp::models::JobRunsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* runNowButton() const { return m_runNow; }
    QLabel* messageLabel() const { return m_message; }
    QString selectedJob() const;
    bool selectJob(const QString& name);
    void setScheduler(sp::scheduler::Scheduler* scheduler);

public slots:
    void reload();
    void applyEvents(const QList<sp::db::Event>& events);
    void runSelected();

signals:
    void runFinished(const sp::scheduler::RunResult& result);

private:
    void updateButtons();

    sp::models::JobRunsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    sp::scheduler::Scheduler* m_scheduler;
    QTableView* m_table;
    QPushButton* m_runNow;
    QLabel* m_message;
    QString m_running;
    QString m_keepSelected;
};

} // namespace sp::views
