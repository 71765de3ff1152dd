#pragma once

#include "catalog/masterdata.h"
#include "db/eventstream.h"
#include "livelistmodel.h"

namespace sp::db {
class Database;
}

namespace sp::models {

// The Master Data page's three lists, each read whole through MasterData on the pool and kept
// live: a MasterDataChanged event of its kind (a change on any desktop, an import, psql through
// the functions) fetches the list again and applies the difference, so the selection stays.
// Sort on SortValueRole (raw values); the key roles name the row for the page's actions.

// Locations: code, name, kind, latitude, longitude, in use; in display order.
class LocationsModel final : public LiveListModel<sp::catalog::LocationRecord>
{
    Q_OBJECT

public:
    enum Column {
        CodeColumn,
        NameColumn,
        KindColumn,
        LatitudeColumn,
        LongitudeColumn,
        InUseColumn,
        ColumnCount
    };
    enum Role {
        CodeRole = Qt::UserRole + 1,
        SortValueRole,
    };

    explicit LocationsModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::catalog::LocationRecord* locationAt(int row) const { return rowAt(row); }
    int rowOfCode(const QString& code) const;
    // "warehouse" as people read it.
    static QString kindText(const QString& kind);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    void load() override;

    sp::db::Database* m_db;
};

// Suppliers: name, lead time, e-mail, minimum order, and how many products name each one; by
// name. A products import adds suppliers and moves products between them, so its
// CatalogImported event refreshes this list too.
class SuppliersModel final : public LiveListModel<sp::catalog::Supplier>
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        LeadTimeColumn,
        EmailColumn,
        MinimumOrderColumn,
        ProductsColumn,
        ColumnCount
    };
    enum Role {
        NameRole = Qt::UserRole + 1,
        SortValueRole,
    };

    explicit SuppliersModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::catalog::Supplier* supplierAt(int row) const { return rowAt(row); }
    int rowOfName(const QString& name) const;

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    void load() override;

    sp::db::Database* m_db;
};

// Reorder policies: SKU, product, location, minimum, maximum, who changed it and when; those
// whose SKU or product name contains the search (in SQL), by SKU, at most RowLimit of them.
class ReorderPoliciesModel final : public LiveListModel<sp::catalog::ReorderPolicy>
{
    Q_OBJECT

public:
    enum Column {
        SkuColumn,
        ProductColumn,
        LocationColumn,
        MinColumn,
        MaxColumn,
        ChangedByColumn,
        ChangedAtColumn,
        ColumnCount
    };
    enum Role {
        SkuRole = Qt::UserRole + 1,
        LocationRole,
        SortValueRole,
    };

    static constexpr int RowLimit = 2000;

    explicit ReorderPoliciesModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::catalog::ReorderPolicy* policyAt(int row) const { return rowAt(row); }
    int rowOf(const QString& sku, const QString& location) const;
    // Loads the policies that match text (every policy when empty), replacing the rows.
    void setSearch(const QString& text);
    QString search() const { return m_search; }

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    void load() override;

    sp::db::Database* m_db;
    QString m_search;
};

} // namespace sp::models
