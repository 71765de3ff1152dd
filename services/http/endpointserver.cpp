#include "endpointserver.h"

#include "carts/customermessages.h"
#include "db/database.h"
#include "db/dberror.h"
#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "http/availabilitycache.h"
#include "http/jsonbody.h"
#include "http/ratelimiter.h"
#include "inventory/holdsservice.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QThreadPool>
#include <QUrlQuery>

#include <cmath>
#include <deque>
#include <nlohmann/json.hpp>
#include <numeric>

namespace sp::http {

enum class RouteId {
    Health,
    Inventory,
    Availability,
    HoldCreate,
    HoldRelease,
    HoldConfirm,
    CartCreate,
    CartGet,
    CartItemSet,
    CartItemRemove,
    CartCheckout,
};

// A request after the checks that need no database: which route, its path parameters and its
// validated body.
struct EndpointRoute
{
    RouteId id = RouteId::Health;
    QString sku;
    QString holdId;
    QString cartId;
    QString location;
    int quantity = 1;
    int ttl = 0;
    double latitude = 0;
    double longitude = 0;
    QByteArray apiKeyHash;
    QByteArray tokenHash;
    QByteArray idempotencyKey;
    QByteArray fingerprint;
};

struct EndpointServer::Caller
{
    bool valid = false;
    int id = 0;
    QStringList scopes;
};

struct EndpointServer::KeyCache
{
    struct Entry
    {
        Caller caller;
        qint64 at = 0;
    };
    QMutex mutex;
    QHash<QByteArray, Entry> entries;
    QElapsedTimer clock;
};

struct EndpointServer::PendingHold
{
    EndpointRoute route;
    HttpResponder responder;
    QByteArray peer;
};

struct EndpointServer::HoldQueue
{
    QMutex mutex;
    std::deque<PendingHold> waiting; // for the next group, in order of arrival
    int running = 0;                 // groups being taken (at most holdGroupsAtOnce)
    HoldGroupStats stats;
};

struct EndpointServer::PendingRead
{
    HttpResponder responder;
    QByteArray peer;
};

struct EndpointServer::ReadQueue
{
    QMutex mutex;
    std::deque<QString> order;                  // SKUs for the next read, in order of arrival
    QHash<QString, QList<PendingRead>> waiting; // and the requests that want each
    bool running = false;
    ReadBatchStats stats;
};

namespace {

// SKUs in one api_inventory_entries call; more wait for the next.
constexpr int ReadBatchSize = 128;

const QRegularExpression& skuPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return re;
}

const QRegularExpression& uuidPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return re;
}

constexpr auto LocationPattern = "^[A-Za-z0-9_-]{1,32}$";

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

HttpResponse problem(int status, const QByteArray& type, const QString& title,
                     const QString& detail, const QString& field = {})
{
    nlohmann::json body = {
        {"type", "https://stockpilot.invalid/problems/" + type.toStdString()},
        {"title", title.toStdString()},
        {"status", status},
        {"detail", detail.toStdString()},
    };
    if (!field.isEmpty())
        body["field"] = field.toStdString();
    HttpResponse r;
    r.status = status;
    r.contentType = "application/problem+json";
    const std::string text = body.dump();
    r.body = QByteArray(text.data(), qsizetype(text.size()));
    return r;
}

HttpResponse problem(const RequestError& e)
{
    return problem(e.status, e.type, e.title, e.message(), e.field());
}

RequestError notFound()
{
    return RequestError(404, "not-found", EndpointServer::tr("Not found"),
                        EndpointServer::tr("There is no such resource."));
}

// The answer of an api_* function: its status, body, and whether it was replayed, in columns
// col..col+2 of a row.
HttpResponse fromApi(const sp::db::Result& r, int row = 0, int col = 0)
{
    HttpResponse response;
    response.status = r.toInt(row, col);
    response.body = r.bytes(row, col + 1);
    if (response.status >= 400)
        response.contentType = "application/problem+json";
    if (r.toBool(row, col + 2))
        response.addHeader("Idempotent-Replayed", "true");
    if (response.status == 409 && response.body.contains("request-in-progress"))
        response.addHeader("Retry-After", "1");
    return response;
}

bool isJsonContentType(const QByteArray& value)
{
    const QByteArray type = value.split(';').first().trimmed().toLower();
    return type == "application/json";
}

QByteArray idempotencyKey(const HttpRequest& request)
{
    QByteArray key = request.header("idempotency-key");
    if (key.isNull())
        key = request.header("x-idempotency-key");
    if (key.isNull())
        throw RequestError(400, "idempotency-key-missing",
                           EndpointServer::tr("Idempotency-Key missing"),
                           EndpointServer::tr("This request needs an X-Idempotency-Key header "
                                              "(a unique value per intended operation)."));
    bool printable = !key.isEmpty() && key.size() <= 255;
    for (const char ch : key)
        printable = printable && ch >= 0x21 && ch <= 0x7e;
    if (!printable)
        throw RequestError(400, "idempotency-key-invalid",
                           EndpointServer::tr("Idempotency-Key invalid"),
                           EndpointServer::tr("The Idempotency-Key must be 1 to 255 visible "
                                              "ASCII characters."));
    return key;
}

JsonBody jsonBody(const HttpRequest& request, bool emptyIsObject)
{
    if (!request.body.trimmed().isEmpty() && !isJsonContentType(request.header("content-type")))
        throw RequestError(415, "unsupported-media-type",
                           EndpointServer::tr("Unsupported media type"),
                           EndpointServer::tr("Send the body as application/json."));
    if (request.body.trimmed().isEmpty() && !emptyIsObject)
        throw RequestError(422, "invalid-body", EndpointServer::tr("Invalid body"),
                           EndpointServer::tr("This request needs a JSON object as its body."));
    return JsonBody::parse(request.body, emptyIsObject);
}

void requireNoBody(const HttpRequest& request)
{
    jsonBody(request, true).allowOnly({});
}

// Matches the path and method; throws 404 or 405.
EndpointRoute match(const HttpRequest& request)
{
    const QList<QByteArray> parts = request.path.mid(1).split('/');
    const QByteArray& m = request.method;
    EndpointRoute route;
    auto expect = [&m](std::initializer_list<const char*> allowed) {
        for (const char* a : allowed) {
            if (m == a)
                return;
        }
        RequestError e(405, "method-not-allowed", EndpointServer::tr("Method not allowed"),
                       EndpointServer::tr("This resource does not support %1.")
                           .arg(QString::fromLatin1(m.left(16))));
        throw e;
    };
    auto segment = [&parts](int i) {
        return QString::fromUtf8(parts.value(i));
    };
    const qsizetype n = parts.size();
    const QByteArray first = parts.value(0);

    if (first == "health" && n == 1) {
        expect({"GET"});
        route.id = RouteId::Health;
    } else if (first == "inventory" && (n == 2 || (n == 3 && parts[2] == "availability"))) {
        expect({"GET"});
        route.id = n == 2 ? RouteId::Inventory : RouteId::Availability;
        route.sku = segment(1);
        if (!skuPattern().match(route.sku).hasMatch())
            throw notFound();
    } else if (first == "hold" && n == 1) {
        expect({"POST"});
        route.id = RouteId::HoldCreate;
    } else if (first == "hold" && n == 2) {
        expect({"DELETE"});
        route.id = RouteId::HoldRelease;
        route.holdId = segment(1).toLower();
    } else if (first == "hold" && n == 3 && (parts[2] == "release" || parts[2] == "confirm")) {
        expect({"POST"});
        route.id = parts[2] == "release" ? RouteId::HoldRelease : RouteId::HoldConfirm;
        route.holdId = segment(1).toLower();
    } else if (first == "carts" && n == 1) {
        expect({"POST"});
        route.id = RouteId::CartCreate;
    } else if (first == "carts" && n == 2) {
        expect({"GET"});
        route.id = RouteId::CartGet;
        route.cartId = segment(1).toLower();
    } else if (first == "carts" && n == 3 && parts[2] == "items") {
        expect({"POST"});
        route.id = RouteId::CartItemSet;
        route.cartId = segment(1).toLower();
    } else if (first == "carts" && n == 4 && parts[2] == "items") {
        expect({"DELETE"});
        route.id = RouteId::CartItemRemove;
        route.cartId = segment(1).toLower();
        route.sku = segment(3);
        if (!skuPattern().match(route.sku).hasMatch())
            throw notFound();
    } else if (first == "carts" && n == 3 && parts[2] == "checkout") {
        expect({"POST"});
        route.id = RouteId::CartCheckout;
        route.cartId = segment(1).toLower();
    } else {
        throw notFound();
    }
    if (!route.holdId.isNull() && !uuidPattern().match(route.holdId).hasMatch())
        throw notFound();
    if (!route.cartId.isNull() && !uuidPattern().match(route.cartId).hasMatch())
        throw notFound();
    return route;
}

bool isPartnerRoute(RouteId id)
{
    return id == RouteId::Inventory || id == RouteId::Availability || id == RouteId::HoldCreate ||
           id == RouteId::HoldRelease || id == RouteId::HoldConfirm;
}

bool isCartRoute(RouteId id)
{
    return id == RouteId::CartGet || id == RouteId::CartItemSet || id == RouteId::CartItemRemove ||
           id == RouteId::CartCheckout;
}

QString base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

EndpointConfig EndpointConfig::fromSettings(const QSettings& s)
{
    EndpointConfig c;
    auto get = [&s](const char* key, auto fallback) {
        return s.value(QStringLiteral("endpoint/") + QLatin1String(key), fallback)
            .template value<decltype(fallback)>();
    };
    c.limits.maxBodyBytes = get("max_body_bytes", c.limits.maxBodyBytes);
    c.limits.maxHeaderBytes = get("max_header_bytes", c.limits.maxHeaderBytes);
    c.limits.maxConnections = get("max_connections", c.limits.maxConnections);
    c.limits.idleTimeoutMs = get("idle_timeout_ms", c.limits.idleTimeoutMs);
    c.limits.requestTimeoutMs = get("request_timeout_ms", c.limits.requestTimeoutMs);
    c.limits.ioThreads = get("io_threads", c.limits.ioThreads);
    c.dbConnections = get("db_connections", c.dbConnections);
    c.ratePerSecond = get("rate_per_second", c.ratePerSecond);
    c.rateBurst = get("rate_burst", c.rateBurst);
    c.maxQuantity = get("max_quantity", c.maxQuantity);
    c.maxCartUnits = get("max_cart_units", c.maxCartUnits);
    c.maxCartLines = get("max_cart_lines", c.maxCartLines);
    c.defaultTtl = get("default_ttl", c.defaultTtl);
    c.maxTtl = get("max_ttl", c.maxTtl);
    c.cartTtl = get("cart_ttl", c.cartTtl);
    c.sweepIntervalMs = get("sweep_interval_ms", c.sweepIntervalMs);
    c.apiKeyCacheMs = get("api_key_cache_ms", c.apiKeyCacheMs);
    c.messagesRefreshMs = get("messages_refresh_ms", c.messagesRefreshMs);
    c.inventoryCacheMs = get("inventory_cache_ms", c.inventoryCacheMs);
    c.inventoryCacheEntries = get("inventory_cache_entries", c.inventoryCacheEntries);
    c.authFailureBurst = get("auth_failure_burst", c.authFailureBurst);
    c.authFailuresPerSecond = get("auth_failures_per_second", c.authFailuresPerSecond);
    c.holdGroupSize = get("hold_group_size", c.holdGroupSize);
    c.holdGroupsAtOnce = get("hold_groups_at_once", c.holdGroupsAtOnce);
    return c;
}

EndpointServer::EndpointServer(sp::db::ConnectionSettings db, EndpointConfig config,
                               QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_keys(std::make_unique<KeyCache>())
    , m_holds(std::make_unique<HoldQueue>())
    , m_reads(std::make_unique<ReadQueue>())
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
    m_keys->clock.start();
    m_sweepTimer.setInterval(qMax(100, m_config.sweepIntervalMs));
    connect(&m_sweepTimer, &QTimer::timeout, this, &EndpointServer::sweepNow);
    m_messages = std::make_unique<sp::carts::CustomerMessages>();
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
    m_sweepTimer.stop();
    m_messagesTimer.stop();
    if (m_http)
        m_http->close(); // no new requests; responses still in the pool are dropped
    m_pool->waitForDone();
    m_http.reset();
    if (m_events)
        m_events->stop();
}

bool EndpointServer::isRunning() const
{
    return m_http && m_http->isListening();
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

void EndpointServer::runOnPool(std::function<HttpResponse(sp::db::Connection&)> work,
                               HttpResponder responder, QByteArray peer)
{
    m_pool->start([this, work = std::move(work), responder, peer = std::move(peer)] {
        HttpResponse response = runWithRetry(work);
        m_messages->apply(response);
        reply(responder, peer, std::move(response));
    });
}

HttpResponse
EndpointServer::runWithRetry(const std::function<HttpResponse(sp::db::Connection&)>& work)
{
    for (int attempt = 0;; ++attempt) {
        try {
            return m_db->runHere(work);
        } catch (const RequestError& e) {
            // Before DbError, which it is too.
            return problem(e);
        } catch (const sp::db::DbError& e) {
            // A pooled connection may have died with a restarted server; one more try on a
            // fresh connection is safe because every route is idempotent (keys, release,
            // confirm and set-quantity all repeat to the same state).
            if (e.isConnectionError() && attempt == 0)
                continue;
            if (e.isConnectionError()) {
                HttpResponse response =
                    problem(503, "database-unavailable", tr("Service unavailable"),
                            tr("The database is not reachable; retry shortly."));
                response.addHeader("Retry-After", "1");
                return response;
            }
            if (e.is(sp::db::sqlstate::InvalidQuantity) || e.is(sp::db::sqlstate::InvalidArgument))
                return problem(422, "invalid-field", tr("Invalid field"), e.message());
            qWarning("endpoint: %s %s", qPrintable(e.sqlState()), qPrintable(e.message()));
            return problem(500, "internal", tr("Internal error"),
                           tr("The request failed; nothing was changed."));
        }
    }
}

EndpointServer::HoldGroupStats EndpointServer::holdGroupStats() const
{
    QMutexLocker lock(&m_holds->mutex);
    return m_holds->stats;
}

EndpointServer::HoldGroupStats
EndpointServer::HoldGroupStats::since(const HoldGroupStats& earlier) const
{
    HoldGroupStats d;
    d.holds = holds - earlier.holds;
    d.groups = groups - earlier.groups;
    for (int i = 0; i < DbTimeSteps; ++i)
        d.dbTimes[i] = dbTimes[i] - earlier.dbTimes[i];
    return d;
}

double EndpointServer::HoldGroupStats::dbTimePercentile(double p) const
{
    const qint64 total = std::accumulate(dbTimes.begin(), dbTimes.end(), qint64(0));
    if (total == 0)
        return 0;
    // The rank of the call at p, counted from 1.
    const auto rank = qint64(std::ceil(p * double(total)));
    qint64 seen = 0;
    for (int i = 0; i < DbTimeSteps; ++i) {
        seen += dbTimes[i];
        if (seen >= qMax(rank, qint64(1)))
            return (i + 1) * DbTimeStepUs / 1000.0;
    }
    return DbTimeSteps * DbTimeStepUs / 1000.0;
}

void EndpointServer::submitHold(EndpointRoute&& route, HttpResponder responder, QByteArray peer)
{
    {
        QMutexLocker lock(&m_holds->mutex);
        ++m_holds->stats.holds;
        m_holds->waiting.push_back({std::move(route), std::move(responder), std::move(peer)});
        if (m_holds->running >= m_config.holdGroupsAtOnce)
            return; // a running group's worker takes it next
        ++m_holds->running;
    }
    m_pool->start([this] { runHoldQueue(); });
}

// Takes the next group of waiting holds (those that arrived while the running groups were in
// the database) to the database. As soon as the group is out of the database, the queue goes on
// behind the pool's other work (so that a stream of holds cannot keep GETs or refused holds
// from a worker) while this worker answers the group: the database need not wait for the
// answers to be sent before it gets the next group.
void EndpointServer::runHoldQueue()
{
    QList<PendingHold> group;
    {
        QMutexLocker lock(&m_holds->mutex);
        std::deque<PendingHold>& waiting = m_holds->waiting;
        if (waiting.empty()) {
            --m_holds->running;
            return;
        }
        while (!waiting.empty() && group.size() < m_config.holdGroupSize) {
            group.append(std::move(waiting.front()));
            waiting.pop_front();
        }
        ++m_holds->stats.groups;
    }
    QElapsedTimer clock;
    clock.start();
    QList<std::optional<HttpResponse>> answers = holdGroupAnswers(group);
    const qint64 step = clock.nsecsElapsed() / 1000 / HoldGroupStats::DbTimeStepUs;
    {
        QMutexLocker lock(&m_holds->mutex);
        ++m_holds->stats.dbTimes[qMin(step, qint64(HoldGroupStats::DbTimeSteps - 1))];
    }
    m_pool->start([this] { runHoldQueue(); });
    finishHoldGroup(group, answers);
}

void EndpointServer::finishHoldGroup(QList<PendingHold>& group,
                                     QList<std::optional<HttpResponse>>& answers)
{
    for (qsizetype i = 0; i < group.size(); ++i) {
        if (answers[i]) {
            finishHold(group[i], std::move(*answers[i]));
            continue;
        }
        // On the pool, side by side, so that a refusal's search for alternatives (it can take
        // a while) keeps neither the queue nor the others waiting.
        m_pool->start([this, hold = std::move(group[i])] { finishHold(hold, holdAlone(hold)); });
    }
}

EndpointServer::ReadBatchStats EndpointServer::readBatchStats() const
{
    QMutexLocker lock(&m_reads->mutex);
    return m_reads->stats;
}

void EndpointServer::submitRead(const QString& sku, HttpResponder responder, QByteArray peer)
{
    {
        QMutexLocker lock(&m_reads->mutex);
        ++m_reads->stats.requests;
        auto it = m_reads->waiting.find(sku);
        if (it == m_reads->waiting.end()) {
            m_reads->order.push_back(sku);
            it = m_reads->waiting.insert(sku, {});
        }
        it->append({std::move(responder), std::move(peer)});
        if (m_reads->running)
            return; // the running read's worker takes it next
        m_reads->running = true;
    }
    m_pool->start([this] { runReadQueue(); });
}

// Like runHoldQueue: a request waits only for a read that began before it arrived (never joins
// one in the database, whose snapshot may be older than the request), and the next read leaves
// as soon as this one is out of the database.
void EndpointServer::runReadQueue()
{
    QStringList skus;
    QList<QList<PendingRead>> requests;
    {
        QMutexLocker lock(&m_reads->mutex);
        while (!m_reads->order.empty() && skus.size() < ReadBatchSize) {
            QString sku = std::move(m_reads->order.front());
            m_reads->order.pop_front();
            requests.append(m_reads->waiting.take(sku));
            skus.append(std::move(sku));
        }
        if (skus.isEmpty()) {
            m_reads->running = false;
            return;
        }
        m_reads->stats.skus += skus.size();
        ++m_reads->stats.batches;
    }
    QList<HttpResponse> answers;
    const HttpResponse failure = runWithRetry([&](sp::db::Connection& c) {
        answers = inventoryAnswers(c, skus);
        return HttpResponse{};
    });
    m_pool->start([this] { runReadQueue(); });
    for (qsizetype i = 0; i < skus.size(); ++i) {
        // No answers: the database is away (503), for each of them.
        HttpResponse answer = answers.isEmpty() ? failure : answers[i];
        m_messages->apply(answer);
        for (const PendingRead& read : std::as_const(requests[i]))
            reply(read.responder, read.peer, answer);
    }
}

QList<HttpResponse> EndpointServer::inventoryAnswers(sp::db::Connection& c, const QStringList& skus)
{
    // Taken before the statement: an answer loaded across a change of its product is not kept.
    const std::optional<quint64> token = m_cache ? m_cache->beginLoad() : std::nullopt;
    const qint64 started = AvailabilityCache::nowMs();
    QList<HttpResponse> answers(skus.size());
    QList<bool> answered(skus.size(), false);
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
        answers[i] = fromApi(r, row, 0);
        answered[i] = true;
        if (token && answers[i].status == 200)
            m_cache->store(*token, skus[i], r.toInt(row, 3), answers[i].body, r.toLongLong(row, 4),
                           started);
    }
    // A SKU the statement did not answer would be a fault in it: 500, never a guess.
    for (qsizetype i = 0; i < skus.size(); ++i) {
        if (!answered[i])
            answers[i] = problem(500, "internal", tr("Internal error"),
                                 tr("The request failed; nothing was changed."));
    }
    return answers;
}

QList<std::optional<HttpResponse>> EndpointServer::holdGroupAnswers(const QList<PendingHold>& group)
{
    QList<std::optional<HttpResponse>> answers(group.size());
    bool ran = false;
    const HttpResponse failure = runWithRetry([&](sp::db::Connection& c) {
        std::fill(answers.begin(), answers.end(), std::nullopt);
        QStringList callers, keys, fingerprints, skus, locations;
        QList<int> quantities, ttls, items;
        for (qsizetype i = 0; i < group.size(); ++i) {
            const EndpointRoute& route = group[i].route;
            QString caller;
            if (std::optional<HttpResponse> refusal = authorize(c, route, caller)) {
                answers[i] = std::move(refusal);
                continue;
            }
            callers.append(caller);
            keys.append(QString::fromLatin1(route.idempotencyKey));
            fingerprints.append(QString::fromLatin1(route.fingerprint));
            skus.append(route.sku);
            locations.append(route.location);
            quantities.append(route.quantity);
            ttls.append(route.ttl);
            items.append(int(i));
        }
        if (!items.isEmpty()) {
            const sp::db::Result r = c.execPrepared(
                "SELECT item, (answer->>'status')::int, answer->'body', answer ? 'replayed' "
                "FROM api_hold_create_group($1, $2, $3, $4, $5, $6, $7)",
                {callers, keys, fingerprints, skus, locations, quantities, ttls});
            for (int row = 0; row < r.rows(); ++row) {
                if (!r.isNull(row, 1))
                    answers[items[r.toInt(row, 0) - 1]] = fromApi(r, row, 1);
            }
        }
        ran = true;
        return HttpResponse{};
    });
    if (!ran) {
        // Nothing of the group stayed. A lost database answers all of them; any other error
        // belongs to one hold, and each goes on its own to find out which.
        if (failure.status == 503)
            std::fill(answers.begin(), answers.end(), failure);
        else
            std::fill(answers.begin(), answers.end(), std::nullopt);
    }
    return answers;
}

HttpResponse EndpointServer::holdAlone(const PendingHold& hold)
{
    return runWithRetry([this, &hold](sp::db::Connection& c) { return serve(c, hold.route, {}); });
}

void EndpointServer::finishHold(const PendingHold& hold, HttpResponse response)
{
    // Committed: a GET through this process from now on must show it.
    if (m_cache)
        m_cache->invalidateSku(hold.route.sku);
    m_messages->apply(response);
    reply(hold.responder, hold.peer, std::move(response));
}

void EndpointServer::reply(const HttpResponder& responder, const QByteArray& peer,
                           HttpResponse response)
{
    if (response.status == 401)
        m_authFailures->take(peer);
    responder.send(std::move(response));
}

std::optional<EndpointServer::Caller> EndpointServer::cachedKey(const QByteArray& keyHash) const
{
    QMutexLocker lock(&m_keys->mutex);
    const auto it = m_keys->entries.constFind(keyHash);
    if (it != m_keys->entries.constEnd() &&
        m_keys->clock.elapsed() - it->at < m_config.apiKeyCacheMs)
        return it->caller;
    return std::nullopt;
}

EndpointServer::Caller EndpointServer::authenticateKey(sp::db::Connection& c,
                                                       const QByteArray& keyHash)
{
    if (std::optional<Caller> cached = cachedKey(keyHash))
        return *cached;
    const sp::db::Result r = c.execPrepared(
        "SELECT id, array_to_string(scopes, ' ') FROM api_key_lookup($1)", {keyHash});
    Caller caller;
    if (r.rows() == 1) {
        caller.valid = true;
        caller.id = r.toInt(0, 0);
        caller.scopes = r.text(0, 1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    QMutexLocker lock(&m_keys->mutex);
    if (m_keys->entries.size() > 10'000)
        m_keys->entries.clear();
    m_keys->entries.insert(keyHash, {caller, m_keys->clock.elapsed()});
    return caller;
}

void EndpointServer::handle(HttpRequest&& request, HttpResponder responder)
{
    // The address as 16 bytes (IPv4 mapped): the key of its failed-authentication bucket.
    const Q_IPV6ADDR ip = request.peer.toIPv6Address();
    QByteArray peer(reinterpret_cast<const char*>(ip.c), sizeof(ip.c));
    try {
        EndpointRoute route = match(request);

        // Who is asking, as far as it can be told without the database, for the rate limit.
        QByteArray rateKey;
        std::optional<Caller> knownKey;
        if (isPartnerRoute(route.id) || isCartRoute(route.id)) {
            // An address that keeps failing to authenticate gets 429 before any lookup,
            // except with a key already known to be good (a partner behind the same NAT).
            const QByteArray key = request.header("x-api-key");
            if (isPartnerRoute(route.id) && !key.isEmpty()) {
                route.apiKeyHash = sha256Hex(key);
                knownKey = cachedKey(route.apiKeyHash);
            }
            if (!knownKey || !knownKey->valid) {
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
        if (isPartnerRoute(route.id)) {
            if (route.apiKeyHash.isEmpty())
                throw RequestError(401, "unauthorized", tr("API key required"),
                                   tr("Send the partner API key in the X-API-Key header."));
            rateKey = "k" + route.apiKeyHash;
        } else if (isCartRoute(route.id)) {
            const QByteArray auth = request.header("authorization");
            if (!auth.startsWith("Bearer ") || auth.size() > 200)
                throw RequestError(401, "unauthorized", tr("Cart token required"),
                                   tr("Send the cart token as \"Authorization: Bearer <token>\"."));
            route.tokenHash = sha256Hex(auth.mid(7).trimmed());
            rateKey = "c" + route.cartId.toLatin1();
        } else {
            rateKey = "a" + request.peer.toString().toLatin1();
        }
        if (route.id != RouteId::Health) {
            if (const int wait = m_limiter->take(rateKey); wait > 0) {
                HttpResponse r = problem(429, "rate-limited", tr("Too many requests"),
                                         tr("Slow down; retry in %n second(s).", nullptr, wait));
                r.addHeader("Retry-After", QByteArray::number(wait));
                responder.send(std::move(r));
                return;
            }
        }

        // A cached answer needs neither the pool nor the database: served on this I/O thread.
        // Otherwise the read goes with the others that miss meanwhile.
        if (route.id == RouteId::Inventory && knownKey && knownKey->valid &&
            knownKey->scopes.contains(QLatin1String("inventory:read"))) {
            if (std::optional<QByteArray> body =
                    m_cache ? m_cache->find(route.sku) : std::nullopt) {
                HttpResponse r;
                r.body = std::move(*body);
                responder.send(std::move(r));
                return;
            }
            submitRead(route.sku, responder, std::move(peer));
            return;
        }

        // Everything about the body and headers is checked here, before any database work.
        switch (route.id) {
        case RouteId::Health:
        case RouteId::Inventory:
        case RouteId::CartGet:
        case RouteId::CartItemRemove:
            break;
        case RouteId::Availability: {
            const QUrlQuery query(QString::fromUtf8(request.query));
            route.location = QStringLiteral("online");
            for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
                if (name == QLatin1String("quantity")) {
                    bool ok = false;
                    route.quantity = value.toInt(&ok);
                    if (!ok || value.size() > 10 || route.quantity < 1 ||
                        route.quantity > m_config.maxQuantity)
                        throw RequestError(422, "invalid-field", tr("Invalid field"),
                                           tr("\"quantity\" must be a whole number from 1 to %1.")
                                               .arg(m_config.maxQuantity),
                                           QStringLiteral("quantity"));
                } else if (name == QLatin1String("location")) {
                    route.location = value;
                    if (!compiledPattern(LocationPattern).match(value).hasMatch())
                        throw RequestError(422, "invalid-field", tr("Invalid field"),
                                           tr("\"location\" has an invalid value."),
                                           QStringLiteral("location"));
                } else {
                    throw RequestError(422, "invalid-field", tr("Invalid field"),
                                       tr("Unknown query parameter \"%1\".").arg(name.left(100)),
                                       name.left(100));
                }
            }
            break;
        }
        case RouteId::HoldCreate: {
            route.idempotencyKey = idempotencyKey(request);
            const JsonBody body = jsonBody(request, false);
            body.allowOnly({"sku", "quantity", "location", "ttl"});
            route.sku = body.string("sku", true, 64, "^[A-Za-z0-9._-]{1,64}$");
            route.quantity = body.integer("quantity", true, 1, m_config.maxQuantity);
            route.location =
                body.string("location", false, 32, LocationPattern, QStringLiteral("online"));
            route.ttl = body.integer("ttl", false, 1, m_config.maxTtl, m_config.defaultTtl);
            route.fingerprint = body.fingerprint();
            break;
        }
        case RouteId::HoldRelease:
        case RouteId::HoldConfirm:
        case RouteId::CartCreate:
            requireNoBody(request);
            break;
        case RouteId::CartItemSet: {
            const JsonBody body = jsonBody(request, false);
            body.allowOnly({"sku", "quantity", "location"});
            route.sku = body.string("sku", true, 64, "^[A-Za-z0-9._-]{1,64}$");
            route.quantity = body.integer("quantity", true, 1, m_config.maxQuantity);
            route.location =
                body.string("location", false, 32, LocationPattern, QStringLiteral("online"));
            break;
        }
        case RouteId::CartCheckout: {
            route.idempotencyKey = idempotencyKey(request);
            const JsonBody body = jsonBody(request, false);
            body.allowOnly({"ship_to"});
            const JsonBody shipTo = body.object("ship_to");
            shipTo.allowOnly({"latitude", "longitude"});
            route.latitude = shipTo.number("latitude", true, -90, 90);
            route.longitude = shipTo.number("longitude", true, -180, 180);
            route.fingerprint = body.fingerprint();
            break;
        }
        }

        if (route.id == RouteId::HoldCreate) {
            submitHold(std::move(route), responder, std::move(peer));
            return;
        }
        runOnPool(
            [this, route = std::move(route)](sp::db::Connection& c) { return serve(c, route, {}); },
            responder, peer);
    } catch (const RequestError& e) {
        HttpResponse r = problem(e);
        if (e.status == 405) {
            r.addHeader("Allow",
                        request.path.startsWith("/hold/") ? "POST, DELETE" : "GET, POST, DELETE");
        }
        reply(responder, peer, std::move(r));
    }
}

std::optional<HttpResponse> EndpointServer::authorize(sp::db::Connection& c,
                                                      const EndpointRoute& route, QString& caller)
{
    if (!isPartnerRoute(route.id))
        return std::nullopt;
    const Caller key = authenticateKey(c, route.apiKeyHash);
    if (!key.valid)
        return problem(401, "unauthorized", tr("Invalid API key"),
                       tr("The API key is unknown or was revoked."));
    const char* scope = route.id == RouteId::Inventory || route.id == RouteId::Availability
                            ? "inventory:read"
                            : "holds:write";
    if (!key.scopes.contains(QLatin1String(scope)))
        return problem(403, "forbidden", tr("Forbidden"),
                       tr("This API key lacks the scope %1.").arg(QLatin1String(scope)));
    caller = QStringLiteral("key:%1").arg(key.id);
    return std::nullopt;
}

HttpResponse EndpointServer::serve(sp::db::Connection& c, const EndpointRoute& route,
                                   const HttpRequest&)
{
    QString caller;
    if (std::optional<HttpResponse> refusal = authorize(c, route, caller))
        return std::move(*refusal);

    switch (route.id) {
    case RouteId::Health: {
        c.execPrepared("SELECT 1");
        HttpResponse r;
        r.body = R"({"status":"healthy","database":"connected"})";
        return r;
    }
    case RouteId::Inventory:
        return inventoryAnswers(c, {route.sku}).first();
    case RouteId::Availability:
        return fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                      "FROM api_availability($1, $2, $3) r",
                                      {route.sku, route.location, route.quantity}));
    case RouteId::HoldCreate: {
        // (The group queue drops the product from the GET cache once this has committed.)
        return fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                      "FROM api_hold_create($1, $2, $3, $4, $5, $6, $7) r",
                                      {caller, route.idempotencyKey, route.fingerprint, route.sku,
                                       route.location, route.quantity, route.ttl}));
    }
    case RouteId::HoldRelease: {
        HttpResponse r =
            fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                   "FROM api_hold_release($1, $2) r",
                                   {caller, route.holdId}));
        if (m_cache)
            m_cache->barrier(); // the product is not known here
        return r;
    }
    case RouteId::HoldConfirm: {
        HttpResponse r =
            fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                   "FROM api_hold_confirm($1, $2) r",
                                   {caller, route.holdId}));
        if (m_cache)
            m_cache->barrier();
        return r;
    }
    case RouteId::CartCreate: {
        QByteArray secret(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(secret.data()),
                                              secret.size() / 4);
        const QString token = base64Url(secret);
        const sp::db::Result r =
            c.execPrepared("SELECT r->'body'->>'cart_id' FROM api_cart_create($1) r",
                           {sha256Hex(token.toLatin1())});
        const nlohmann::json body = {{"cart_id", r.text(0, 0).toStdString()},
                                     {"token", token.toStdString()}};
        HttpResponse response;
        response.status = 201;
        const std::string text = body.dump();
        response.body = QByteArray(text.data(), qsizetype(text.size()));
        return response;
    }
    case RouteId::CartGet:
        return fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                      "FROM api_cart_get($1, $2) r",
                                      {route.cartId, route.tokenHash}));
    case RouteId::CartItemSet: {
        HttpResponse r = fromApi(c.execPrepared(
            "SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
            "FROM api_cart_set_item($1, $2, $3, $4, $5, $6, $7, $8) r",
            {route.cartId, route.tokenHash, route.sku, route.quantity, route.location,
             m_config.cartTtl, m_config.maxCartUnits, m_config.maxCartLines}));
        // Touching a cart renews the other lines' holds too, which moves their lapse times.
        if (m_cache)
            m_cache->barrier();
        return r;
    }
    case RouteId::CartItemRemove: {
        HttpResponse r =
            fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                   "FROM api_cart_remove_item($1, $2, $3) r",
                                   {route.cartId, route.tokenHash, route.sku}));
        if (m_cache)
            m_cache->barrier();
        return r;
    }
    case RouteId::CartCheckout: {
        HttpResponse r =
            fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                   "FROM api_cart_checkout($1, $2, $3, $4, $5, $6) r",
                                   {route.cartId, route.tokenHash, route.idempotencyKey,
                                    route.fingerprint, route.latitude, route.longitude}));
        if (m_cache)
            m_cache->barrier();
        return r;
    }
    }
    return problem(404, "not-found", tr("Not found"), tr("There is no such resource."));
}

} // namespace sp::http
