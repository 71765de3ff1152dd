#include "jobspage.h"

#include "db/whendone.h"
#include "errortext.h"
#include "jobrunsmodel.h"
#include "scheduler/scheduler.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::JobRunsModel;
using sp::scheduler::RunResult;

JobIntervalDialog::JobIntervalDialog(const QString& job, int seconds, bool enabled, QWidget* parent)
    : QDialog(parent)
    , m_amount(new QSpinBox(this))
    , m_unit(new QComboBox(this))
    , m_enabled(new QCheckBox(tr("&Run this job on its schedule"), this))
{
    setObjectName(QStringLiteral("jobIntervalDialog"));
    setWindowTitle(tr("Interval of %1").arg(job));
    m_amount->setObjectName(QStringLiteral("intervalAmount"));
    m_unit->setObjectName(QStringLiteral("intervalUnit"));
    m_enabled->setObjectName(QStringLiteral("intervalEnabled"));
    m_amount->setRange(1, 9999);
    m_unit->addItem(tr("seconds"), 1);
    m_unit->addItem(tr("minutes"), 60);
    m_unit->addItem(tr("hours"), 3600);
    m_unit->addItem(tr("days"), 86400);
    // The largest unit the interval is a whole number of.
    int unit = 0;
    for (int i = m_unit->count() - 1; i >= 0; --i) {
        if (seconds % m_unit->itemData(i).toInt() == 0) {
            unit = i;
            break;
        }
    }
    m_unit->setCurrentIndex(unit);
    m_amount->setValue(qMax(1, seconds / m_unit->itemData(unit).toInt()));
    m_enabled->setChecked(enabled);
    m_enabled->setToolTip(tr("A job that is switched off runs only when someone presses "
                             "\"Run now\"."));

    auto* every = new QHBoxLayout;
    every->addWidget(m_amount);
    every->addWidget(m_unit, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Run &every"), every);
    form->addRow(QString(), m_enabled);
    form->addRow(
        new QLabel(tr("Every running StockPilot program follows the new schedule."), this));
    form->addRow(buttons);
}

int JobIntervalDialog::seconds() const
{
    return m_amount->value() * m_unit->currentData().toInt();
}

bool JobIntervalDialog::isJobEnabled() const
{
    return m_enabled->isChecked();
}

JobsPage::JobsPage(sp::db::Database* db, sp::scheduler::Scheduler* scheduler, QWidget* parent)
    : QWidget(parent)
    , m_model(new JobRunsModel(db, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_scheduler(scheduler)
    , m_table(new QTableView(this))
    , m_runNow(new QPushButton(tr("&Run now"), this))
    , m_interval(new QPushButton(tr("&Interval…"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("jobsPage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(JobRunsModel::SortValueRole);
    m_table->setObjectName(QStringLiteral("jobsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(JobRunsModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_runNow->setObjectName(QStringLiteral("runNow"));
    m_runNow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_runNow->setToolTip(tr("Run the selected job now, whatever its interval (%1)")
                             .arg(m_runNow->shortcut().toString(QKeySequence::NativeText)));
    m_interval->setObjectName(QStringLiteral("editInterval"));
    m_interval->setToolTip(tr("Change how often the selected job runs, or switch it off"));
    auto* reloadButton = new QPushButton(tr("Re&load"), this);
    m_message->setObjectName(QStringLiteral("jobsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runNow);
    buttons->addWidget(m_interval);
    buttons->addWidget(reloadButton);
    buttons->addWidget(m_message, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_runNow, &QPushButton::clicked, this, &JobsPage::runSelected);
    connect(m_interval, &QPushButton::clicked, this, &JobsPage::editSelectedInterval);
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() == JobRunsModel::IntervalColumn)
            editSelectedInterval();
    });
    connect(m_model, &JobRunsModel::loaded, this, &JobsPage::updateButtons);
    connect(m_model, &JobRunsModel::scheduleSaved, this,
            [this](const QString& job, int seconds, bool enabled) {
                m_message->setText(
                    enabled ? tr("%1 now runs %2.").arg(job, JobRunsModel::intervalText(seconds))
                            : tr("%1 is switched off; it runs only on "
                                 "\"Run now\".")
                                  .arg(job));
                // This instance plans the job again at once; the others hear of it by the
                // JobScheduleChanged event.
                if (m_scheduler)
                    m_scheduler->reschedule(job);
            });
    connect(reloadButton, &QPushButton::clicked, this, &JobsPage::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobsPage::updateButtons);
    connect(m_model, &JobRunsModel::errorOccurred, m_message, &QLabel::setText);
    // A reload resets the model; keep the person's selection across it.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_keepSelected = selectedJob(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_keepSelected.isEmpty())
            selectJob(m_keepSelected);
        updateButtons();
    });
    // Next-due times move on their own; other instances' runs arrive as events.
    m_model->setRefreshInterval(30000);
    updateButtons();
}

void JobsPage::reload()
{
    m_model->reload();
}

void JobsPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

void JobsPage::setScheduler(sp::scheduler::Scheduler* scheduler)
{
    m_scheduler = scheduler;
    updateButtons();
}

QString JobsPage::selectedJob() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(JobRunsModel::NameRole).toString();
}

bool JobsPage::selectJob(const QString& name)
{
    const int row = m_model->rowForJob(name);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    return true;
}

void JobsPage::updateButtons()
{
    const QString job = selectedJob();
    const bool known = m_scheduler && m_scheduler->jobNames().contains(job);
    m_runNow->setEnabled(!job.isEmpty() && known && m_running.isEmpty());
    if (!job.isEmpty() && !known)
        m_runNow->setToolTip(tr("This program does not run the job \"%1\".").arg(job));
    m_interval->setEnabled(!job.isEmpty() && m_model->canEditSchedule() && !m_intervalDialog);
    if (!m_model->canEditSchedule())
        m_interval->setToolTip(tr("Only managers and admins change job intervals."));
}

void JobsPage::editSelectedInterval()
{
    const QString job = selectedJob();
    const int row = m_model->rowForJob(job);
    const sp::scheduler::JobStatus* status = m_model->jobAt(row);
    if (!status || !m_model->canEditSchedule() || m_intervalDialog)
        return;
    auto* dialog = new JobIntervalDialog(job, status->intervalSeconds, status->enabled, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_intervalDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, job] {
        m_message->setText(tr("Saving the schedule of %1…").arg(job));
        m_model->setSchedule(job, dialog->seconds(), dialog->isJobEnabled());
    });
    // Closed is done: the button works again at once, not only once the dialog is deleted.
    connect(dialog, &QDialog::finished, this, [this] {
        m_intervalDialog.clear();
        updateButtons();
    });
    updateButtons();
    dialog->open();
}

void JobsPage::runSelected()
{
    const QString job = selectedJob();
    if (job.isEmpty() || !m_scheduler || !m_running.isEmpty())
        return;
    m_running = job;
    m_message->setText(tr("Running %1…").arg(job));
    updateButtons();
    sp::db::whenDone(
        this, m_scheduler->runNow(job),
        [this](const RunResult& r) {
            m_running.clear();
            if (r.outcome == QLatin1String("ok")) {
                m_message->setText(tr("%1 finished: %2")
                                       .arg(r.job, QString::fromUtf8(QJsonDocument(r.counts).toJson(
                                                       QJsonDocument::Compact))));
            } else if (r.outcome == QLatin1String("skipped")) {
                m_message->setText(
                    tr("%1 was skipped: another instance is running it right now.").arg(r.job));
            } else {
                m_message->setText(tr("%1 failed: %2").arg(r.job, r.error));
            }
            m_model->reload();
            updateButtons();
            emit runFinished(r);
        },
        [this, job](const sp::db::DbError& e) {
            m_running.clear();
            m_message->setText(tr("%1 could not be started: %2").arg(job, errorText(e)));
            updateButtons();
        });
}

} // namespace sp::views
