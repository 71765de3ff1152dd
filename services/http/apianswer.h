#pragma once

#include "http/httpserver.h"

#include <QByteArray>
#include <QString>

namespace sp::db {
class Result;
}

namespace sp::http {

class RequestError;

// A text of the endpoint's answers, in the endpoint's translation context (that of
// EndpointServer, where they all were before the endpoint was split up).
QString apiText(const char* text);

// The endpoint's answers: problems (application/problem+json, RFC 9457) and what the api_*
// functions return.
HttpResponse problem(int status, const QByteArray& type, const QString& title,
                     const QString& detail, const QString& field = {});
HttpResponse problem(const RequestError& e);
// 404 for a path that names nothing (no route, or a malformed SKU or id in it).
RequestError notFound();
// 500 for a request that failed in a way that is no caller's fault.
HttpResponse internalError();
// The answer of an api_* function: its status, body, and whether it was replayed, in columns
// col..col+2 of a row.
HttpResponse fromApi(const sp::db::Result& r, int row = 0, int col = 0);

QByteArray sha256Hex(const QByteArray& data);

} // namespace sp::http
