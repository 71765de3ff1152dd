// The embedded cluster in a data directory of its own (not the fixture's): created on first
// start, reused by a second instance, restartable after stop(), and recovered after a crash
// (kill -9 of the server) or when postmaster.pid names a live process that is not PostgreSQL.
// The owner connects without a password; staff need theirs.

#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

using namespace sp::db;

namespace {

EmbeddedCluster::Options fast()
{
    EmbeddedCluster::Options options;
    options.durable = false;
    return options;
}

qint64 postmasterPid(const EmbeddedCluster& cluster)
{
    QFile file(cluster.clusterDir() + QStringLiteral("/postmaster.pid"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

// Is pid a process that has not exited (a zombie has)?
bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && close + 2 < line.size() && line.at(close + 2) != 'Z' &&
           line.at(close + 2) != 'X';
}

QString errorOf(const std::function<void()>& call)
{
    try {
        call();
    } catch (const DbError& e) {
        if (e.is(sqlstate::ClusterFailed))
            return QStringLiteral("cluster: ") + e.message();
        return e.sqlState();
    }
    return QStringLiteral("no error");
}

} // namespace

class TestEmbeddedCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (EmbeddedCluster::findPgBinDir().isEmpty())
            QSKIP("PostgreSQL is not installed");
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<EmbeddedCluster>(m_dir.path(), fast());
    }

    void cleanupTestCase()
    {
        if (!m_cluster)
            return;
        m_cluster->stop();
        // Run as root, the cluster may live outside the temporary directory (where the
        // postgres account can reach it); remove it there too.
        if (!m_cluster->clusterDir().startsWith(m_dir.path()))
            QDir(m_cluster->clusterDir()).removeRecursively();
    }

    void firstStartCreatesTheCluster()
    {
        QVERIFY(!m_cluster->isRunning());
        QVERIFY(m_cluster->ensureRunning());
        QVERIFY(m_cluster->wasCreated());
        QVERIFY(m_cluster->isRunning());
        QVERIFY(QFileInfo::exists(m_cluster->clusterDir() + QStringLiteral("/PG_VERSION")));
        if (::geteuid() == 0) {
            // The server runs as postgres, and the directory it uses must be reachable by it.
            QCOMPARE(QFileInfo(m_cluster->clusterDir()).ownerId(), postgresUid());
        }
        Connection owner(m_cluster->ownerSettings());
        QCOMPARE(owner.exec("SELECT current_database()").text(0, 0), QStringLiteral("stockpilot"));
        QVERIFY(owner.exec("SHOW listen_addresses").text(0, 0).isEmpty()); // socket only
        owner.execScript("SET synchronous_commit = on;"
                         "CREATE TABLE kept (v text);"
                         "INSERT INTO kept VALUES ('first start');"
                         "CREATE ROLE alice LOGIN PASSWORD 'wonderland'");
    }

    void rootLeavesAnotherAccountsClusterAlone()
    {
        if (::geteuid() != 0)
            QSKIP("only root can make a directory another account owns");
        const passwd* nobody = ::getpwnam("nobody");
        if (!nobody)
            QSKIP("no \"nobody\" account");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pgdata = dir.filePath(QStringLiteral("pgdata"));
        QVERIFY(QDir().mkpath(pgdata));
        QFile version(pgdata + QStringLiteral("/PG_VERSION"));
        QVERIFY(version.open(QIODevice::WriteOnly));
        version.write("15\n");
        version.close();
        QCOMPARE(::chown(QFile::encodeName(pgdata).constData(), nobody->pw_uid, nobody->pw_gid), 0);
        QCOMPARE(::chown(QFile::encodeName(version.fileName()).constData(), nobody->pw_uid,
                         nobody->pw_gid),
                 0);

        EmbeddedCluster foreign(dir.path(), fast());
        try {
            foreign.ensureRunning();
            QFAIL("root started a cluster beside the one \"nobody\" owns");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::ClusterFailed));
            QVERIFY2(e.message().contains(QStringLiteral("sudo -u nobody")),
                     qPrintable(e.message()));
        }
        // Nothing was made anywhere else, and the other account's files are as they were.
        QVERIFY(!QFileInfo::exists(foreign.clusterDir() + QStringLiteral("/postmaster.pid")));
        QCOMPARE(QDir(pgdata).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{QStringLiteral("PG_VERSION")});
    }

    void secondInstanceReusesIt()
    {
        EmbeddedCluster second(m_dir.path(), fast());
        QCOMPARE(second.clusterDir(), m_cluster->clusterDir());
        QVERIFY(second.isRunning());
        QVERIFY(!second.ensureRunning());
        QVERIFY(!second.wasCreated());
        QCOMPARE(keptRows(second), 1);
    }

    void restartsAfterStop()
    {
        const qint64 pid = postmasterPid(*m_cluster);
        m_cluster->stop();
        QVERIFY(!m_cluster->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000); // it removes its pid file, then exits
        QCOMPARE(errorOf([&] { Connection c(m_cluster->ownerSettings()); }),
                 QStringLiteral("08001"));
        EmbeddedCluster again(m_dir.path(), fast());
        QVERIFY(again.ensureRunning());
        QVERIFY(!again.wasCreated());
        QCOMPARE(keptRows(again), 1);
    }

    void recoversAfterKill9()
    {
        const qint64 pid = postmasterPid(*m_cluster);
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10'000);
        // Left behind: postmaster.pid naming the dead server, the socket and its lock file.
        QVERIFY(QFileInfo::exists(m_cluster->clusterDir() + QStringLiteral("/postmaster.pid")));
        QVERIFY(!m_cluster->isRunning());

        EmbeddedCluster again(m_dir.path(), fast());
        QElapsedTimer timer;
        timer.start();
        try {
            QVERIFY(again.ensureRunning());
        } catch (const DbError& e) {
            QFAIL(qPrintable(e.sqlState() + QLatin1Char(' ') + e.message()));
        }
        qInfo("recovered in %lld ms", timer.elapsed());
        QVERIFY(postmasterPid(again) != pid);
        QCOMPARE(keptRows(again), 1);
    }

    void recoversFromAForeignPid()
    {
        m_cluster->stop();
        QVERIFY(!m_cluster->isRunning());
        // A reboot can give the old server's number to another program: here, this test.
        QFile pidFile(m_cluster->clusterDir() + QStringLiteral("/postmaster.pid"));
        QVERIFY(pidFile.open(QIODevice::WriteOnly));
        pidFile.write(QByteArray::number(qint64(::getpid())) + '\n' +
                      m_cluster->clusterDir().toUtf8() + "\n1700000000\n5432\n");
        pidFile.close();
        QVERIFY(!m_cluster->isRunning());

        EmbeddedCluster again(m_dir.path(), fast());
        QVERIFY(again.ensureRunning());
        QVERIFY(again.isRunning());
        QVERIFY(postmasterPid(again) != ::getpid());
        QCOMPARE(keptRows(again), 1);
    }

    void staffNeedTheirPassword()
    {
        QVERIFY(m_cluster->isRunning());
        Connection owner(m_cluster->ownerSettings()); // no password
        QVERIFY(m_cluster->ownerSettings().password.isEmpty());
        QCOMPARE(owner.currentUser(), QStringLiteral("postgres"));

        Connection alice(
            m_cluster->staffSettings(QStringLiteral("alice"), QStringLiteral("wonderland")));
        QCOMPARE(alice.currentUser(), QStringLiteral("alice"));
        QCOMPARE(owner
                     .exec("SELECT auth_method FROM pg_hba_file_rules"
                           " WHERE 'alice' = ANY (user_name) OR 'all' = ANY (user_name)"
                           " ORDER BY line_number LIMIT 1")
                     .text(0, 0),
                 QStringLiteral("scram-sha-256"));
        QVERIFY(owner
                    .exec("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
                          " WHERE rolname = 'alice'")
                    .toBool(0, 0));
        QCOMPARE(errorOf([&] {
                     Connection c(m_cluster->staffSettings(QStringLiteral("alice"),
                                                           QStringLiteral("wrong")));
                 }),
                 QLatin1String(sqlstate::InvalidPassword));
        // No password for a login that needs one is refused the same way, by its code.
        QCOMPARE(errorOf([&] {
                     Connection c(m_cluster->staffSettings(QStringLiteral("alice"), QString()));
                 }),
                 QLatin1String(sqlstate::InvalidPassword));
    }

    void stopIfIdleKeepsABusyServer()
    {
        QVERIFY(m_cluster->isRunning());
        {
            Connection busy(m_cluster->ownerSettings());
            m_cluster->stopIfIdle();
            QVERIFY(m_cluster->isRunning());
            QCOMPARE(busy.exec("SELECT 1").toInt(0, 0), 1);
        }
        QTRY_VERIFY_WITH_TIMEOUT((m_cluster->stopIfIdle(), !m_cluster->isRunning()), 5'000);
    }

private:
    static uint postgresUid()
    {
        QFile passwd(QStringLiteral("/etc/passwd"));
        if (!passwd.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray& line : passwd.readAll().split('\n')) {
            const QList<QByteArray> f = line.split(':');
            if (f.size() > 2 && f[0] == "postgres")
                return f[2].toUInt();
        }
        return 0;
    }

    static int keptRows(const EmbeddedCluster& cluster)
    {
        Connection c(cluster.ownerSettings());
        return c.exec("SELECT count(*) FROM kept").toInt(0, 0);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedCluster> m_cluster;
};

QTEST_GUILESS_MAIN(TestEmbeddedCluster)
#include "tst_embeddedcluster.moc"
