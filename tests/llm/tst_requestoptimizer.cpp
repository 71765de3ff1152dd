// The deterministic request optimizer on a real database: sources by distance and surplus,
// pack-size rounding, promotion tiers under the margin floor, and the best feasible
// alternative when a request cannot be met as asked.

#include "staffrequests/requestoptimizer.h"
#include "testdatabase.h"

#include <QtTest>

using namespace sp::staffrequests;

Q_DECLARE_METATYPE(sp::staffrequests::StaffRequest)

namespace {

// Sets a year of identical daily sales for one SKU at one location.
void setDemand(sp::db::Connection& c, const char* sku, const char* location, int perDay)
{
    c.exec("INSERT INTO demand_history (product_id, location_id, first_day, daily_units) "
           "SELECT p.id, l.id, current_date - 365, array_fill($3::int, ARRAY[365]) "
           "FROM products p, locations l WHERE p.sku = $1 AND l.code = $2 "
           "ON CONFLICT (product_id, location_id) DO UPDATE SET daily_units = EXCLUDED.daily_units",
           {sku, location, perDay});
}

void setReorderPoint(sp::db::Connection& c, const char* sku, const char* location, int point)
{
    c.exec("UPDATE stock_levels SET reorder_point = $3 FROM products p, locations l "
           "WHERE p.sku = $1 AND l.code = $2 AND product_id = p.id AND location_id = l.id",
           {sku, location, point});
}

StaffRequest transfer(int quantity, const QString& to, const QString& from = {})
{
    StaffRequest r;
    r.kind = RequestKind::Transfer;
    r.sku = QStringLiteral("SKU000001");
    r.quantity = quantity;
    r.location = to;
    r.fromLocation = from;
    return r;
}

} // namespace

class TestRequestOptimizer : public QObject
{
    Q_OBJECT

    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<sp::db::Connection> m_conn;

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_conn = std::make_unique<sp::db::Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_conn);
        // SKU000001: WH1 100 (reorder 20), ST1 10 (reorder 8), ST2 0 selling 2/day (reorder 5).
        setReorderPoint(*m_conn, "SKU000001", "WH1", 20);
        setReorderPoint(*m_conn, "SKU000001", "ST1", 8);
        setReorderPoint(*m_conn, "SKU000001", "ST2", 5);
        setDemand(*m_conn, "SKU000001", "ST2", 2);
        setDemand(*m_conn, "SKU000001", "ST1", 1);
        // Hats: the beanie never sells (qualifies for a promotion), the cap sells fast.
        setDemand(*m_conn, "SKU000005", "ST1", 20);
    }

    void cleanupTestCase()
    {
        m_conn.reset();
        m_db.reset();
    }

    void transfers_data()
    {
        QTest::addColumn<StaffRequest>("request");
        QTest::addColumn<QString>("lines"); // from:quantity, ...
        QTest::addColumn<bool>("asAsked");
        QTest::addColumn<QString>("reasonPart");

        // From ST2, Store Mitte is 3.6 km away and Warehouse North 15 km.
        QTest::newRow("nearest surplus first")
            << transfer(20, QStringLiteral("ST2")) << "ST1:2,WH1:18" << true
            << "Store Mitte 2 (4 km, 10 days of cover)";
        QTest::newRow("named source with enough")
            << transfer(20, QStringLiteral("ST2"), QStringLiteral("WH1")) << "WH1:20" << true
            << "Warehouse North 20 (15 km, no recent sales)";
        QTest::newRow("named source short: alternative")
            << transfer(5, QStringLiteral("ST2"), QStringLiteral("ST1")) << "ST1:2,WH1:3" << false
            << "Store Mitte can spare only 2 without going below its reorder point of 8";
        QTest::newRow("more than anyone can spare")
            << transfer(500, QStringLiteral("ST2")) << "ST1:2,WH1:80" << false
            << "Only 82 of 500 can be moved";
        // No quantity: reorder point 5 + 14 days x 2/day = 33 units.
        QTest::newRow("quantity from demand")
            << transfer(0, QStringLiteral("ST2")) << "ST1:2,WH1:31" << true
            << "Transfer 33 x SKU000001";
    }

    void transfers()
    {
        QFETCH(StaffRequest, request);
        QFETCH(QString, lines);
        QFETCH(bool, asAsked);
        QFETCH(QString, reasonPart);
        const OptimizedRequest out = RequestOptimizer(*m_conn).optimize(request);
        QVERIFY(out.feasible);
        QStringList got;
        for (const QJsonValue& v : out.proposal.value(QStringLiteral("lines")).toArray()) {
            const QJsonObject line = v.toObject();
            got.append(line.value(QStringLiteral("from")).toString() + QLatin1Char(':') +
                       QString::number(line.value(QStringLiteral("quantity")).toInt()));
        }
        QCOMPARE(got.join(QLatin1Char(',')), lines);
        QCOMPARE(out.asAsked, asAsked);
        QVERIFY2(out.reason.contains(reasonPart), qPrintable(out.reason));
    }

    void transferNeverTakesSourcesBelowReorderPoint()
    {
        // Everyone at or below the reorder point: nothing feasible, and a reason that says so.
        sp::db::Transaction tx(*m_conn);
        setReorderPoint(*m_conn, "SKU000001", "WH1", 100);
        setReorderPoint(*m_conn, "SKU000001", "ST1", 10);
        const OptimizedRequest out =
            RequestOptimizer(*m_conn).optimize(transfer(5, QStringLiteral("ST2")));
        QVERIFY(!out.feasible);
        QVERIFY2(out.reason.contains(QLatin1String("No location has SKU000001 to spare")),
                 qPrintable(out.reason));
    }

    void restockRoundsToPacks()
    {
        StaffRequest r;
        r.kind = RequestKind::Restock;
        r.sku = QStringLiteral("SKU000004");
        r.location = QStringLiteral("ST2");
        r.quantity = 20;
        const OptimizedRequest out = RequestOptimizer(*m_conn).optimize(r);
        QVERIFY(out.feasible);
        QVERIFY(!out.asAsked);
        QCOMPARE(out.proposal.value(QStringLiteral("quantity")).toInt(), 24);
        QCOMPARE(out.proposal.value(QStringLiteral("supplier")).toString(),
                 QStringLiteral("Capworks"));
        QCOMPARE(out.proposal.value(QStringLiteral("total_cost")).toDouble(), 156.0);
        QVERIFY2(out.reason.contains(QLatin1String("20 rounded up to whole packs of 12")),
                 qPrintable(out.reason));
    }

    void promotion_data()
    {
        QTest::addColumn<double>("asked");
        QTest::addColumn<int>("discount");
        QTest::addColumn<bool>("asAsked");
        QTest::newRow("tier from cover") << 0.0 << 30 << true;
        QTest::newRow("asked within the floor") << 15.0 << 15 << true;
        // Beanie: 19.90 with cost 6.50 -> at most 64% off keeps price >= cost + 10%.
        QTest::newRow("asked below the floor") << 80.0 << 64 << false;
    }

    void promotion()
    {
        QFETCH(double, asked);
        QFETCH(int, discount);
        QFETCH(bool, asAsked);
        StaffRequest r;
        r.kind = RequestKind::Promotion;
        r.category = QStringLiteral("Hats");
        r.discountPercent = asked;
        const OptimizedRequest out = RequestOptimizer(*m_conn).optimize(r);
        QVERIFY(out.feasible);
        const QJsonArray lines = out.proposal.value(QStringLiteral("lines")).toArray();
        QCOMPARE(lines.size(), 1); // the fast-selling cap does not qualify
        QCOMPARE(lines.at(0).toObject().value(QStringLiteral("sku")).toString(),
                 QStringLiteral("SKU000004"));
        QCOMPARE(lines.at(0).toObject().value(QStringLiteral("discount_percent")).toInt(),
                 discount);
        QCOMPARE(out.asAsked, asAsked);
        QVERIFY2(out.reason.contains(QLatin1String("1 of 2 SKUs in Hats qualify")),
                 qPrintable(out.reason));
    }

    void adjustment()
    {
        StaffRequest r;
        r.kind = RequestKind::Adjustment;
        r.sku = QStringLiteral("SKU000002");
        r.location = QStringLiteral("ST1");
        r.quantity = 7;
        r.reason = QStringLiteral("shelf count");
        OptimizedRequest out = RequestOptimizer(*m_conn).optimize(r);
        QVERIFY(out.feasible);
        QCOMPARE(out.proposal.value(QStringLiteral("delta")).toInt(), -3);
        QVERIFY2(out.reason.contains(QLatin1String("from 10 to 7 (-3): shelf count")),
                 qPrintable(out.reason));

        sp::db::Transaction tx(*m_conn);
        m_conn->exec("UPDATE stock_levels SET damaged = 8 FROM products p, locations l "
                     "WHERE p.sku = 'SKU000002' AND l.code = 'ST1' "
                     "AND product_id = p.id AND location_id = l.id");
        out = RequestOptimizer(*m_conn).optimize(r);
        QVERIFY(!out.feasible);
        QVERIFY2(out.reason.contains(QLatin1String("below the 8 units")), qPrintable(out.reason));
    }

    void unknownNames_data()
    {
        QTest::addColumn<StaffRequest>("request");
        QTest::addColumn<QString>("state");
        StaffRequest badSku = transfer(1, QStringLiteral("ST1"));
        badSku.sku = QStringLiteral("SKU999999");
        QTest::newRow("sku") << badSku << "SP001";
        QTest::newRow("destination") << transfer(1, QStringLiteral("XX9")) << "SP002";
        QTest::newRow("source") << transfer(1, QStringLiteral("ST1"), QStringLiteral("XX9"))
                                << "SP002";
    }

    void unknownNames()
    {
        QFETCH(StaffRequest, request);
        QFETCH(QString, state);
        try {
            RequestOptimizer(*m_conn).optimize(request);
            QFAIL("no error");
        } catch (const sp::db::DbError& e) {
            QCOMPARE(e.sqlState(), state);
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestOptimizer)
#include "tst_requestoptimizer.moc"
