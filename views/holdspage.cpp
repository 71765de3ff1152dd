#include "holdspage.h"

#include "db/whendone.h"
#include "errortext.h"
#include "holdsmodel.h"
#include "inventory/holdsservice.h"
#include "reasondialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::HoldsModel;

HoldsPage::HoldsPage(sp::db::Database* db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_model(new HoldsModel(db, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_filterDelay(new QTimer(this))
    , m_view(new QTableView(this))
    , m_extend(new QPushButton(tr("E&xtend…"), this))
    , m_release(new QPushButton(tr("&Release…"), this))
    , m_count(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_filter->setObjectName(QStringLiteral("holdsFilter"));
    m_filter->setPlaceholderText(tr("Filter by SKU or cart"));
    m_filter->setClearButtonEnabled(true);
    m_extend->setObjectName(QStringLiteral("extendHold"));
    m_release->setObjectName(QStringLiteral("releaseHold"));
    m_status->setObjectName(QStringLiteral("holdsStatus"));
    m_status->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_extend);
    bar->addWidget(m_release);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HoldsModel::SortValueRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HoldsModel::ExpiresInColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_status, 1);
    footer->addWidget(m_count);
    layout->addLayout(footer);

    // Typing a SKU should not start a query per key stroke.
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(250);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this,
            [this] { m_model->setFilterText(m_filter->text()); });

    connect(m_extend, &QPushButton::clicked, this, &HoldsPage::extendSelected);
    connect(m_release, &QPushButton::clicked, this, &HoldsPage::releaseSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HoldsPage::updateActions);
    auto updateCount = [this] {
        m_count->setText(tr("%n live hold(s)", nullptr, m_model->rowCount()));
        updateActions();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_model, &HoldsModel::errorOccurred, this, [this](const QString& message) {
        showResult(false, tr("The holds could not be read: %1").arg(message));
    });
    updateCount();
    m_model->reload();
}

void HoldsPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

QString HoldsPage::selectedHoldId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(HoldsModel::HoldIdRole).toString();
}

void HoldsPage::updateActions()
{
    const bool selected = !selectedHoldId().isEmpty();
    m_extend->setEnabled(selected);
    m_release->setEnabled(selected);
}

void HoldsPage::showResult(bool ok, const QString& message)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_status->setText(message);
    if (!ok) {
        // Window-modal and opened, not exec()'d: the page keeps updating behind it.
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Holds"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit actionFinished(ok, message);
}

void HoldsPage::extendSelected()
{
    const QString id = selectedHoldId();
    const int row = m_model->rowOfHold(id);
    if (row < 0)
        return;
    const sp::inventory::HoldRow hold = *m_model->holdAt(row);
    auto* dialog = new ReasonDialog(
        tr("Extend hold"),
        tr("Keep %1 × %2 at %3 reserved longer.").arg(hold.quantity).arg(hold.sku, hold.location),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* minutes = new QSpinBox(dialog);
    minutes->setObjectName(QStringLiteral("extendMinutes"));
    minutes->setRange(1, 7 * 24 * 60);
    minutes->setValue(15);
    minutes->setSuffix(tr(" min"));
    dialog->addField(tr("&Extend by:"), minutes);
    connect(dialog, &QDialog::accepted, this, [this, dialog, minutes, hold] {
        const QString reason = dialog->reason();
        const int seconds = minutes->value() * 60;
        sp::db::whenDone(
            this, sp::inventory::HoldsService::extend(*m_db, hold.id, seconds, reason),
            [this, hold, seconds] {
                showResult(true, tr("Hold of %1 × %2 at %3 extended by %n minute(s).", nullptr,
                                    seconds / 60)
                                     .arg(hold.quantity)
                                     .arg(hold.sku, hold.location));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Your account may not extend holds.")));
            });
    });
    dialog->open();
}

void HoldsPage::releaseSelected()
{
    const QString id = selectedHoldId();
    const int row = m_model->rowOfHold(id);
    if (row < 0)
        return;
    const sp::inventory::HoldRow hold = *m_model->holdAt(row);
    auto* dialog = new ReasonDialog(
        tr("Release hold"),
        tr("Release %1 × %2 at %3 now: the units become available again and the customer's "
           "cart loses them.")
            .arg(hold.quantity)
            .arg(hold.sku, hold.location),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, hold] {
        const QString reason = dialog->reason();
        sp::db::whenDone(
            this, sp::inventory::HoldsService::release(*m_db, hold.id, reason),
            [this, hold] {
                showResult(
                    true,
                    tr("Released %1 × %2 at %3.").arg(hold.quantity).arg(hold.sku, hold.location));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Your account may not release holds.")));
            });
    });
    dialog->open();
}

} // namespace sp::views
