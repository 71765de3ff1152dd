#include "scriptedllmserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

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

void ScriptedLlmServer::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer]() {
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
            const Reply reply = m_replies.isEmpty() ? Reply{500, "{\"error\":\"no script\"}", 0}
                                                    : m_replies.dequeue();
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(reply.delayMs, this, [guard, reply]() {
                if (!guard)
                    return;
                guard->write("HTTP/1.1 " + QByteArray::number(reply.status) +
                             " Scripted\r\nContent-Type: application/json\r\nContent-Length: " +
                             QByteArray::number(reply.body.size()) +
                             "\r\nConnection: close\r\n\r\n" + reply.body);
                guard->disconnectFromHost();
            });
        });
    }
}

} // namespace sp::test
