#include "apianswer.h"

#include "db/pgconnection.h"
#include "http/jsonbody.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <nlohmann/json.hpp>

namespace sp::http {

QString apiText(const char* text)
{
    return QCoreApplication::translate("sp::http::EndpointServer", text);
}

HttpResponse problem(int status, const QByteArray& type, const QString& title,
                     const QString& detail, const QString& field)
{
    nlohmann::json body = {
        {"type", "https://stockpilot.invalid/problems/" + type.toStdString()},
        {"title", title.toStdString()},
        {"status", status},
        {"detail", detail.toStdString()},
    };
    if (!field.isEmpty())
        body["field"] = field.toStdString();
    HttpResponse r;
    r.status = status;
    r.contentType = "application/problem+json";
    const std::string text = body.dump();
    r.body = QByteArray(text.data(), qsizetype(text.size()));
    return r;
}

HttpResponse problem(const RequestError& e)
{
    return problem(e.status, e.type, e.title, e.message(), e.field());
}

RequestError notFound()
{
    return RequestError(404, "not-found", apiText("Not found"),
                        apiText("There is no such resource."));
}

HttpResponse internalError()
{
    return problem(500, "internal", apiText("Internal error"),
                   apiText("The request failed; nothing was changed."));
}

HttpResponse fromApi(const sp::db::Result& r, int row, int col)
{
    HttpResponse response;
    response.status = r.toInt(row, col);
    response.body = r.bytes(row, col + 1);
    if (response.status >= 400)
        response.contentType = "application/problem+json";
    if (r.toBool(row, col + 2))
        response.addHeader("Idempotent-Replayed", "true");
    if (response.status == 409 && response.body.contains("request-in-progress"))
        response.addHeader("Retry-After", "1");
    return response;
}

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

} // namespace sp::http
