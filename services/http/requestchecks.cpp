#include "requestchecks.h"

#include "http/apianswer.h"

namespace sp::http {

namespace {

bool isJsonContentType(const QByteArray& value)
{
    const QByteArray type = value.split(';').first().trimmed().toLower();
    return type == "application/json";
}

} // namespace

QByteArray idempotencyKey(const HttpRequest& request)
{
    QByteArray key = request.header("idempotency-key");
    if (key.isNull())
        key = request.header("x-idempotency-key");
    if (key.isNull())
        throw RequestError(400, "idempotency-key-missing", apiText("Idempotency-Key missing"),
                           apiText("This request needs an X-Idempotency-Key header "
                                   "(a unique value per intended operation)."));
    bool printable = !key.isEmpty() && key.size() <= 255;
    for (const char ch : key)
        printable = printable && ch >= 0x21 && ch <= 0x7e;
    if (!printable)
        throw RequestError(400, "idempotency-key-invalid", apiText("Idempotency-Key invalid"),
                           apiText("The Idempotency-Key must be 1 to 255 visible "
                                   "ASCII characters."));
    return key;
}

JsonBody jsonBody(const HttpRequest& request, bool emptyIsObject)
{
    if (!request.body.trimmed().isEmpty() && !isJsonContentType(request.header("content-type")))
        throw RequestError(415, "unsupported-media-type", apiText("Unsupported media type"),
                           apiText("Send the body as application/json."));
    if (request.body.trimmed().isEmpty() && !emptyIsObject)
        throw RequestError(422, "invalid-body", apiText("Invalid body"),
                           apiText("This request needs a JSON object as its body."));
    return JsonBody::parse(request.body, emptyIsObject);
}

void requireNoBody(const HttpRequest& request)
{
    jsonBody(request, true).allowOnly({});
}

} // namespace sp::http
