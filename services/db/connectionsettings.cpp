#include "connectionsettings.h"

#include <QCoreApplication>
#include <QMap>
#include <QStringList>

#include <libpq-fe.h>

namespace sp::db {

namespace {

// The parts of a URI (or conninfo string) as libpq reads them; empty if it cannot.
QMap<QByteArray, QString> partsOf(const QString& uri)
{
    QMap<QByteArray, QString> parts;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.toUtf8().constData(), &error);
    if (!options) {
        PQfreemem(error);
        return parts;
    }
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (o->val && *o->val)
            parts.insert(QByteArray(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    return parts;
}

QByteArray quoted(const QString& value)
{
    QByteArray out = "'";
    for (const char c : value.toUtf8()) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '\'';
}

} // namespace

QByteArray ConnectionSettings::toConninfo() const
{
    QByteArray info;
    auto add = [&info](const char* key, const QString& value) {
        if (value.isEmpty())
            return;
        if (!info.isEmpty())
            info += ' ';
        info += key;
        info += '=';
        info += quoted(value);
    };
    // A key=value string cannot embed a URI (libpq expands a URI in dbname only for
    // PQconnectdbParams), so the URI's parts are written out as keys; the explicit keys that
    // follow override them (libpq takes the last value of a repeated key).
    if (!uri.isEmpty()) {
        const QMap<QByteArray, QString> parts = partsOf(uri);
        if (parts.isEmpty())
            add("dbname", uri); // not a URI: libpq then reports it as an unknown database
        for (auto it = parts.cbegin(); it != parts.cend(); ++it)
            add(it.key().constData(), it.value());
    }
    add("dbname", database);
    add("host", host);
    if (port > 0)
        add("port", QString::number(port));
    add("user", user);
    add("password", password);
    add("sslmode", sslMode);
    add("application_name", applicationName);
    if (connectTimeoutSeconds > 0)
        add("connect_timeout", QString::number(connectTimeoutSeconds));
    return info;
}

QString ConnectionSettings::displayName() const
{
    // Built from the parts, never from the URI's text: a password may sit in its user info or
    // in its query (?password=...).
    const QMap<QByteArray, QString> parts =
        uri.isEmpty() ? QMap<QByteArray, QString>() : partsOf(uri);
    if (!uri.isEmpty() && parts.isEmpty())
        return QCoreApplication::translate("sp::db", "invalid database address");
    const QString shownHost = host.isEmpty() ? parts.value("host") : host;
    const QString shownUser = user.isEmpty() ? parts.value("user") : user;
    const QString shownDatabase = database.isEmpty() ? parts.value("dbname") : database;
    const QString shownPort = port > 0 ? QString::number(port) : parts.value("port");

    QString where = shownHost.isEmpty() ? QStringLiteral("default host") : shownHost;
    if (shownHost.startsWith(QLatin1Char('/')))
        where = QStringLiteral("local socket");
    QString result;
    if (!shownUser.isEmpty())
        result += shownUser + QLatin1Char('@');
    result += where;
    if (!shownPort.isEmpty())
        result += QLatin1Char(':') + shownPort;
    if (!shownDatabase.isEmpty())
        result += QLatin1Char('/') + shownDatabase;
    return result;
}

ConnectionSettings ConnectionSettings::fromUri(const QString& uri)
{
    ConnectionSettings settings;
    settings.uri = uri;
    return settings;
}

bool ConnectionSettings::environmentConfigured()
{
    for (const char* name :
         {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"}) {
        if (!qEnvironmentVariableIsEmpty(name))
            return true;
    }
    return false;
}

} // namespace sp::db
