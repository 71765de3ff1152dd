#pragma once

#include <QString>

#include <exception>

namespace sp::views {

// What a person reads when a staff action on the Holds or Orders page fails: the database's
// own message for business rules (its functions write them for people), permissionText when
// the role may not do it at all, and plain words when the server cannot be reached.
QString actionErrorText(const std::exception& error, const QString& permissionText);

} // namespace sp::views
