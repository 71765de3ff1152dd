#pragma once

#include "llm/llmclient.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace sp::db {
class CredentialStore;
class Database;
} // namespace sp::db

namespace sp::models {
class LlmCallsModel;
}

namespace sp::staff {
class Session;
}

namespace sp::views {

class MainWindow;

// Settings → Language Model…: the OpenAI-compatible server's base URL, the model and the
// time-out (QSettings llm/*), the API key (system keychain only, never the settings file), a
// "Test connection" that says what happened (it blocks nothing and holds no database connection
// while the model answers), and the most recent calls from the call log. OK saves and applies
// the settings to the program's client at once.
class LlmSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    LlmSettingsDialog(sp::llm::LlmClient* client, sp::db::CredentialStore* store,
                      sp::db::Database* db, QWidget* parent = nullptr);

    // The settings as edited (the key: the one typed, else the client's current one).
    sp::llm::LlmSettings settings() const;
    void accept() override;
    void testConnection();
    void forgetKey();

    sp::models::LlmCallsModel* callsModel() const { return m_calls; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* testLabel() const { return m_testResult; }

    // The keychain entry of a server's key (one per server, as passwords are per database).
    static QString keychainKey(const QUrl& baseUrl);

signals:
    // The test finished; text is what the dialog shows.
    void tested(bool ok, const QString& text);
    // OK finished: the settings are saved and applied (and the key stored, if one was typed).
    void saved();

private:
    QString validate() const;

    sp::llm::LlmClient* m_client;
    sp::db::CredentialStore* m_store;
    sp::db::Database* m_db;
    QLineEdit* m_url;
    QLineEdit* m_model;
    QSpinBox* m_timeout;
    QLineEdit* m_key;
    QLabel* m_keyState;
    QPushButton* m_test;
    QPushButton* m_forget;
    QLabel* m_testResult;
    QLabel* m_status;
    QLabel* m_callsMessage;
    QTableView* m_callsView;
    sp::models::LlmCallsModel* m_calls;
    bool m_saving = false;
};

// Reads the key for the client's server from the keychain and gives it to the client (it
// keeps STOCKPILOT_LLM_KEY when the keychain has none). Asynchronous; nothing waits.
void loadLlmKey(sp::llm::LlmClient* client, sp::db::CredentialStore* store);

// Settings → Language Model… in the main window.
void addLanguageModelSettings(MainWindow* window, sp::staff::Session* session,
                              sp::db::CredentialStore* store);

} // namespace sp::views
