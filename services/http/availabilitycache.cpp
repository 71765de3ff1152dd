#include "availabilitycache.h"

#include "db/eventstream.h"

#include <QStringList>

#include <limits>

namespace sp::http {

namespace {

// Events without a product that cannot change stock levels; any other event without a product
// (an import, a type added later) ends every entry.
bool leavesStockAlone(const QString& type)
{
    static const QStringList types = {
        QStringLiteral("CartUpdate"),
        QStringLiteral("InventoryActionSuggested"),
        QStringLiteral("PriceAdjustmentSuggested"),
        QStringLiteral("FulfillmentSuggested"),
        QStringLiteral("SuggestionSuperseded"),
        QStringLiteral("HumanReviewRequired"),
        QStringLiteral("HumanResponseReceived"),
        QStringLiteral("PriceChanged"),
    };
    return types.contains(type);
}

} // namespace

AvailabilityCache::AvailabilityCache(int maxAgeMs, int maxEntries)
    : m_maxAgeMs(maxAgeMs)
    , m_maxPerShard(qMax(1, maxEntries / Shards))
    , m_shards(new Shard[Shards])
    , m_stripes(new std::atomic<quint64>[Stripes])
{
    for (int i = 0; i < Stripes; ++i)
        m_stripes[i].store(0);
}

AvailabilityCache::~AvailabilityCache() = default;

qint64 AvailabilityCache::nowMs()
{
    return sp::db::EventStream::monotonicMs();
}

AvailabilityCache::Shard& AvailabilityCache::shardOf(const QString& sku) const
{
    return m_shards[qHash(sku) % Shards];
}

void AvailabilityCache::bump(std::atomic<quint64>& slot)
{
    const quint64 value = m_sequence.fetch_add(1) + 1;
    quint64 seen = slot.load();
    while (seen < value && !slot.compare_exchange_weak(seen, value)) {
    }
}

bool AvailabilityCache::inUse() const
{
    if (m_maxAgeMs <= 0 || !m_stream)
        return false;
    const qint64 synced = m_stream->syncedAtMs();
    return synced >= 0 && synced > m_barrierMs.load() && nowMs() - synced < m_maxAgeMs;
}

void AvailabilityCache::eventsReceived(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.productId > 0)
            invalidate(e.productId);
        else if (!leavesStockAlone(e.type))
            clear();
    }
}

void AvailabilityCache::clear()
{
    bump(m_lastClear);
    for (int i = 0; i < Shards; ++i) {
        QMutexLocker lock(&m_shards[i].mutex);
        m_shards[i].entries.clear();
    }
}

std::optional<QByteArray> AvailabilityCache::find(const QString& sku) const
{
    if (!inUse())
        return std::nullopt;
    const Shard& shard = shardOf(sku);
    QMutexLocker lock(&shard.mutex);
    const auto it = shard.entries.constFind(sku);
    if (it == shard.entries.constEnd())
        return std::nullopt;
    // Checked on every read rather than erased on every event: an invalidation is two atomic
    // operations on the stream thread.
    if (it->sequence < m_stripes[size_t(it->productId) % Stripes].load() ||
        it->sequence < m_lastClear.load() || nowMs() >= it->validUntilMs)
        return std::nullopt;
    return it->body;
}

std::optional<quint64> AvailabilityCache::beginLoad() const
{
    if (!inUse())
        return std::nullopt;
    return m_sequence.load();
}

void AvailabilityCache::store(quint64 token, const QString& sku, int productId,
                              const QByteArray& body, qint64 nextLapseMs, qint64 loadStartedMs)
{
    if (productId <= 0)
        return;
    Shard& shard = shardOf(sku);
    QMutexLocker lock(&shard.mutex);
    if (shard.productIds.size() >= m_maxPerShard * 4)
        shard.productIds.clear();
    shard.productIds.insert(sku, productId);
    if (token < shard.unknownSkuInvalidation ||
        token < m_stripes[size_t(productId) % Stripes].load() || token < m_lastClear.load())
        return; // changed while loading
    // The lapse time is measured from the database's now(), which came after loadStartedMs.
    qint64 validUntil = std::numeric_limits<qint64>::max();
    if (nextLapseMs >= 0)
        validUntil = loadStartedMs + nextLapseMs;
    if (shard.entries.size() >= m_maxPerShard && !shard.entries.contains(sku))
        shard.entries.clear();
    shard.entries.insert(sku, Entry{productId, body, token, validUntil});
}

void AvailabilityCache::invalidate(int productId)
{
    bump(m_stripes[size_t(productId) % Stripes]);
}

void AvailabilityCache::invalidateSku(const QString& sku)
{
    Shard& shard = shardOf(sku);
    QMutexLocker lock(&shard.mutex);
    if (const int id = shard.productIds.value(sku); id > 0) {
        invalidate(id);
        return;
    }
    // Never loaded here: no entry, but a load may be on its way.
    shard.unknownSkuInvalidation = m_sequence.fetch_add(1) + 1;
}

void AvailabilityCache::barrier()
{
    const qint64 now = nowMs();
    qint64 seen = m_barrierMs.load();
    while (seen < now && !m_barrierMs.compare_exchange_weak(seen, now)) {
    }
}

int AvailabilityCache::size() const
{
    int n = 0;
    for (int i = 0; i < Shards; ++i) {
        QMutexLocker lock(&m_shards[i].mutex);
        n += int(m_shards[i].entries.size());
    }
    return n;
}

} // namespace sp::http
