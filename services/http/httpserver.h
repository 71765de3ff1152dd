#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace sp::http {

// What a connection may cost the server. A customer-facing endpoint needs every one of these:
// without them one client can hold memory (huge bodies, endless headers), sockets (idle or
// trickling connections) or the whole listener (too many connections).
struct HttpLimits
{
    qint64 maxBodyBytes = 64 * 1024; // larger declared bodies: 413 before any body is read
    int maxHeaderBytes = 8 * 1024;   // request line + headers; more: 431
    int maxConnections = 1024;       // more: 503 and close at once
    int idleTimeoutMs = 15'000;      // keep-alive connection with no request: closed
    int requestTimeoutMs = 10'000;   // a started request must be complete by then: 408
    qint64 maxPendingOutputBytes = 4 * 1024 * 1024; // a client that does not read: closed
    int ioThreads = 2;
};

struct HttpRequest
{
    QByteArray method;
    QByteArray path;  // percent-decoded, without the query
    QByteArray query; // raw, after '?'
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QHostAddress peer;

    // The first header with this (lower-case) name, or a null QByteArray.
    QByteArray header(const char* lowerName) const;
    bool hasHeader(const char* lowerName) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool close = false; // close the connection after this response

    void addHeader(const QByteArray& name, const QByteArray& value)
    {
        headers.append(qMakePair(name, value));
    }

    static QByteArray reasonPhrase(int status);
};

class HttpConnection;

// Sends the response to one request. Copyable, callable from any thread, at most once per
// request; a response for a client that has gone away is dropped.
class HttpResponder
{
public:
    HttpResponder() = default;
    void send(HttpResponse response) const;

private:
    friend class HttpConnection;
    HttpResponder(HttpConnection* connection, quint64 serial);
    QPointer<HttpConnection> m_connection;
    QObject* m_thread = nullptr; // an object living on the connection's thread
    quint64 m_serial = 0;
};

using HttpHandler = std::function<void(HttpRequest&& request, HttpResponder responder)>;

class HttpAcceptor;
class HttpIoWorker;

// A small HTTP/1.1 server on QTcpServer with the limits above. Requests on one connection are
// answered in order (the next one is read only after the previous response was written). The
// listener and the connections live on their own threads, so an owner on the GUI thread never
// parses a byte, and a test may block its own thread on a socket.
//
// Why not QtHttpServer: in Qt 6.4 it buffers whole bodies before a handler sees them (no 413
// before 200 MB are in memory), has no header limit, idle timeout or connection cap, ignores
// "Connection: close" and crashes with QFuture routes under load.
class HttpServer final : public QObject
{
    Q_OBJECT

public:
    explicit HttpServer(HttpHandler handler, HttpLimits limits = {}, QObject* parent = nullptr);
    ~HttpServer() override;

    // Returns false (with errorString()) when the address cannot be bound.
    bool listen(const QHostAddress& address, quint16 port);
    void close();
    bool isListening() const;
    quint16 serverPort() const;
    QString errorString() const { return m_error; }
    const HttpLimits& limits() const { return m_limits; }
    int connectionCount() const { return m_connections.load(); }

private:
    friend class HttpAcceptor;
    friend class HttpConnection;
    void accept(qintptr descriptor);

    HttpHandler m_handler;
    HttpLimits m_limits;
    std::vector<QThread*> m_threads; // [0] accepts; all run connections
    std::vector<HttpIoWorker*> m_workers;
    std::vector<HttpIoWorker*> m_retired;
    HttpAcceptor* m_acceptor = nullptr;
    std::atomic<int> m_connections{0};
    std::atomic<unsigned> m_next{0};
    quint16 m_port = 0;
    QString m_error;
};

} // namespace sp::http
