#pragma once

// A deliberately plain, blocking HTTP/1.1 client for the endpoint tests: one request per
// connection unless a socket is passed in, raw bytes on the wire so that tests can send exactly
// the malformed things real clients send.

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

namespace sp::test {

struct HttpReply
{
    int status = 0;                        // 0: no response (connection closed or timed out)
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const char* name) const { return headers.value(name); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Reads one response from the socket (blocking, up to timeoutMs).
// Reads exactly one reply: the status line and headers line by line, then Content-Length bytes.
// Anything after it (the next reply of pipelined requests) stays in the socket for the next
// call; reading the socket dry here would lose replies that arrived in the same segment.
inline HttpReply readReply(QTcpSocket& socket, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    auto waitUntil = [&](const auto& ready) {
        while (!ready()) {
            if (timer.elapsed() >= timeoutMs)
                return false;
            if (!socket.waitForReadyRead(100) &&
                socket.state() != QAbstractSocket::ConnectedState && !ready())
                return false;
        }
        return true;
    };
    for (;;) {
        HttpReply reply;
        QList<QByteArray> lines;
        for (;;) {
            if (!waitUntil([&] { return socket.canReadLine(); }))
                return HttpReply();
            const QByteArray line = socket.readLine();
            if (line == "\r\n" || line == "\n")
                break;
            lines.append(line.trimmed());
        }
        if (lines.isEmpty())
            return HttpReply();
        reply.status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                reply.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                     lines[i].mid(colon + 1).trimmed());
        }
        if (reply.status == 100)
            continue; // an interim response: read the real one
        const qint64 length = reply.headers.value("content-length", "0").toLongLong();
        if (!waitUntil([&] { return socket.bytesAvailable() >= length; }))
            return HttpReply();
        reply.body = socket.read(length);
        return reply;
    }
}

inline QByteArray rawRequest(const QByteArray& method, const QByteArray& path,
                             const Headers& headers, const QByteArray& body)
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\n";
    bool hasType = false;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
        hasType = hasType || name.toLower() == "content-type";
    }
    if (!body.isEmpty() && !hasType)
        out += "Content-Type: application/json\r\n";
    if (!body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

inline HttpReply send(QTcpSocket& socket, const QByteArray& raw, int timeoutMs = 10000)
{
    socket.write(raw);
    while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(timeoutMs)) {
    }
    return readReply(socket, timeoutMs);
}

inline HttpReply request(quint16 port, const QByteArray& method, const QByteArray& path,
                         const Headers& headers = {}, const QByteArray& body = {})
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return {};
    return send(socket, rawRequest(method, path, headers, body));
}

// GET from another thread while this one keeps processing events: for servers that answer on
// the test's own thread (the desktop's embedded endpoint). Status 0 after 15 s without a reply.
inline HttpReply getWhileProcessingEvents(quint16 port, const QByteArray& path)
{
    QFuture<HttpReply> reply =
        QtConcurrent::run([port, path] { return request(port, "GET", path); });
    QElapsedTimer clock;
    clock.start();
    while (!reply.isFinished() && clock.elapsed() < 15000)
        QTest::qWait(10);
    return reply.isFinished() ? reply.result() : HttpReply();
}

} // namespace sp::test
