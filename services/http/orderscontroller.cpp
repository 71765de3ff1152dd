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

} // namespace

void addOrdersRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("POST", "/carts/{cart_id}/checkout", Access::Cart, nullptr,
               [parts](EndpointCall& call) { checkout(parts, call); });
}

} // namespace sp::http
