#include "controllers.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"
#include "http/endpointconfig.h"
#include "http/requestchecks.h"
#include "http/router.h"

#include <QRandomGenerator>

#include <nlohmann/json.hpp>

namespace sp::http {

namespace {

QString base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void create(const ControllerParts& parts, EndpointCall& call)
{
    requireNoBody(call.request);
    parts.backend.runOnPool(
        [](sp::db::Connection& c) {
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
        },
        call.responder, call.peer);
}

void get(const ControllerParts& parts, EndpointCall& call)
{
    parts.backend.runOnPool(
        [cart = call.params.value(0), token = call.tokenHash](sp::db::Connection& c) {
            return fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                          "FROM api_cart_get($1, $2) r",
                                          {cart, token}));
        },
        call.responder, call.peer);
}

void setItem(const ControllerParts& parts, EndpointCall& call)
{
    const JsonBody body = jsonBody(call.request, false);
    body.allowOnly({"sku", "quantity", "location"});
    const QString sku = body.string("sku", true, 64, SkuPattern);
    const int quantity = body.integer("quantity", true, 1, parts.config.maxQuantity);
    const QString location =
        body.string("location", false, 32, LocationPattern, QStringLiteral("online"));
    const EndpointConfig& config = parts.config;
    AvailabilityCache* cache = parts.cache;
    parts.backend.runOnPool(
        [&config, cache, cart = call.params.value(0), token = call.tokenHash, sku, quantity,
         location](sp::db::Connection& c) {
            HttpResponse r =
                fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                       "FROM api_cart_set_item($1, $2, $3, $4, $5, $6, $7, $8) r",
                                       {cart, token, sku, quantity, location, config.cartTtl,
                                        config.maxCartUnits, config.maxCartLines}));
            // Touching a cart renews the other lines' holds too, which moves their lapse times.
            if (cache)
                cache->barrier();
            return r;
        },
        call.responder, call.peer);
}

void removeItem(const ControllerParts& parts, EndpointCall& call)
{
    AvailabilityCache* cache = parts.cache;
    parts.backend.runOnPool(
        [cache, cart = call.params.value(0), sku = call.params.value(1),
         token = call.tokenHash](sp::db::Connection& c) {
            HttpResponse r =
                fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                       "FROM api_cart_remove_item($1, $2, $3) r",
                                       {cart, token, sku}));
            if (cache)
                cache->barrier();
            return r;
        },
        call.responder, call.peer);
}

} // namespace

void addCartsRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("POST", "/carts", Access::Public, nullptr,
               [parts](EndpointCall& call) { create(parts, call); });
    router.add("GET", "/carts/{cart_id}", Access::Cart, nullptr,
               [parts](EndpointCall& call) { get(parts, call); });
    router.add("POST", "/carts/{cart_id}/items", Access::Cart, nullptr,
               [parts](EndpointCall& call) { setItem(parts, call); });
    router.add("DELETE", "/carts/{cart_id}/items/{sku}", Access::Cart, nullptr,
               [parts](EndpointCall& call) { removeItem(parts, call); });
}

} // namespace sp::http
