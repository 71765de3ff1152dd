#pragma once

#include <QException>
#include <QString>

namespace sp::db {

// SQLSTATE codes raised by StockPilot's own SQL functions (resources/sql). Clients switch on
// these, never on message text.
namespace sqlstate {
inline constexpr auto UnknownSku = "SP001";
inline constexpr auto UnknownLocation = "SP002";
inline constexpr auto InvalidQuantity = "SP003";
inline constexpr auto InsufficientStock = "SP004";
inline constexpr auto SameLocation = "SP005";
inline constexpr auto ReasonRequired = "SP006";
inline constexpr auto UnknownTransfer = "SP007";
inline constexpr auto CountBelowAllocated = "SP008";
inline constexpr auto InvalidArgument = "SP009";
inline constexpr auto InsufficientPrivilege = "42501";
inline constexpr auto CheckViolation = "23514";
inline constexpr auto QueryCanceled = "57014";
inline constexpr auto ConnectionFailure = "08006";
inline constexpr auto ConnectionRefused = "08001";
} // namespace sqlstate

// An error reported by PostgreSQL or by the connection to it. Carries the SQLSTATE so callers
// can tell "not enough stock" from "server went away" without parsing text. Derives from
// QException so it crosses QFuture boundaries intact.
class DbError : public QException
{
public:
    DbError(QString sqlState, QString message, QString detail = {}, QString hint = {});

    const QString& sqlState() const noexcept { return m_sqlState; }
    // The primary message, written for people.
    const QString& message() const noexcept { return m_message; }
    const QString& detail() const noexcept { return m_detail; }
    const QString& hint() const noexcept { return m_hint; }

    // Class 08 (connection exception) or a server shutting down: retrying on a new connection
    // may succeed.
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
    QByteArray m_what;
};

} // namespace sp::db
