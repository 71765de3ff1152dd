// The database layer against a real server: the pool's futures carry results and DbErrors, a
// connection the server drops is noticed and replaced, transactions roll back unless
// committed, COPY goes both ways, a long statement can be cancelled from another thread, and
// a --db URI reaches the server it names.

#include "db/database.h"
#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QThread>
#include <QUrl>
#include <QtTest>

#include <memory>

using namespace sp::db;

class TestDatabaseLayer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { m_db = std::make_unique<sp::test::TestDatabase>(); }
    void cleanupTestCase() { m_db.reset(); }

    void runReturnsResultsAndErrorsThroughFutures()
    {
        Database database(m_db->owner(), 2);
        QFuture<int> sum = database.run([](Connection& c) {
            return c.exec("SELECT $1::int + $2::int", {40, 2}).toInt(0, 0);
        });
        QCOMPARE(sum.result(), 42);

        // Runs on a worker thread, not here. (Waiting with result() on a task that has not
        // started yet lets Qt run it on the waiting thread, so wait without taking it.)
        QFuture<bool> elsewhere = database.run([caller = QThread::currentThread()](Connection&) {
            return QThread::currentThread() != caller;
        });
        QTRY_VERIFY(elsewhere.isFinished());
        QVERIFY(elsewhere.result());

        QFuture<int> failing =
            database.run([](Connection& c) { return c.exec("SELECT 1 / 0").toInt(0, 0); });
        try {
            failing.waitForFinished();
            failing.result();
            QFAIL("no error");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("22012"));
            QVERIFY(e.message().contains(QLatin1String("division by zero")));
            QVERIFY(!e.isConnectionError());
        }
        // The pool goes on after an error.
        QCOMPARE(
            database.run([](Connection& c) { return c.exec("SELECT 7").toInt(0, 0); }).result(), 7);
        // void work, and runHere on the calling thread.
        database.run([](Connection& c) { c.exec("SELECT 1"); }).waitForFinished();
        QCOMPARE(database.runHere([](Connection& c) { return c.currentUser(); }),
                 QStringLiteral("postgres"));
    }

    void lostConnectionIsReplaced()
    {
        Database database(m_db->owner(), 1);
        QSignalSpy lost(&database, &Database::connectionLost);
        QSignalSpy restored(&database, &Database::connectionRestored);
        const int pid =
            database
                .run([](Connection& c) { return c.exec("SELECT pg_backend_pid()").toInt(0, 0); })
                .result();
        Connection admin(m_db->owner());
        QVERIFY(admin.exec("SELECT pg_terminate_backend($1, 5000)", {pid}).toBool(0, 0));

        // The next task finds the connection dead: a connection error, and the pool says so.
        QFuture<int> broken =
            database.run([](Connection& c) { return c.exec("SELECT 1").toInt(0, 0); });
        try {
            broken.waitForFinished();
            broken.result();
            QFAIL("a dropped connection went unnoticed");
        } catch (const DbError& e) {
            QVERIFY2(e.isConnectionError(), qPrintable(e.sqlState() + e.message()));
        }
        QCOMPARE(lost.count(), 1);
        QCOMPARE(restored.count(), 0);

        // The task after it gets a fresh connection.
        const int newPid =
            database
                .run([](Connection& c) { return c.exec("SELECT pg_backend_pid()").toInt(0, 0); })
                .result();
        QVERIFY(newPid != pid);
        QCOMPARE(restored.count(), 1);
        QCOMPARE(lost.count(), 1);
    }

    void unreachableServerIsAConnectionError()
    {
        ConnectionSettings nowhere = m_db->owner();
        nowhere.host = QStringLiteral("/nonexistent-socket-dir");
        Database database(nowhere, 1);
        QSignalSpy lost(&database, &Database::connectionLost);
        QFuture<int> f = database.run([](Connection& c) { return c.exec("SELECT 1").toInt(0, 0); });
        try {
            f.waitForFinished();
            f.result();
            QFAIL("connected to nowhere");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("08001"));
            QVERIFY(!e.message().isEmpty());
        }
        QCOMPARE(lost.count(), 1);
    }

    void poolNeverLendsAnOpenTransaction()
    {
        // One connection, so the second task gets the one the first left behind.
        sp::db::Database db(m_db->owner(), 1);
        db.runHere(
            [](Connection& c) { c.execScript("BEGIN; CREATE TEMP TABLE left_open (v int)"); });
        db.runHere([](Connection& c) {
            QVERIFY(c.isIdle());
            QVERIFY(c.exec("SELECT to_regclass('pg_temp.left_open') IS NULL").toBool(0, 0));
        });
        // A failed transaction is not lent either.
        db.runHere([](Connection& c) {
            c.execScript("BEGIN");
            try {
                c.exec("SELECT 1 / 0");
            } catch (const DbError&) {
            }
        });
        db.runHere([](Connection& c) { QCOMPARE(c.exec("SELECT 41 + 1").toInt(0, 0), 42); });
    }

    void transactionRollsBackUnlessCommitted()
    {
        Connection c(m_db->owner());
        c.execScript("CREATE TEMP TABLE tx (v int)");
        {
            Transaction t(c);
            c.exec("INSERT INTO tx VALUES (1)");
        }
        QCOMPARE(c.exec("SELECT count(*) FROM tx").toInt(0, 0), 0);
        try {
            Transaction t(c);
            c.exec("INSERT INTO tx VALUES (2)");
            c.exec("SELECT 1 / 0");
            t.commit();
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("22012"));
        }
        // Not stuck in an aborted transaction either.
        QCOMPARE(c.exec("SELECT count(*) FROM tx").toInt(0, 0), 0);
        {
            Transaction t(c, "BEGIN ISOLATION LEVEL REPEATABLE READ");
            c.exec("INSERT INTO tx VALUES (3)");
            t.commit();
        }
        QCOMPARE(c.exec("SELECT sum(v) FROM tx").toInt(0, 0), 3);
    }

    void copyRoundTrip()
    {
        Connection c(m_db->owner());
        c.execScript("CREATE TEMP TABLE cp (id int, name text, note text)");
        // Tabs, backslashes, line breaks and NULL in COPY's text format, split across chunks
        // in the middle of rows.
        const QByteArray data = "1\tplain\t\\N\n"
                                "2\twith\\ttab\tback\\\\slash\n"
                                "3\tline\\nbreak\tümlaut\n";
        QList<QByteArray> chunks{data.left(5), data.mid(5, 17), data.mid(22)};
        const qint64 rows = c.copyIn("COPY cp FROM STDIN", [&chunks](QByteArray& chunk) {
            if (chunks.isEmpty())
                return false;
            chunk = chunks.takeFirst();
            return !chunks.isEmpty();
        });
        QCOMPARE(rows, 3);
        QCOMPARE(c.exec("SELECT name FROM cp WHERE id = 2").text(0, 0),
                 QStringLiteral("with\ttab"));
        QVERIFY(c.exec("SELECT note FROM cp WHERE id = 1").isNull(0, 0));

        QByteArray out;
        const qint64 outRows = c.copyOut("COPY (SELECT * FROM cp ORDER BY id) TO STDOUT",
                                         [&out](const char* d, int n) {
                                             out.append(d, n);
                                             return true;
                                         });
        QCOMPARE(outRows, 3);
        QCOMPARE(out, data);

        // Bad data: an error naming the problem, nothing copied, the connection still usable.
        try {
            c.copyIn("COPY cp FROM STDIN", [](QByteArray& chunk) {
                chunk = "4\tok\tok\nfive\tbad\tbad\n";
                return false;
            });
            QFAIL("bad COPY data accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("22P02"));
        }
        QCOMPARE(c.exec("SELECT count(*) FROM cp").toInt(0, 0), 3);

        // A producer that gives up (an import finding a bad line) inside a transaction: its
        // exception comes through, nothing is copied, the connection is usable.
        try {
            Transaction t(c);
            int calls = 0;
            c.copyIn("COPY cp FROM STDIN", [&calls](QByteArray& chunk) -> bool {
                if (++calls > 1)
                    throw std::runtime_error("bad line");
                chunk = "7\tseven\tseven\n";
                return true;
            });
            t.commit();
            QFAIL("the producer's exception was lost");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QByteArray(e.what()), QByteArray("bad line"));
        }
        QCOMPARE(c.exec("SELECT count(*) FROM cp").toInt(0, 0), 3);

        // A consumer that stops: a cancellation, and the connection still usable.
        c.execScript("INSERT INTO cp SELECT g, 'n', 'n' FROM generate_series(10, 50000) g");
        int seen = 0;
        try {
            c.copyOut("COPY cp TO STDOUT", [&seen](const char*, int) { return ++seen < 10; });
            QFAIL("no cancellation reported");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("57014"));
        }
        QCOMPARE(c.exec("SELECT 1").toInt(0, 0), 1);
    }

    void cancelFromAnotherThread()
    {
        Connection c(m_db->owner());
        const int pid = c.exec("SELECT pg_backend_pid()").toInt(0, 0);
        QString state;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            try {
                c.exec("SELECT pg_sleep(30)");
                state = QStringLiteral("finished");
            } catch (const DbError& e) {
                state = e.sqlState();
            }
        }));
        worker->start();
        // Wait until the statement is running on the server, then cancel it from here.
        Connection watcher(m_db->owner());
        QTRY_VERIFY_WITH_TIMEOUT(watcher.exec("SELECT count(*) FROM pg_stat_activity WHERE pid = $1"
                                              " AND state = 'active' AND query LIKE '%pg_sleep%'",
                                              {pid})
                                         .toInt(0, 0) == 1,
                                 10'000);
        c.cancel();
        QVERIFY(worker->wait(10'000));
        QCOMPARE(state, QStringLiteral("57014")); // cancelled, not slept to its end
        QCOMPARE(c.exec("SELECT 1").toInt(0, 0), 1);
    }

    void uriReachesTheServer()
    {
        try {
            uriReachesTheServerImpl();
        } catch (const DbError& e) {
            QFAIL(qPrintable(e.sqlState() + QLatin1Char(' ') + e.message()));
        }
    }

private:
    void uriReachesTheServerImpl()
    {
        const ConnectionSettings owner = m_db->owner();
        // One arg() call for all: a later arg() would also replace the "%2F"s of the path.
        const QString encodedHost = QString::fromUtf8(QUrl::toPercentEncoding(owner.host));
        ConnectionSettings viaUri = ConnectionSettings::fromUri(
            QStringLiteral("postgresql:///%1?host=%2&port=%3&user=%4")
                .arg(m_db->name(), encodedHost, QString::number(owner.port), owner.user));
        Connection c(viaUri);
        QCOMPARE(c.exec("SELECT current_database()").text(0, 0), m_db->name());
        // The explicit database overrides the URI's.
        viaUri.database = QStringLiteral("postgres");
        Connection other(viaUri);
        QCOMPARE(other.exec("SELECT current_database()").text(0, 0), QStringLiteral("postgres"));
        // Staff with a password in the URI.
        Connection clerk(ConnectionSettings::fromUri(
            QStringLiteral("postgresql://clerk:clerk@%1:%2/%3")
                .arg(encodedHost, QString::number(owner.port), m_db->name())));
        QCOMPARE(clerk.currentUser(), QStringLiteral("clerk"));
    }

private slots:
    void arrayParamsRoundTrip()
    {
        Connection c(m_db->owner());
        const QStringList values{
            QStringLiteral("a\"b"), QStringLiteral("c\\d"), QStringLiteral("NULL"), QString(),
            QStringLiteral("x, y"), QStringLiteral("{}"),   QStringLiteral("ü ß")};
        const Result r = c.exec("SELECT v, v IS NULL FROM unnest($1::text[]) WITH ORDINALITY"
                                " AS t (v, i) ORDER BY i",
                                {values});
        QCOMPARE(r.rows(), int(values.size()));
        for (int i = 0; i < r.rows(); ++i) {
            QVERIFY(!r.toBool(i, 1));
            QCOMPARE(r.text(i, 0), values.at(i));
        }
        QCOMPARE(c.exec("SELECT array_agg(x ORDER BY x) FROM unnest($1::int[]) x",
                        {QList<int>{3, -1, 2}})
                     .text(0, 0),
                 QStringLiteral("{-1,2,3}"));
        QCOMPARE(Result::parseIntArray(c.exec("SELECT ARRAY[1, NULL, -3]").raw(0, 0), 99),
                 (QList<int>{1, 99, -3}));
    }

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
};

QTEST_GUILESS_MAIN(TestDatabaseLayer)
#include "tst_database.moc"
