#pragma once

#include "connectionsettings.h"
#include "dberror.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace sp::db {

// A private PostgreSQL cluster in the program's data directory, used when no database is
// configured. Socket-only (no TCP port), created with initdb on first use, started with pg_ctl,
// reused by later starts and by other StockPilot programs on the same data directory.
//
// Run as root, the server runs as the "postgres" account (PostgreSQL refuses to run as root),
// and the cluster lives where that account can reach it.
class EmbeddedCluster final
{
    Q_DECLARE_TR_FUNCTIONS(sp::db::EmbeddedCluster)

public:
    struct Options
    {
        // Tests trade durability for speed; a real installation never does.
        bool durable = true;
    };

    explicit EmbeddedCluster(const QString& dataDir);
    EmbeddedCluster(const QString& dataDir, Options options);

    // The default data directory (QStandardPaths::AppDataLocation).
    static QString defaultDataDir();
    // The directory holding PostgreSQL's binaries (initdb, pg_ctl), or empty if none is
    // installed.
    static QString findPgBinDir();

    // Creates the cluster if needed and starts it if it is not running; blocks until it accepts
    // connections. Recovers from a stale postmaster.pid left by a crash. Returns true when this
    // call started the server. Throws DbError ClusterFailed with a message for people.
    bool ensureRunning();
    bool isRunning() const;
    // Stops the server ("fast": open sessions are disconnected).
    void stop();
    // Stops the server if no other client is connected (other than the caller's own sessions,
    // which it must have closed).
    void stopIfIdle();

    // Connection settings for the owner (the superuser, over the socket, no password). The
    // database is "stockpilot".
    ConnectionSettings ownerSettings() const;
    // Connection settings for a staff member signing in.
    ConnectionSettings staffSettings(const QString& user, const QString& password) const;

    const QString& dataDir() const { return m_dataDir; }
    const QString& clusterDir() const { return m_clusterDir; }
    const QString& socketDir() const { return m_socketDir; }
    QString logFile() const;
    bool wasCreated() const { return m_created; }

    static constexpr int Port = 5432;
    static constexpr auto Superuser = "postgres";
    static constexpr auto DatabaseName = "stockpilot";

private:
    void initialize();
    void start();
    void createDatabase();
    bool clearStalePid();
    int runPg(const QString& tool, const QStringList& args, QString* output = nullptr,
              int timeoutMs = 120'000) const;

    QString m_dataDir;
    QString m_clusterDir;
    QString m_socketDir;
    QString m_binDir;
    QString m_foreignOwner; // root only: the account that owns an existing cluster, if not ours
    Options m_options;
    bool m_asPostgresUser = false;
    bool m_created = false;
};

} // namespace sp::db
