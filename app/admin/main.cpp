// stockpilot-admin: migrations, demo data, import/export, users and other operations from the
// command line.

#include "admincontext.h"
#include "db/dberror.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include <memory>

using namespace sp::admin;

namespace {

void printUsage(QTextStream& out, const QList<AdminCommand>& commands)
{
    out << "Usage: stockpilot-admin [--db URI | --data-dir DIR | --config FILE]\n"
           "                        [--llm-url URL] [--llm-model M] COMMAND [ARGS]\n\n"
           "Without --db, the database is the one in the settings (the desktop's, or FILE such\n"
           "as the server's /etc/stockpilot/server.conf), the PG* environment variables, or\n"
           "else the embedded cluster in the data directory. The language model (optional) is\n"
           "--llm-url/--llm-model, else the settings, else STOCKPILOT_LLM_*.\n\n"
           "Commands:\n";
    for (const AdminCommand& c : commands)
        out << "  " << QString::fromLatin1(c.usage).leftJustified(44) << ' '
            << QString::fromLatin1(c.summary) << '\n';
    out.flush();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("StockPilot"));
    QCoreApplication::setApplicationName(QStringLiteral("StockPilot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    const QList<AdminCommand> commands = databaseCommands() + dataCommands() + apiKeyCommands() +
                                         agentCommands() + requestCommands() + llmCommands() +
                                         orderCommands() + purchaseCommands() + stockCommands() +
                                         mailCommands();
    QTextStream err(stderr);

    QStringList args = app.arguments().mid(1);
    QString dbUri, dataDir, configFile, llmUrl, llmModel;
    QStringList rest;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if ((a == QLatin1String("--db") || a == QLatin1String("--data-dir")) &&
            i + 1 < args.size()) {
            (a == QLatin1String("--db") ? dbUri : dataDir) = args[++i];
        } else if (a == QLatin1String("--config") && i + 1 < args.size()) {
            configFile = args[++i];
        } else if (a.startsWith(QLatin1String("--config="))) {
            configFile = a.mid(9);
        } else if ((a == QLatin1String("--llm-url") || a == QLatin1String("--llm-model")) &&
                   i + 1 < args.size()) {
            (a == QLatin1String("--llm-url") ? llmUrl : llmModel) = args[++i];
        } else if (a.startsWith(QLatin1String("--llm-url="))) {
            llmUrl = a.mid(10);
        } else if (a.startsWith(QLatin1String("--llm-model="))) {
            llmModel = a.mid(12);
        } else if (a.startsWith(QLatin1String("--db="))) {
            dbUri = a.mid(5);
        } else if (a.startsWith(QLatin1String("--data-dir="))) {
            dataDir = a.mid(11);
        } else {
            rest.append(a);
        }
    }
    if (rest.isEmpty() || rest.first() == QLatin1String("help") ||
        rest.first() == QLatin1String("--help") || rest.first() == QLatin1String("-h")) {
        QTextStream out(stdout);
        printUsage(out, commands);
        return rest.isEmpty() ? 2 : 0;
    }
    if (rest.first() == QLatin1String("--version")) {
        QTextStream(stdout) << "stockpilot-admin " << PROJECT_VERSION << Qt::endl;
        return 0;
    }

    // Longest match first, so "user add" wins over a command named "user".
    const AdminCommand* command = nullptr;
    int words = 0;
    for (const AdminCommand& c : commands) {
        const QStringList name = QString::fromLatin1(c.name).split(QLatin1Char(' '));
        if (rest.mid(0, name.size()) == name && name.size() > words) {
            command = &c;
            words = int(name.size());
        }
    }
    if (!command) {
        err << "stockpilot-admin: unknown command \"" << rest.join(QLatin1Char(' '))
            << "\". Run \"stockpilot-admin help\" for the list." << Qt::endl;
        return 2;
    }

    // A missing settings file would read as an empty one and so pick another database.
    if (!configFile.isEmpty() && !QFileInfo(configFile).isReadable()) {
        err << "stockpilot-admin: cannot read the settings file " << configFile << Qt::endl;
        return 2;
    }
    std::unique_ptr<QSettings> settings =
        configFile.isEmpty() ? std::make_unique<QSettings>()
                             : std::make_unique<QSettings>(configFile, QSettings::IniFormat);
    AdminContext context(rest.mid(words),
                         sp::db::DatabaseLocation::resolve(dbUri, dataDir, settings.get()));
    context.setSettings(std::move(settings));
    context.setLlmFlags(llmUrl, llmModel);
    try {
        return command->run(context);
    } catch (const sp::db::DbError& e) {
        // The cluster's and the migrator's refusals are for people as they are, without a code.
        if (e.is(sp::db::sqlstate::MigrationRefused) || e.is(sp::db::sqlstate::ClusterFailed)) {
            err << "stockpilot-admin: " << e.message() << Qt::endl;
        } else {
            err << "stockpilot-admin: " << e.message() << " [" << e.sqlState() << "]" << Qt::endl;
            if (!e.hint().isEmpty())
                err << "hint: " << e.hint() << Qt::endl;
        }
    } catch (const std::exception& e) {
        err << "stockpilot-admin: " << e.what() << Qt::endl;
    }
    return 1;
}
