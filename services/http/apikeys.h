#pragma once

#include "http/httpserver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <optional>

namespace sp::db {
class Connection;
}

namespace sp::http {

// A partner's API key as the database knows it (api_key_lookup), by the hash of its text.
struct ApiKey
{
    bool valid = false;
    int id = 0;
    QStringList scopes;
};

// The decision on one request of a partner route: a refusal (401, 403), or the caller as the
// database names it ("key:<id>").
struct Authorization
{
    std::optional<HttpResponse> refusal;
    QString caller;
};

// Authentication of API keys, with the keys looked up lately kept for cacheMs (so a revoked
// key stops working within that time). Thread-safe.
class ApiKeys final
{
public:
    explicit ApiKeys(int cacheMs);

    // The key as last looked up, while that is no older than cacheMs.
    std::optional<ApiKey> cached(const QByteArray& keyHash) const;
    // Cached, or looked up on this connection (and kept).
    ApiKey lookup(sp::db::Connection& c, const QByteArray& keyHash);

    // The one check of a request's key against its route's scope.
    static Authorization authorize(const ApiKey& key, const char* scope);
    Authorization authorize(sp::db::Connection& c, const QByteArray& keyHash, const char* scope)
    {
        return authorize(lookup(c, keyHash), scope);
    }

private:
    struct Entry
    {
        ApiKey key;
        qint64 at = 0;
    };
    const int m_cacheMs;
    mutable QMutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
    QElapsedTimer m_clock;
};

} // namespace sp::http
