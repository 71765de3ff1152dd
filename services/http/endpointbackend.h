#pragma once

#include "http/apikeys.h"
#include "http/httpserver.h"

#include <QThreadPool>

#include <functional>
#include <memory>

namespace sp::db {
class Database;
class Connection;
} // namespace sp::db
namespace sp::carts {
class CustomerMessages;
}

namespace sp::http {

class RateLimiter;
struct EndpointCall;

using DbWork = std::function<HttpResponse(sp::db::Connection&)>;

// What the controllers and batchers share: the endpoint's pool of worker threads with a
// connection each, the API keys, and the last steps of every answer (the customer messages'
// wording, the count of failed authentications per address). Thread-safe.
class EndpointBackend final
{
public:
    EndpointBackend(sp::db::Database& db, QThreadPool& pool, ApiKeys& keys,
                    sp::carts::CustomerMessages& messages, RateLimiter& authFailures);

    ApiKeys& keys() { return m_keys; }
    sp::carts::CustomerMessages& messages() { return m_messages; }

    // Runs task on the pool.
    void start(std::function<void()> task) { m_pool.start(std::move(task)); }
    // Runs work on this worker's connection: once more on a fresh one after a lost connection,
    // and database errors as problem responses.
    HttpResponse runWithRetry(const DbWork& work);
    // On the pool: runs work, words the answer and sends it.
    void runOnPool(DbWork work, HttpResponder responder, QByteArray peer);
    // A partner route: its key is checked against the route's scope, once, here when the key
    // cache knows it (a refusal is answered without the pool), else on the worker's connection;
    // work runs for an allowed caller only.
    void
    runAuthorized(EndpointCall& call,
                  std::function<HttpResponse(sp::db::Connection&, const QString& caller)> work);
    // Sends the response, counting a 401 against the address; words it first when asked.
    void reply(const HttpResponder& responder, const QByteArray& peer, HttpResponse response,
               bool word = false);

private:
    sp::db::Database& m_db;
    QThreadPool& m_pool;
    ApiKeys& m_keys;
    sp::carts::CustomerMessages& m_messages;
    RateLimiter& m_authFailures;
};

} // namespace sp::http
