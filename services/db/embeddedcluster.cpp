#include "embeddedcluster.h"

#include "pgconnection.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sp::db {

namespace {

DbError clusterFailed(const QString& message)
{
    return DbError(QString::fromLatin1(sqlstate::ClusterFailed), message);
}

struct Account
{
    uid_t uid = 0;
    gid_t gid = 0;
    bool found = false;
};

Account postgresAccount()
{
    Account a;
    if (const passwd* pw = ::getpwnam("postgres")) {
        a.uid = pw->pw_uid;
        a.gid = pw->pw_gid;
        a.found = true;
    }
    return a;
}

// Can the given account walk down to (and into) dir?
bool reachableBy(const QString& dir, const Account& account)
{
    QString path;
    const QStringList parts = QDir::cleanPath(dir).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i <= parts.size(); ++i) {
        path = i == 0 ? QStringLiteral("/")
                      : path + (i == 1 ? QString() : QStringLiteral("/")) + parts[i - 1];
        struct stat st;
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return true; // will be created by us, traversable
        mode_t needed = S_IXOTH;
        if (st.st_uid == account.uid)
            needed = S_IXUSR;
        else if (st.st_gid == account.gid)
            needed = S_IXGRP;
        if (!(st.st_mode & needed))
            return false;
    }
    return true;
}

void chownTo(const QString& path, const Account& account)
{
    if (::chown(QFile::encodeName(path).constData(), account.uid, account.gid) != 0)
        throw clusterFailed(QCoreApplication::translate("sp::db::EmbeddedCluster",
                                                        "Cannot hand %1 to the postgres account.")
                                .arg(path));
}

// Is pid a running PostgreSQL server process? A zombie is not: it has exited and only waits to
// be reaped, which a container's init may never do, so /proc still lists it under its name.
bool isLivePostgres(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    // "pid (comm) state ...": comm may itself hold spaces or parentheses.
    const QByteArray line = stat.readAll();
    const qsizetype open = line.indexOf('(');
    const qsizetype close = line.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 >= line.size())
        return false;
    const QByteArray name = line.mid(open + 1, close - open - 1);
    const char state = line.at(close + 2);
    return (name == "postgres" || name == "postmaster") && state != 'Z' && state != 'X';
}

qint64 pidInFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

QString hashOf(const QString& s)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha1).toHex().left(12));
}

} // namespace

EmbeddedCluster::EmbeddedCluster(const QString& dataDir)
    : EmbeddedCluster(dataDir, Options{})
{}

EmbeddedCluster::EmbeddedCluster(const QString& dataDir, Options options)
    : m_dataDir(QDir(dataDir).absolutePath())
    , m_binDir(findPgBinDir())
    , m_options(options)
    , m_asPostgresUser(::geteuid() == 0)
{
    m_clusterDir = m_dataDir + QStringLiteral("/pgdata");
    if (m_asPostgresUser) {
        const Account pg = postgresAccount();
        // A cluster that another account made (the packaged server's, as "stockpilot") is
        // that account's to run; root would otherwise start a second, empty one beside it.
        struct stat st;
        const QByteArray version = QFile::encodeName(m_clusterDir + QStringLiteral("/PG_VERSION"));
        if (::stat(version.constData(), &st) == 0 && st.st_uid != 0 &&
            !(pg.found && st.st_uid == pg.uid)) {
            const passwd* owner = ::getpwuid(st.st_uid);
            m_foreignOwner =
                owner ? QString::fromLocal8Bit(owner->pw_name) : QString::number(st.st_uid);
        }
        // The server runs as "postgres", which cannot enter root's home (mode 0700). Keep the
        // cluster in a system location then, one per data directory.
        if (pg.found && !reachableBy(m_clusterDir, pg))
            m_clusterDir = QStringLiteral("/var/lib/stockpilot/clusters/") + hashOf(m_dataDir);
    }
    m_socketDir = m_clusterDir + QStringLiteral("/run");
    // A Unix socket path may not exceed 107 bytes.
    if ((m_socketDir + QStringLiteral("/.s.PGSQL.5432.lock")).toUtf8().size() > 100)
        m_socketDir = QDir::tempPath() + QStringLiteral("/stockpilot-") + hashOf(m_clusterDir);
}

QString EmbeddedCluster::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString EmbeddedCluster::findPgBinDir()
{
    const QString fromEnv = qEnvironmentVariable("STOCKPILOT_PG_BIN");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // Debian and Ubuntu keep each major version under /usr/lib/postgresql/<major>/bin.
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions) {
        const QString bin = lib.filePath(v + QStringLiteral("/bin"));
        if (QFileInfo(bin + QStringLiteral("/initdb")).isExecutable())
            return bin;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

QString EmbeddedCluster::logFile() const
{
    return m_clusterDir + QStringLiteral("/server.log");
}

int EmbeddedCluster::runPg(const QString& tool, const QStringList& args, QString* output,
                           int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(QStringLiteral("/"));
    const QString program = m_binDir + QLatin1Char('/') + tool;
    if (m_asPostgresUser) {
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), program} +
                          args);
    } else {
        process.start(program, args);
    }
    if (!process.waitForStarted(10'000))
        throw clusterFailed(tr("Cannot run %1: %2").arg(program, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        throw clusterFailed(tr("%1 did not finish in time.").arg(tool));
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void EmbeddedCluster::initialize()
{
    if (m_binDir.isEmpty())
        throw clusterFailed(tr("PostgreSQL is not installed (no initdb found). Install the "
                               "\"postgresql\" package, or configure a database server."));
    const Account pg = postgresAccount();
    if (m_asPostgresUser && !pg.found)
        throw clusterFailed(tr("Running as root needs the \"postgres\" account to run the "
                               "database server; it does not exist on this system."));
    if (!QDir().mkpath(m_clusterDir))
        throw clusterFailed(tr("Cannot create the directory %1.").arg(m_clusterDir));
    QFile::setPermissions(m_clusterDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (m_asPostgresUser)
        chownTo(m_clusterDir, pg);

    QStringList args{
        QStringLiteral("-D"),           m_clusterDir,           QStringLiteral("-U"),
        QString::fromLatin1(Superuser), QStringLiteral("-A"),   QStringLiteral("trust"),
        QStringLiteral("-E"),           QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8")};
    if (!m_options.durable)
        args << QStringLiteral("--no-sync");
    QString output;
    if (runPg(QStringLiteral("initdb"), args, &output) != 0)
        throw clusterFailed(tr("Creating the database cluster failed:\n%1").arg(output));

    // Socket only. The owner connects without a password (only this account can reach the
    // socket directory); staff sign in with their passwords.
    QFile hba(m_clusterDir + QStringLiteral("/pg_hba.conf"));
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw clusterFailed(tr("Cannot write %1.").arg(hba.fileName()));
    hba.write("# Written by StockPilot: socket connections only.\n"
              "local all postgres trust\n"
              "local all all scram-sha-256\n");
    hba.close();

    QFile conf(m_clusterDir + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append))
        throw clusterFailed(tr("Cannot write %1.").arg(conf.fileName()));
    QByteArray extra = "\n# Written by StockPilot\n"
                       "listen_addresses = ''\n"
                       "port = 5432\n"
                       "max_connections = 200\n"
                       "shared_buffers = 256MB\n"
                       "unix_socket_directories = '" +
                       m_socketDir.toUtf8() + "'\n";
    if (!m_options.durable)
        extra += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    conf.write(extra);
    conf.close();
    if (m_asPostgresUser) {
        chownTo(hba.fileName(), pg);
        chownTo(conf.fileName(), pg);
    }
    m_created = true;
}

bool EmbeddedCluster::clearStalePid()
{
    const QString pidPath = m_clusterDir + QStringLiteral("/postmaster.pid");
    if (!QFileInfo::exists(pidPath))
        return false;
    if (isLivePostgres(pidInFile(pidPath)))
        return false; // a live server
    // The process named in the file is gone, is a zombie, or is something else that got its
    // number after a crash or a reboot: the file is stale. So is the socket's lock file, which
    // names the same process; the server would refuse to start while that process "exists".
    const QString socketLock = m_socketDir + QStringLiteral("/.s.PGSQL.5432.lock");
    if (QFileInfo::exists(socketLock) && !isLivePostgres(pidInFile(socketLock)))
        QFile::remove(socketLock);
    return QFile::remove(pidPath);
}

bool EmbeddedCluster::isRunning() const
{
    return isLivePostgres(pidInFile(m_clusterDir + QStringLiteral("/postmaster.pid"))) &&
           QFileInfo::exists(m_socketDir + QStringLiteral("/.s.PGSQL.5432"));
}

void EmbeddedCluster::start()
{
    if (!QDir().mkpath(m_socketDir))
        throw clusterFailed(tr("Cannot create the directory %1.").arg(m_socketDir));
    QFile::setPermissions(m_socketDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (m_asPostgresUser)
        chownTo(m_socketDir, postgresAccount());

    QString output;
    const QStringList args{
        QStringLiteral("-D"), m_clusterDir,         QStringLiteral("-l"), logFile(),
        QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")};
    // After a crash the old server's children may need a moment to let go of shared memory.
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (runPg(QStringLiteral("pg_ctl"), args, &output) == 0)
            return;
        if (isRunning())
            return; // another program started it at the same moment
        clearStalePid();
        QThread::msleep(300);
    }
    QString log;
    QFile logF(logFile());
    if (logF.open(QIODevice::ReadOnly)) {
        const qint64 size = logF.size();
        logF.seek(qMax<qint64>(0, size - 2000));
        log = QString::fromUtf8(logF.readAll());
    }
    throw clusterFailed(tr("The embedded database server did not start.\n%1\n%2").arg(output, log));
}

void EmbeddedCluster::createDatabase()
{
    ConnectionSettings admin = ownerSettings();
    admin.database = QStringLiteral("postgres");
    Connection connection(admin);
    const Result r = connection.exec("SELECT 1 FROM pg_database WHERE datname = $1",
                                     {QString::fromLatin1(DatabaseName)});
    if (r.rows() == 0)
        connection.execScript(QByteArray("CREATE DATABASE ") + DatabaseName);
}

bool EmbeddedCluster::ensureRunning()
{
    if (!m_foreignOwner.isEmpty())
        throw clusterFailed(tr("The database in %1 belongs to the account \"%2\". Run this "
                               "program as that account, for example: sudo -u %2 ...")
                                .arg(m_dataDir, m_foreignOwner));
    if (!QDir().mkpath(m_dataDir))
        throw clusterFailed(tr("Cannot create the data directory %1.").arg(m_dataDir));
    // Two programs starting on the same data directory take turns.
    QLockFile lock(m_dataDir + QStringLiteral("/cluster.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(120'000))
        throw clusterFailed(tr("Another program keeps the database in %1 locked.").arg(m_dataDir));

    if (!QFileInfo::exists(m_clusterDir + QStringLiteral("/PG_VERSION")))
        initialize();
    bool started = false;
    if (!isRunning()) {
        clearStalePid();
        start();
        started = true;
    }
    createDatabase();
    return started;
}

void EmbeddedCluster::stop()
{
    if (!QFileInfo::exists(m_clusterDir + QStringLiteral("/postmaster.pid")))
        return;
    QString output;
    runPg(QStringLiteral("pg_ctl"),
          {QStringLiteral("-D"), m_clusterDir, QStringLiteral("-m"), QStringLiteral("fast"),
           QStringLiteral("-w"), QStringLiteral("stop")},
          &output);
}

void EmbeddedCluster::stopIfIdle()
{
    if (!isRunning())
        return;
    try {
        ConnectionSettings admin = ownerSettings();
        admin.database = QStringLiteral("postgres");
        Connection connection(admin);
        const Result r =
            connection.exec("SELECT count(*) FROM pg_stat_activity "
                            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        if (r.toInt(0, 0) > 0)
            return;
    } catch (const DbError&) {
        return;
    }
    stop();
}

ConnectionSettings EmbeddedCluster::ownerSettings() const
{
    ConnectionSettings s;
    s.host = m_socketDir;
    s.port = Port;
    s.user = QString::fromLatin1(Superuser);
    s.database = QString::fromLatin1(DatabaseName);
    return s;
}

ConnectionSettings EmbeddedCluster::staffSettings(const QString& user,
                                                  const QString& password) const
{
    ConnectionSettings s = ownerSettings();
    s.user = user;
    s.password = password;
    return s;
}

} // namespace sp::db
