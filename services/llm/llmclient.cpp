#include "llmclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QPromise>
#include <QSettings>

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

LlmSettings LlmSettings::load(const QSettings* settings)
{
    LlmSettings s = fromEnvironment();
    if (!settings)
        return s;
    if (const QString url = settings->value(QStringLiteral("llm/url")).toString(); !url.isEmpty())
        s.baseUrl = QUrl(url);
    if (const QString model = settings->value(QStringLiteral("llm/model")).toString();
        !model.isEmpty())
        s.model = model;
    bool ok = false;
    const int timeout = settings->value(QStringLiteral("llm/timeout_ms")).toInt(&ok);
    if (ok && timeout > 0)
        s.timeoutMs = timeout;
    return s;
}

void LlmSettings::save(QSettings& settings) const
{
    settings.setValue(QStringLiteral("llm/url"), baseUrl.toString());
    settings.setValue(QStringLiteral("llm/model"), model);
    settings.setValue(QStringLiteral("llm/timeout_ms"), timeoutMs);
}

void LlmSettings::applyFlags(const QString& url, const QString& modelName)
{
    if (!url.isEmpty())
        baseUrl = QUrl(url);
    if (!modelName.isEmpty())
        model = modelName;
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

LlmSettings LlmClient::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

void LlmClient::setSettings(const LlmSettings& settings)
{
    {
        QMutexLocker lock(&m_mutex);
        m_settings = settings;
    }
    emit settingsChanged();
}

bool LlmClient::isConfigured() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings.isConfigured();
}

QNetworkReply* LlmClient::post(QNetworkAccessManager& network, const LlmSettings& settings,
                               const QList<ChatMessage>& messages, bool expectJson) const
{
    json body = {{"model", settings.model.toStdString()}, {"temperature", 0}, {"stream", false}};
    json list = json::array();
    for (const ChatMessage& m : messages)
        list.push_back({{"role", m.role.toStdString()}, {"content", m.content.toStdString()}});
    body["messages"] = std::move(list);
    if (expectJson)
        body["response_format"] = {{"type", "json_object"}};

    QUrl url = settings.baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.endsWith(QLatin1String("/v1")))
        path += QLatin1String("/v1");
    url.setPath(path + QLatin1String("/chat/completions"));

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!settings.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + settings.apiKey.toUtf8());
    request.setTransferTimeout(settings.timeoutMs);
    return network.post(request, QByteArray::fromStdString(body.dump()));
}

LlmReply LlmClient::readReply(QNetworkReply* networkReply, const LlmSettings& settings,
                              qint64 latencyMs)
{
    LlmReply reply;
    reply.latencyMs = latencyMs;
    reply.model = settings.model;
    const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = networkReply->readAll();
    if (networkReply->error() == QNetworkReply::OperationCanceledError ||
        networkReply->error() == QNetworkReply::TimeoutError) {
        reply.outcome = LlmReply::Outcome::Timeout;
        reply.error = tr("The language model did not answer within %1 s.")
                          .arg(settings.timeoutMs / 1000.0, 0, 'f', 1);
    } else if (status >= 400) {
        reply.outcome = LlmReply::Outcome::HttpError;
        reply.error = tr("The language model server answered HTTP %1.").arg(status);
    } else if (networkReply->error() != QNetworkReply::NoError) {
        reply.outcome = LlmReply::Outcome::NetworkError;
        reply.error = networkReply->errorString();
    } else {
        const json doc =
            json::parse(data.constData(), data.constData() + data.size(), nullptr, false);
        const json* content = nullptr;
        if (doc.is_object() && doc.contains("choices") && doc["choices"].is_array() &&
            !doc["choices"].empty() && doc["choices"][0].is_object() &&
            doc["choices"][0].contains("message") && doc["choices"][0]["message"].is_object() &&
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
    return reply;
}

QFuture<LlmReply> LlmClient::complete(const QString& purpose, const QList<ChatMessage>& messages,
                                      bool expectJson)
{
    auto promise = std::make_shared<QPromise<LlmReply>>();
    promise->start();
    QFuture<LlmReply> future = promise->future();

    const LlmSettings settings = this->settings();
    if (!settings.isConfigured()) {
        LlmReply reply;
        reply.outcome = LlmReply::Outcome::NotConfigured;
        reply.error = tr("No language model is configured.");
        promise->addResult(reply);
        promise->finish();
        return future;
    }

    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* networkReply = post(m_network, settings, messages, expectJson);
    connect(networkReply, &QNetworkReply::finished, this,
            [this, networkReply, promise, timer, purpose, settings]() {
                networkReply->deleteLater();
                const LlmReply reply = readReply(networkReply, settings, timer->elapsed());
                emit callFinished(purpose, reply);
                promise->addResult(reply);
                promise->finish();
            });
    return future;
}

QList<LlmReply> LlmClient::completeBlocking(const QString& purpose,
                                            const QList<QList<ChatMessage>>& conversations,
                                            bool expectJson)
{
    const LlmSettings settings = this->settings();
    QList<LlmReply> replies(conversations.size());
    if (!settings.isConfigured()) {
        for (LlmReply& reply : replies) {
            reply.outcome = LlmReply::Outcome::NotConfigured;
            reply.error = tr("No language model is configured.");
        }
        return replies;
    }
    // A network access manager of this thread: the client's own lives on its thread.
    QNetworkAccessManager network;
    QEventLoop loop;
    QElapsedTimer timer;
    timer.start();
    qsizetype open = conversations.size();
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        QNetworkReply* networkReply = post(network, settings, conversations.at(i), expectJson);
        connect(networkReply, &QNetworkReply::finished, &loop, [&, i, networkReply, purpose]() {
            networkReply->deleteLater();
            replies[i] = readReply(networkReply, settings, timer.elapsed());
            emit callFinished(purpose, replies[i]);
            if (--open == 0)
                loop.quit();
        });
    }
    if (open > 0)
        loop.exec();
    return replies;
}

QFuture<LlmReply> testConnection(const LlmSettings& settings, QObject* parent)
{
    auto* client = new LlmClient(settings, parent);
    QObject::connect(client, &LlmClient::callFinished, client, &QObject::deleteLater);
    QFuture<LlmReply> reply =
        client->complete(QStringLiteral("connection_test"),
                         {{QStringLiteral("user"), QStringLiteral("Reply with: OK")}}, false);
    if (reply.isFinished())
        client->deleteLater(); // not configured: no call was made
    return reply;
}

} // namespace sp::llm
