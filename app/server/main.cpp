// stockpilot-server: the headless customer endpoint (and its hold sweeper).
//   stockpilot-server --listen ADDR:PORT [--db URI | --data-dir DIR] [--config FILE]
// With no database configured it starts the embedded cluster in the data directory and applies
// the migrations, as the desktop program does.

#include "approvals/agentjobs.h"
#include "db/database.h"
#include "db/databaselocation.h"
#include "db/dberror.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "db/pgconnection.h"
#include "http/endpointserver.h"
#include "llm/llmcalllog.h"
#include "llm/llmclient.h"
#include "llm/llmjobs.h"
#include "notify/mailer.h"
#include "notify/webhookdeliverer.h"
#include "scheduler/scheduler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QSocketNotifier>
#include <QTextStream>
#include <QUrl>

#include <csignal>
#include <memory>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

bool parseListen(const QString& text, QHostAddress& address, quint16& port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    if (!address.setAddress(host))
        return false;
    port = quint16(p);
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("StockPilot"));
    QCoreApplication::setApplicationName(QStringLiteral("StockPilot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "The StockPilot customer endpoint (partner API, carts, holds)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        QCoreApplication::translate("main", "Address and port to listen on (default %1).")
            .arg(QStringLiteral("127.0.0.1:8001")),
        QStringLiteral("ADDR:PORT"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QCoreApplication::translate("main", "PostgreSQL connection URI."),
        QStringLiteral("URI"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("main", "Data directory of the embedded database."),
        QStringLiteral("DIR"));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QCoreApplication::translate(
            "main", "Settings file ([endpoint], [database], [jobs], [llm] and [smtp] groups)."),
        QStringLiteral("FILE"));
    const QCommandLineOption llmUrlOption(
        QStringLiteral("llm-url"),
        QCoreApplication::translate("main", "Language model server (OpenAI-compatible), e.g. "
                                            "http://127.0.0.1:8080; wins over the settings "
                                            "file and STOCKPILOT_LLM_URL."),
        QStringLiteral("URL"));
    const QCommandLineOption llmModelOption(
        QStringLiteral("llm-model"),
        QCoreApplication::translate("main", "Language model name; wins over the settings file "
                                            "and STOCKPILOT_LLM_MODEL."),
        QStringLiteral("MODEL"));
    parser.addOptions(
        {listenOption, dbOption, dataDirOption, configOption, llmUrlOption, llmModelOption});
    parser.process(app);

    std::optional<QSettings> settings;
    if (parser.isSet(configOption))
        settings.emplace(parser.value(configOption), QSettings::IniFormat);
    else
        settings.emplace();
    // QSettings reads a missing file as an empty one, which would start on another database.
    if (settings->status() != QSettings::NoError ||
        (parser.isSet(configOption) && !QFileInfo(parser.value(configOption)).isReadable())) {
        err << QCoreApplication::translate("main", "Cannot read the settings file %1.")
                   .arg(parser.value(configOption))
            << Qt::endl;
        return 2;
    }

    QHostAddress address;
    quint16 port = 0;
    const QString listen =
        parser.isSet(listenOption)
            ? parser.value(listenOption)
            : settings->value(QStringLiteral("endpoint/listen"), QStringLiteral("127.0.0.1:8001"))
                  .toString();
    if (!parseListen(listen, address, port)) {
        err << QCoreApplication::translate("main", "--listen needs ADDR:PORT (got \"%1\").")
                   .arg(listen)
            << Qt::endl;
        return 2;
    }

    // Supplier e-mail's relay ([smtp]); a mistake there stops the start rather than leaving
    // e-mails to die one by one.
    const sp::notify::SmtpSettings smtp = sp::notify::SmtpSettings::load(&*settings);
    if (const QString problem = smtp.problem(); !problem.isEmpty()) {
        err << "stockpilot-server: " << problem << Qt::endl;
        return 2;
    }

    const sp::db::DatabaseLocation location = sp::db::DatabaseLocation::resolve(
        parser.value(dbOption), parser.value(dataDirOption), &*settings);
    sp::db::ConnectionSettings endpointLogin;
    std::optional<sp::db::EmbeddedCluster> cluster;
    try {
        if (location.isEmbedded()) {
            cluster.emplace(location.dataDir);
            cluster->ensureRunning();
            sp::db::Connection owner(cluster->ownerSettings());
            for (const QString& name : sp::db::Migrator().migrate(owner))
                err << "applied migration " << name << Qt::endl;
            // The embedded cluster trusts its own socket; the endpoint connects as its own
            // login, which can call the endpoint functions and nothing else.
            endpointLogin = sp::http::EndpointServer::embeddedLogin(*cluster, owner);
        } else {
            endpointLogin = location.settings;
            sp::db::Connection check(endpointLogin);
            QStringList pending;
            try {
                pending = sp::db::Migrator().pending(check);
            } catch (const sp::db::DbError& e) {
                // The endpoint login may not read schema_migrations; that is as it should be.
                if (!e.is(sp::db::sqlstate::InsufficientPrivilege))
                    throw;
            }
            if (!pending.isEmpty()) {
                err << QCoreApplication::translate(
                           "main", "The database needs migrations (%1); run \"stockpilot-admin "
                                   "migrate\" first.")
                           .arg(pending.join(QStringLiteral(", ")))
                    << Qt::endl;
                return 1;
            }
        }
    } catch (const sp::db::DbError& e) {
        // The cluster's and the migrator's refusals too: their message says what to do.
        err << "stockpilot-server: " << e.message() << Qt::endl;
        return 1;
    }

    // The scheduled jobs (stock check, redistribution, ...) need a login that may run them: the
    // owner of the embedded cluster, or on a shared server the [jobs] db URI of the settings
    // file (a member of stockpilot_clerk or above; the endpoint's own login may not). Each run
    // takes its advisory lock, so any number of instances may run them.
    std::optional<sp::db::ConnectionSettings> jobsLogin;
    if (cluster)
        jobsLogin = cluster->ownerSettings();
    else if (const QString uri = settings->value(QStringLiteral("jobs/db")).toString();
             !uri.isEmpty())
        jobsLogin = sp::db::ConnectionSettings::fromUri(uri);
    // The language model (optional): [llm] of the settings file, STOCKPILOT_LLM_*, the flags.
    // Only the scheduled jobs use it here (explanations, customer wordings), never a request.
    sp::llm::LlmSettings llmSettings = sp::llm::LlmSettings::load(&*settings);
    llmSettings.applyFlags(parser.value(llmUrlOption), parser.value(llmModelOption));
    sp::llm::LlmClient llm(llmSettings);
    std::unique_ptr<sp::db::Database> jobsDatabase;
    std::unique_ptr<sp::llm::LlmCallLog> llmLog;
    std::unique_ptr<sp::scheduler::Scheduler> scheduler;
    std::unique_ptr<sp::notify::WebhookDeliverer> deliverer;
    std::unique_ptr<sp::notify::Mailer> mailer;
    if (jobsLogin) {
        jobsLogin->applicationName = QStringLiteral("stockpilot-server-jobs");
        jobsDatabase = std::make_unique<sp::db::Database>(*jobsLogin, 2);
        llmLog = std::make_unique<sp::llm::LlmCallLog>(jobsDatabase.get());
        llmLog->watch(&llm);
        scheduler = std::make_unique<sp::scheduler::Scheduler>(jobsDatabase.get());
        sp::approvals::registerAgentJobs(*scheduler);
        sp::llm::registerLlmJobs(*scheduler, &llm);
        scheduler->start();
        // Supplier messages and other webhooks leave from here too; the deliverer needs a login
        // that may read the endpoints' secrets (owner or admin) and stops itself otherwise.
        deliverer = std::make_unique<sp::notify::WebhookDeliverer>(jobsDatabase.get());
        QObject::connect(deliverer.get(), &sp::notify::WebhookDeliverer::permissionDenied,
                         [&err](const QString& message) {
                             err << "webhooks: off (" << message << ")" << Qt::endl;
                         });
        deliverer->start();
        // Supplier e-mail too, through the [smtp] relay and with the same kind of login.
        if (smtp.isConfigured()) {
            mailer = std::make_unique<sp::notify::Mailer>(jobsDatabase.get(), smtp);
            QObject::connect(mailer.get(), &sp::notify::Mailer::permissionDenied,
                             [&err](const QString& message) {
                                 err << "e-mail: off (" << message << ")" << Qt::endl;
                             });
            QObject::connect(
                mailer.get(), &sp::notify::Mailer::errorOccurred,
                [&err](const QString& message) { err << "e-mail: " << message << Qt::endl; });
            mailer->start();
            err << "e-mail: through "
                << QUrl(smtp.url).toString(QUrl::RemoveUserInfo | QUrl::RemovePath) << " as "
                << smtp.sender().address << Qt::endl;
        } else {
            err << "e-mail: off (no [smtp] url in the settings file; supplier e-mails wait in "
                   "the outbox)"
                << Qt::endl;
        }
        err << "scheduled jobs: on" << Qt::endl;
        err << "language model: "
            << (llm.isConfigured() ? llmSettings.baseUrl.toString() + QStringLiteral(" (") +
                                         llmSettings.model + QLatin1Char(')')
                                   : QStringLiteral("none (templates)"))
            << Qt::endl;
    } else {
        err << "scheduled jobs: off (no [jobs] db in the settings file)" << Qt::endl;
        if (smtp.isConfigured())
            err << "e-mail: off (it leaves with the jobs: no [jobs] db in the settings file)"
                << Qt::endl;
    }

    sp::http::EndpointConfig config = sp::http::EndpointConfig::fromSettings(*settings);
    if (scheduler)
        config.sweepIntervalMs = 0; // the scheduler's hold-expiry job returns lapsed holds
    sp::http::EndpointServer server(endpointLogin, config);
    if (!server.start(address, port)) {
        err << QCoreApplication::translate("main", "Cannot listen on %1: %2")
                   .arg(listen, server.errorString())
            << Qt::endl;
        return 1;
    }
    // The last line of start-up output names the real port (useful with port 0).
    out << "listening on http://"
        << (address.protocol() == QAbstractSocket::IPv6Protocol
                ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                : address.toString())
        << ':' << server.port() << Qt::endl;

    // SIGINT/SIGTERM end the event loop through a pipe (a signal handler may do no more).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
            char byte;
            [[maybe_unused]] const auto n = ::read(signalPipe[0], &byte, 1);
            QCoreApplication::quit();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    const int rc = app.exec();
    mailer.reset(); // ends a transfer in progress before its database closes
    if (deliverer)
        deliverer->stop();
    if (scheduler)
        scheduler->stop();
    server.stop();
    if (jobsDatabase)
        jobsDatabase->close();
    // Like the desktop: the embedded server stops with the last program that used it.
    if (cluster)
        cluster->stopIfIdle();
    return rc;
}
