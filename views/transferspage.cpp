#include "transferspage.h"

#include "db/whendone.h"
#include "errortext.h"
#include "inventory/stockoperations.h"
#include "mainwindow.h"
#include "staff/session.h"
#include "transfersmodel.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::TransfersModel;

TransfersPage::TransfersPage(sp::db::Database* db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_model(new TransfersModel(db, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_receive(new QPushButton(tr("&Receive…"), this))
    , m_count(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_receive->setObjectName(QStringLiteral("receiveTransfer"));
    m_view->setObjectName(QStringLiteral("transfersTable"));
    m_count->setObjectName(QStringLiteral("transfersCount"));
    m_status->setObjectName(QStringLiteral("transfersStatus"));
    m_status->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Transfers on their way, oldest first:"), this), 1);
    bar->addWidget(m_receive);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TransfersModel::SortValueRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    // Oldest first: the longest on the way is the likeliest to need chasing.
    m_view->sortByColumn(TransfersModel::AgeColumn, Qt::DescendingOrder);
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

    connect(m_receive, &QPushButton::clicked, this, &TransfersPage::receiveSelected);
    connect(m_view, &QAbstractItemView::doubleClicked, this, &TransfersPage::receiveSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TransfersPage::updateActions);
    auto updateCount = [this] {
        m_count->setText(tr("%n transfer(s) in transit", nullptr, m_model->rowCount()));
        updateActions();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_model, &TransfersModel::errorOccurred, this, [this](const QString& message) {
        showResult(false, tr("The transfers could not be read: %1").arg(message));
    });
    updateCount();
    m_model->reload();
}

void TransfersPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

qint64 TransfersPage::selectedTransferId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(TransfersModel::TransferIdRole).toLongLong();
}

void TransfersPage::updateActions()
{
    m_receive->setEnabled(selectedTransferId() != 0);
}

void TransfersPage::showResult(bool ok, const QString& message)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_status->setText(message);
    if (!ok) {
        // Window-modal and opened, not exec()'d: the page keeps updating behind it.
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Transfers"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit actionFinished(ok, message);
}

void TransfersPage::receiveSelected()
{
    const sp::inventory::TransferRow* selected =
        m_model->transferAt(m_model->rowOfTransfer(selectedTransferId()));
    if (!selected)
        return;
    const sp::inventory::TransferRow t = *selected;
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("receiveTransferDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Receive transfer %1").arg(t.id));
    auto* form = new QFormLayout(dialog);
    auto* what = new QLabel(tr("%1 × %2 from %3 to %4, sent by %5.")
                                .arg(t.sku)
                                .arg(t.quantity)
                                .arg(t.from, t.to, t.createdBy),
                            dialog);
    what->setWordWrap(true);
    form->addRow(what);
    auto* received = new QSpinBox(dialog);
    received->setObjectName(QStringLiteral("receivedQuantity"));
    received->setRange(0, t.quantity);
    received->setValue(t.quantity);
    form->addRow(tr("Units that &arrived:"), received);
    auto* shortfall = new QLabel(dialog);
    shortfall->setObjectName(QStringLiteral("lostInTransit"));
    shortfall->setWordWrap(true);
    form->addRow(shortfall);
    auto* note = new QLineEdit(dialog);
    note->setObjectName(QStringLiteral("receiveNote"));
    note->setPlaceholderText(tr("Optional"));
    form->addRow(tr("&Note:"), note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Receive"));
    form->addRow(buttons);
    // What the receipt will record, before it is made.
    const auto explain = [shortfall, quantity = t.quantity](int arrived) {
        shortfall->setText(arrived == quantity
                               ? tr("Every unit arrived.")
                               : tr("%n unit(s) will be recorded as lost in transit.", nullptr,
                                    quantity - arrived));
    };
    explain(t.quantity);
    connect(received, &QSpinBox::valueChanged, dialog, explain);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(dialog, &QDialog::accepted, this, [this, t, received, note] {
        const int arrived = received->value();
        sp::db::whenDone(
            this, sp::inventory::receiveTransfer(*m_db, t.id, arrived, note->text().trimmed()),
            [this, t, arrived](const QJsonObject&) {
                showResult(true, arrived == t.quantity
                                     ? tr("Transfer %1 received: %2 × %3 at %4.")
                                           .arg(t.id)
                                           .arg(t.sku)
                                           .arg(arrived)
                                           .arg(t.to)
                                     : tr("Transfer %1 received: %2 of %3 units at %4; %5 lost "
                                          "in transit.")
                                           .arg(t.id)
                                           .arg(arrived)
                                           .arg(t.quantity)
                                           .arg(t.to)
                                           .arg(t.quantity - arrived));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Your account may not receive transfers.")));
            });
    });
    dialog->open();
}

TransfersPage* addTransfersPage(MainWindow* window, sp::staff::Session* session)
{
    auto* page = new TransfersPage(session->database(), window);
    page->setObjectName(QStringLiteral("transfersPage"));
    window->addPage(QStringLiteral("transfers"), TransfersPage::tr("Transfers"),
                    window->style()->standardIcon(QStyle::SP_ArrowRight), page);
    QObject::connect(session->events(), &sp::db::EventStream::eventsReceived, page,
                     &TransfersPage::applyEvents);
    QObject::connect(session, &sp::staff::Session::started, page,
                     [page] { page->model()->reload(); });
    return page;
}

} // namespace sp::views
