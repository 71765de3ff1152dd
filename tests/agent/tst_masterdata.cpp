// Master data on the real PostgreSQL: suppliers, locations and reorder policies set one at a
// time by managers (a bad field named, clerks refused) and imported from CSV (every bad line
// listed, nothing imported); a location in use cannot be taken out of use; a reorder policy's
// minimum and maximum drive the stock check instead of the demand statistics.

#include "agentfixture.h"
#include "catalog/csvimport.h"
#include "catalog/masterdata.h"
#include "db/sqlstate.h"

#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace sp::db;
using namespace sp::test;
using sp::catalog::CsvImporter;
using sp::catalog::CsvKind;
using sp::catalog::MasterData;

namespace {

DbError expectError(const std::function<void()>& call)
{
    try {
        call();
    } catch (const DbError& e) {
        return e;
    }
    return DbError(QString(), QStringLiteral("no error was raised"));
}

QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// The lines an import error lists, as "line: message" each.
QStringList problemLines(const DbError& e)
{
    QStringList lines;
    for (const sp::catalog::ImportProblem& p : sp::catalog::importProblems(e))
        lines.append(QString::number(p.line) + QStringLiteral(": ") + p.message);
    return lines;
}

QString table(Connection& c, const char* sql)
{
    return c.exec(sql).text(0, 0);
}

} // namespace

class TestMasterData : public QObject
{
    Q_OBJECT

private slots:
    void suppliersOneAtATimeAndFromAFile()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection manager(db.manager());
        MasterData::setSupplier(
            manager, {QStringLiteral("Solea"), 21, QStringLiteral("orders@solea.example"), 300.0});
        QList<sp::catalog::Supplier> all = MasterData::suppliers(manager);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all[2].name, QStringLiteral("Solea"));
        QCOMPARE(all[2].leadTimeDays, 21);
        QCOMPARE(all[2].minimumOrder, 300.0);
        QCOMPARE(all[1].products, 3); // Nordtex's shirts

        const QString before = table(owner, "SELECT string_agg(s::text, ';' ORDER BY id)"
                                            " FROM suppliers s");
        Connection clerk(db.clerk());
        QCOMPARE(expectError([&] {
                     MasterData::setSupplier(clerk, {QStringLiteral("Solea"), 5, {}, 0});
                 }).sqlState(),
                 QStringLiteral("42501"));
        DbError e = expectError([&] {
            MasterData::setSupplier(
                manager, {QStringLiteral("Solea"), 21, QStringLiteral("orders at solea"), 0});
        });
        QCOMPARE(e.sqlState(), QLatin1String(sqlstate::InvalidArgument));
        QCOMPARE(e.field(), QStringLiteral("email"));
        QVERIFY2(e.message().contains(QLatin1String("orders at solea")), qPrintable(e.message()));
        e = expectError([&] {
            MasterData::setSupplier(manager, {QStringLiteral("Solea"), 400, {}, 0});
        });
        QCOMPARE(e.field(), QStringLiteral("lead_time_days"));
        e = expectError([&] { MasterData::setSupplier(manager, {QStringLiteral(" "), 4, {}, 0}); });
        QCOMPARE(e.field(), QStringLiteral("name"));
        QCOMPARE(table(owner, "SELECT string_agg(s::text, ';' ORDER BY id) FROM suppliers s"),
                 before);

        // A file with bad lines lists each with its number and imports nothing.
        QTemporaryDir dir;
        const QString bad = writeFile(dir, "suppliers.csv",
                                      "name,lead_time_days,email,minimum_order\n"
                                      "Nordtex,12,orders@nordtex.example,100\n"
                                      ",5,,\n"
                                      "Capworks,ten,,\n"
                                      "Baltic Weavers,21,nobody,\n"
                                      "Porto Knit,18,,-5\n"
                                      "Nordtex,9,,\n");
        e = expectError([&] { CsvImporter::importFile(owner, CsvKind::Suppliers, bad); });
        QVERIFY(sp::catalog::isImportError(e));
        const QStringList problems = problemLines(e);
        QCOMPARE(problems.size(), 5);
        QVERIFY2(problems[0].startsWith(QLatin1String("3: The supplier needs a name")),
                 qPrintable(problems.join('\n')));
        QVERIFY(problems[1].startsWith(QLatin1String("4: The lead time")));
        QVERIFY(problems[1].contains(QLatin1String("\"ten\"")));
        QVERIFY(problems[2].startsWith(QLatin1String("5: \"nobody\" is not an e-mail")));
        QVERIFY(problems[3].startsWith(QLatin1String("6: The minimum order")));
        QVERIFY(problems[4].startsWith(QLatin1String("7: The supplier \"Nordtex\" appears twice")));
        QCOMPARE(table(owner, "SELECT string_agg(s::text, ';' ORDER BY id) FROM suppliers s"),
                 before);

        const QString good = writeFile(dir, "good.csv",
                                       "name,lead_time_days,email,minimum_order\n"
                                       "Nordtex,12,,150.50\n"
                                       "Baltic Weavers,21,orders@baltic.example,\n");
        const sp::catalog::ImportSummary summary =
            CsvImporter::importFile(owner, CsvKind::Suppliers, good);
        QCOMPARE(summary.rows, 2);
        QCOMPARE(summary.changed, 2);
        QCOMPARE(table(owner, "SELECT concat_ws(',', lead_time_days, email, minimum_order)"
                              " FROM suppliers WHERE name = 'Nordtex'"),
                 QStringLiteral("12,150.50"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suppliers"), 4);
    }

    void locationsAndTakingThemOutOfUse()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection manager(db.manager());
        MasterData::setLocation(manager, {QStringLiteral("ST3"), QStringLiteral("Store Pankow"),
                                          QStringLiteral("store"), 52.57, 13.41, true});
        // A new location has an empty level for every product.
        QCOMPARE(scalar(owner, "SELECT count(*) FROM stock_levels s JOIN locations l"
                               " ON l.id = s.location_id WHERE l.code = 'ST3'"),
                 5);
        const DbError kind = expectError([&] {
            MasterData::setLocation(manager, {QStringLiteral("ST4"), QStringLiteral("Kiosk"),
                                              QStringLiteral("kiosk"), 52.5, 13.4, true});
        });
        QCOMPARE(kind.field(), QStringLiteral("kind"));
        QVERIFY2(kind.message().contains(QLatin1String("\"kiosk\"")), qPrintable(kind.message()));
        const DbError latitude = expectError([&] {
            MasterData::setLocation(manager, {QStringLiteral("ST4"), QStringLiteral("Kiosk"),
                                              QStringLiteral("store"), 95, 13.4, true});
        });
        QCOMPARE(latitude.field(), QStringLiteral("latitude"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM locations WHERE code = 'ST4'"), 0);

        // ST1 holds stock: it stays in use, and the error says what is left there.
        const DbError inUse = expectError(
            [&] { MasterData::setLocationActive(manager, QStringLiteral("ST1"), false); });
        QCOMPARE(inUse.sqlState(), QLatin1String(sqlstate::InvalidArgument));
        QVERIFY2(inUse.message().contains(QLatin1String("50 units on hand")),
                 qPrintable(inUse.message()));
        QVERIFY(scalar(owner, "SELECT active::int FROM locations WHERE code = 'ST1'") == 1);
        // The empty one can go; the stock check then passes it by.
        MasterData::setLocationActive(manager, QStringLiteral("ST3"), false);
        QCOMPARE(scalar(owner, "SELECT active::int FROM locations WHERE code = 'ST3'"), 0);
        owner.exec("UPDATE stock_levels SET reorder_point = 10 WHERE location_id ="
                   " (SELECT id FROM locations WHERE code = 'ST3')");
        callJson(owner, "SELECT agent_stock_check()");
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions s JOIN locations l"
                               " ON l.id = s.location_id WHERE l.code = 'ST3'"),
                 0);

        QTemporaryDir dir;
        const QString bad = writeFile(dir, "locations.csv",
                                      "code,name,kind,latitude,longitude\n"
                                      "ST5,Store Wedding,store,52.55,13.36\n"
                                      "bad code,Store,store,52,13\n"
                                      "ST6,,store,52,13\n"
                                      "ST7,Store,depot,52,13\n"
                                      "ST8,Store,store,north,13\n"
                                      "ST5,Again,store,52,13\n");
        const DbError e =
            expectError([&] { CsvImporter::importFile(owner, CsvKind::Locations, bad); });
        const QStringList problems = problemLines(e);
        QCOMPARE(problems.size(), 5);
        QVERIFY2(problems[0].startsWith(QLatin1String("3: The location code")),
                 qPrintable(problems.join('\n')));
        QVERIFY(problems[1].startsWith(QLatin1String("4: The name")));
        QVERIFY(problems[2].startsWith(QLatin1String("5: The kind")));
        QVERIFY(problems[3].startsWith(QLatin1String("6: The latitude")));
        QVERIFY(problems[4].startsWith(QLatin1String("7: The location \"ST5\" appears twice")));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM locations"), 6);
    }

    void policiesDriveTheStockCheck()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        const int fromDemand = scalar(owner, "SELECT reorder_point FROM stock_levels s"
                                             " JOIN products p ON p.id = s.product_id"
                                             " JOIN locations l ON l.id = s.location_id"
                                             " WHERE p.sku = 'SKU000001' AND l.code = 'ST1'");
        QVERIFY(fromDemand > 12);

        // ST1 has 10: a policy of 12 to 40 orders up to 40, in packs of 6: 30.
        Connection manager(db.manager());
        MasterData::setPolicy(manager, QStringLiteral("SKU000001"), QStringLiteral("ST1"), 12, 40);
        const char* point = "SELECT reorder_point FROM stock_levels s"
                            " JOIN products p ON p.id = s.product_id"
                            " JOIN locations l ON l.id = s.location_id"
                            " WHERE p.sku = 'SKU000001' AND l.code = 'ST1'";
        QCOMPARE(scalar(owner, point), 12);
        owner.exec("UPDATE demand_history SET daily_units = array_fill(7, ARRAY[365])");
        callJson(owner, "SELECT agent_demand_statistics()");
        QCOMPARE(scalar(owner, point), 12); // the statistics leave a policy's level alone
        callJson(owner, "SELECT agent_stock_check()");
        const Result s = owner.exec("SELECT quantity, proposal -> 'lines' -> 0 ->> 'reason',"
                                    " numbers -> 'line_numbers' -> 0 ->> 'policy_max'"
                                    " FROM suggestions WHERE kind = 'purchase'");
        QCOMPARE(s.rows(), 1);
        QCOMPARE(s.toInt(0, 0), 30);
        QVERIFY2(s.text(0, 1).contains(QLatin1String("below the minimum of 12 set for it")),
                 qPrintable(s.text(0, 1)));
        QVERIFY2(s.text(0, 1).contains(QLatin1String("maximum of 40")), qPrintable(s.text(0, 1)));
        QCOMPARE(s.text(0, 2), QStringLiteral("40"));

        const QList<sp::catalog::ReorderPolicy> list =
            MasterData::policies(manager, QStringLiteral("linen shirt blue m"));
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].max, 40);
        QCOMPARE(list[0].updatedBy, db.manager().user);

        const DbError range = expectError([&] {
            MasterData::setPolicy(manager, QStringLiteral("SKU000001"), QStringLiteral("ST1"), 40,
                                  40);
        });
        QCOMPARE(range.field(), QStringLiteral("max"));
        const DbError sku = expectError([&] {
            MasterData::setPolicy(manager, QStringLiteral("NOPE"), QStringLiteral("ST1"), 1, 4);
        });
        QCOMPARE(sku.sqlState(), QLatin1String(sqlstate::UnknownSku));
        Connection clerk(db.clerk());
        QCOMPARE(expectError([&] {
                     MasterData::setPolicy(clerk, QStringLiteral("SKU000001"),
                                           QStringLiteral("ST1"), 1, 4);
                 }).sqlState(),
                 QStringLiteral("42501"));

        // Cleared: the reorder point is the statistics' again.
        MasterData::clearPolicy(manager, QStringLiteral("SKU000001"), QStringLiteral("ST1"));
        QVERIFY(scalar(owner, point) > 12);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM reorder_policies"), 0);

        QTemporaryDir dir;
        const QString bad = writeFile(dir, "policies.csv",
                                      "sku,location,min,max\n"
                                      "SKU000002,ST1,5,20\n"
                                      "NOPE,ST1,5,20\n"
                                      "SKU000002,XX,5,20\n"
                                      "SKU000003,ST1,-1,20\n"
                                      "SKU000003,ST2,20,20\n"
                                      "SKU000002,ST1,6,30\n");
        const DbError e =
            expectError([&] { CsvImporter::importFile(owner, CsvKind::Policies, bad); });
        const QStringList problems = problemLines(e);
        QCOMPARE(problems.size(), 5);
        QVERIFY2(problems[0].startsWith(QLatin1String("3: Unknown SKU \"NOPE\"")),
                 qPrintable(problems.join('\n')));
        QVERIFY(problems[1].startsWith(QLatin1String("4: Unknown location \"XX\"")));
        QVERIFY(problems[2].startsWith(QLatin1String("5: The minimum")));
        QVERIFY(problems[3].startsWith(QLatin1String("6: The maximum (20) must be above")));
        QVERIFY(problems[4].startsWith(QLatin1String("7: SKU000002 at ST1 appears twice")));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM reorder_policies"), 0);

        const QString good = writeFile(dir, "good.csv",
                                       "sku,location,min,max\n"
                                       "SKU000002,ST1,5,20\n"
                                       "SKU000003,WH1,50,200\n");
        QCOMPARE(CsvImporter::importFile(owner, CsvKind::Policies, good).changed, 2);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM reorder_policies"), 2);
    }
};

QTEST_GUILESS_MAIN(TestMasterData)
#include "tst_masterdata.moc"
