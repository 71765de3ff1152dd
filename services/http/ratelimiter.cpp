#include "ratelimiter.h"

#include <cmath>

namespace sp::http {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(qMax(ratePerSecond, 0.001))
    , m_burst(qMax(burst, 1.0))
{
    m_clock.start();
}

void RateLimiter::setLimits(double ratePerSecond, double burst)
{
    QMutexLocker lock(&m_mutex);
    m_rate = qMax(ratePerSecond, 0.001);
    m_burst = qMax(burst, 1.0);
}

int RateLimiter::take(const QByteArray& caller)
{
    const qint64 now = m_clock.nsecsElapsed();
    QMutexLocker lock(&m_mutex);
    // Forget callers whose buckets are full again, so a stream of made-up callers cannot grow
    // the table without bound.
    if (m_buckets.size() > 100'000) {
        const qint64 refill = qint64(m_burst / m_rate * 1e9);
        m_buckets.removeIf([&](const auto& it) { return now - it.value().lastNs > refill; });
    }
    auto it = m_buckets.find(caller);
    if (it == m_buckets.end())
        it = m_buckets.insert(caller, Bucket{m_burst, now});
    Bucket& b = *it;
    b.tokens = qMin(m_burst, b.tokens + double(now - b.lastNs) / 1e9 * m_rate);
    b.lastNs = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return qMax(1, int(std::ceil((1.0 - b.tokens) / m_rate)));
}

int RateLimiter::wait(const QByteArray& caller)
{
    const qint64 now = m_clock.nsecsElapsed();
    QMutexLocker lock(&m_mutex);
    const auto it = m_buckets.constFind(caller);
    if (it == m_buckets.constEnd())
        return 0;
    const double tokens = qMin(m_burst, it->tokens + double(now - it->lastNs) / 1e9 * m_rate);
    if (tokens >= 1.0)
        return 0;
    return qMax(1, int(std::ceil((1.0 - tokens) / m_rate)));
}

} // namespace sp::http
