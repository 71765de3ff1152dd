#pragma once

#include "db/eventstream.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace sp::db {
class Database;
}
namespace sp::models {
class HoldsModel;
}

namespace sp::views {

// The Holds page: the live holds with their countdown, a filter box (SKU or cart), and staff
// extending or releasing a hold with a reason. The actions run on the database's worker
// threads; a refusal is shown in words.
class HoldsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit HoldsPage(sp::db::Database* db, QWidget* parent = nullptr);

    sp::models::HoldsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public slots:
    void applyEvents(const QList<sp::db::Event>& events);
    void extendSelected();
    void releaseSelected();

signals:
    // An extend or release finished (ok false: refused, message says why).
    void actionFinished(bool ok, const QString& message);

private:
    QString selectedHoldId() const;
    void updateActions();
    void showResult(bool ok, const QString& message);

    sp::db::Database* m_db;
    sp::models::HoldsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTimer* m_filterDelay;
    QTableView* m_view;
    QPushButton* m_extend;
    QPushButton* m_release;
    QLabel* m_count;
    QLabel* m_status;
};

} // namespace sp::views
