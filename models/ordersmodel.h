#pragma once

#include "db/eventstream.h"
#include "inventory/stockcatalog.h"
#include "livelistmodel.h"
#include "modelloader.h"
#include "orders/ordersservice.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace sp::db {
class Database;
}

namespace sp::models {

// The Orders page's list: recent orders, newest first, with their lines, candidate fulfilment
// plans and staff overrides (OrdersService::recentOrders through the ModelLoader).
//
// Live: a checkout or a source override (applyEvents) fetches the list again and applies the
// difference: new orders are inserted at the top, changed ones emit dataChanged, so the
// selection stays.
class OrdersModel final : public LiveListModel<sp::orders::Order>
{
    Q_OBJECT

public:
    enum Column {
        OrderColumn,
        CreatedColumn,
        StatusColumn,
        LinesColumn,
        OverridesColumn,
        ColumnCount
    };
    enum Role {
        OrderIdRole = Qt::UserRole + 1,
        SortValueRole,
    };

    static constexpr int RowLimit = 200;

    explicit OrdersModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::orders::Order* orderAt(int row) const;
    int rowOfOrder(const QString& orderId) const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    // The order in this row was replaced by a newer version of it (lines, overrides, status).
    void orderChanged(const QString& orderId);
    void errorOccurred(const QString& message);

private:
    void load() override;
    void applyLoad(QList<sp::orders::Order> orders, bool reset);

    sp::db::Database* m_db;
};

// One order's fulfilment plan as the page shows it: the ranked candidate plans, one row per
// shipment (a plan that splits the order has several), with the distance, the units the
// location ships, what that location has available now, and the plan's reason.
//
// "Available now" is read (sp::inventory::stockDetails) when the order is set, and kept current
// from the InventoryUpdate events of the order's SKUs (their payload carries the new figures;
// those that arrive while the figures are read are applied again once they are in).
class FulfilmentPlanModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        RankColumn,
        LocationColumn,
        DistanceColumn,
        ItemsColumn,
        AvailableColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role {
        RankRole = Qt::UserRole + 1, // int
        ChosenRole,                  // bool
        LocationCodeRole,
    };

    explicit FulfilmentPlanModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shows this order's plans (an empty order: nothing).
    void setOrder(const sp::orders::Order& order);
    QString orderId() const { return m_orderId; }
    // -1 until read (or when the SKU is not stocked there).
    int available(const QString& sku, const QString& location) const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void stockLoaded();
    void errorOccurred(const QString& message);

private:
    struct Shipment
    {
        int rank = 0;
        bool chosen = false;
        bool firstOfPlan = false;
        int splits = 0;
        QString location;
        QString locationName;
        double distanceKm = 0;
        QList<QPair<QString, int>> items; // sku, quantity
        QString reason;
    };

    static QString stockKey(const QString& sku, const QString& location)
    {
        return sku + QLatin1Char('@') + location;
    }
    void loadStock();
    void applyStock(const QList<sp::inventory::StockDetail>& details);

    sp::db::Database* m_db;
    QString m_orderId;
    QList<Shipment> m_rows;
    QStringList m_skus;
    QHash<QString, int> m_available; // stockKey -> available units
    ModelLoader m_loader;
};

} // namespace sp::models
