#include "errortext.h"

#include "db/dberror.h"

#include <QCoreApplication>
#include <QUnhandledException>

namespace sp::views {

namespace {

namespace sqlstate = sp::db::sqlstate;

class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(sp::views::ErrorText)

public:
    static QString words(const sp::db::DbError& e, const QString& permissionText,
                         const QString& server);
    static QString unexpected() { return tr("An unexpected error occurred."); }
};

QString ErrorText::words(const sp::db::DbError& e, const QString& permissionText,
                         const QString& server)
{
    if (e.is(sqlstate::InvalidPassword))
        return tr("Wrong user name or password.");
    if (e.isConnectionError()) {
        if (!server.isEmpty()) {
            return tr("The database server at %1 cannot be reached. Check that it is running "
                      "and the server settings are right.\n\nDetails: %2")
                .arg(server, e.message());
        }
        return tr("The database cannot be reached right now (%1). Nothing was changed; try again "
                  "when the connection is back.")
            .arg(e.message());
    }
    if (e.is(sqlstate::InsufficientPrivilege)) {
        if (!permissionText.isEmpty())
            return permissionText;
        // The policy check: the database says who may do this, and up to which value.
        return e.hint().isEmpty() ? tr("The database refused: %1").arg(e.message())
                                  : tr("The database refused: %1 %2").arg(e.message(), e.hint());
    }
    if (e.is(sqlstate::QueryCanceled))
        return tr("Cancelled.");
    if (e.is(sqlstate::AlreadyDecided))
        return tr("Someone else was first: %1").arg(e.message());
    if (e.is(sqlstate::UnknownSuggestion))
        return tr("This suggestion no longer exists: %1").arg(e.message());
    if (e.is(sqlstate::ImportRowRejected)) {
        const qint64 line = e.detail().toLongLong();
        if (line > 0)
            return tr("Line %1: %2").arg(line).arg(e.message());
    }
    return e.message();
}

} // namespace

std::exception_ptr unwrapped(const std::exception& error)
{
    if (const auto* wrapper = dynamic_cast<const QUnhandledException*>(&error)) {
        if (wrapper->exception())
            return wrapper->exception();
    }
    return {};
}

QString errorText(const std::exception& error, const QString& permissionText, const QString& server)
{
    if (const std::exception_ptr inner = unwrapped(error)) {
        try {
            std::rethrow_exception(inner);
        } catch (const std::exception& e) {
            return errorText(e, permissionText, server);
        } catch (...) {
            return ErrorText::unexpected();
        }
    }
    if (const auto* e = dynamic_cast<const sp::db::DbError*>(&error))
        return ErrorText::words(*e, permissionText, server);
    return QString::fromUtf8(error.what());
}

} // namespace sp::views
