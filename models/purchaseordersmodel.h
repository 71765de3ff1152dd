#pragma once

#include "db/eventstream.h"
#include "livelistmodel.h"
#include "purchasing/purchaseorders.h"

namespace sp::db {
class Database;
}

namespace sp::models {

// The Purchase Orders page's list: purchase orders, newest first, with their lines
// (PurchaseOrders::list through the ModelLoader).
//
// Live: an order created, received or closed anywhere (applyEvents) fetches the list again
// and applies the difference, so the selection stays.
class PurchaseOrdersModel final : public LiveListModel<sp::purchasing::PurchaseOrder>
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        CreatedColumn,
        SupplierColumn,
        LocationColumn,
        StatusColumn,
        ReceivedColumn,
        TotalColumn,
        ColumnCount
    };
    enum Role {
        PurchaseOrderIdRole = Qt::UserRole + 1, // qint64
        SortValueRole,
    };

    static constexpr int RowLimit = 500;

    explicit PurchaseOrdersModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::purchasing::PurchaseOrder* orderAt(int row) const { return rowAt(row); }
    int rowOfOrder(qint64 id) const;

    // The status as people read it ("partly received").
    static QString statusText(const QString& status);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    // The order in this row was replaced by a newer version of it.
    void orderChanged(qint64 id);
    void errorOccurred(const QString& message);

private:
    void load() override;

    sp::db::Database* m_db;
};

} // namespace sp::models
