#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace sp::db {
struct Event;
class EventStream;
} // namespace sp::db

namespace sp::http {

// The answers of GET /inventory/{sku}, kept per process so that a read costs no database round
// trip. Fresh because the event stream names every product whose stock changed:
//
// - An entry is served only while the stream has completed a read of the events table that
//   began at most maxAgeMs ago (every commit before that read is known here): no figure is
//   older than that. Otherwise, and before the stream has started, requests go to the database.
// - A stock event for a product ends its entry; an event that may change stock without naming
//   a product (an import) ends all of them, as does a lost stream connection.
// - This process's own writes end the product's entry before their response is sent
//   (invalidate), or, when the product is not known here (a hold released by id), keep the
//   cache out of use until the stream has read past the change (barrier).
// - An entry also ends when the product's next hold lapses: its units are free from then on,
//   before the sweeper's event says so.
// - An answer loaded before an invalidation of its product is never served: every entry
//   carries the invalidation sequence number read before its load, every product stripe the
//   number of its last invalidation.
// - At most maxEntries products are kept (a full shard is emptied: simple and bounded).
//
// Thread-safe: the stream thread invalidates while I/O and worker threads read and store.
class AvailabilityCache final
{
public:
    AvailabilityCache(int maxAgeMs, int maxEntries);
    ~AvailabilityCache();

    // The clock of every time here (EventStream::monotonicMs()).
    static qint64 nowMs();

    // The stream whose reads bound the age of every answer (syncedAtMs()); set before use.
    void setStream(const sp::db::EventStream* stream) { m_stream = stream; }
    // From the event stream.
    void eventsReceived(const QList<sp::db::Event>& events);
    void clear();

    // The cached body for this SKU, if it may be served now.
    std::optional<QByteArray> find(const QString& sku) const;

    // Before loading: a token for store(), or nullopt when the cache is not in use now.
    std::optional<quint64> beginLoad() const;
    // After loading (api_inventory_entry): kept unless the product changed meanwhile.
    // nextLapseMs < 0: the product has no active hold.
    void store(quint64 token, const QString& sku, int productId, const QByteArray& body,
               qint64 nextLapseMs, qint64 loadStartedMs);

    // This process changed the product's stock (called after the commit).
    void invalidate(int productId);
    // The same by SKU (the product's entry, if there is one; any load in flight is ended too).
    void invalidateSku(const QString& sku);
    // This process changed the stock of products it cannot name.
    void barrier();

    bool inUse() const;
    int size() const;
    int maxAgeMs() const { return m_maxAgeMs; }

private:
    static constexpr int Shards = 32;
    static constexpr int Stripes = 16384;
    struct Entry
    {
        int productId = 0;
        QByteArray body;
        quint64 sequence = 0; // m_sequence before the load
        qint64 validUntilMs = 0;
    };
    struct Shard
    {
        mutable QMutex mutex;
        QHash<QString, Entry> entries;      // by SKU
        QHash<QString, int> productIds;     // SKUs seen in loads; ids never change
        quint64 unknownSkuInvalidation = 0; // loads begun before it are not kept
    };

    Shard& shardOf(const QString& sku) const;
    void bump(std::atomic<quint64>& slot);

    const int m_maxAgeMs;
    const int m_maxPerShard;
    std::unique_ptr<Shard[]> m_shards;
    std::unique_ptr<std::atomic<quint64>[]> m_stripes; // by product id: last invalidation
    std::atomic<quint64> m_sequence{0};
    std::atomic<quint64> m_lastClear{0};
    const sp::db::EventStream* m_stream = nullptr;
    std::atomic<qint64> m_barrierMs{-1};
};

} // namespace sp::http
