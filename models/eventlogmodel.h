#pragma once

#include "db/eventlog.h"
#include "db/eventstream.h"
#include "modelloader.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace sp::db {
class Database;
}

namespace sp::models {

using EventFilter = sp::db::EventLogFilter;

// The Event log page: events newest first, filtered by type, SKU and time in SQL
// (sp::db::eventLog), loaded in pages (canFetchMore/fetchMore) through the ModelLoader.
// applyEvents() puts new matching events on top as they arrive; those that arrive during a load
// are added once it is in.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        TypeColumn,
        SkuColumn,
        LocationColumn,
        ActorColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1,
        TypeRole,
        PayloadRole, // QVariantMap
        SortValueRole,
        TimeRole // QDateTime (UTC)
    };

    using Row = sp::db::LoggedEvent;

    explicit EventLogModel(sp::db::Database* db, int pageSize = 200, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setFilter(const EventFilter& filter); // reloads
    const EventFilter& filter() const { return m_filter; }
    void reload();
    bool isLoading() const { return m_loader.isLoading(); }
    const Row* rowAt(int row) const;

    // The event types the filter offers.
    static QStringList knownTypes();

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loadingChanged(bool loading);
    void loaded(int rows);
    void errorOccurred(const QString& message);

private:
    void load(qint64 beforeId, bool reset);

    sp::db::Database* m_db;
    int m_pageSize;
    EventFilter m_filter;
    QList<Row> m_rows;
    bool m_atEnd = false;
    ModelLoader m_loader;
};

} // namespace sp::models
