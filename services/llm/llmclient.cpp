#include "llmclient.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPromise>

#include <memory>
#include <nlohmann/json.hpp>

namespace sp::llm {

using nlohmann::json;

namespace {

int intValue(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

} // namespace

LlmSettings LlmSettings::fromEnvironment()
{
    LlmSettings s;
    s.baseUrl = QUrl(qEnvironmentVariable("STOCKPILOT_LLM_URL"));
    s.model = qEnvironmentVariable("STOCKPILOT_LLM_MODEL");
    s.apiKey = qEnvironmentVariable("STOCKPILOT_LLM_KEY");
    bool ok = false;
    const int timeout = qEnvironmentVariableIntValue("STOCKPILOT_LLM_TIMEOUT_MS", &ok);
    if (ok && timeout > 0)
        s.timeoutMs = timeout;
    return s;
}

QString LlmReply::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("ok");
    case Outcome::NotConfigured:
        return QStringLiteral("not_configured");
    case Outcome::Timeout:
        return QStringLiteral("timeout");
    case Outcome::HttpError:
        return QStringLiteral("http_error");
    case Outcome::NetworkError:
        return QStringLiteral("network_error");
    case Outcome::BadResponse:
        return QStringLiteral("bad_response");
    }
    return QString();
}

LlmClient::LlmClient(LlmSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    qRegisterMetaType<sp::llm::LlmReply>();
}

QFuture<LlmReply> LlmClient::complete(const QString& purpose, const QList<ChatMessage>& messages,
                                      bool expectJson)
{
    auto promise = std::make_shared<QPromise<LlmReply>>();
    promise->start();
    QFuture<LlmReply> future = promise->future();

    if (!isConfigured()) {
        LlmReply reply;
        reply.outcome = LlmReply::Outcome::NotConfigured;
        reply.error = tr("No language model is configured.");
        promise->addResult(reply);
        promise->finish();
        return future;
    }

    json body = {{"model", m_settings.model.toStdString()}, {"temperature", 0}, {"stream", false}};
    json list = json::array();
    for (const ChatMessage& m : messages)
        list.push_back({{"role", m.role.toStdString()}, {"content", m.content.toStdString()}});
    body["messages"] = std::move(list);
    if (expectJson)
        body["response_format"] = {{"type", "json_object"}};

    QUrl url = m_settings.baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.endsWith(QLatin1String("/v1")))
        path += QLatin1String("/v1");
    url.setPath(path + QLatin1String("/chat/completions"));

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!m_settings.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toUtf8());
    request.setTransferTimeout(m_settings.timeoutMs);

    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* networkReply = m_network.post(request, QByteArray::fromStdString(body.dump()));
    connect(networkReply, &QNetworkReply::finished, this,
            [this, networkReply, promise, timer, purpose]() {
                networkReply->deleteLater();
                LlmReply reply;
                reply.latencyMs = timer->elapsed();
                reply.model = m_settings.model;
                const int status =
                    networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray data = networkReply->readAll();
                if (networkReply->error() == QNetworkReply::OperationCanceledError ||
                    networkReply->error() == QNetworkReply::TimeoutError) {
                    reply.outcome = LlmReply::Outcome::Timeout;
                    reply.error = tr("The language model did not answer within %1 s.")
                                      .arg(m_settings.timeoutMs / 1000.0, 0, 'f', 1);
                } else if (status >= 400) {
                    reply.outcome = LlmReply::Outcome::HttpError;
                    reply.error = tr("The language model server answered HTTP %1.").arg(status);
                } else if (networkReply->error() != QNetworkReply::NoError) {
                    reply.outcome = LlmReply::Outcome::NetworkError;
                    reply.error = networkReply->errorString();
                } else {
                    const json doc = json::parse(data.constData(), data.constData() + data.size(),
                                                 nullptr, false);
                    const json* content = nullptr;
                    if (doc.is_object() && doc.contains("choices") && doc["choices"].is_array() &&
                        !doc["choices"].empty() && doc["choices"][0].is_object() &&
                        doc["choices"][0].contains("message") &&
                        doc["choices"][0]["message"].is_object() &&
                        doc["choices"][0]["message"].contains("content") &&
                        doc["choices"][0]["message"]["content"].is_string())
                        content = &doc["choices"][0]["message"]["content"];
                    if (!content) {
                        reply.outcome = LlmReply::Outcome::BadResponse;
                        reply.error = tr("The language model's answer was not a chat completion.");
                    } else {
                        reply.outcome = LlmReply::Outcome::Ok;
                        reply.content = QString::fromStdString(content->get<std::string>());
                        if (doc.contains("model") && doc["model"].is_string())
                            reply.model = QString::fromStdString(doc["model"].get<std::string>());
                        if (doc.contains("usage") && doc["usage"].is_object()) {
                            const json& usage = doc["usage"];
                            reply.promptTokens = intValue(usage, "prompt_tokens");
                            reply.completionTokens = intValue(usage, "completion_tokens");
                        }
                    }
                }
                emit callFinished(purpose, reply);
                promise->addResult(reply);
                promise->finish();
            });
    return future;
}

} // namespace sp::llm
