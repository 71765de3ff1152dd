#include "migrator.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace sp::db {

namespace {

// pg_advisory_lock key for "schema migration in progress" (any fixed number works; this one
// spells "SPMG").
constexpr qint64 MigrationLockKey = 0x53504d47;

} // namespace

QList<Migration> Migrator::bundled()
{
    QList<Migration> migrations;
    static const QRegularExpression pattern(QStringLiteral("^(\\d{3})_[a-z0-9_]+\\.sql$"));
    const QDir dir(QStringLiteral(":/sql"));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(name);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        Migration m;
        m.version = match.captured(1).toInt();
        m.name = name;
        m.sql = file.readAll();
        m.checksum = QCryptographicHash::hash(m.sql, QCryptographicHash::Sha256).toHex();
        migrations.append(std::move(m));
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return migrations;
}

Migrator::Migrator(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
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

QStringList Migrator::verify(const QList<Applied>& done)
{
    QStringList pendingNames;
    for (const Applied& a : done) {
        const auto it = std::find_if(m_migrations.cbegin(), m_migrations.cend(),
                                     [&](const Migration& m) { return m.version == a.version; });
        if (it == m_migrations.cend()) {
            throw MigrationError(
                tr("The database has migration %1 (%2), which this program does not know: the "
                   "database was set up by a newer StockPilot. Install that version.")
                    .arg(a.version)
                    .arg(a.name));
        }
        if (it->checksum != a.checksum) {
            throw MigrationError(
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

QStringList Migrator::pending(Connection& connection)
{
    return verify(applied(connection));
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

    connection.execScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " version integer PRIMARY KEY,"
                          " name text NOT NULL,"
                          " checksum text NOT NULL,"
                          " applied_at timestamptz NOT NULL DEFAULT now(),"
                          " applied_by text NOT NULL DEFAULT session_user)");
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
    }
    return todo;
}

} // namespace sp::db
