// The Stock page's read queries on a real database: filters, sort orders and paging agree with
// each other and with the data, the detail and the ledger of one SKU, and the SKU a scanned
// GTIN stands for, all as a clerk.

#include "db/database.h"
#include "inventory/stockcatalog.h"
#include "inventory/stockoperations.h"
#include "testdatabase.h"

#include <QtTest>

#include <algorithm>
#include <memory>

using namespace sp::db;
using namespace sp::inventory;

namespace {

QStringList skusOf(const QList<StockRow>& rows)
{
    QStringList out;
    for (const StockRow& r : rows)
        out.append(r.sku);
    return out;
}

} // namespace

class TestStockCatalog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Connection> m_clerk;
    QHash<QString, int> m_locationIds;

    int location(const char* code) const { return m_locationIds.value(QString::fromLatin1(code)); }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
        // 300 generated SKUs in two categories, carried at WH1 and WEB with assorted levels
        // and reorder points; every seventh one sold out at WH1.
        m_owner->execScript(
            "INSERT INTO products (sku, name, category, price, cost)"
            " SELECT format('GEN%s', lpad(g::text, 4, '0')),"
            "        (ARRAY['Alpha', 'beta', 'Gamma', 'delta'])[1 + g % 4] || ' item ' || g,"
            "        CASE WHEN g % 2 = 0 THEN 'Gen A' ELSE 'Gen B' END, 10, 5"
            " FROM generate_series(1, 300) g;"
            "INSERT INTO stock_levels (product_id, location_id, on_hand, reorder_point)"
            " SELECT p.id, l.id,"
            "        CASE WHEN l.code = 'WH1' AND p.id % 7 = 0 THEN 0 ELSE (p.id * 37) % 50 END,"
            "        (p.id * 13) % 30"
            " FROM products p CROSS JOIN locations l"
            " WHERE p.sku LIKE 'GEN%' AND l.code IN ('WH1', 'WEB');"
            // Search terms with LIKE wildcards in them, and a SKU carried nowhere.
            "INSERT INTO products (sku, name, category, price, cost) VALUES"
            " ('ESC-1', 'Deal 50% off', 'Hats', 1, 1), ('ESC-2', 'Snake_case hat', 'Hats', 1, 1),"
            " ('ESC-3', 'Bare cap', 'Hats', 1, 1);"
            // SKU000001 runs low at ST1 (10 available, reorder point 20).
            "UPDATE stock_levels SET reorder_point = 20 WHERE product_id = "
            " (SELECT id FROM products WHERE sku = 'SKU000001') AND location_id ="
            " (SELECT id FROM locations WHERE code = 'ST1');"
            "ANALYZE;");
        m_clerk = std::make_unique<Connection>(m_db->clerk());
        for (const Location& l : StockCatalog(*m_clerk).locations())
            m_locationIds.insert(l.code, l.id);
    }

    void cleanupTestCase()
    {
        m_clerk.reset();
        m_owner.reset();
        m_db.reset();
    }

    void locationsInDisplayOrder()
    {
        const QList<Location> locations = StockCatalog(*m_clerk).locations();
        QCOMPARE(locations.size(), 5);
        QStringList codes;
        for (const Location& l : locations)
            codes.append(l.code);
        QCOMPARE(codes, (QStringList{"WH1", "WH2", "ST1", "ST2", "WEB"}));
        QCOMPARE(locations[2].name, QStringLiteral("Store Mitte"));
        QCOMPARE(locations[2].kind, QStringLiteral("store"));
        QVERIFY(locations[0].id > 0);
    }

    void categories()
    {
        QCOMPARE(StockCatalog(*m_clerk).categories(),
                 (QStringList{"Gen A", "Gen B", "Hats", "Shirts"}));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("locationCode");
        QTest::addColumn<int>("status");
        // SQL that finds the expected SKUs independently (p = products).
        QTest::addColumn<QString>("expectedWhere");

        QTest::newRow("everything") << ""
                                    << ""
                                    << "" << 0 << "true";
        QTest::newRow("text on name, any case") << "LINEN shirt"
                                                << ""
                                                << "" << 0 << "p.name ILIKE 'linen shirt%'";
        QTest::newRow("text on sku") << "sku00000"
                                     << ""
                                     << "" << 0 << "p.sku LIKE 'SKU%'";
        QTest::newRow("text blank is no filter") << "   "
                                                 << ""
                                                 << "" << 0 << "true";
        QTest::newRow("percent is literal") << "0%"
                                            << ""
                                            << "" << 0 << "p.sku = 'ESC-1'";
        QTest::newRow("underscore is literal") << "e_c"
                                               << ""
                                               << "" << 0 << "p.sku = 'ESC-2'";
        QTest::newRow("category") << ""
                                  << "Hats"
                                  << "" << 0 << "p.category = 'Hats'";
        QTest::newRow("category + text")
            << "beta"
            << "Gen A"
            << "" << 0 << "p.category = 'Gen A' AND p.name LIKE 'beta%'";
        QTest::newRow("out anywhere")
            << ""
            << ""
            << "" << 2
            << "EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = p.id AND "
               "s.on_hand - s.reserved - s.committed - s.quarantine - s.damaged = 0)";
        QTest::newRow("low anywhere includes out")
            << ""
            << ""
            << "" << 1
            << "EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = p.id AND "
               "(s.available < s.reorder_point OR s.available = 0))";
        QTest::newRow("low at ST1") << ""
                                    << ""
                                    << "ST1" << 1 << "p.sku = 'SKU000001'";
        QTest::newRow("out at WH1")
            << ""
            << ""
            << "WH1" << 2 << "p.sku LIKE 'GEN%' AND (p.id % 7 = 0 OR (p.id * 37) % 50 = 0)";
        QTest::newRow("out at WH2") << ""
                                    << ""
                                    << "WH2" << 2 << "p.sku LIKE 'SKU%'";
        QTest::newRow("location, any status is no filter") << ""
                                                           << ""
                                                           << "WH2" << 0 << "true";
        QTest::newRow("low at WEB in Gen B")
            << ""
            << "Gen B"
            << "WEB" << 1
            << "p.category = 'Gen B' AND EXISTS (SELECT 1 FROM stock_levels s JOIN locations l "
               "ON l.id = s.location_id WHERE l.code = 'WEB' AND s.product_id = p.id AND "
               "(s.available < s.reorder_point OR s.available = 0))";
        QTest::newRow("nothing matches") << "no such thing"
                                         << ""
                                         << "" << 0 << "false";
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(QString, category);
        QFETCH(QString, locationCode);
        QFETCH(int, status);
        QFETCH(QString, expectedWhere);

        StockQuery q;
        q.text = text;
        q.category = category;
        q.locationId = locationCode.isEmpty() ? 0 : m_locationIds.value(locationCode);
        q.status = StockQuery::Status(status);

        const Result r = m_owner->exec(
            QByteArray("SELECT array_agg(p.sku ORDER BY p.sku) FROM products p WHERE ") +
                expectedWhere.toUtf8(),
            {});
        QStringList expected;
        if (!r.isNull(0, 0))
            expected = r.text(0, 0).mid(1).chopped(1).split(QLatin1Char(','));

        StockCatalog catalog(*m_clerk);
        QCOMPARE(catalog.count(q), qint64(expected.size()));
        const QList<int> ids = catalog.productIds(q);
        QCOMPARE(skusOf(catalog.rows(ids)), expected);
        QCOMPARE(skusOf(catalog.page(q, 0, 1000)), expected);
    }

    void sortOrders_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("locationCode");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<QString>("category");
        for (const bool desc : {false, true}) {
            const char* dir = desc ? " desc" : " asc";
            QTest::addRow("sku%s", dir) << int(StockQuery::SortKey::Sku) << "" << desc << "";
            QTest::addRow("name%s", dir) << int(StockQuery::SortKey::Name) << "" << desc << "";
            QTest::addRow("category%s", dir)
                << int(StockQuery::SortKey::Category) << "" << desc << "";
            QTest::addRow("WH1%s", dir)
                << int(StockQuery::SortKey::Location) << "WH1" << desc << "";
            QTest::addRow("ST1 (mostly not carried)%s", dir)
                << int(StockQuery::SortKey::Location) << "ST1" << desc << "";
            QTest::addRow("total%s", dir) << int(StockQuery::SortKey::Total) << "" << desc << "";
            QTest::addRow("total in a category%s", dir)
                << int(StockQuery::SortKey::Total) << "" << desc << "Gen A";
        }
    }

    void sortOrders()
    {
        QFETCH(int, key);
        QFETCH(QString, locationCode);
        QFETCH(bool, descending);
        QFETCH(QString, category);

        StockQuery q;
        q.sortKey = StockQuery::SortKey(key);
        q.sortLocationId = m_locationIds.value(locationCode);
        q.order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
        q.category = category;
        StockCatalog catalog(*m_clerk);
        const QList<StockRow> got = catalog.rows(catalog.productIds(q));
        QCOMPARE(got.size(), int(catalog.count(q)));

        // The same order computed here from the rows' own data, SKU breaking ties.
        QList<StockRow> expected = got;
        const int loc = q.sortLocationId;
        auto value = [&](const StockRow& r) -> qint64 {
            switch (q.sortKey) {
            case StockQuery::SortKey::Location: {
                const StockLevel* l = r.level(loc);
                return l ? l->available : -1; // not carried sorts below zero
            }
            case StockQuery::SortKey::Total:
                return r.totalAvailable();
            default:
                return 0;
            }
        };
        auto text = [&](const StockRow& r) {
            switch (q.sortKey) {
            case StockQuery::SortKey::Name:
                return r.name;
            case StockQuery::SortKey::Category:
                return r.category;
            default:
                return QString();
            }
        };
        std::sort(expected.begin(), expected.end(), [&](const StockRow& a, const StockRow& b) {
            const auto ka = std::make_tuple(value(a), text(a), a.sku);
            const auto kb = std::make_tuple(value(b), text(b), b.sku);
            return descending ? kb < ka : ka < kb;
        });
        QCOMPARE(skusOf(got), skusOf(expected));
    }

    void pagesTileTheResult()
    {
        StockQuery q;
        q.sortKey = StockQuery::SortKey::Location;
        q.sortLocationId = location("WEB");
        q.order = Qt::DescendingOrder;
        StockCatalog catalog(*m_clerk);
        const QStringList all = skusOf(catalog.rows(catalog.productIds(q)));
        QCOMPARE(all.size(), 308);
        QStringList paged;
        for (int offset = 0; offset < all.size(); offset += 40) {
            const QList<StockRow> page = catalog.page(q, offset, 40);
            QCOMPARE(page.size(), qMin(40, int(all.size()) - offset));
            paged += skusOf(page);
        }
        QCOMPARE(paged, all);
        QVERIFY(catalog.page(q, 308, 40).isEmpty());
    }

    void rowsByIdKeepTheAskedOrder()
    {
        StockCatalog catalog(*m_clerk);
        const int a = catalog.productId(QStringLiteral("SKU000003"));
        const int b = catalog.productId(QStringLiteral("ESC-1"));
        const int c = catalog.productId(QStringLiteral("GEN0007"));
        QVERIFY(a > 0 && b > 0 && c > 0);
        QCOMPARE(catalog.productId(QStringLiteral("NOPE")), 0);
        const QList<StockRow> rows = catalog.rows({c, 999999, a, b});
        QCOMPARE(skusOf(rows), (QStringList{"GEN0007", "SKU000003", "ESC-1"}));

        const StockRow& tiny = rows[1];
        QCOMPARE(tiny.name, QStringLiteral("Oxford Shirt White M"));
        QCOMPARE(tiny.category, QStringLiteral("Shirts"));
        QCOMPARE(tiny.levels.size(), 5);
        const StockLevel* wh1 = tiny.level(location("WH1"));
        QVERIFY(wh1);
        QCOMPARE(wh1->onHand, 100);
        QCOMPARE(wh1->available, 100);
        QCOMPARE(wh1->status(), StockStatus::Ok);
        QCOMPARE(tiny.level(location("WH2"))->status(), StockStatus::Out);
        QCOMPARE(tiny.totalAvailable(), 110);
        QVERIFY(rows[2].levels.isEmpty()); // carried nowhere
        QCOMPARE(rows[2].totalAvailable(), 0);
        QVERIFY(catalog.rows({}).isEmpty());
    }

    void lowStatusFollowsReservations()
    {
        // available = on_hand - reserved - ...: a reservation alone can make a level low.
        StockCatalog catalog(*m_clerk);
        const int id = catalog.productId(QStringLiteral("SKU000002"));
        m_owner->exec("UPDATE stock_levels SET reorder_point = 5, reserved = 96 "
                      "WHERE product_id = $1 AND location_id = $2",
                      {id, location("WH1")});
        StockQuery q;
        q.locationId = location("WH1");
        q.status = StockQuery::Status::Low;
        q.text = QStringLiteral("SKU000002");
        QCOMPARE(catalog.count(q), 1);
        const StockLevel* l = catalog.rows({id}).first().level(location("WH1"));
        QCOMPARE(l->available, 4);
        QCOMPARE(l->status(), StockStatus::Low);
        m_owner->exec("UPDATE stock_levels SET reorder_point = 0, reserved = 0 "
                      "WHERE product_id = $1 AND location_id = $2",
                      {id, location("WH1")});
        QCOMPARE(catalog.count(q), 0);
    }

    void detailShowsEveryLocation()
    {
        StockCatalog catalog(*m_clerk);
        const std::optional<StockDetail> d = catalog.detail(QStringLiteral("SKU000001"));
        QVERIFY(d);
        QCOMPARE(d->sku, QStringLiteral("SKU000001"));
        QCOMPARE(d->name, QStringLiteral("Linen Shirt Blue M"));
        QCOMPARE(d->locations.size(), 5);
        QCOMPARE(d->locations[0].location.code, QStringLiteral("WH1"));
        QVERIFY(d->locations[0].stocked);
        QCOMPARE(d->locations[0].level.onHand, 100);
        QCOMPARE(d->locations[2].location.code, QStringLiteral("ST1"));
        QCOMPARE(d->locations[2].level.available, 10);
        QCOMPARE(d->locations[2].level.reorderPoint, 20);
        QCOMPARE(d->locations[2].level.status(), StockStatus::Low);

        const std::optional<StockDetail> gen = catalog.detail(QStringLiteral("GEN0001"));
        QVERIFY(gen);
        QCOMPARE(gen->locations.size(), 5);
        QVERIFY(gen->locations[0].stocked);  // WH1
        QVERIFY(!gen->locations[1].stocked); // WH2
        QCOMPARE(gen->locations[1].level.available, 0);

        const std::optional<StockDetail> none = catalog.detail(QStringLiteral("ESC-2"));
        QVERIFY(none);
        QCOMPARE(none->locations.size(), 5);
        for (const LocationStock& ls : none->locations)
            QVERIFY(!ls.stocked);
        QVERIFY(!catalog.detail(QStringLiteral("NOPE")));
    }

    // A scan at a SKU field: the GTIN in any of its lengths, a SKU of digits, nothing else.
    void skuForGtin()
    {
        m_owner->execScript("UPDATE products SET gtin = '036000291452' WHERE sku = 'SKU000004';"
                            "INSERT INTO products (sku, name, category, price, cost)"
                            " VALUES ('96385074', 'Digits for a SKU', 'Hats', 1, 1)");
        StockCatalog catalog(*m_clerk);
        QCOMPARE(catalog.skuForGtin(QStringLiteral("036000291452")), QStringLiteral("SKU000004"));
        QCOMPARE(catalog.skuForGtin(QStringLiteral("0036000291452")), QStringLiteral("SKU000004"));
        QCOMPARE(catalog.skuForGtin(QStringLiteral("00036000291452")), QStringLiteral("SKU000004"));
        QCOMPARE(catalog.skuForGtin(QStringLiteral("4006381333931")), QString());
        QCOMPARE(catalog.skuForGtin(QStringLiteral("96385074")), QStringLiteral("96385074"));
        // lpad would cut this to the GTIN above: longer text is no GTIN.
        QCOMPARE(catalog.skuForGtin(QStringLiteral("000036000291452")), QString());
        Database pool(m_db->clerk(), 1);
        QFuture<QString> sku = sp::inventory::skuForGtin(pool, QStringLiteral("036000291452"));
        QCOMPARE(sku.result(), QStringLiteral("SKU000004"));
        m_owner->execScript("UPDATE products SET gtin = NULL WHERE sku = 'SKU000004';"
                            "DELETE FROM stock_levels WHERE product_id ="
                            " (SELECT id FROM products WHERE sku = '96385074');"
                            "DELETE FROM products WHERE sku = '96385074'");
    }

    void ledgerNewestFirstWithPaging()
    {
        StockCatalog catalog(*m_clerk);
        const int id = catalog.productId(QStringLiteral("SKU000004"));
        QList<LedgerEntry> history = catalog.ledger(id);
        QCOMPARE(history.size(), 2); // opening receipts at WH1 and ST1
        QCOMPARE(history[0].locationCode, QStringLiteral("ST1"));
        QCOMPARE(history[0].reason, QStringLiteral("receive"));
        QCOMPARE(history[0].dOnHand, 10);
        QCOMPARE(history[0].note, QStringLiteral("opening"));
        QCOMPARE(history[1].locationCode, QStringLiteral("WH1"));
        QCOMPARE(history[1].dOnHand, 100);
        QVERIFY(history[0].id > history[1].id);
        QVERIFY(history[0].at.isValid());
        QVERIFY(qAbs(history[0].at.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QVERIFY(!history[0].actor.isEmpty());

        // Changes through the stock functions, as a clerk.
        StockOperations ops(*m_clerk);
        ops.receive(QStringLiteral("SKU000004"), QStringLiteral("WH2"), 7, QStringLiteral("po-1"));
        const QJsonObject t = ops.transfer(QStringLiteral("SKU000004"), QStringLiteral("WH1"),
                                           QStringLiteral("ST2"), 5);
        const QList<LedgerEntry> newer = catalog.ledgerAfter(id, history[0].id);
        QCOMPARE(newer.size(), 3);
        QCOMPARE(newer[0].reason, QStringLiteral("transfer_in_transit"));
        QCOMPARE(newer[0].locationCode, QStringLiteral("ST2"));
        QCOMPARE(newer[0].dIncoming, 5);
        QCOMPARE(newer[0].refType, QStringLiteral("transfer"));
        QCOMPARE(newer[0].refId,
                 QString::number(t.value(QStringLiteral("transfer_id")).toInteger()));
        QCOMPARE(newer[1].reason, QStringLiteral("transfer_out"));
        QCOMPARE(newer[1].dOnHand, -5);
        QCOMPARE(newer[2].reason, QStringLiteral("receive"));
        QCOMPARE(newer[2].note, QStringLiteral("po-1"));
        QCOMPARE(newer[2].actor, QStringLiteral("clerk"));

        // Page by page gives the same history.
        QList<qint64> paged;
        qint64 before = 0;
        for (;;) {
            const QList<LedgerEntry> page = catalog.ledger(id, before, 2);
            for (const LedgerEntry& e : page)
                paged.append(e.id);
            if (page.size() < 2)
                break;
            before = page.last().id;
        }
        QList<qint64> all;
        for (const LedgerEntry& e : catalog.ledger(id))
            all.append(e.id);
        QCOMPARE(all.size(), 5);
        QCOMPARE(paged, all);
        QVERIFY(catalog.ledgerAfter(id, all.first()).isEmpty());
        QVERIFY(catalog.ledger(catalog.productId(QStringLiteral("ESC-1"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStockCatalog)
#include "tst_stockcatalog.moc"
