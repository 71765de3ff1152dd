#pragma once

#include "connectionsettings.h"

#include <QString>

class QSettings;

namespace sp::db {

// Where this program's database is: a configured server, or the embedded cluster in a data
// directory. Resolved in this order: a --db URI; an explicit --data-dir (the embedded cluster
// there); the settings file (database/uri or database/host ..., else database/data_dir for the
// embedded cluster); the standard PG* environment variables; and otherwise the embedded
// cluster in the default data directory.
struct DatabaseLocation
{
    enum class Kind { Embedded, Server };

    Kind kind = Kind::Embedded;
    QString dataDir;             // embedded: where the cluster lives
    ConnectionSettings settings; // server: what to connect to (user and password may be empty)

    bool isEmbedded() const { return kind == Kind::Embedded; }
    QString describe() const;

    static DatabaseLocation resolve(const QString& dbUri, const QString& dataDir,
                                    const QSettings* settings);
    // Writes a server location into the settings (never a password).
    static void save(QSettings& settings, const ConnectionSettings& server);
};

} // namespace sp::db
