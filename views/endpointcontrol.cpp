#include "endpointcontrol.h"

#include "http/endpointserver.h"

#include <QSettings>

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

EndpointControl::~EndpointControl() = default;

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
    if (settings == m_settings && (isRunning() || !settings.enabled))
        return true;
    m_settings = settings;
    m_error.clear();
    if (m_server)
        m_server->stop();
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
    if (!m_server)
        m_server = std::make_unique<sp::http::EndpointServer>(m_login, m_config);
    if (!m_server->start(address, quint16(settings.port))) {
        m_error = m_server->errorString();
        if (m_error.isEmpty())
            m_error = tr("cannot listen on %1").arg(settings.listenText());
        m_server->stop();
        emit statusChanged(statusText());
        return false;
    }
    emit statusChanged(statusText());
    return true;
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
    if (!isRunning())
        return tr("Endpoint: not running");
    EndpointSettings shown = m_settings;
    shown.port = m_server->port(); // port 0 asks for any free port
    return tr("Endpoint: %1").arg(shown.listenText());
}

} // namespace sp::views
