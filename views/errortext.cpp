#include "errortext.h"

#include "db/dberror.h"

#include <QCoreApplication>
#include <QUnhandledException>

namespace sp::views {

std::exception_ptr unwrapped(const std::exception& error)
{
    if (const auto* wrapper = dynamic_cast<const QUnhandledException*>(&error)) {
        if (wrapper->exception())
            return wrapper->exception();
    }
    return {};
}

QString errorText(const std::exception& error, const QString& permissionText)
{
    if (const std::exception_ptr inner = unwrapped(error)) {
        try {
            std::rethrow_exception(inner);
        } catch (const std::exception& e) {
            return errorText(e, permissionText);
        } catch (...) {
            return QCoreApplication::translate("sp::views", "An unexpected error occurred.");
        }
    }
    const auto* db = dynamic_cast<const sp::db::DbError*>(&error);
    if (!db)
        return QString::fromUtf8(error.what());
    if (db->is(sp::db::sqlstate::InsufficientPrivilege)) {
        if (!permissionText.isEmpty())
            return permissionText;
        return QCoreApplication::translate("sp::views", "Your account is not allowed to do this.");
    }
    if (db->isConnectionError()) {
        return QCoreApplication::translate(
                   "sp::views", "The database cannot be reached right now (%1). Nothing was "
                                "changed; try again when the connection is back.")
            .arg(db->message());
    }
    if (db->is(sp::db::sqlstate::QueryCanceled))
        return QCoreApplication::translate("sp::views", "Cancelled.");
    return db->message();
}

} // namespace sp::views
