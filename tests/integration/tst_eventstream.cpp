// EventStream on a real server: one relay per database is elected and handed over, events whose
// transactions commit out of id order are delivered exactly once, and after the server is
// restarted the stream reconnects and catches up on what was committed while it was away.

#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "db/migrator.h"
#include "endpointlogin.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace sp::db;

namespace {

// Counts every delivery per event id, on the receiving thread.
class Collector : public QObject
{
public:
    explicit Collector(EventStream& stream)
    {
        connect(&stream, &EventStream::eventsReceived, this,
                [this](const QList<sp::db::Event>& events) {
                    for (const sp::db::Event& e : events) {
                        ++deliveries[e.id];
                        types[e.id] = e.type;
                    }
                });
    }
    bool has(qint64 id) const { return deliveries.contains(id); }
    QHash<qint64, int> deliveries;
    QHash<qint64, QString> types;
};

qint64 insertEvent(Connection& c, const QString& type)
{
    return c.exec("INSERT INTO events (type) VALUES ($1) RETURNING id", {type}).toLongLong(0, 0);
}

QList<qint64> allEventIds(Connection& c)
{
    QList<qint64> ids;
    const Result r = c.exec("SELECT id FROM events ORDER BY id");
    for (int i = 0; i < r.rows(); ++i)
        ids.append(r.toLongLong(i, 0));
    return ids;
}

// Four writers whose transactions take an id early and commit a few milliseconds later, so
// commits constantly overtake each other: 4 x (40 + 14) events. False if they hang.
bool runOverlappingWriters(const ConnectionSettings& owner)
{
    QList<QThread*> writers;
    for (int w = 0; w < 4; ++w) {
        writers.append(QThread::create([owner, w] {
            Connection c(owner);
            for (int i = 0; i < 40; ++i) {
                Transaction t(c);
                insertEvent(c, QStringLiteral("Load"));
                c.exec("SELECT pg_sleep($1)", {((w * 7 + i * 3) % 10) / 1000.0});
                if (i % 3 == 0)
                    insertEvent(c, QStringLiteral("Load"));
                t.commit();
            }
        }));
        writers.last()->start();
    }
    bool finished = true;
    for (QThread* t : std::as_const(writers)) {
        if (QTest::qWaitFor([t] { return t->isFinished(); }, 60000))
            delete t;
        else
            finished = false; // left running: deleting it would abort the test program
    }
    return finished;
}

} // namespace

class TestEventStream : public QObject
{
    Q_OBJECT

    static void readKinds()
    {
        QTest::addColumn<bool>("keysOnly");
        QTest::newRow("rows") << false;
        QTest::newRow("keys only") << true;
    }

private slots:
    void oneRelayIsElectedAndHandedOver()
    {
        sp::test::TestDatabase db;
        EventStream first(db.clerk());
        EventStream second(db.clerk());
        Collector fromFirst(first);
        Collector fromSecond(second);
        first.start();
        QTRY_VERIFY_WITH_TIMEOUT(first.isRelay(), 5000);
        second.start();
        QSignalSpy started(&second, &EventStream::started);
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 5000);
        QTest::qWait(300);
        QVERIFY(first.isRelay());
        QVERIFY(!second.isRelay()); // the advisory lock is taken

        // The follower is woken by the relay's NOTIFY and gets the events too.
        Connection owner(db.owner());
        const qint64 id = insertEvent(owner, QStringLiteral("Ping"));
        QTRY_VERIFY_WITH_TIMEOUT(fromFirst.has(id), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(fromSecond.has(id), 5000);

        // The relay goes away: the follower takes over and keeps delivering.
        first.stop();
        QTRY_VERIFY_WITH_TIMEOUT(second.isRelay(), 8000);
        const qint64 next = insertEvent(owner, QStringLiteral("Ping"));
        QTRY_VERIFY_WITH_TIMEOUT(fromSecond.has(next), 5000);
        QCOMPARE(fromSecond.deliveries.value(id), 1);
        QCOMPARE(fromSecond.deliveries.value(next), 1);
        QVERIFY(!fromFirst.has(next));
    }

    // Both kinds of read: whole rows (a desktop's clerk) and keys only through endpoint_event_keys
    // (the endpoint's login, which reads no table).
    void eventsCommittedOutOfIdOrderArriveOnce_data() { readKinds(); }
    void eventsCommittedOutOfIdOrderArriveOnce()
    {
        QFETCH(bool, keysOnly);
        sp::test::TestDatabase db;
        EventStream stream(keysOnly ? sp::test::endpointLogin(db) : db.clerk());
        stream.setKeysOnly(keysOnly);
        Collector got(stream);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 5000);

        Connection a(db.owner());
        Connection b(db.owner());
        Transaction ta(a);
        const qint64 early = insertEvent(a, QStringLiteral("Early"));
        Transaction tb(b);
        const qint64 late = insertEvent(b, QStringLiteral("Late"));
        QVERIFY(late > early);
        tb.commit();
        QTRY_VERIFY_WITH_TIMEOUT(got.has(late), 5000);
        QVERIFY(!got.has(early)); // not committed yet
        QTest::qWait(200);        // several reads pass the gap below "late"
        ta.commit();
        QTRY_VERIFY_WITH_TIMEOUT(got.has(early), 5000);
        QTest::qWait(200);
        QCOMPARE(got.deliveries.value(early), 1);
        QCOMPARE(got.deliveries.value(late), 1);
        QCOMPARE(got.types.value(early), QStringLiteral("Early"));

        // A transaction that rolls back leaves a gap that is never filled; it must not hold
        // later events back.
        {
            Transaction tr(a);
            insertEvent(a, QStringLiteral("RolledBack"));
        }
        const qint64 after = insertEvent(b, QStringLiteral("After"));
        QTRY_VERIFY_WITH_TIMEOUT(got.has(after), 5000);
        QCOMPARE(got.deliveries.size(), 3);
    }

    void concurrentWritersAreDeliveredExactlyOnce_data() { readKinds(); }
    void concurrentWritersAreDeliveredExactlyOnce()
    {
        QFETCH(bool, keysOnly);
        sp::test::TestDatabase db;
        EventStream stream(keysOnly ? sp::test::endpointLogin(db) : db.clerk());
        stream.setKeysOnly(keysOnly);
        Collector got(stream);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 5000);

        QVERIFY(runOverlappingWriters(db.owner()));
        Connection check(db.owner());
        const QList<qint64> ids = allEventIds(check);
        QCOMPARE(ids.size(), 4 * (40 + 14));
        QTRY_COMPARE_WITH_TIMEOUT(got.deliveries.size(), int(ids.size()), 10000);
        QTest::qWait(200);
        for (const qint64 id : ids)
            QCOMPARE(got.deliveries.value(id), 1);
        QCOMPARE(got.deliveries.size(), int(ids.size()));
    }

    // A follower is driven by the relay's NOTIFYs alone, not by its poll (ten minutes here):
    // bursts of overlapping writers reach it within seconds, the last event of each burst too.
    // (A NOTIFY that arrives while the follower is reading sits in libpq's buffer, where the
    // socket notifier does not see it; the follower looks there after each read.)
    void followerKeepsUpWithoutItsPoll()
    {
        sp::test::TestDatabase db;
        EventStream relay(db.clerk());
        EventStream follower(db.clerk());
        follower.setFollowerPollMs(10 * 60 * 1000);
        Collector got(follower);
        relay.start();
        QTRY_VERIFY_WITH_TIMEOUT(relay.isRelay(), 5000);
        QSignalSpy started(&follower, &EventStream::started);
        follower.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 5000);
        QVERIFY(!follower.isRelay());

        for (int burst = 0; burst < 3; ++burst) {
            QVERIFY(runOverlappingWriters(db.owner()));
            Connection check(db.owner());
            const QList<qint64> ids = allEventIds(check);
            QCOMPARE(ids.size(), (burst + 1) * 4 * (40 + 14));
            QTRY_COMPARE_WITH_TIMEOUT(got.deliveries.size(), int(ids.size()), 3000);
        }
        QVERIFY(!follower.isRelay());
    }

    void reconnectsAfterServerRestartAndCatchesUp()
    {
        // A cluster of its own: the shared test cluster must keep running for the others.
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/tst_eventstream-XXXXXX"));
        QVERIFY(dir.isValid());
        sp::test::makeReachableByServer(dir.path());
        EmbeddedCluster cluster(dir.path(), EmbeddedCluster::Options{.durable = false});
        auto cleanup = qScopeGuard([&] { cluster.stop(); });
        cluster.ensureRunning();
        {
            Connection owner(cluster.ownerSettings());
            Migrator().migrate(owner);
            owner.exec("SELECT staff_user_add('watcher', 'clerk', 'watcher')");
        }

        EventStream stream(
            cluster.staffSettings(QStringLiteral("watcher"), QStringLiteral("watcher")));
        Collector got(stream);
        QSignalSpy started(&stream, &EventStream::started);
        QSignalSpy connection(&stream, &EventStream::connectionChanged);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        qint64 before = 0;
        {
            Connection owner(cluster.ownerSettings());
            before = insertEvent(owner, QStringLiteral("BeforeRestart"));
            // While the server is away and right after it is back, the stream cannot sign in,
            // so what follows is surely committed while it is disconnected.
            owner.execScript("ALTER ROLE watcher NOLOGIN");
        }
        QTRY_VERIFY_WITH_TIMEOUT(got.has(before), 5000);

        cluster.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!connection.isEmpty() && !connection.last().at(0).toBool(), 10000);
        cluster.ensureRunning();
        QList<qint64> whileAway;
        {
            Connection owner(cluster.ownerSettings());
            for (int i = 0; i < 3; ++i)
                whileAway.append(insertEvent(owner, QStringLiteral("WhileAway")));
            const Result sessions = owner.exec("SELECT count(*) FROM pg_stat_activity "
                                               "WHERE usename = 'watcher'");
            QCOMPARE(sessions.toInt(0, 0), 0);
            QVERIFY(!got.has(whileAway.first()));
            owner.execScript("ALTER ROLE watcher LOGIN");
        }
        // Back-off is at most 5 s between attempts.
        QTRY_VERIFY_WITH_TIMEOUT(got.has(whileAway.last()), 20000);
        QVERIFY(connection.last().at(0).toBool());
        for (const qint64 id : std::as_const(whileAway))
            QCOMPARE(got.deliveries.value(id), 1);
        QCOMPARE(got.deliveries.value(before), 1);
        QCOMPARE(started.count(), 1); // caught up from where it stopped, not started afresh

        // And it keeps delivering.
        Connection owner(cluster.ownerSettings());
        const qint64 after = insertEvent(owner, QStringLiteral("AfterRestart"));
        QTRY_VERIFY_WITH_TIMEOUT(got.has(after), 5000);
        QCOMPARE(got.deliveries.size(), 5);
        stream.stop();
    }
};

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstream.moc"
