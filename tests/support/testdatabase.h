#pragma once

#include "db/connectionsettings.h"
#include "db/pgconnection.h"

#include <QString>

namespace sp::test {

// A fresh database for one test, cloned from the migrated template that the CTest fixture
// (sp-test-cluster) prepared, and dropped again at the end. The cluster is found through
// STOCKPILOT_TEST_DATA_DIR.
class TestDatabase
{
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const QString& name() const { return m_name; }
    // The owner (superuser) of the test cluster, connected to this database.
    sp::db::ConnectionSettings owner() const;
    // A staff member or another login role, with a password.
    sp::db::ConnectionSettings as(const QString& user, const QString& password) const;
    // The demo staff users every test cluster has: clerk, manager, admin (password = name).
    sp::db::ConnectionSettings clerk() const
    {
        return as(QStringLiteral("clerk"), QStringLiteral("clerk"));
    }
    sp::db::ConnectionSettings manager() const
    {
        return as(QStringLiteral("manager"), QStringLiteral("manager"));
    }
    sp::db::ConnectionSettings admin() const
    {
        return as(QStringLiteral("admin"), QStringLiteral("admin"));
    }

    static QString dataDir();

private:
    QString m_name;
};

// Lets the PostgreSQL server reach a QTemporaryDir (mode 0700): run as root, an embedded
// cluster runs as the postgres account, and a cluster it cannot reach would be placed under
// /var/lib/stockpilot instead, outliving the test.
void makeReachableByServer(const QString& dir);

// Creates the demo staff users clerk, manager and admin (passwords equal to the names).
void createStaffUsers(sp::db::Connection& owner);

// A small catalogue for tests: locations WH1 (warehouse), WH2 (warehouse), ST1, ST2 (stores),
// WEB (online); products SKU000001..SKU000005 in two categories; every product received at
// WH1 (100 units) and ST1 (10 units) through the stock functions, so the ledger is complete.
void loadTinyCatalog(sp::db::Connection& owner);

} // namespace sp::test
