#pragma once

#include "connectionsettings.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QThread>

#include <atomic>

namespace sp::db {

// One row of the events table.
struct Event
{
    qint64 id = 0;
    QDateTime at;
    QString type; // InventoryUpdate, CartUpdate, ...
    int productId = 0;
    int locationId = 0;
    QJsonObject payload;
    QString actor;
};

class EventStreamWorker;

// Delivers every committed event, once, in commit-visibility order, to this process.
//
// Waking: one process per installation holds an advisory lock and acts as the relay: it polls
// for new events every few milliseconds and sends one NOTIFY per batch. Every other process
// LISTENs and reads when notified (and polls slowly in case the relay is changing hands). So no
// transaction ever issues NOTIFY itself, which would serialize commits (PLATFORM.md).
//
// Reading: by id, remembering gaps below the highest id read until every transaction that could
// fill them has ended (its xid below the snapshot's xmin), so late commits are not missed.
// After a lost connection it reconnects with back-off and catches up from where it stopped.
class EventStream final : public QObject
{
    Q_OBJECT

public:
    explicit EventStream(ConnectionSettings settings, QObject* parent = nullptr);
    ~EventStream() override;

    // Starts reading on its own thread and returns at once. Every event committed after
    // started() is emitted will be delivered: load data after that signal, not before.
    void start();
    void stop();

    qint64 lastSeenId() const { return m_lastSeenId.load(); }
    bool isRelay() const { return m_isRelay.load(); }

    // Before start(): read only id, type, product_id and location_id (payload, actor and time
    // stay empty) through the endpoint_event_* functions, for a login that reads no table.
    void setKeysOnly(bool keysOnly) { m_keysOnly = keysOnly; }
    // Before start(): how often to read when this process is not the relay (default 1000 ms;
    // the relay's NOTIFY wakes it sooner). A cache that relies on syncedAtMs() wants it short.
    void setFollowerPollMs(int ms) { m_followerPollMs = qMax(1, ms); }

    // When (monotonicMs()) the last complete read began, or -1 before the first one: every
    // event committed before then has been delivered (eventsReceived has returned for it).
    qint64 syncedAtMs() const { return m_syncedAtMs.load(); }
    static qint64 monotonicMs();

signals:
    void eventsReceived(const QList<sp::db::Event>& events);
    void connectionChanged(bool connected, const QString& message);
    // Emitted once the starting position is fixed: later changes will all be delivered.
    void started(qint64 fromId);

private:
    friend class EventStreamWorker;
    ConnectionSettings m_settings;
    QThread m_thread;
    EventStreamWorker* m_worker = nullptr;
    std::atomic<qint64> m_lastSeenId{0};
    std::atomic<bool> m_isRelay{false};
    std::atomic<qint64> m_syncedAtMs{-1};
    bool m_keysOnly = false;
    int m_followerPollMs = 1000;
};

} // namespace sp::db

Q_DECLARE_METATYPE(sp::db::Event)
