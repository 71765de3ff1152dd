#include "dberror.h"

namespace sp::db {

DbError::DbError(QString sqlState, QString message, QString detail, QString hint, QString field)
    : m_sqlState(std::move(sqlState))
    , m_message(std::move(message))
    , m_detail(std::move(detail))
    , m_hint(std::move(hint))
    , m_field(std::move(field))
    , m_what((m_sqlState + QLatin1String(": ") + m_message).toUtf8())
{}

bool DbError::isConnectionError() const
{
    // 08xxx connection exceptions; 57P01..57P03 admin/crash shutdown and "cannot connect now";
    // a refused login, which leaves no connection either.
    return m_sqlState.startsWith(QLatin1String("08")) || is(sqlstate::AdminShutdown) ||
           is(sqlstate::CrashShutdown) || is(sqlstate::CannotConnectNow) ||
           is(sqlstate::InvalidPassword);
}

} // namespace sp::db
