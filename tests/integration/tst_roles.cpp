// Who may do what, decided by the database: clerks receive and transfer, managers also adjust,
// nobody writes the tables directly, the endpoint role sees no stock table, the ledger is
// append-only even for its owner, staff accounts are made by admins only, and nothing is
// executable by PUBLIC.

#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QCoreApplication>
#include <QtTest>

#include <functional>

using namespace sp::db;

namespace {

QString errorState(const std::function<void()>& call)
{
    try {
        call();
    } catch (const DbError& e) {
        return e.sqlState();
    }
    return QStringLiteral("no error");
}

} // namespace

class TestRoles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
    }

    void cleanupTestCase()
    {
        // Roles are cluster-wide: leave none behind for the other tests.
        for (const QString& role : std::as_const(m_roles))
            m_owner->execScript("DROP ROLE IF EXISTS \"" + role.toUtf8() + '"');
        m_owner.reset();
        m_db.reset();
    }

    void clerkReceivesAndTransfersButDoesNotAdjust()
    {
        Connection clerk(m_db->clerk());
        QCOMPARE(clerk.exec("SELECT staff_role()").text(0, 0), QStringLiteral("clerk"));
        clerk.exec("SELECT stock_receive('SKU000001', 'WH2', 3)");
        const qint64 id = clerk
                              .exec("SELECT (stock_transfer('SKU000001', 'WH2', 'ST2', 3)"
                                    " ->> 'transfer_id')::bigint")
                              .toLongLong(0, 0);
        clerk.exec("SELECT stock_transfer_receive($1)", {id});
        QCOMPARE(errorState([&] { clerk.exec("SELECT stock_adjust('SKU000001', 'WH1', 1, 'x')"); }),
                 QStringLiteral("42501"));
        QCOMPARE(errorState([&] { clerk.exec("SELECT * FROM ledger_audit()"); }),
                 QStringLiteral("42501"));
        QCOMPARE(errorState([&] { clerk.exec("SELECT staff_user_add('zz', 'clerk', 'pass')"); }),
                 QStringLiteral("42501"));
        // Staff read what the program shows.
        QVERIFY(clerk.exec("SELECT count(*) FROM stock_levels").toInt(0, 0) > 0);
        QVERIFY(clerk.exec("SELECT count(*) FROM stock_movements").toInt(0, 0) > 0);
    }

    void managerAdjusts()
    {
        Connection manager(m_db->manager());
        QCOMPARE(manager.exec("SELECT staff_role()").text(0, 0), QStringLiteral("manager"));
        manager.exec("SELECT stock_adjust('SKU000004', 'ST1', 9, 'count')");
        QCOMPARE(manager.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
        Connection admin(m_db->admin());
        QCOMPARE(admin.exec("SELECT staff_role()").text(0, 0), QStringLiteral("admin"));
        admin.exec("SELECT stock_adjust('SKU000004', 'ST1', 8, 'count')");
    }

    void staffCannotWriteTables_data()
    {
        QTest::addColumn<QString>("role");
        QTest::newRow("clerk") << "clerk";
        QTest::newRow("manager") << "manager";
        QTest::newRow("admin") << "admin";
    }

    void staffCannotWriteTables()
    {
        QFETCH(QString, role);
        Connection staff(m_db->as(role, role));
        const Result tables =
            m_owner->exec("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        QVERIFY(tables.rows() >= 8);
        for (int i = 0; i < tables.rows(); ++i) {
            const QByteArray table = '"' + tables.bytes(i, 0) + '"';
            // A column that may be assigned at all (not an identity or generated one).
            const QByteArray column =
                m_owner
                    ->exec("SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid ="
                           " $1::regclass AND attnum > 0 AND NOT attisdropped AND attidentity ="
                           " '' AND attgenerated = '' ORDER BY attnum LIMIT 1",
                           {table})
                    .bytes(0, 0);
            for (const QByteArray& sql : QByteArrayList{
                     "INSERT INTO " + table + " DEFAULT VALUES",
                     "UPDATE " + table + " SET " + column + " = " + column + " WHERE false",
                     "DELETE FROM " + table + " WHERE false", "TRUNCATE " + table}) {
                QVERIFY2(errorState([&] { staff.exec(sql, QList<Param>()); }) ==
                             QLatin1String("42501"),
                         sql.constData());
            }
        }
        QCOMPARE(errorState([&] { staff.exec("SELECT nextval('events_id_seq')"); }),
                 QStringLiteral("42501"));
        // Nor can they put objects where the stock functions would find them.
        QCOMPARE(errorState([&] { staff.exec("CREATE TABLE public.mine (v int)"); }),
                 QStringLiteral("42501"));
        QCOMPARE(errorState([&] {
                     staff.exec("CREATE FUNCTION public.sp_product_id(p text, q int) RETURNS int"
                                " LANGUAGE sql AS 'SELECT 1'");
                 }),
                 QStringLiteral("42501"));
        QCOMPARE(errorState([&] { staff.exec("CREATE SCHEMA mine"); }), QStringLiteral("42501"));
    }

    void endpointSeesNoStock()
    {
        const QString name = newRoleName("ep");
        m_owner->execScript("CREATE ROLE \"" + name.toUtf8() +
                            "\" LOGIN PASSWORD 'endpoint-pw' IN ROLE stockpilot_endpoint");
        Connection endpoint(m_db->as(name, QStringLiteral("endpoint-pw")));
        for (const char* table : {"stock_levels", "stock_movements", "products", "locations",
                                  "transfers", "events", "demand_history"}) {
            QVERIFY2(errorState([&] {
                         endpoint.exec(QByteArray("SELECT count(*) FROM ") + table, QList<Param>());
                     }) == QLatin1String("42501"),
                     table);
        }
        QCOMPARE(errorState([&] { endpoint.exec("SELECT stock_receive('SKU000001', 'WH1', 1)"); }),
                 QStringLiteral("42501"));
        QCOMPARE(errorState([&] { endpoint.exec("SELECT * FROM ledger_audit()"); }),
                 QStringLiteral("42501"));
        // What it is granted works.
        QVERIFY(endpoint.exec("SELECT staff_role()").isNull(0, 0));
    }

    void ledgerIsAppendOnlyForTheOwner_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::newRow("update") << QByteArray("UPDATE stock_movements SET d_on_hand = 0");
        QTest::newRow("update one")
            << QByteArray("UPDATE stock_movements SET note = 'x' WHERE id = (SELECT min(id) FROM "
                          "stock_movements)");
        QTest::newRow("delete") << QByteArray("DELETE FROM stock_movements");
        QTest::newRow("truncate") << QByteArray("TRUNCATE stock_movements");
        QTest::newRow("truncate cascade") << QByteArray("TRUNCATE products CASCADE");
        QTest::newRow("truncate locations cascade") << QByteArray("TRUNCATE locations CASCADE");
    }

    void ledgerIsAppendOnlyForTheOwner()
    {
        QFETCH(QByteArray, sql);
        const QString before =
            m_owner->exec("SELECT string_agg(m::text, ',' ORDER BY id) FROM stock_movements m")
                .text(0, 0);
        QVERIFY(!before.isEmpty());
        const QString state = errorState([&] { m_owner->exec(sql, QList<Param>()); });
        QCOMPARE(state, QStringLiteral("42501"));
        QCOMPARE(m_owner->exec("SELECT string_agg(m::text, ',' ORDER BY id) FROM stock_movements m")
                     .text(0, 0),
                 before);
    }

    void staffUserAddIsAdminOnly()
    {
        const QString name = newRoleName("new");
        for (const QString& who : {QStringLiteral("clerk"), QStringLiteral("manager")}) {
            Connection c(m_db->as(who, who));
            QCOMPARE(
                errorState([&] { c.exec("SELECT staff_user_add($1, 'clerk', 'secret')", {name}); }),
                QStringLiteral("42501"));
        }
        QCOMPARE(roleExists(name), false);

        Connection admin(m_db->admin());
        admin.exec("SELECT staff_user_add($1, 'clerk', 'secret')", {name});
        {
            Connection user(m_db->as(name, QStringLiteral("secret")));
            QCOMPARE(user.exec("SELECT staff_role()").text(0, 0), QStringLiteral("clerk"));
        }
        // Adding again changes the role and the password.
        admin.exec("SELECT staff_user_add($1, 'manager', 'other')", {name});
        Connection user(m_db->as(name, QStringLiteral("other")));
        QCOMPARE(user.exec("SELECT staff_role()").text(0, 0), QStringLiteral("manager"));
        QCOMPARE(errorState([&] { Connection(m_db->as(name, QStringLiteral("secret"))); }),
                 QLatin1String(sp::db::sqlstate::InvalidPassword));
    }

    void staffUserAddValidates_data()
    {
        QTest::addColumn<QVariant>("name");
        QTest::addColumn<QVariant>("role");
        QTest::addColumn<QVariant>("password");
        const QVariant ok = QStringLiteral("zz_valid_%1").arg(QCoreApplication::applicationPid());
        const QVariant null;
        QTest::newRow("null name") << null << QVariant("clerk") << QVariant("secret");
        QTest::newRow("empty name") << QVariant("") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("upper case") << QVariant("Bob") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("digit first") << QVariant("1bob") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("space") << QVariant("bob smith") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("quote") << QVariant("bob\"; DROP ROLE admin; --") << QVariant("clerk")
                               << QVariant("secret");
        QTest::newRow("64 chars") << QVariant(QString(64, QLatin1Char('a'))) << QVariant("clerk")
                                  << QVariant("secret");
        QTest::newRow("reserved stockpilot")
            << QVariant("stockpilot_admin") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("reserved pg")
            << QVariant("pg_monitor") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("reserved postgres")
            << QVariant("postgres") << QVariant("clerk") << QVariant("secret");
        QTest::newRow("unknown role") << ok << QVariant("boss") << QVariant("secret");
        QTest::newRow("prefixed role") << ok << QVariant("stockpilot_admin") << QVariant("secret");
        QTest::newRow("empty role") << ok << QVariant("") << QVariant("secret");
        QTest::newRow("null role") << ok << null << QVariant("secret");
        QTest::newRow("short password") << ok << QVariant("clerk") << QVariant("abc");
        QTest::newRow("null password") << ok << QVariant("clerk") << null;
    }

    void staffUserAddValidates()
    {
        QFETCH(QVariant, name);
        QFETCH(QVariant, role);
        QFETCH(QVariant, password);
        m_roles.append(QStringLiteral("zz_valid_%1").arg(QCoreApplication::applicationPid()));
        auto param = [](const QVariant& v) {
            return v.isNull() ? Param() : Param(v.toString());
        };
        Connection admin(m_db->admin());
        const QStringList names{name.toString(), QStringLiteral("admin"), QStringLiteral("clerk"),
                                m_roles.last()};
        const QString before = roleList(names);
        try {
            admin.exec("SELECT staff_user_add($1, $2, $3)",
                       {param(name), param(role), param(password)});
            QFAIL("accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("SP009"));
            QVERIFY(!e.message().isEmpty());
        }
        QCOMPARE(roleList(names), before);
    }

    // An admin makes staff accounts; that must not let them take over another account (the
    // endpoint's login, a superuser) by "adding" it and so setting its password.
    void staffUserAddCannotTakeOverOtherRoles_data()
    {
        QTest::addColumn<QByteArray>("options");
        QTest::newRow("superuser") << QByteArray("SUPERUSER");
        QTest::newRow("createrole") << QByteArray("CREATEROLE");
        QTest::newRow("endpoint login") << QByteArray("IN ROLE stockpilot_endpoint");
        QTest::newRow("plain login") << QByteArray("");
    }

    void staffUserAddCannotTakeOverOtherRoles()
    {
        QFETCH(QByteArray, options);
        const QString name = newRoleName("victim");
        m_owner->execScript("CREATE ROLE \"" + name.toUtf8() + "\" LOGIN PASSWORD 'original' " +
                            options);
        Connection admin(m_db->admin());
        QCOMPARE(
            errorState([&] { admin.exec("SELECT staff_user_add($1, 'admin', 'taken')", {name}); }),
            QStringLiteral("SP009"));
        Connection victim(m_db->as(name, QStringLiteral("original")));
        QCOMPARE(victim.exec("SELECT session_user").text(0, 0), name);
        QCOMPARE(errorState([&] { Connection(m_db->as(name, QStringLiteral("taken"))); }),
                 QLatin1String(sp::db::sqlstate::InvalidPassword));
    }

    void functionsAreNotPublic()
    {
        // Every function of ours (not the extensions') is executable only by explicit grants.
        const Result r = m_owner->exec(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " WHERE p.pronamespace = 'public'::regnamespace"
            "   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
            "                   AND d.objid = p.oid AND d.deptype = 'e')"
            "   AND has_function_privilege('public', p.oid, 'EXECUTE')");
        QStringList open;
        for (int i = 0; i < r.rows(); ++i)
            open << r.text(i, 0);
        QVERIFY2(open.isEmpty(), qPrintable(open.join(QLatin1String(", "))));

        const QString name = newRoleName("nobody");
        m_owner->execScript("CREATE ROLE \"" + name.toUtf8() + "\" LOGIN PASSWORD 'nobody-pw'");
        Connection nobody(m_db->as(name, QStringLiteral("nobody-pw")));
        // Without USAGE on the schema the unqualified name is not even found.
        QCOMPARE(errorState([&] { nobody.exec("SELECT stock_receive('SKU000001', 'WH1', 1)"); }),
                 QStringLiteral("42883"));
        for (const char* sql :
             {"SELECT public.stock_receive('SKU000001', 'WH1', 1)",
              "SELECT public.stock_transfer_receive(1)", "SELECT count(*) FROM public.stock_levels",
              "SELECT public.staff_user_add('zz_x', 'admin', 'secret')"}) {
            QVERIFY2(errorState([&] { nobody.exec(sql); }) == QLatin1String("42501"), sql);
        }
        QCOMPARE(m_owner->exec("SELECT count(*) FROM stock_movements WHERE actor = $1", {name})
                     .toInt(0, 0),
                 0);
    }

private:
    QString newRoleName(const char* what)
    {
        const QString name = QStringLiteral("zz_%1_%2_%3")
                                 .arg(QLatin1String(what))
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(m_roles.size());
        m_roles.append(name);
        return name;
    }

    bool roleExists(const QString& name)
    {
        return m_owner->exec("SELECT count(*) FROM pg_roles WHERE rolname = $1", {name})
                   .toInt(0, 0) == 1;
    }

    // The given roles with their passwords and memberships. The demo staff roles are shared by
    // every test of the run, and other tests may set their passwords again (a new salt), so
    // only the roles this test made ("zz_...") are compared with their passwords.
    QString roleList(const QStringList& names)
    {
        return m_owner
            ->exec(
                "SELECT string_agg(r.rolname || ':' ||"
                " coalesce(CASE WHEN r.rolname LIKE 'zz\\_%' THEN r.rolpassword END, '') || ':' ||"
                " (SELECT coalesce(string_agg(g.rolname, '+' ORDER BY g.rolname), '')"
                "  FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                "  WHERE m.member = r.oid), ',' ORDER BY r.rolname) FROM pg_authid r"
                " WHERE r.rolname = ANY ($1)",
                {names})
            .text(0, 0);
    }

    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    QStringList m_roles;
};

QTEST_GUILESS_MAIN(TestRoles)
#include "tst_roles.moc"
