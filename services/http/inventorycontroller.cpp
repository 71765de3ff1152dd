#include "controllers.h"
#include "db/pgconnection.h"
#include "http/apianswer.h"
#include "http/availabilitycache.h"
#include "http/endpointbackend.h"
#include "http/endpointconfig.h"
#include "http/readbatcher.h"
#include "http/requestchecks.h"
#include "http/router.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace sp::http {

namespace {

constexpr auto ReadScope = "inventory:read";

void inventory(const ControllerParts& parts, EndpointCall& call)
{
    const QString sku = call.params.value(0);
    if (call.knownKey) {
        Authorization a = ApiKeys::authorize(*call.knownKey, call.scope);
        if (a.refusal) {
            parts.backend.reply(call.responder, call.peer, std::move(*a.refusal), true);
            return;
        }
        // A cached answer needs neither the pool nor the database: served on this I/O thread.
        // Otherwise the read goes with the others that miss meanwhile.
        if (std::optional<QByteArray> body = parts.cache ? parts.cache->find(sku) : std::nullopt) {
            HttpResponse r;
            r.body = std::move(*body);
            call.responder.send(std::move(r));
            return;
        }
        parts.reads.submit(sku, call.responder, call.peer);
        return;
    }
    ReadBatcher& reads = parts.reads;
    parts.backend.runAuthorized(call, [&reads, sku](sp::db::Connection& c, const QString&) {
        return reads.answers(c, {sku}).first();
    });
}

void availability(const ControllerParts& parts, EndpointCall& call)
{
    const QString sku = call.params.value(0);
    const int maxQuantity = parts.config.maxQuantity;
    QString location = QStringLiteral("online");
    int quantity = 1;
    const QUrlQuery query(QString::fromUtf8(call.request.query));
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (name == QLatin1String("quantity")) {
            bool ok = false;
            quantity = value.toInt(&ok);
            if (!ok || value.size() > 10 || quantity < 1 || quantity > maxQuantity)
                throw RequestError(
                    422, "invalid-field", apiText("Invalid field"),
                    apiText("\"quantity\" must be a whole number from 1 to %1.").arg(maxQuantity),
                    QStringLiteral("quantity"));
        } else if (name == QLatin1String("location")) {
            location = value;
            if (!compiledPattern(LocationPattern).match(value).hasMatch())
                throw RequestError(422, "invalid-field", apiText("Invalid field"),
                                   apiText("\"location\" has an invalid value."),
                                   QStringLiteral("location"));
        } else {
            throw RequestError(422, "invalid-field", apiText("Invalid field"),
                               apiText("Unknown query parameter \"%1\".").arg(name.left(100)),
                               name.left(100));
        }
    }
    parts.backend.runAuthorized(
        call, [sku, location, quantity](sp::db::Connection& c, const QString&) {
            return fromApi(c.execPrepared("SELECT (r->>'status')::int, r->'body', r ? 'replayed' "
                                          "FROM api_availability($1, $2, $3) r",
                                          {sku, location, quantity}));
        });
}

} // namespace

void addInventoryRoutes(EndpointRouter& router, const ControllerParts& parts)
{
    router.add("GET", "/inventory/{sku}", Access::Partner, ReadScope,
               [parts](EndpointCall& call) { inventory(parts, call); });
    router.add("GET", "/inventory/{sku}/availability", Access::Partner, ReadScope,
               [parts](EndpointCall& call) { availability(parts, call); });
}

} // namespace sp::http
