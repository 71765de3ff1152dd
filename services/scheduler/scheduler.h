#pragma once

#include "db/database.h"
#include "db/eventstream.h"

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

namespace sp::scheduler {

// What a job does: work on the connection it is given (its own transactions, if any) and
// return counts for the job_runs row, e.g. {"created": 3}. Throwing DbError marks the run
// failed with the message.
using JobFunction = std::function<QJsonObject(sp::db::Connection&)>;

// The outcome of one attempt to run a job.
struct RunResult
{
    QString job;
    qint64 runId = 0; // 0 when nothing was recorded
    QString outcome;  // ok, failed, skipped (another instance holds the lock or ran it
                      // within the interval), or "not-due"
    QJsonObject counts;
    QString error;
    QDateTime nextDue; // when this instance tries again
};

// One row of the Jobs page (job_overview).
struct JobStatus
{
    QString name;
    int intervalSeconds = 0;
    bool enabled = true;
    qint64 lastRunId = 0;
    QDateTime lastStarted;
    QDateTime lastFinished;
    QString lastOutcome;
    QJsonObject lastCounts;
    QString lastError;
    QString lastInstance;
    QDateTime nextDue;
};

// The shared schedule and whether the signed-in role may change it.
struct JobBoard
{
    QList<JobStatus> jobs;
    bool canSetSchedule = false;
};

// Runs registered jobs on timers in every instance, with cluster-wide single execution.
//
// Each attempt runs on a worker thread of the Database pool: it takes a PostgreSQL advisory
// lock keyed by the job's name on that connection (pg_try_advisory_lock), and while holding it
// asks job_run_begin() whether the last successful run is older than the interval from the
// shared job_schedule table. So with ten instances a job runs once per interval: the lock
// keeps two runs from overlapping, and the check keeps the next instance from repeating a run
// that just finished. The thread owning the timers never waits for a job.
class Scheduler final : public QObject
{
    Q_OBJECT

public:
    explicit Scheduler(sp::db::Database* db, QString instanceName = {}, QObject* parent = nullptr);
    ~Scheduler() override;

    // Registers a job (one line per job). The default interval is written to the shared
    // schedule only if the job is not there yet; the schedule's value wins.
    void registerJob(const QString& name, int defaultIntervalSeconds, JobFunction run);
    // A job that is one SQL statement returning a jsonb object of counts.
    static JobFunction sqlJob(const QByteArray& statement);
    QStringList jobNames() const;
    // The registered function and default interval of a job (empty function when unknown).
    JobFunction job(const QString& name) const;
    int defaultInterval(const QString& name) const;
    const QString& instanceName() const { return m_instance; }

    // Starts the timers; every job is attempted at once and then when due.
    void start();
    void stop();
    bool isRunning() const { return m_tick.isActive(); }

    // Looks at the shared schedule of a job again at the next tick (its interval or enabled
    // flag changed), instead of when this instance last planned to.
    void reschedule(const QString& name);

    // Runs a job now regardless of its interval (still only once at a time across the
    // installation: if another instance is running it, the result is "skipped").
    QFuture<RunResult> runNow(const QString& name);

    // The attempt itself, on the calling thread; used by runNow, the timers and the command line.
    static RunResult attempt(sp::db::Connection& c, const QString& name, const JobFunction& run,
                             const QString& instance, bool manual);

    // The shared schedule and last runs (for the Jobs page and the command line).
    static QList<JobStatus> status(sp::db::Connection& c);
    static void setInterval(sp::db::Connection& c, const QString& name, int seconds,
                            std::optional<bool> enabled = std::nullopt);
    // Whether the signed-in role may change intervals (job_schedule_set: managers and admins).
    static bool canSetSchedule(sp::db::Connection& c);
    // The same on a worker of the pool: the Jobs page's board in one call, and a new interval.
    static QFuture<JobBoard> board(sp::db::Database& db);
    static QFuture<void> setInterval(sp::db::Database& db, const QString& name, int seconds,
                                     bool enabled);
    static QString defaultInstanceName();

public slots:
    // A schedule changed in another instance (JobScheduleChanged): plan that job again.
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void jobFinished(const sp::scheduler::RunResult& result);

private:
    struct Job
    {
        JobFunction run;
        int defaultInterval = 60;
        QDateTime nextDue;
        bool busy = false;
        bool ensured = false;
    };

    void tick();
    void launch(const QString& name, bool manual);

    sp::db::Database* m_db;
    QString m_instance;
    QHash<QString, Job> m_jobs;
    QTimer m_tick;
};

// The advisory-lock key of a job; the same in every instance and every version.
qint64 jobLockKey(const QString& name);

} // namespace sp::scheduler

Q_DECLARE_METATYPE(sp::scheduler::RunResult)
