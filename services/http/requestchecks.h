#pragma once

#include "http/httpserver.h"
#include "http/jsonbody.h"

namespace sp::http {

// The checks of a request that need no database, shared by the controllers; each throws
// RequestError.

// SKUs, as in a path or a body.
inline constexpr auto SkuPattern = "^[A-Za-z0-9._-]{1,64}$";
inline constexpr auto LocationPattern = "^[A-Za-z0-9_-]{1,32}$";

// The Idempotency-Key (or X-Idempotency-Key) header: required, 1 to 255 visible characters.
QByteArray idempotencyKey(const HttpRequest& request);
// The body as a JSON object, sent as application/json; an empty one is {} when allowed.
JsonBody jsonBody(const HttpRequest& request, bool emptyIsObject);
void requireNoBody(const HttpRequest& request);

} // namespace sp::http
