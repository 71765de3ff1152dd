#include "dberror.h"

namespace sp::db {

DbError::DbError(QString sqlState, QString message, QString detail, QString hint)
    : m_sqlState(std::move(sqlState))
    , m_message(std::move(message))
    , m_detail(std::move(detail))
    , m_hint(std::move(hint))
    , m_what((m_sqlState + QLatin1String(": ") + m_message).toUtf8())
{}

bool DbError::isConnectionError() const
{
    // 08xxx connection exceptions; 57P01..57P03 admin/crash shutdown and "cannot connect now".
    return m_sqlState.startsWith(QLatin1String("08")) || m_sqlState == QLatin1String("57P01") ||
           m_sqlState == QLatin1String("57P02") || m_sqlState == QLatin1String("57P03");
}

} // namespace sp::db
