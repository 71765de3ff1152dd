#include "desktopapp.h"

#include "agentpages.h"
#include "approvals/agentjobs.h"
#include "approvals/stockwatcher.h"
#include "catalog/demodata.h"
#include "customerpages.h"
#include "db/credentialstore.h"
#include "db/database.h"
#include "db/eventstream.h"
#include "db/whendone.h"
#include "endpointcontrol.h"
#include "errortext.h"
#include "llm/llmjobs.h"
#include "llmsettingsdialog.h"
#include "mainwindow.h"
#include "masterdatapage.h"
#include "notify/mailer.h"
#include "purchaseorderspage.h"
#include "requestsmenu.h"
#include "scheduler/scheduler.h"
#include "signindialog.h"
#include "staff/session.h"
#include "startupwindow.h"
#include "stockpage.h"
#include "transferspage.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QSettings>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

namespace sp::app {

namespace {

constexpr int ScreenshotTimeoutMs = 120'000;

// A continuation on an already finished future runs at once, possibly before the event loop
// has started, where exit() would be lost; posting it makes it land inside the loop.
void quitLater(int code)
{
    QMetaObject::invokeMethod(
        qApp, [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

bool isDemoUser(const QString& user)
{
    return user == QLatin1String("clerk") || user == QLatin1String("manager") ||
           user == QLatin1String("admin");
}

} // namespace

DesktopApp::DesktopApp(DesktopOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_credentials = new sp::db::CredentialStore(this);
    connect(qApp, &QCoreApplication::aboutToQuit, this, &DesktopApp::shutdown);
}

DesktopApp::~DesktopApp()
{
    shutdown();
}

QString DesktopApp::where() const
{
    return m_location.describe();
}

sp::db::ConnectionSettings DesktopApp::staffSettings(const QString& user,
                                                     const QString& password) const
{
    if (m_cluster)
        return m_cluster->staffSettings(user, password);
    sp::db::ConnectionSettings s = m_location.settings;
    s.user = user;
    s.password = password;
    return s;
}

void DesktopApp::start()
{
    QSettings settings;
    m_location = sp::db::DatabaseLocation::resolve(m_options.dbUri, m_options.dataDir, &settings);
    if (m_location.isEmbedded())
        prepareEmbedded();
    else if (m_options.screenshotFile.isEmpty())
        signIn();
    else
        signInNonInteractive();
}

void DesktopApp::prepareEmbedded()
{
    m_cluster.emplace(m_location.dataDir);
    m_startup = new sp::views::StartupWindow;
    m_startup->setAttribute(Qt::WA_DeleteOnClose);
    m_startup->setStep(
        tr("Starting the database in %1…").arg(QDir::toNativeSeparators(m_location.dataDir)));
    if (m_options.screenshotFile.isEmpty())
        m_startup->show();

    QPointer<sp::views::StartupWindow> window = m_startup;
    auto step = [window](sp::catalog::EmbeddedStep embeddedStep) {
        QString text;
        switch (embeddedStep) {
        case sp::catalog::EmbeddedStep::Migrating:
            text = tr("Updating the database schema…");
            break;
        case sp::catalog::EmbeddedStep::LoadingDemoData:
            text = tr("Loading demo data (first start only)…");
            break;
        case sp::catalog::EmbeddedStep::CreatingDemoUsers:
            text = tr("Creating the demo staff accounts…");
            break;
        }
        QMetaObject::invokeMethod(qApp, [window, text] {
            if (window)
                window->setStep(text);
        });
    };
    // Called from the one worker that loads the demo data, so the last percent needs no lock.
    auto progress = [window, lastPercent = -1](int done, int total) mutable {
        const int percent = total > 0 ? done * 100 / total : 0;
        if (percent == lastPercent)
            return;
        lastPercent = percent;
        QMetaObject::invokeMethod(qApp, [window, done, total] {
            if (window)
                window->setProgress(done, total);
        });
    };
    auto prepared = sp::catalog::prepareEmbedded(*m_cluster, step, progress);
    sp::db::whenDone(
        this, prepared,
        [this](bool loadedDemo) {
            if (m_startup)
                m_startup->close();
            if (loadedDemo && m_options.screenshotFile.isEmpty()) {
                QMessageBox::information(
                    nullptr, tr("StockPilot"),
                    tr("A demo database with sample products, locations and stock was "
                       "created.\n\nSign in as clerk, manager or admin; the password is the "
                       "same as the name."));
            }
            if (m_options.screenshotFile.isEmpty())
                signIn();
            else
                signInNonInteractive();
        },
        [this](const sp::db::DbError& e) { fail(sp::views::errorText(e)); });
}

void DesktopApp::signIn()
{
    auto* dialog = new sp::views::SignInDialog(
        [this](const QString& user, const QString& password) {
            return staffSettings(user, password);
        },
        where());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowIcon(QIcon(QStringLiteral(":/icons/stockpilot.svg")));
    if (!m_location.isEmbedded()) {
        dialog->setServerEditable(m_location.settings, [this](const sp::db::ConnectionSettings& s) {
            QSettings settings;
            sp::db::DatabaseLocation::save(settings, s);
            m_location.settings = s;
            return m_location.describe();
        });
    }
    dialog->setCredentialStore(m_credentials);
    QString user = m_options.user;
    if (user.isEmpty())
        user = QSettings().value(QStringLiteral("signin/user")).toString();
    if (user.isEmpty() && !m_location.isEmbedded())
        user = m_location.settings.user;
    dialog->setUser(user);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QSettings().setValue(QStringLiteral("signin/user"), dialog->settings().user);
        if (!m_location.isEmbedded())
            m_location.settings = dialog->settings();
        open(dialog->settings(), dialog->role());
    });
    connect(dialog, &QDialog::rejected, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    dialog->show();
}

// --screenshot: no one to type a password. Use --user (manager on the embedded demo) and the
// password from PGPASSWORD, the keychain, or, on the embedded demo only, the demo password.
void DesktopApp::signInNonInteractive()
{
    QString user = m_options.user;
    if (user.isEmpty())
        user = m_location.isEmbedded() ? QStringLiteral("manager") : m_location.settings.user;
    if (user.isEmpty())
        user = qEnvironmentVariable("PGUSER");
    if (user.isEmpty()) {
        fail(tr("--screenshot needs --user with a server database."));
        return;
    }
    const QString fromEnvironment = qEnvironmentVariable("PGPASSWORD");
    if (!fromEnvironment.isEmpty()) {
        tryPassword(user, fromEnvironment);
        return;
    }
    m_credentials->readPassword(sp::db::CredentialStore::keyFor(user, where()), this,
                                [this, user](const sp::db::CredentialStore::Outcome& o) {
                                    if (o.ok())
                                        tryPassword(user, o.password);
                                    else if (m_location.isEmbedded() && isDemoUser(user))
                                        tryPassword(user, user);
                                    else
                                        fail(tr("No password for %1: set PGPASSWORD.").arg(user));
                                });
}

void DesktopApp::tryPassword(const QString& user, const QString& password)
{
    const sp::db::ConnectionSettings settings = staffSettings(user, password);
    const QString place = where();
    sp::db::whenDone(
        this, sp::staff::staffRole(settings),
        [this, settings](const QString& role) {
            if (role.isEmpty())
                fail(tr("%1 is not a StockPilot staff member.").arg(settings.user));
            else
                open(settings, role);
        },
        [this, place](const sp::db::DbError& e) {
            fail(sp::views::SignInDialog::describeFailure(e, place));
        });
}

void DesktopApp::open(const sp::db::ConnectionSettings& settings, const QString& role)
{
    m_session = std::make_unique<sp::staff::Session>(settings, role, where());
    m_window = std::make_unique<sp::views::MainWindow>(m_session.get());
    sp::views::MainWindow* window = m_window.get();
    m_scheduler = std::make_unique<sp::scheduler::Scheduler>(m_session->database());
    sp::approvals::registerAgentJobs(*m_scheduler);
    // The language model (optional) words explanations and customer messages from here too.
    sp::llm::registerLlmJobs(*m_scheduler, m_session->llm());
    sp::views::loadLlmKey(m_session->llm(), m_credentials);
    sp::views::addLanguageModelSettings(window, m_session.get(), m_credentials);
    m_watcher = std::make_unique<sp::approvals::StockWatcher>(m_session->database());
    connect(m_session->events(), &sp::db::EventStream::eventsReceived, m_watcher.get(),
            &sp::approvals::StockWatcher::applyEvents);
    auto* agent = new sp::views::AgentPages(window, m_session.get(), m_scheduler.get());
    connect(m_session.get(), &sp::staff::Session::started, window, [this, window, agent] {
        window->stockPage()->load();
        agent->load();
        if (m_options.screenshotFile.isEmpty() && !m_scheduler->isRunning()) {
            m_scheduler->start();
            startMailer();
        }
    });
    sp::views::addCustomerPages(window, m_session.get());
    sp::views::addPurchaseOrdersPage(window, m_session.get());
    sp::views::addTransfersPage(window, m_session.get());
    sp::views::addMasterDataPage(window, m_session.get());
    new sp::views::RequestsMenu(window, m_session.get());
    if (m_options.screenshotFile.isEmpty())
        startEndpoint();
    if (!m_options.screenshotFile.isEmpty()) {
        if (!window->showPage(m_options.page)) {
            fail(tr("There is no page called \"%1\".").arg(m_options.page));
            return;
        }
        connect(window, &sp::views::MainWindow::firstRowsLoaded, this, [this, window] {
            // Select the first SKU so the detail pane shows figures and history too.
            QTableView* table = window->stockPage()->tableView();
            if (table->model()->rowCount() > 0)
                table->setCurrentIndex(table->model()->index(0, 0));
            QTimer::singleShot(1500, this, &DesktopApp::takeScreenshot);
        });
        QTimer::singleShot(ScreenshotTimeoutMs, this, [this] {
            fail(tr("The stock table did not load within %1 seconds.")
                     .arg(ScreenshotTimeoutMs / 1000));
        });
    } else {
        // Closing the main window quits even while a message box is open elsewhere.
        m_window->setAttribute(Qt::WA_QuitOnClose);
    }
    m_window->show();
    m_session->start();
}

// The customer endpoint runs in this program as the settings say (http/*), with its own login:
// the embedded cluster's owner, or on a configured server the http/dbUser role (a member of
// stockpilot_endpoint) whose password libpq reads from PGPASSWORD or .pgpass.
void DesktopApp::startEndpoint()
{
    QSettings settings;
    const sp::db::ConnectionSettings login =
        m_cluster ? m_cluster->ownerSettings()
                  : sp::views::EndpointControl::endpointLogin(m_location.settings, settings);
    // Lapsed holds are returned by the scheduler's hold-expiry job, which every desktop runs.
    sp::http::EndpointConfig config;
    config.sweepIntervalMs = 0;
    m_endpoint = std::make_unique<sp::views::EndpointControl>(login, config);
    sp::views::addEndpointControls(m_window.get(), m_endpoint.get());
    m_endpoint->apply(sp::views::EndpointSettings::load(settings));
}

// Supplier e-mail leaves from here when the settings name a relay: on the embedded database as
// its owner (whoever signs in), on a server only from an admin's desktop, since the claim is
// an admin's; stockpilot-server sends it too, and a claimed message is never sent twice.
void DesktopApp::startMailer()
{
    if (m_mailer)
        return;
    QSettings settings;
    const sp::notify::SmtpSettings smtp = sp::notify::SmtpSettings::load(&settings);
    if (!smtp.isConfigured()) {
        qInfo("e-mail: no [smtp] url in %s; supplier e-mails wait in the outbox",
              qPrintable(QDir::toNativeSeparators(settings.fileName())));
        return;
    }
    if (const QString problem = smtp.problem(); !problem.isEmpty()) {
        qWarning("e-mail: off (%s)", qPrintable(problem));
        return;
    }
    sp::db::Database* db = m_session->database();
    if (m_cluster) {
        sp::db::ConnectionSettings owner = m_cluster->ownerSettings();
        owner.applicationName = QStringLiteral("stockpilot-mail");
        m_mailDatabase = std::make_unique<sp::db::Database>(owner, 1);
        db = m_mailDatabase.get();
    } else if (m_session->role() != QLatin1String("admin")) {
        qInfo("e-mail: sent by an admin's desktop or stockpilot-server, not by this %s",
              qPrintable(m_session->roleDisplayName()));
        return;
    }
    m_mailer = std::make_unique<sp::notify::Mailer>(db, smtp);
    connect(m_mailer.get(), &sp::notify::Mailer::permissionDenied, this,
            [](const QString& message) { qWarning("e-mail: off (%s)", qPrintable(message)); });
    connect(m_mailer.get(), &sp::notify::Mailer::errorOccurred, this,
            [](const QString& message) { qWarning("e-mail: %s", qPrintable(message)); });
    m_mailer->start();
}

void DesktopApp::takeScreenshot()
{
    const QPixmap pixmap = m_window->grab();
    if (pixmap.isNull() || !pixmap.save(m_options.screenshotFile, "PNG")) {
        fail(tr("Cannot write the screenshot to %1.").arg(m_options.screenshotFile));
        return;
    }
    QTextStream(stdout) << tr("Screenshot saved to %1")
                               .arg(QDir::toNativeSeparators(
                                   QFileInfo(m_options.screenshotFile).absoluteFilePath()))
                        << Qt::endl;
    quitLater(0);
}

void DesktopApp::fail(const QString& message)
{
    if (m_startup)
        m_startup->close();
    if (m_options.screenshotFile.isEmpty()) {
        QMessageBox::critical(nullptr, tr("StockPilot"), message);
    } else {
        QTextStream(stderr) << message << Qt::endl;
    }
    quitLater(1);
}

void DesktopApp::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    if (m_scheduler)
        m_scheduler->stop();
    m_mailer.reset(); // ends a transfer in progress before its database closes
    if (m_mailDatabase)
        m_mailDatabase->close();
    m_mailDatabase.reset();
    m_window.reset();
    m_endpoint.reset(); // before the embedded cluster may stop
    m_watcher.reset();
    if (m_session)
        m_session->shutdown(); // waits for a job still running on the pool
    m_scheduler.reset();
    m_session.reset();
    if (m_cluster && m_cluster->isRunning()) {
        try {
            m_cluster->stopIfIdle();
        } catch (const std::exception&) {
            // Another program may still use it; leaving it running is harmless.
        }
    }
}

} // namespace sp::app
