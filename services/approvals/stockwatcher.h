#pragma once

#include "db/database.h"
#include "db/eventstream.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace sp::approvals {

// Runs the restock and redistribution rules for just the SKUs whose stock changed, right after
// the change, instead of waiting for the hourly full check. Feed it the EventStream's events;
// it batches the InventoryUpdate events of a short window into one targeted call
// (agent_stock_check(ids), agent_redistribution(ids)), which is set-based and idempotent, so
// it is harmless when several instances run one. The hourly job stays the safety net.
class StockWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit StockWatcher(sp::db::Database* db, int batchMs = 50, QObject* parent = nullptr);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void checked(const QJsonObject& restock, const QJsonObject& redistribution);
    void errorOccurred(const QString& message);

private:
    void flush();

    sp::db::Database* m_db;
    QTimer m_batch;
    QSet<int> m_products;
    bool m_running = false;
};

} // namespace sp::approvals
