// Endpoint benchmark: wrk on loopback (c=64) against the real endpoint for POST /hold over 10k
// SKUs, POST /hold on one hot SKU and GET /inventory/{sku}; in the same run pgbench calls the
// same SQL functions at the same concurrency, and the ratio endpoint/pgbench is printed. While
// the uniform hold load runs, the event stream (what the desktop listens to) measures how long
// an event takes from its transaction to this process.
//
// Data: STOCKPILOT_BENCH_DATA_DIR names a cached embedded cluster (scripts/bench prepares one
// with the demo catalogue); without it a small catalogue of 10k SKUs is generated once in
// $TMPDIR/stockpilot-bench-endpoint. Either way the benchmark works on a scratch database cloned
// from it, so the cached data stays as it was. STOCKPILOT_BENCH_SECONDS sets each run's length
// (default 10).
//
// Prints lines "BENCH <metric> <value> <unit>".

#include "benchsupport.h"
#include "db/dberror.h"
#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "db/migrator.h"
#include "db/pgconnection.h"
#include "http/endpointserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace sp::db;

namespace {

constexpr auto ScratchDb = "bench_endpoint";
constexpr int Concurrency = 64;

void bench(const char* metric, double value, const char* unit)
{
    std::printf("BENCH %s %.6g %s\n", metric, value, unit);
    std::fflush(stdout);
}

void bench(const QByteArray& metric, double value, const char* unit)
{
    bench(metric.constData(), value, unit);
}

void note(const QString& text)
{
    QTextStream(stderr) << "bench_endpoint: " << text << Qt::endl;
}

// A catalogue for running without the data branch's cache: 10k SKUs in 20 categories at 7
// locations, opening stock written to the ledger too (so ledger_audit stays empty).
void generateCatalogue(Connection& c)
{
    c.execScript(
        "INSERT INTO locations (code, name, kind, latitude, longitude, sort_order) VALUES"
        " ('WH1', 'Warehouse North', 'warehouse', 52.60, 13.30, 1),"
        " ('WH2', 'Warehouse South', 'warehouse', 48.14, 11.58, 2),"
        " ('ST1', 'Store Mitte', 'store', 52.52, 13.40, 3),"
        " ('ST2', 'Store Hamburg', 'store', 53.55, 9.99, 4),"
        " ('ST3', 'Store Koeln', 'store', 50.94, 6.96, 5),"
        " ('ST4', 'Store Leipzig', 'store', 51.34, 12.37, 6),"
        " ('WEB', 'Online', 'online', 52.52, 13.40, 7);"
        "INSERT INTO products (sku, name, category, attributes, price, cost)"
        " SELECT format('B%s', lpad(g::text, 6, '0')), format('Bench item %s', g),"
        "        format('Category %s', g % 20),"
        "        jsonb_build_object('colour', (ARRAY['red','blue','green','black'])[g % 4 + 1],"
        "                           'size', (ARRAY['S','M','L'])[g % 3 + 1]),"
        "        10 + g % 90, 5 + g % 40"
        " FROM generate_series(1, 10000) g;"
        "INSERT INTO stock_levels (product_id, location_id, on_hand)"
        " SELECT p.id, l.id, CASE WHEN l.kind = 'online' THEN 1000 ELSE 100 END"
        " FROM products p CROSS JOIN locations l;"
        "INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, note)"
        " SELECT product_id, location_id, 'receive', on_hand, 'opening' FROM stock_levels;");
}

struct WrkResult
{
    double rps = 0;
    double p50 = 0;
    double p99 = 0;
    qint64 non2xx = 0;
    bool ok = false;
};

double toMs(const QString& value)
{
    static const QRegularExpression re(QStringLiteral("^([0-9.]+)(us|ms|s|m)$"));
    const auto m = re.match(value.trimmed());
    if (!m.hasMatch())
        return 0;
    const double v = m.captured(1).toDouble();
    const QString u = m.captured(2);
    return u == QLatin1String("us")  ? v / 1000
           : u == QLatin1String("s") ? v * 1000
           : u == QLatin1String("m") ? v * 60000
                                     : v;
}

WrkResult runWrk(const QString& url, const QString& script, int seconds)
{
    QProcess wrk;
    QStringList args = {QStringLiteral("-t2"), QStringLiteral("-c%1").arg(Concurrency),
                        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency")};
    if (!script.isEmpty())
        args << QStringLiteral("-s") << script;
    args << url;
    wrk.start(QStringLiteral("wrk"), args);
    WrkResult result;
    if (!wrk.waitForFinished((seconds + 30) * 1000)) {
        wrk.kill();
        return result;
    }
    const QString out = QString::fromUtf8(wrk.readAllStandardOutput());
    for (const QString& line : out.split(QLatin1Char('\n'))) {
        const QStringList f = line.simplified().split(QLatin1Char(' '));
        if (line.contains(QLatin1String("Requests/sec:")))
            result.rps = f.value(1).toDouble();
        else if (f.value(0) == QLatin1String("50%"))
            result.p50 = toMs(f.value(1));
        else if (f.value(0) == QLatin1String("99%"))
            result.p99 = toMs(f.value(1));
        else if (line.contains(QLatin1String("Non-2xx")))
            result.non2xx = f.value(4).toLongLong();
    }
    result.ok = result.rps > 0;
    if (!result.ok)
        note(QStringLiteral("wrk failed: ") + out + QString::fromUtf8(wrk.readAllStandardError()));
    return result;
}

double runPgbench(const QString& pgbench, const ConnectionSettings& s, const QString& script,
                  int seconds)
{
    QProcess p;
    p.start(pgbench, {QStringLiteral("-n"), QStringLiteral("-M"), QStringLiteral("prepared"),
                      QStringLiteral("-c%1").arg(Concurrency), QStringLiteral("-j2"),
                      QStringLiteral("-T%1").arg(seconds), QStringLiteral("-f"), script,
                      QStringLiteral("-h"), s.host, QStringLiteral("-p"), QString::number(s.port),
                      QStringLiteral("-U"), s.user, s.database});
    if (!p.waitForFinished((seconds + 60) * 1000)) {
        p.kill();
        return 0;
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    static const QRegularExpression tps(QStringLiteral("tps = ([0-9.]+)"));
    const auto m = tps.match(out);
    if (!m.hasMatch()) {
        note(QStringLiteral("pgbench failed: ") + out +
             QString::fromUtf8(p.readAllStandardError()));
        return 0;
    }
    return m.captured(1).toDouble();
}

// CPU used by each side of a run, in cores (CPU seconds per wall second): the endpoint (this
// process: I/O threads, workers, event stream), wrk (a child: its time is ours once reaped) and
// the PostgreSQL server processes of the benchmark database. wrk shares the 2 cores with the
// others, so these say whether the client or the server is what limits a figure. The host's
// steal (the share of the machine's time that the hypervisor gave to other guests) says how
// much of the machine the run had: with a few percent of steal the tail latencies grow
// however the program behaves, so every run prints it beside its figures.
struct CpuMeter
{
    static double childrenSeconds()
    {
        rusage usage{};
        ::getrusage(RUSAGE_CHILDREN, &usage);
        return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }

    double databaseSeconds() const
    {
        double sum = 0;
        const Result r = monitor->exec("SELECT pid FROM pg_stat_activity WHERE datname = $1"
                                       " AND pid <> pg_backend_pid()",
                                       {QString::fromLatin1(ScratchDb)});
        for (int i = 0; i < r.rows(); ++i)
            sum += sp::bench::processCpuSeconds(r.toLongLong(i, 0));
        return sum;
    }

    void begin()
    {
        clock.start();
        own = sp::bench::ownCpuSeconds();
        children = childrenSeconds();
        database = databaseSeconds();
        host = sp::bench::hostCpuTicks();
    }

    void end(const char* prefix)
    {
        const double wall = double(clock.nsecsElapsed()) / 1e9;
        // The database's connections live on (pool, stream), so their time is read now.
        const double db = databaseSeconds() - database;
        const QByteArray p(prefix);
        bench(p + "_endpoint_cpu", (sp::bench::ownCpuSeconds() - own) / wall, "cores");
        bench(p + "_wrk_cpu", (childrenSeconds() - children) / wall, "cores");
        bench(p + "_database_cpu", db / wall, "cores");
        const sp::bench::HostCpuTicks now = sp::bench::hostCpuTicks();
        if (now.total > host.total)
            bench(p + "_host_steal",
                  100.0 * double(now.steal - host.steal) / double(now.total - host.total), "%");
    }

    Connection* monitor = nullptr;
    QElapsedTimer clock;
    double own = 0;
    double children = 0;
    double database = 0;
    sp::bench::HostCpuTicks host;
};

bool writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(text);
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther |
                     QFileDevice::ReadGroup);
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = qMax(2, qEnvironmentVariableIntValue("STOCKPILOT_BENCH_SECONDS") > 0
                                    ? qEnvironmentVariableIntValue("STOCKPILOT_BENCH_SECONDS")
                                    : 10);
    QString dataDir = qEnvironmentVariable("STOCKPILOT_BENCH_DATA_DIR");
    const bool cached = !dataDir.isEmpty();
    if (!cached)
        dataDir = QDir::tempPath() + QStringLiteral("/stockpilot-bench-endpoint");
    if (QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()) {
        note(QStringLiteral("wrk is not installed (apt-get install wrk)"));
        return 1;
    }
    const QString pgbench = EmbeddedCluster::findPgBinDir() + QStringLiteral("/pgbench");

    try {
        EmbeddedCluster cluster(dataDir);
        const bool startedCluster = cluster.ensureRunning();
        ConnectionSettings maintenance = cluster.ownerSettings();
        maintenance.database = QStringLiteral("postgres");
        if (!cached) {
            // Our own cache: migrated and filled once. A cache from scripts/bench is left as it
            // is; only the scratch clone below is migrated.
            Connection owner(cluster.ownerSettings());
            try {
                Migrator().migrate(owner);
            } catch (const DbError& e) {
                if (!e.is(sqlstate::MigrationRefused))
                    throw;
                // Made by an older build whose migrations changed since: start afresh.
                note(QStringLiteral("rebuilding the cached catalogue in %1").arg(dataDir));
                owner.execScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
                Migrator().migrate(owner);
            }
            if (owner.exec("SELECT count(*) FROM products").toInt(0, 0) == 0) {
                note(QStringLiteral("generating a 10k-SKU catalogue in %1").arg(dataDir));
                generateCatalogue(owner);
            }
        }
        {
            Connection admin(maintenance);
            admin.execScript(QByteArray("DROP DATABASE IF EXISTS ") + ScratchDb + " WITH (FORCE)");
            admin.execScript(QByteArray("CREATE DATABASE ") + ScratchDb +
                             " TEMPLATE stockpilot STRATEGY FILE_COPY");
        }
        ConnectionSettings ownerSettings = cluster.ownerSettings();
        ownerSettings.database = QString::fromLatin1(ScratchDb);
        Connection owner(ownerSettings);
        Migrator().migrate(owner);

        // The SKUs of the run: 10k with an online location, topped up so no hold is refused;
        // the hot one has stock for every request of its run.
        owner.execScript("CREATE TABLE bench_skus (n integer PRIMARY KEY, sku text NOT NULL);"
                         "INSERT INTO bench_skus SELECT row_number() OVER (ORDER BY p.id), p.sku"
                         " FROM products p ORDER BY p.id LIMIT 10000;");
        const QString online = owner
                                   .exec("SELECT code FROM locations WHERE kind = 'online'"
                                         " ORDER BY sort_order, id LIMIT 1")
                                   .text(0, 0);
        if (online.isEmpty()) {
            note(QStringLiteral("the catalogue has no online location"));
            return 1;
        }
        owner.exec("SELECT stock_receive(b.sku, $1, 100000) FROM bench_skus b", {online});
        // A clone has no planner statistics yet; without them the first plans are guesses.
        owner.execScript("ANALYZE");
        const int skuCount = owner.exec("SELECT count(*) FROM bench_skus").toInt(0, 0);
        const QString hotSku = owner.exec("SELECT sku FROM bench_skus WHERE n = 1").text(0, 0);
        owner.exec("SELECT stock_receive($1, $2, 5000000)", {hotSku, online});
        const QByteArray key =
            owner.exec("SELECT api_key_create('bench', '{inventory:read,holds:write}')")
                .bytes(0, 0);
        const ConnectionSettings login = sp::http::EndpointServer::embeddedLogin(cluster, owner);
        ConnectionSettings endpointLogin = login;
        endpointLogin.database = QString::fromLatin1(ScratchDb);

        sp::http::EndpointConfig config;
        config.ratePerSecond = 1e9;
        config.rateBurst = 1e9;
        // The endpoint's own pool: 16 connections for the 64 clients (BENCH_DB_CONNECTIONS to
        // try others). With 64, as pgbench has, the extra backends and worker threads only
        // added context switches and lock waits on two cores: in runs side by side, hold p99
        // 100-106 ms against 60-73 ms, and events p95 about 80 ms against 25 ms.
        const int dbConnections = qEnvironmentVariableIntValue("BENCH_DB_CONNECTIONS");
        config.dbConnections = dbConnections > 0 ? dbConnections : 16;
        // BENCH_HOLD_GROUPS_AT_ONCE and BENCH_HOLD_GROUP_SIZE try other values than the
        // defaults.
        if (const int groups = qEnvironmentVariableIntValue("BENCH_HOLD_GROUPS_AT_ONCE"))
            config.holdGroupsAtOnce = groups;
        if (const int size = qEnvironmentVariableIntValue("BENCH_HOLD_GROUP_SIZE"))
            config.holdGroupSize = size;
        note(QStringLiteral("endpoint: %1 database connections, %2 clients, hold groups at "
                            "once: %3 of up to %4 holds")
                 .arg(config.dbConnections)
                 .arg(Concurrency)
                 .arg(config.holdGroupsAtOnce)
                 .arg(config.holdGroupSize));
        config.maxCartUnits = 1000;
        sp::http::EndpointServer server(endpointLogin, config);
        if (!server.start(QHostAddress::LocalHost, 0)) {
            note(QStringLiteral("cannot listen: ") + server.errorString());
            return 1;
        }
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

        QTemporaryDir scripts(QDir::tempPath() + QStringLiteral("/sp-bench-XXXXXX"));
        QFile::setPermissions(scripts.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther);
        QByteArray skuTable = "skus = {";
        const Result skus = owner.exec("SELECT sku FROM bench_skus ORDER BY n");
        for (int i = 0; i < skus.rows(); ++i)
            skuTable += '"' + skus.bytes(i, 0) + "\",";
        skuTable += "}\n";
        const QByteArray lua = skuTable + R"LUA(
local counter = 0
local threadId = 0
local ids = 0
function setup(thread)
  ids = ids + 1
  thread:set("tid", ids)
end
function init(args)
  threadId = tid or 0
  math.randomseed(threadId * 7919 + SEED)
end
request = function()
  counter = counter + 1
  local sku = HOT or skus[math.random(#skus)]
  local body = '{"sku":"' .. sku .. '","quantity":1}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["X-API-Key"] = KEY
  headers["X-Idempotency-Key"] = RUN .. "-" .. threadId .. "-" .. counter
  return wrk.format("POST", "/hold", headers, body)
end
)LUA";
        // Each run has keys of its own: a key sent again with its body is a replay, which
        // answers the first response instead of taking a hold, so a run that reused the
        // warm-up's keys would measure replays for its first seconds. Its SKUs differ too.
        const QString warmupLua = scripts.filePath(QStringLiteral("hold_warmup.lua"));
        const QString uniformLua = scripts.filePath(QStringLiteral("hold_uniform.lua"));
        const QString hotLua = scripts.filePath(QStringLiteral("hold_hot.lua"));
        const QString getLua = scripts.filePath(QStringLiteral("get.lua"));
        writeFile(warmupLua, "KEY = \"" + key + "\"\nRUN = \"w\"\nSEED = 1\n" + lua);
        writeFile(uniformLua, "KEY = \"" + key + "\"\nRUN = \"u\"\nSEED = 0\n" + lua);
        writeFile(hotLua, "KEY = \"" + key + "\"\nRUN = \"h\"\nSEED = 0\nHOT = \"" +
                              hotSku.toUtf8() + "\"\n" + lua);
        writeFile(getLua, skuTable + "KEY = \"" + key + R"LUA("
request = function()
  local headers = {}
  headers["X-API-Key"] = KEY
  return wrk.format("GET", "/inventory/" .. skus[math.random(#skus)], headers)
end
)LUA");
        const QString pgUniform = scripts.filePath(QStringLiteral("hold_uniform.sql"));
        const QString pgHot = scripts.filePath(QStringLiteral("hold_hot.sql"));
        const QString pgGet = scripts.filePath(QStringLiteral("get.sql"));
        const QByteArray onlineName = "online";
        writeFile(pgUniform, "\\set n random(1, " + QByteArray::number(skuCount) +
                                 ")\n\\set k random(1, 1000000000) + 1000000000 * :client_id\n"
                                 "SELECT api_hold_create_group('{key-pgbench}', "
                                 "ARRAY[:k::text], '{fp}', "
                                 "ARRAY[(SELECT sku FROM bench_skus WHERE n = :n)], '{" +
                                 onlineName + "}', '{1}', '{300}');\n");
        writeFile(pgHot, "\\set k random(1, 1000000000) + 1000000000 * (100 + :client_id)\n"
                         "SELECT api_hold_create_group('{key-pgbench}', ARRAY[:k::text], "
                         "'{fp}', '{" +
                             hotSku.toUtf8() + "}', '{" + onlineName + "}', '{1}', '{300}');\n");
        writeFile(pgGet, "\\set n random(1, " + QByteArray::number(skuCount) +
                             ")\nSELECT status, body FROM api_inventory_entries("
                             "ARRAY[(SELECT sku FROM bench_skus WHERE n = :n)]);\n");

        // The desktop's view of events while the uniform hold load runs.
        QMutex latencyMutex;
        QList<double> latencies;
        EventStream events(ownerSettings);
        QObject::connect(
            &events, &EventStream::eventsReceived, &events,
            [&](const QList<Event>& batch) {
                const QDateTime now = QDateTime::currentDateTimeUtc();
                QMutexLocker lock(&latencyMutex);
                for (const Event& e : batch)
                    latencies.append(double(e.at.msecsTo(now)));
            },
            Qt::DirectConnection);
        bool started = false;
        QObject::connect(
            &events, &EventStream::started, &events, [&] { started = true; }, Qt::DirectConnection);
        events.start();
        for (int i = 0; i < 100 && !started; ++i)
            QThread::msleep(50);

        // Each endpoint run is followed at once by its pgbench run, so that both see the same
        // machine (other work on it changes the figures from minute to minute).
        runWrk(base + QStringLiteral("/hold"), warmupLua, 2); // warm-up: plans, connections
        {
            QMutexLocker lock(&latencyMutex);
            latencies.clear();
        }
        CpuMeter cpu;
        cpu.monitor = &owner;
        cpu.begin();
        const auto groupsBefore = server.holdGroupStats();
        const WrkResult uniform = runWrk(base + QStringLiteral("/hold"), uniformLua, seconds);
        cpu.end("endpoint_hold_uniform");
        const auto groupsUniform = server.holdGroupStats();
        events.stop();
        const double pgUniformTps = runPgbench(pgbench, ownerSettings, pgUniform, seconds);
        cpu.begin();
        const WrkResult hot = runWrk(base + QStringLiteral("/hold"), hotLua, seconds);
        cpu.end("endpoint_hold_hot");
        const auto groupsHot = server.holdGroupStats();
        const double pgHotTps = runPgbench(pgbench, ownerSettings, pgHot, seconds);
        // Holds per database call: the endpoint sends the holds that queue up during a call
        // as one group (api_hold_create_group), while pgbench calls it with one hold each.
        // And how long the calls took: a hold waits for the call in the database and then
        // for its own, so the calls' tail is most of the holds' tail.
        const auto uniformGroups = groupsUniform.since(groupsBefore);
        const auto hotGroups = groupsHot.since(groupsUniform);
        auto groupSize = [](const auto& groups) {
            return groups.groups > 0 ? double(groups.holds) / double(groups.groups) : 0.0;
        };
        runWrk(base + QStringLiteral("/inventory"), getLua, 3); // warm-up: keys, cache
        cpu.begin();
        const WrkResult get = runWrk(base + QStringLiteral("/inventory"), getLua, seconds);
        cpu.end("endpoint_get_inventory");
        const double pgGetTps = runPgbench(pgbench, ownerSettings, pgGet, seconds);
        server.stop();

        bench("endpoint_hold_uniform_rps", uniform.rps, "req/s");
        bench("endpoint_hold_uniform_p50", uniform.p50, "ms");
        bench("endpoint_hold_uniform_p99", uniform.p99, "ms");
        bench("endpoint_hold_uniform_non2xx", double(uniform.non2xx), "responses");
        bench("endpoint_hold_uniform_group_size", groupSize(uniformGroups), "holds");
        bench("endpoint_hold_uniform_group_db_p50", uniformGroups.dbTimePercentile(0.5), "ms");
        bench("endpoint_hold_uniform_group_db_p99", uniformGroups.dbTimePercentile(0.99), "ms");
        bench("pgbench_hold_uniform_tps", pgUniformTps, "tx/s");
        bench("endpoint_hold_uniform_ratio", pgUniformTps > 0 ? uniform.rps / pgUniformTps : 0,
              "x");
        bench("endpoint_hold_hot_rps", hot.rps, "req/s");
        bench("endpoint_hold_hot_p50", hot.p50, "ms");
        bench("endpoint_hold_hot_p99", hot.p99, "ms");
        bench("endpoint_hold_hot_non2xx", double(hot.non2xx), "responses");
        bench("endpoint_hold_hot_group_size", groupSize(hotGroups), "holds");
        bench("endpoint_hold_hot_group_db_p50", hotGroups.dbTimePercentile(0.5), "ms");
        bench("endpoint_hold_hot_group_db_p99", hotGroups.dbTimePercentile(0.99), "ms");
        bench("pgbench_hold_hot_tps", pgHotTps, "tx/s");
        bench("endpoint_hold_hot_ratio", pgHotTps > 0 ? hot.rps / pgHotTps : 0, "x");
        bench("endpoint_get_inventory_rps", get.rps, "req/s");
        bench("endpoint_get_inventory_p50", get.p50, "ms");
        bench("endpoint_get_inventory_p99", get.p99, "ms");
        bench("pgbench_get_inventory_tps", pgGetTps, "tx/s");
        bench("endpoint_get_inventory_ratio", pgGetTps > 0 ? get.rps / pgGetTps : 0, "x");
        {
            QMutexLocker lock(&latencyMutex);
            std::sort(latencies.begin(), latencies.end());
            if (!latencies.isEmpty()) {
                bench("event_commit_to_client_p50", latencies[latencies.size() / 2], "ms");
                bench("event_commit_to_client_p95",
                      latencies[qMin(latencies.size() - 1, latencies.size() * 95 / 100)], "ms");
                bench("event_commit_to_client_events", double(latencies.size()), "events");
            }
        }
        const int audit = owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0);
        bench("ledger_audit_differences", audit, "rows");
        if (startedCluster)
            cluster.stop(); // leave the machine as we found it
    } catch (const DbError& e) {
        note(e.message());
        return 1;
    }
    return 0;
}
