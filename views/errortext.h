#pragma once

#include <QString>

#include <exception>

namespace sp::views {

// The text a person sees for a failed database operation: the database's own message for
// business rules (it is written for people), and plain words for a missing permission or a
// lost server. permissionText replaces the server's "permission denied for function ...".
//
// QtConcurrent::run hands exceptions that do not derive from QException over wrapped in a
// QUnhandledException; this looks inside, so ClusterError and the like keep their message.
QString errorText(const std::exception& error, const QString& permissionText = {});

// The exception inside a QUnhandledException, or error itself.
std::exception_ptr unwrapped(const std::exception& error);

} // namespace sp::views
