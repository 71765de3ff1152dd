// The CTest fixture for integration tests: "start DIR" creates (or reuses) a PostgreSQL cluster
// in DIR through the program's own EmbeddedCluster, rebuilds the migrated template database
// "stockpilot" and the demo staff users; "stop DIR" stops it. Tests clone the template into a
// fresh database each (TestDatabase).

#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList args = app.arguments();
    if (args.size() != 3 ||
        (args[1] != QLatin1String("start") && args[1] != QLatin1String("stop"))) {
        err << "usage: sp-test-cluster start|stop DIR" << Qt::endl;
        return 2;
    }
    sp::db::EmbeddedCluster cluster(args[2], sp::db::EmbeddedCluster::Options{.durable = false});
    try {
        if (args[1] == QLatin1String("stop")) {
            cluster.stop();
            return 0;
        }
        cluster.ensureRunning();
        sp::db::ConnectionSettings maintenance = cluster.ownerSettings();
        maintenance.database = QStringLiteral("postgres");
        sp::db::Connection admin(maintenance);
        // Left over from an earlier, interrupted run.
        const sp::db::Result old = admin.exec(
            "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = 'stockpilot'");
        for (int i = 0; i < old.rows(); ++i)
            admin.execScript("DROP DATABASE \"" + old.bytes(i, 0) + "\" WITH (FORCE)");
        admin.execScript("CREATE DATABASE stockpilot");
        {
            sp::db::Connection owner(cluster.ownerSettings());
            sp::db::Migrator().migrate(owner);
            sp::test::createStaffUsers(owner);
        }
        QTextStream(stdout) << "test cluster ready at " << cluster.socketDir() << Qt::endl;
        return 0;
    } catch (const sp::db::DbError& e) {
        err << e.message() << Qt::endl;
    }
    return 1;
}
