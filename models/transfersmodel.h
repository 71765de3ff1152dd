#pragma once

#include "db/eventstream.h"
#include "inventory/transfersservice.h"
#include "livelistmodel.h"

#include <QList>
#include <QTimer>

namespace sp::db {
class Database;
}

namespace sp::models {

// The Transfers page: the transfers in transit, oldest first, with how long each has been on
// its way (by the database server's clock).
//
// Loads through TransfersService::inTransit with the ModelLoader. A transfer sent, received or
// lost (applyEvents) fetches the list again and applies the difference (new rows appended), so
// selection and scroll stay. A timer updates the age column only (dataChanged on that column).
class TransfersModel final : public LiveListModel<sp::inventory::TransferRow>
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        SkuColumn,
        FromColumn,
        ToColumn,
        QuantityColumn,
        AgeColumn,
        SentByColumn,
        NoteColumn,
        ColumnCount
    };
    enum Role {
        TransferIdRole = Qt::UserRole + 1, // qint64
        SortValueRole,                     // raw value to sort on (seconds, not "3 h 5 min")
        AgeSecondsRole,                    // qint64
    };

    // At most this many transfers are shown (the oldest).
    static constexpr int RowLimit = 500;

    explicit TransfersModel(sp::db::Database* db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const sp::inventory::TransferRow* transferAt(int row) const;
    int rowOfTransfer(qint64 transferId) const;
    // Seconds since the transfer was sent, by the database server's clock.
    qint64 ageSeconds(const sp::inventory::TransferRow& transfer) const;

    // "12 min", "3 h 5 min", "2 d 4 h".
    static QString formatAge(qint64 seconds);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    void load() override;
    void applyLoad(sp::inventory::InTransit result, bool reset);
    void tick();

    sp::db::Database* m_db;
    qint64 m_serverClockOffsetMs = 0; // server clock minus local clock
    QTimer m_ageTimer;
};

} // namespace sp::models
