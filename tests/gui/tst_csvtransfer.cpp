// File > Import / Export through CsvTransfer against a real database: an import applies the
// file and says how many rows changed, a bad row is reported with its line number and changes
// nothing, and an export writes the file with its header.

#include "csvtransfer.h"
#include "db/database.h"
#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using sp::views::CsvTransfer;

class TestCsvTransfer : public QObject
{
    Q_OBJECT

private:
    static QString write(const QTemporaryDir& dir, const char* name, const QByteArray& text)
    {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(text);
        return path;
    }
    static int onHand(sp::test::TestDatabase& db, const char* sku, const char* location)
    {
        sp::db::Connection owner(db.owner());
        return owner
            .exec("SELECT s.on_hand FROM stock_levels s JOIN products p ON p.id = s.product_id "
                  "JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
                  {sku, location})
            .toInt(0, 0);
    }
    static void closeResultBox(QWidget* parent, const QString& expectedText)
    {
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = parent->findChild<QMessageBox*>(QStringLiteral("csvResult"))));
        QCOMPARE(box->text(), expectedText);
        box->accept();
    }

private slots:
    void detectsKindFromHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::newRow("products") << QByteArray("sku,name,category,price,cost\n") << true
                                  << int(CsvTransfer::Kind::Products);
        QTest::newRow("counts") << QByteArray("sku,location,on_hand\n") << true
                                << int(CsvTransfer::Kind::StockCounts);
        QTest::newRow("bom+quotes") << QByteArray("\xEF\xBB\xBF\"sku\",\"location\",\"on_hand\"\n")
                                    << true << int(CsvTransfer::Kind::StockCounts);
        QTest::newRow("other") << QByteArray("id,qty\n") << false << 0;
    }

    void detectsKindFromHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QTemporaryDir dir;
        const QString path = write(dir, "x.csv", header);
        CsvTransfer::Kind detected = CsvTransfer::Kind::Products;
        QString error;
        QCOMPARE(CsvTransfer::detectKind(path, &detected, &error), ok);
        if (ok)
            QCOMPARE(int(detected), kind);
        else
            QVERIFY(error.startsWith(QLatin1String("Line 1:")));
    }

    void importsStockCounts()
    {
        sp::test::TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            sp::test::loadTinyCatalog(owner);
        }
        sp::db::Database database(db.manager());
        QTemporaryDir dir;
        const QString path =
            write(dir, "counts.csv", "sku,location,on_hand\nSKU000001,WH1,80\nSKU000002,ST2,5\n");
        QWidget parent;
        CsvTransfer* transfer = CsvTransfer::importFile(&database, path, &parent);
        QSignalSpy finished(transfer, &CsvTransfer::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(finished.at(0).at(1).toString(),
                 QStringLiteral("Imported 2 rows of stock counts; 2 changed."));
        closeResultBox(&parent, finished.at(0).at(1).toString());
        QCOMPARE(onHand(db, "SKU000001", "WH1"), 80);
        QCOMPARE(onHand(db, "SKU000002", "ST2"), 5);
    }

    void badRowNamesLineAndChangesNothing()
    {
        sp::test::TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            sp::test::loadTinyCatalog(owner);
        }
        sp::db::Database database(db.manager());
        QTemporaryDir dir;
        const QString path =
            write(dir, "bad.csv", "sku,location,on_hand\nSKU000001,WH1,80\nSKU000002,WH1,-4\n");
        QWidget parent;
        CsvTransfer* transfer = CsvTransfer::importFile(&database, path, &parent);
        QSignalSpy finished(transfer, &CsvTransfer::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const QString message = finished.at(0).at(1).toString();
        QVERIFY2(message.startsWith(QLatin1String("Line 3: ")), qPrintable(message));
        closeResultBox(&parent, message);
        QCOMPARE(onHand(db, "SKU000001", "WH1"), 100);
    }

    void exportsProducts()
    {
        sp::test::TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            sp::test::loadTinyCatalog(owner);
        }
        sp::db::Database database(db.clerk());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("products.csv"));
        QWidget parent;
        CsvTransfer* transfer =
            CsvTransfer::exportFile(&database, CsvTransfer::Kind::Products, path, &parent);
        QSignalSpy finished(transfer, &CsvTransfer::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(finished.at(0).at(1).toString().startsWith(QLatin1String("Exported 5 rows")));
        closeResultBox(&parent, finished.at(0).at(1).toString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines.first().startsWith("sku,name,category"));
    }
};

QTEST_MAIN(TestCsvTransfer)
#include "tst_csvtransfer.moc"
