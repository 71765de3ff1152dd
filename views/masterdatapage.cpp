#include "masterdatapage.h"

#include "catalog/masterdata.h"
#include "db/whendone.h"
#include "errortext.h"
#include "mainwindow.h"
#include "masterdatamodels.h"
#include "skufield.h"
#include "staff/session.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>
#include <tuple>

namespace sp::views {

using sp::catalog::LocationRecord;
using sp::catalog::MasterData;
using sp::catalog::ReorderPolicy;
using sp::catalog::Supplier;
using sp::models::LocationsModel;
using sp::models::ReorderPoliciesModel;
using sp::models::SuppliersModel;

namespace {

// The same bounds as the database's checks (functions/22_master_data.sql).
constexpr int MaxUnits = 100'000'000;
constexpr double MaxMinimumOrder = 9'999'999'999.99;

// One master data record in a form. check() says what the form can see is wrong; the rest is
// the database's to refuse, and its words are shown with the label of the field it names, the
// dialog staying open so the input can be fixed.
class MasterDataDialog final : public QDialog
{
    Q_DECLARE_TR_FUNCTIONS(sp::views::MasterDataDialog)

public:
    MasterDataDialog(const QString& title, const QString& objectName, QWidget* parent)
        : QDialog(parent)
        , m_form(new QFormLayout)
        , m_error(new QLabel(this))
        , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    {
        setObjectName(objectName);
        setWindowTitle(title);
        setAttribute(Qt::WA_DeleteOnClose);
        m_error->setObjectName(QStringLiteral("error"));
        m_error->setWordWrap(true);
        m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
        m_error->hide();
        connect(m_buttons, &QDialogButtonBox::accepted, this, &MasterDataDialog::accept);
        connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        auto* layout = new QVBoxLayout(this);
        layout->addLayout(m_form);
        layout->addWidget(m_error);
        layout->addWidget(m_buttons);
        setMinimumWidth(420);
    }

    // A row; field is the name the database gives this input in its errors.
    template<typename W>
    W* add(const QString& label, W* widget, const char* objectName, const char* field)
    {
        widget->setObjectName(QLatin1String(objectName));
        m_form->addRow(label, widget);
        QString plain = label;
        plain.remove(QLatin1Char('&'));
        if (plain.endsWith(QLatin1Char(':')))
            plain.chop(1);
        m_fields.insert(QLatin1String(field), {plain, widget});
        return widget;
    }
    QFormLayout* form() const { return m_form; }
    void setOkText(const QString& text) { m_buttons->button(QDialogButtonBox::Ok)->setText(text); }
    QString errorMessage() const { return m_error->isVisible() ? m_error->text() : QString(); }

    std::function<bool()> ready;    // false: not yet (a barcode being looked up), say nothing
    std::function<QString()> check; // what is wrong in words, or empty
    std::function<QFuture<void>()> submit;
    std::function<void()> succeeded; // after the database took it, before the dialog closes

    void accept() override
    {
        if (m_busy || (ready && !ready()))
            return;
        const QString problem = check ? check() : QString();
        if (!problem.isEmpty()) {
            showError(problem);
            return;
        }
        showError({});
        setBusy(true);
        sp::db::whenDone(
            this, submit(),
            [this] {
                setBusy(false);
                if (succeeded)
                    succeeded();
                QDialog::accept();
            },
            [this](const sp::db::DbError& e) {
                setBusy(false);
                QString text = errorText(e, tr("Managers may change master data."));
                const auto field = m_fields.constFind(e.field());
                if (field != m_fields.cend()) {
                    text = tr("%1: %2").arg(field->first, text);
                    field->second->setFocus();
                }
                showError(text);
            });
    }

private:
    void showError(const QString& text)
    {
        m_error->setText(text);
        m_error->setVisible(!text.isEmpty());
    }
    void setBusy(bool busy)
    {
        m_busy = busy;
        m_buttons->setEnabled(!busy);
        setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
    }

    QFormLayout* m_form;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
    QHash<QString, QPair<QString, QWidget*>> m_fields;
    bool m_busy = false;
};

QDoubleSpinBox* coordinateBox(double limit, double value, QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(-limit, limit);
    box->setDecimals(6);
    box->setValue(value);
    return box;
}

QPushButton* button(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    return b;
}

} // namespace

MasterDataPage::MasterDataPage(sp::db::Database* db, const QString& role, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_mayEdit(role == QLatin1String("manager") || role == QLatin1String("admin"))
    , m_locations(new LocationsModel(db, this))
    , m_suppliers(new SuppliersModel(db, this))
    , m_policies(new ReorderPoliciesModel(db, this))
    , m_tabs(new QTabWidget(this))
    , m_policySearch(new SkuField(db, this))
    , m_addLocation(button(tr("&Add…"), QStringLiteral("addLocation"), this))
    , m_editLocation(button(tr("&Edit…"), QStringLiteral("editLocation"), this))
    , m_deactivate(button(tr("&Take out of use"), QStringLiteral("deactivateLocation"), this))
    , m_activate(button(tr("&Put back in use"), QStringLiteral("activateLocation"), this))
    , m_addSupplier(button(tr("&Add…"), QStringLiteral("addSupplier"), this))
    , m_editSupplier(button(tr("&Edit…"), QStringLiteral("editSupplier"), this))
    , m_setPolicy(button(tr("&Set…"), QStringLiteral("setPolicy"), this))
    , m_clearPolicy(button(tr("&Clear"), QStringLiteral("clearPolicy"), this))
    , m_policyNote(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_tabs->setObjectName(QStringLiteral("masterDataTabs"));
    m_status->setObjectName(QStringLiteral("masterDataStatus"));
    m_status->setWordWrap(true);
    m_policyNote->setObjectName(QStringLiteral("policyNote"));
    m_policySearch->setObjectName(QStringLiteral("policySearch"));
    m_policySearch->setPlaceholderText(tr("Search SKU or product name, or scan a barcode…"));
    m_policySearch->setClearButtonEnabled(true);
    m_policySearch->messageLabel()->setWordWrap(false);

    m_tabs->addTab(createTab(Tab::Locations, m_locations, m_locationTable,
                             {m_addLocation, m_editLocation, m_deactivate, m_activate}),
                   tr("&Locations"));
    m_tabs->addTab(
        createTab(Tab::Suppliers, m_suppliers, m_supplierTable, {m_addSupplier, m_editSupplier}),
        tr("S&uppliers"));
    m_tabs->addTab(
        createTab(Tab::Policies, m_policies, m_policyTable, {m_setPolicy, m_clearPolicy}),
        tr("&Reorder policies"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);

    connect(m_addLocation, &QPushButton::clicked, this, &MasterDataPage::addLocation);
    connect(m_editLocation, &QPushButton::clicked, this, &MasterDataPage::editLocation);
    connect(m_deactivate, &QPushButton::clicked, this, [this] { setLocationActive(false); });
    connect(m_activate, &QPushButton::clicked, this, [this] { setLocationActive(true); });
    connect(m_addSupplier, &QPushButton::clicked, this, &MasterDataPage::addSupplier);
    connect(m_editSupplier, &QPushButton::clicked, this, &MasterDataPage::editSupplier);
    connect(m_setPolicy, &QPushButton::clicked, this, &MasterDataPage::setPolicy);
    connect(m_clearPolicy, &QPushButton::clicked, this, &MasterDataPage::clearPolicy);
    for (QTableView* view : {m_locationTable.view, m_supplierTable.view, m_policyTable.view})
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &MasterDataPage::updateActions);
    // A double click edits, as people expect of a list of records.
    connect(m_locationTable.view, &QTableView::doubleClicked, this, [this] {
        if (m_editLocation->isEnabled())
            editLocation();
    });
    connect(m_supplierTable.view, &QTableView::doubleClicked, this, [this] {
        if (m_editSupplier->isEnabled())
            editSupplier();
    });
    connect(m_policyTable.view, &QTableView::doubleClicked, this, [this] {
        if (m_setPolicy->isEnabled())
            setPolicy();
    });

    // The search runs in SQL: after a pause in typing, at once on Enter or a scan.
    auto* typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(250);
    const auto search = [this, typing] {
        typing->stop();
        if (!m_policySearch->isLookingUp() &&
            m_policySearch->text().trimmed() != m_policies->search())
            m_policies->setSearch(m_policySearch->text());
    };
    connect(typing, &QTimer::timeout, this, search);
    connect(m_policySearch, &QLineEdit::textChanged, typing, qOverload<>(&QTimer::start));
    connect(m_policySearch, &QLineEdit::returnPressed, this, search);
    connect(m_policySearch, &SkuField::lookupStarted, typing, &QTimer::stop);
    connect(m_policySearch, &SkuField::resolved, this, search);

    connect(m_locations, &LocationsModel::loaded, this, [this] {
        if (!m_selectLocation.isEmpty() && selectLocation(m_selectLocation))
            m_selectLocation.clear();
        updateActions();
    });
    connect(m_suppliers, &SuppliersModel::loaded, this, [this] {
        if (!m_selectSupplier.isEmpty() && selectSupplier(m_selectSupplier))
            m_selectSupplier.clear();
        updateActions();
    });
    connect(m_policies, &ReorderPoliciesModel::loaded, this, [this] {
        if (!m_selectPolicy.first.isEmpty() &&
            selectPolicy(m_selectPolicy.first, m_selectPolicy.second))
            m_selectPolicy = {};
        m_policyNote->setText(m_policies->rowCount() >= ReorderPoliciesModel::RowLimit
                                  ? tr("The first %1 policies by SKU; search to find others.")
                                        .arg(QLocale().toString(ReorderPoliciesModel::RowLimit))
                                  : tr("%n policy(ies)", nullptr, m_policies->rowCount()));
        updateActions();
    });
    for (QAbstractItemModel* model :
         std::initializer_list<QAbstractItemModel*>{m_locations, m_suppliers, m_policies})
        connect(model, &QAbstractItemModel::modelReset, this, &MasterDataPage::updateActions);
    connect(m_locations, &LocationsModel::dataChanged, this, &MasterDataPage::updateActions);
    const auto failed = [this](const QString& message) {
        showResult(false, tr("The master data could not be read: %1").arg(message));
    };
    connect(m_locations, &LocationsModel::errorOccurred, this, failed);
    connect(m_suppliers, &SuppliersModel::errorOccurred, this, failed);
    connect(m_policies, &ReorderPoliciesModel::errorOccurred, this, failed);

    updateActions();
    reload();
}

QWidget* MasterDataPage::createTab(Tab tab, QAbstractItemModel* model, Table& table,
                                   const QList<QPushButton*>& edits)
{
    static const char* const names[] = {"locations", "suppliers", "policies"};
    const QString name = QLatin1String(names[int(tab)]);
    auto* widget = new QWidget(this);
    auto* layout = new QVBoxLayout(widget);
    if (tab == Tab::Policies) {
        auto* row = new QHBoxLayout;
        row->addWidget(m_policySearch, 1);
        row->addWidget(m_policySearch->messageLabel());
        row->addWidget(m_policyNote);
        layout->addLayout(row);
    }
    table.proxy = new QSortFilterProxyModel(this);
    table.proxy->setSourceModel(model);
    table.proxy->setSortRole(tab == Tab::Locations   ? int(LocationsModel::SortValueRole)
                             : tab == Tab::Suppliers ? int(SuppliersModel::SortValueRole)
                                                     : int(ReorderPoliciesModel::SortValueRole));
    table.view = new QTableView(widget);
    table.view->setObjectName(name + QStringLiteral("Table"));
    table.view->setModel(table.proxy);
    table.view->setSelectionBehavior(QAbstractItemView::SelectRows);
    table.view->setSelectionMode(QAbstractItemView::SingleSelection);
    table.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The database's order until a header is clicked.
    table.view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table.view->setSortingEnabled(true);
    table.view->verticalHeader()->hide();
    table.view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table.view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table.view, 1);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : edits)
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto* import = button(tr("&Import…"), QStringLiteral("import_") + name, widget);
    auto* exportButton = button(tr("E&xport…"), QStringLiteral("export_") + name, widget);
    buttons->addWidget(import);
    buttons->addWidget(exportButton);
    m_imports.append(import);
    connect(import, &QPushButton::clicked, this, [this, tab] { importFile(tab); });
    connect(exportButton, &QPushButton::clicked, this, [this, tab] { exportFile(tab); });
    layout->addLayout(buttons);
    return widget;
}

void MasterDataPage::reload()
{
    m_locations->reload();
    m_suppliers->reload();
    m_policies->reload();
}

void MasterDataPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_locations->applyEvents(events);
    m_suppliers->applyEvents(events);
    m_policies->applyEvents(events);
}

int MasterDataPage::selectedRow(const Table& table) const
{
    const QModelIndexList rows = table.view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : table.proxy->mapToSource(rows.first()).row();
}

bool MasterDataPage::selectRow(const Table& table, int row)
{
    if (row < 0)
        return false;
    const QModelIndex index = table.proxy->mapFromSource(table.proxy->sourceModel()->index(row, 0));
    table.view->selectRow(index.row());
    table.view->scrollTo(index);
    return true;
}

bool MasterDataPage::selectLocation(const QString& code)
{
    return selectRow(m_locationTable, m_locations->rowOfCode(code));
}

bool MasterDataPage::selectSupplier(const QString& name)
{
    return selectRow(m_supplierTable, m_suppliers->rowOfName(name));
}

bool MasterDataPage::selectPolicy(const QString& sku, const QString& location)
{
    return selectRow(m_policyTable, m_policies->rowOf(sku, location));
}

QString MasterDataPage::selectedLocationCode() const
{
    const LocationRecord* l = m_locations->locationAt(selectedRow(m_locationTable));
    return l ? l->code : QString();
}

QString MasterDataPage::selectedSupplierName() const
{
    const Supplier* s = m_suppliers->supplierAt(selectedRow(m_supplierTable));
    return s ? s->name : QString();
}

void MasterDataPage::updateActions()
{
    const LocationRecord* location = m_locations->locationAt(selectedRow(m_locationTable));
    const bool supplier = m_suppliers->supplierAt(selectedRow(m_supplierTable)) != nullptr;
    const bool policy = m_policies->policyAt(selectedRow(m_policyTable)) != nullptr;
    m_addLocation->setEnabled(m_mayEdit);
    m_editLocation->setEnabled(m_mayEdit && location);
    m_deactivate->setEnabled(m_mayEdit && location && location->active);
    m_activate->setEnabled(m_mayEdit && location && !location->active);
    m_addSupplier->setEnabled(m_mayEdit);
    m_editSupplier->setEnabled(m_mayEdit && supplier);
    m_setPolicy->setEnabled(m_mayEdit);
    m_clearPolicy->setEnabled(m_mayEdit && policy);
    for (QPushButton* b : m_imports)
        b->setEnabled(m_mayEdit);
    if (!m_mayEdit) {
        const QString why = tr("Managers may change master data.");
        for (QPushButton* b : {m_addLocation, m_editLocation, m_deactivate, m_activate,
                               m_addSupplier, m_editSupplier, m_setPolicy, m_clearPolicy})
            b->setToolTip(why);
        for (QPushButton* b : m_imports)
            b->setToolTip(why);
        return;
    }
    m_addLocation->setToolTip(tr("A new warehouse, store or online location."));
    m_editLocation->setToolTip(tr("Change the selected location's name, kind or position."));
    m_deactivate->setToolTip(tr("The agent's rules pass a location out of use by. The database "
                                "refuses while stock, incoming goods or orders to ship are "
                                "left there."));
    m_activate->setToolTip(tr("Use the selected location again."));
    m_addSupplier->setToolTip(tr("A new supplier that products can name."));
    m_editSupplier->setToolTip(tr("Change the selected supplier's lead time, e-mail or minimum "
                                  "order."));
    m_setPolicy->setToolTip(tr("A minimum and a maximum for a SKU at a location: the stock check "
                               "orders up to the maximum when available and incoming fall "
                               "below the minimum."));
    m_clearPolicy->setToolTip(tr("Back to the reorder point from demand for the selected SKU and "
                                 "location."));
    for (QPushButton* b : m_imports)
        b->setToolTip(tr("Import a CSV file of this tab's kind; a file with a bad line changes "
                         "nothing and lists every bad line."));
}

void MasterDataPage::showResult(bool ok, const QString& message)
{
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_status->setText(message);
    if (!ok) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Master data"), message,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("masterDataRefusal"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit actionFinished(ok, message);
}

void MasterDataPage::addLocation()
{
    editLocationDialog(true);
}

void MasterDataPage::editLocation()
{
    editLocationDialog(false);
}

void MasterDataPage::editLocationDialog(bool adding)
{
    const LocationRecord* selected = m_locations->locationAt(selectedRow(m_locationTable));
    if (!m_mayEdit || (!adding && !selected))
        return;
    const LocationRecord current = adding ? LocationRecord{} : *selected;
    auto* dialog =
        new MasterDataDialog(adding ? tr("Add Location") : tr("Edit Location %1").arg(current.code),
                             QStringLiteral("locationDialog"), this);
    auto* code =
        dialog->add(tr("&Code:"), new QLineEdit(current.code, dialog), "locationCode", "code");
    code->setPlaceholderText(tr("e.g. ST7"));
    code->setMaxLength(32);
    code->setReadOnly(!adding); // locations are known by their code everywhere
    auto* name =
        dialog->add(tr("&Name:"), new QLineEdit(current.name, dialog), "locationName", "name");
    name->setMaxLength(100);
    auto* kind = dialog->add(tr("&Kind:"), new QComboBox(dialog), "locationKind", "kind");
    for (const char* k : {"store", "warehouse", "online"})
        kind->addItem(LocationsModel::kindText(QLatin1String(k)), QLatin1String(k));
    if (!adding)
        kind->setCurrentIndex(kind->findData(current.kind));
    auto* latitude = dialog->add(tr("&Latitude:"), coordinateBox(90, current.latitude, dialog),
                                 "latitude", "latitude");
    auto* longitude = dialog->add(tr("L&ongitude:"), coordinateBox(180, current.longitude, dialog),
                                  "longitude", "longitude");
    dialog->setOkText(adding ? tr("Add") : tr("Save"));
    dialog->check = [code, name] {
        static const QRegularExpression codes(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
        if (!codes.match(code->text().trimmed()).hasMatch()) {
            code->setFocus();
            return tr("The code must be 1 to 32 letters, digits, \"-\" or \"_\".");
        }
        if (name->text().trimmed().isEmpty()) {
            name->setFocus();
            return tr("Enter the location's name.");
        }
        return QString();
    };
    const auto record = [code, name, kind, latitude, longitude] {
        LocationRecord l;
        l.code = code->text().trimmed();
        l.name = name->text().trimmed();
        l.kind = kind->currentData().toString();
        l.latitude = latitude->value();
        l.longitude = longitude->value();
        return l;
    };
    dialog->submit = [this, record] {
        return MasterData::setLocation(*m_db, record());
    };
    dialog->succeeded = [this, record, adding] {
        const LocationRecord l = record();
        m_selectLocation = l.code;
        showResult(true, adding ? tr("Location %1 was added.").arg(l.code)
                                : tr("Location %1 was changed.").arg(l.code));
        m_locations->refresh();
    };
    dialog->open();
}

void MasterDataPage::setLocationActive(bool active)
{
    const LocationRecord* selected = m_locations->locationAt(selectedRow(m_locationTable));
    if (!m_mayEdit || !selected || selected->active == active)
        return;
    const QString code = selected->code;
    sp::db::whenDone(
        this, MasterData::setLocationActive(*m_db, code, active),
        [this, code, active] {
            showResult(true, active ? tr("Location %1 is in use again.").arg(code)
                                    : tr("Location %1 is out of use.").arg(code));
            m_locations->refresh();
        },
        [this](const sp::db::DbError& e) {
            // The database says what is left there (stock, goods on the way, orders to ship).
            showResult(false, errorText(e, tr("Managers may change master data.")));
        });
}

void MasterDataPage::addSupplier()
{
    editSupplierDialog(true);
}

void MasterDataPage::editSupplier()
{
    editSupplierDialog(false);
}

void MasterDataPage::editSupplierDialog(bool adding)
{
    const Supplier* selected = m_suppliers->supplierAt(selectedRow(m_supplierTable));
    if (!m_mayEdit || (!adding && !selected))
        return;
    const Supplier current = adding ? Supplier{} : *selected;
    auto* dialog =
        new MasterDataDialog(adding ? tr("Add Supplier") : tr("Edit Supplier %1").arg(current.name),
                             QStringLiteral("supplierDialog"), this);
    auto* name =
        dialog->add(tr("&Name:"), new QLineEdit(current.name, dialog), "supplierName", "name");
    name->setMaxLength(200);
    name->setReadOnly(!adding); // products name their supplier by its name
    auto* lead = dialog->add(tr("&Lead time:"), new QSpinBox(dialog), "leadTime", "lead_time_days");
    lead->setRange(0, 365);
    lead->setSuffix(tr(" days"));
    lead->setValue(current.leadTimeDays);
    auto* email =
        dialog->add(tr("&E-mail:"), new QLineEdit(current.email, dialog), "email", "email");
    email->setPlaceholderText(tr("orders@supplier.example (optional)"));
    auto* minimum = dialog->add(tr("&Minimum order:"), new QDoubleSpinBox(dialog), "minimumOrder",
                                "minimum_order");
    minimum->setRange(0, MaxMinimumOrder);
    minimum->setDecimals(2);
    minimum->setSpecialValueText(tr("none"));
    minimum->setValue(current.minimumOrder);
    dialog->setOkText(adding ? tr("Add") : tr("Save"));
    dialog->check = [name, email] {
        if (name->text().trimmed().isEmpty()) {
            name->setFocus();
            return tr("Enter the supplier's name.");
        }
        const QString address = email->text().trimmed();
        if (!address.isEmpty() && !address.contains(QLatin1Char('@'))) {
            email->setFocus();
            return tr("E-mail: \"%1\" is not an e-mail address.").arg(address);
        }
        return QString();
    };
    const auto record = [name, lead, email, minimum] {
        Supplier s;
        s.name = name->text().trimmed();
        s.leadTimeDays = lead->value();
        s.email = email->text().trimmed();
        s.minimumOrder = minimum->value();
        return s;
    };
    dialog->submit = [this, record] {
        return MasterData::setSupplier(*m_db, record());
    };
    dialog->succeeded = [this, record, adding] {
        const QString supplier = record().name;
        m_selectSupplier = supplier;
        showResult(true, adding ? tr("Supplier %1 was added.").arg(supplier)
                                : tr("Supplier %1 was changed.").arg(supplier));
        m_suppliers->refresh();
    };
    dialog->open();
}

void MasterDataPage::setPolicy()
{
    if (!m_mayEdit)
        return;
    const ReorderPolicy* selected = m_policies->policyAt(selectedRow(m_policyTable));
    const ReorderPolicy current = selected ? *selected : ReorderPolicy{};
    auto* dialog =
        new MasterDataDialog(tr("Set Reorder Policy"), QStringLiteral("policyDialog"), this);
    auto* explanation =
        new QLabel(tr("The stock check orders up to the maximum when available and incoming "
                      "units fall below the minimum, instead of following the demand."),
                   dialog);
    explanation->setWordWrap(true);
    dialog->form()->addRow(explanation);
    auto* sku = dialog->add(tr("&SKU:"), new SkuField(m_db, dialog), "policySku", "sku");
    sku->setText(current.sku);
    sku->setPlaceholderText(tr("e.g. SKU000001, or scan the barcode"));
    dialog->form()->addRow(QString(), sku->messageLabel());
    auto* location =
        dialog->add(tr("&Location:"), new QComboBox(dialog), "policyLocation", "location");
    for (int row = 0; row < m_locations->rowCount(); ++row) {
        const LocationRecord* l = m_locations->locationAt(row);
        location->addItem(QStringLiteral("%1 – %2").arg(l->code, l->name), l->code);
    }
    if (selected)
        location->setCurrentIndex(location->findData(current.location));
    auto* min = dialog->add(tr("M&inimum:"), new QSpinBox(dialog), "policyMin", "min");
    min->setRange(0, MaxUnits);
    min->setValue(current.min);
    auto* max = dialog->add(tr("M&aximum:"), new QSpinBox(dialog), "policyMax", "max");
    max->setRange(1, MaxUnits);
    max->setValue(selected ? current.max : 1);
    dialog->setOkText(tr("Set"));
    dialog->ready = [sku] {
        // A barcode without its Enter: show the SKU it stands for first.
        if (sku->needsLookup() || sku->isLookingUp()) {
            sku->lookUp();
            return false;
        }
        return true;
    };
    dialog->check = [sku, location, min, max] {
        if (sku->text().trimmed().isEmpty()) {
            sku->setFocus();
            return tr("Enter a SKU.");
        }
        if (sku->isUnknownBarcode())
            return sku->message();
        if (location->currentIndex() < 0)
            return tr("Choose a location.");
        if (max->value() <= min->value()) {
            max->setFocus();
            return tr("The maximum (%1) must be above the minimum (%2).")
                .arg(max->value())
                .arg(min->value());
        }
        return QString();
    };
    const auto values = [sku, location, min, max] {
        return std::tuple{sku->text().trimmed().toUpper(), location->currentData().toString(),
                          min->value(), max->value()};
    };
    dialog->submit = [this, values] {
        const auto [s, l, lo, hi] = values();
        return MasterData::setPolicy(*m_db, s, l, lo, hi);
    };
    dialog->succeeded = [this, values] {
        const auto [s, l, lo, hi] = values();
        m_selectPolicy = {s, l};
        showResult(true, tr("%1 at %2: order up to %3 when below %4.")
                             .arg(s, l, QLocale().toString(hi), QLocale().toString(lo)));
        m_policies->refresh();
    };
    dialog->open();
}

void MasterDataPage::clearPolicy()
{
    const ReorderPolicy* selected = m_policies->policyAt(selectedRow(m_policyTable));
    if (!m_mayEdit || !selected)
        return;
    const QString sku = selected->sku;
    const QString location = selected->location;
    sp::db::whenDone(
        this, MasterData::clearPolicy(*m_db, sku, location),
        [this, sku, location] {
            showResult(true, tr("%1 at %2 follows the demand again.").arg(sku, location));
            m_policies->refresh();
        },
        [this](const sp::db::DbError& e) {
            showResult(false, errorText(e, tr("Managers may change master data.")));
        });
}

void MasterDataPage::importFile(Tab tab, const QString& path)
{
    if (!m_mayEdit)
        return;
    const CsvTransfer::Kind kind = tab == Tab::Locations   ? CsvTransfer::Kind::Locations
                                   : tab == Tab::Suppliers ? CsvTransfer::Kind::Suppliers
                                                           : CsvTransfer::Kind::Policies;
    watch(path.isEmpty() ? CsvTransfer::startImport(m_db, this, kind)
                         : CsvTransfer::importFile(m_db, path, this, kind));
}

void MasterDataPage::exportFile(Tab tab, const QString& path)
{
    const CsvTransfer::Kind kind = tab == Tab::Locations   ? CsvTransfer::Kind::Locations
                                   : tab == Tab::Suppliers ? CsvTransfer::Kind::Suppliers
                                                           : CsvTransfer::Kind::Policies;
    watch(path.isEmpty() ? CsvTransfer::startExport(m_db, kind, this)
                         : CsvTransfer::exportFile(m_db, kind, path, this));
}

void MasterDataPage::watch(CsvTransfer* transfer)
{
    // The transfer shows its own result; the lists follow through the import's event.
    if (transfer)
        connect(transfer, &CsvTransfer::finished, this, &MasterDataPage::actionFinished);
}

MasterDataPage* addMasterDataPage(MainWindow* window, sp::staff::Session* session)
{
    auto* page = new MasterDataPage(session->database(), session->role(), window);
    page->setObjectName(QStringLiteral("masterDataPage"));
    window->addPage(QStringLiteral("master-data"), MasterDataPage::tr("Master Data"),
                    window->style()->standardIcon(QStyle::SP_FileDialogDetailedView), page);
    QObject::connect(session->events(), &sp::db::EventStream::eventsReceived, page,
                     &MasterDataPage::applyEvents);
    QObject::connect(session, &sp::staff::Session::started, page, [page] { page->reload(); });
    return page;
}

} // namespace sp::views
