#include "signindialog.h"

#include "db/credentialstore.h"
#include "db/dberror.h"
#include "db/whendone.h"
#include "errortext.h"
#include "serversettingsdialog.h"
#include "staff/session.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sp::views {

SignInDialog::SignInDialog(SettingsFactory factory, const QString& where, QWidget* parent)
    : QDialog(parent)
    , m_factory(std::move(factory))
    , m_where(where)
{
    setWindowTitle(tr("Sign in to StockPilot"));

    auto* heading = new QLabel(tr("<b>Sign in</b> with your staff account."), this);
    m_whereLabel = new QLabel(this);
    m_whereLabel->setObjectName(QStringLiteral("where"));
    m_whereLabel->setWordWrap(true);
    m_whereLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_whereLabel->setText(tr("Database: %1").arg(where));
    m_whereLabel->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("&Remember password in the system keychain"), this);
    m_remember->setObjectName(QStringLiteral("remember"));

    auto* form = new QFormLayout;
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign In"));
    m_serverButton = m_buttons->addButton(tr("&Server…"), QDialogButtonBox::ActionRole);
    m_serverButton->setObjectName(QStringLiteral("serverButton"));
    m_serverButton->hide();
    connect(m_serverButton, &QPushButton::clicked, this, &SignInDialog::editServer);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    connect(m_user, &QLineEdit::editingFinished, this, &SignInDialog::lookUpPassword);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_whereLabel);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);
}

void SignInDialog::setServerEditable(
    const sp::db::ConnectionSettings& current,
    std::function<QString(const sp::db::ConnectionSettings&)> apply)
{
    m_server = current;
    m_applyServer = std::move(apply);
    m_serverButton->show();
}

void SignInDialog::setCredentialStore(sp::db::CredentialStore* store)
{
    m_store = store;
    lookUpPassword();
}

void SignInDialog::setUser(const QString& user)
{
    m_user->setText(user);
    lookUpPassword();
    if (!user.isEmpty())
        m_password->setFocus();
}

QString SignInDialog::user() const
{
    return m_user->text().trimmed();
}

QString SignInDialog::errorMessage() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void SignInDialog::lookUpPassword()
{
    if (!m_store || user().isEmpty())
        return;
    const QString key = sp::db::CredentialStore::keyFor(user(), m_where);
    m_store->readPassword(key, this, [this, key](const sp::db::CredentialStore::Outcome& o) {
        if (sp::db::CredentialStore::keyFor(user(), m_where) != key)
            return; // the name changed meanwhile
        if (o.ok()) {
            m_storedPassword = o.password;
            if (m_password->text().isEmpty())
                m_password->setText(o.password);
            m_remember->setChecked(true);
        } else if (o.status == sp::db::CredentialStore::Outcome::Status::Unavailable) {
            m_remember->setEnabled(false);
            m_remember->setChecked(false);
            m_remember->setText(tr("Remember password (no system keychain is available)"));
            m_remember->setToolTip(tr("No system keychain is available (%1), so passwords "
                                      "cannot be remembered.")
                                       .arg(o.error));
        }
    });
}

void SignInDialog::showError(const QString& message, bool warningOnly)
{
    m_error->setStyleSheet(warningOnly ? QStringLiteral("color: #8a5a00;")
                                       : QStringLiteral("color: #b3261e;"));
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_serverButton->setEnabled(!busy);
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

QString SignInDialog::describeFailure(const std::exception& error, const QString& where)
{
    return errorText(error, {}, where);
}

void SignInDialog::accept()
{
    if (m_busy)
        return;
    if (user().isEmpty()) {
        showError(tr("Enter your user name."));
        m_user->setFocus();
        return;
    }
    if (m_password->text().isEmpty()) {
        showError(tr("Enter your password."));
        m_password->setFocus();
        return;
    }
    showError({});
    setBusy(true);
    sp::db::ConnectionSettings settings;
    if (m_applyServer) {
        // Server mode: the settings as edited here, with the credentials typed in.
        settings = m_server;
        settings.user = user();
        settings.password = m_password->text();
    } else {
        settings = m_factory(user(), m_password->text());
    }
    const int attempt = ++m_attempt;
    const QString where = m_where;

    sp::db::ConnectionSettings probe = settings;
    probe.connectTimeoutSeconds = qMin(probe.connectTimeoutSeconds, 8);
    sp::db::whenDone(
        this, sp::staff::staffRole(probe),
        [this, settings, attempt](const QString& role) {
            if (attempt != m_attempt)
                return;
            setBusy(false);
            if (role.isEmpty()) {
                showError(tr("%1 can sign in to the database but is not a StockPilot "
                             "staff member. Ask an administrator to add the account.")
                              .arg(settings.user));
                return;
            }
            m_settings = settings;
            m_role = role;
            rememberPassword();
            QDialog::accept();
        },
        [this, attempt, where](const sp::db::DbError& e) {
            if (attempt != m_attempt)
                return;
            setBusy(false);
            showError(describeFailure(e, where));
            m_password->selectAll();
            m_password->setFocus();
        });
}

void SignInDialog::rememberPassword()
{
    if (!m_store || !m_remember->isEnabled())
        return;
    const QString key = sp::db::CredentialStore::keyFor(user(), m_where);
    if (m_remember->isChecked()) {
        if (m_storedPassword != m_settings.password)
            m_store->writePassword(key, m_settings.password, m_store);
    } else if (!m_storedPassword.isEmpty()) {
        m_store->deletePassword(key, m_store);
    }
}

void SignInDialog::editServer()
{
    ServerSettingsDialog dialog(m_server, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_server = dialog.settings();
    if (m_applyServer)
        m_where = m_applyServer(m_server);
    m_whereLabel->setText(tr("Database: %1").arg(m_where));
    m_storedPassword.clear();
    lookUpPassword();
}

} // namespace sp::views
