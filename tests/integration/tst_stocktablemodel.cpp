// The Stock page's models on a real database, each under QAbstractItemModelTester: the table
// with its filters, sorting, paging and bounded cache, the detail and ledger of one SKU, and
// live updates that arrive through a real EventStream from a change committed on another
// connection and touch only the affected row.

#include "db/database.h"
#include "db/eventstream.h"
#include "inventory/stockcatalog.h"
#include "inventory/stockoperations.h"
#include "ledgermodel.h"
#include "stockdetailmodel.h"
#include "stocktablemodel.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace sp::db;
using namespace sp::models;

namespace {

constexpr int GeneratedSkus = 9000; // 45 pages: more than the cache holds

// Every dataChanged signal in the spy, as the rows it covered.
QList<QPair<int, int>> changedRows(const QSignalSpy& spy)
{
    QList<QPair<int, int>> out;
    for (const QList<QVariant>& args : spy) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        out.append({tl.row(), br.row()});
    }
    return out;
}

} // namespace

class TestStockTableModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    qint64 m_allSkus = 0;

    // Loads the row of the SKU into the model (by asking for its data, as a view would).
    int loadRowOf(StockTableModel& model, const QString& sku)
    {
        const int id = m_owner->exec("SELECT id FROM products WHERE sku = $1", {sku}).toInt(0, 0);
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.productIdAt(row) == id) {
                model.data(model.index(row, 0));
                if (!QTest::qWaitFor([&] { return model.isRowLoaded(row); }, 5000))
                    return -1;
                return row;
            }
        }
        return -1;
    }

    static bool waitLoaded(StockTableModel& model, QSignalSpy& loaded, int count = 1)
    {
        return QTest::qWaitFor([&] { return loaded.count() >= count && !model.isLoading(); },
                               10000);
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
        m_owner->exec("INSERT INTO products (sku, name, category, price, cost)"
                      " SELECT format('GEN%s', lpad(g::text, 5, '0')),"
                      "        (ARRAY['Alpha', 'Beta', 'Gamma'])[1 + g % 3] || ' item ' || g,"
                      "        CASE WHEN g % 2 = 0 THEN 'Gen A' ELSE 'Gen B' END, 10, 5"
                      " FROM generate_series(1, $1::int) g",
                      {GeneratedSkus});
        m_owner->execScript(
            "INSERT INTO stock_levels (product_id, location_id, on_hand, reorder_point)"
            " SELECT p.id, l.id, (p.id * 37) % 50, (p.id * 13) % 30"
            " FROM products p CROSS JOIN locations l"
            " WHERE p.sku LIKE 'GEN%' AND l.code IN ('WH1', 'WEB');"
            "UPDATE stock_levels SET reorder_point = 20 WHERE product_id ="
            " (SELECT id FROM products WHERE sku = 'SKU000001') AND location_id ="
            " (SELECT id FROM locations WHERE code = 'ST1');"
            "ANALYZE;");
        m_allSkus = GeneratedSkus + 5;
        m_pool = std::make_unique<Database>(m_db->clerk(), 4);
    }

    void cleanupTestCase()
    {
        m_pool.reset();
        m_owner.reset();
        m_db.reset();
    }

    void firstLoadShowsSkusByLocation()
    {
        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        QSignalSpy categories(&model, &StockTableModel::categoriesChanged);
        QSignalSpy loading(&model, &StockTableModel::loadingChanged);
        model.reload();
        QVERIFY(model.isLoading());
        QVERIFY(waitLoaded(model, loaded));
        QCOMPARE(loading.count(), 2);
        QVERIFY(loaded.first().first().toLongLong() >= 0);
        QCOMPARE(categories.count(), 1);
        QCOMPARE(model.categories(), (QStringList{"Gen A", "Gen B", "Hats", "Shirts"}));
        QCOMPARE(model.locations().size(), 5);

        QCOMPARE(model.rowCount(), int(m_allSkus));
        QCOMPARE(model.columnCount(), 3 + 5 + 1);
        QCOMPARE(model.headerData(StockTableModel::SkuColumn, Qt::Horizontal).toString(),
                 QStringLiteral("SKU"));
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), QStringLiteral("WH1"));
        QCOMPARE(model.headerData(7, Qt::Horizontal).toString(), QStringLiteral("WEB"));
        QCOMPARE(model.headerData(8, Qt::Horizontal).toString(), QStringLiteral("Total"));
        QCOMPARE(model.locationColumn(QStringLiteral("ST1")), 5);
        QCOMPARE(model.locationCodeForColumn(5), QStringLiteral("ST1"));
        QVERIFY(model.locationCodeForColumn(StockTableModel::NameColumn).isEmpty());
        QCOMPARE(model.totalColumn(), 8);

        // The first page comes with the load; SKUs sort ascending.
        QVERIFY(model.isRowLoaded(0));
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("GEN00001"));
        QCOMPARE(model.rowForSku(QStringLiteral("GEN00001")), 0);
        QCOMPARE(model.rowForSku(QStringLiteral("SKU000001")), -1); // last page, not loaded

        const int row = loadRowOf(model, QStringLiteral("SKU000001"));
        QCOMPARE(row, int(m_allSkus) - 5);
        QCOMPARE(model.rowForSku(QStringLiteral("SKU000001")), row);
        auto cell = [&](int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(1).toString(), QStringLiteral("Linen Shirt Blue M"));
        QCOMPARE(cell(2).toString(), QStringLiteral("Shirts"));
        QCOMPARE(cell(3).toInt(), 100);                            // WH1
        QCOMPARE(cell(3, StockTableModel::StatusRole).toInt(), 0); // ok
        QCOMPARE(cell(4).toInt(), 0);                              // WH2
        QCOMPARE(cell(4, StockTableModel::StatusRole).toInt(), 2); // out
        QCOMPARE(cell(5).toInt(), 10);                             // ST1, reorder point 20
        QCOMPARE(cell(5, StockTableModel::StatusRole).toInt(), 1); // low
        QCOMPARE(cell(8).toInt(), 110);
        QCOMPARE(cell(5, StockTableModel::LocationCodeRole).toString(), QStringLiteral("ST1"));
        QCOMPARE(cell(0, StockTableModel::SkuRole).toString(), QStringLiteral("SKU000001"));
        QVERIFY(cell(0, StockTableModel::ProductIdRole).toInt() > 0);
        QVERIFY(cell(4, Qt::BackgroundRole).value<QBrush>().color().isValid());
        QVERIFY(cell(5, Qt::BackgroundRole).value<QBrush>().color() !=
                cell(4, Qt::BackgroundRole).value<QBrush>().color());
        QVERIFY(!cell(3, Qt::BackgroundRole).isValid());
        QVERIFY2(cell(5, Qt::ToolTipRole).toString().contains(QLatin1String("On hand 10")),
                 qPrintable(cell(5, Qt::ToolTipRole).toString()));
        // GEN SKUs are not carried at WH2: an empty cell, not a zero.
        QVERIFY(!model.data(model.index(0, 4)).isValid());
    }

    void firstRowsShowBeforeTheRestIsCounted()
    {
        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        int rowsAtLoaded = -1;
        bool firstRowLoadedAtLoaded = false;
        connect(&model, &StockTableModel::loaded, this, [&] {
            rowsAtLoaded = model.rowCount();
            firstRowLoadedAtLoaded = model.isRowLoaded(0);
        });
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));
        QCOMPARE(loaded.count(), 1);
        QVERIFY(firstRowLoadedAtLoaded);
        QVERIFY(rowsAtLoaded >= StockTableModel::PageSize);
        QCOMPARE(model.rowCount(), int(m_allSkus));
        QCOMPARE(reset.count(), 1);
        // Either everything came at once, or the first page did and the rest was appended.
        if (rowsAtLoaded < model.rowCount()) {
            QCOMPARE(rowsAtLoaded, StockTableModel::PageSize);
            QCOMPARE(inserted.count(), 1);
            QCOMPARE(inserted.first().at(1).toInt(), StockTableModel::PageSize);
            QCOMPARE(inserted.first().at(2).toInt(), int(m_allSkus) - 1);
        } else {
            QCOMPARE(inserted.count(), 0);
        }
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("GEN00001"));
        QCOMPARE(model.data(model.index(StockTableModel::PageSize - 1, 0)).toString(),
                 QStringLiteral("GEN00200"));
    }

    void pagesLoadOnDemandAndTheCacheStaysBounded()
    {
        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));
        QCOMPARE(model.cachedPageCount(), 1);
        QVERIFY(!model.isRowLoaded(StockTableModel::PageSize));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Scroll through the whole table, a screenful at a time.
        const int pages =
            (model.rowCount() + StockTableModel::PageSize - 1) / StockTableModel::PageSize;
        QVERIFY(pages > StockTableModel::MaxCachedPages);
        for (int p = 0; p < pages; ++p) {
            const int row = qMin(p * StockTableModel::PageSize + 7, model.rowCount() - 1);
            model.data(model.index(row, 0)); // as a view painting the row
            QTRY_VERIFY_WITH_TIMEOUT(model.isRowLoaded(row), 5000);
            QCOMPARE(model.data(model.index(row, 0)).toString(),
                     row < GeneratedSkus
                         ? QStringLiteral("GEN%1").arg(row + 1, 5, 10, QLatin1Char('0'))
                         : QStringLiteral("SKU00000%1").arg(row - GeneratedSkus + 1));
            QVERIFY(model.cachedPageCount() <= StockTableModel::MaxCachedPages);
        }
        QCOMPARE(model.cachedPageCount(), StockTableModel::MaxCachedPages);
        QCOMPARE(reset.count(), 0);
        // Each page load announced its rows with dataChanged.
        QVERIFY2(changed.count() >= pages - 1, qPrintable(QString::number(changed.count())));
        // The first pages were evicted (row 0 stays: the tester keeps reading it) and come back
        // when asked for.
        const int early = StockTableModel::PageSize + 7;
        QVERIFY(!model.isRowLoaded(early));
        QVERIFY(model.isRowLoaded(0));
        model.data(model.index(early, 0));
        QTRY_VERIFY(model.isRowLoaded(early));
        QCOMPARE(model.data(model.index(early, 0)).toString(), QStringLiteral("GEN00208"));
        QCOMPARE(model.cachedPageCount(), StockTableModel::MaxCachedPages);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("location");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("columns");

        QTest::newRow("none") << ""
                              << ""
                              << "" << 0 << 9;
        QTest::newRow("text") << "blue"
                              << ""
                              << "" << 0 << 9;
        QTest::newRow("text on sku") << "gen0012"
                                     << ""
                                     << "" << 0 << 9;
        QTest::newRow("category") << ""
                                  << "Hats"
                                  << "" << 0 << 9;
        QTest::newRow("low anywhere") << ""
                                      << ""
                                      << "" << 1 << 9;
        QTest::newRow("out anywhere") << ""
                                      << ""
                                      << "" << 2 << 9;
        QTest::newRow("location only") << ""
                                       << ""
                                       << "ST1" << 0 << 5;
        QTest::newRow("low at ST1") << ""
                                    << ""
                                    << "ST1" << 1 << 5;
        QTest::newRow("out at WH1 in Gen A") << ""
                                             << "Gen A"
                                             << "WH1" << 2 << 5;
        QTest::newRow("unknown location") << ""
                                          << ""
                                          << "NOPE" << 0 << 4;
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(QString, category);
        QFETCH(QString, location);
        QFETCH(int, status);
        QFETCH(int, columns);

        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));

        StockFilter f;
        f.text = text;
        f.category = category;
        f.locationCode = location;
        f.status = StockFilter::Status(status);
        model.setFilter(f);
        QCOMPARE(model.filter(), f);
        if (!(f == StockFilter{}))
            QVERIFY(waitLoaded(model, loaded, 2));
        QCOMPARE(loaded.count(), f == StockFilter{} ? 1 : 2);

        // What the catalogue counts for the same filter.
        sp::inventory::StockQuery q;
        q.text = text;
        q.category = category;
        q.status = sp::inventory::StockQuery::Status(status);
        qint64 expected = 0;
        Connection c(m_db->clerk());
        sp::inventory::StockCatalog catalog(c);
        if (location.isEmpty()) {
            expected = catalog.count(q);
        } else {
            for (const auto& l : catalog.locations()) {
                if (l.code == location) {
                    q.locationId = l.id;
                    expected = catalog.count(q);
                }
            }
        }
        QCOMPARE(model.rowCount(), int(expected));
        QCOMPARE(model.columnCount(), columns);
        if (!location.isEmpty() && columns == 5) {
            QCOMPARE(model.locationColumn(location), 3);
            QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), location);
            QCOMPARE(model.locationColumn(QStringLiteral("WEB")), -1);
        }
        // Every loaded row satisfies the filter.
        for (int row = 0; row < qMin(model.rowCount(), StockTableModel::PageSize); ++row) {
            QVERIFY(model.isRowLoaded(row));
            const QString sku = model.data(model.index(row, 0)).toString();
            const QString name = model.data(model.index(row, 1)).toString();
            if (!text.isEmpty())
                QVERIFY(QString(sku + QLatin1Char(' ') + name).contains(text, Qt::CaseInsensitive));
            if (!category.isEmpty())
                QCOMPARE(model.data(model.index(row, 2)).toString(), category);
            if (status != 0) {
                bool any = false;
                for (int col = 3; col < model.totalColumn(); ++col) {
                    const int s =
                        model.data(model.index(row, col), StockTableModel::StatusRole).toInt();
                    any = any || (status == 1 ? s >= 1 : s == 2);
                }
                QVERIFY2(any, qPrintable(sku));
            }
        }
    }

    void sortingHappensInSql_data()
    {
        QTest::addColumn<QString>("column"); // SKU, Name, Category, a location code, Total
        QTest::addColumn<bool>("descending");
        for (const bool d : {false, true}) {
            for (const char* c : {"SKU", "Name", "Category", "WH1", "ST1", "Total"})
                QTest::addRow("%s %s", c, d ? "desc" : "asc") << QString::fromLatin1(c) << d;
        }
    }

    void sortingHappensInSql()
    {
        QFETCH(QString, column);
        QFETCH(bool, descending);
        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));
        int col = -1;
        for (int c = 0; c < model.columnCount(); ++c) {
            if (model.headerData(c, Qt::Horizontal).toString() == column)
                col = c;
        }
        QVERIFY(col >= 0);
        const Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
        model.sort(col, order);
        if (!(col == 0 && !descending))
            QVERIFY(waitLoaded(model, loaded, 2));
        QCOMPARE(model.sortColumn(), col);
        QCOMPARE(model.sortOrder(), order);
        QCOMPARE(model.rowCount(), int(m_allSkus));

        // The first page is ordered by the raw values, SKU breaking ties.
        const int n = StockTableModel::PageSize;
        for (int row = 1; row < n; ++row) {
            const QVariant a =
                model.data(model.index(row - 1, col), StockTableModel::SortValueRole);
            const QVariant b = model.data(model.index(row, col), StockTableModel::SortValueRole);
            const QString skuA = model.data(model.index(row - 1, 0)).toString();
            const QString skuB = model.data(model.index(row, 0)).toString();
            const int cmp = QVariant::compare(a, b) == QPartialOrdering::Less      ? -1
                            : QVariant::compare(a, b) == QPartialOrdering::Greater ? 1
                                                                                   : 0;
            const int tie = skuA < skuB ? -1 : skuA > skuB ? 1 : 0;
            const int dir = descending ? -1 : 1;
            QVERIFY2(cmp * dir < 0 || (cmp == 0 && tie * dir < 0),
                     qPrintable(QStringLiteral("row %1: %2 (%3) then %4 (%5)")
                                    .arg(row)
                                    .arg(a.toString(), skuA, b.toString(), skuB)));
        }
        // And it starts where SQL says it should.
        QByteArray expr;
        if (column == QLatin1String("SKU"))
            expr = "p.sku";
        else if (column == QLatin1String("Name"))
            expr = "p.name";
        else if (column == QLatin1String("Category"))
            expr = "p.category";
        else if (column == QLatin1String("Total"))
            expr = "(SELECT coalesce(sum(available), 0) FROM stock_levels s "
                   "WHERE s.product_id = p.id)";
        else
            expr = "(SELECT s.available FROM stock_levels s JOIN locations l ON "
                   "l.id = s.location_id WHERE s.product_id = p.id AND l.code = '" +
                   column.toLatin1() + "')";
        const QByteArray dir = descending ? " DESC NULLS LAST" : " ASC NULLS FIRST";
        const QString first =
            m_owner
                ->exec("SELECT p.sku FROM products p ORDER BY " + expr + dir + ", p.sku" +
                           (descending ? " DESC" : " ASC") + " LIMIT 1",
                       {})
                .text(0, 0);
        QCOMPARE(model.data(model.index(0, 0)).toString(), first);
    }

    void anOlderQueryNeverOverwritesANewerOne()
    {
        StockTableModel model(m_pool.get());
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        // Three queries in a row; only the last one may land, whichever finishes first.
        StockFilter slow;
        slow.status = StockFilter::Status::Low;
        model.setFilter(slow);
        StockFilter last;
        last.category = QStringLiteral("Hats");
        model.setFilter(last);
        QVERIFY(waitLoaded(model, loaded));
        QTest::qWait(300); // time for any late result to (wrongly) arrive
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("Hats"));
    }

    void liveChangeUpdatesOnlyItsRow()
    {
        EventStream stream(m_db->clerk());
        QSignalSpy started(&stream, &EventStream::started);
        QSignalSpy received(&stream, &EventStream::eventsReceived);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);

        StockTableModel model(m_pool.get());
        StockDetailModel detail(m_pool.get());
        LedgerModel ledger(m_pool.get());
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&detail,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(&ledger,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&stream, &EventStream::eventsReceived, &model, &StockTableModel::applyEvents);
        connect(&stream, &EventStream::eventsReceived, &detail, &StockDetailModel::applyEvents);
        connect(&stream, &EventStream::eventsReceived, &ledger, &LedgerModel::applyEvents);

        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));
        const int row = loadRowOf(model, QStringLiteral("SKU000003"));
        QVERIFY(row >= 0);
        QSignalSpy detailLoaded(&detail, &StockDetailModel::loaded);
        QSignalSpy ledgerLoaded(&ledger, &LedgerModel::loaded);
        detail.setSku(QStringLiteral("SKU000003"));
        ledger.setSku(QStringLiteral("SKU000003"));
        QTRY_COMPARE(detailLoaded.count(), 1);
        QTRY_COMPARE(ledgerLoaded.count(), 1);
        QCOMPARE(ledger.rowCount(), 2);

        // Someone selected the row and scrolled; a far row is not loaded at all.
        QItemSelectionModel selection(&model);
        selection.select(model.index(row, 0),
                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        selection.setCurrentIndex(model.index(row, 3), QItemSelectionModel::NoUpdate);
        const int farRow = 5000;
        QVERIFY(!model.isRowLoaded(farRow));
        const QString farSku =
            m_owner->exec("SELECT sku FROM products WHERE id = $1", {model.productIdAt(farRow)})
                .text(0, 0);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy detailChanged(&detail, &QAbstractItemModel::dataChanged);
        QSignalSpy detailReset(&detail, &QAbstractItemModel::modelReset);
        QSignalSpy ledgerInserted(&ledger, &QAbstractItemModel::rowsInserted);
        QSignalSpy ledgerReset(&ledger, &QAbstractItemModel::modelReset);

        // A manager in another program counts and receives stock.
        Connection other(m_db->manager());
        sp::inventory::StockOperations ops(other);
        ops.receive(QStringLiteral("SKU000003"), QStringLiteral("ST2"), 7, QStringLiteral("po"));
        ops.receive(farSku, QStringLiteral("WH1"), 3);

        const int st2 = model.locationColumn(QStringLiteral("ST2"));
        QTRY_COMPARE_WITH_TIMEOUT(model.data(model.index(row, st2)).toInt(), 7, 5000);
        QCOMPARE(model.data(model.index(row, model.totalColumn())).toInt(), 117);
        QCOMPARE(model.data(model.index(row, st2), StockTableModel::StatusRole).toInt(), 0);
        // Wait until both events went through the model before looking at what changed.
        QTRY_VERIFY(std::any_of(received.cbegin(), received.cend(), [&](const QList<QVariant>& a) {
            const auto events = a.first().value<QList<sp::db::Event>>();
            return std::any_of(events.cbegin(), events.cend(), [&](const sp::db::Event& e) {
                return e.productId == model.productIdAt(farRow);
            });
        }));
        QTest::qWait(100);
        const QList<QPair<int, int>> rows = changedRows(changed);
        QVERIFY(!rows.isEmpty());
        for (const auto& r : rows)
            QCOMPARE(r, qMakePair(row, row));
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), st2);
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(), model.totalColumn());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(layout.count(), 0);
        QVERIFY(selection.isRowSelected(row));
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.currentIndex(), model.index(row, 3));
        QVERIFY(!model.isRowLoaded(farRow));

        // The detail pane and the ledger follow without a reset.
        const int st2Row = 3; // WH1, WH2, ST1, ST2, WEB
        QTRY_COMPARE(detail.data(detail.index(st2Row, StockDetailModel::OnHandColumn)).toInt(), 7);
        QCOMPARE(
            detail.headerData(st2Row, Qt::Vertical, StockDetailModel::LocationCodeRole).toString(),
            QStringLiteral("ST2"));
        QCOMPARE(detailReset.count(), 0);
        for (const QList<QVariant>& args : detailChanged)
            QCOMPARE(args.at(0).value<QModelIndex>().row(), st2Row);
        QTRY_COMPARE(ledger.rowCount(), 3);
        QCOMPARE(ledgerReset.count(), 0);
        QCOMPARE(ledgerInserted.count(), 1);
        QCOMPARE(ledgerInserted.first().at(1).toInt(), 0);
        QCOMPARE(ledger.data(ledger.index(0, LedgerModel::LocationColumn)).toString(),
                 QStringLiteral("ST2"));
        QCOMPARE(ledger.data(ledger.index(0, LedgerModel::OnHandColumn)).toString(),
                 QStringLiteral("+7"));
        QCOMPARE(ledger.data(ledger.index(0, LedgerModel::ActorColumn)).toString(),
                 QStringLiteral("manager"));
        stream.stop();
    }

    void anUnreachableDatabaseIsReportedNotHidden()
    {
        ConnectionSettings wrong = m_db->clerk();
        wrong.password = QStringLiteral("not the password");
        Database db(wrong, 1);
        StockTableModel model(&db);
        QSignalSpy error(&model, &StockTableModel::errorOccurred);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QTRY_COMPARE_WITH_TIMEOUT(error.count(), 1, 10000);
        QVERIFY(!error.first().first().toString().isEmpty());
        QVERIFY(!model.isLoading());
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(model.rowCount(), 0);

        StockDetailModel detail(&db);
        QSignalSpy detailError(&detail, &StockDetailModel::errorOccurred);
        detail.setSku(QStringLiteral("SKU000001"));
        QTRY_COMPARE_WITH_TIMEOUT(detailError.count(), 1, 10000);
        LedgerModel ledger(&db);
        QSignalSpy ledgerError(&ledger, &LedgerModel::errorOccurred);
        ledger.setSku(QStringLiteral("SKU000001"));
        QTRY_COMPARE_WITH_TIMEOUT(ledgerError.count(), 1, 10000);
        QVERIFY(!ledger.isLoading());
    }

    void importEventsReloadEverything()
    {
        StockTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &StockTableModel::loaded);
        model.reload();
        QVERIFY(waitLoaded(model, loaded));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        sp::db::Event e;
        e.id = 1;
        e.type = QStringLiteral("CatalogImported");
        model.applyEvents({e});
        QVERIFY(waitLoaded(model, loaded, 2));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), int(m_allSkus));
    }

    void detailModel()
    {
        StockDetailModel detail(m_pool.get());
        QAbstractItemModelTester tester(&detail,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&detail, &StockDetailModel::loaded);
        detail.setSku(QStringLiteral("SKU000001"));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(detail.rowCount(), 5);
        QCOMPARE(detail.columnCount(), int(StockDetailModel::ColumnCount));
        QCOMPARE(detail.productName(), QStringLiteral("Linen Shirt Blue M"));
        QVERIFY(detail.productId() > 0);
        QCOMPARE(detail.headerData(0, Qt::Vertical).toString(), QStringLiteral("Warehouse North"));
        QCOMPARE(detail.headerData(StockDetailModel::ReorderPointColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Reorder point"));
        QCOMPARE(detail.data(detail.index(0, StockDetailModel::OnHandColumn)).toInt(), 100);
        QCOMPARE(detail.data(detail.index(2, StockDetailModel::AvailableColumn)).toInt(), 10);
        QCOMPARE(detail.data(detail.index(2, StockDetailModel::ReorderPointColumn)).toInt(), 20);
        QCOMPARE(detail.data(detail.index(2, 0), StockDetailModel::StatusRole).toInt(), 1);
        QCOMPARE(detail.data(detail.index(1, 0), StockDetailModel::StatusRole).toInt(), 2);

        // A GEN SKU is carried at WH1 and WEB only.
        detail.setSku(QStringLiteral("GEN00010"));
        QTRY_COMPARE(loaded.count(), 2);
        QCOMPARE(detail.rowCount(), 5);
        QVERIFY(detail.data(detail.index(0, 0), StockDetailModel::StockedRole).toBool());
        QVERIFY(!detail.data(detail.index(1, 0), StockDetailModel::StockedRole).toBool());
        QVERIFY(!detail.data(detail.index(1, 0)).isValid());

        detail.setSku(QStringLiteral("NOPE"));
        QTRY_COMPARE(loaded.count(), 3);
        QCOMPARE(detail.rowCount(), 0);
        QCOMPARE(detail.productId(), 0);
        detail.setSku(QString());
        QCOMPARE(detail.rowCount(), 0);
    }

    void ledgerModelPagesOlderEntries()
    {
        const int id = m_owner->exec("SELECT id FROM products WHERE sku = 'GEN00020'").toInt(0, 0);
        // A long history (the ledger is append-only; this adds to it).
        m_owner->exec("INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, "
                      "note) SELECT $1, (SELECT id FROM locations WHERE code = 'WEB'), "
                      "'receive', g, 'batch ' || g FROM generate_series(1, 450) g",
                      {id});
        LedgerModel ledger(m_pool.get());
        QSignalSpy loaded(&ledger, &LedgerModel::loaded);
        ledger.setSku(QStringLiteral("GEN00020"));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(ledger.productId(), id);
        QCOMPARE(ledger.rowCount(), LedgerModel::PageSize);
        QCOMPARE(ledger.data(ledger.index(0, LedgerModel::NoteColumn)).toString(),
                 QStringLiteral("batch 450"));
        QCOMPARE(ledger.data(ledger.index(0, LedgerModel::OnHandColumn), LedgerModel::SortValueRole)
                     .toInt(),
                 450);
        QVERIFY(ledger.canFetchMore({}));
        ledger.fetchMore({});
        QVERIFY(!ledger.canFetchMore({})); // one request at a time
        QTRY_COMPARE(ledger.rowCount(), 2 * LedgerModel::PageSize);
        QVERIFY(ledger.canFetchMore({}));
        ledger.fetchMore({});
        QTRY_COMPARE(ledger.rowCount(), 450);
        QVERIFY(!ledger.canFetchMore({}));
        QCOMPARE(ledger.data(ledger.index(449, LedgerModel::NoteColumn)).toString(),
                 QStringLiteral("batch 1"));
        for (int row = 1; row < ledger.rowCount(); ++row) {
            QVERIFY(ledger.data(ledger.index(row - 1, 0), LedgerModel::EntryIdRole).toLongLong() >
                    ledger.data(ledger.index(row, 0), LedgerModel::EntryIdRole).toLongLong());
        }

        // Under the tester, which calls fetchMore as a view scrolled to the end would.
        LedgerModel tested(m_pool.get());
        QAbstractItemModelTester tester(&tested,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        tested.setSku(QStringLiteral("GEN00020"));
        QTRY_COMPARE(tested.rowCount(), 450);
        QVERIFY(!tested.canFetchMore({}));
        tested.setSku(QStringLiteral("NOPE"));
        QCOMPARE(tested.rowCount(), 0);

        ledger.setSku(QStringLiteral("NOPE"));
        QTRY_COMPARE(loaded.count(), 2);
        QCOMPARE(ledger.rowCount(), 0);
        QVERIFY(!ledger.canFetchMore({}));
    }
};

QTEST_MAIN(TestStockTableModel)
#include "tst_stocktablemodel.moc"
