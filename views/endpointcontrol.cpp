#include "endpointcontrol.h"

#include "http/endpointserver.h"

#include <QSettings>
#include <QTcpServer>

#include <algorithm>

namespace sp::views {

namespace {

const QString EnabledKey = QStringLiteral("http/enabled");
const QString AddressKey = QStringLiteral("http/address");
const QString PortKey = QStringLiteral("http/port");
const QString DbUserKey = QStringLiteral("http/dbUser");

} // namespace

EndpointSettings EndpointSettings::load(const QSettings& settings)
{
    EndpointSettings s;
    s.enabled = settings.value(EnabledKey, s.enabled).toBool();
    s.address = settings.value(AddressKey, s.address).toString().trimmed();
    bool ok = false;
    const int port = settings.value(PortKey, s.port).toInt(&ok);
    if (ok && port > 0 && port <= 65535)
        s.port = port;
    return s;
}

void EndpointSettings::save(QSettings& settings) const
{
    settings.setValue(EnabledKey, enabled);
    settings.setValue(AddressKey, address);
    settings.setValue(PortKey, port);
}

QString EndpointSettings::listenText() const
{
    // IPv6 addresses in brackets, as in a URL.
    return address.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(address).arg(port)
                                              : QStringLiteral("%1:%2").arg(address).arg(port);
}

EndpointControl::EndpointControl(sp::db::ConnectionSettings login, sp::http::EndpointConfig config,
                                 QObject* parent)
    : QObject(parent)
    , m_login(std::move(login))
    , m_config(std::move(config))
{
    m_settings.enabled = false;
}

EndpointControl::~EndpointControl()
{
    // At exit the servers still stopping are waited for (their requests end or are dropped);
    // they no longer report to this object.
    for (const auto& server : m_stopping)
        disconnect(server.get(), nullptr, this, nullptr);
}

sp::db::ConnectionSettings EndpointControl::endpointLogin(const sp::db::ConnectionSettings& server,
                                                          const QSettings& settings)
{
    sp::db::ConnectionSettings login = server;
    login.user = settings.value(DbUserKey, QStringLiteral("stockpilot_server")).toString();
    login.password.clear(); // never the staff member's: PGPASSWORD or .pgpass
    return login;
}

bool EndpointControl::apply(const EndpointSettings& settings)
{
    if (settings == m_settings && (isRunning() || m_startPending || !settings.enabled))
        return true;
    m_settings = settings;
    m_error.clear();
    m_startPending = false;
    if (m_server && m_server->isRunning())
        retireServer();
    if (!settings.enabled) {
        m_server.reset();
        emit statusChanged(statusText());
        return true;
    }
    QHostAddress address;
    if (!address.setAddress(settings.address)) {
        m_error = tr("\"%1\" is not an IP address.").arg(settings.address);
        emit statusChanged(statusText());
        return false;
    }
    if (!m_stopping.empty()) {
        // The old server's requests still hold its connections to the database: the new one
        // starts when they have ended, so that the two never run side by side. An address that
        // cannot be bound now is refused now, as when nothing was running.
        QTcpServer probe;
        if (!probe.listen(address, quint16(settings.port))) {
            m_error = probe.errorString();
            if (m_error.isEmpty())
                m_error = tr("cannot listen on %1").arg(settings.listenText());
            emit statusChanged(statusText());
            return false;
        }
        probe.close();
        m_startPending = true;
        emit statusChanged(statusText());
        return true;
    }
    const bool started = startServer();
    emit statusChanged(statusText());
    return started;
}

void EndpointControl::retireServer()
{
    sp::http::EndpointServer* server = m_server.get();
    m_stopping.push_back(std::move(m_server));
    connect(server, &sp::http::EndpointServer::stopped, this,
            [this, server] { serverStopped(server); });
    server->stopAsync();
}

void EndpointControl::serverStopped(sp::http::EndpointServer* server)
{
    const auto it = std::find_if(m_stopping.begin(), m_stopping.end(),
                                 [server](const auto& s) { return s.get() == server; });
    if (it == m_stopping.end())
        return;
    // Deleted later: this runs inside its stopped() signal.
    it->release()->deleteLater();
    m_stopping.erase(it);
    if (!m_startPending || !m_stopping.empty())
        return;
    m_startPending = false;
    startServer();
    emit statusChanged(statusText());
}

bool EndpointControl::startServer()
{
    QHostAddress address;
    address.setAddress(m_settings.address);
    if (!m_server)
        m_server = std::make_unique<sp::http::EndpointServer>(m_login, m_config);
    if (m_server->start(address, quint16(m_settings.port)))
        return true;
    m_error = m_server->errorString();
    if (m_error.isEmpty())
        m_error = tr("cannot listen on %1").arg(m_settings.listenText());
    m_server->stop(); // never started: nothing in its pool to wait for
    return false;
}

void EndpointControl::stop()
{
    EndpointSettings off = m_settings;
    off.enabled = false;
    apply(off);
}

bool EndpointControl::isRunning() const
{
    return m_server && m_server->isRunning();
}

QString EndpointControl::statusText() const
{
    if (!m_error.isEmpty())
        return tr("Endpoint: %1: %2").arg(m_settings.listenText(), m_error);
    if (!m_settings.enabled)
        return tr("Endpoint: off");
    if (m_startPending)
        return tr("Endpoint: starting on %1").arg(m_settings.listenText());
    if (!isRunning())
        return tr("Endpoint: not running");
    EndpointSettings shown = m_settings;
    shown.port = m_server->port(); // port 0 asks for any free port
    return tr("Endpoint: %1").arg(shown.listenText());
}

} // namespace sp::views
