#pragma once

#include "db/eventstream.h"
#include "modelloader.h"
#include "notify/webhookoutbox.h"

#include <QAbstractTableModel>

namespace sp::db {
class Database;
}

namespace sp::models {

// The webhook dead-letter list for admins: items that gave up, with their endpoint, attempts
// and last error. Loads WebhookOutbox::deadLetters through the ModelLoader; reloads when an
// item dies or is sent again
// anywhere (WebhookDeadLettered, WebhookRequeued). requeue() sends items again.
class DeadLettersModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        EndpointColumn,
        EventTypeColumn,
        AttemptsColumn,
        LastStatusColumn,
        LastErrorColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1 // qint64
    };

    explicit DeadLettersModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void reload();
    int rowForId(qint64 id) const;
    const sp::notify::DeadLetter* letterAt(int row) const;
    // Sends the items again, one SQL call each; requeued(ids) or errorOccurred, then a reload.
    void requeue(const QList<qint64>& ids);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loaded();
    void requeued(const QList<qint64>& ids);
    void errorOccurred(const QString& message);

private:
    sp::db::Database* m_db;
    QList<sp::notify::DeadLetter> m_rows;
    ModelLoader m_loader;
};

} // namespace sp::models
