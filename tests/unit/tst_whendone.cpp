// sp::db::whenDone, the one continuation of off-thread work: results and errors arrive on the
// receiver's thread, errors of every kind as DbError, and nothing arrives once the receiver is
// gone.

#include "db/whendone.h"

#include <QSemaphore>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <memory>
#include <stdexcept>

using sp::db::DbError;
using sp::db::whenDone;

class TestWhenDone : public QObject
{
    Q_OBJECT

private slots:
    void deliversTheResultOnTheReceiversThread()
    {
        QObject receiver;
        int value = 0;
        QThread* thread = nullptr;
        whenDone(
            &receiver, QtConcurrent::run([] { return 42; }),
            [&](int v) {
                value = v;
                thread = QThread::currentThread();
            },
            [](const DbError& e) { QFAIL(qPrintable(e.message())); });
        QTRY_COMPARE(value, 42);
        QCOMPARE(thread, QThread::currentThread());
    }

    void deliversVoidWork()
    {
        QObject receiver;
        bool done = false;
        whenDone(
            &receiver, QtConcurrent::run([] {}), [&] { done = true; },
            [](const DbError& e) { QFAIL(qPrintable(e.message())); });
        QTRY_VERIFY(done);
    }

    void keepsTheSqlState()
    {
        QObject receiver;
        QString state;
        QString message;
        whenDone(
            &receiver, QtConcurrent::run([]() -> int {
                throw DbError(QStringLiteral("SP004"), QStringLiteral("not enough"));
            }),
            [](int) { QFAIL("the work failed"); },
            [&](const DbError& e) {
                state = e.sqlState();
                message = e.message();
            });
        QTRY_COMPARE(state, QStringLiteral("SP004"));
        QCOMPARE(message, QStringLiteral("not enough"));
    }

    // QtConcurrent keeps a non-QException as QUnhandledException; its words must still arrive.
    void unwrapsOtherExceptions()
    {
        QObject receiver;
        QString message;
        whenDone(
            &receiver, QtConcurrent::run([] { throw std::runtime_error("disk full"); }),
            [] { QFAIL("the work failed"); }, [&](const DbError& e) { message = e.message(); });
        QTRY_COMPARE(message, QStringLiteral("disk full"));
    }

    void nothingArrivesOnceTheReceiverIsGone()
    {
        QSemaphore release;
        auto receiver = std::make_unique<QObject>();
        bool called = false;
        auto future = QtConcurrent::run([&release] {
            release.acquire();
            return 1;
        });
        whenDone(
            receiver.get(), future, [&](int) { called = true; },
            [&](const DbError&) { called = true; });
        receiver.reset();
        release.release();
        future.waitForFinished();
        // A second continuation on a live receiver, queued after the first would have been, shows
        // the event loop has delivered everything it was going to.
        QObject witness;
        bool witnessed = false;
        whenDone(
            &witness, future, [&](int) { witnessed = true; }, [&](const DbError&) {});
        QTRY_VERIFY(witnessed);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestWhenDone)
#include "tst_whendone.moc"
