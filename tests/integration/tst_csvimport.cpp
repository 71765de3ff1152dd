// CSV import and export: good files apply with ledger rows and one summary event; a bad row,
// a bad header or a cancel applies nothing and names the line; RFC 4180 quoting, CRLF and a
// byte order mark are read right; export then import gives the same data back. On the pool
// (importCsv), a bad row is the outcome's and a cancel fails the future, applying nothing.
// GTINs: the database checks their digits and keeps each one to one product (compared as 14
// digits); a products file may set, swap and clear them, and names every line it refuses.

#include "catalog/csvimport.h"
#include "catalog/demodata.h"
#include "catalog/gtin.h"
#include "db/database.h"
#include "db/dberror.h"
#include "testdatabase.h"

#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace sp::db;
using sp::catalog::CsvExporter;
using sp::catalog::CsvImporter;
using sp::catalog::CsvKind;
using sp::catalog::importErrorLine;
using sp::catalog::ImportSummary;

Q_DECLARE_METATYPE(CsvKind)

namespace {

const QByteArray ProductsHeader =
    "sku,name,category,attributes,price,cost,supplier,pack_size,lead_time_days\n";

QByteArray productsFile(const char* rows)
{
    QByteArray csv = ProductsHeader;
    csv.append(rows);
    return csv;
}

// A products file with a gtin column: rows of sku,gtin (the other columns are filled in).
QByteArray gtinFile(const QList<QPair<const char*, const char*>>& rows)
{
    QByteArray csv = "sku,name,category,price,cost,gtin\n";
    for (const auto& [sku, gtin] : rows)
        csv += QByteArray(sku) + ",Item " + sku + ",Shirts,1.00,1.00," + gtin + '\n';
    return csv;
}

QString gtinOf(Connection& c, const char* sku)
{
    return c
        .exec("SELECT coalesce(gtin, '-') FROM products WHERE sku = $1", {QString::fromLatin1(sku)})
        .text(0, 0);
}

// Everything an import may touch.
QString snapshot(Connection& c)
{
    return c
        .exec(
            "SELECT md5(coalesce((SELECT string_agg(concat_ws('|', sku, name, category,"
            "  attributes, price, cost, supplier, pack_size, lead_time_days, gtin, updated_at), ';'"
            "  ORDER BY sku) FROM products), ''))"
            " || md5(coalesce((SELECT string_agg(concat_ws('|', product_id, location_id, on_hand,"
            "  reserved, committed, incoming, quarantine, damaged, updated_at), ';' ORDER BY"
            "  product_id, location_id) FROM stock_levels), ''))"
            " || ' ' || (SELECT count(*) FROM stock_movements)"
            " || ' ' || (SELECT count(*) FROM events)")
        .text(0, 0);
}

// Many products, so that a stock file is large enough to be cancelled in the middle.
void addBulkProducts(Connection& c, int count)
{
    c.exec("INSERT INTO products (sku, name, category, price, cost)"
           " SELECT 'BULK' || lpad(i::text, 6, '0'), 'Bulk item ' || i, 'Bulk', 1, 1"
           " FROM generate_series(1, $1) i",
           {count});
}

QByteArray bulkStockFile(Connection& c)
{
    QByteArray csv = "sku,location,on_hand\n";
    const Result r = c.exec("SELECT p.sku, l.code FROM products p CROSS JOIN locations l"
                            " WHERE p.sku LIKE 'BULK%' ORDER BY 1, 2");
    for (int i = 0; i < r.rows(); ++i)
        csv += r.bytes(i, 0) + ',' + r.bytes(i, 1) + ",7\n";
    return csv;
}

} // namespace

class TestCsvImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    // Files that are rejected change nothing, so those cases share one database (and check
    // that it stays exactly as it was).
    std::unique_ptr<sp::test::TestDatabase> m_shared;

    sp::test::TestDatabase& sharedDatabase()
    {
        if (!m_shared) {
            m_shared = std::make_unique<sp::test::TestDatabase>();
            Connection owner(m_shared->owner());
            sp::test::loadTinyCatalog(owner);
            // 4 units of SKU000001 at WH1 are held, sold or damaged.
            owner.execScript(
                "UPDATE stock_levels SET reserved = 1, committed = 1, damaged = 2 WHERE "
                "product_id = 1 AND location_id = 1;"
                "INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, "
                "d_committed, d_damaged) VALUES (1, 1, 'test', 1, 1, 2);"
                "UPDATE products SET gtin = '4006381333931' WHERE sku = 'SKU000002'");
        }
        return *m_shared;
    }

    QString write(const QString& name, const QByteArray& content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write a test file");
        return f.fileName();
    }

private slots:
    void cleanupTestCase() { m_shared.reset(); }

    void goodProductsFile()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());
        const qint64 eventsBefore = owner.exec("SELECT count(*) FROM events").toLongLong(0, 0);

        const QString path = write(
            "products.csv",
            productsFile(
                "SKU000001,Linen Shirt Navy M,Shirts,\"{\"\"colour\"\": \"\"navy\"\"}\",44.90,"
                "16.00,Nordtex,6,10\n"
                "SKU000100,Chelsea Boots Brown 42,Boots,\"{\"\"size\"\": \"\"42\"\"}\",149.00,"
                "61.50,Stepwell,6,14\n"));
        const ImportSummary s = CsvImporter::importFile(manager, CsvKind::Products, path);
        QCOMPARE(s.rows, 2);
        QCOMPARE(s.changed, 2);

        Result r = owner.exec("SELECT name, attributes->>'colour', price::text FROM products "
                              "WHERE sku = 'SKU000001'");
        QCOMPARE(r.text(0, 0), QStringLiteral("Linen Shirt Navy M"));
        QCOMPARE(r.text(0, 1), QStringLiteral("navy"));
        QCOMPARE(r.text(0, 2), QStringLiteral("44.90"));
        // The new product has an empty level at every location.
        r = owner.exec("SELECT count(*), sum(on_hand) FROM stock_levels s JOIN products p ON "
                       "p.id = s.product_id WHERE p.sku = 'SKU000100'");
        QCOMPARE(r.toInt(0, 0), 5);
        QCOMPARE(r.toInt(0, 1), 0);
        // One summary event, not one per row.
        r = owner.exec("SELECT type, payload->>'rows', payload->>'inserted', payload->>'updated'"
                       " FROM events WHERE id > (SELECT max(id) FROM events) - 1");
        QCOMPARE(owner.exec("SELECT count(*) FROM events").toLongLong(0, 0), eventsBefore + 1);
        QCOMPARE(r.text(0, 0), QStringLiteral("CatalogImported"));
        QCOMPARE(r.text(0, 1), QStringLiteral("2"));
        QCOMPARE(r.text(0, 2), QStringLiteral("1"));
        QCOMPARE(r.text(0, 3), QStringLiteral("1"));

        // The same file again changes nothing.
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, path).changed, 0);

        // Optional columns left out keep their values.
        const QString partial =
            write("partial.csv", "SKU,Name,Category,Price,Cost\n"
                                 "SKU000100,Chelsea Boots Brown 42,Boots,139.00,61.50\n");
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, partial).changed, 1);
        r = owner.exec("SELECT price::text, supplier, pack_size, attributes->>'size' FROM products"
                       " WHERE sku = 'SKU000100'");
        QCOMPARE(r.text(0, 0), QStringLiteral("139.00"));
        QCOMPARE(r.text(0, 1), QStringLiteral("Stepwell"));
        QCOMPARE(r.toInt(0, 2), 6);
        QCOMPARE(r.text(0, 3), QStringLiteral("42"));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void goodStockFile()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());
        const qint64 lastMovement =
            owner.exec("SELECT max(id) FROM stock_movements").toLongLong(0, 0);
        const qint64 lastEvent = owner.exec("SELECT max(id) FROM events").toLongLong(0, 0);

        // WH1 had 100 of each, ST1 10, the rest nothing.
        const QString path = write("counts.csv", "location,sku,on_hand\n"
                                                 "WH1,SKU000001,90\n"
                                                 "ST1,SKU000002,10\n"
                                                 "ST2,SKU000003,7\n");
        const ImportSummary s = CsvImporter::importFile(manager, CsvKind::StockCounts, path);
        QCOMPARE(s.rows, 3);
        QCOMPARE(s.changed, 2);

        Result r = owner.exec("SELECT p.sku, l.code, m.reason, m.d_on_hand, m.actor FROM "
                              "stock_movements m JOIN products p ON p.id = m.product_id JOIN "
                              "locations l ON l.id = m.location_id WHERE m.id > $1 ORDER BY 1",
                              {lastMovement});
        QCOMPARE(r.rows(), 2);
        QCOMPARE(r.text(0, 0), QStringLiteral("SKU000001"));
        QCOMPARE(r.text(0, 2), QStringLiteral("count"));
        QCOMPARE(r.toInt(0, 3), -10);
        QCOMPARE(r.text(0, 4), QStringLiteral("manager"));
        QCOMPARE(r.text(1, 0), QStringLiteral("SKU000003"));
        QCOMPARE(r.toInt(1, 3), 7);
        r = owner.exec("SELECT type, payload->>'rows', payload->>'changed' FROM events WHERE id > "
                       "$1",
                       {lastEvent});
        QCOMPARE(r.rows(), 1);
        QCOMPARE(r.text(0, 0), QStringLiteral("InventoryImported"));
        QCOMPARE(r.text(0, 1), QStringLiteral("3"));
        QCOMPARE(r.text(0, 2), QStringLiteral("2"));
        QCOMPARE(owner
                     .exec("SELECT on_hand FROM stock_levels s JOIN products p ON p.id = "
                           "s.product_id WHERE p.sku = 'SKU000001' AND s.location_id = "
                           "(SELECT id FROM locations WHERE code = 'WH1')")
                     .toInt(0, 0),
                 90);
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void badRow_data()
    {
        QTest::addColumn<CsvKind>("kind");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("message");

        const auto stock = [](const QByteArray& rows) -> QByteArray {
            return QByteArray("sku,location,on_hand\r\n") + rows;
        };
        QTest::newRow("unknown sku")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU000001,ST1,4\nNOPE,WH1,1\n")
            << qint64(4) << "Unknown SKU \"NOPE\"";
        QTest::newRow("unknown location")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU000002,MARS,1\n") << qint64(3)
            << "Unknown location \"MARS\"";
        QTest::newRow("negative count")
            << CsvKind::StockCounts << stock("SKU000001,WH1,-5\nSKU000002,WH1,1\n") << qint64(2)
            << "zero or more (got -5)";
        QTest::newRow("count not a number")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU000002,WH1,five\n") << qint64(3)
            << "on_hand must be a whole number";
        QTest::newRow("empty count")
            << CsvKind::StockCounts << stock("SKU000001,WH1,\n") << qint64(2) << "on_hand is empty";
        QTest::newRow("duplicate level")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU000002,WH1,1\nSKU000001,WH1,6\n")
            << qint64(4) << "counted twice in the file (first on line 2)";
        QTest::newRow("below allocated")
            << CsvKind::StockCounts << stock("SKU000002,WH1,5\nSKU000001,WH1,3\n") << qint64(3)
            << "below the 4 units already held";
        QTest::newRow("too many fields")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU000002,WH1,1,9\n") << qint64(3)
            << "4 field(s), the header has 3";
        QTest::newRow("unterminated quote")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\n\"SKU000002,WH1,1\n") << qint64(3)
            << "never closed";
        QTest::newRow("text after quote") << CsvKind::StockCounts << stock("\"SKU000001\"x,WH1,5\n")
                                          << qint64(2) << "after a closing quote";
        QTest::newRow("invalid utf-8")
            << CsvKind::StockCounts << stock("SKU000001,WH1,5\nSKU\xff\xfe,WH1,5\n") << qint64(3)
            << "not valid UTF-8";
        // Line numbers count physical lines: the quoted name spans lines 2 and 3.
        QTest::newRow("bad price after multi-line field")
            << CsvKind::Products
            << productsFile("SKU000001,\"Linen Shirt\nBlue M\",Shirts,{},39.90,15.00,A,1,1\n"
                            "SKU000002,Linen Shirt Blue L,Shirts,{},39.999,15.00,A,1,1\n")
            << qint64(4) << "at most two decimals";
        QTest::newRow("bad json") << CsvKind::Products
                                  << productsFile(
                                         "SKU000001,Shirt,Shirts,{},1,1,A,1,1\n"
                                         "SKU000002,Shirt,Shirts,\"{\"\"size\"\": }\",1,1,A,1,1\n")
                                  << qint64(3) << "not valid JSON";
        QTest::newRow("json not an object")
            << CsvKind::Products << productsFile("SKU000001,Shirt,Shirts,[1],1,1,A,1,1\n")
            << qint64(2) << "must be a JSON object";
        QTest::newRow("negative price") << CsvKind::Products
                                        << productsFile("SKU000001,Shirt,Shirts,{},1,1,A,1,1\n"
                                                        "SKU000002,Shirt,Shirts,{},-1,1,A,1,1\n")
                                        << qint64(3) << "price must be zero or more";
        QTest::newRow("duplicate sku")
            << CsvKind::Products
            << productsFile("SKU000009,Shirt,Shirts,{},1,1,A,1,1\n"
                            "SKU000001,Shirt,Shirts,{},1,1,A,1,1\n"
                            "SKU000009,Shirt,Shirts,{},1,1,A,1,1\n")
            << qint64(4) << "appears twice in the file (first on line 2)";
        QTest::newRow("invalid sku")
            << CsvKind::Products << productsFile("bad sku!,Shirt,Shirts,{},1,1,A,1,1\n")
            << qint64(2) << "\"bad sku!\" is not valid";
        QTest::newRow("empty name") << CsvKind::Products
                                    << productsFile("SKU000001,Shirt,Shirts,{},1,1,A,1,1\n"
                                                    "SKU000002,,Shirts,{},1,1,A,1,1\n")
                                    << qint64(3) << "name must have 1 to 200";
        QTest::newRow("pack size zero")
            << CsvKind::Products << productsFile("SKU000001,Shirt,Shirts,{},1,1,A,0,1\n")
            << qint64(2) << "pack size must be 1 or more";
        QTest::newRow("lead time not a number")
            << CsvKind::Products << productsFile("SKU000001,Shirt,Shirts,{},1,1,A,1,2.5\n")
            << qint64(2) << "lead_time_days must be a whole number";
        QTest::newRow("gtin check digit")
            << CsvKind::Products
            << gtinFile({{"SKU000001", "96385074"}, {"SKU000003", "5901234123458"}}) << qint64(3)
            << "The GTIN \"5901234123458\" is not valid: its check digit is 7, not 8";
        QTest::newRow("gtin length")
            << CsvKind::Products << gtinFile({{"SKU000001", "12345678905"}}) << qint64(2)
            << "The GTIN \"12345678905\" is not valid: a GTIN has 8, 12, 13 or 14 digits.";
        QTest::newRow("gtin letters")
            << CsvKind::Products << gtinFile({{"SKU000001", "40063813339x1"}}) << qint64(2)
            << "a GTIN has 8, 12, 13 or 14 digits";
        QTest::newRow("gtin twice in the file")
            << CsvKind::Products
            << gtinFile({{"SKU000001", "96385074"},
                         {"SKU000003", "036000291452"},
                         {"SKU000004", "0036000291452"}})
            << qint64(4)
            << "The GTIN \"0036000291452\" appears twice in the file (first on line 3)";
        // SKU000002 has 4006381333931; as 14 digits it is the same GTIN.
        QTest::newRow("gtin of another product")
            << CsvKind::Products
            << gtinFile({{"SKU000001", "96385074"}, {"SKU000003", "04006381333931"}}) << qint64(3)
            << "The GTIN \"04006381333931\" belongs to SKU000002 already";
        QTest::newRow("gtin of another product that keeps it")
            << CsvKind::Products
            << gtinFile({{"SKU000001", "4006381333931"}, {"SKU000002", "4006381333931"}})
            << qint64(2) << "belongs to SKU000002 already";
    }

    void badRow()
    {
        QFETCH(CsvKind, kind);
        QFETCH(QByteArray, content);
        QFETCH(qint64, line);
        QFETCH(QString, message);

        sp::test::TestDatabase& db = sharedDatabase();
        Connection owner(db.owner());
        Connection manager(db.manager());
        const QString before = snapshot(owner);
        // Valid rows before the bad one would be applied by a row-by-row importer.
        const QString path = write(QStringLiteral("bad.csv"), content);
        try {
            CsvImporter::importFile(manager, kind, path);
            QFAIL("a bad file was imported");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::ImportRowRejected));
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
            QCOMPARE(importErrorLine(e), line);
        }
        QCOMPARE(snapshot(owner), before);
        // The connection is still usable (the import's transaction ended).
        QCOMPARE(manager.exec("SELECT 1").toInt(0, 0), 1);
    }

    // A products file lists every bad line in line order, those the reader finds (a number that
    // is none) beside those the database finds (a bad SKU, a repeat), and imports nothing.
    void everyBadProductListed()
    {
        sp::test::TestDatabase& db = sharedDatabase();
        Connection owner(db.owner());
        Connection manager(db.manager());
        const QString before = snapshot(owner);
        const QString path = write(QStringLiteral("products.csv"),
                                   productsFile("SKU000101,Shirt,Shirts,{},1,1,A,1,1\n"
                                                "SKU000102,Shirt,Shirts,{},abc,1,A,1,1\n"
                                                "bad sku!,Shirt,Shirts,{},1,1,A,1,1\n"
                                                "SKU000103,Shirt,Shirts,{},1,1,A,1,2.5\n"
                                                "SKU000104,Shirt,Shirts,{},1,1,A,0,1\n"
                                                "SKU000101,Shirt,Shirts,{},1,1,A,1,1\n"));
        try {
            CsvImporter::importFile(manager, CsvKind::Products, path);
            QFAIL("a bad file was imported");
        } catch (const DbError& e) {
            QStringList lines;
            for (const sp::catalog::ImportProblem& p : sp::catalog::importProblems(e))
                lines << QString::number(p.line) + QLatin1Char(' ') + p.message;
            QCOMPARE(lines.size(), 5);
            QVERIFY2(lines[0].startsWith(QLatin1String("3 The price must be a number")),
                     qPrintable(lines.join('\n')));
            QVERIFY(lines[1].startsWith(QLatin1String("4 The SKU \"bad sku!\"")));
            QVERIFY(lines[2].startsWith(QLatin1String("5 The lead_time_days must be a whole")));
            QVERIFY(lines[3].startsWith(QLatin1String("6 The pack size must be 1 or more")));
            QVERIFY(lines[4].startsWith(QLatin1String("7 The SKU \"SKU000101\" appears twice")));
            QVERIFY2(e.message().startsWith(QLatin1String("5 lines are wrong; the first, line 3")),
                     qPrintable(e.message()));
        }
        QCOMPARE(snapshot(owner), before);
    }

    // A counts file lists every bad line, each once, and imports nothing.
    void everyBadCountListed()
    {
        sp::test::TestDatabase& db = sharedDatabase();
        Connection owner(db.owner());
        Connection manager(db.manager());
        const QString before = snapshot(owner);
        const QString path = write(QStringLiteral("counts.csv"), "sku,location,on_hand\n"
                                                                 "SKU000001,WH1,5\n"
                                                                 "NOPE,WH1,1\n"
                                                                 "SKU000002,MARS,1\n"
                                                                 "SKU000001,WH1,6\n"
                                                                 "SKU000002,WH1,-2\n");
        try {
            CsvImporter::importFile(manager, CsvKind::StockCounts, path);
            QFAIL("a bad file was imported");
        } catch (const DbError& e) {
            const QList<sp::catalog::ImportProblem> problems = sp::catalog::importProblems(e);
            QStringList lines;
            for (const sp::catalog::ImportProblem& p : problems)
                lines << QString::number(p.line) + QLatin1Char(' ') + p.message;
            QCOMPARE(problems.size(), 4);
            QVERIFY2(lines[0].startsWith(QLatin1String("3 Unknown SKU")), qPrintable(lines[0]));
            QVERIFY2(lines[1].startsWith(QLatin1String("4 Unknown location")),
                     qPrintable(lines[1]));
            QVERIFY2(lines[2].contains(QLatin1String("counted twice")), qPrintable(lines[2]));
            QVERIFY2(lines[3].contains(QLatin1String("got -2")), qPrintable(lines[3]));
            QVERIFY2(e.message().startsWith(QLatin1String("4 lines are wrong")),
                     qPrintable(e.message()));
        }
        QCOMPARE(snapshot(owner), before);
    }

    void badHeader_data()
    {
        QTest::addColumn<CsvKind>("kind");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("named");

        QTest::newRow("missing column")
            << CsvKind::StockCounts << QByteArray("sku,location\nSKU000001,WH1\n")
            << QStringList{"missing", "\"on_hand\""};
        QTest::newRow("unknown column")
            << CsvKind::StockCounts
            << QByteArray("sku,location,on_hand,colour\nSKU000001,WH1,1,x\n")
            << QStringList{"unknown", "\"colour\""};
        QTest::newRow("duplicate column")
            << CsvKind::Products << QByteArray("sku,name,category,price,cost,sku\nA,B,C,1,1,A\n")
            << QStringList{"named twice", "\"sku\""};
        QTest::newRow("several problems")
            << CsvKind::Products << QByteArray("sku,title,category,price\n")
            << QStringList{"\"name\"", "\"cost\"", "\"title\""};
        QTest::newRow("stock file as products")
            << CsvKind::Products << QByteArray("sku,location,on_hand\nSKU000001,WH1,1\n")
            << QStringList{"\"name\"", "\"location\"", "\"on_hand\""};
        QTest::newRow("empty file")
            << CsvKind::StockCounts << QByteArray() << QStringList{"empty", "sku,location,on_hand"};
    }

    void badHeader()
    {
        QFETCH(CsvKind, kind);
        QFETCH(QByteArray, content);
        QFETCH(QStringList, named);

        Connection owner(sharedDatabase().owner());
        const QString before = snapshot(owner);
        try {
            CsvImporter::importFile(owner, kind, write(QStringLiteral("header.csv"), content));
            QFAIL("a bad header was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::ImportRowRejected));
            QCOMPARE(importErrorLine(e), qint64(1));
            for (const QString& n : named)
                QVERIFY2(e.message().contains(n), qPrintable(e.message()));
        }
        QCOMPARE(snapshot(owner), before);
    }

    void quotingCrlfAndBom()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        const QByteArray content =
            "\xEF\xBB\xBF"
            "sku,name,category,attributes,price,cost,supplier,pack_size,lead_time_days\r\n"
            "SKU000200,\"Shirt, \"\"Oxford\"\"\r\nsecond line\",Shirts,"
            "\"{\"\"colour\"\": \"\"red, dark\"\", \"\"note\"\": \"\"a\\\\b\"\"}\","
            "9.5,4,\"Kn\xC3\xB6"
            "del & S\xC3\xB6hne\",2,3\r\n"
            "\r\n"
            "SKU000201,  Tab\tName  ,Hats,,1.00,0.50,,1,0\r\n";
        const ImportSummary s = CsvImporter::importFile(
            owner, CsvKind::Products, write(QStringLiteral("quoted.csv"), content));
        QCOMPARE(s.rows, 2);
        Result r =
            owner.exec("SELECT name, attributes->>'colour', attributes->>'note', price::text,"
                       " supplier FROM products WHERE sku = 'SKU000200'");
        QCOMPARE(r.text(0, 0), QStringLiteral("Shirt, \"Oxford\"\r\nsecond line"));
        QCOMPARE(r.text(0, 1), QStringLiteral("red, dark"));
        QCOMPARE(r.text(0, 2), QStringLiteral("a\\b"));
        QCOMPARE(r.text(0, 3), QStringLiteral("9.50"));
        QCOMPARE(r.text(0, 4), QString::fromUtf8("Kn\xC3\xB6"
                                                 "del & S\xC3\xB6hne"));
        r = owner.exec("SELECT name, attributes::text, supplier FROM products WHERE sku = "
                       "'SKU000201'");
        QCOMPARE(r.text(0, 0), QStringLiteral("Tab\tName"));
        QCOMPARE(r.text(0, 1), QStringLiteral("{}"));
        QCOMPARE(r.text(0, 2), QString());
    }

    void cancelFromProgress_data()
    {
        QTest::addColumn<int>("cancelAtCall");
        QTest::newRow("while streaming") << 1;
        QTest::newRow("after the last row") << 2;
    }

    void cancelFromProgress()
    {
        QFETCH(int, cancelAtCall);
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        addBulkProducts(owner, 4000);
        const QString path = write(QStringLiteral("bulk.csv"), bulkStockFile(owner));
        const QString before = snapshot(owner);
        int calls = 0;
        qint64 lastDone = 0;
        try {
            CsvImporter::importFile(owner, CsvKind::StockCounts, path,
                                    [&](qint64 done, qint64 total) {
                                        if (done < lastDone || done > total)
                                            qFatal("progress went backwards or beyond the total");
                                        lastDone = done;
                                        return ++calls < cancelAtCall;
                                    });
            QFAIL("the import was not cancelled");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QString::fromLatin1(sqlstate::QueryCanceled));
        }
        QCOMPARE(calls, cancelAtCall);
        QCOMPARE(snapshot(owner), before);
        // Without cancelling, the same file goes in.
        QCOMPARE(CsvImporter::importFile(owner, CsvKind::StockCounts, path).changed, 20000);
    }

    void cancelFromAnotherThread()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        addBulkProducts(owner, 20000);
        const QString path = write(QStringLiteral("bulk.csv"), bulkStockFile(owner));
        const QString before = snapshot(owner);
        int calls = 0;
        try {
            CsvImporter::importFile(owner, CsvKind::StockCounts, path, [&](qint64, qint64) {
                if (++calls == 3) {
                    // What a Cancel button does: cancel the connection from the GUI thread.
                    std::thread canceller([&] { owner.cancel(); });
                    canceller.join();
                    QThread::msleep(100); // let the server act on it mid-COPY
                }
                return true;
            });
            QFAIL("the import was not cancelled");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QString::fromLatin1(sqlstate::QueryCanceled));
        }
        QVERIFY(calls > 3);
        QCOMPARE(snapshot(owner), before);
    }

    void poolImportOutcomeAndCancel()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        addBulkProducts(owner, 4000);
        sp::db::Database pool(db.manager(), 1);
        const QString before = snapshot(owner);

        // A bad row is an outcome, not a failure: its line, and nothing applied.
        const QString bad = write(QStringLiteral("pool-bad.csv"),
                                  "sku,location,on_hand\nSKU000001,WH1,80\nSKU000002,WH1,-4\n");
        const sp::catalog::CsvImportOutcome rejected =
            sp::catalog::importCsv(pool, CsvKind::StockCounts, bad, nullptr, {}).result();
        QVERIFY(rejected.rejected);
        QCOMPARE(sp::catalog::importErrorLine(*rejected.rejected), qint64(3));
        QCOMPARE(snapshot(owner), before);

        // Cancelled at the first progress report: the future fails with 57014, nothing applied.
        const QString bulk = write(QStringLiteral("pool-bulk.csv"), bulkStockFile(owner));
        auto cancel = std::make_shared<sp::catalog::CsvCancel>();
        std::atomic<int> reports{0};
        QFuture<sp::catalog::CsvImportOutcome> cancelled =
            sp::catalog::importCsv(pool, CsvKind::StockCounts, bulk, cancel, [&](qint64, qint64) {
                ++reports;
                cancel->cancel();
            });
        try {
            cancelled.waitForFinished();
            QFAIL("the import was not cancelled");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QString::fromLatin1(sqlstate::QueryCanceled));
        }
        QCOMPARE(reports.load(), 1);
        QVERIFY(cancel->isCancelled());
        QCOMPARE(snapshot(owner), before);

        // Without a cancel, the same file goes in, and the summary says so.
        const sp::catalog::CsvImportOutcome applied =
            sp::catalog::importCsv(pool, CsvKind::StockCounts, bulk, nullptr, {}).result();
        QVERIFY(!applied.rejected);
        QCOMPARE(applied.summary.changed, qint64(20000));
    }

    void exportImportRoundTrip()
    {
        sp::test::TestDatabase source, target;
        Connection a(source.owner()), b(target.owner());
        sp::catalog::DemoOptions demo;
        demo.skus = 40;
        demo.lastDay = QDate(2026, 11, 20);
        sp::catalog::DemoData::load(a, demo);
        // The locations are not part of the files; give the target the same ones.
        const Result locations = a.exec("SELECT code, name, kind, latitude, longitude, sort_order"
                                        " FROM locations ORDER BY id");
        for (int i = 0; i < locations.rows(); ++i)
            b.exec("INSERT INTO locations (code, name, kind, latitude, longitude, sort_order)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   {locations.text(i, 0), locations.text(i, 1), locations.text(i, 2),
                    locations.text(i, 3), locations.text(i, 4), locations.text(i, 5)});

        const QString products = m_dir.filePath(QStringLiteral("products-a.csv"));
        const QString stock = m_dir.filePath(QStringLiteral("stock-a.csv"));
        QCOMPARE(CsvExporter::exportFile(a, CsvKind::Products, products), 40);
        QCOMPARE(CsvExporter::exportFile(a, CsvKind::StockCounts, stock), 320);

        Connection manager(target.manager());
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, products).changed, 40);
        const ImportSummary s = CsvImporter::importFile(manager, CsvKind::StockCounts, stock);
        QCOMPARE(s.rows, 320);

        const QString products2 = m_dir.filePath(QStringLiteral("products-b.csv"));
        const QString stock2 = m_dir.filePath(QStringLiteral("stock-b.csv"));
        CsvExporter::exportFile(b, CsvKind::Products, products2);
        CsvExporter::exportFile(b, CsvKind::StockCounts, stock2);
        const auto bytes = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QVERIFY(!bytes(products).isEmpty());
        QCOMPARE(bytes(products2), bytes(products));
        QCOMPARE(bytes(stock2), bytes(stock));
        QVERIFY(bytes(products).startsWith(
            "sku,name,category,attributes,price,cost,supplier,pack_size,lead_time_days,gtin\n"));
        QCOMPARE(b.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // Importing a file that matches the database changes nothing.
        const qint64 movements = a.exec("SELECT count(*) FROM stock_movements").toLongLong(0, 0);
        QCOMPARE(CsvImporter::importFile(a, CsvKind::StockCounts, stock).changed, 0);
        QCOMPARE(CsvImporter::importFile(a, CsvKind::Products, products).changed, 0);
        QCOMPARE(a.exec("SELECT count(*) FROM stock_movements").toLongLong(0, 0), movements);
    }

    // Every bad GTIN line of a file, one import after the other, is refused with its line (the
    // badRow cases); here what a file may do: set, swap, clear and keep GTINs.
    void gtinsSetSwappedAndCleared()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection manager(db.manager());

        const QString set = write("gtin-set.csv", gtinFile({{"SKU000001", "4006381333931"},
                                                            {"SKU000002", "036000291452"},
                                                            {"SKU000090", "96385074"}}));
        ImportSummary s = CsvImporter::importFile(manager, CsvKind::Products, set);
        QCOMPARE(s.changed, 3);
        QCOMPARE(gtinOf(owner, "SKU000001"), QStringLiteral("4006381333931"));
        QCOMPARE(gtinOf(owner, "SKU000090"), QStringLiteral("96385074"));
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, set).changed, 0);

        // Two labels swapped: each product takes the other's GTIN in one file.
        const QString swap =
            write("gtin-swap.csv",
                  gtinFile({{"SKU000001", "036000291452"}, {"SKU000002", "4006381333931"}}));
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, swap).changed, 2);
        QCOMPARE(gtinOf(owner, "SKU000001"), QStringLiteral("036000291452"));
        QCOMPARE(gtinOf(owner, "SKU000002"), QStringLiteral("4006381333931"));

        // An empty gtin clears it, and frees it for another product in the same file.
        const QString move =
            write("gtin-move.csv", gtinFile({{"SKU000090", ""}, {"SKU000003", "96385074"}}));
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, move).changed, 2);
        QCOMPARE(gtinOf(owner, "SKU000090"), QStringLiteral("-"));
        QCOMPARE(gtinOf(owner, "SKU000003"), QStringLiteral("96385074"));

        // A file without the column keeps them.
        const QString without =
            write("gtin-without.csv", productsFile("SKU000001,Linen Shirt,Shirts,{},1,1,A,1,1\n"));
        QCOMPARE(CsvImporter::importFile(manager, CsvKind::Products, without).changed, 1);
        QCOMPARE(gtinOf(owner, "SKU000001"), QStringLiteral("036000291452"));
    }

    // The table's own check, whoever writes: the digits and the check digit, with words that
    // name the field and the value; one product per GTIN, compared as 14 digits.
    void gtinCheckedByTheDatabase_data()
    {
        QTest::addColumn<QString>("gtin");
        QTest::addColumn<QString>("problem");
        QTest::newRow("EAN-8") << "96385074" << QString();
        QTest::newRow("UPC-A") << "036000291452" << QString();
        QTest::newRow("EAN-13") << "5901234123457" << QString();
        QTest::newRow("GTIN-14") << "10012345678902" << QString();
        QTest::newRow("check digit 0") << "4000000000020" << QString();
        QTest::newRow("wrong check digit") << "4006381333932"
                                           << "its check digit is 1, not 2";
        QTest::newRow("one digit swapped") << "4006381333391"
                                           << "its check digit is";
        QTest::newRow("11 digits") << "12345678905"
                                   << "8, 12, 13 or 14 digits";
        QTest::newRow("15 digits") << "100123456789020"
                                   << "8, 12, 13 or 14 digits";
        QTest::newRow("spaces") << "4006381 333931"
                                << "8, 12, 13 or 14 digits";
        QTest::newRow("empty") << ""
                               << "8, 12, 13 or 14 digits";
    }

    void gtinCheckedByTheDatabase()
    {
        QFETCH(QString, gtin);
        QFETCH(QString, problem);
        Connection owner(sharedDatabase().owner());
        QCOMPARE(
            owner.exec("SELECT coalesce(sp_gtin_problem($1), '')", {gtin}).text(0, 0).isEmpty(),
            problem.isEmpty());
        owner.execScript("BEGIN");
        try {
            owner.exec("UPDATE products SET gtin = $1 WHERE sku = 'SKU000004'", {gtin});
            QVERIFY2(problem.isEmpty(), "an invalid GTIN was stored");
        } catch (const DbError& e) {
            QVERIFY2(!problem.isEmpty(), qPrintable(e.message()));
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::CheckViolation));
            QCOMPARE(e.field(), QStringLiteral("gtin"));
            QVERIFY2(e.message().contains(QStringLiteral("The GTIN \"%1\" is not valid").arg(gtin)),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains(problem), qPrintable(e.message()));
        }
        owner.execScript("ROLLBACK");
    }

    void gtinNamesOneProduct()
    {
        Connection owner(sharedDatabase().owner());
        const QString before = snapshot(owner);
        // SKU000002 has 4006381333931: the 14-digit form of it is the same GTIN.
        for (const char* gtin : {"4006381333931", "04006381333931"}) {
            try {
                owner.exec("UPDATE products SET gtin = $1 WHERE sku = 'SKU000003'",
                           {QString::fromLatin1(gtin)});
                QFAIL(gtin);
            } catch (const DbError& e) {
                QCOMPARE(e.sqlState(), QLatin1String("23505")); // the unique index
                QVERIFY2(e.message().contains(QLatin1String("products_gtin_key")),
                         qPrintable(e.message()));
            }
        }
        QCOMPARE(snapshot(owner), before);
    }

    void clerksCannotImport()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const QString before = snapshot(owner);
        try {
            CsvImporter::importFile(clerk, CsvKind::StockCounts,
                                    write(QStringLiteral("c.csv"), "sku,location,on_hand\n"
                                                                   "SKU000001,WH1,1\n"));
            QFAIL("a clerk imported stock counts");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QString::fromLatin1(sqlstate::InsufficientPrivilege));
        }
        QCOMPARE(snapshot(owner), before);
    }

    void missingFile()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        try {
            CsvImporter::importFile(owner, CsvKind::Products, m_dir.filePath("nope.csv"));
            QFAIL("a missing file was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::ImportFailed));
            QCOMPARE(importErrorLine(e), qint64(0));
            QVERIFY2(e.message().contains(QLatin1String("nope.csv")), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvImport)
#include "tst_csvimport.moc"
