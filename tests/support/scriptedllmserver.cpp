#include "scriptedllmserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <utility>

namespace sp::test {

ScriptedLlmServer::ScriptedLlmServer(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedLlmServer::onConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

QString ScriptedLlmServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

QByteArray ScriptedLlmServer::completionBody(const QString& content, int promptTokens,
                                             int completionTokens)
{
    const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), content}};
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("finish_reason"), QStringLiteral("stop")}};
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), promptTokens},
                            {QStringLiteral("completion_tokens"), completionTokens},
                            {QStringLiteral("total_tokens"), promptTokens + completionTokens}};
    const QJsonObject body{{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
                           {QStringLiteral("object"), QStringLiteral("chat.completion")},
                           {QStringLiteral("model"), QStringLiteral("scripted-model")},
                           {QStringLiteral("choices"), QJsonArray{choice}},
                           {QStringLiteral("usage"), usage}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void ScriptedLlmServer::enqueueCompletion(const QString& content, int delayMs)
{
    enqueue({200, completionBody(content), delayMs});
}

struct ScriptedLlmServer::Exchange
{
    QPointer<QTcpSocket> socket;
    int request = -1;
    Reply reply;
    bool over = false; // answered, or the client left first
};

void ScriptedLlmServer::answer(Exchange& exchange, const Reply& reply)
{
    if (exchange.over || !exchange.socket)
        return;
    exchange.over = true;
    exchange.socket->write("HTTP/1.1 " + QByteArray::number(reply.status) +
                           " Scripted\r\nContent-Type: application/json\r\nContent-Length: " +
                           QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n" +
                           reply.body);
    exchange.socket->disconnectFromHost();
}

void ScriptedLlmServer::release()
{
    const QList<std::shared_ptr<Exchange>> held = std::exchange(m_held, {});
    for (const std::shared_ptr<Exchange>& exchange : held)
        answer(*exchange, exchange->reply);
}

void ScriptedLlmServer::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        auto current = std::make_shared<std::shared_ptr<Exchange>>();
        const auto left = [this, current]() {
            if (*current && !(*current)->over) {
                (*current)->over = true;
                m_hungUp.append((*current)->request);
            }
        };
        connect(socket, &QTcpSocket::errorOccurred, this, left);
        connect(socket, &QTcpSocket::disconnected, this, left);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, current]() {
            buffer->append(socket->readAll());
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray& line : buffer->left(headerEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer->size() < headerEnd + 4 + length)
                return;
            m_requests.append(buffer->mid(headerEnd + 4, length));
            buffer->clear();
            auto exchange = std::make_shared<Exchange>();
            exchange->socket = socket;
            exchange->request = int(m_requests.size() - 1);
            exchange->reply = m_replies.isEmpty() ? Reply{500, "{\"error\":\"no script\"}", 0}
                                                  : m_replies.dequeue();
            *current = exchange;
            if (exchange->reply.held) {
                m_held.append(exchange);
                return;
            }
            QTimer::singleShot(exchange->reply.delayMs, this,
                               [exchange]() { answer(*exchange, exchange->reply); });
        });
    }
}

} // namespace sp::test
