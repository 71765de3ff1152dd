#pragma once

#include <QString>

#include <exception>

namespace sp::views {

// The one place that turns a failed operation into words for people, by its SQLSTATE
// (db/sqlstate.h), never by its message text: the database's own message for business rules
// (its functions write them for people), a line number for a refused import row, who was first
// for a decided suggestion, permissionText (when given) for a missing permission, and plain words
// for a wrong password or a lost server; server, when given, names the server that cannot be
// reached.
//
// QtConcurrent::run hands exceptions that do not derive from QException over wrapped in a
// QUnhandledException; this looks inside, so their message is kept.
QString errorText(const std::exception& error, const QString& permissionText = {},
                  const QString& server = {});

// The exception inside a QUnhandledException, or error itself.
std::exception_ptr unwrapped(const std::exception& error);

} // namespace sp::views
