// Migrations: a fresh install applies every bundled file, a re-run does nothing, and a
// migration changed after it was applied is refused with a message that says so.

#include "db/migrator.h"
#include "testdatabase.h"

#include <QtTest>

using namespace sp::db;

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void freshInstallAppliesEverything()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        // The template is migrated already: start from an empty schema to see a fresh install.
        c.execScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        const QList<Migration> bundled = Migrator::bundled();
        QVERIFY(!bundled.isEmpty());
        QCOMPARE(bundled.first().name, QStringLiteral("001_foundation.sql"));

        const QStringList applied = Migrator().migrate(c);
        QCOMPARE(applied.size(), bundled.size());
        const Result r = c.exec("SELECT count(*), min(version) FROM schema_migrations");
        QCOMPARE(r.toInt(0, 0), int(bundled.size()));
        QCOMPARE(r.toInt(0, 1), 1);
        QVERIFY(c.exec("SELECT to_regclass('public.stock_movements') IS NOT NULL").toBool(0, 0));
    }

    void rerunIsNoOp()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        const QString before = c.exec("SELECT string_agg(version || checksum || applied_at, ',' "
                                      "ORDER BY version) FROM schema_migrations")
                                   .text(0, 0);
        QVERIFY(Migrator().migrate(c).isEmpty());
        QVERIFY(Migrator().pending(c).isEmpty());
        const QString after = c.exec("SELECT string_agg(version || checksum || applied_at, ',' "
                                     "ORDER BY version) FROM schema_migrations")
                                  .text(0, 0);
        QCOMPARE(after, before);
    }

    void tamperedMigrationIsRefused()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        QList<Migration> changed = Migrator::bundled();
        changed.first().sql += "\n-- an innocent-looking edit\n";
        changed.first().checksum = "0123456789abcdef";
        try {
            Migrator(changed).migrate(c);
            QFAIL("a changed migration was accepted");
        } catch (const MigrationError& e) {
            QVERIFY2(e.message().contains(QLatin1String("001_foundation.sql")),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains(QLatin1String("changed after it was applied")),
                     qPrintable(e.message()));
        }
    }

    void newerSchemaIsRefused()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        c.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, "
               "'999_future.sql', 'x')");
        QVERIFY_THROWS_EXCEPTION(MigrationError, Migrator().migrate(c));
    }

    // 020: ANALYZE (autovacuum's, under a stream of holds) leaves out the documents and
    // fingerprints that no query filters on, and still analyzes the columns beside them.
    void analyzeLeavesOutDocuments()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        c.execScript("INSERT INTO events (type, product_id, payload) "
                     "SELECT 'InventoryUpdate', g % 7 + 1, jsonb_build_object('n', g) "
                     "FROM generate_series(1, 200) g;"
                     "INSERT INTO idempotency_keys (caller, route, key, fingerprint, status_code, "
                     "                              response) "
                     "SELECT 'key:1', 'POST /hold', 'k' || g, md5(g::text), 201, "
                     "       jsonb_build_object('n', g) "
                     "FROM generate_series(1, 200) g;"
                     "ANALYZE events, idempotency_keys;");
        const Result r = c.exec(
            "SELECT string_agg(tablename || '.' || attname, ' ' ORDER BY tablename, attname) "
            "FROM pg_stats WHERE tablename IN ('events', 'idempotency_keys') "
            "AND attname IN ('payload', 'response', 'fingerprint', 'type', 'key')");
        QCOMPARE(r.text(0, 0), QStringLiteral("events.type idempotency_keys.key"));
    }

    // 021: autovacuum paces itself on the tables every hold writes.
    void holdTablesHaveAGentlerAutovacuum()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        const Result r = c.exec("SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class "
                                "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
                                "AND 'autovacuum_vacuum_cost_delay=10' = ANY (reloptions)");
        QCOMPARE(r.text(0, 0),
                 QStringLiteral("events holds idempotency_keys stock_levels stock_movements"));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
