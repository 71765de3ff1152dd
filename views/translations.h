#pragma once

#include <QLocale>

class QCoreApplication;

namespace sp::views {

// Installs StockPilot's own translation (embedded) and Qt's for the locale, when there is one.
// Returns true when StockPilot's translation was found.
bool installTranslations(QCoreApplication& app, const QLocale& locale = QLocale());

} // namespace sp::views
