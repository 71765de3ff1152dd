#include "controllers.h"
#include "db/pgconnection.h"
#include "http/endpointbackend.h"
#include "http/router.h"

namespace sp::http {

void addHealthRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    EndpointBackend& backend = parts.backend;
    // Not rate limited: load balancers and monitors ask often.
    router.add(
        "GET", "/health", Access::Public, nullptr,
        [&backend](EndpointCall& call) {
            backend.runOnPool(
                [](sp::db::Connection& c) {
                    c.execPrepared("SELECT 1");
                    HttpResponse r;
                    r.body = R"({"status":"healthy","database":"connected"})";
                    return r;
                },
                call.responder, call.peer);
        },
        false);
}

} // namespace sp::http
