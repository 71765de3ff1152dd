#pragma once

#include <QByteArray>
#include <QList>
#include <QQueue>
#include <QTcpServer>

namespace sp::test {

// A local server that speaks the OpenAI chat-completions protocol over real HTTP on loopback
// and answers with scripted replies, in order. It records every request body it received.
class ScriptedLlmServer final : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
    };

    explicit ScriptedLlmServer(QObject* parent = nullptr);

    quint16 port() const { return m_server.serverPort(); }
    QString baseUrl() const;

    void enqueue(const Reply& reply) { m_replies.enqueue(reply); }
    // A chat completion whose assistant message is content.
    void enqueueCompletion(const QString& content, int delayMs = 0);
    static QByteArray completionBody(const QString& content, int promptTokens = 42,
                                     int completionTokens = 17);

    const QList<QByteArray>& requests() const { return m_requests; }

private:
    void onConnection();

    QTcpServer m_server;
    QQueue<Reply> m_replies;
    QList<QByteArray> m_requests;
};

} // namespace sp::test
