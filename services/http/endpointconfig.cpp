#include "endpointconfig.h"

#include <QSettings>

namespace sp::http {

EndpointConfig EndpointConfig::fromSettings(const QSettings& s)
{
    EndpointConfig c;
    auto get = [&s](const char* key, auto fallback) {
        return s.value(QStringLiteral("endpoint/") + QLatin1String(key), fallback)
            .template value<decltype(fallback)>();
    };
    c.limits.maxBodyBytes = get("max_body_bytes", c.limits.maxBodyBytes);
    c.limits.maxHeaderBytes = get("max_header_bytes", c.limits.maxHeaderBytes);
    c.limits.maxConnections = get("max_connections", c.limits.maxConnections);
    c.limits.idleTimeoutMs = get("idle_timeout_ms", c.limits.idleTimeoutMs);
    c.limits.requestTimeoutMs = get("request_timeout_ms", c.limits.requestTimeoutMs);
    c.limits.ioThreads = get("io_threads", c.limits.ioThreads);
    c.dbConnections = get("db_connections", c.dbConnections);
    c.ratePerSecond = get("rate_per_second", c.ratePerSecond);
    c.rateBurst = get("rate_burst", c.rateBurst);
    c.maxQuantity = get("max_quantity", c.maxQuantity);
    c.maxCartUnits = get("max_cart_units", c.maxCartUnits);
    c.maxCartLines = get("max_cart_lines", c.maxCartLines);
    c.defaultTtl = get("default_ttl", c.defaultTtl);
    c.maxTtl = get("max_ttl", c.maxTtl);
    c.cartTtl = get("cart_ttl", c.cartTtl);
    c.sweepIntervalMs = get("sweep_interval_ms", c.sweepIntervalMs);
    c.apiKeyCacheMs = get("api_key_cache_ms", c.apiKeyCacheMs);
    c.messagesRefreshMs = get("messages_refresh_ms", c.messagesRefreshMs);
    c.inventoryCacheMs = get("inventory_cache_ms", c.inventoryCacheMs);
    c.inventoryCacheEntries = get("inventory_cache_entries", c.inventoryCacheEntries);
    c.authFailureBurst = get("auth_failure_burst", c.authFailureBurst);
    c.authFailuresPerSecond = get("auth_failures_per_second", c.authFailuresPerSecond);
    c.holdGroupSize = get("hold_group_size", c.holdGroupSize);
    c.holdGroupsAtOnce = get("hold_groups_at_once", c.holdGroupsAtOnce);
    return c;
}

} // namespace sp::http
