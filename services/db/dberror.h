#pragma once

#include "sqlstate.h"

#include <QException>
#include <QString>

namespace sp::db {

// The one error type of the core: what PostgreSQL, the connection to it, or StockPilot's own
// checks refused. Carries the SQLSTATE (see sqlstate.h) so callers tell "not enough stock" from
// "server went away" without parsing text, the words for people, and the field the error is
// about when there is one. Derives from QException so it crosses QFuture boundaries intact.
class DbError : public QException
{
public:
    DbError(QString sqlState, QString message, QString detail = {}, QString hint = {},
            QString field = {});

    const QString& sqlState() const noexcept { return m_sqlState; }
    // The primary message, written for people.
    const QString& message() const noexcept { return m_message; }
    const QString& detail() const noexcept { return m_detail; }
    const QString& hint() const noexcept { return m_hint; }
    // The input the error is about ("seconds", "quantity", a JSON field), or empty.
    const QString& field() const noexcept { return m_field; }

    // Class 08 (connection exception), a server shutting down, or a refused login: there is no
    // connection; retrying on a new one may succeed.
    bool isConnectionError() const;
    bool is(const char* state) const { return m_sqlState == QLatin1String(state); }

    const char* what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    DbError* clone() const override { return new DbError(*this); }

private:
    QString m_sqlState;
    QString m_message;
    QString m_detail;
    QString m_hint;
    QString m_field;
    QByteArray m_what;
};

} // namespace sp::db
