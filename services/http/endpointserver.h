#pragma once

#include "db/connectionsettings.h"
#include "http/endpointconfig.h"
#include "http/endpointstats.h"
#include "http/httpserver.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

class QThread;
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

class ApiKeys;
class AvailabilityCache;
class EndpointBackend;
class EndpointRouter;
class HoldBatcher;
class RateLimiter;
class ReadBatcher;

// The customer and partner HTTP endpoint: the routes of the partner API and of carts on the
// HttpServer, with authentication, rate limits, strict input checks and idempotency keys; all
// database work runs on its own pool of worker threads, one prepared statement per request
// (holds that arrive while others are in the database: one per group of them).
// Embeddable: the desktop program starts and stops it like the headless server does.
// This class wires the parts together: the router and its controllers (controllers.h), the
// API keys (apikeys.h), the rate limits (ratelimiter.h), the hold and read batchers, and the
// pool they share (endpointbackend.h).
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
    // No new connections, open ones closed; waits for the work in the pool (its responses are
    // dropped).
    void stop();
    // The same without waiting: returns once the connections are closed, and the work still in
    // the pool ends on a thread of its own; stopped() is emitted on this object's thread when
    // it has. The desktop restarts the endpoint this way (a new server once this one stopped).
    void stopAsync();
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

    using HoldGroupStats = sp::http::HoldGroupStats;
    HoldGroupStats holdGroupStats() const;
    using ReadBatchStats = sp::http::ReadBatchStats;
    ReadBatchStats readBatchStats() const;

signals:
    // From a worker thread: the sweeper ended this many lapsed holds.
    void holdsExpired(int count);
    // After stopAsync(): nothing of this server runs any more.
    void stopped();

private:
    // Routes the request, asks the rate limits and reads its credentials, then hands it to
    // the route's controller.
    void handle(HttpRequest&& request, HttpResponder responder);
    void finishStop();

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
    QThread* m_stopper = nullptr; // waits for the pool after stopAsync()

    std::unique_ptr<ApiKeys> m_keys;
    std::unique_ptr<EndpointBackend> m_backend;
    std::unique_ptr<HoldBatcher> m_holds;
    std::unique_ptr<ReadBatcher> m_reads;
    std::unique_ptr<EndpointRouter> m_router;
};

} // namespace sp::http
