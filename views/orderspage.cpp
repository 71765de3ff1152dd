#include "orderspage.h"

#include "db/whendone.h"
#include "errortext.h"
#include "orders/ordersservice.h"
#include "ordersmodel.h"
#include "reasondialog.h"
#include "staffroles.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::FulfilmentPlanModel;
using sp::models::OrdersModel;

namespace {

void setUpTable(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
}

} // namespace

OrdersPage::OrdersPage(sp::db::Database* db, const QString& role, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_role(role)
    , m_model(new OrdersModel(db, this))
    , m_plan(new FulfilmentPlanModel(db, this))
    , m_orders(new QTableView(this))
    , m_planView(new QTableView(this))
    , m_overrides(new QTreeWidget(this))
    , m_override(new QPushButton(tr("&Override source…"), this))
    , m_ship(new QPushButton(tr("&Ship…"), this))
    , m_cancel(new QPushButton(tr("&Cancel order…"), this))
    , m_pick(new QPushButton(tr("&Pick list…"), this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_override->setObjectName(QStringLiteral("overrideSource"));
    m_ship->setObjectName(QStringLiteral("shipOrder"));
    m_cancel->setObjectName(QStringLiteral("cancelOrder"));
    m_pick->setObjectName(QStringLiteral("pickList"));
    m_status->setObjectName(QStringLiteral("ordersStatus"));
    m_status->setWordWrap(true);
    m_orders->setModel(m_model);
    setUpTable(m_orders);
    // The lines say the most; the other columns take what they need.
    m_orders->horizontalHeader()->setStretchLastSection(false);
    m_orders->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_orders->horizontalHeader()->setSectionResizeMode(OrdersModel::LinesColumn,
                                                       QHeaderView::Stretch);
    m_planView->setModel(m_plan);
    setUpTable(m_planView);
    m_planView->setSelectionMode(QAbstractItemView::NoSelection);
    m_planView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_planView->horizontalHeader()->setStretchLastSection(true);
    m_overrides->setRootIsDecorated(false);
    m_overrides->setHeaderLabels(
        {tr("When"), tr("Who"), tr("Line"), tr("From"), tr("To"), tr("Units"), tr("Why")});

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_ship);
    head->addWidget(m_cancel);
    head->addWidget(m_override);
    head->addWidget(m_pick);
    detailLayout->addLayout(head);
    detailLayout->addWidget(new QLabel(tr("Fulfilment plan (best first):"), detail));
    detailLayout->addWidget(m_planView, 2);
    detailLayout->addWidget(new QLabel(tr("Source overrides:"), detail));
    detailLayout->addWidget(m_overrides, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_orders);
    splitter->addWidget(detail);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_override, &QPushButton::clicked, this, &OrdersPage::overrideSelected);
    connect(m_ship, &QPushButton::clicked, this, &OrdersPage::shipSelected);
    connect(m_cancel, &QPushButton::clicked, this, &OrdersPage::cancelSelected);
    connect(m_pick, &QPushButton::clicked, this, &OrdersPage::showPickList);
    connect(m_orders->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OrdersPage::showSelectedOrder);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OrdersPage::showSelectedOrder);
    connect(m_model, &OrdersModel::orderChanged, this, [this](const QString& id) {
        if (id == selectedOrderId())
            showSelectedOrder();
    });
    // Show a plan straight away: the newest order until someone picks another.
    connect(m_model, &OrdersModel::loaded, this, [this] {
        if (selectedOrderId().isEmpty() && m_model->rowCount() > 0)
            m_orders->selectRow(0);
    });
    connect(m_model, &OrdersModel::errorOccurred, this, [this](const QString& message) {
        showResult(false, tr("The orders could not be read: %1").arg(message));
    });
    connect(m_plan, &FulfilmentPlanModel::errorOccurred, this, [this](const QString& message) {
        m_status->setText(tr("Stock figures could not be read: %1").arg(message));
    });
    showSelectedOrder();
    m_model->reload();

    // Where a line may be moved to: every location (the dialog lists them).
    sp::db::whenDone(
        this, sp::inventory::locations(*m_db),
        [this](const QList<sp::inventory::Location>& locations) { m_locations = locations; },
        [](const sp::db::DbError&) {
            // The dialog then offers the plan's locations only.
        });
}

void OrdersPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
    m_plan->applyEvents(events);
}

QString OrdersPage::selectedOrderId() const
{
    const QModelIndexList rows = m_orders->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(OrdersModel::OrderIdRole).toString();
}

void OrdersPage::showSelectedOrder()
{
    const QString id = selectedOrderId();
    const sp::orders::Order* order = m_model->orderAt(m_model->rowOfOrder(id));
    const bool open = order && (order->status == QLatin1String("placed") ||
                                order->status == QLatin1String("partially_shipped"));
    offerTo(m_override, m_role, StaffRole::Manager, open && !order->lines.isEmpty(),
            tr("Managers may change where an order ships from."));
    m_ship->setEnabled(open);
    offerTo(m_cancel, m_role, StaffRole::Manager, order && order->status == QLatin1String("placed"),
            tr("Managers may cancel an order."));
    m_overrides->clear();
    if (!order) {
        m_title->setText(tr("Select an order to see its fulfilment plan."));
        m_plan->setOrder({});
        return;
    }
    m_title->setText(
        tr("Order %1 (%2 at %3)")
            .arg(order->id.left(8), order->status,
                 order->createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    if (m_plan->orderId() != order->id)
        m_plan->setOrder(*order);
    for (const sp::orders::SourceOverride& o : order->overrides) {
        auto* item = new QTreeWidgetItem(m_overrides);
        item->setText(0, o.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        item->setText(1, o.actor);
        item->setText(2, QString::number(o.lineNo));
        item->setText(3, o.from);
        item->setText(4, o.to);
        item->setText(5, QString::number(o.quantity));
        item->setText(6, o.reason);
    }
}

void OrdersPage::showResult(bool ok, const QString& message)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_status->setText(message);
    if (!ok) {
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Orders"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit actionFinished(ok, message);
}

void OrdersPage::shipSelected()
{
    const sp::orders::Order* selected = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!selected)
        return;
    const sp::orders::Order order = *selected;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Ship order %1").arg(order.id.left(8)));
    auto* form = new QFormLayout(dialog);
    form->addRow(new QLabel(tr("The units leave each line's source: its stock on hand and the "
                               "units committed to the order go down, and they count as sold "
                               "there today."),
                            dialog));
    QList<QPair<int, QSpinBox*>> spins;
    for (const sp::orders::OrderLine& l : order.lines) {
        if (l.left() <= 0)
            continue;
        auto* spin = new QSpinBox(dialog);
        spin->setObjectName(QStringLiteral("shipLine%1").arg(l.lineNo));
        spin->setRange(0, l.left());
        spin->setValue(l.left());
        form->addRow(tr("%1 from %2 (%3 left):").arg(l.sku, l.location).arg(l.left()), spin);
        spins.append({l.lineNo, spin});
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Ship"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(dialog, &QDialog::accepted, this, [this, spins, order] {
        QList<sp::orders::ShipLine> lines;
        for (const auto& [lineNo, spin] : spins)
            if (spin->value() > 0)
                lines.append({lineNo, spin->value()});
        if (lines.isEmpty()) {
            showResult(false, tr("Nothing to ship: every quantity is zero."));
            return;
        }
        // One key per dialog: a retry after a lost answer ships nothing twice.
        const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        sp::db::whenDone(
            this, sp::orders::OrdersService::ship(*m_db, order.id, lines, key),
            [this, order](const sp::orders::ShipResult& r) {
                showResult(true, r.status == QLatin1String("shipped")
                                     ? tr("Order %1 has shipped.").arg(order.id.left(8))
                                     : tr("Shipped part of order %1.").arg(order.id.left(8)));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Only staff members may ship orders.")));
            });
    });
    dialog->open();
}

void OrdersPage::showPickList()
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("pickListDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Pick list"));
    dialog->resize(640, 420);
    auto* layout = new QVBoxLayout(dialog);
    auto* location = new QComboBox(dialog);
    location->setObjectName(QStringLiteral("pickLocation"));
    for (const sp::inventory::Location& l : m_locations)
        location->addItem(tr("%1 (%2)").arg(l.name, l.code), l.code);
    auto* lines = new QTreeWidget(dialog);
    lines->setObjectName(QStringLiteral("pickLines"));
    lines->setRootIsDecorated(false);
    lines->setHeaderLabels(
        {tr("Order"), tr("Line"), tr("SKU"), tr("Product"), tr("Units to pick"), tr("Ordered")});
    auto* summary = new QLabel(dialog);
    summary->setObjectName(QStringLiteral("pickSummary"));
    auto* form = new QFormLayout;
    form->addRow(tr("Ships from:"), location);
    layout->addLayout(form);
    layout->addWidget(lines, 1);
    layout->addWidget(summary);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);

    // Every unit left to ship from the chosen location, oldest order first: the walk through
    // the shelves. Read off the GUI thread each time the location changes.
    const auto load = [this, dialog, location, lines, summary] {
        const QString code = location->currentData().toString();
        lines->clear();
        summary->setText(tr("Reading…"));
        if (code.isEmpty())
            return;
        sp::db::whenDone(
            dialog, sp::orders::OrdersService::pickList(*m_db, code),
            [location, lines, summary, code](const QList<sp::orders::PickLine>& picks) {
                // An answer for a location chosen before the current one is stale.
                if (location->currentData().toString() != code)
                    return;
                int units = 0;
                for (const sp::orders::PickLine& p : picks) {
                    auto* item = new QTreeWidgetItem(
                        lines,
                        {p.orderId.left(8), QString::number(p.lineNo), p.sku, p.name,
                         QString::number(p.quantity),
                         QLocale().toString(p.orderedAt.toLocalTime(), QLocale::ShortFormat)});
                    item->setData(0, Qt::UserRole, p.orderId);
                    item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
                    units += p.quantity;
                }
                summary->setText(picks.isEmpty()
                                     ? tr("Nothing to pick here.")
                                     : tr("%n line(s) to pick", nullptr, int(picks.size())) +
                                           QStringLiteral(", ") +
                                           tr("%n unit(s) in all.", nullptr, units));
            },
            [location, summary, code](const sp::db::DbError& e) {
                if (location->currentData().toString() == code)
                    summary->setText(tr("The pick list could not be read: %1").arg(errorText(e)));
            });
    };
    connect(location, &QComboBox::currentIndexChanged, dialog, load);
    load();
    dialog->open();
}

void OrdersPage::cancelSelected()
{
    const sp::orders::Order* selected = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!selected)
        return;
    const QString id = selected->id;
    auto* dialog = new ReasonDialog(
        tr("Cancel order"),
        tr("Cancel order %1: its units are no longer committed and become available again. "
           "The cancel is recorded with your name and reason.")
            .arg(id.left(8)),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        sp::db::whenDone(
            this, sp::orders::OrdersService::cancel(*m_db, id, dialog->reason()),
            [this, id] {
                showResult(true, tr("Order %1 is cancelled.").arg(id.left(8)));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Only a manager may cancel an order.")));
            });
    });
    dialog->open();
}

void OrdersPage::overrideSelected()
{
    const sp::orders::Order* selected = m_model->orderAt(m_model->rowOfOrder(selectedOrderId()));
    if (!selected || selected->lines.isEmpty())
        return;
    const sp::orders::Order order = *selected;
    auto* dialog = new ReasonDialog(
        tr("Override fulfilment source"),
        tr("Ship a line of order %1 from another location. The units committed to the order "
           "move there; the change is recorded with your name and reason.")
            .arg(order.id.left(8)),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* line = new QComboBox(dialog);
    line->setObjectName(QStringLiteral("overrideLine"));
    for (const sp::orders::OrderLine& l : order.lines)
        line->addItem(
            tr("%1: %2 × %3 from %4").arg(l.lineNo).arg(l.sku).arg(l.quantity).arg(l.location),
            l.lineNo);
    auto* location = new QComboBox(dialog);
    location->setObjectName(QStringLiteral("overrideLocation"));
    if (!m_locations.isEmpty()) {
        for (const sp::inventory::Location& l : std::as_const(m_locations))
            location->addItem(tr("%1 (%2)").arg(l.code, l.name), l.code);
    } else {
        QStringList codes;
        for (int row = 0; row < m_plan->rowCount(); ++row) {
            const QString code =
                m_plan->index(row, 0).data(FulfilmentPlanModel::LocationCodeRole).toString();
            if (!codes.contains(code))
                codes.append(code);
        }
        for (const QString& code : std::as_const(codes))
            location->addItem(code, code);
    }
    dialog->addField(tr("&Line:"), line);
    dialog->addField(tr("Ship &from:"), location);
    connect(dialog, &QDialog::accepted, this, [this, dialog, line, location, order] {
        const int lineNo = line->currentData().toInt();
        const QString to = location->currentData().toString();
        const QString reason = dialog->reason();
        sp::db::whenDone(
            this, sp::orders::OrdersService::overrideSource(*m_db, order.id, lineNo, to, reason),
            [this, lineNo, to] {
                showResult(true, tr("Line %1 now ships from %2.").arg(lineNo).arg(to));
                m_model->refresh();
            },
            [this](const sp::db::DbError& e) {
                showResult(false, errorText(e, tr("Only a manager may change where an "
                                                  "order ships from.")));
            });
    });
    dialog->open();
}

} // namespace sp::views
