#include "stockwatcher.h"

#include "db/whendone.h"

#include <QJsonDocument>

namespace sp::approvals {

StockWatcher::StockWatcher(sp::db::Database* db, int batchMs, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(batchMs);
    connect(&m_batch, &QTimer::timeout, this, &StockWatcher::flush);
}

void StockWatcher::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.productId > 0 && (e.type == QLatin1String("InventoryUpdate") ||
                                e.type == QLatin1String("InventoryImported")))
            m_products.insert(e.productId);
    }
    if (!m_products.isEmpty() && !m_batch.isActive() && !m_running)
        m_batch.start();
}

void StockWatcher::flush()
{
    if (m_products.isEmpty())
        return;
    const QList<int> ids(m_products.cbegin(), m_products.cend());
    m_products.clear();
    m_running = true;
    auto future = m_db->run([ids](sp::db::Connection& c) {
        const sp::db::Result r =
            c.exec("SELECT agent_stock_check($1::integer[]), agent_redistribution($1::integer[])",
                   {sp::db::Param(ids)});
        return std::make_pair(QJsonDocument::fromJson(r.bytes(0, 0)).object(),
                              QJsonDocument::fromJson(r.bytes(0, 1)).object());
    });
    sp::db::whenDone(
        this, future,
        [this](const std::pair<QJsonObject, QJsonObject>& counts) {
            m_running = false;
            emit checked(counts.first, counts.second);
            if (!m_products.isEmpty())
                m_batch.start();
        },
        [this](const sp::db::DbError& e) {
            m_running = false;
            emit errorOccurred(e.message());
            if (!m_products.isEmpty())
                m_batch.start();
        });
}

} // namespace sp::approvals
