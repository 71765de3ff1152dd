#include "httpserver.h"

#include <QDateTime>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <sys/socket.h>

namespace sp::http {

namespace {

QByteArray problemBody(int status, const char* type, const char* title, const char* detail)
{
    return "{\"type\":\"https://stockpilot.invalid/problems/" + QByteArray(type) +
           "\",\"title\":\"" + title + "\",\"status\":" + QByteArray::number(status) +
           ",\"detail\":\"" + detail + "\"}";
}

HttpResponse problem(int status, const char* type, const char* title, const char* detail)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "application/problem+json";
    r.body = problemBody(status, type, title, detail);
    r.close = true;
    return r;
}

// "Date" changes once a second; formatting it per response would cost more than the rest of
// the head.
QByteArray httpDate()
{
    thread_local qint64 second = -1;
    thread_local QByteArray text;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != second) {
        second = now;
        text = QLocale::c()
                   .toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC),
                             QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                   .toLatin1();
    }
    return text;
}

} // namespace

QByteArray HttpRequest::header(const char* lowerName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(const char* lowerName) const
{
    for (const auto& h : headers) {
        if (h.first == lowerName)
            return true;
    }
    return false;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

// One thread's share of the connections.
class HttpIoWorker final : public QObject
{
    Q_OBJECT
public:
    explicit HttpIoWorker(HttpServer* server)
        : m_server(server)
    {}
    void adopt(qintptr descriptor);

private:
    HttpServer* m_server;
};

class HttpAcceptor final : public QTcpServer
{
    Q_OBJECT
public:
    explicit HttpAcceptor(HttpServer* server)
        : m_server(server)
    {}

protected:
    void incomingConnection(qintptr descriptor) override { m_server->accept(descriptor); }

private:
    HttpServer* m_server;
};

class HttpConnection final : public QObject
{
    Q_OBJECT
public:
    HttpConnection(HttpServer* server, HttpIoWorker* worker, qintptr descriptor);
    ~HttpConnection() override;

    void deliver(quint64 serial, HttpResponse response);
    HttpIoWorker* worker() const { return m_worker; }

private:
    enum class State { Head, Body, Waiting, Draining };

    void onReadyRead();
    void process();
    void processOne();
    bool parseHead(qsizetype headEnd);
    void dispatch(QByteArray body);
    void fail(HttpResponse response);
    void write(const HttpResponse& response);
    void finishAndDrain();
    void onTimeout();
    void armIdle();

    HttpServer* m_server;
    HttpIoWorker* m_worker;
    QTcpSocket* m_socket;
    QTimer m_timer;
    QByteArray m_buffer;
    State m_state = State::Head;
    bool m_requestStarted = false;
    HttpRequest m_request;
    qint64 m_bodyLength = 0;
    bool m_keepAlive = true;
    bool m_dispatching = false; // inside the handler: a response now continues process()'s loop
    quint64 m_serial = 0;
};

// ---------------------------------------------------------------------------------------------

HttpResponder::HttpResponder(HttpConnection* connection, quint64 serial)
    : m_connection(connection)
    , m_thread(connection->worker())
    , m_serial(serial)
{}

void HttpResponder::send(HttpResponse response) const
{
    if (!m_thread)
        return;
    // Answered on the connection's own thread (a cached answer, an early error): no need to
    // go through the event queue.
    if (QThread::currentThread() == m_thread->thread()) {
        if (m_connection)
            m_connection->deliver(m_serial, std::move(response));
        return;
    }
    // The QPointer is only looked at on the connection's own thread, where it cannot race with
    // the connection's deletion; the worker outlives every connection.
    QMetaObject::invokeMethod(
        m_thread,
        [connection = m_connection, serial = m_serial, response = std::move(response)]() mutable {
            if (connection)
                connection->deliver(serial, std::move(response));
        },
        Qt::QueuedConnection);
}

// ---------------------------------------------------------------------------------------------

HttpServer::HttpServer(HttpHandler handler, HttpLimits limits, QObject* parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_limits(limits)
{
    m_limits.ioThreads = qMax(1, m_limits.ioThreads);
}

HttpServer::~HttpServer()
{
    close();
    // Workers live until now: a responder may still post to one after close().
    qDeleteAll(m_retired);
}

bool HttpServer::listen(const QHostAddress& address, quint16 port)
{
    close();
    for (int i = 0; i < m_limits.ioThreads; ++i) {
        auto* thread = new QThread;
        thread->setObjectName(QStringLiteral("http-io-%1").arg(i));
        auto* worker = new HttpIoWorker(this);
        worker->moveToThread(thread);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    m_acceptor = new HttpAcceptor(this);
    m_acceptor->setMaxPendingConnections(1024);
    m_acceptor->moveToThread(m_threads.front());
    connect(m_threads.front(), &QThread::finished, m_acceptor, &QObject::deleteLater);
    bool ok = false;
    QMetaObject::invokeMethod(
        m_acceptor,
        [&] {
            ok = m_acceptor->listen(address, port);
            m_port = m_acceptor->serverPort();
            m_error = m_acceptor->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        const QString error = m_error;
        close();
        m_error = error;
    }
    return ok;
}

bool HttpServer::isListening() const
{
    return m_acceptor != nullptr;
}

quint16 HttpServer::serverPort() const
{
    return m_port;
}

void HttpServer::close()
{
    if (m_acceptor) {
        QMetaObject::invokeMethod(
            m_acceptor, [this] { m_acceptor->close(); }, Qt::BlockingQueuedConnection);
        m_acceptor = nullptr;
    }
    for (HttpIoWorker* worker : m_workers) {
        QMetaObject::invokeMethod(
            worker, [worker] { qDeleteAll(worker->findChildren<HttpConnection*>()); },
            Qt::BlockingQueuedConnection);
        m_retired.push_back(worker);
    }
    for (QThread* thread : m_threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
    m_port = 0;
}

void HttpServer::accept(qintptr descriptor)
{
    HttpIoWorker* worker = m_workers[m_next.fetch_add(1) % m_workers.size()];
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
}

void HttpIoWorker::adopt(qintptr descriptor)
{
    new HttpConnection(m_server, this, descriptor);
}

// ---------------------------------------------------------------------------------------------

HttpConnection::HttpConnection(HttpServer* server, HttpIoWorker* worker, qintptr descriptor)
    : QObject(worker)
    , m_server(server)
    , m_worker(worker)
    , m_socket(new QTcpSocket(this))
{
    m_socket->setSocketDescriptor(descriptor);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            deleteLater();
    });
    if (m_server->m_connections.fetch_add(1) >= m_server->m_limits.maxConnections) {
        fail(problem(503, "too-many-connections", "Too many connections",
                     "The server has too many open connections; retry shortly."));
        return;
    }
    armIdle();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

HttpConnection::~HttpConnection()
{
    m_server->m_connections.fetch_sub(1);
}

void HttpConnection::armIdle()
{
    m_requestStarted = false;
    m_timer.start(m_server->m_limits.idleTimeoutMs);
}

void HttpConnection::onTimeout()
{
    if (m_state == State::Draining || !m_requestStarted) {
        // Idle keep-alive connection, or a client that never stops sending after an error.
        m_socket->abort();
        deleteLater();
        return;
    }
    if (m_state == State::Waiting)
        return; // our own work; the response will come
    fail(problem(408, "request-timeout", "Request timeout",
                 "The request did not arrive completely in time."));
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Draining) {
        m_socket->readAll(); // discarded: we answered already and close soon
        return;
    }
    // While a request is being handled, further (pipelined) requests wait in the buffer, but
    // not without bound.
    if (m_buffer.size() > m_server->m_limits.maxHeaderBytes + m_server->m_limits.maxBodyBytes) {
        m_socket->abort();
        deleteLater();
        return;
    }
    m_buffer += m_socket->readAll();
    if (m_state != State::Waiting)
        process();
}

void HttpConnection::process()
{
    // A loop, not recursion: requests answered at once (pipelined cached reads) are many.
    for (;;) {
        const quint64 dispatched = m_serial;
        processOne();
        // Go on only after a request that was answered at once; an incomplete one waits.
        if (m_serial == dispatched || m_state != State::Head || m_buffer.isEmpty())
            return;
    }
}

void HttpConnection::processOne()
{
    const HttpLimits& limits = m_server->m_limits;
    if (m_state == State::Head) {
        if (m_buffer.isEmpty())
            return;
        if (!m_requestStarted) {
            m_requestStarted = true;
            m_timer.start(limits.requestTimeoutMs);
        }
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            if (m_buffer.size() > limits.maxHeaderBytes)
                fail(problem(431, "headers-too-large", "Request header fields too large",
                             "The request line and headers are too large."));
            return;
        }
        if (headEnd + 4 > limits.maxHeaderBytes) {
            fail(problem(431, "headers-too-large", "Request header fields too large",
                         "The request line and headers are too large."));
            return;
        }
        if (!parseHead(headEnd))
            return;
        m_buffer.remove(0, headEnd + 4);
        m_state = State::Body;
        if (m_request.header("expect").toLower() == "100-continue" && m_bodyLength > 0 &&
            m_buffer.isEmpty())
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    if (m_state == State::Body) {
        if (m_buffer.size() < m_bodyLength)
            return;
        QByteArray body;
        if (m_bodyLength > 0) {
            body = m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength);
        }
        dispatch(std::move(body));
    }
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    m_request = HttpRequest();
    m_request.peer = m_socket->peerAddress();
    // Scanned in place: no list of lines, no copies but the fields kept.
    const char* data = m_buffer.constData();
    auto lineEnd = [&](qsizetype from) {
        qsizetype at = from;
        while (at < headEnd && data[at] != '\n')
            ++at;
        return at;
    };
    auto trimmed = [&](qsizetype from, qsizetype to) {
        while (from < to && (data[from] == ' ' || data[from] == '\t' || data[from] == '\r'))
            ++from;
        while (to > from && (data[to - 1] == ' ' || data[to - 1] == '\t' || data[to - 1] == '\r'))
            --to;
        return std::pair{from, to};
    };
    const qsizetype firstEnd = lineEnd(0);
    const auto [lineFrom, lineTo] = trimmed(0, firstEnd);
    const QByteArrayView requestLine(data + lineFrom, lineTo - lineFrom);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0 || sp2 == sp1 + 1 ||
        requestLine[sp1 + 1] != '/') {
        fail(problem(400, "bad-request", "Bad request", "The request line is malformed."));
        return false;
    }
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(problem(505, "http-version", "HTTP version not supported", "Use HTTP/1.1."));
        return false;
    }
    const bool http11 = version == "HTTP/1.1";
    m_request.method = requestLine.first(sp1).toByteArray();
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const qsizetype q = target.indexOf('?');
    const QByteArrayView path = q < 0 ? target : target.first(q);
    m_request.path = path.contains('%') ? QByteArray::fromPercentEncoding(path.toByteArray())
                                        : path.toByteArray();
    m_request.query = q < 0 ? QByteArray() : target.sliced(q + 1).toByteArray();
    for (qsizetype at = firstEnd + 1; at < headEnd;) {
        const qsizetype end = lineEnd(at);
        const auto [from, to] = trimmed(at, end);
        at = end + 1;
        if (from == to)
            continue;
        const QByteArrayView line(data + from, to - from);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            fail(problem(400, "bad-request", "Bad request", "A header line is malformed."));
            return false;
        }
        QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        m_request.headers.emplace_back(std::move(name),
                                       line.sliced(colon + 1).trimmed().toByteArray());
    }
    const QByteArray connection = m_request.header("connection").toLower();
    m_keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
    if (m_request.hasHeader("transfer-encoding")) {
        fail(problem(411, "length-required", "Length required",
                     "Send the body with a Content-Length; chunked bodies are not accepted."));
        return false;
    }
    m_bodyLength = 0;
    if (m_request.hasHeader("content-length")) {
        bool ok = false;
        const QByteArray text = m_request.header("content-length");
        m_bodyLength = text.toLongLong(&ok);
        if (!ok || m_bodyLength < 0 || text.startsWith('+')) {
            fail(problem(400, "bad-request", "Bad request", "Content-Length is not a number."));
            return false;
        }
    }
    if (m_bodyLength > m_server->m_limits.maxBodyBytes) {
        fail(problem(413, "body-too-large", "Content too large",
                     "The request body is larger than the server accepts."));
        return false;
    }
    return true;
}

void HttpConnection::dispatch(QByteArray body)
{
    m_request.body = std::move(body);
    m_state = State::Waiting;
    m_timer.stop();
    HttpResponder responder(this, ++m_serial);
    m_dispatching = true;
    m_server->m_handler(std::move(m_request), responder);
    m_dispatching = false;
}

void HttpConnection::deliver(quint64 serial, HttpResponse response)
{
    if (serial != m_serial || m_state != State::Waiting)
        return;
    write(response);
    if (response.close || !m_keepAlive) {
        finishAndDrain();
        return;
    }
    m_state = State::Head;
    armIdle();
    if (!m_buffer.isEmpty() && !m_dispatching)
        process();
}

void HttpConnection::fail(HttpResponse response)
{
    response.close = true;
    write(response);
    finishAndDrain();
}

void HttpConnection::write(const HttpResponse& response)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           HttpResponse::reasonPhrase(response.status) + "\r\nDate: " + httpDate() +
           "\r\nServer: StockPilot\r\nContent-Type: " + response.contentType +
           "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto& [name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (response.close || !m_keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += response.body;
    m_socket->write(out);
    m_socket->flush(); // now, not on the next turn of the event loop
    if (m_socket->bytesToWrite() > m_server->m_limits.maxPendingOutputBytes) {
        m_state = State::Draining;
        m_socket->abort();
        deleteLater();
    }
}

// Closing a socket with unread input makes the kernel send a reset, and the client may lose the
// response it has not read yet (a 413 for a body it is still sending). So: send, shut down our
// side, read and discard for a moment, then close.
void HttpConnection::finishAndDrain()
{
    m_state = State::Draining;
    m_buffer.clear();
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    else
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket->bytesToWrite() == 0)
                ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        });
    m_socket->readAll();
    m_timer.start(2000);
}

} // namespace sp::http

#include "httpserver.moc"
