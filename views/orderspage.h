#pragma once

#include "db/eventstream.h"
#include "inventory/stockcatalog.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace sp::db {
class Database;
}
namespace sp::models {
class FulfilmentPlanModel;
class OrdersModel;
} // namespace sp::models

namespace sp::views {

// The Orders page: recent orders; for the selected one its ranked fulfilment plans (where it
// could ship from, how far, what each place has now, why) and the staff overrides made so far.
// Override source… moves a line to another location with a reason; Ship… sends units of each
// line from its source (every unit left by default); Cancel order… releases an order not yet
// shipped, with a reason; Pick list… lists what is left to ship from a location. The database
// decides who may (clerks ship; managers override and cancel), and a refusal is shown in words.
class OrdersPage final : public QWidget
{
    Q_OBJECT

public:
    // role: the signed-in staff role; cancel and override are a manager's.
    explicit OrdersPage(sp::db::Database* db, const QString& role = {}, QWidget* parent = nullptr);

    sp::models::OrdersModel* model() const { return m_model; }
    sp::models::FulfilmentPlanModel* planModel() const { return m_plan; }
    QTableView* ordersView() const { return m_orders; }
    QTableView* planView() const { return m_planView; }
    QTreeWidget* overridesView() const { return m_overrides; }
    // The locations Override source… offers (read once, off the GUI thread).
    const QList<sp::inventory::Location>& locations() const { return m_locations; }
    // The selected order's id, empty when none.
    QString selectedOrderId() const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);
    void overrideSelected();
    void shipSelected();
    void cancelSelected();
    // Pick list…: every unit left to ship from one location, oldest order first.
    void showPickList();

signals:
    void actionFinished(bool ok, const QString& message);

private:
    void showSelectedOrder();
    void showResult(bool ok, const QString& message);

    sp::db::Database* m_db;
    QString m_role;
    sp::models::OrdersModel* m_model;
    sp::models::FulfilmentPlanModel* m_plan;
    QList<sp::inventory::Location> m_locations;
    QTableView* m_orders;
    QTableView* m_planView;
    QTreeWidget* m_overrides;
    QPushButton* m_override;
    QPushButton* m_ship;
    QPushButton* m_cancel;
    QPushButton* m_pick;
    QLabel* m_title;
    QLabel* m_status;
};

} // namespace sp::views
