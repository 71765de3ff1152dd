#pragma once

#include "db/eventstream.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;

namespace sp::db {
class Database;
}
namespace sp::models {
class DeadLettersModel;
}

namespace sp::views {

// The webhook dead-letter list for admins (Agent > Dead Webhook Deliveries): every item that
// gave up, with its endpoint, attempts and last error, and "Requeue" to send the selected ones
// again once the endpoint is fixed. Live while open: items dying or sent again elsewhere show.
class DeadLettersDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit DeadLettersDialog(sp::db::Database* db, QWidget* parent = nullptr);

    sp::models::DeadLettersModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* requeueButton() const { return m_requeue; }
    QLabel* messageLabel() const { return m_message; }
    QList<qint64> selectedIds() const;

public slots:
    void reload();
    void applyEvents(const QList<sp::db::Event>& events);
    void requeueSelected();

private:
    void updateButtons();

    sp::models::DeadLettersModel* m_model;
    QTableView* m_table;
    QPushButton* m_requeue;
    QLabel* m_message;
    bool m_busy = false;
};

} // namespace sp::views
