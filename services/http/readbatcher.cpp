#include "readbatcher.h"

#include "carts/customermessages.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"

#include <QMutexLocker>

#include <optional>

namespace sp::http {

namespace {

// SKUs in one api_inventory_entries call; more wait for the next.
constexpr int ReadBatchSize = 128;

} // namespace

ReadBatcher::ReadBatcher(EndpointBackend& backend, AvailabilityCache* cache)
    : m_backend(backend)
    , m_cache(cache)
{}

ReadBatchStats ReadBatcher::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void ReadBatcher::submit(const QString& sku, HttpResponder responder, QByteArray peer)
{
    {
        QMutexLocker lock(&m_mutex);
        ++m_stats.requests;
        auto it = m_waiting.find(sku);
        if (it == m_waiting.end()) {
            m_order.push_back(sku);
            it = m_waiting.insert(sku, {});
        }
        it->append({std::move(responder), std::move(peer)});
        if (m_running)
            return; // the running read's worker takes it next
        m_running = true;
    }
    m_backend.start([this] { runQueue(); });
}

// Like HoldBatcher's queue: a request waits only for a read that began before it arrived
// (never joins one in the database, whose snapshot may be older than the request), and the
// next read leaves as soon as this one is out of the database.
void ReadBatcher::runQueue()
{
    QStringList skus;
    QList<QList<PendingRead>> requests;
    {
        QMutexLocker lock(&m_mutex);
        while (!m_order.empty() && skus.size() < ReadBatchSize) {
            QString sku = std::move(m_order.front());
            m_order.pop_front();
            requests.append(m_waiting.take(sku));
            skus.append(std::move(sku));
        }
        if (skus.isEmpty()) {
            m_running = false;
            return;
        }
        m_stats.skus += skus.size();
        ++m_stats.batches;
    }
    QList<HttpResponse> answered;
    const HttpResponse failure = m_backend.runWithRetry([&](sp::db::Connection& c) {
        answered = answers(c, skus);
        return HttpResponse{};
    });
    m_backend.start([this] { runQueue(); });
    for (qsizetype i = 0; i < skus.size(); ++i) {
        // No answers: the database is away (503), for each of them.
        HttpResponse answer = answered.isEmpty() ? failure : answered[i];
        m_backend.messages().apply(answer);
        for (const PendingRead& read : std::as_const(requests[i]))
            m_backend.reply(read.responder, read.peer, answer);
    }
}

QList<HttpResponse> ReadBatcher::answers(sp::db::Connection& c, const QStringList& skus)
{
    // Taken before the statement: an answer loaded across a change of its product is not kept.
    const std::optional<quint64> token = m_cache ? m_cache->beginLoad() : std::nullopt;
    const qint64 started = AvailabilityCache::nowMs();
    QList<HttpResponse> answered(skus.size());
    QList<bool> done(skus.size(), false);
    const sp::db::Result r =
        c.execPrepared("SELECT status, body, false, product_id, coalesce(next_lapse_ms, -1), sku "
                       "FROM api_inventory_entries($1)",
                       {skus});
    QHash<QString, qsizetype> position;
    for (qsizetype i = 0; i < skus.size(); ++i)
        position.insert(skus[i], i);
    for (int row = 0; row < r.rows(); ++row) {
        const qsizetype i = position.value(r.text(row, 5), -1);
        if (i < 0)
            continue;
        answered[i] = fromApi(r, row, 0);
        done[i] = true;
        if (token && answered[i].status == 200)
            m_cache->store(*token, skus[i], r.toInt(row, 3), answered[i].body, r.toLongLong(row, 4),
                           started);
    }
    // A SKU the statement did not answer would be a fault in it: 500, never a guess.
    for (qsizetype i = 0; i < skus.size(); ++i) {
        if (!done[i])
            answered[i] = internalError();
    }
    return answered;
}

} // namespace sp::http
