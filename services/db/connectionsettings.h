#pragma once

#include <QString>

namespace sp::db {

// Where and as whom to connect. Empty fields are left to libpq, which then applies the standard
// PG* environment variables and ~/.pgpass, so a configured shared server behaves exactly as psql
// would with the same settings.
struct ConnectionSettings
{
    QString host; // host name, IP address, or a Unix-socket directory
    int port = 0; // 0: libpq's default (PGPORT or 5432)
    QString database;
    QString user;
    QString password; // held in memory only; never written to a settings file
    QString sslMode;  // disable, allow, prefer, require, verify-ca, verify-full
    QString uri;      // a full postgresql:// URI; other fields override its parts
    QString applicationName = QStringLiteral("stockpilot");
    int connectTimeoutSeconds = 10;

    // A libpq conninfo string ("key=value ..."), values quoted as libpq requires.
    QByteArray toConninfo() const;
    // For status bars and logs: user@host/database, never the password.
    QString displayName() const;

    static ConnectionSettings fromUri(const QString& uri);
    // True when any of the standard PG* connection variables is set in the environment.
    static bool environmentConfigured();
};

} // namespace sp::db
