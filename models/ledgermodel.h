#pragma once

#include "db/eventstream.h"
#include "inventory/stockcatalog.h"
#include "modelloader.h"

#include <QAbstractTableModel>

namespace sp::db {
class Database;
}

namespace sp::models {

// The selected SKU's ledger (stock_movements), newest first. Loads PageSize entries at a time
// through the ModelLoader (canFetchMore/fetchMore for older ones), one request at a time; live
// changes to the SKU insert the new entries at the top (beginInsertRows), never a reset.
class LedgerModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        LocationColumn,
        ReasonColumn,
        OnHandColumn,
        ReservedColumn,
        CommittedColumn,
        IncomingColumn,
        QuarantineColumn,
        DamagedColumn,
        ReferenceColumn,
        NoteColumn,
        ActorColumn,
        ColumnCount
    };
    enum Role { EntryIdRole = Qt::UserRole + 1, SortValueRole };

    static constexpr int PageSize = 200;

    explicit LedgerModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setSku(const QString& sku); // empty clears
    const QString& sku() const { return m_sku; }
    int productId() const { return m_productId; }
    bool isLoading() const { return m_loader.isLoading(); }
    const sp::inventory::LedgerEntry& entry(int row) const { return m_entries[row]; }

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded(); // the first page for the current SKU is in
    void errorOccurred(const QString& message);

private:
    void loadFirst();
    void loadOlder();
    void loadNewer();
    void runPending();
    void reloadSku();

    sp::db::Database* m_db;
    QString m_sku;
    int m_productId = 0;
    QList<sp::inventory::LedgerEntry> m_entries; // newest first
    bool m_atEnd = true;
    bool m_needNewer = false;
    bool m_needOlder = false;
    ModelLoader m_loader;
};

} // namespace sp::models
