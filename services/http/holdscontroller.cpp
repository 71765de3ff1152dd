#include "controllers.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"
#include "http/endpointconfig.h"
#include "http/holdbatcher.h"
#include "http/requestchecks.h"
#include "http/router.h"

namespace sp::http {

namespace {

constexpr auto HoldsScope = "holds:write";

void create(const ControllerParts& parts, EndpointCall& call)
{
    PendingHold hold;
    hold.idempotencyKey = idempotencyKey(call.request);
    const JsonBody body = jsonBody(call.request, false);
    body.allowOnly({"sku", "quantity", "location", "ttl"});
    hold.sku = body.string("sku", true, 64, SkuPattern);
    hold.quantity = body.integer("quantity", true, 1, parts.config.maxQuantity);
    hold.location = body.string("location", false, 32, LocationPattern, QStringLiteral("online"));
    hold.ttl = body.integer("ttl", false, 1, parts.config.maxTtl, parts.config.defaultTtl);
    hold.fingerprint = body.fingerprint();
    hold.apiKeyHash = call.apiKeyHash;
    hold.scope = call.scope;
    hold.responder = call.responder;
    hold.peer = call.peer;
    // Its key is checked once, with the group it goes with (HoldBatcher), as every hold is
    // counted and answered there.
    parts.holds.submit(std::move(hold));
}

// Release or confirm: the product is not known here, so the GET cache waits for the events.
void end(const ControllerParts& parts, EndpointCall& call, const char* sql)
{
    requireNoBody(call.request);
    AvailabilityCache* cache = parts.cache;
    parts.backend.runAuthorized(call, [cache, sql, hold = call.params.value(0)](
                                          sp::db::Connection& c, const QString& caller) {
        HttpResponse r = fromApi(c.execPrepared(sql, {caller, hold}));
        if (cache)
            cache->barrier();
        return r;
    });
}

constexpr auto ReleaseSql = "SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                            "FROM api_hold_release($1, $2) r";
constexpr auto ConfirmSql = "SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                            "FROM api_hold_confirm($1, $2) r";

} // namespace

void addHoldsRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("POST", "/hold", Access::Partner, HoldsScope,
               [parts](EndpointCall& call) { create(parts, call); });
    router.add("DELETE", "/hold/{hold_id}", Access::Partner, HoldsScope,
               [parts](EndpointCall& call) { end(parts, call, ReleaseSql); });
    router.add("POST", "/hold/{hold_id}/release", Access::Partner, HoldsScope,
               [parts](EndpointCall& call) { end(parts, call, ReleaseSql); });
    router.add("POST", "/hold/{hold_id}/confirm", Access::Partner, HoldsScope,
               [parts](EndpointCall& call) { end(parts, call, ConfirmSql); });
}

} // namespace sp::http
