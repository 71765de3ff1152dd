#pragma once

#include "http/endpointstats.h"
#include "http/httpserver.h"

#include <QList>
#include <QMutex>
#include <QString>

#include <deque>
#include <optional>

namespace sp::http {

class AvailabilityCache;
class EndpointBackend;

// One POST /hold, checked (HoldsController) and on its way to the database.
struct PendingHold
{
    QString sku;
    QString location;
    int quantity = 1;
    int ttl = 0;
    QByteArray idempotencyKey;
    QByteArray fingerprint;
    QByteArray apiKeyHash;
    const char* scope = nullptr; // the route's, which the key must have
    QString caller;              // "key:<id>" once the key was authorized; empty until then
    HttpResponder responder;
    QByteArray peer;
};

// The queue of holds (see EndpointConfig::holdGroupSize): the holds that arrive while groups
// are in the database go together in the next call of api_hold_create_group, and a hold that
// a group leaves out goes again on its own, as a group of one, through the same function.
class HoldBatcher final
{
public:
    HoldBatcher(EndpointBackend& backend, AvailabilityCache* cache, int groupSize,
                int groupsAtOnce);

    void submit(PendingHold&& hold);
    HoldGroupStats stats() const;

private:
    void runQueue();
    // The group's answers from one api_hold_create_group call, by position; none for a hold
    // that is to go again on its own. A group of one always has its answer.
    QList<std::optional<HttpResponse>> answers(QList<PendingHold>& group);
    // Sends the answers, and takes the holds without one to the database one by one.
    void finishGroup(QList<PendingHold>& group, QList<std::optional<HttpResponse>>& answers);
    HttpResponse alone(PendingHold& hold);
    // Drops the product from the GET cache, words the messages and sends the response.
    void finish(const PendingHold& hold, HttpResponse response);

    EndpointBackend& m_backend;
    AvailabilityCache* m_cache;
    const int m_groupSize;
    const int m_groupsAtOnce;
    mutable QMutex m_mutex;
    std::deque<PendingHold> m_waiting; // for the next group, in order of arrival
    int m_running = 0;                 // groups being taken (at most groupsAtOnce)
    HoldGroupStats m_stats;
};

} // namespace sp::http
