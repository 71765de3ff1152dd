#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

namespace sp::http {

// A token bucket per caller (an API key, a cart, or an address): ratePerSecond requests on
// average, bursts up to burst. Thread-safe; cheap enough to run before any other work.
class RateLimiter final
{
public:
    RateLimiter(double ratePerSecond, double burst);

    // 0 when the request may proceed; else the whole seconds to wait (for Retry-After).
    int take(const QByteArray& caller);
    // Like take(), without taking: 0 while the caller has a whole token left.
    int wait(const QByteArray& caller);
    void setLimits(double ratePerSecond, double burst);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastNs = 0;
    };

    QMutex m_mutex;
    QHash<QByteArray, Bucket> m_buckets;
    QElapsedTimer m_clock;
    double m_rate;
    double m_burst;
};

} // namespace sp::http
