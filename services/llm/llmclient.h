#pragma once

#include <QFuture>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>

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

// Asynchronous chat completions. complete() returns at once; the future is fulfilled on this
// object's thread when the reply, an error or the time-out arrives. Nothing here blocks.
class LlmClient final : public QObject
{
    Q_OBJECT

public:
    explicit LlmClient(LlmSettings settings, QObject* parent = nullptr);

    const LlmSettings& settings() const { return m_settings; }
    bool isConfigured() const { return m_settings.isConfigured(); }

    // purpose names the call in the log ("parse_request", "explain_suggestion", ...). With
    // expectJson the server is asked for a JSON object (response_format json_object).
    QFuture<LlmReply> complete(const QString& purpose, const QList<ChatMessage>& messages,
                               bool expectJson);

signals:
    // Every call, whatever its outcome, for the call log.
    void callFinished(const QString& purpose, const sp::llm::LlmReply& reply);

private:
    LlmSettings m_settings;
    QNetworkAccessManager m_network;
};

} // namespace sp::llm

Q_DECLARE_METATYPE(sp::llm::LlmReply)
