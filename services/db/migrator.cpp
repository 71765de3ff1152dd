#include "migrator.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <iterator>

namespace sp::db {

namespace {

DbError migrationRefused(const QString& message)
{
    return DbError(QString::fromLatin1(sqlstate::MigrationRefused), message);
}

// pg_advisory_lock key for "schema migration in progress" (any fixed number works; this one
// spells "SPMG").
constexpr qint64 MigrationLockKey = 0x53504d47;

// The last version of the baseline that the old migrations were folded into: a database made by
// all of them has exactly this schema.
constexpr int BaselineVersion = 5;

// The old migrations as every database made by them recorded them (they were never released,
// and the old migrator refused any other checksum).
struct LegacyMigration
{
    int version;
    const char* name;
    const char* checksum;
};
constexpr LegacyMigration LegacyChain[] = {
    {1, "001_foundation.sql", "0985d755e0e813f79fd1ed8ec52cdbfe068f7990932dd5ef9859f70786b2466e"},
    {2, "002_data.sql", "c1d98791631faf2aa0edd5ab4cd85673e79b379f0825d0e25df65fde8a998892"},
    {3, "003_endpoint.sql", "aa529b059f2a717644b54ffd3250382e1c151a0d77b2da73dafbd4fb988fe805"},
    {5, "005_agent.sql", "452d2b24742b581257a1e749e50319b9fc79d8a0743d80bb2c6bae96a4491099"},
    {6, "006_staff_suggestions.sql",
     "1a944da4f55be6f808394ad82737891b0ca3180d1a41e108b76ef42608775646"},
    {7, "007_endpoint_perf.sql",
     "3fdb04eb8974e5ba01d3737ce1323f0b5b2d5dbf5bd5fa776ec61dea715496cc"},
    {8, "008_requests.sql", "f6dee453bd6d531bf6b51215a3686bbe9d37baa82f1e4536e7376fa700698a4f"},
    {9, "009_llm.sql", "593fd782b832e944c2f1b9e83c9ceff0a34916bf315f432105cdf6244dbbb83f"},
    {10, "010_suggestion_references.sql",
     "720297c940088e9cb6ac1edbad4acef75525348fa4b2b8e184d2b0512458b163"},
    {11, "011_hold_groups.sql", "12e7fe85b4fee03ec0a89d920442ce5f4f5ca89d4ae08a322059fe67762a46ad"},
    {12, "012_set_based_hold_groups.sql",
     "0b03491c07aa9b988140905c7029964b1e42aef32086b47eb4a4149f085c6903"},
    {13, "013_stock_references.sql",
     "31c36587816510ec1eba59bcc884167191a1c13605a17ea598d4d7701f9ff041"},
    {14, "014_sweep_batches.sql",
     "68705012bb57b082702748c99f9ba2896e6339ab691568122679bd6e97c9a42e"},
    {15, "015_index_lookups.sql",
     "46dff1083f3fb0ed624c328e4441e90799e662d5155fcdc6eb81abca1c7af589"},
    {16, "016_sweeper_index.sql",
     "9399420742cc82c9f7fd7e173b03cd790e3b2e56109295b788f6a1c6c273416b"},
    {17, "017_event_keys_plan.sql",
     "66635214d3e7adda4f05968e77431647bfef3fe9d38960ccdfee6b3a185f4518"},
    {18, "018_inventory_batches.sql",
     "dce4745c1860bc9943696d823ab32695d9aa1d90e54053dccc4512aa987f4dc7"},
    {19, "019_event_rows_plan.sql",
     "dd75ea2a532f54f7531587162f354d05c71f30afcbd37834180e13dbac7eeab8"},
    {20, "020_analyze_columns.sql",
     "b34ed840e6ac4ab1384fb6d9df3b4dba6009817c430d67853194e91923ccaa57"},
    {21, "021_autovacuum_pace.sql",
     "03cdc24eda6120bf3628dbb82318b52c3eebf22d639c02a50cddfde5b066f671"},
};

QList<Migration> readDirectory(const QString& path, const QString& prefix)
{
    QList<Migration> files;
    static const QRegularExpression pattern(QStringLiteral("^(\\d{2,3})_[a-z0-9_]+\\.sql$"));
    const QDir dir(path);
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(name);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        Migration m;
        m.version = match.captured(1).toInt();
        m.name = prefix + name;
        m.sql = file.readAll();
        m.checksum = QCryptographicHash::hash(m.sql, QCryptographicHash::Sha256).toHex();
        files.append(std::move(m));
    }
    std::stable_sort(files.begin(), files.end(),
                     [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return files;
}

} // namespace

QList<Migration> Migrator::bundled()
{
    return readDirectory(QStringLiteral(":/sql"), QString());
}

QList<Migration> Migrator::bundledFunctions()
{
    return readDirectory(QStringLiteral(":/sql/functions"), QStringLiteral("functions/"));
}

Migrator::Migrator(QList<Migration> migrations, QList<Migration> functions)
    : m_migrations(std::move(migrations))
    , m_functions(std::move(functions))
{}

QList<Migrator::Applied> Migrator::applied(Connection& connection)
{
    QList<Applied> done;
    const Result exists =
        connection.exec("SELECT to_regclass('public.schema_migrations') IS NOT NULL");
    if (!exists.toBool(0, 0))
        return done;
    const Result r =
        connection.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    for (int i = 0; i < r.rows(); ++i)
        done.append({r.toInt(i, 0), r.text(i, 1), r.bytes(i, 2)});
    return done;
}

QHash<QString, QByteArray> Migrator::appliedFunctions(Connection& connection)
{
    QHash<QString, QByteArray> done;
    const Result exists =
        connection.exec("SELECT to_regclass('public.schema_repeatables') IS NOT NULL");
    if (!exists.toBool(0, 0))
        return done;
    const Result r = connection.exec("SELECT name, checksum FROM schema_repeatables");
    for (int i = 0; i < r.rows(); ++i)
        done.insert(r.text(i, 0), r.bytes(i, 1));
    return done;
}

bool Migrator::isLegacyChain(const QList<Applied>& done)
{
    // A record of an old migration that the baseline does not have under the same name (the
    // first of them, 001_foundation.sql, is in every such database).
    const auto isLegacy = [this](const Applied& a) {
        const bool old = std::any_of(
            std::begin(LegacyChain), std::end(LegacyChain), [&](const LegacyMigration& l) {
                return l.version == a.version && a.name == QLatin1String(l.name);
            });
        const bool current =
            std::any_of(m_migrations.cbegin(), m_migrations.cend(), [&](const Migration& m) {
                return m.version == a.version && m.name == a.name;
            });
        return old && !current;
    };
    if (std::none_of(done.cbegin(), done.cend(), isLegacy))
        return false;
    const bool complete =
        done.size() == int(std::size(LegacyChain)) &&
        std::all_of(std::begin(LegacyChain), std::end(LegacyChain), [&](const LegacyMigration& l) {
            return std::any_of(done.cbegin(), done.cend(), [&](const Applied& a) {
                return a.version == l.version && a.name == QLatin1String(l.name) &&
                       a.checksum == QByteArray(l.checksum);
            });
        });
    if (complete)
        return true;
    const auto changed = std::find_if(done.cbegin(), done.cend(), [](const Applied& a) {
        return std::any_of(std::begin(LegacyChain), std::end(LegacyChain),
                           [&](const LegacyMigration& l) {
                               return l.version == a.version && a.name == QLatin1String(l.name) &&
                                      a.checksum != QByteArray(l.checksum);
                           });
    });
    if (changed != done.cend()) {
        throw migrationRefused(
            tr("The database was set up by a development build of StockPilot, with the "
               "migrations from before they were folded into one baseline, and its migration %1 "
               "differs from the one this program knows, so its schema may not be the "
               "baseline's. Create a new database (export the data with that build first). "
               "Nothing was changed.")
                .arg(changed->name));
    }
    const Applied& last = done.last();
    throw migrationRefused(
        tr("The database was set up by a development build of StockPilot, with the migrations "
           "from before they were folded into one baseline, and stops at migration %1 (%2). "
           "This program can take over such a database only when it has all of them, up to "
           "%3: upgrade it first with a build from before the baseline and start this one "
           "again, or create a new database. Nothing was changed.")
            .arg(last.version)
            .arg(last.name, QLatin1String(LegacyChain[std::size(LegacyChain) - 1].name)));
}

QStringList Migrator::verify(const QList<Applied>& done)
{
    QStringList pendingNames;
    for (const Applied& a : done) {
        const auto it = std::find_if(m_migrations.cbegin(), m_migrations.cend(),
                                     [&](const Migration& m) { return m.version == a.version; });
        if (it == m_migrations.cend()) {
            throw migrationRefused(
                tr("The database has migration %1 (%2), which this program does not know: the "
                   "database was set up by a newer StockPilot. Install that version.")
                    .arg(a.version)
                    .arg(a.name));
        }
        if (it->checksum != a.checksum) {
            throw migrationRefused(
                tr("Migration %1 was changed after it was applied to this database (checksum "
                   "%2 in the database, %3 in the program). Released migrations must never be "
                   "edited: restore the original file, or add a new migration instead.")
                    .arg(a.name, QString::fromLatin1(a.checksum.left(12)),
                         QString::fromLatin1(it->checksum.left(12))));
        }
    }
    for (const Migration& m : m_migrations) {
        const bool isDone = std::any_of(done.cbegin(), done.cend(),
                                        [&](const Applied& a) { return a.version == m.version; });
        if (!isDone)
            pendingNames.append(m.name);
    }
    return pendingNames;
}

QStringList Migrator::functionsToApply(Connection& connection, bool all)
{
    const QHash<QString, QByteArray> done = appliedFunctions(connection);
    QStringList names;
    for (const Migration& f : m_functions) {
        if (all || done.value(f.name) != f.checksum)
            names.append(f.name);
    }
    return names;
}

QStringList Migrator::pending(Connection& connection)
{
    const QList<Applied> done = applied(connection);
    if (isLegacyChain(done)) {
        // Taken over as the baseline: what came after it, then every function file.
        QStringList names;
        for (const Migration& m : m_migrations)
            if (m.version > BaselineVersion)
                names.append(m.name);
        return names + functionsToApply(connection, true);
    }
    const QStringList versioned = verify(done);
    return versioned + functionsToApply(connection, !versioned.isEmpty());
}

QStringList Migrator::migrate(Connection& connection)
{
    connection.exec("SELECT pg_advisory_lock($1)", {MigrationLockKey});
    struct Unlock
    {
        Connection& c;
        ~Unlock()
        {
            try {
                if (c.isOk())
                    c.exec("SELECT pg_advisory_unlock($1)", {MigrationLockKey});
            } catch (const DbError&) {
            }
        }
    } unlock{connection};

    // Refuses a part of the old chain before anything is created.
    const bool legacy = isLegacyChain(applied(connection));
    connection.execScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " version integer PRIMARY KEY,"
                          " name text NOT NULL,"
                          " checksum text NOT NULL,"
                          " applied_at timestamptz NOT NULL DEFAULT now(),"
                          " applied_by text NOT NULL DEFAULT session_user);"
                          "CREATE TABLE IF NOT EXISTS schema_repeatables ("
                          " name text PRIMARY KEY,"
                          " checksum text NOT NULL,"
                          " applied_at timestamptz NOT NULL DEFAULT now(),"
                          " applied_by text NOT NULL DEFAULT session_user)");
    bool changed = false;
    if (legacy) {
        // Its catalog is the baseline's already: only the records change, then the function
        // files replace the old chain's definitions.
        Transaction tx(connection);
        connection.exec("DELETE FROM schema_migrations");
        for (const Migration& m : m_migrations) {
            if (m.version > BaselineVersion)
                break;
            connection.exec("INSERT INTO schema_migrations (version, name, checksum) "
                            "VALUES ($1, $2, $3)",
                            {m.version, m.name, m.checksum});
        }
        tx.commit();
        changed = true;
    }
    const QStringList todo = verify(applied(connection));
    for (const QString& name : todo) {
        const auto it = std::find_if(m_migrations.cbegin(), m_migrations.cend(),
                                     [&](const Migration& m) { return m.name == name; });
        Transaction tx(connection);
        try {
            connection.execScript(it->sql);
        } catch (const DbError& e) {
            throw DbError(e.sqlState(), tr("Migration %1 failed: %2").arg(it->name, e.message()),
                          e.detail(), e.hint());
        }
        connection.exec("INSERT INTO schema_migrations (version, name, checksum) "
                        "VALUES ($1, $2, $3)",
                        {it->version, it->name, it->checksum});
        tx.commit();
        changed = true;
    }
    // A view or function over a table that a migration changed may need defining again.
    const QStringList functions = functionsToApply(connection, changed);
    for (const QString& name : functions) {
        const auto it = std::find_if(m_functions.cbegin(), m_functions.cend(),
                                     [&](const Migration& m) { return m.name == name; });
        Transaction tx(connection);
        try {
            connection.execScript(it->sql);
        } catch (const DbError& e) {
            throw DbError(e.sqlState(),
                          tr("Function file %1 failed: %2").arg(it->name, e.message()), e.detail(),
                          e.hint());
        }
        connection.exec("INSERT INTO schema_repeatables (name, checksum) VALUES ($1, $2) "
                        "ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, "
                        "applied_at = now(), applied_by = session_user",
                        {it->name, it->checksum});
        tx.commit();
    }
    return todo + functions;
}

} // namespace sp::db
