#include "controllers.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"
#include "http/requestchecks.h"
#include "http/router.h"

namespace sp::http {

namespace {

void checkout(const ControllerParts& parts, EndpointCall& call)
{
    const QByteArray key = idempotencyKey(call.request);
    const JsonBody body = jsonBody(call.request, false);
    body.allowOnly({"ship_to"});
    const JsonBody shipTo = body.object("ship_to");
    shipTo.allowOnly({"latitude", "longitude"});
    const double latitude = shipTo.number("latitude", true, -90, 90);
    const double longitude = shipTo.number("longitude", true, -180, 180);
    AvailabilityCache* cache = parts.cache;
    parts.backend.runOnPool(
        [cache, cart = call.params.value(0), token = call.tokenHash, key,
         fingerprint = body.fingerprint(), latitude, longitude](sp::db::Connection& c) {
            HttpResponse r =
                fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                       "FROM api_cart_checkout($1, $2, $3, $4, $5, $6) r",
                                       {cart, token, key, fingerprint, latitude, longitude}));
            if (cache)
                cache->barrier();
            return r;
        },
        call.responder, call.peer);
}

// The orders a partner placed were confirmed holds: the same scope reads and cancels them.
constexpr auto OrdersScope = "holds:write";

// Runs work as the order's placer: a partner's key (checked against the scope) or a cart's
// token, which the SQL function matches against the order.
void asCustomer(const ControllerParts& parts, EndpointCall& call,
                std::function<HttpResponse(sp::db::Connection&, const sp::db::Param& caller,
                                           const sp::db::Param& tokenHash)>
                    work)
{
    if (!call.apiKeyHash.isEmpty()) {
        parts.backend.runAuthorized(call, [work](sp::db::Connection& c, const QString& caller) {
            return work(c, caller, sp::db::Param());
        });
        return;
    }
    parts.backend.runOnPool([work, token = call.tokenHash](
                                sp::db::Connection& c) { return work(c, sp::db::Param(), token); },
                            call.responder, call.peer);
}

void get(const ControllerParts& parts, EndpointCall& call)
{
    asCustomer(parts, call,
               [order = call.params.value(0)](sp::db::Connection& c, const sp::db::Param& caller,
                                              const sp::db::Param& token) {
                   return fromApi(
                       c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                      "FROM api_order_get($1, $2, $3) r",
                                      {caller, token, order}));
               });
}

void cancel(const ControllerParts& parts, EndpointCall& call)
{
    const QByteArray key = idempotencyKey(call.request);
    const JsonBody body = jsonBody(call.request, true);
    body.allowOnly({"reason"});
    const QString reason =
        body.string("reason", false, 500, nullptr, QStringLiteral("cancelled by the customer"));
    AvailabilityCache* cache = parts.cache;
    asCustomer(parts, call,
               [cache, order = call.params.value(0), key, fingerprint = body.fingerprint(), reason](
                   sp::db::Connection& c, const sp::db::Param& caller, const sp::db::Param& token) {
                   HttpResponse r = fromApi(
                       c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                      "FROM api_order_cancel($1, $2, $3, $4, $5, $6) r",
                                      {caller, token, order, key, fingerprint, reason}));
                   if (cache)
                       cache->barrier();
                   return r;
               });
}

} // namespace

void addOrdersRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("POST", "/carts/{cart_id}/checkout", Access::Cart, nullptr,
               [parts](EndpointCall& call) { checkout(parts, call); });
    router.add("GET", "/orders/{order_id}", Access::Customer, OrdersScope,
               [parts](EndpointCall& call) { get(parts, call); });
    router.add("POST", "/orders/{order_id}/cancel", Access::Customer, OrdersScope,
               [parts](EndpointCall& call) { cancel(parts, call); });
}

} // namespace sp::http
