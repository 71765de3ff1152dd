#pragma once

#include "db/connectionsettings.h"
#include "http/httpserver.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <array>
#include <memory>
#include <optional>

class QSettings;
class QThreadPool;

namespace sp::db {
class Database;
class Connection;
class EmbeddedCluster;
class EventStream;
} // namespace sp::db
namespace sp::carts {
class CustomerMessages;
}

namespace sp::http {

class AvailabilityCache;
class RateLimiter;
struct EndpointRoute;

struct EndpointConfig
{
    HttpLimits limits;
    int dbConnections = 8;     // worker threads, one connection each
    double ratePerSecond = 50; // per caller (API key, cart, or address)
    double rateBurst = 100;
    int maxQuantity = 1000; // per request
    int maxCartUnits = 50;  // per cart, all lines together
    int maxCartLines = 20;  // different products per cart
    int defaultTtl = 300;   // seconds a hold lasts unless the caller says otherwise
    int maxTtl = 3600;
    int cartTtl = 900;          // holds of a cart, renewed whenever the cart is touched
    int sweepIntervalMs = 1000; // 0: no sweeper in this instance
    int apiKeyCacheMs = 5000;   // a revoked key stops working within this time
    // GET /inventory/{sku} answers kept in this process: at most this old (changes made
    // elsewhere; this process's own show at once). 0: always ask the database.
    int inventoryCacheMs = 250;
    int inventoryCacheEntries = 50'000; // products kept; about 300 bytes each
    // Failed authentications (401) per address: after a burst of authFailureBurst, requests
    // with credentials not known to be good get 429 until the bucket refills at this rate.
    double authFailureBurst = 20;
    double authFailuresPerSecond = 0.2;
    int messagesRefreshMs = 60'000; // customer message wordings are read again this often
    // POST /hold requests go to the database in groups (api_hold_create_group): at most
    // holdGroupsAtOnce groups are in the database at a time, and the holds that arrive
    // meanwhile wait for one to end and then go together, up to holdGroupSize in one call and
    // one commit; a hold that finds no group running goes at once, as a group of one. A group
    // costs the database five statements whatever its size, so under load the server's CPU
    // goes to the holds rather than to starting statements and committing. One group at a time
    // by default: groups side by side compete for the same cores and make each hold wait
    // longer (docs/performance.md). Capped at dbConnections.
    int holdGroupSize = 32;
    int holdGroupsAtOnce = 1;

    // Reads the [endpoint] group of a settings file (keys as the fields above, in snake case).
    static EndpointConfig fromSettings(const QSettings& settings);
};

// The customer and partner HTTP endpoint: the routes of the partner API and of carts on the
// HttpServer, with authentication, rate limits, strict input checks and idempotency keys; all
// database work runs on its own pool of worker threads, one prepared statement per request
// (holds that arrive while others are in the database: one per group of them).
// Embeddable: the desktop program starts and stops it like the headless server does.
class EndpointServer final : public QObject
{
    Q_OBJECT

public:
    // db: as whom to connect (the endpoint login, a member of stockpilot_endpoint).
    explicit EndpointServer(sp::db::ConnectionSettings db, EndpointConfig config = {},
                            QObject* parent = nullptr);
    ~EndpointServer() override;

    // The endpoint login for an embedded cluster: stockpilot_server with a password kept in
    // the data directory (readable by this account only) and set through the owner connection,
    // so the desktop and a server on the same data directory share it.
    static sp::db::ConnectionSettings embeddedLogin(const sp::db::EmbeddedCluster& cluster,
                                                    sp::db::Connection& owner);

    bool start(const QHostAddress& address, quint16 port);
    void stop();
    bool isRunning() const;
    quint16 port() const;
    QString errorString() const;
    const EndpointConfig& config() const { return m_config; }

    // Runs the expiry sweeper and idempotency purge once, now (also what the timer does).
    void sweepNow();
    // The customer messages' wordings in use; refreshMessages() reads them again now, on the
    // pool (the timer does it every messagesRefreshMs).
    sp::carts::CustomerMessages* messages() const { return m_messages.get(); }
    void refreshMessages();

    // The GET /inventory cache (null when inventoryCacheMs is 0); for tests and benchmarks.
    AvailabilityCache* availabilityCache() const { return m_cache.get(); }

    // POST /hold requests served so far, the groups they went to the database in, and how
    // long the groups' database calls took (from the worker's call to its answers, the commit
    // included): counts of calls by time, in steps of DbTimeStepUs, the last step also
    // counting the longer ones.
    struct HoldGroupStats
    {
        static constexpr int DbTimeStepUs = 250;
        static constexpr int DbTimeSteps = 400; // up to 100 ms

        qint64 holds = 0;
        qint64 groups = 0;
        std::array<qint64, DbTimeSteps> dbTimes{};

        // What happened after `earlier` (a copy taken before).
        HoldGroupStats since(const HoldGroupStats& earlier) const;
        // The time in ms within which the fraction p (0-1) of the groups' calls ended: the
        // upper end of its step; 0 when there were none.
        double dbTimePercentile(double p) const;
    };
    HoldGroupStats holdGroupStats() const;

    // GET /inventory requests that the cache could not answer, and the SKUs and statements
    // they took to the database (see submitRead).
    struct ReadBatchStats
    {
        qint64 requests = 0;
        qint64 skus = 0;
        qint64 batches = 0;
    };
    ReadBatchStats readBatchStats() const;

signals:
    // From a worker thread: the sweeper ended this many lapsed holds.
    void holdsExpired(int count);

private:
    struct Caller;
    struct PendingHold;
    struct HoldQueue;
    struct PendingRead;
    struct ReadQueue;
    void handle(HttpRequest&& request, HttpResponder responder);
    HttpResponse serve(sp::db::Connection& c, const EndpointRoute& route,
                       const HttpRequest& request);
    // For a partner route: the refusal (401, 403), or none and the caller as the database
    // names it ("key:<id>").
    std::optional<HttpResponse> authorize(sp::db::Connection& c, const EndpointRoute& route,
                                          QString& caller);
    Caller authenticateKey(sp::db::Connection& c, const QByteArray& keyHash);
    std::optional<Caller> cachedKey(const QByteArray& keyHash) const;
    void runOnPool(std::function<HttpResponse(sp::db::Connection&)> work, HttpResponder responder,
                   QByteArray peer);
    // Runs work on this worker's connection: once more on a fresh one after a lost connection,
    // and database errors as problem responses.
    HttpResponse runWithRetry(const std::function<HttpResponse(sp::db::Connection&)>& work);
    // POST /hold through the queue of holds (see holdGroupSize).
    void submitHold(EndpointRoute&& route, HttpResponder responder, QByteArray peer);
    void runHoldQueue();
    // The group's answers from one api_hold_create_group call, by position; none for a hold
    // that is to run on its own.
    QList<std::optional<HttpResponse>> holdGroupAnswers(const QList<PendingHold>& group);
    // Sends the answers, and takes the holds without one to the database one by one.
    void finishHoldGroup(QList<PendingHold>& group, QList<std::optional<HttpResponse>>& answers);
    HttpResponse holdAlone(const PendingHold& hold);
    // Drops the product from the GET cache, words the messages and sends the response.
    void finishHold(const PendingHold& hold, HttpResponse response);
    // GET /inventory for a caller known to be allowed, when the cache has no answer: the SKUs
    // asked for while a read is in the database go together in the next one
    // (api_inventory_entries), each SKU once however many requests want it.
    void submitRead(const QString& sku, HttpResponder responder, QByteArray peer);
    void runReadQueue();
    // GET /inventory: the answers for these SKUs, by position, from one statement, kept in the
    // cache when it is in use.
    QList<HttpResponse> inventoryAnswers(sp::db::Connection& c, const QStringList& skus);
    // Sends the response, counting a 401 against the address.
    void reply(const HttpResponder& responder, const QByteArray& peer, HttpResponse response);

    EndpointConfig m_config;
    std::unique_ptr<sp::db::Database> m_db;
    std::unique_ptr<QThreadPool> m_pool;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<RateLimiter> m_limiter;
    std::unique_ptr<RateLimiter> m_authFailures;
    std::unique_ptr<AvailabilityCache> m_cache;
    std::unique_ptr<sp::db::EventStream> m_events;
    QTimer m_sweepTimer;
    std::atomic<bool> m_sweeping{false};
    std::unique_ptr<sp::carts::CustomerMessages> m_messages;
    QTimer m_messagesTimer;

    struct KeyCache;
    std::unique_ptr<KeyCache> m_keys;
    std::unique_ptr<HoldQueue> m_holds;
    std::unique_ptr<ReadQueue> m_reads;
};

} // namespace sp::http
