#include "testdatabase.h"

#include "db/embeddedcluster.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>

#include <stdexcept>

namespace sp::test {

namespace {

sp::db::ConnectionSettings clusterOwner(const QString& database)
{
    sp::db::EmbeddedCluster cluster(TestDatabase::dataDir());
    sp::db::ConnectionSettings s = cluster.ownerSettings();
    s.database = database;
    s.applicationName = QStringLiteral("stockpilot-test");
    return s;
}

} // namespace

QString TestDatabase::dataDir()
{
    const QString dir = qEnvironmentVariable("STOCKPILOT_TEST_DATA_DIR");
    if (dir.isEmpty())
        throw std::runtime_error("STOCKPILOT_TEST_DATA_DIR is not set: run the tests through "
                                 "ctest, which starts the test cluster first");
    return dir;
}

TestDatabase::TestDatabase()
{
    static QAtomicInt counter;
    m_name = QStringLiteral("t_%1_%2_%3")
                 .arg(QCoreApplication::applicationPid())
                 .arg(counter.fetchAndAddRelaxed(1))
                 .arg(QRandomGenerator::global()->bounded(1'000'000));
    sp::db::Connection c(clusterOwner(QStringLiteral("postgres")));
    // FILE_COPY clones a small template faster than the default WAL_LOG strategy.
    c.execScript("CREATE DATABASE \"" + m_name.toUtf8() +
                 "\" TEMPLATE stockpilot STRATEGY FILE_COPY");
}

TestDatabase::~TestDatabase()
{
    try {
        sp::db::Connection c(clusterOwner(QStringLiteral("postgres")));
        c.execScript("DROP DATABASE IF EXISTS \"" + m_name.toUtf8() + "\" WITH (FORCE)");
    } catch (const sp::db::DbError&) {
        // The fixture drops leftovers at the next start.
    }
}

sp::db::ConnectionSettings TestDatabase::owner() const
{
    return clusterOwner(m_name);
}

sp::db::ConnectionSettings TestDatabase::as(const QString& user, const QString& password) const
{
    sp::db::ConnectionSettings s = owner();
    s.user = user;
    s.password = password;
    return s;
}

void makeReachableByServer(const QString& dir)
{
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                   QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                   QFile::ExeOther);
}

void createStaffUsers(sp::db::Connection& owner)
{
    for (const char* name : {"clerk", "manager", "admin"})
        owner.exec("SELECT staff_user_add($1, $1, $1)", {name});
}

void loadTinyCatalog(sp::db::Connection& owner)
{
    owner.execScript(
        "INSERT INTO locations (code, name, kind, latitude, longitude, sort_order) VALUES"
        " ('WH1', 'Warehouse North', 'warehouse', 52.60, 13.30, 1),"
        " ('WH2', 'Warehouse South', 'warehouse', 52.35, 13.50, 2),"
        " ('ST1', 'Store Mitte', 'store', 52.52, 13.40, 3),"
        " ('ST2', 'Store Kreuzberg', 'store', 52.49, 13.42, 4),"
        " ('WEB', 'Online', 'online', 52.52, 13.40, 5);"
        "INSERT INTO suppliers (name, lead_time_days, email) VALUES"
        " ('Nordtex', 10, 'orders@nordtex.example'), ('Capworks', 14, NULL);"
        "INSERT INTO products (sku, name, category, attributes, price, cost, supplier, pack_size,"
        "                      lead_time_days) VALUES"
        " ('SKU000001', 'Linen Shirt Blue M', 'Shirts', '{\"colour\":\"blue\",\"size\":\"M\"}',"
        "  39.90, 15.00, 'Nordtex', 6, 10),"
        " ('SKU000002', 'Linen Shirt Blue L', 'Shirts', '{\"colour\":\"blue\",\"size\":\"L\"}',"
        "  39.90, 15.00, 'Nordtex', 6, 10),"
        " ('SKU000003', 'Oxford Shirt White M', 'Shirts', '{\"colour\":\"white\",\"size\":\"M\"}',"
        "  49.90, 19.00, 'Nordtex', 6, 10),"
        " ('SKU000004', 'Wool Beanie Grey', 'Hats', '{\"colour\":\"grey\"}',"
        "  19.90, 6.50, 'Capworks', 12, 14),"
        " ('SKU000005', 'Canvas Cap Navy', 'Hats', '{\"colour\":\"navy\"}',"
        "  24.90, 8.00, 'Capworks', 12, 14);"
        "INSERT INTO stock_levels (product_id, location_id)"
        " SELECT p.id, l.id FROM products p CROSS JOIN locations l;"
        "SELECT stock_receive(sku, 'WH1', 100, 'opening') FROM products;"
        "SELECT stock_receive(sku, 'ST1', 10, 'opening') FROM products;");
}

} // namespace sp::test
