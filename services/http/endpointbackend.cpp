#include "endpointbackend.h"

#include "carts/customermessages.h"
#include "db/database.h"
#include "db/dberror.h"
#include "http/apianswer.h"
#include "http/jsonbody.h"
#include "http/ratelimiter.h"
#include "http/router.h"

namespace sp::http {

EndpointBackend::EndpointBackend(sp::db::Database& db, QThreadPool& pool, ApiKeys& keys,
                                 sp::carts::CustomerMessages& messages, RateLimiter& authFailures)
    : m_db(db)
    , m_pool(pool)
    , m_keys(keys)
    , m_messages(messages)
    , m_authFailures(authFailures)
{}

HttpResponse EndpointBackend::runWithRetry(const DbWork& work)
{
    for (int attempt = 0;; ++attempt) {
        try {
            return m_db.runHere(work);
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
                    problem(503, "database-unavailable", apiText("Service unavailable"),
                            apiText("The database is not reachable; retry shortly."));
                response.addHeader("Retry-After", "1");
                return response;
            }
            if (e.is(sp::db::sqlstate::InvalidQuantity) || e.is(sp::db::sqlstate::InvalidArgument))
                return problem(422, "invalid-field", apiText("Invalid field"), e.message());
            qWarning("endpoint: %s %s", qPrintable(e.sqlState()), qPrintable(e.message()));
            return internalError();
        }
    }
}

void EndpointBackend::runOnPool(DbWork work, HttpResponder responder, QByteArray peer)
{
    m_pool.start([this, work = std::move(work), responder, peer = std::move(peer)] {
        reply(responder, peer, runWithRetry(work), true);
    });
}

void EndpointBackend::runAuthorized(
    EndpointCall& call,
    std::function<HttpResponse(sp::db::Connection&, const QString& caller)> work)
{
    if (call.knownKey) {
        Authorization a = ApiKeys::authorize(*call.knownKey, call.scope);
        if (a.refusal) {
            reply(call.responder, call.peer, std::move(*a.refusal), true);
            return;
        }
        runOnPool([work = std::move(work),
                   caller = std::move(a.caller)](sp::db::Connection& c) { return work(c, caller); },
                  call.responder, call.peer);
        return;
    }
    runOnPool(
        [this, work = std::move(work), keyHash = call.apiKeyHash,
         scope = call.scope](sp::db::Connection& c) {
            Authorization a = m_keys.authorize(c, keyHash, scope);
            if (a.refusal)
                return std::move(*a.refusal);
            return work(c, a.caller);
        },
        call.responder, call.peer);
}

void EndpointBackend::reply(const HttpResponder& responder, const QByteArray& peer,
                            HttpResponse response, bool word)
{
    if (word)
        m_messages.apply(response);
    if (response.status == 401)
        m_authFailures.take(peer);
    responder.send(std::move(response));
}

} // namespace sp::http
