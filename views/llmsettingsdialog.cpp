#include "llmsettingsdialog.h"

#include "db/credentialstore.h"
#include "db/database.h"
#include "db/whendone.h"
#include "errortext.h"
#include "llm/llmcalllog.h"
#include "llmcallsmodel.h"
#include "mainwindow.h"
#include "staff/session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace sp::views {

namespace {

using sp::db::CredentialStore;

QString keychainProblem(const CredentialStore::Outcome& o)
{
    return o.error.isEmpty() ? LlmSettingsDialog::tr("the system keychain is not available")
                             : o.error;
}

} // namespace

QString LlmSettingsDialog::keychainKey(const QUrl& baseUrl)
{
    const QString server = baseUrl.port() > 0
                               ? QStringLiteral("%1:%2").arg(baseUrl.host()).arg(baseUrl.port())
                               : baseUrl.host();
    return CredentialStore::keyFor(QStringLiteral("language-model"), server);
}

LlmSettingsDialog::LlmSettingsDialog(sp::llm::LlmClient* client, CredentialStore* store,
                                     sp::db::Database* db, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_store(store)
    , m_db(db)
    , m_url(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_timeout(new QSpinBox(this))
    , m_key(new QLineEdit(this))
    , m_keyState(new QLabel(this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_forget(new QPushButton(tr("&Forget key"), this))
    , m_testResult(new QLabel(this))
    , m_status(new QLabel(this))
    , m_callsMessage(new QLabel(this))
    , m_callsView(new QTableView(this))
    , m_calls(new sp::models::LlmCallsModel(db, this))
{
    setWindowTitle(tr("Language model"));
    m_url->setObjectName(QStringLiteral("llmUrl"));
    m_model->setObjectName(QStringLiteral("llmModel"));
    m_timeout->setObjectName(QStringLiteral("llmTimeout"));
    m_key->setObjectName(QStringLiteral("llmKey"));
    m_keyState->setObjectName(QStringLiteral("llmKeyState"));
    m_test->setObjectName(QStringLiteral("llmTest"));
    m_forget->setObjectName(QStringLiteral("llmForgetKey"));
    m_testResult->setObjectName(QStringLiteral("llmTestResult"));
    m_status->setObjectName(QStringLiteral("llmStatus"));
    m_callsView->setObjectName(QStringLiteral("llmCalls"));
    m_callsMessage->setObjectName(QStringLiteral("llmCallsMessage"));

    const sp::llm::LlmSettings current = client->settings();
    m_url->setText(current.baseUrl.toString());
    m_url->setPlaceholderText(tr("e.g. http://127.0.0.1:8080 (empty: no language model)"));
    m_url->setToolTip(tr("Any server with an OpenAI-compatible /v1/chat/completions: llama.cpp, "
                         "Ollama, vLLM or a hosted service."));
    m_model->setText(current.model);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(qBound(1, current.timeoutMs / 1000, 600));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(current.apiKey.isEmpty() ? tr("none")
                                                       : tr("unchanged (in the keychain)"));
    m_keyState->setWordWrap(true);
    m_keyState->setText(tr("The key is kept in the system keychain, never in a settings file."));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_callsMessage->setWordWrap(true);
    m_callsMessage->hide();

    m_callsView->setModel(m_calls);
    m_callsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_callsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_callsView->verticalHeader()->hide();
    m_callsView->horizontalHeader()->setStretchLastSection(true);
    m_callsView->setMinimumHeight(fontMetrics().height() * 10);

    auto* form = new QFormLayout;
    form->addRow(tr("Server &URL:"), m_url);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("T&ime-out:"), m_timeout);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_forget);
    form->addRow(tr("API &key:"), keyRow);
    form->addRow(QString(), m_keyState);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);

    auto* usage = new QLabel(
        tr("The language model only words things: it reads free-text requests (checked against "
           "your own words), explains suggestions from their numbers and rewords customer "
           "messages. It never decides or changes anything, and without it templates and the "
           "rule-based reader are used."),
        this);
    usage->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &LlmSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LlmSettingsDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &LlmSettingsDialog::testConnection);
    connect(m_forget, &QPushButton::clicked, this, &LlmSettingsDialog::forgetKey);
    connect(m_calls, &sp::models::LlmCallsModel::errorOccurred, this, [this](const QString& m) {
        m_callsMessage->setText(tr("The call log cannot be shown: %1").arg(m));
        m_callsMessage->show();
    });
    connect(m_calls, &sp::models::LlmCallsModel::loaded, this, [this] {
        m_callsMessage->hide();
        m_callsView->resizeColumnsToContents();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(usage);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(new QLabel(tr("Recent calls:"), this));
    layout->addWidget(m_callsMessage);
    layout->addWidget(m_callsView, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 100, sizeHint().height());

    m_calls->reload();
}

sp::llm::LlmSettings LlmSettingsDialog::settings() const
{
    sp::llm::LlmSettings s = m_client->settings();
    const QUrl before = s.baseUrl;
    s.baseUrl = QUrl(m_url->text().trimmed());
    s.model = m_model->text().trimmed();
    s.timeoutMs = m_timeout->value() * 1000;
    if (!m_key->text().isEmpty())
        s.apiKey = m_key->text();
    else if (keychainKey(before) != keychainKey(s.baseUrl))
        s.apiKey.clear(); // another server's key is not sent anywhere else
    return s;
}

QString LlmSettingsDialog::validate() const
{
    const QString text = m_url->text().trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("\"%1\" is not an http:// or https:// address with a host.").arg(text);
    if (m_model->text().trimmed().isEmpty())
        return tr("Name the model the server should use.");
    return {};
}

void LlmSettingsDialog::testConnection()
{
    if (const QString problem = validate(); !problem.isEmpty()) {
        m_testResult->setText(problem);
        emit tested(false, problem);
        return;
    }
    const sp::llm::LlmSettings s = settings();
    if (!s.isConfigured()) {
        const QString text = tr("No server is set: the templates and the rule-based reader are "
                                "used.");
        m_testResult->setText(text);
        emit tested(false, text);
        return;
    }
    m_test->setEnabled(false);
    m_testResult->setText(tr("Testing…"));
    // The model is asked without a database connection, which a slow answer would keep from
    // everyone else for up to the time-out; the log row is one short statement afterwards.
    sp::db::whenDone(
        this, sp::llm::testConnection(s, this),
        [this](const sp::llm::LlmReply& reply) {
            m_test->setEnabled(true);
            const QString text =
                reply.ok() ? tr("Connected: %1 answered in %2 ms.")
                                 .arg(reply.model.isEmpty() ? tr("the model") : reply.model)
                                 .arg(reply.latencyMs)
                           : tr("Not working: %1").arg(reply.error);
            m_testResult->setText(text);
            emit tested(reply.ok(), text);
            // The test's answer matters more than its log row: a failed write is not shown.
            sp::db::whenDone(
                this, sp::llm::LlmCallLog::write(*m_db, QStringLiteral("connection_test"), reply),
                [this](qint64) { m_calls->reload(); },
                [this](const sp::db::DbError&) { m_calls->reload(); });
        },
        [this](const sp::db::DbError& e) {
            m_test->setEnabled(true);
            const QString text = tr("Not tested: %1").arg(errorText(e));
            m_testResult->setText(text);
            emit tested(false, text);
        });
}

void LlmSettingsDialog::forgetKey()
{
    const QUrl url(m_url->text().trimmed());
    sp::llm::LlmSettings s = m_client->settings();
    s.apiKey.clear();
    m_client->setSettings(s);
    m_key->clear();
    m_key->setPlaceholderText(tr("none"));
    m_store->deletePassword(keychainKey(url), this, [this](const CredentialStore::Outcome& o) {
        m_keyState->setText(o.ok() || o.status == CredentialStore::Outcome::Status::NotFound
                                ? tr("No key is stored for this server.")
                                : tr("The key could not be removed: %1").arg(keychainProblem(o)));
    });
}

void LlmSettingsDialog::accept()
{
    if (m_saving)
        return;
    if (const QString problem = validate(); !problem.isEmpty()) {
        m_status->setText(problem);
        return;
    }
    const sp::llm::LlmSettings s = settings();
    QSettings file;
    s.save(file);
    m_client->setSettings(s);
    const QString typed = m_key->text();
    if (typed.isEmpty()) {
        // Another server: its own key, if the keychain has one.
        loadLlmKey(m_client, m_store);
        emit saved();
        QDialog::accept();
        return;
    }
    m_saving = true;
    m_status->setText(tr("Storing the key in the system keychain…"));
    m_store->writePassword(
        keychainKey(s.baseUrl), typed, this, [this](const CredentialStore::Outcome& o) {
            m_saving = false;
            m_key->clear();
            if (o.ok()) {
                m_status->setText(tr("Saved; the key is in the system keychain."));
                emit saved();
                QDialog::accept();
                return;
            }
            // Settings are saved and the key works until the program ends; it is just not kept.
            m_key->setPlaceholderText(tr("in use until you quit (not stored)"));
            m_status->setText(
                tr("Settings saved, but the key was not stored: %1. It is used until you quit; "
                   "to keep one without a keychain, set STOCKPILOT_LLM_KEY.")
                    .arg(keychainProblem(o)));
            emit saved();
        });
}

void loadLlmKey(sp::llm::LlmClient* client, CredentialStore* store)
{
    const QUrl url = client->settings().baseUrl;
    if (url.host().isEmpty())
        return;
    store->readPassword(LlmSettingsDialog::keychainKey(url), client,
                        [client, url](const CredentialStore::Outcome& o) {
                            sp::llm::LlmSettings s = client->settings();
                            if (!o.ok() || s.baseUrl != url)
                                return;
                            s.apiKey = o.password;
                            client->setSettings(s);
                        });
}

void addLanguageModelSettings(MainWindow* window, sp::staff::Session* session,
                              CredentialStore* store)
{
    QAction* action = window->settingsMenu()->addAction(LlmSettingsDialog::tr("&Language Model…"));
    action->setObjectName(QStringLiteral("actionLlmSettings"));
    QObject::connect(action, &QAction::triggered, window, [window, session, store] {
        auto* dialog = new LlmSettingsDialog(session->llm(), store, session->database(), window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}

} // namespace sp::views
