#pragma once

#include "db/connectionsettings.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sp::db {
class CredentialStore;
}

namespace sp::views {

// Staff sign in with their database login. The connection is tried on a worker thread, so the
// dialog stays responsive while a server is slow to answer; wrong passwords and unreachable
// servers are told apart in the message. "Remember password" keeps the password in the system
// keychain only.
class SignInDialog final : public QDialog
{
    Q_OBJECT

public:
    // Makes the connection settings for a user name and password (embedded cluster or server).
    using SettingsFactory =
        std::function<sp::db::ConnectionSettings(const QString& user, const QString& password)>;

    SignInDialog(SettingsFactory factory, const QString& where, QWidget* parent = nullptr);

    // Server mode: offers "Server…" to edit host, port, database and SSL mode; the callback
    // gets the edited settings and returns the new description of where the database is.
    void setServerEditable(const sp::db::ConnectionSettings& current,
                           std::function<QString(const sp::db::ConnectionSettings&)> apply);
    void setCredentialStore(sp::db::CredentialStore* store);
    void setUser(const QString& user);

    QString user() const;
    QString errorMessage() const;
    bool isBusy() const { return m_busy; }

    // After accept(): the settings that worked and the staff role (clerk, manager, admin).
    const sp::db::ConnectionSettings& settings() const { return m_settings; }
    const QString& role() const { return m_role; }

    void accept() override;

    // Turns a failed sign-in into words: wrong credentials vs. unreachable server.
    static QString describeFailure(const std::exception& error, const QString& where);

private:
    void lookUpPassword();
    void showError(const QString& message, bool warningOnly = false);
    void setBusy(bool busy);
    void rememberPassword();
    void editServer();

    SettingsFactory m_factory;
    QString m_where;
    sp::db::ConnectionSettings m_server;
    std::function<QString(const sp::db::ConnectionSettings&)> m_applyServer;
    sp::db::CredentialStore* m_store = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QCheckBox* m_remember = nullptr;
    QLabel* m_whereLabel = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_serverButton = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    sp::db::ConnectionSettings m_settings;
    QString m_role;
    QString m_storedPassword;
    bool m_busy = false;
    int m_attempt = 0;
};

} // namespace sp::views
