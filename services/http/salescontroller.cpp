#include "controllers.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"
#include "http/requestchecks.h"
#include "http/router.h"

namespace sp::http {

namespace {

constexpr auto SalesScope = "sales";
// One batch is a point-of-sale system's day or hour, not a history (that is an import).
constexpr int MaxSalesPerBatch = 10000;
constexpr auto DayPattern = "^\\d{4}-\\d{2}-\\d{2}$";
constexpr int MaxUnitsPerLine = 1000000;

// POST /sales: the shape of every line is checked here; what the database knows (SKUs,
// locations, stock, the days kept) is checked there, every bad line listed in one 422.
void record(const ControllerParts& parts, EndpointCall& call)
{
    const QByteArray key = idempotencyKey(call.request);
    const JsonBody body = jsonBody(call.request, false);
    body.allowOnly({"sales"});
    for (const JsonBody& line : body.objects("sales", MaxSalesPerBatch)) {
        line.allowOnly({"sku", "location", "day", "units"});
        line.string("sku", true, 64, SkuPattern);
        line.string("location", true, 32, LocationPattern);
        line.string("day", true, 10, DayPattern);
        line.integer("units", true, 1, MaxUnitsPerLine);
    }
    AvailabilityCache* cache = parts.cache;
    parts.backend.runAuthorized(call, [cache, key, fingerprint = body.fingerprint(),
                                       sales = body.text("sales")](sp::db::Connection& c,
                                                                   const QString& caller) {
        HttpResponse r = fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? "
                                                "'replayed' FROM api_sales_post($1, $2, $3, $4) r",
                                                {caller, key, fingerprint, sales}));
        if (cache)
            cache->barrier();
        return r;
    });
}

} // namespace

void addSalesRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("POST", "/sales", Access::Partner, SalesScope,
               [parts](EndpointCall& call) { record(parts, call); });
}

} // namespace sp::http
