#pragma once

#include "db/databaselocation.h"
#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

namespace sp::admin {

// What every stockpilot-admin command gets: its own arguments, the resolved database, and
// output streams. connect() starts the embedded cluster (and migrates it) when that is where
// the database is.
class AdminContext
{
public:
    AdminContext(QStringList arguments, sp::db::DatabaseLocation location);

    const QStringList& arguments() const { return m_arguments; }
    const sp::db::DatabaseLocation& location() const { return m_location; }
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    // A connection as the owner (embedded) or as the configured user (server). For the
    // embedded cluster, the cluster is started and migrated first unless migrate is false.
    sp::db::Connection& connection(bool migrate = true);
    // The embedded cluster, when that is where the database is.
    sp::db::EmbeddedCluster* cluster();

private:
    QStringList m_arguments;
    sp::db::DatabaseLocation m_location;
    std::optional<sp::db::EmbeddedCluster> m_cluster;
    std::unique_ptr<sp::db::Connection> m_connection;
    QTextStream m_out;
    QTextStream m_err;
};

struct AdminCommand
{
    const char* name;
    const char* usage; // shown by "stockpilot-admin help"
    const char* summary;
    std::function<int(AdminContext&)> run;
};

// Each group of commands registers itself in its own file.
QList<AdminCommand> databaseCommands();
QList<AdminCommand> dataCommands();
QList<AdminCommand> apiKeyCommands();
QList<AdminCommand> agentCommands();   // jobs, suggestions, webhooks (any command: --user NAME)
QList<AdminCommand> requestCommands(); // request "TEXT" (staff requests)

} // namespace sp::admin
