#include "purchaseorderspage.h"

#include "db/whendone.h"
#include "errortext.h"
#include "mainwindow.h"
#include "purchaseorderdocument.h"
#include "purchaseordersmodel.h"
#include "purchasing/purchaseorders.h"
#include "reasondialog.h"
#include "staff/session.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTreeWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::PurchaseOrdersModel;
using sp::purchasing::PurchaseOrder;
using sp::purchasing::PurchaseOrderLine;
using sp::purchasing::PurchaseOrders;

namespace {

// More than any delivery: the ceiling of a line's spin box once over-deliveries are accepted.
constexpr int MaxDelivery = 1000000;

} // namespace

PurchaseOrdersPage::PurchaseOrdersPage(sp::db::Database* db, const QString& role, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_mayClose(role == QLatin1String("manager") || role == QLatin1String("admin"))
    , m_model(new PurchaseOrdersModel(db, this))
    , m_orders(new QTableView(this))
    , m_lines(new QTreeWidget(this))
    , m_receive(new QPushButton(tr("&Receive…"), this))
    , m_close(new QPushButton(tr("&Close…"), this))
    , m_pdf(new QPushButton(tr("Save as &PDF…"), this))
    , m_csv(new QPushButton(tr("Save as C&SV…"), this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_receive->setObjectName(QStringLiteral("receivePurchaseOrder"));
    m_close->setObjectName(QStringLiteral("closePurchaseOrder"));
    m_pdf->setObjectName(QStringLiteral("savePurchaseOrderPdf"));
    m_csv->setObjectName(QStringLiteral("savePurchaseOrderCsv"));
    m_status->setObjectName(QStringLiteral("purchaseOrdersStatus"));
    m_status->setWordWrap(true);
    m_orders->setModel(m_model);
    m_orders->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_orders->setSelectionMode(QAbstractItemView::SingleSelection);
    m_orders->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_orders->verticalHeader()->hide();
    m_orders->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_orders->horizontalHeader()->setStretchLastSection(true);
    m_lines->setRootIsDecorated(false);
    m_lines->setHeaderLabels({tr("Line"), tr("SKU"), tr("Product"), tr("Ordered"), tr("Received"),
                              tr("Expected"), tr("Over"), tr("Unit cost")});

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_receive);
    head->addWidget(m_close);
    head->addWidget(m_pdf);
    head->addWidget(m_csv);
    detailLayout->addLayout(head);
    detailLayout->addWidget(m_lines, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_orders);
    splitter->addWidget(detail);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_receive, &QPushButton::clicked, this, &PurchaseOrdersPage::receiveSelected);
    connect(m_close, &QPushButton::clicked, this, &PurchaseOrdersPage::closeSelected);
    connect(m_pdf, &QPushButton::clicked, this, [this] { savePdf(); });
    connect(m_csv, &QPushButton::clicked, this, [this] { saveCsv(); });
    connect(m_orders->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PurchaseOrdersPage::showSelectedOrder);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PurchaseOrdersPage::showSelectedOrder);
    connect(m_model, &PurchaseOrdersModel::orderChanged, this, [this](qint64 id) {
        if (id == selectedOrderId())
            showSelectedOrder();
    });
    connect(m_model, &PurchaseOrdersModel::loaded, this, [this] {
        if (selectedOrderId() == 0 && m_model->rowCount() > 0)
            m_orders->selectRow(0);
    });
    connect(m_model, &PurchaseOrdersModel::errorOccurred, this, [this](const QString& message) {
        showResult(false, tr("The purchase orders could not be read: %1").arg(message));
    });
    showSelectedOrder();
    m_model->reload();
}

void PurchaseOrdersPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

qint64 PurchaseOrdersPage::selectedOrderId() const
{
    const QModelIndexList rows = m_orders->selectionModel()->selectedRows();
    return rows.isEmpty()
               ? 0
               : rows.first().data(PurchaseOrdersModel::PurchaseOrderIdRole).toLongLong();
}

void PurchaseOrdersPage::showSelectedOrder()
{
    const PurchaseOrder* po = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    const bool open = po && po->isOpen();
    m_receive->setEnabled(open);
    m_close->setEnabled(open && m_mayClose);
    m_close->setToolTip(m_mayClose ? tr("Close the order: what it still expects is no longer "
                                        "incoming.")
                                   : tr("Managers may close a purchase order."));
    m_pdf->setEnabled(po != nullptr);
    m_csv->setEnabled(po != nullptr);
    m_lines->clear();
    if (!po) {
        m_title->setText(tr("Select a purchase order to see its lines."));
        return;
    }
    const QString supplier = po->supplier.isEmpty() ? tr("(no supplier)") : po->supplier;
    QString title = tr("Purchase order %1 from %2 to %3: %4")
                        .arg(po->id)
                        .arg(supplier, po->location, PurchaseOrdersModel::statusText(po->status));
    if (po->status == QLatin1String("closed"))
        title += QLatin1Char(' ') + tr("(closed by %1: %2)").arg(po->closedBy, po->closeReason);
    m_title->setText(title);
    for (const PurchaseOrderLine& l : po->lines) {
        auto* item = new QTreeWidgetItem(
            m_lines, {QString::number(l.lineNo), l.sku, l.name, QString::number(l.quantity),
                      QString::number(l.received), QString::number(l.expected()),
                      QString::number(l.over()), QLocale().toString(l.unitCost, 'f', 2)});
        for (int column = 3; column <= 7; ++column)
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    }
}

void PurchaseOrdersPage::showResult(bool ok, const QString& message)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_status->setText(message);
    if (!ok) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Purchase orders"), message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit actionFinished(ok, message);
}

void PurchaseOrdersPage::receiveSelected()
{
    const PurchaseOrder* selected = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!selected || !selected->isOpen())
        return;
    const PurchaseOrder po = *selected;
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("receiveDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Receive purchase order %1").arg(po.id));
    auto* form = new QFormLayout(dialog);
    form->addRow(new QLabel(tr("The units counted in become stock on hand at %1; what is still "
                               "expected stays incoming.")
                                .arg(po.location),
                            dialog));
    QList<QPair<QString, QSpinBox*>> spins;
    for (const PurchaseOrderLine& l : po.lines) {
        auto* spin = new QSpinBox(dialog);
        spin->setObjectName(QStringLiteral("receiveLine%1").arg(l.lineNo));
        spin->setRange(0, l.expected());
        spin->setValue(l.expected());
        form->addRow(tr("%1 %2 (%3 expected):").arg(l.sku, l.name).arg(l.expected()), spin);
        spins.append({l.sku, spin});
    }
    auto* acceptOver = new QCheckBox(tr("Accept more than was ordered (an over-delivery)"), dialog);
    acceptOver->setObjectName(QStringLiteral("acceptOver"));
    connect(acceptOver, &QCheckBox::toggled, dialog, [spins, po](bool on) {
        for (qsizetype i = 0; i < spins.size(); ++i)
            spins[i].second->setMaximum(on ? MaxDelivery : po.lines[i].expected());
    });
    form->addRow(acceptOver);
    auto* note = new QLineEdit(dialog);
    note->setObjectName(QStringLiteral("receiveNote"));
    note->setPlaceholderText(tr("Delivery note number, damage seen, …"));
    form->addRow(tr("&Note:"), note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Receive"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(dialog, &QDialog::accepted, this, [this, spins, po, acceptOver, note] {
        QList<sp::purchasing::ReceiveLine> lines;
        for (const auto& [sku, spin] : spins)
            if (spin->value() > 0)
                lines.append({sku, spin->value()});
        if (lines.isEmpty()) {
            showResult(false, tr("Nothing to receive: every quantity is zero."));
            return;
        }
        sp::db::whenDone(
            this,
            PurchaseOrders::receive(*m_db, po.id, lines, note->text().trimmed(),
                                    acceptOver->isChecked()),
            [this, po](const sp::purchasing::ReceiveResult& r) {
                showResult(true, r.status == QLatin1String("received")
                                     ? tr("Purchase order %1 is received in full.").arg(po.id)
                                     : tr("Received part of purchase order %1.").arg(po.id));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Only staff members may receive goods.")));
            });
    });
    dialog->open();
}

void PurchaseOrdersPage::closeSelected()
{
    const PurchaseOrder* selected = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!selected || !selected->isOpen())
        return;
    const qint64 id = selected->id;
    auto* dialog = new ReasonDialog(
        tr("Close purchase order"),
        tr("Close purchase order %1: what it still expects is no longer incoming, and the "
           "shortfall is recorded with your name and reason.")
            .arg(id),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        sp::db::whenDone(
            this, PurchaseOrders::close(*m_db, id, dialog->reason()),
            [this, id] {
                showResult(true, tr("Purchase order %1 is closed.").arg(id));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Managers may close a purchase order.")));
            });
    });
    dialog->open();
}

void PurchaseOrdersPage::savePdf(const QString& path)
{
    const PurchaseOrder* po = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!po)
        return;
    const QString target =
        path.isEmpty()
            ? QFileDialog::getSaveFileName(this, tr("Save purchase order"),
                                           QStringLiteral("purchase-order-%1.pdf").arg(po->id),
                                           tr("PDF (*.pdf)"))
            : path;
    if (target.isEmpty())
        return;
    QString error;
    if (PurchaseOrderDocument::writePdf(*po, target, &error))
        showResult(true, tr("Saved purchase order %1 to %2.").arg(po->id).arg(target));
    else
        showResult(false, tr("Could not save %1: %2").arg(target, error));
}

void PurchaseOrdersPage::saveCsv(const QString& path)
{
    const PurchaseOrder* po = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!po)
        return;
    const QString target =
        path.isEmpty()
            ? QFileDialog::getSaveFileName(this, tr("Save purchase order"),
                                           QStringLiteral("purchase-order-%1.csv").arg(po->id),
                                           tr("CSV (*.csv)"))
            : path;
    if (target.isEmpty())
        return;
    QFile file(target);
    const QByteArray bytes = PurchaseOrderDocument::csv(*po);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes) != bytes.size()) {
        showResult(false, tr("Could not save %1: %2").arg(target, file.errorString()));
        return;
    }
    showResult(true, tr("Saved purchase order %1 to %2.").arg(po->id).arg(target));
}

PurchaseOrdersPage* addPurchaseOrdersPage(MainWindow* window, sp::staff::Session* session)
{
    auto* page = new PurchaseOrdersPage(session->database(), session->role(), window);
    page->setObjectName(QStringLiteral("purchaseOrdersPage"));
    window->addPage(QStringLiteral("purchase-orders"), PurchaseOrdersPage::tr("Purchase Orders"),
                    window->style()->standardIcon(QStyle::SP_FileDialogContentsView), page);
    QObject::connect(session->events(), &sp::db::EventStream::eventsReceived, page,
                     &PurchaseOrdersPage::applyEvents);
    QObject::connect(session, &sp::staff::Session::started, page,
                     [page] { page->model()->reload(); });
    return page;
}

} // namespace sp::views
