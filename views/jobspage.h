#pragma once

#include "db/eventstream.h"

#include <QDialog>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
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

// Changes how often a job runs (a number and a unit) and whether it runs at all.
class JobIntervalDialog final : public QDialog
{
    Q_OBJECT

public:
    JobIntervalDialog(const QString& job, int seconds, bool enabled, QWidget* parent = nullptr);

    int seconds() const;
    bool isJobEnabled() const;
    QSpinBox* amountBox() const { return m_amount; }
    QComboBox* unitBox() const { return m_unit; }
    QCheckBox* enabledBox() const { return m_enabled; }

private:
    QSpinBox* m_amount;
    QComboBox* m_unit; // data: seconds per unit
    QCheckBox* m_enabled;
};

// The Jobs page: every scheduled job with its interval, last run (outcome, counts, error) and
// next due time, and "Run now" for the selected job. A manual run goes through this instance's
// scheduler, so it still takes the job's advisory lock: if another instance is running it, the
// page says the run was skipped. Managers and admins change a job's interval or switch it off
// ("Interval…"); every instance plans the job again and the next due time follows.
class JobsPage final : public QWidget
{
    Q_OBJECT

public:
    JobsPage(sp::db::Database* db, sp::scheduler::Scheduler* scheduler, QWidget* parent = nullptr);

    sp::models::JobRunsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* runNowButton() const { return m_runNow; }
    QPushButton* intervalButton() const { return m_interval; }
    // The dialog opened by "Interval…" while it is open (window-modal, open()).
    JobIntervalDialog* intervalDialog() const { return m_intervalDialog; }
    QLabel* messageLabel() const { return m_message; }
    QString selectedJob() const;
    bool selectJob(const QString& name);
    void setScheduler(sp::scheduler::Scheduler* scheduler);

public slots:
    void reload();
    void applyEvents(const QList<sp::db::Event>& events);
    void runSelected();
    void editSelectedInterval();

signals:
    void runFinished(const sp::scheduler::RunResult& result);

private:
    void updateButtons();

    sp::models::JobRunsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    sp::scheduler::Scheduler* m_scheduler;
    QTableView* m_table;
    QPushButton* m_runNow;
    QPushButton* m_interval;
    QPointer<JobIntervalDialog> m_intervalDialog;
    QLabel* m_message;
    QString m_running;
    QString m_keepSelected;
};

} // namespace sp::views
