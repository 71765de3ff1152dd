#include "apikeys.h"

#include "db/pgconnection.h"
#include "http/apianswer.h"

#include <QMutexLocker>

namespace sp::http {

ApiKeys::ApiKeys(int cacheMs)
    : m_cacheMs(cacheMs)
{
    m_clock.start();
}

std::optional<ApiKey> ApiKeys::cached(const QByteArray& keyHash) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(keyHash);
    if (it != m_entries.constEnd() && m_clock.elapsed() - it->at < m_cacheMs)
        return it->key;
    return std::nullopt;
}

ApiKey ApiKeys::lookup(sp::db::Connection& c, const QByteArray& keyHash)
{
    if (std::optional<ApiKey> known = cached(keyHash))
        return *known;
    const sp::db::Result r = c.execPrepared(
        "SELECT id, array_to_string(scopes, ' ') FROM api_key_lookup($1)", {keyHash});
    ApiKey key;
    if (r.rows() == 1) {
        key.valid = true;
        key.id = r.toInt(0, 0);
        key.scopes = r.text(0, 1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() > 10'000)
        m_entries.clear();
    m_entries.insert(keyHash, {key, m_clock.elapsed()});
    return key;
}

Authorization ApiKeys::authorize(const ApiKey& key, const char* scope)
{
    Authorization a;
    if (!key.valid) {
        a.refusal = problem(401, "unauthorized", apiText("Invalid API key"),
                            apiText("The API key is unknown or was revoked."));
    } else if (!key.scopes.contains(QLatin1String(scope))) {
        a.refusal = problem(403, "forbidden", apiText("Forbidden"),
                            apiText("This API key lacks the scope %1.").arg(QLatin1String(scope)));
    } else {
        a.caller = QStringLiteral("key:%1").arg(key.id);
    }
    return a;
}

} // namespace sp::http
