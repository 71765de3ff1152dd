#include "holdbatcher.h"

#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"

#include <QElapsedTimer>
#include <QMutexLocker>

namespace sp::http {

HoldBatcher::HoldBatcher(EndpointBackend& backend, AvailabilityCache* cache, int groupSize,
                         int groupsAtOnce)
    : m_backend(backend)
    , m_cache(cache)
    , m_groupSize(groupSize)
    , m_groupsAtOnce(groupsAtOnce)
{}

HoldGroupStats HoldBatcher::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void HoldBatcher::submit(PendingHold&& hold)
{
    {
        QMutexLocker lock(&m_mutex);
        ++m_stats.holds;
        m_waiting.push_back(std::move(hold));
        if (m_running >= m_groupsAtOnce)
            return; // a running group's worker takes it next
        ++m_running;
    }
    m_backend.start([this] { runQueue(); });
}

// Takes the next group of waiting holds (those that arrived while the running groups were in
// the database) to the database. As soon as the group is out of the database, the queue goes on
// behind the pool's other work (so that a stream of holds cannot keep GETs or refused holds
// from a worker) while this worker answers the group: the database need not wait for the
// answers to be sent before it gets the next group.
void HoldBatcher::runQueue()
{
    QList<PendingHold> group;
    {
        QMutexLocker lock(&m_mutex);
        if (m_waiting.empty()) {
            --m_running;
            return;
        }
        while (!m_waiting.empty() && group.size() < m_groupSize) {
            group.append(std::move(m_waiting.front()));
            m_waiting.pop_front();
        }
        ++m_stats.groups;
    }
    QElapsedTimer clock;
    clock.start();
    QList<std::optional<HttpResponse>> answered = answers(group);
    {
        QMutexLocker lock(&m_mutex);
        m_stats.addDbTime(clock.nsecsElapsed());
    }
    m_backend.start([this] { runQueue(); });
    finishGroup(group, answered);
}

void HoldBatcher::finishGroup(QList<PendingHold>& group,
                              QList<std::optional<HttpResponse>>& answered)
{
    for (qsizetype i = 0; i < group.size(); ++i) {
        if (answered[i]) {
            finish(group[i], std::move(*answered[i]));
            continue;
        }
        // On the pool, side by side, so that a refusal's search for alternatives (it can take
        // a while) keeps neither the queue nor the others waiting.
        m_backend.start([this, hold = std::move(group[i])]() mutable {
            HttpResponse response = alone(hold);
            finish(hold, std::move(response));
        });
    }
}

QList<std::optional<HttpResponse>> HoldBatcher::answers(QList<PendingHold>& group)
{
    QList<std::optional<HttpResponse>> answered(group.size());
    bool ran = false;
    const HttpResponse failure = m_backend.runWithRetry([&](sp::db::Connection& c) {
        std::fill(answered.begin(), answered.end(), std::nullopt);
        QStringList callers, keys, fingerprints, skus, locations;
        QList<int> quantities, ttls, items;
        for (qsizetype i = 0; i < group.size(); ++i) {
            PendingHold& hold = group[i];
            // The one check of the hold's key (from the key cache, else on this connection): a
            // hold that goes again on its own keeps its caller.
            if (hold.caller.isEmpty()) {
                Authorization a = m_backend.keys().authorize(c, hold.apiKeyHash, hold.scope);
                if (a.refusal) {
                    answered[i] = std::move(a.refusal);
                    continue;
                }
                hold.caller = std::move(a.caller);
            }
            callers.append(hold.caller);
            keys.append(QString::fromLatin1(hold.idempotencyKey));
            fingerprints.append(QString::fromLatin1(hold.fingerprint));
            skus.append(hold.sku);
            locations.append(hold.location);
            quantities.append(hold.quantity);
            ttls.append(hold.ttl);
            items.append(int(i));
        }
        if (!items.isEmpty()) {
            const sp::db::Result r = c.execPrepared(
                "SELECT item, (answer->>'status')::int, answer->'body', answer ? 'replayed' "
                "FROM api_hold_create_group($1, $2, $3, $4, $5, $6, $7)",
                {callers, keys, fingerprints, skus, locations, quantities, ttls});
            for (int row = 0; row < r.rows(); ++row) {
                if (!r.isNull(row, 1))
                    answered[items[r.toInt(row, 0) - 1]] = fromApi(r, row, 1);
            }
        }
        ran = true;
        return HttpResponse{};
    });
    if (!ran) {
        // Nothing of the group stayed. A lost database answers all of them, as does any error
        // of a group of one; in a larger group any other error belongs to one hold, and each
        // goes on its own to find out which.
        if (failure.status == 503 || group.size() == 1)
            std::fill(answered.begin(), answered.end(), failure);
        else
            std::fill(answered.begin(), answered.end(), std::nullopt);
    }
    return answered;
}

HttpResponse HoldBatcher::alone(PendingHold& hold)
{
    QList<PendingHold> one;
    one.append(std::move(hold));
    QList<std::optional<HttpResponse>> answered = answers(one);
    hold = std::move(one.first());
    // A group of one answers every hold; none would be a fault in the function.
    return answered.first() ? std::move(*answered.first()) : internalError();
}

void HoldBatcher::finish(const PendingHold& hold, HttpResponse response)
{
    // Committed: a GET through this process from now on must show it.
    if (m_cache)
        m_cache->invalidateSku(hold.sku);
    m_backend.reply(hold.responder, hold.peer, std::move(response), true);
}

} // namespace sp::http
