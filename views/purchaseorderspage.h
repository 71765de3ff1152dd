#pragma once

#include "db/eventstream.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace sp::db {
class Database;
}
namespace sp::models {
class PurchaseOrdersModel;
}
namespace sp::staff {
class Session;
}

namespace sp::views {

class MainWindow;

// The Purchase Orders page: every purchase order, newest first; for the selected one its lines
// (ordered, received, still expected, over-delivered). Receive… takes in a delivery, in full or
// line by line (more than ordered only when accepted); Close… ends an order that will not come
// in full, with a reason (managers: for other roles the button is disabled and says so); the
// order's document can be saved as PDF or CSV for the supplier. The database decides who may,
// and a refusal is shown in words.
class PurchaseOrdersPage final : public QWidget
{
    Q_OBJECT

public:
    // role: the signed-in staff role ("clerk", "manager", "admin").
    PurchaseOrdersPage(sp::db::Database* db, const QString& role, QWidget* parent = nullptr);

    sp::models::PurchaseOrdersModel* model() const { return m_model; }
    QTableView* ordersView() const { return m_orders; }
    QTreeWidget* linesView() const { return m_lines; }
    // The selected order's id, 0 when none.
    qint64 selectedOrderId() const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);
    void receiveSelected();
    void closeSelected();
    // Save as PDF… / CSV…: the selected order's document; path empty asks for one.
    void savePdf(const QString& path = {});
    void saveCsv(const QString& path = {});

signals:
    void actionFinished(bool ok, const QString& message);

private:
    void showSelectedOrder();
    void showResult(bool ok, const QString& message);

    sp::db::Database* m_db;
    bool m_mayClose;
    sp::models::PurchaseOrdersModel* m_model;
    QTableView* m_orders;
    QTreeWidget* m_lines;
    QPushButton* m_receive;
    QPushButton* m_close;
    QPushButton* m_pdf;
    QPushButton* m_csv;
    QLabel* m_title;
    QLabel* m_status;
};

// Adds the Purchase Orders page ("purchase-orders") to the main window, fed by the session's
// event stream and loaded again once the stream has started.
PurchaseOrdersPage* addPurchaseOrdersPage(MainWindow* window, sp::staff::Session* session);

} // namespace sp::views
