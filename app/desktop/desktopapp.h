#pragma once

#include "db/databaselocation.h"
#include "db/embeddedcluster.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

namespace sp::db {
class CredentialStore;
class Database;
} // namespace sp::db
namespace sp::notify {
class Mailer;
}
namespace sp::scheduler {
class Scheduler;
}
namespace sp::approvals {
class StockWatcher;
}

namespace sp::staff {
class Session;
}

namespace sp::views {
class EndpointControl;
class MainWindow;
class SignInDialog;
class StartupWindow;
} // namespace sp::views

namespace sp::app {

struct DesktopOptions
{
    QString dbUri;
    QString dataDir;
    QString user;
    QString screenshotFile; // non-empty: render the main window to this PNG and quit
    QString page = QStringLiteral("stock");
};

// The desktop program's start-up: find the database, prepare the embedded cluster off the GUI
// thread (start, migrate, demo data) with a progress window, sign in, open the main window, and
// on quit stop the event stream and, if nobody else uses it, the embedded cluster.
class DesktopApp final : public QObject
{
    Q_OBJECT

public:
    explicit DesktopApp(DesktopOptions options, QObject* parent = nullptr);
    ~DesktopApp() override;

    void start();

private:
    void prepareEmbedded();
    void signIn();
    void signInNonInteractive();
    void tryPassword(const QString& user, const QString& password);
    void open(const sp::db::ConnectionSettings& settings, const QString& role);
    void startEndpoint();
    void startMailer();
    void takeScreenshot();
    void fail(const QString& message);
    void shutdown();
    sp::db::ConnectionSettings staffSettings(const QString& user, const QString& password) const;
    QString where() const;

    DesktopOptions m_options;
    sp::db::DatabaseLocation m_location;
    std::optional<sp::db::EmbeddedCluster> m_cluster;
    sp::db::CredentialStore* m_credentials = nullptr;
    QPointer<sp::views::StartupWindow> m_startup;
    std::unique_ptr<sp::staff::Session> m_session;
    std::unique_ptr<sp::views::MainWindow> m_window;
    std::unique_ptr<sp::views::EndpointControl> m_endpoint;
    // The agent's jobs run from every desktop (each run takes its advisory lock).
    std::unique_ptr<sp::scheduler::Scheduler> m_scheduler;
    std::unique_ptr<sp::approvals::StockWatcher> m_watcher;
    // Supplier e-mail ([smtp] of the settings), on the embedded owner's connection of its own
    // or an admin's session; destroyed before either.
    std::unique_ptr<sp::db::Database> m_mailDatabase;
    std::unique_ptr<sp::notify::Mailer> m_mailer;
    bool m_shutDown = false;
};

} // namespace sp::app
