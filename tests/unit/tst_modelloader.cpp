// sp::models::ModelLoader, what every model does around its loads: late answers of an older
// generation are dropped, the loading state follows the loads, events that arrive during a load
// are replayed once after it, and refreshes wait for the load and coalesce.

#include "modelloader.h"

#include <QPromise>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using sp::db::DbError;
using sp::db::Event;
using sp::models::ModelLoader;

namespace {

// Work whose answer the test gives when it wants to.
struct Pending
{
    Pending() { promise.start(); }
    QFuture<int> future() { return promise.future(); }
    void answer(int value)
    {
        promise.addResult(value);
        promise.finish();
    }
    void fail(const QString& message)
    {
        promise.setException(DbError(QStringLiteral("08006"), message));
        promise.finish();
    }
    QPromise<int> promise;
};

Event withId(qint64 id)
{
    Event e;
    e.id = id;
    e.type = QStringLiteral("InventoryUpdate");
    return e;
}

QList<qint64> ids(const QList<Event>& events)
{
    QList<qint64> out;
    for (const Event& e : events)
        out.append(e.id);
    return out;
}

// Lets queued deliveries (watchers, zero timers) run; no time is measured.
void settle()
{
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
}

} // namespace

class TestModelLoader : public QObject
{
    Q_OBJECT

private slots:
    void aStaleGenerationIsDropped()
    {
        QObject model;
        ModelLoader loader(&model);
        QSignalSpy errors(&loader, &ModelLoader::errorOccurred);
        Pending older;
        Pending newer;
        Pending olderFetch;
        QList<int> applied;
        loader.reload(older.future(), [&](int v) { applied.append(v); });
        loader.fetch(olderFetch.future(), [&](int v) { applied.append(v); });
        loader.reload(newer.future(), [&](int v) { applied.append(v); });

        newer.answer(2);
        QTRY_COMPARE(applied, QList<int>{2});
        QVERIFY(!loader.isLoading());
        // The older answers come late, one of them a failure: neither is applied or reported.
        older.answer(1);
        olderFetch.fail(QStringLiteral("gone"));
        settle();
        QCOMPARE(applied, QList<int>{2});
        QCOMPARE(errors.count(), 0);
        QVERIFY(!loader.isLoading());
    }

    void theLoadingStateFollowsTheLoads()
    {
        QObject model;
        ModelLoader loader(&model);
        QSignalSpy loading(&loader, &ModelLoader::loadingChanged);
        Pending first;
        Pending more;
        bool loadingInOk = false;
        loader.reload(first.future(), [&](int) { loadingInOk = loader.isLoading(); });
        loader.loadMore(more.future(), [](int) {});
        QVERIFY(loader.isLoading());
        QCOMPARE(loading.count(), 1);
        QCOMPARE(loading.at(0).at(0).toBool(), true);

        first.answer(1);
        QTRY_VERIFY(loadingInOk);    // still loading while the answer goes in
        QVERIFY(loader.isLoading()); // the further load of the generation is still on its way
        more.answer(2);
        QTRY_VERIFY(!loader.isLoading());
        QCOMPARE(loading.count(), 2);
        QCOMPARE(loading.at(1).at(0).toBool(), false);
    }

    void aLoadBegunInsideOkKeepsLoading()
    {
        QObject model;
        ModelLoader loader(&model);
        Pending first;
        Pending next;
        loader.reload(first.future(), [&](int) { loader.loadMore(next.future(), [](int) {}); });
        first.answer(1);
        settle();
        QVERIFY(loader.isLoading());
        next.answer(2);
        QTRY_VERIFY(!loader.isLoading());
    }

    void eventsDuringALoadAreReplayedOnce()
    {
        QObject model;
        ModelLoader loader(&model);
        QList<QList<qint64>> replays;
        loader.setReplay([&](const QList<Event>& events) { replays.append(ids(events)); });
        QVERIFY(!loader.holdWhileLoading({withId(1)})); // not loading: the model applies it

        Pending load;
        bool replayedBeforeOk = false;
        loader.reload(load.future(), [&](int) { replayedBeforeOk = !replays.isEmpty(); });
        QVERIFY(loader.holdWhileLoading({withId(2), withId(3)}));
        QVERIFY(loader.holdWhileLoading({withId(3), withId(4)})); // 3 again: kept once
        QCOMPARE(ids(loader.heldEvents()), (QList<qint64>{2, 3, 4}));

        load.answer(1);
        QTRY_COMPARE(replays.size(), 1);
        QVERIFY(!replayedBeforeOk);
        QCOMPARE(replays.first(), (QList<qint64>{2, 3, 4}));
        QVERIFY(loader.heldEvents().isEmpty());
        settle();
        QCOMPARE(replays.size(), 1);
    }

    void heldEventsWaitForALoadThatSucceeds()
    {
        QObject model;
        ModelLoader loader(&model);
        QSignalSpy errors(&loader, &ModelLoader::errorOccurred);
        QList<QList<qint64>> replays;
        loader.setReplay([&](const QList<Event>& events) { replays.append(ids(events)); });

        Pending failing;
        loader.reload(failing.future(), [](int) { QFAIL("the load failed"); });
        QVERIFY(loader.holdWhileLoading({withId(5)}));
        failing.fail(QStringLiteral("server went away"));
        QTRY_COMPARE(errors.count(), 1);
        QCOMPARE(errors.first().first().toString(), QStringLiteral("server went away"));
        QVERIFY(!loader.isLoading());
        QVERIFY(replays.isEmpty());
        QCOMPARE(ids(loader.heldEvents()), QList<qint64>{5});

        // A further load of the generation succeeds: it brings the held events.
        Pending more;
        loader.loadMore(more.future(), [](int) {});
        more.answer(1);
        QTRY_COMPARE(replays.size(), 1);
        QCOMPARE(replays.first(), QList<qint64>{5});
    }

    void aNewGenerationDropsHeldEvents()
    {
        QObject model;
        ModelLoader loader(&model);
        int replays = 0;
        loader.setReplay([&](const QList<Event>&) { ++replays; });
        Pending older;
        Pending newer;
        loader.reload(older.future(), [](int) {});
        QVERIFY(loader.holdWhileLoading({withId(7)}));
        // The new load reads after event 7 arrived, so it holds its effect already.
        loader.reload(newer.future(), [](int) {});
        QVERIFY(loader.heldEvents().isEmpty());
        newer.answer(1);
        QTRY_VERIFY(!loader.isLoading());
        settle();
        QCOMPARE(replays, 0);
    }

    void aRefreshWaitsForTheLoadAndRunsOnce()
    {
        QObject model;
        ModelLoader loader(&model);
        int refreshes = 0;
        bool loadingInRefresh = true;
        loader.setRefresh([&] {
            ++refreshes;
            loadingInRefresh = loader.isLoading();
        });
        loader.refresh();
        QCOMPARE(refreshes, 1); // not loading: at once

        Pending load;
        loader.reload(load.future(), [](int) {});
        loader.refresh();
        loader.refresh();
        QCOMPARE(refreshes, 1);
        load.answer(1);
        QTRY_COMPARE(refreshes, 2);
        QVERIFY(!loadingInRefresh);
        settle();
        QCOMPARE(refreshes, 2);
    }

    void aNewGenerationDropsAWantedRefresh()
    {
        QObject model;
        ModelLoader loader(&model);
        int refreshes = 0;
        loader.setRefresh([&] { ++refreshes; });
        Pending older;
        Pending newer;
        loader.reload(older.future(), [](int) {});
        loader.refresh();
        loader.reload(newer.future(), [](int) {});
        newer.answer(1);
        QTRY_VERIFY(!loader.isLoading());
        settle();
        QCOMPARE(refreshes, 0);
    }

    void refreshSoonCoalescesABurst()
    {
        QObject model;
        ModelLoader loader(&model);
        int refreshes = 0;
        loader.setRefresh([&] { ++refreshes; }, 0);
        loader.refreshSoon();
        loader.refreshSoon();
        loader.refreshSoon();
        QCOMPARE(refreshes, 0); // never at once
        QTRY_COMPARE(refreshes, 1);
        settle();
        QCOMPARE(refreshes, 1);

        // A burst during a load: one refresh, after the load.
        Pending load;
        loader.reload(load.future(), [](int) {});
        loader.refreshSoon();
        settle();
        loader.refreshSoon();
        settle();
        QCOMPARE(refreshes, 1);
        load.answer(1);
        QTRY_COMPARE(refreshes, 2);
        settle();
        QCOMPARE(refreshes, 2);
    }

    void aFailureHandlerOfItsOwnReplacesTheSignal()
    {
        QObject model;
        ModelLoader loader(&model);
        QSignalSpy errors(&loader, &ModelLoader::errorOccurred);
        Pending fetch;
        QString handled;
        loader.fetch(
            fetch.future(), [](int) { QFAIL("the fetch failed"); },
            [&](const DbError& e) { handled = e.sqlState(); });
        QVERIFY(!loader.isLoading()); // a fetch is no load
        fetch.fail(QStringLiteral("lost"));
        QTRY_COMPARE(handled, QStringLiteral("08006"));
        QCOMPARE(errors.count(), 0);
    }

    void nothingArrivesOnceTheModelIsGone()
    {
        auto model = std::make_unique<QObject>();
        auto* loader = new ModelLoader(model.get());
        bool called = false;
        Pending load;
        loader->reload(load.future(), [&](int) { called = true; });
        model.reset();
        load.answer(1);
        settle();
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestModelLoader)
#include "tst_modelloader.moc"
