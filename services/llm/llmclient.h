#pragma once

#include <QFuture>
#include <QList>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>

class QSettings;

namespace sp::llm {

// Where the optional language model is: any server speaking OpenAI's /v1/chat/completions
// (llama.cpp, Ollama, vLLM or a hosted service).
struct LlmSettings
{
    QUrl baseUrl; // e.g. http://127.0.0.1:8080; "/v1/chat/completions" is appended
    QString model;
    QString apiKey; // from the keychain or STOCKPILOT_LLM_KEY, never a settings file
    int timeoutMs = 20'000;

    bool isConfigured() const { return baseUrl.isValid() && !baseUrl.host().isEmpty(); }
    // STOCKPILOT_LLM_URL, STOCKPILOT_LLM_MODEL, STOCKPILOT_LLM_KEY, STOCKPILOT_LLM_TIMEOUT_MS.
    static LlmSettings fromEnvironment();
    // The settings file's [llm] group (url, model, timeout_ms; never a key), then the
    // environment variables for what it leaves open. settings may be null.
    static LlmSettings load(const QSettings* settings);
    // Writes url, model and timeout_ms to the [llm] group (the key goes to the keychain).
    void save(QSettings& settings) const;
    // --llm-url and --llm-model win over everything else when given.
    void applyFlags(const QString& url, const QString& model);
};

struct ChatMessage
{
    QString role; // system, user, assistant
    QString content;
};

struct LlmReply
{
    enum class Outcome { Ok, NotConfigured, Timeout, HttpError, NetworkError, BadResponse };

    Outcome outcome = Outcome::NotConfigured;
    QString content; // the assistant's message
    QString error;   // for people and the call log
    QString model;
    int promptTokens = 0;
    int completionTokens = 0;
    qint64 latencyMs = 0;

    bool ok() const { return outcome == Outcome::Ok; }
    static QString outcomeName(Outcome outcome);
};

// Chat completions. One client per program, made from the settings (desktop: Settings >
// Language Model and the keychain; server and admin: --llm-url/--llm-model, the settings file,
// the environment); setSettings() changes it for every user at once.
//
// complete() returns at once; the future is fulfilled on this object's thread when the reply,
// an error or the time-out arrives. completeBlocking() is for worker threads (scheduled jobs,
// the command line): it waits on its own connection and event loop, never on this object's
// thread, so it cannot dead-lock with a GUI thread that is busy or shutting down.
class LlmClient final : public QObject
{
    Q_OBJECT

public:
    explicit LlmClient(LlmSettings settings, QObject* parent = nullptr);

    // A copy: the settings may change from another thread at any time.
    LlmSettings settings() const;
    void setSettings(const LlmSettings& settings);
    bool isConfigured() const;

    // purpose names the call in the log ("parse_request", "explain_suggestion", ...). With
    // expectJson the server is asked for a JSON object (response_format json_object).
    QFuture<LlmReply> complete(const QString& purpose, const QList<ChatMessage>& messages,
                               bool expectJson);
    // Several conversations at once, waiting on the calling thread for all of them; one reply
    // per conversation, in order. Never on the GUI thread.
    QList<LlmReply> completeBlocking(const QString& purpose,
                                     const QList<QList<ChatMessage>>& conversations,
                                     bool expectJson);

signals:
    // Every call, whatever its outcome, for the call log (from the thread that made it).
    void callFinished(const QString& purpose, const sp::llm::LlmReply& reply);
    void settingsChanged();

private:
    QNetworkReply* post(QNetworkAccessManager& network, const LlmSettings& settings,
                        const QList<ChatMessage>& messages, bool expectJson) const;
    static LlmReply readReply(QNetworkReply* reply, const LlmSettings& settings, qint64 latencyMs);

    mutable QMutex m_mutex;
    LlmSettings m_settings;
    QNetworkAccessManager m_network;
};

// Settings > Language Model's "Test connection": one short completion ("connection_test") with
// these settings, on a client of its own that lives on the caller's thread (parent) until the
// answer is in. Nothing waits and no database connection is used; log the reply if wanted.
QFuture<LlmReply> testConnection(const LlmSettings& settings, QObject* parent);

} // namespace sp::llm

Q_DECLARE_METATYPE(sp::llm::LlmReply)
