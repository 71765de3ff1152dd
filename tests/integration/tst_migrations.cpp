// Migrations: a fresh install applies every bundled file, a re-run does nothing, a migration
// changed after it was applied is refused with a message that says so, and the function files
// are applied again only when they changed. The baseline is compared, catalog against catalog,
// with the schema that the old chain of migrations (tests/data/legacy-migrations) produces, and
// a database made by that chain is taken over or, when it stops half-way, refused.

#include "db/migrator.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QtTest>

#include <algorithm>

using namespace sp::db;

namespace {

// The schema as the catalog describes it, one line per table, column, constraint, index,
// sequence, view, trigger, statistics object, function (signature, volatility, security,
// settings, ACL), function body (comments and spacing left out), role, default ACL, and the
// rows of the settings tables. The migrator's own bookkeeping tables are left out.
const char* const CatalogQuery = R"sql(
WITH rel AS (
    SELECT c.oid, c.relname, c.relkind FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relname NOT IN ('schema_migrations', 'schema_migrations_pkey', 'schema_repeatables', 'schema_repeatables_pkey')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
), fn AS (
    SELECT p.* FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
)
SELECT line FROM (
SELECT 'relation ' || rel.relname || ' ' || rel.relkind::text || ' ' || coalesce(c.reloptions::text, '') || ' ' || c.relpersistence::text
    || ' acl ' || coalesce((SELECT string_agg(a.grantee::regrole || ':' || a.privilege_type, ',' ORDER BY a.grantee::regrole::text, a.privilege_type) FROM aclexplode(c.relacl) a), '-')
    AS line FROM rel JOIN pg_class c USING (oid)
UNION ALL
SELECT 'column ' || rel.relname || '.' || a.attname || ' #' || row_number() OVER (PARTITION BY rel.oid ORDER BY a.attnum)
    || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
    || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' gen=' || a.attgenerated::text || ' id=' || a.attidentity::text
    || ' stat=' || a.attstattarget || ' coll=' || a.attcollation
    || ' acl ' || coalesce((SELECT string_agg(x.grantee::regrole || ':' || x.privilege_type, ',' ORDER BY x.grantee::regrole::text, x.privilege_type) FROM aclexplode(a.attacl) x), '-')
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE rel.relkind IN ('r', 'v')
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid IN (SELECT oid FROM rel)
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM rel)
UNION ALL
SELECT 'sequence ' || s.seqrelid::regclass || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmax || ' ' || s.seqmin || ' ' || s.seqcache || ' ' || s.seqcycle
FROM pg_sequence s WHERE s.seqrelid IN (SELECT oid FROM rel)
UNION ALL
SELECT 'view ' || relname || ' ' || pg_get_viewdef(oid) FROM rel WHERE relkind = 'v'
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rel) AND NOT t.tgisinternal
UNION ALL
SELECT 'statistics ' || pg_get_statisticsobjdef(s.oid) FROM pg_statistic_ext s WHERE s.stxnamespace = 'public'::regnamespace
UNION ALL
SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns ' || pg_get_function_result(p.oid)
    || ' lang=' || l.lanname || ' vol=' || p.provolatile::text || ' secdef=' || p.prosecdef || ' strict=' || p.proisstrict
    || ' parallel=' || p.proparallel::text || ' leak=' || p.proleakproof || ' config=' || coalesce(p.proconfig::text, '-')
    || ' acl ' || coalesce((SELECT string_agg(CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE x.grantee::regrole::text END || ':' || x.privilege_type, ',' ORDER BY x.grantee::regrole::text, x.privilege_type) FROM aclexplode(p.proacl) x), '-')
FROM fn p JOIN pg_language l ON l.oid = p.prolang
UNION ALL
SELECT 'body ' || p.proname || ' ' || md5(btrim(regexp_replace(regexp_replace(p.prosrc, '--[^\n]*', '', 'g'), '\s+', ' ', 'g')))
FROM fn p
UNION ALL
SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
UNION ALL
SELECT 'default acl ' || d.defaclrole::regrole || ' ' || d.defaclobjtype::text || ' ' || coalesce(d.defaclnamespace::regnamespace::text, '-') || ' ' || d.defaclacl::text FROM pg_default_acl d
UNION ALL
SELECT 'schema public acl ' || nspacl::text FROM pg_namespace WHERE nspname = 'public'
UNION ALL
SELECT 'role ' || r.rolname || ' login=' || r.rolcanlogin || ' super=' || r.rolsuper || ' inherit=' || r.rolinherit
    || ' member of ' || coalesce((SELECT string_agg(m.roleid::regrole::text, ',' ORDER BY m.roleid::regrole::text) FROM pg_auth_members m WHERE m.member = r.oid), '-')
FROM pg_roles r WHERE r.rolname LIKE 'stockpilot%'
UNION ALL
SELECT 'data agent_settings ' || to_jsonb(s)::text FROM agent_settings s
UNION ALL
SELECT 'data job_schedule ' || name || ' ' || interval_seconds || ' ' || enabled FROM job_schedule
UNION ALL
SELECT 'data approval_policies ' || kind || ' ' || role || ' ' || coalesce(max_value::text, '-') FROM approval_policies
) x ORDER BY 1
)sql";

QStringList catalog(Connection& c)
{
    const Result r = c.exec(CatalogQuery);
    QStringList lines;
    for (int i = 0; i < r.rows(); ++i)
        lines.append(r.text(i, 0));
    return lines;
}

// What only one side has, for a readable failure.
QString difference(const QStringList& expected, const QStringList& actual)
{
    QStringList out;
    for (const QString& l : expected)
        if (!actual.contains(l))
            out.append(QStringLiteral("- ") + l.left(300));
    for (const QString& l : actual)
        if (!expected.contains(l))
            out.append(QStringLiteral("+ ") + l.left(300));
    return out.mid(0, 40).join(QLatin1Char('\n'));
}

// The old chain of migrations, read from the source tree.
QList<Migration> legacyChain()
{
    QList<Migration> chain;
    const QDir dir(QString::fromUtf8(SP_LEGACY_MIGRATIONS_DIR));
    for (const QString& name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file.fileName()));
        Migration m;
        m.version = name.left(3).toInt();
        m.name = name;
        m.sql = file.readAll();
        m.checksum = QCryptographicHash::hash(m.sql, QCryptographicHash::Sha256).toHex();
        chain.append(m);
    }
    return chain;
}

// An empty schema, as a new database has it.
void emptySchema(Connection& c)
{
    c.execScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
}

// The database as the old migrator left it: the old files applied and recorded, no function
// files.
void applyLegacyChain(Connection& c, qsizetype count = -1)
{
    emptySchema(c);
    const QList<Migration> chain = legacyChain().mid(0, count);
    Migrator(chain, {}).migrate(c);
    c.execScript("DROP TABLE schema_repeatables");
}

QString records(Connection& c, const char* table)
{
    const QByteArray sql =
        QByteArray("SELECT coalesce(string_agg(t::text, ',' ORDER BY t::text), '') FROM ") + table +
        " t";
    return c.exec(sql, QList<Param>{}).text(0, 0);
}

// The rules publish their suggestions through one function now: their bodies differ from the
// old chain's on purpose, and the functions they call are new. They and request_file also write
// each reason's template (006_reason_templates.sql), built by the sp_reason functions. A hold is
// answered by one function, the group's (a group of one for a hold on its own): its body
// differs, the refusal it words is new, and the lone-hold function is gone. The staff hold
// functions raise their own SQLSTATE for a hold that has ended, no longer the one of a decided
// suggestion. Checkout keeps a line it refuses as unmet demand; orders ship and cancel, and
// sales are recorded, by partners with the new "sales" scope (functions/25_demand.sql,
// functions/45_orders.sql). Purchase orders have lines, received in parts and closed by hand;
// a products import names suppliers' rows (functions/62_purchasing.sql, 20_import.sql).
// The stock check proposes purchases per supplier and destination (functions/60_suggestions.sql,
// 70_llm.sql). Suppliers, locations and reorder policies are set and imported
// (functions/22_master_data.sql);
// the demand statistics leave a policy's reorder point alone. Transfers are received as counted
// (the full receipt is a counted one now), units are damaged, written off, quarantined and
// released, and a count below those units says how to free them (functions/10_stock.sql). A
// purchase order is e-mailed to a supplier with an address through an outbox with its own
// claim, results, list, requeue and company name, and a dead e-mail is a notification kind of
// its own, which the preferences and my_notifications know (57_mail.sql, 55_notifications.sql).
// Products carry a GTIN, checked by the functions that come with the column in
// 012_barcodes.sql (both schemas get them from there), and a products import reads, checks and
// moves GTINs (data_import_begin, data_import_products in 20_import.sql).
const QStringList RewrittenBodies = {QStringLiteral("api_cart_checkout"),
                                     QStringLiteral("api_key_create"),
                                     QStringLiteral("agent_stock_check"),
                                     QStringLiteral("agent_redistribution"),
                                     QStringLiteral("agent_price_analysis"),
                                     QStringLiteral("agent_ledger_audit"),
                                     QStringLiteral("request_file"),
                                     QStringLiteral("api_hold_create_group"),
                                     QStringLiteral("staff_hold_extend"),
                                     QStringLiteral("staff_hold_release"),
                                     QStringLiteral("sp_suggestion_execute"),
                                     QStringLiteral("data_import_products"),
                                     QStringLiteral("data_import_begin"),
                                     QStringLiteral("agent_demand_statistics"),
                                     QStringLiteral("stock_transfer_receive"),
                                     QStringLiteral("stock_adjust"),
                                     QStringLiteral("sp_suggestion_value"),
                                     QStringLiteral("sp_suggestion_decide"),
                                     QStringLiteral("sp_explanation_template"),
                                     QStringLiteral("sp_suggestions_check_references"),
                                     QStringLiteral("notification_prefs_set"),
                                     QStringLiteral("notification_prefs_get"),
                                     QStringLiteral("data_import_stock_counts")};
// Views rewritten on purpose: the inbox shows purchases, which have a supplier and no product;
// my_notifications knows dead e-mails.
const QStringList RewrittenViews = {QStringLiteral("suggestion_inbox"),
                                    QStringLiteral("my_notifications")};
const QStringList NewFunctions = {QStringLiteral("sp_proposals_begin"),
                                  QStringLiteral("sp_suggestions_publish"),
                                  QStringLiteral("sp_pending_agent"),
                                  QStringLiteral("sp_hold_refusal"),
                                  QStringLiteral("sp_reason"),
                                  QStringLiteral("sp_reason_cover_days"),
                                  QStringLiteral("sp_demand_days_kept"),
                                  QStringLiteral("sp_demand_merge"),
                                  QStringLiteral("sp_demand_fold"),
                                  QStringLiteral("sp_demand_begin"),
                                  QStringLiteral("sp_demand_add"),
                                  QStringLiteral("sp_unmet_demand"),
                                  QStringLiteral("sp_parse_day"),
                                  QStringLiteral("sales_begin"),
                                  QStringLiteral("sp_sales_problems"),
                                  QStringLiteral("sales_record"),
                                  QStringLiteral("api_sales_post"),
                                  QStringLiteral("sp_order_lock"),
                                  QStringLiteral("sp_order_json"),
                                  QStringLiteral("order_ship"),
                                  QStringLiteral("sp_order_cancel"),
                                  QStringLiteral("order_cancel"),
                                  QStringLiteral("sp_order_of_caller"),
                                  QStringLiteral("api_order_get"),
                                  QStringLiteral("api_order_cancel"),
                                  QStringLiteral("sp_purchase_order_json"),
                                  QStringLiteral("sp_purchase_order_lock"),
                                  QStringLiteral("sp_purchase_order_check_open"),
                                  QStringLiteral("sp_purchase_order_create"),
                                  QStringLiteral("purchase_order_receive"),
                                  QStringLiteral("purchase_order_close"),
                                  QStringLiteral("sp_master_stage"),
                                  QStringLiteral("sp_master_changed"),
                                  QStringLiteral("sp_master_import"),
                                  QStringLiteral("sp_int_or_null"),
                                  QStringLiteral("sp_numeric_or_null"),
                                  QStringLiteral("sp_master_raise_first"),
                                  QStringLiteral("sp_import_fail"),
                                  QStringLiteral("sp_problems_json"),
                                  QStringLiteral("sp_supplier_problems"),
                                  QStringLiteral("sp_suppliers_apply"),
                                  QStringLiteral("data_import_suppliers"),
                                  QStringLiteral("supplier_set"),
                                  QStringLiteral("sp_location_problems"),
                                  QStringLiteral("sp_locations_apply"),
                                  QStringLiteral("data_import_locations"),
                                  QStringLiteral("location_set"),
                                  QStringLiteral("location_set_active"),
                                  QStringLiteral("sp_policy_problems"),
                                  QStringLiteral("sp_policies_apply"),
                                  QStringLiteral("data_import_policies"),
                                  QStringLiteral("reorder_policy_set"),
                                  QStringLiteral("reorder_policy_clear"),
                                  QStringLiteral("stock_transfer_receive_counted"),
                                  QStringLiteral("sp_stock_condition"),
                                  QStringLiteral("stock_damage"),
                                  QStringLiteral("stock_write_off"),
                                  QStringLiteral("stock_quarantine"),
                                  QStringLiteral("stock_release"),
                                  QStringLiteral("sp_purchase_lines_changed"),
                                  QStringLiteral("sp_purchase_lines_apply"),
                                  QStringLiteral("sp_purchase_order_mail_text"),
                                  QStringLiteral("sp_mail_purchase_order"),
                                  QStringLiteral("mail_claim"),
                                  QStringLiteral("mail_result"),
                                  QStringLiteral("mail_list"),
                                  QStringLiteral("mail_requeue"),
                                  QStringLiteral("mail_company_set"),
                                  QStringLiteral("sp_gtin_problem"),
                                  QStringLiteral("sp_gtin_valid")};
// The new functions staff or the endpoint call; the others only their owner runs.
const QStringList NewEntryPoints = {QStringLiteral("sales_begin"),
                                    QStringLiteral("sales_record"),
                                    QStringLiteral("api_sales_post"),
                                    QStringLiteral("order_ship"),
                                    QStringLiteral("order_cancel"),
                                    QStringLiteral("api_order_get"),
                                    QStringLiteral("api_order_cancel"),
                                    QStringLiteral("purchase_order_receive"),
                                    QStringLiteral("purchase_order_close"),
                                    QStringLiteral("stock_transfer_receive_counted"),
                                    QStringLiteral("stock_damage"),
                                    QStringLiteral("stock_write_off"),
                                    QStringLiteral("stock_quarantine"),
                                    QStringLiteral("stock_release"),
                                    QStringLiteral("mail_claim"),
                                    QStringLiteral("mail_result"),
                                    QStringLiteral("mail_list"),
                                    QStringLiteral("mail_requeue"),
                                    QStringLiteral("mail_company_set")};
const QStringList DroppedFunctions = {QStringLiteral("api_hold_create"),
                                      QStringLiteral("sp_import_reject")};

// The migrations that came after the baseline, which a database of the old chain gets too.
QList<Migration> afterBaseline()
{
    QList<Migration> list = Migrator::bundled();
    list.removeIf([](const Migration& m) { return m.version <= 5; });
    return list;
}

QStringList withoutDeliberateChanges(QStringList lines)
{
    lines.removeIf([](const QString& l) {
        for (const QString& f : RewrittenBodies)
            if (l.startsWith(QStringLiteral("body ") + f + QLatin1Char(' ')))
                return true;
        for (const QString& f : NewFunctions + DroppedFunctions)
            if (l.startsWith(QStringLiteral("body ") + f + QLatin1Char(' ')) ||
                l.startsWith(QStringLiteral("function ") + f + QLatin1Char('(')))
                return true;
        for (const QString& v : RewrittenViews)
            if (l.startsWith(QStringLiteral("view ") + v + QLatin1Char(' ')) ||
                l.startsWith(QStringLiteral("column ") + v + QLatin1Char('.')))
                return true;
        return false;
    });
    return lines;
}

} // namespace

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
        QCOMPARE(bundled.first().name, QStringLiteral("001_roles.sql"));
        const QList<Migration> functions = Migrator::bundledFunctions();
        QVERIFY(!functions.isEmpty());

        const QStringList applied = Migrator().migrate(c);
        QCOMPARE(applied.size(), bundled.size() + functions.size());
        const Result r = c.exec("SELECT count(*), min(version) FROM schema_migrations");
        QCOMPARE(r.toInt(0, 0), int(bundled.size()));
        QCOMPARE(r.toInt(0, 1), 1);
        QVERIFY(c.exec("SELECT to_regclass('public.stock_movements') IS NOT NULL").toBool(0, 0));
        QCOMPARE(c.exec("SELECT count(*) FROM schema_repeatables").toInt(0, 0),
                 int(functions.size()));
        QVERIFY(c.exec("SELECT to_regprocedure('public.stock_receive(text, text, integer, text)') "
                       "IS NOT NULL")
                    .toBool(0, 0));
    }

    void rerunIsNoOp()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        const QString before = records(c, "schema_migrations");
        const QString functionsBefore = records(c, "schema_repeatables");
        QVERIFY(Migrator().migrate(c).isEmpty());
        QVERIFY(Migrator().pending(c).isEmpty());
        QCOMPARE(records(c, "schema_migrations"), before);
        QCOMPARE(records(c, "schema_repeatables"), functionsBefore);
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
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::MigrationRefused));
            QVERIFY2(e.message().contains(QLatin1String("001_roles.sql")), qPrintable(e.message()));
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
        try {
            Migrator().migrate(c);
            QFAIL("a newer schema was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::MigrationRefused));
        }
    }

    // The baseline and the function files make, catalog for catalog, what the old chain made;
    // only the bodies rewritten on purpose differ.
    void baselineEqualsTheOldChain()
    {
        sp::test::TestDatabase legacyDb;
        Connection legacy(legacyDb.owner());
        applyLegacyChain(legacy);
        for (const Migration& m : afterBaseline())
            legacy.execScript(m.sql);
        sp::test::TestDatabase foldedDb;
        Connection folded(foldedDb.owner());
        emptySchema(folded);
        Migrator().migrate(folded);

        const QStringList expected = withoutDeliberateChanges(catalog(legacy));
        const QStringList actual = withoutDeliberateChanges(catalog(folded));
        QVERIFY(expected.size() > 900);
        QVERIFY2(actual == expected, qPrintable(difference(expected, actual)));
        // What was left out is there: the rewritten rules and the functions they call, which
        // nobody but their owner may execute.
        const QStringList all = catalog(folded);
        for (const QString& f : RewrittenBodies + NewFunctions)
            QVERIFY2(std::any_of(all.cbegin(), all.cend(),
                                 [&](const QString& l) {
                                     return l.startsWith(QStringLiteral("body ") + f +
                                                         QLatin1Char(' '));
                                 }),
                     qPrintable(f));
        // A function dropped on purpose was the old chain's, and is gone.
        const QStringList old = catalog(legacy);
        auto hasFunction = [](const QStringList& lines, const QString& f) {
            return std::any_of(lines.cbegin(), lines.cend(), [&](const QString& l) {
                return l.startsWith(QStringLiteral("function ") + f + QLatin1Char('('));
            });
        };
        for (const QString& f : DroppedFunctions) {
            QVERIFY2(hasFunction(old, f), qPrintable(f));
            QVERIFY2(!hasFunction(all, f), qPrintable(f));
        }
        for (const QString& f : NewFunctions) {
            if (NewEntryPoints.contains(f))
                continue;
            QVERIFY2(
                folded.exec("SELECT has_function_privilege('stockpilot_clerk', oid, 'EXECUTE') "
                            "FROM pg_proc WHERE proname = $1",
                            {f})
                        .toBool(0, 0) == false,
                qPrintable(f));
        }
        // The comparison would see a change: a column default is part of it.
        folded.execScript("ALTER TABLE products ALTER COLUMN supplier SET DEFAULT 'x'");
        QVERIFY(withoutDeliberateChanges(catalog(folded)) != expected);
    }

    // Running the function files again changes no definition, and an unchanged file is neither
    // applied nor recorded again.
    void functionFilesAreRepeatable()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        const QStringList before = catalog(c);
        const QString recorded = records(c, "schema_repeatables");
        // The events table's default is set only when missing: applying the files again takes
        // no lock on a table that every change writes.
        const char* eventsDefault =
            "SELECT d.oid FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid "
            "AND a.attnum = d.adnum WHERE d.adrelid = 'events'::regclass AND a.attname = 'id'";
        const QString defaultBefore = c.exec(eventsDefault).text(0, 0);
        for (const Migration& f : Migrator::bundledFunctions())
            c.execScript(f.sql);
        QVERIFY2(catalog(c) == before, qPrintable(difference(before, catalog(c))));
        QCOMPARE(c.exec(eventsDefault).text(0, 0), defaultBefore);
        QVERIFY(Migrator().pending(c).isEmpty());
        QVERIFY(Migrator().migrate(c).isEmpty());
        QCOMPARE(records(c, "schema_repeatables"), recorded);
    }

    // A changed function file is applied (alone) and recorded with its new checksum.
    void changedFunctionFileIsApplied()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        QList<Migration> functions = Migrator::bundledFunctions();
        Migration& stock = functions[1];
        QCOMPARE(stock.name, QStringLiteral("functions/10_stock.sql"));
        stock.sql += "\nCREATE OR REPLACE FUNCTION sp_test_marker() RETURNS integer "
                     "LANGUAGE sql AS $$ SELECT 42 $$;\n";
        stock.checksum = QCryptographicHash::hash(stock.sql, QCryptographicHash::Sha256).toHex();
        QCOMPARE(Migrator(Migrator::bundled(), functions).pending(c), QStringList{stock.name});
        QCOMPARE(Migrator(Migrator::bundled(), functions).migrate(c), QStringList{stock.name});
        QCOMPARE(c.exec("SELECT sp_test_marker()").toInt(0, 0), 42);
        QCOMPARE(c.exec("SELECT checksum FROM schema_repeatables WHERE name = $1", {stock.name})
                     .bytes(0, 0),
                 stock.checksum);
        QVERIFY(Migrator(Migrator::bundled(), functions).migrate(c).isEmpty());
    }

    // A function file that fails is rolled back whole: the definitions it would have replaced
    // stay, and it is not recorded, so the next start tries it again.
    void failingFunctionFileKeepsThePreviousDefinitions()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        const QStringList before = catalog(c);
        const QString recorded = records(c, "schema_repeatables");
        QList<Migration> functions = Migrator::bundledFunctions();
        Migration& stock = functions[1];
        stock.sql += "\nCREATE OR REPLACE FUNCTION staff_role() RETURNS text LANGUAGE sql "
                     "AS $$ SELECT 'changed' $$;\nSELECT sp_no_such_function();\n";
        stock.checksum = QCryptographicHash::hash(stock.sql, QCryptographicHash::Sha256).toHex();
        try {
            Migrator(Migrator::bundled(), functions).migrate(c);
            QFAIL("a failing function file was accepted");
        } catch (const DbError& e) {
            QVERIFY2(e.message().contains(QLatin1String("functions/10_stock.sql")),
                     qPrintable(e.message()));
        }
        QVERIFY(!c.exec("SELECT prosrc FROM pg_proc WHERE proname = 'staff_role'")
                     .text(0, 0)
                     .contains(QLatin1String("changed")));
        QVERIFY2(catalog(c) == before, qPrintable(difference(before, catalog(c))));
        QCOMPARE(records(c, "schema_repeatables"), recorded);
        QCOMPARE(Migrator(Migrator::bundled(), functions).pending(c), QStringList{stock.name});
    }

    // A database made by the whole old chain has the baseline's catalog: its records are
    // rewritten to the baseline's and the function files replace the old definitions.
    void oldChainIsTakenOver()
    {
        sp::test::TestDatabase freshDb;
        Connection fresh(freshDb.owner());
        emptySchema(fresh);
        Migrator().migrate(fresh);

        sp::test::TestDatabase db;
        Connection c(db.owner());
        applyLegacyChain(c);
        QCOMPARE(c.exec("SELECT count(*), max(name) FROM schema_migrations").text(0, 1),
                 QStringLiteral("021_autovacuum_pace.sql"));
        const QList<Migration> functions = Migrator::bundledFunctions();
        QCOMPARE(Migrator().pending(c).size(), afterBaseline().size() + functions.size());
        QCOMPARE(Migrator().migrate(c).size(), afterBaseline().size() + functions.size());

        QCOMPARE(records(c, "(SELECT version, name, checksum FROM schema_migrations)"),
                 records(fresh, "(SELECT version, name, checksum FROM schema_migrations)"));
        QCOMPARE(records(c, "(SELECT name, checksum FROM schema_repeatables)"),
                 records(fresh, "(SELECT name, checksum FROM schema_repeatables)"));
        const QStringList expected = catalog(fresh);
        QVERIFY2(catalog(c) == expected, qPrintable(difference(expected, catalog(c))));
        QVERIFY(Migrator().migrate(c).isEmpty());
        QVERIFY(Migrator().pending(c).isEmpty());
    }

    // Part of the old chain, or a changed old migration, cannot be taken over: refused with a
    // message that says what to do, and nothing changes.
    void partialOldChainIsRefused()
    {
        sp::test::TestDatabase db;
        Connection c(db.owner());
        applyLegacyChain(c, 9); // up to 010_suggestion_references.sql
        const QStringList before = catalog(c);
        const QString recorded = records(c, "schema_migrations");
        for (int run = 0; run < 2; ++run) {
            try {
                if (run == 0)
                    Migrator().migrate(c);
                else
                    Migrator().pending(c);
                QFAIL("part of the old chain was accepted");
            } catch (const DbError& e) {
                QCOMPARE(e.sqlState(), QLatin1String(sqlstate::MigrationRefused));
                QVERIFY2(e.message().contains(QLatin1String("010_suggestion_references.sql")),
                         qPrintable(e.message()));
                QVERIFY2(e.message().contains(QLatin1String("021_autovacuum_pace.sql")),
                         qPrintable(e.message()));
                QVERIFY2(e.message().contains(QLatin1String("create a new database")),
                         qPrintable(e.message()));
            }
        }
        QVERIFY2(catalog(c) == before, qPrintable(difference(before, catalog(c))));
        QCOMPARE(records(c, "schema_migrations"), recorded);
        QVERIFY(
            !c.exec("SELECT to_regclass('public.schema_repeatables') IS NOT NULL").toBool(0, 0));

        sp::test::TestDatabase changedDb;
        Connection changed(changedDb.owner());
        applyLegacyChain(changed);
        changed.exec("UPDATE schema_migrations SET checksum = 'x' WHERE version = 16");
        try {
            Migrator().migrate(changed);
            QFAIL("a changed old migration was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::MigrationRefused));
            QVERIFY2(e.message().contains(QLatin1String("016_sweeper_index.sql")),
                     qPrintable(e.message()));
        }
        QCOMPARE(
            changed.exec("SELECT count(*) FROM schema_migrations WHERE name LIKE '0%'").toInt(0, 0),
            20);
    }

    // ANALYZE (autovacuum's, under a stream of holds) leaves out the documents and
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

    // Autovacuum paces itself on the tables every hold writes.
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
