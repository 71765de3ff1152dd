#pragma once

#include <QByteArray>
#include <QList>
#include <QQueue>
#include <QTcpServer>

#include <memory>

namespace sp::test {

// A local server that speaks the OpenAI chat-completions protocol over real HTTP on loopback
// and answers with scripted replies, in order. It records every request body it received, and
// which requests the client gave up on (closed the connection before the reply was sent).
class ScriptedLlmServer final : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
        // Not sent until release(): the server stays silent as long as the test wants.
        bool held = false;
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
    // Indexes into requests() of those whose client hung up before it had the reply.
    const QList<int>& hungUp() const { return m_hungUp; }
    // Sends the held replies to the clients still waiting for them.
    void release();

private:
    struct Exchange; // one request on one connection, until it is answered or the client leaves
    void onConnection();
    static void answer(Exchange& exchange, const Reply& reply);

    QTcpServer m_server;
    QQueue<Reply> m_replies;
    QList<QByteArray> m_requests;
    QList<int> m_hungUp;
    QList<std::shared_ptr<Exchange>> m_held;
};

} // namespace sp::test
