#pragma once

#include "http/httpserver.h"

class QSettings;

namespace sp::http {

struct EndpointConfig
{
    HttpLimits limits;
    int dbConnections = 8;     // worker threads, one connection each
    double ratePerSecond = 50; // per caller (API key, cart, or address)
    double rateBurst = 100;
    int maxQuantity = 1000; // per request
    int maxCartUnits = 50;  // per cart, all lines together
    int maxCartLines = 20;  // different products per cart
    int defaultTtl = 300;   // seconds a hold lasts unless the caller says otherwise
    int maxTtl = 3600;
    int cartTtl = 900;          // holds of a cart, renewed whenever the cart is touched
    int sweepIntervalMs = 1000; // 0: no sweeper in this instance
    int apiKeyCacheMs = 5000;   // a revoked key stops working within this time
    // GET /inventory/{sku} answers kept in this process: at most this old (changes made
    // elsewhere; this process's own show at once). 0: always ask the database.
    int inventoryCacheMs = 250;
    int inventoryCacheEntries = 50'000; // products kept; about 300 bytes each
    // Failed authentications (401) per address: after a burst of authFailureBurst, requests
    // with credentials not known to be good get 429 until the bucket refills at this rate.
    double authFailureBurst = 20;
    double authFailuresPerSecond = 0.2;
    int messagesRefreshMs = 60'000; // customer message wordings are read again this often
    // POST /hold requests go to the database in groups (api_hold_create_group): at most
    // holdGroupsAtOnce groups are in the database at a time, and the holds that arrive
    // meanwhile wait for one to end and then go together, up to holdGroupSize in one call and
    // one commit; a hold that finds no group running goes at once, as a group of one. A group
    // costs the database five statements whatever its size, so under load the server's CPU
    // goes to the holds rather than to starting statements and committing. One group at a time
    // by default: groups side by side compete for the same cores and make each hold wait
    // longer (docs/performance.md). Capped at dbConnections.
    int holdGroupSize = 32;
    int holdGroupsAtOnce = 1;

    // Reads the [endpoint] group of a settings file (keys as the fields above, in snake case).
    static EndpointConfig fromSettings(const QSettings& settings);
};

} // namespace sp::http
