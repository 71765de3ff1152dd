#include "jobspage.h"

#include "asyncresult.h"
#include "jobrunsmodel.h"
#include "scheduler/scheduler.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::JobRunsModel;
using sp::scheduler::RunResult;

JobsPage::JobsPage(sp::db::Database* db, sp::scheduler::Scheduler* scheduler, QWidget* parent)
    : QWidget(parent)
    , m_model(new JobRunsModel(db, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_scheduler(scheduler)
    , m_table(new QTableView(this))
    , m_runNow(new QPushButton(tr("&Run now"), this))
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
    auto* reloadButton = new QPushButton(tr("Re&load"), this);
    m_message->setObjectName(QStringLiteral("jobsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runNow);
    buttons->addWidget(reloadButton);
    buttons->addWidget(m_message, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_runNow, &QPushButton::clicked, this, &JobsPage::runSelected);
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
}

void JobsPage::runSelected()
{
    const QString job = selectedJob();
    if (job.isEmpty() || !m_scheduler || !m_running.isEmpty())
        return;
    m_running = job;
    m_message->setText(tr("Running %1…").arg(job));
    updateButtons();
    whenDone(
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
            m_message->setText(tr("%1 could not be started: %2").arg(job, e.message()));
            updateButtons();
        });
}

} // namespace sp::views
