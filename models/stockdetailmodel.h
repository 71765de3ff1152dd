#pragma once

#include "db/eventstream.h"
#include "inventory/stockcatalog.h"
#include "modelloader.h"

#include <QAbstractTableModel>

namespace sp::db {
class Database;
}

namespace sp::models {

// The detail pane of the Stock page: the selected SKU's figures at every location (rows, in the
// locations' display order). Loads sp::inventory::stockDetail through the ModelLoader, one read
// at a time so an older one never overwrites a newer one; live changes to the SKU update the
// rows in place (dataChanged), a new SKU resets the model.
class StockDetailModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        OnHandColumn,
        ReservedColumn,
        CommittedColumn,
        IncomingColumn,
        QuarantineColumn,
        DamagedColumn,
        AvailableColumn,
        ReorderPointColumn,
        ColumnCount
    };
    enum Role {
        LocationCodeRole = Qt::UserRole + 1,
        SortValueRole,
        StatusRole, // int: 0 ok, 1 low, 2 out
        StockedRole // bool: the location carries the SKU
    };

    explicit StockDetailModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setSku(const QString& sku); // empty clears
    const QString& sku() const { return m_sku; }
    int productId() const { return m_detail.productId; }
    const QString& productName() const { return m_detail.name; }
    void refresh();
    bool isLoading() const { return m_loader.isLoading(); }

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded(); // the current SKU's figures are in (also when it does not exist)
    void errorOccurred(const QString& message);

private:
    void load();
    void apply(const sp::inventory::StockDetail& detail);

    sp::db::Database* m_db;
    QString m_sku;
    sp::inventory::StockDetail m_detail;
    ModelLoader m_loader;
};

} // namespace sp::models
