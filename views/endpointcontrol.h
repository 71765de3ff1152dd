#pragma once

#include "db/connectionsettings.h"
#include "http/endpointserver.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QSettings;

namespace sp::http {
class EndpointServer;
}

namespace sp::views {

// Where the embedded customer endpoint listens, and whether it runs: QSettings keys
// http/enabled (default true), http/address (127.0.0.1), http/port (8001).
struct EndpointSettings
{
    bool enabled = true;
    QString address = QStringLiteral("127.0.0.1");
    int port = 8001;

    static EndpointSettings load(const QSettings& settings);
    void save(QSettings& settings) const;
    QString listenText() const; // "127.0.0.1:8001"
    bool operator==(const EndpointSettings&) const = default;
};

// Runs the customer HTTP endpoint inside the desktop program, the same EndpointServer the
// headless stockpilot-server runs, started and stopped as the settings say. Its database login
// is its own (endpoint functions only), given by the caller; see endpointLogin().
// A server being stopped finishes its requests in the database in the background, never on
// the GUI thread; a new one starts when it has finished.
class EndpointControl final : public QObject
{
    Q_OBJECT

public:
    explicit EndpointControl(sp::db::ConnectionSettings login, sp::http::EndpointConfig config = {},
                             QObject* parent = nullptr);
    ~EndpointControl() override;

    // Who the endpoint connects as. Embedded cluster: its owner (may call every endpoint
    // function). A configured server: that server with the user in http/dbUser (default
    // stockpilot_server, a member of stockpilot_endpoint) and no password here: libpq takes
    // it from PGPASSWORD or ~/.pgpass.
    static sp::db::ConnectionSettings endpointLogin(const sp::db::ConnectionSettings& server,
                                                    const QSettings& settings);

    // Starts, restarts or stops the endpoint as the settings say; false when it should run and
    // cannot (errorString()). Neither binding a socket nor stopping waits on the database: while
    // a server that was running finishes its requests, isStarting() is true and the new one
    // starts when it is done (statusChanged then tells whether it runs).
    bool apply(const EndpointSettings& settings);
    void stop();

    bool isRunning() const;
    bool isStarting() const { return m_startPending; }
    const EndpointSettings& settings() const { return m_settings; }
    QString errorString() const { return m_error; }
    // For the status bar: "Endpoint: 127.0.0.1:8001", "Endpoint: off", or the error.
    QString statusText() const;
    sp::http::EndpointServer* server() const { return m_server.get(); }

signals:
    void statusChanged(const QString& text);

private:
    // Stops the running server without waiting for its requests; it is deleted once done.
    void retireServer();
    void serverStopped(sp::http::EndpointServer* server);
    // Starts a server as m_settings say; false with m_error when it cannot listen.
    bool startServer();

    sp::db::ConnectionSettings m_login;
    sp::http::EndpointConfig m_config;
    EndpointSettings m_settings;
    std::unique_ptr<sp::http::EndpointServer> m_server;
    std::vector<std::unique_ptr<sp::http::EndpointServer>> m_stopping;
    bool m_startPending = false; // start once m_stopping is empty
    QString m_error;
};

} // namespace sp::views
