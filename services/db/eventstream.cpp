#include "eventstream.h"

#include "pgconnection.h"

#include <QJsonDocument>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>

#include <chrono>
#include <memory>

namespace sp::db {

namespace {

constexpr qint64 RelayLockKey = 0x53504556; // "SPEV"
constexpr int RelayPollMs = 10;
constexpr int ElectionMs = 2000;
constexpr int BatchLimit = 5000;
// How far back the first read looks for transactions still in flight at start.
constexpr qint64 StartWindow = 10000;
constexpr auto Channel = "stockpilot_events";

struct Gap
{
    qint64 low;
    qint64 high;
    quint64 closesAtXmin; // every transaction that could fill the gap has an xid below this
};

} // namespace

class EventStreamWorker final : public QObject
{
    Q_OBJECT

public:
    explicit EventStreamWorker(EventStream* stream)
        : m_stream(stream)
    {}

    void begin()
    {
        m_pollTimer = new QTimer(this);
        connect(m_pollTimer, &QTimer::timeout, this, &EventStreamWorker::read);
        m_electionTimer = new QTimer(this);
        connect(m_electionTimer, &QTimer::timeout, this, &EventStreamWorker::elect);
        m_reconnectTimer = new QTimer(this);
        m_reconnectTimer->setSingleShot(true);
        connect(m_reconnectTimer, &QTimer::timeout, this, &EventStreamWorker::connectNow);
        connectNow();
    }

    void end()
    {
        m_pollTimer->stop();
        m_electionTimer->stop();
        m_reconnectTimer->stop();
        dropConnection();
    }

private:
    void connectNow()
    {
        try {
            m_connection = std::make_unique<Connection>(m_stream->m_settings);
            // Nothing this session commits has to survive a crash (an xid for the gap horizon,
            // NOTIFYs), so its commits need not wait for the WAL flush: under a write load
            // that wait was most of a read.
            m_connection->execScript(QByteArray("SET synchronous_commit = off; LISTEN ") + Channel);
            m_notifier = new QSocketNotifier(m_connection->socket(), QSocketNotifier::Read, this);
            connect(m_notifier, &QSocketNotifier::activated, this, &EventStreamWorker::onSocket);
            if (!m_positioned)
                position();
            m_backoffMs = 250;
            emit m_stream->connectionChanged(true, QString());
            elect();
            m_electionTimer->start(ElectionMs);
            read(); // catch up with whatever was committed while away
        } catch (const DbError& e) {
            fail(e.message());
        }
    }

    void dropConnection()
    {
        delete m_notifier;
        m_notifier = nullptr;
        m_connection.reset();
        m_isRelay = false;
        m_stream->m_isRelay = false;
    }

    void fail(const QString& message)
    {
        dropConnection();
        m_pollTimer->stop();
        m_electionTimer->stop();
        emit m_stream->connectionChanged(false, message);
        m_reconnectTimer->start(m_backoffMs);
        m_backoffMs = qMin(m_backoffMs * 2, 5000);
    }

    // Fixes the starting point: the highest visible id, with the ids just below it kept open in
    // case their transactions are still running.
    void position()
    {
        // Keys only: through the functions a login that reads no table may call.
        const bool keysOnly = m_stream->m_keysOnly;
        const Result r = m_connection->exec(keysOnly ? "SELECT endpoint_event_max()"
                                                     : "SELECT coalesce(max(id), 0) FROM events");
        m_lastId = r.toLongLong(0, 0);
        const quint64 horizon = xidHorizon();
        const qint64 low = qMax<qint64>(1, m_lastId - StartWindow + 1);
        if (m_lastId >= low) {
            const Result seen =
                m_connection->exec(keysOnly ? "SELECT endpoint_event_ids($1, $2)"
                                            : "SELECT id FROM events WHERE id BETWEEN $1 AND $2",
                                   {low, m_lastId});
            for (int i = 0; i < seen.rows(); ++i)
                m_deliveredInGaps.insert(seen.toLongLong(i, 0));
            m_gaps.append({low, m_lastId, horizon});
        }
        m_positioned = true;
        m_stream->m_lastSeenId = m_lastId;
        emit m_stream->started(m_lastId);
    }

    // An xid above that of every transaction which could own a gap seen so far. Not the
    // snapshot's xmax: that is latestCompletedXid + 1, and a transaction that took its xid
    // earlier and is still running can have an xid at or above it, so a gap closed at that
    // bound can lose its event (seen with concurrent writers). A freshly assigned xid is above
    // every xid handed out before; it costs one xid per read that finds a new gap.
    quint64 xidHorizon()
    {
        return m_connection->exec("SELECT pg_current_xact_id()::text").bytes(0, 0).toULongLong();
    }

    void elect()
    {
        if (!m_connection)
            return;
        try {
            if (!m_isRelay) {
                m_isRelay = m_connection->exec("SELECT pg_try_advisory_lock($1)", {RelayLockKey})
                                .toBool(0, 0);
                m_stream->m_isRelay = m_isRelay.load();
            }
            m_pollTimer->start(m_isRelay ? RelayPollMs : m_stream->m_followerPollMs);
        } catch (const DbError& e) {
            fail(e.message());
        }
    }

    void onSocket()
    {
        if (!m_connection)
            return;
        try {
            // The relay reads on its timer; a NOTIFY it hears is mostly its own.
            if (!m_connection->consumeNotifications().isEmpty() && !m_isRelay)
                read();
        } catch (const DbError& e) {
            fail(e.message());
        }
    }

    void read()
    {
        if (!m_connection)
            return;
        try {
            // Taken before the first statement: what that statement's snapshot cannot miss.
            const qint64 began = EventStream::monotonicMs();
            bool more = true;
            bool delivered = false;
            while (more) {
                more = readBatch(delivered);
            }
            m_stream->m_syncedAtMs = began;
            if (delivered && m_isRelay)
                m_connection->exec("SELECT pg_notify($1, '')", {Channel});
            // A NOTIFY that came while the statements above ran is in libpq's buffer already,
            // where the socket notifier does not see it: a follower would wait for the next one
            // or for its poll, up to a second.
            if (!m_connection->consumeNotifications().isEmpty() && !m_isRelay)
                QMetaObject::invokeMethod(this, &EventStreamWorker::read, Qt::QueuedConnection);
        } catch (const DbError& e) {
            fail(e.message());
        }
    }

    // Reads one batch; returns true when the batch limit was reached and more may follow.
    bool readBatch(bool& delivered)
    {
        QList<qint64> lows, highs;
        for (const Gap& g : m_gaps) {
            lows.append(g.low);
            highs.append(g.high);
        }
        // One statement, so the events and the snapshot numbers come from the same snapshot:
        // whole rows (019) for a login that may read events, or the same rows without
        // payloads, actors and times for one that may only call endpoint_event_keys (007).
        static const char* const Full = "SELECT * FROM event_rows($1, $2, $3)";
        static const char* const KeysOnly = "SELECT * FROM endpoint_event_keys($1, $2, $3)";
        const Result r = m_connection->execPrepared(m_stream->m_keysOnly ? KeysOnly : Full,
                                                    {m_lastId, lows, highs});
        const quint64 xmin = r.bytes(0, 7).toULongLong();
        const qsizetype knownGaps = m_gaps.size();
        QList<Event> events;
        int fresh = 0;
        qint64 highest = m_lastId;
        for (int i = 0; i < r.rows(); ++i) {
            if (r.isNull(i, 0))
                continue;
            const qint64 id = r.toLongLong(i, 0);
            if (id <= m_lastId) {
                if (m_deliveredInGaps.contains(id))
                    continue;
                m_deliveredInGaps.insert(id);
            } else {
                ++fresh;
                if (id > highest + 1)
                    m_gaps.append({highest + 1, id - 1, 0});
                highest = id;
            }
            Event e;
            e.id = id;
            e.at = QDateTime::fromMSecsSinceEpoch(r.toLongLong(i, 1), Qt::UTC);
            e.type = r.text(i, 2);
            e.productId = r.toInt(i, 3);
            e.locationId = r.toInt(i, 4);
            e.payload = QJsonDocument::fromJson(r.bytes(i, 5)).object();
            e.actor = r.text(i, 6);
            events.append(std::move(e));
        }
        if (m_gaps.size() > knownGaps) {
            const quint64 horizon = xidHorizon();
            for (qsizetype i = knownGaps; i < m_gaps.size(); ++i)
                m_gaps[i].closesAtXmin = horizon;
        }
        m_lastId = highest;
        m_stream->m_lastSeenId = highest;
        // A gap closes when every transaction that might fill it has ended; this read saw
        // anything they committed.
        m_gaps.removeIf([xmin](const Gap& g) { return g.closesAtXmin <= xmin; });
        if (!m_deliveredInGaps.isEmpty()) {
            m_deliveredInGaps.removeIf([this](qint64 id) {
                for (const Gap& g : m_gaps) {
                    if (id >= g.low && id <= g.high)
                        return false;
                }
                return true;
            });
        }
        if (!events.isEmpty()) {
            delivered = true;
            emit m_stream->eventsReceived(events);
        }
        return fresh >= BatchLimit;
    }

    EventStream* m_stream;
    std::unique_ptr<Connection> m_connection;
    QSocketNotifier* m_notifier = nullptr;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_electionTimer = nullptr;
    QTimer* m_reconnectTimer = nullptr;
    int m_backoffMs = 250;
    std::atomic<bool> m_isRelay{false};
    bool m_positioned = false;
    qint64 m_lastId = 0;
    QList<Gap> m_gaps;
    QSet<qint64> m_deliveredInGaps;
};

qint64 EventStream::monotonicMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

EventStream::EventStream(ConnectionSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    qRegisterMetaType<sp::db::Event>();
    qRegisterMetaType<QList<sp::db::Event>>();
    m_settings.applicationName = QStringLiteral("stockpilot-events");
}

EventStream::~EventStream()
{
    stop();
}

void EventStream::start()
{
    if (m_worker)
        return;
    // A new worker positions afresh: nothing read by an earlier one says anything about now.
    m_syncedAtMs = -1;
    m_worker = new EventStreamWorker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("EventStream"));
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &EventStreamWorker::begin, Qt::QueuedConnection);
}

void EventStream::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, &EventStreamWorker::end, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
}

} // namespace sp::db

#include "eventstream.moc"
