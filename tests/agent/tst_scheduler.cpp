// The scheduler: three instances started together run a job once per interval across the
// installation; runs are recorded with outcome and counts; "Run now" while another instance
// holds the job's lock is recorded as skipped; a failing job is recorded as failed; interval
// changes in the shared schedule reach every instance; the job never runs on the timer thread.

#include "agentfixture.h"
#include "approvals/agentjobs.h"
#include "scheduler/scheduler.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace sp::db;
using namespace sp::scheduler;
using namespace sp::test;

namespace {

struct Instance
{
    std::unique_ptr<Database> db;
    std::unique_ptr<Scheduler> scheduler;
};

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private slots:
    void threeInstancesRunOnce()
    {
        TestDatabase db;
        std::atomic<int> calls{0};
        std::atomic<bool> onTimerThread{false};
        QThread* const timerThread = QThread::currentThread();
        std::vector<Instance> instances;
        for (int i = 0; i < 3; ++i) {
            Instance in;
            in.db = std::make_unique<Database>(db.clerk(), 2);
            in.scheduler =
                std::make_unique<Scheduler>(in.db.get(), QStringLiteral("instance-%1").arg(i));
            in.scheduler->registerJob(QStringLiteral("test-job"), 3600, [&](Connection& c) {
                if (QThread::currentThread() == timerThread)
                    onTimerThread = true;
                ++calls;
                c.exec("SELECT pg_sleep(0.3)");
                return QJsonObject{{QStringLiteral("checked"), 7}};
            });
            instances.push_back(std::move(in));
        }
        QList<std::shared_ptr<QSignalSpy>> spies;
        for (Instance& in : instances)
            spies.append(std::make_shared<QSignalSpy>(in.scheduler.get(), &Scheduler::jobFinished));
        for (Instance& in : instances)
            in.scheduler->start();
        // One instance runs it; the others either find the lock taken (skipped) or, coming
        // later, see the fresh run and stay quiet until the next interval.
        QTRY_COMPARE_WITH_TIMEOUT(calls.load(), 1, 5000);
        QTest::qWait(1500);
        QCOMPARE(calls.load(), 1);
        QVERIFY(!onTimerThread);

        Connection owner(db.owner());
        const Result runs = owner.exec("SELECT outcome, counts->>'checked', instance FROM job_runs "
                                       "WHERE job = 'test-job' AND outcome <> 'skipped'");
        QCOMPARE(runs.rows(), 1);
        QCOMPARE(runs.text(0, 0), QStringLiteral("ok"));
        QCOMPARE(runs.toInt(0, 1), 7);
        QCOMPARE(owner.exec("SELECT interval_seconds FROM job_schedule WHERE name = 'test-job'")
                     .toInt(0, 0),
                 3600);
        // Every instance now waits for the same next due time (about an hour away).
        for (Instance& in : instances)
            in.scheduler->stop();
        const QList<JobStatus> status = Scheduler::status(owner);
        const auto it = std::find_if(status.cbegin(), status.cend(), [](const JobStatus& s) {
            return s.name == QLatin1String("test-job");
        });
        QVERIFY(it != status.cend());
        QCOMPARE(it->lastOutcome, QStringLiteral("ok"));
        QVERIFY(it->nextDue > QDateTime::currentDateTimeUtc().addSecs(3500));
        for (Instance& in : instances)
            in.db->close();
    }

    void shortIntervalRunsOncePerInterval()
    {
        TestDatabase db;
        Connection owner(db.owner());
        std::atomic<int> calls{0};
        std::vector<Instance> instances;
        for (int i = 0; i < 3; ++i) {
            Instance in;
            in.db = std::make_unique<Database>(db.clerk(), 2);
            in.scheduler =
                std::make_unique<Scheduler>(in.db.get(), QStringLiteral("instance-%1").arg(i));
            in.scheduler->registerJob(QStringLiteral("quick-job"), 1, [&](Connection&) {
                ++calls;
                return QJsonObject();
            });
            instances.push_back(std::move(in));
        }
        for (Instance& in : instances)
            in.scheduler->start();
        QTest::qWait(3300);
        for (Instance& in : instances)
            in.scheduler->stop();
        for (Instance& in : instances)
            in.db->close();
        // About four runs in 3.3 s at one per second, never two within the interval.
        const Result r = owner.exec(
            "SELECT count(*), coalesce(min(gap), 10) FROM (SELECT extract(epoch FROM started_at "
            "- lag(started_at) OVER (ORDER BY started_at)) AS gap FROM job_runs WHERE job = "
            "'quick-job' AND outcome = 'ok') g");
        QVERIFY2(r.toInt(0, 0) >= 3 && r.toInt(0, 0) <= 4, qPrintable(r.text(0, 0)));
        QVERIFY2(r.toDouble(0, 1) >= 0.999, qPrintable(r.text(0, 1)));
        QCOMPARE(calls.load(), r.toInt(0, 0));
    }

    void runNowWhileLockedIsSkipped()
    {
        TestDatabase db;
        Database pool(db.manager(), 2);
        Scheduler scheduler(&pool, QStringLiteral("here"));
        std::atomic<int> calls{0};
        scheduler.registerJob(QStringLiteral("locked-job"), 3600, [&](Connection&) {
            ++calls;
            return QJsonObject();
        });
        Connection other(db.owner());
        other.exec("SELECT pg_advisory_lock($1)", {jobLockKey(QStringLiteral("locked-job"))});
        RunResult result = scheduler.runNow(QStringLiteral("locked-job")).result();
        QCOMPARE(result.outcome, QStringLiteral("skipped"));
        QVERIFY(result.runId > 0);
        QCOMPARE(calls.load(), 0);
        QCOMPARE(
            other.exec("SELECT outcome FROM job_runs WHERE id = $1", {result.runId}).text(0, 0),
            QStringLiteral("skipped"));

        other.exec("SELECT pg_advisory_unlock($1)", {jobLockKey(QStringLiteral("locked-job"))});
        result = scheduler.runNow(QStringLiteral("locked-job")).result();
        QCOMPARE(result.outcome, QStringLiteral("ok"));
        // Run now ignores the interval: a second manual run right after also runs.
        result = scheduler.runNow(QStringLiteral("locked-job")).result();
        QCOMPARE(result.outcome, QStringLiteral("ok"));
        QCOMPARE(calls.load(), 2);
        pool.close();
    }

    void failingJobIsRecorded()
    {
        TestDatabase db;
        Database pool(db.clerk(), 2);
        Scheduler scheduler(&pool);
        scheduler.registerJob(QStringLiteral("broken-job"), 3600,
                              Scheduler::sqlJob("SELECT jsonb_build_object('x', 1 / 0)"));
        const RunResult result = scheduler.runNow(QStringLiteral("broken-job")).result();
        QCOMPARE(result.outcome, QStringLiteral("failed"));
        QVERIFY2(result.error.contains(QLatin1String("division by zero")),
                 qPrintable(result.error));
        Connection owner(db.owner());
        const Result r = owner.exec("SELECT outcome, error, finished_at IS NOT NULL FROM job_runs "
                                    "WHERE id = $1",
                                    {result.runId});
        QCOMPARE(r.text(0, 0), QStringLiteral("failed"));
        QVERIFY(r.text(0, 1).contains(QLatin1String("division by zero")));
        QVERIFY(r.toBool(0, 2));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'JobRunFinished' AND "
                               "payload->>'outcome' = 'failed'"),
                 1);
        pool.close();
    }

    void intervalsAreShared()
    {
        TestDatabase db;
        Connection manager(db.manager());
        Scheduler::setInterval(manager, QStringLiteral("stock-check"), 600);
        Connection clerk(db.clerk());
        QVERIFY_THROWS_EXCEPTION(DbError,
                                 Scheduler::setInterval(clerk, QStringLiteral("stock-check"), 5));
        try {
            Scheduler::setInterval(manager, QStringLiteral("no-such-job"), 60);
            QFAIL("an unknown job was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("SP012"));
        }
        QVERIFY_THROWS_EXCEPTION(DbError,
                                 Scheduler::setInterval(manager, QStringLiteral("stock-check"), 0));
        const QList<JobStatus> status = Scheduler::status(clerk);
        QStringList names;
        for (const JobStatus& s : status) {
            names.append(s.name);
            if (s.name == QLatin1String("stock-check"))
                QCOMPARE(s.intervalSeconds, 600);
            if (s.name == QLatin1String("hold-expiry"))
                QCOMPARE(s.intervalSeconds, 5);
        }
        for (const char* name :
             {"stock-check", "redistribution", "hold-expiry", "ledger-audit", "demand-statistics"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
    }

    void agentJobsRunThroughTheScheduler()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        Database pool(db.clerk(), 2);
        Scheduler scheduler(&pool);
        sp::approvals::registerAgentJobs(scheduler);
        for (const char* job : {"demand-statistics", "stock-check", "redistribution",
                                "price-analysis", "price-changes", "ledger-audit"}) {
            const RunResult r = scheduler.runNow(QLatin1String(job)).result();
            QVERIFY2(r.outcome == QLatin1String("ok"), qPrintable(r.job + u' ' + r.error));
        }
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE kind = 'transfer' AND "
                               "status = 'pending'"),
                 1);
        QCOMPARE(owner.exec("SELECT counts->>'created' FROM job_runs WHERE job = 'stock-check'")
                     .toInt(0, 0),
                 1);

        // Hold expiry: a lapsed hold's units come back through the scheduler's job.
        owner.exec("SELECT api_hold_create_group('{key:1}', '{expiry-test}', '{fp}', "
                   "'{SKU000002}', '{WH1}', '{4}', '{1}')");
        const char* reservedSql =
            "SELECT s.reserved FROM stock_levels s JOIN products p ON p.id = s.product_id "
            "JOIN locations l ON l.id = s.location_id WHERE p.sku = 'SKU000002' AND l.code = 'WH1'";
        QCOMPARE(scalar(owner, reservedSql), 4);
        QTest::qWait(1200);
        const RunResult expiry = scheduler.runNow(QStringLiteral("hold-expiry")).result();
        QVERIFY2(expiry.outcome == QLatin1String("ok"), qPrintable(expiry.error));
        QCOMPARE(scalar(owner, reservedSql), 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 0);
        pool.close();
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
