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
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
