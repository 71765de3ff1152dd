#pragma once

#include "db/connectionsettings.h"
#include "http/endpointserver.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

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
    // cannot (errorString()). Binding a socket does not wait on the database.
    bool apply(const EndpointSettings& settings);
    void stop();

    bool isRunning() const;
    const EndpointSettings& settings() const { return m_settings; }
    QString errorString() const { return m_error; }
    // For the status bar: "Endpoint: 127.0.0.1:8001", "Endpoint: off", or the error.
    QString statusText() const;
    sp::http::EndpointServer* server() const { return m_server.get(); }

signals:
    void statusChanged(const QString& text);

private:
    sp::db::ConnectionSettings m_login;
    sp::http::EndpointConfig m_config;
    EndpointSettings m_settings;
    std::unique_ptr<sp::http::EndpointServer> m_server;
    QString m_error;
};

} // namespace sp::views
