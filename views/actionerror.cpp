#include "actionerror.h"

#include "db/dberror.h"

#include <QCoreApplication>

namespace sp::views {

QString actionErrorText(const std::exception& error, const QString& permissionText)
{
    const auto* db = dynamic_cast<const sp::db::DbError*>(&error);
    if (!db)
        return QString::fromUtf8(error.what());
    if (db->is(sp::db::sqlstate::InsufficientPrivilege))
        return permissionText + QLatin1Char(' ') +
               QCoreApplication::translate("sp::views::ActionError", "(The database refused: %1)")
                   .arg(db->message());
    if (db->isConnectionError())
        return QCoreApplication::translate(
                   "sp::views::ActionError",
                   "The database server cannot be reached, nothing was changed: %1")
            .arg(db->message());
    return db->message();
}

} // namespace sp::views
