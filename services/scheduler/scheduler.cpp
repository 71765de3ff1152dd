#include "scheduler.h"

#include "db/whendone.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>

namespace sp::scheduler {

namespace {

// How often the timer thread looks at the due times. Cheap: no database work happens here.
constexpr int TickMs = 250;
// When another instance holds the lock or the database is away, look again after this long.
constexpr int RetrySeconds = 5;
// How long a disabled job waits before this instance looks at the schedule again; also the
// longest any job waits, so an instance that does not hear JobScheduleChanged events still
// follows a changed interval within a minute (a look that finds it not due is two queries).
constexpr int DisabledRecheckSeconds = 60;

QDateTime fromServer(const sp::db::Result& r, int row, int col)
{
    if (r.isNull(row, col))
        return {};
    return QDateTime::fromString(r.text(row, col), Qt::ISODateWithMs);
}

QJsonObject jsonObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

qint64 jobLockKey(const QString& name)
{
    // FNV-1a over a fixed prefix and the name: stable across instances, versions and builds.
    quint64 hash = 14695981039346656037ull;
    const QByteArray bytes = QByteArray("stockpilot.job.") + name.toUtf8();
    for (const char ch : bytes) {
        hash ^= quint8(ch);
        hash *= 1099511628211ull;
    }
    return qint64(hash);
}

Scheduler::Scheduler(sp::db::Database* db, QString instanceName, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_instance(instanceName.isEmpty() ? defaultInstanceName() : std::move(instanceName))
{
    qRegisterMetaType<sp::scheduler::RunResult>();
    m_tick.setInterval(TickMs);
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &Scheduler::tick);
}

Scheduler::~Scheduler()
{
    stop();
}

QString Scheduler::defaultInstanceName()
{
    return QStringLiteral("%1:%2")
        .arg(QHostInfo::localHostName())
        .arg(QCoreApplication::applicationPid());
}

void Scheduler::registerJob(const QString& name, int defaultIntervalSeconds, JobFunction run)
{
    Job& job = m_jobs[name];
    job.run = std::move(run);
    job.defaultInterval = defaultIntervalSeconds;
    job.ensured = false;
}

JobFunction Scheduler::sqlJob(const QByteArray& statement)
{
    return [statement](sp::db::Connection& c) {
        const sp::db::Result r = c.exec(statement, QList<sp::db::Param>());
        return r.rows() > 0 && r.columns() > 0 ? jsonObject(r.bytes(0, 0)) : QJsonObject();
    };
}

QStringList Scheduler::jobNames() const
{
    QStringList names = m_jobs.keys();
    names.sort();
    return names;
}

JobFunction Scheduler::job(const QString& name) const
{
    const auto it = m_jobs.constFind(name);
    return it == m_jobs.cend() ? JobFunction() : it->run;
}

int Scheduler::defaultInterval(const QString& name) const
{
    const auto it = m_jobs.constFind(name);
    return it == m_jobs.cend() ? 0 : it->defaultInterval;
}

void Scheduler::start()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (Job& job : m_jobs)
        job.nextDue = now;
    m_tick.start();
    tick();
}

void Scheduler::stop()
{
    m_tick.stop();
}

void Scheduler::tick()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (!it->busy && it->nextDue <= now)
            launch(it.key(), false);
    }
}

void Scheduler::launch(const QString& name, bool manual)
{
    Job& job = m_jobs[name];
    job.busy = true;
    const JobFunction run = job.run;
    const int defaultInterval = job.defaultInterval;
    const bool ensure = !job.ensured;
    const QString instance = m_instance;
    auto future = m_db->run([=](sp::db::Connection& c) {
        if (ensure)
            c.exec("SELECT job_schedule_ensure($1, $2)", {name, defaultInterval});
        return attempt(c, name, run, instance, manual);
    });
    sp::db::whenDone(
        this, future,
        [this, name](const RunResult& result) {
            Job& j = m_jobs[name];
            j.busy = false;
            j.ensured = true;
            j.nextDue = qMin(result.nextDue,
                             QDateTime::currentDateTimeUtc().addSecs(DisabledRecheckSeconds));
            if (result.outcome != QLatin1String("not-due"))
                emit jobFinished(result);
        },
        [this, name](const sp::db::DbError& e) {
            Job& j = m_jobs[name];
            j.busy = false;
            j.nextDue = QDateTime::currentDateTimeUtc().addSecs(RetrySeconds);
            emit jobFinished({name, 0, QStringLiteral("failed"), {}, e.message(), j.nextDue});
        });
}

void Scheduler::reschedule(const QString& name)
{
    const auto it = m_jobs.find(name);
    if (it == m_jobs.end())
        return;
    // The attempt asks job_run_begin() and plans from job_overview: not due yet is answered
    // without a run.
    it->nextDue = QDateTime::currentDateTimeUtc();
}

void Scheduler::applyEvents(const QList<sp::db::Event>& events)
{
    for (const sp::db::Event& e : events) {
        if (e.type == QLatin1String("JobScheduleChanged"))
            reschedule(e.payload.value(QLatin1String("job")).toString());
    }
}

QFuture<RunResult> Scheduler::runNow(const QString& name)
{
    const auto it = m_jobs.constFind(name);
    if (it == m_jobs.cend()) {
        return QtFuture::makeReadyFuture(RunResult{
            name, 0, QStringLiteral("failed"), {}, tr("There is no job \"%1\".").arg(name), {}});
    }
    const JobFunction run = it->run;
    const int defaultInterval = it->defaultInterval;
    const QString instance = m_instance;
    return m_db->run([=](sp::db::Connection& c) {
        c.exec("SELECT job_schedule_ensure($1, $2)", {name, defaultInterval});
        return attempt(c, name, run, instance, true);
    });
}

RunResult Scheduler::attempt(sp::db::Connection& c, const QString& name, const JobFunction& run,
                             const QString& instance, bool manual)
{
    RunResult result;
    result.job = name;
    const qint64 key = jobLockKey(name);
    const QDateTime localNow = QDateTime::currentDateTimeUtc();

    if (!c.exec("SELECT pg_try_advisory_lock($1)", {key}).toBool(0, 0)) {
        result.outcome = QStringLiteral("skipped");
        result.error = tr("Another instance is running this job right now.");
        if (manual) {
            result.runId =
                c.exec("SELECT job_run_skipped($1, $2, $3)", {name, instance, result.error})
                    .toLongLong(0, 0);
        }
        result.nextDue = localNow.addSecs(RetrySeconds);
        return result;
    }
    // The lock is per session: release it whatever happens (a broken connection releases it
    // on the server by itself).
    struct Unlock
    {
        sp::db::Connection& c;
        qint64 key;
        ~Unlock()
        {
            try {
                if (c.isOk())
                    c.exec("SELECT pg_advisory_unlock($1)", {key});
            } catch (const sp::db::DbError&) {
            }
        }
    } unlock{c, key};

    const sp::db::Result begin =
        c.exec("SELECT job_run_begin($1, $2, $3)", {name, instance, manual});
    if (begin.isNull(0, 0)) {
        result.outcome = QStringLiteral("not-due");
    } else {
        result.runId = begin.toLongLong(0, 0);
        try {
            result.counts = run(c);
            result.outcome = QStringLiteral("ok");
        } catch (const sp::db::DbError& e) {
            if (e.isConnectionError())
                throw; // nothing can be recorded; the next run cleans the row up
            result.outcome = QStringLiteral("failed");
            result.error = e.message();
        } catch (const std::exception& e) {
            result.outcome = QStringLiteral("failed");
            result.error = QString::fromLocal8Bit(e.what());
        }
        c.exec("SELECT job_run_finish($1, $2, $3::jsonb, $4)",
               {result.runId, result.outcome,
                QJsonDocument(result.counts).toJson(QJsonDocument::Compact),
                result.error.isEmpty() ? sp::db::Param() : sp::db::Param(result.error)});
    }
    // Next due in this instance's clock, from the server's view of the schedule.
    const sp::db::Result due = c.exec(
        "SELECT extract(epoch FROM next_due_at - now())::float8 FROM job_overview WHERE name = $1",
        {name});
    if (due.rows() == 0 || due.isNull(0, 0))
        result.nextDue = localNow.addSecs(DisabledRecheckSeconds);
    else
        result.nextDue = localNow.addMSecs(qMax<qint64>(0, qint64(due.toDouble(0, 0) * 1000)));
    return result;
}

QList<JobStatus> Scheduler::status(sp::db::Connection& c)
{
    const sp::db::Result r = c.exec(
        "SELECT name, interval_seconds, enabled, last_run_id, "
        "       to_char(last_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
        "       to_char(last_finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
        "       last_outcome, last_counts, last_error, last_instance, "
        "       to_char(next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
        "FROM job_overview ORDER BY name");
    QList<JobStatus> list;
    for (int i = 0; i < r.rows(); ++i) {
        JobStatus s;
        s.name = r.text(i, 0);
        s.intervalSeconds = r.toInt(i, 1);
        s.enabled = r.toBool(i, 2);
        s.lastRunId = r.isNull(i, 3) ? 0 : r.toLongLong(i, 3);
        s.lastStarted = fromServer(r, i, 4);
        s.lastFinished = fromServer(r, i, 5);
        s.lastOutcome = r.text(i, 6);
        s.lastCounts = jsonObject(r.bytes(i, 7));
        s.lastError = r.text(i, 8);
        s.lastInstance = r.text(i, 9);
        s.nextDue = fromServer(r, i, 10);
        list.append(s);
    }
    return list;
}

void Scheduler::setInterval(sp::db::Connection& c, const QString& name, int seconds,
                            std::optional<bool> enabled)
{
    c.exec("SELECT job_schedule_set($1, $2, $3)", {name, seconds, sp::db::Param(enabled)});
}

bool Scheduler::canSetSchedule(sp::db::Connection& c)
{
    return c
        .exec("SELECT has_function_privilege('job_schedule_set(text, integer, boolean)', "
              "'EXECUTE')")
        .toBool(0, 0);
}

QFuture<JobBoard> Scheduler::board(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return JobBoard{status(c), canSetSchedule(c)}; });
}

QFuture<void> Scheduler::setInterval(sp::db::Database& db, const QString& name, int seconds,
                                     bool enabled)
{
    return db.run([name, seconds, enabled](sp::db::Connection& c) {
        setInterval(c, name, seconds, enabled);
    });
}

} // namespace sp::scheduler
