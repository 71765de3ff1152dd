#include "router.h"

#include "http/apianswer.h"
#include "http/jsonbody.h"
#include "http/requestchecks.h"

#include <QRegularExpression>

namespace sp::http {

namespace {

constexpr auto UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

// A path parameter as its handler gets it: {sku} as sent, ids in lower case; a malformed one
// names nothing (404).
QString checkedParam(const QByteArray& name, const QByteArray& segment)
{
    QString value = QString::fromUtf8(segment);
    const char* pattern = SkuPattern;
    if (name == "{hold_id}" || name == "{cart_id}" || name == "{order_id}") {
        value = value.toLower();
        pattern = UuidPattern;
    }
    if (!compiledPattern(pattern).match(value).hasMatch())
        throw notFound();
    return value;
}

} // namespace

void EndpointRouter::add(const char* method, const char* pattern, Access access, const char* scope,
                         RouteHandler handler, bool rateLimited)
{
    Route route;
    route.method = method;
    route.pattern = QByteArray(pattern).mid(1).split('/');
    route.access = access;
    route.scope = scope;
    route.rateLimited = rateLimited;
    route.handler = std::move(handler);
    m_routes.append(std::move(route));
}

EndpointRouter::Match EndpointRouter::match(const QByteArray& method, const QByteArray& path) const
{
    const QList<QByteArray> parts = path.mid(1).split('/');
    auto samePath = [&parts](const Route& route) {
        if (route.pattern.size() != parts.size())
            return false;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (!route.pattern[i].startsWith('{') && route.pattern[i] != parts[i])
                return false;
        }
        return true;
    };
    bool pathKnown = false; // some route has this path, with another method
    for (const Route& route : m_routes) {
        if (!samePath(route))
            continue;
        if (route.method != method) {
            pathKnown = true;
            continue;
        }
        // Checked only once the method is right: a wrong method is 405 whatever the path says.
        QStringList params;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (route.pattern[i].startsWith('{'))
                params.append(checkedParam(route.pattern[i], parts[i]));
        }
        return {&route, std::move(params)};
    }
    if (!pathKnown)
        throw notFound();
    throw RequestError(
        405, "method-not-allowed", apiText("Method not allowed"),
        apiText("This resource does not support %1.").arg(QString::fromLatin1(method.left(16))));
}

} // namespace sp::http
