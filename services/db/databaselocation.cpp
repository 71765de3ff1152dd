#include "databaselocation.h"

#include "embeddedcluster.h"

#include <QCoreApplication>
#include <QSettings>

namespace sp::db {

QString DatabaseLocation::describe() const
{
    if (isEmbedded())
        return QCoreApplication::translate("sp::db", "embedded database in %1").arg(dataDir);
    return settings.displayName();
}

DatabaseLocation DatabaseLocation::resolve(const QString& dbUri, const QString& dataDir,
                                           const QSettings* settings)
{
    DatabaseLocation location;
    if (!dbUri.isEmpty()) {
        location.kind = Kind::Server;
        location.settings = ConnectionSettings::fromUri(dbUri);
        return location;
    }
    if (dataDir.isEmpty() && settings) {
        const QString uri = settings->value(QStringLiteral("database/uri")).toString();
        const QString host = settings->value(QStringLiteral("database/host")).toString();
        if (!uri.isEmpty() || !host.isEmpty()) {
            location.kind = Kind::Server;
            location.settings.uri = uri;
            location.settings.host = host;
            location.settings.port = settings->value(QStringLiteral("database/port"), 0).toInt();
            location.settings.database =
                settings->value(QStringLiteral("database/name")).toString();
            location.settings.user = settings->value(QStringLiteral("database/user")).toString();
            location.settings.sslMode =
                settings->value(QStringLiteral("database/sslmode")).toString();
            return location;
        }
    }
    // A settings file may also pin the embedded cluster's directory (the packaged server's
    // /etc/stockpilot/server.conf does), so that every program given that file finds it.
    const QString configuredDir =
        dataDir.isEmpty() && settings
            ? settings->value(QStringLiteral("database/data_dir")).toString()
            : QString();
    if (!configuredDir.isEmpty()) {
        location.dataDir = configuredDir;
        return location;
    }
    if (dataDir.isEmpty() && ConnectionSettings::environmentConfigured()) {
        // libpq fills in everything from PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE ...
        location.kind = Kind::Server;
        return location;
    }
    location.kind = Kind::Embedded;
    location.dataDir = dataDir.isEmpty() ? EmbeddedCluster::defaultDataDir() : dataDir;
    return location;
}

void DatabaseLocation::save(QSettings& settings, const ConnectionSettings& server)
{
    settings.setValue(QStringLiteral("database/uri"), server.uri);
    settings.setValue(QStringLiteral("database/host"), server.host);
    settings.setValue(QStringLiteral("database/port"), server.port);
    settings.setValue(QStringLiteral("database/name"), server.database);
    settings.setValue(QStringLiteral("database/user"), server.user);
    settings.setValue(QStringLiteral("database/sslmode"), server.sslMode);
}

} // namespace sp::db
