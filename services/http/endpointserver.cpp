#include "endpointserver.h"

#include "carts/customermessages.h"
#include "db/database.h"
#include "db/dberror.h"
#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "http/apianswer.h"
#include "http/apikeys.h"
#include "http/availabilitycache.h"
#include "http/controllers.h"
#include "http/endpointbackend.h"
#include "http/holdbatcher.h"
#include "http/jsonbody.h"
#include "http/ratelimiter.h"
#include "http/readbatcher.h"
#include "http/router.h"
#include "inventory/holdsservice.h"

#include <QFile>
#include <QRandomGenerator>
#include <QThread>
#include <QThreadPool>

namespace sp::http {

EndpointServer::EndpointServer(sp::db::ConnectionSettings db, EndpointConfig config,
                               QObject* parent)
    : QObject(parent)
    , m_config(config)
{
    // A database that is down must turn into quick 503s, not requests hanging on connect.
    db.connectTimeoutSeconds = qMin(db.connectTimeoutSeconds, 3);
    if (db.applicationName.isEmpty() || db.applicationName == QLatin1String("stockpilot"))
        db.applicationName = QStringLiteral("stockpilot-endpoint");
    m_db = std::make_unique<sp::db::Database>(db, m_config.dbConnections);
    m_pool = std::make_unique<QThreadPool>();
    m_pool->setMaxThreadCount(qMax(1, m_config.dbConnections));
    m_pool->setExpiryTimeout(-1);
    m_config.holdGroupSize = qBound(1, m_config.holdGroupSize, 1000);
    m_config.holdGroupsAtOnce =
        qBound(1, m_config.holdGroupsAtOnce, qMax(1, m_config.dbConnections));
    m_limiter = std::make_unique<RateLimiter>(m_config.ratePerSecond, m_config.rateBurst);
    m_authFailures =
        std::make_unique<RateLimiter>(m_config.authFailuresPerSecond, m_config.authFailureBurst);
    if (m_config.inventoryCacheMs > 0) {
        m_cache = std::make_unique<AvailabilityCache>(m_config.inventoryCacheMs,
                                                      m_config.inventoryCacheEntries);
        // Its own connection, reading only which products changed (the endpoint login may
        // read no more); it polls often enough that the cache stays well inside its bound.
        m_events = std::make_unique<sp::db::EventStream>(db);
        m_events->setKeysOnly(true);
        m_events->setFollowerPollMs(qBound(5, m_config.inventoryCacheMs / 5, 1000));
        AvailabilityCache* cache = m_cache.get();
        sp::db::EventStream* events = m_events.get();
        m_cache->setStream(events);
        connect(
            events, &sp::db::EventStream::eventsReceived, events,
            [cache](const QList<sp::db::Event>& batch) { cache->eventsReceived(batch); },
            Qt::DirectConnection);
        connect(
            events, &sp::db::EventStream::connectionChanged, events,
            [cache](bool connected) {
                if (!connected)
                    cache->clear(); // on doubt, forget
            },
            Qt::DirectConnection);
    }
    m_messages = std::make_unique<sp::carts::CustomerMessages>();
    m_keys = std::make_unique<ApiKeys>(m_config.apiKeyCacheMs);
    m_backend =
        std::make_unique<EndpointBackend>(*m_db, *m_pool, *m_keys, *m_messages, *m_authFailures);
    m_holds = std::make_unique<HoldBatcher>(*m_backend, m_cache.get(), m_config.holdGroupSize,
                                            m_config.holdGroupsAtOnce);
    m_reads = std::make_unique<ReadBatcher>(*m_backend, m_cache.get());
    m_router = std::make_unique<EndpointRouter>();
    const ControllerParts parts{m_config, *m_backend, m_cache.get(), *m_holds, *m_reads};
    addHealthRoutes(*m_router, parts);
    addInventoryRoutes(*m_router, parts);
    addHoldsRoutes(*m_router, parts);
    addCartsRoutes(*m_router, parts);
    addOrdersRoutes(*m_router, parts);
    addSalesRoutes(*m_router, parts);

    m_sweepTimer.setInterval(qMax(100, m_config.sweepIntervalMs));
    connect(&m_sweepTimer, &QTimer::timeout, this, &EndpointServer::sweepNow);
    m_messagesTimer.setInterval(qMax(1000, m_config.messagesRefreshMs));
    connect(&m_messagesTimer, &QTimer::timeout, this, &EndpointServer::refreshMessages);
}

sp::db::ConnectionSettings EndpointServer::embeddedLogin(const sp::db::EmbeddedCluster& cluster,
                                                         sp::db::Connection& owner)
{
    QFile file(cluster.dataDir() + QStringLiteral("/endpoint-login"));
    QByteArray password;
    if (file.open(QIODevice::ReadOnly))
        password = file.readAll().trimmed();
    file.close();
    if (password.size() < 32) {
        QByteArray secret(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(secret.data()),
                                              secret.size() / 4);
        password = secret.toHex();
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::IoError),
                                  tr("Cannot write %1.").arg(file.fileName()));
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(password + '\n');
        file.close();
    }
    // The password is random hex, so quoting it into the statement is safe.
    owner.execScript("ALTER ROLE stockpilot_server LOGIN PASSWORD '" + password + "'");
    sp::db::ConnectionSettings login = cluster.ownerSettings();
    login.user = QStringLiteral("stockpilot_server");
    login.password = QString::fromLatin1(password);
    return login;
}

EndpointServer::~EndpointServer()
{
    stop();
}

bool EndpointServer::start(const QHostAddress& address, quint16 port)
{
    stop();
    m_http = std::make_unique<HttpServer>(
        [this](HttpRequest&& request, HttpResponder responder) {
            handle(std::move(request), responder);
        },
        m_config.limits);
    if (!m_http->listen(address, port))
        return false;
    if (m_config.sweepIntervalMs > 0)
        m_sweepTimer.start();
    refreshMessages();
    m_messagesTimer.start();
    if (m_events) {
        m_cache->clear();
        m_events->start();
    }
    return true;
}

void EndpointServer::stop()
{
    if (m_stopper) {
        m_stopper->wait();
        finishStop();
    }
    m_sweepTimer.stop();
    m_messagesTimer.stop();
    if (m_http)
        m_http->close(); // no new requests; responses still in the pool are dropped
    m_pool->waitForDone();
    m_http.reset();
    if (m_events)
        m_events->stop();
}

void EndpointServer::stopAsync()
{
    if (m_stopper)
        return;
    m_sweepTimer.stop();
    m_messagesTimer.stop();
    if (m_http)
        m_http->close(); // quick: its I/O threads never wait on the database
    // The pool's work may wait on the database for as long as a statement takes: waited for on
    // a thread of its own, never on this one (the desktop's GUI thread).
    QThreadPool* pool = m_pool.get();
    sp::db::EventStream* events = m_events.get();
    m_stopper = QThread::create([pool, events] {
        pool->waitForDone();
        if (events)
            events->stop();
    });
    connect(m_stopper, &QThread::finished, this, &EndpointServer::finishStop);
    m_stopper->start();
}

void EndpointServer::finishStop()
{
    if (!m_stopper)
        return;
    m_stopper->wait();
    delete m_stopper;
    m_stopper = nullptr;
    m_http.reset(); // responders may post to its workers until the pool is done
    emit stopped();
}

bool EndpointServer::isRunning() const
{
    return !m_stopper && m_http && m_http->isListening();
}

quint16 EndpointServer::port() const
{
    return m_http ? m_http->serverPort() : 0;
}

QString EndpointServer::errorString() const
{
    return m_http ? m_http->errorString() : QString();
}

void EndpointServer::sweepNow()
{
    if (m_sweeping.exchange(true))
        return;
    m_pool->start([this] {
        try {
            const QJsonObject swept = m_db->runHere(
                [](sp::db::Connection& c) { return sp::inventory::sweepLapsedHolds(c); });
            if (const int expired = swept.value(QLatin1String("expired")).toInt(); expired > 0) {
                if (m_cache)
                    m_cache->barrier();
                emit holdsExpired(expired);
            }
        } catch (const sp::db::DbError&) {
            // The database is away; the next tick tries again.
        }
        m_sweeping = false;
    });
}

void EndpointServer::refreshMessages()
{
    m_pool->start([this] {
        try {
            m_db->runHere([this](sp::db::Connection& c) { m_messages->refresh(c); });
        } catch (const sp::db::DbError&) {
            // Away or not migrated yet: the built-in texts (or the last wordings) stay.
        }
    });
}

EndpointServer::HoldGroupStats EndpointServer::holdGroupStats() const
{
    return m_holds->stats();
}

EndpointServer::ReadBatchStats EndpointServer::readBatchStats() const
{
    return m_reads->stats();
}

void EndpointServer::handle(HttpRequest&& request, HttpResponder responder)
{
    // The address as 16 bytes (IPv4 mapped): the key of its failed-authentication bucket.
    const Q_IPV6ADDR ip = request.peer.toIPv6Address();
    QByteArray peer(reinterpret_cast<const char*>(ip.c), sizeof(ip.c));
    try {
        const EndpointRouter::Match match = m_router->match(request.method, request.path);
        const Route& route = *match.route;
        EndpointCall call(request, match.params, responder, peer, route.scope);

        // Who is asking, as far as it can be told without the database, for the rate limit.
        QByteArray rateKey;
        Access access = route.access;
        if (access == Access::Customer)
            access = request.header("x-api-key").isEmpty() ? Access::Cart : Access::Partner;
        if (access != Access::Public) {
            // An address that keeps failing to authenticate gets 429 before any lookup,
            // except with a key already known to be good (a partner behind the same NAT).
            const QByteArray key = request.header("x-api-key");
            if (access == Access::Partner && !key.isEmpty()) {
                call.apiKeyHash = sha256Hex(key);
                call.knownKey = m_keys->cached(call.apiKeyHash);
            }
            if (!call.knownKey || !call.knownKey->valid) {
                if (const int wait = m_authFailures->wait(peer); wait > 0) {
                    HttpResponse r = problem(
                        429, "too-many-failed-authentications",
                        tr("Too many failed authentications"),
                        tr("Too many requests from this address had an invalid key or token; "
                           "retry in %n second(s).",
                           nullptr, wait));
                    r.addHeader("Retry-After", QByteArray::number(wait));
                    responder.send(std::move(r));
                    return;
                }
            }
        }
        if (access == Access::Partner) {
            if (call.apiKeyHash.isEmpty())
                throw RequestError(401, "unauthorized", tr("API key required"),
                                   tr("Send the partner API key in the X-API-Key header."));
            rateKey = "k" + call.apiKeyHash;
        } else if (access == Access::Cart) {
            const QByteArray auth = request.header("authorization");
            if (!auth.startsWith("Bearer ") || auth.size() > 200)
                throw RequestError(401, "unauthorized", tr("Cart token required"),
                                   tr("Send the cart token as \"Authorization: Bearer <token>\"."));
            call.tokenHash = sha256Hex(auth.mid(7).trimmed());
            rateKey = "c" + call.params.value(0).toLatin1(); // the cart
        } else {
            rateKey = "a" + request.peer.toString().toLatin1();
        }
        if (route.rateLimited) {
            if (const int wait = m_limiter->take(rateKey); wait > 0) {
                HttpResponse r = problem(429, "rate-limited", tr("Too many requests"),
                                         tr("Slow down; retry in %n second(s).", nullptr, wait));
                r.addHeader("Retry-After", QByteArray::number(wait));
                responder.send(std::move(r));
                return;
            }
        }
        // The controller checks the rest before any database work (and throws what it refuses).
        route.handler(call);
    } catch (const RequestError& e) {
        HttpResponse r = problem(e);
        if (e.status == 405) {
            r.addHeader("Allow",
                        request.path.startsWith("/hold/") ? "POST, DELETE" : "GET, POST, DELETE");
        }
        m_backend->reply(responder, peer, std::move(r));
    }
}

} // namespace sp::http
