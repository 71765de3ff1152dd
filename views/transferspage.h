#pragma once

#include "db/eventstream.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace sp::db {
class Database;
}
namespace sp::models {
class TransfersModel;
}
namespace sp::staff {
class Session;
}

namespace sp::views {

class MainWindow;

// The Transfers page: the transfers in transit, oldest first, with how long each has been on
// its way. Receive… records what arrived at the destination, in full or as counted: the units
// short are recorded as lost in transit. The receipt runs on the database's worker threads; a
// refusal is shown in words.
class TransfersPage final : public QWidget
{
    Q_OBJECT

public:
    explicit TransfersPage(sp::db::Database* db, QWidget* parent = nullptr);

    sp::models::TransfersModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    // The selected transfer's id, 0 when none.
    qint64 selectedTransferId() const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);
    // Receive…: how many units arrived (all by default) and a note, then the receipt.
    void receiveSelected();

signals:
    // A receipt finished (ok false: refused, message says why).
    void actionFinished(bool ok, const QString& message);

private:
    void updateActions();
    void showResult(bool ok, const QString& message);

    sp::db::Database* m_db;
    sp::models::TransfersModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QPushButton* m_receive;
    QLabel* m_count;
    QLabel* m_status;
};

// Adds the Transfers page to the main window ("transfers"), fed by the session's event stream
// like the Stock page, and loaded again once the stream has started (from then on no change is
// missed).
TransfersPage* addTransfersPage(MainWindow* window, sp::staff::Session* session);

} // namespace sp::views
