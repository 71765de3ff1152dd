#pragma once

#include "http/endpointstats.h"
#include "http/httpserver.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <deque>

namespace sp::db {
class Connection;
}

namespace sp::http {

class AvailabilityCache;
class EndpointBackend;

// GET /inventory for callers known to be allowed, when the cache has no answer: the SKUs asked
// for while a read is in the database go together in the next one (api_inventory_entries),
// each SKU once however many requests want it.
class ReadBatcher final
{
public:
    ReadBatcher(EndpointBackend& backend, AvailabilityCache* cache);

    void submit(const QString& sku, HttpResponder responder, QByteArray peer);
    ReadBatchStats stats() const;

    // The answers for these SKUs, by position, from one statement, kept in the cache when it
    // is in use.
    QList<HttpResponse> answers(sp::db::Connection& c, const QStringList& skus);

private:
    void runQueue();

    struct PendingRead
    {
        HttpResponder responder;
        QByteArray peer;
    };
    EndpointBackend& m_backend;
    AvailabilityCache* m_cache;
    mutable QMutex m_mutex;
    std::deque<QString> m_order;                  // SKUs for the next read, in order of arrival
    QHash<QString, QList<PendingRead>> m_waiting; // and the requests that want each
    bool m_running = false;
    ReadBatchStats m_stats;
};

} // namespace sp::http
