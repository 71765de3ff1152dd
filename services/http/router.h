#pragma once

#include "http/apikeys.h"
#include "http/httpserver.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace sp::http {

// Who may call a route: anyone, a partner with an API key holding a scope, the holder of a
// cart's token, or either of the last two (Customer: an order placed by a partner's key or
// checked out from a cart; an X-API-Key header makes it a partner's call).
enum class Access { Public, Partner, Cart, Customer };

// A request on its way to a controller's handler: the path's parameters, what was read from
// its credentials (hashes only), and where the answer goes.
struct EndpointCall
{
    EndpointCall(const HttpRequest& request, QStringList params, HttpResponder responder,
                 QByteArray peer, const char* scope)
        : request(request)
        , params(std::move(params))
        , responder(std::move(responder))
        , peer(std::move(peer))
        , scope(scope)
    {}

    const HttpRequest& request;
    QStringList params; // the {name} segments of the route's pattern, in order
    HttpResponder responder;
    QByteArray peer;                // the address as 16 bytes (IPv4 mapped)
    QByteArray apiKeyHash;          // partner routes
    QByteArray tokenHash;           // cart routes
    const char* scope;              // partner routes: the scope the key must have
    std::optional<ApiKey> knownKey; // partner routes: the key cache's entry, if any
};

using RouteHandler = std::function<void(EndpointCall& call)>;

struct Route
{
    QByteArray method;
    // The path's segments; "{name}" takes any one segment: {sku} a SKU, {hold_id} and
    // {cart_id}, {order_id} a UUID (in any case), and anything else is no such resource (404).
    QList<QByteArray> pattern;
    Access access = Access::Public;
    const char* scope = nullptr; // Partner: the scope the key must have
    bool rateLimited = true;
    RouteHandler handler;
};

// Maps method and path to the route that serves them, with the path's parameters checked: 404
// when no route has the path or a parameter is malformed, 405 when none of the routes with the
// path has the method.
class EndpointRouter final
{
public:
    // pattern as "/hold/{hold_id}/release".
    void add(const char* method, const char* pattern, Access access, const char* scope,
             RouteHandler handler, bool rateLimited = true);

    struct Match
    {
        const Route* route = nullptr;
        QStringList params;
    };
    // Throws RequestError 404 or 405.
    Match match(const QByteArray& method, const QByteArray& path) const;

private:
    QList<Route> m_routes;
};

} // namespace sp::http
