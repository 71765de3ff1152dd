#pragma once

#include "db/database.h"
#include "db/eventstream.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QStringList>

namespace sp::models {

struct EventFilter
{
    QStringList types; // empty = every type
    QString sku;       // empty = every SKU
    QDateTime from;    // invalid = open
    QDateTime to;      // exclusive; invalid = open
};

// The Event log page: events newest first, filtered by type, SKU and time in SQL, loaded in
// pages (canFetchMore/fetchMore) off the GUI thread. applyEvents() puts new matching events on
// top as they arrive.
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

    struct Row
    {
        qint64 id = 0;
        QDateTime at;
        QString type;
        QString sku;
        QString location;
        QString actor;
        QJsonObject payload;
    };

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
    bool isLoading() const { return m_loading; }
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
    static QList<Row> query(sp::db::Connection& c, const EventFilter& f, qint64 beforeId,
                            const QList<qint64>& ids, int limit);

    sp::db::Database* m_db;
    int m_pageSize;
    EventFilter m_filter;
    QList<Row> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_atEnd = false;
    QList<qint64> m_queued; // live event ids that arrived during a (re)load
};

} // namespace sp::models
