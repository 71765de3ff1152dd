#pragma once

#include "db/eventstream.h"
#include "inventory/holdsservice.h"
#include "livelistmodel.h"

#include <QList>
#include <QTimer>

namespace sp::db {
class Database;
}

namespace sp::models {

// The Holds page: the live holds (active, not yet expired), optionally only those whose SKU or
// cart matches a text, soonest to expire first.
//
// Loads through HoldsService::liveHolds with the ModelLoader: a late answer to an older filter
// is dropped. Live changes (applyEvents) fetch the list again and apply the difference (new
// rows appended), so selection and scroll stay. A one-second timer updates the "expires in" column
// only (dataChanged on that column, never a reset) and removes rows whose time ran out: an expired
// hold no longer reserves anything, whether or not the sweeper has ended it yet.
class HoldsModel final : public LiveListModel<sp::inventory::HoldRow>
{
    Q_OBJECT

public:
    enum Column {
        SkuColumn,
        LocationColumn,
        QuantityColumn,
        CartColumn,
        ExpiresInColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        HoldIdRole = Qt::UserRole + 1,
        SortValueRole,   // raw value to sort on (seconds left, not "mm:ss")
        SecondsLeftRole, // int
        CartIdRole,      // the whole cart id (the column shows its first 8 characters)
    };

    // At most this many holds are shown (the soonest to expire).
    static constexpr int RowLimit = 500;

    explicit HoldsModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shows only holds whose SKU contains the text or whose cart id starts with it.
    void setFilterText(const QString& text);
    QString filterText() const { return m_filterText; }
    const sp::inventory::HoldRow* holdAt(int row) const;
    int rowOfHold(const QString& holdId) const;
    // Seconds until the hold expires, by the database server's clock.
    int secondsLeft(const sp::inventory::HoldRow& hold) const;

    static QString formatSecondsLeft(int seconds);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    void load() override;
    void applyLoad(sp::inventory::LiveHolds result, bool reset);
    void tick();
    qint64 serverNowMs() const;

    sp::db::Database* m_db;
    QString m_filterText;
    qint64 m_serverClockOffsetMs = 0; // server clock minus local clock
    QTimer m_countdown;
};

} // namespace sp::models
