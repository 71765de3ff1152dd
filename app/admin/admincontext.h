#pragma once

#include "db/databaselocation.h"
#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace sp::db {
class Database;
}
namespace sp::llm {
class LlmCallLog;
class LlmClient;
} // namespace sp::llm

namespace sp::admin {

// What every stockpilot-admin command gets: its own arguments, the resolved database, and
// output streams. connect() starts the embedded cluster (and migrates it) when that is where
// the database is.
class AdminContext
{
public:
    AdminContext(QStringList arguments, sp::db::DatabaseLocation location);
    ~AdminContext();

    const QStringList& arguments() const { return m_arguments; }
    const sp::db::DatabaseLocation& location() const { return m_location; }
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    // A connection as the owner (embedded) or as the configured user (server). For the
    // embedded cluster, the cluster is started and migrated first unless migrate is false.
    sp::db::Connection& connection(bool migrate = true);
    // The embedded cluster, when that is where the database is.
    sp::db::EmbeddedCluster* cluster();
    // As whom commands act: "--user NAME" among the arguments (password from PGPASSWORD),
    // else the configured login (the owner, embedded).
    sp::db::ConnectionSettings actingSettings();

    // The value after "--name" among the arguments, empty when absent; every value of a
    // repeated option.
    QString option(const QString& name) const;
    QStringList options(const QString& name) const;
    // The n-th argument that is neither an option nor the value of one that takes a value.
    QString positional(int n = 0) const;
    // The connection commands act on: "--user NAME" (password from PGPASSWORD) or else
    // connection(), so the database applies that staff member's rights.
    sp::db::Connection& acting();

    // The language model client of this run, made on first use from --llm-url/--llm-model,
    // the settings file's [llm] group and the STOCKPILOT_LLM_* variables (flags win). Every
    // call it makes is logged (llm_calls) as the acting login; the log is written before the
    // program exits.
    sp::llm::LlmClient& llm();
    void setLlmFlags(const QString& url, const QString& model);
    // The settings this run reads: the desktop's, or the --config file.
    void setSettings(std::unique_ptr<QSettings> settings);

private:
    QStringList m_arguments;
    sp::db::DatabaseLocation m_location;
    std::optional<sp::db::EmbeddedCluster> m_cluster;
    std::unique_ptr<sp::db::Connection> m_connection;
    std::unique_ptr<sp::db::Connection> m_acting;
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<QSettings> m_settings;
    QString m_llmUrl;
    QString m_llmModel;
    // Destroyed in reverse order: the client, then the log, then its pool (which waits for the
    // last writes).
    std::unique_ptr<sp::db::Database> m_llmDb;
    std::unique_ptr<sp::llm::LlmCallLog> m_llmLog;
    std::unique_ptr<sp::llm::LlmClient> m_llm;
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
QList<AdminCommand> agentCommands();    // jobs, suggestions, webhooks (any command: --user NAME)
QList<AdminCommand> requestCommands();  // request "TEXT" (staff requests)
QList<AdminCommand> llmCommands();      // the language model's call log
QList<AdminCommand> orderCommands();    // orders list, ship, cancel, pick
QList<AdminCommand> purchaseCommands(); // purchase-orders list, receive, close
QList<AdminCommand> stockCommands();    // transfers list, receive; stock damage, write-off, ...
QList<AdminCommand> mailCommands();     // mail list, requeue, company (supplier e-mail)

} // namespace sp::admin
