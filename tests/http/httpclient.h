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
inline HttpReply readReply(QTcpSocket& socket, int timeoutMs = 10000)
{
    HttpReply reply;
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (timer.elapsed() < timeoutMs) {
        if (headEnd < 0) {
            headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
                const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
                reply.status = statusLine.value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0)
                        reply.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                             lines[i].mid(colon + 1).trimmed());
                }
                length = reply.headers.value("content-length", "0").toLongLong();
                if (reply.status == 100) { // interim response: read the real one
                    buffer.remove(0, headEnd + 4);
                    reply = HttpReply();
                    headEnd = -1;
                    continue;
                }
            }
        }
        if (headEnd >= 0 && buffer.size() - headEnd - 4 >= length) {
            reply.body = buffer.mid(headEnd + 4, length);
            return reply;
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(100)) {
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                break;
            continue;
        }
        buffer += socket.readAll();
    }
    return HttpReply();
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

} // namespace sp::test
