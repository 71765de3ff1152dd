#pragma once

#include "csvtransfer.h"
#include "db/eventstream.h"

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace sp::db {
class Database;
}
namespace sp::models {
class LocationsModel;
class ReorderPoliciesModel;
class SuppliersModel;
} // namespace sp::models
namespace sp::staff {
class Session;
}

namespace sp::views {

class MainWindow;
class SkuField;

// The Master Data page: three tabs, each a live list. Locations (code, name, kind, position, in
// use): Add…, Edit…, Take out of use (the database refuses while stock, incoming goods or orders
// to ship are left there, and says what) and Put back in use. Suppliers (lead time, e-mail,
// minimum order, the products naming each): Add…, Edit…. Reorder policies (a minimum and a
// maximum per SKU and location), searched by SKU or name in SQL: Set…, Clear. Each tab imports
// and exports its CSV file. Managers and admins change master data; for clerks every changing
// action is disabled and says so (the database decides in any case). Dialogs check what they
// can and otherwise show the database's refusal in words, with the field it names.
class MasterDataPage final : public QWidget
{
    Q_OBJECT

public:
    enum class Tab { Locations, Suppliers, Policies };

    // role: the signed-in staff role ("clerk", "manager", "admin").
    MasterDataPage(sp::db::Database* db, const QString& role, QWidget* parent = nullptr);

    sp::models::LocationsModel* locationsModel() const { return m_locations; }
    sp::models::SuppliersModel* suppliersModel() const { return m_suppliers; }
    sp::models::ReorderPoliciesModel* policiesModel() const { return m_policies; }
    QTabWidget* tabs() const { return m_tabs; }
    SkuField* policySearch() const { return m_policySearch; }

    void reload();
    // Selects a row of a tab (shown sorted); false when there is none such.
    bool selectLocation(const QString& code);
    bool selectSupplier(const QString& name);
    bool selectPolicy(const QString& sku, const QString& location);
    QString selectedLocationCode() const;
    QString selectedSupplierName() const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);
    void addLocation();
    void editLocation();
    // Take out of use (false) or put back in use (true): the selected location.
    void setLocationActive(bool active);
    void addSupplier();
    void editSupplier();
    // Set…: the selected policy's SKU and location, or a new one.
    void setPolicy();
    void clearPolicy();
    // Import…/Export… of a tab's file; path empty asks for one.
    void importFile(Tab tab, const QString& path = {});
    void exportFile(Tab tab, const QString& path = {});

signals:
    // An action finished (ok false: refused, message says why); imports and exports too.
    void actionFinished(bool ok, const QString& message);

private:
    struct Table
    {
        QTableView* view = nullptr;
        QSortFilterProxyModel* proxy = nullptr;
    };

    QWidget* createTab(Tab tab, QAbstractItemModel* model, Table& table,
                       const QList<QPushButton*>& edits);
    void editLocationDialog(bool adding);
    void editSupplierDialog(bool adding);
    int selectedRow(const Table& table) const;
    bool selectRow(const Table& table, int row);
    void updateActions();
    void showResult(bool ok, const QString& message);
    void watch(CsvTransfer* transfer);

    sp::db::Database* m_db;
    bool m_mayEdit;
    sp::models::LocationsModel* m_locations;
    sp::models::SuppliersModel* m_suppliers;
    sp::models::ReorderPoliciesModel* m_policies;
    QTabWidget* m_tabs;
    Table m_locationTable;
    Table m_supplierTable;
    Table m_policyTable;
    SkuField* m_policySearch;
    QPushButton* m_addLocation;
    QPushButton* m_editLocation;
    QPushButton* m_deactivate;
    QPushButton* m_activate;
    QPushButton* m_addSupplier;
    QPushButton* m_editSupplier;
    QPushButton* m_setPolicy;
    QPushButton* m_clearPolicy;
    QList<QPushButton*> m_imports;
    QLabel* m_policyNote;
    QLabel* m_status;
    // A row added here, selected once the list shows it.
    QString m_selectLocation;
    QString m_selectSupplier;
    QPair<QString, QString> m_selectPolicy;
};

// Adds the Master Data page ("master-data") to the main window, fed by the session's event
// stream and loaded again once the stream has started.
MasterDataPage* addMasterDataPage(MainWindow* window, sp::staff::Session* session);

} // namespace sp::views
