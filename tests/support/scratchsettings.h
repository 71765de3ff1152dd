#pragma once

// Points QSettings (INI files, user scope) at a folder of the test's own, so that a test never
// reads or writes the settings of the person running it.

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace sp::test {

inline void useScratchSettings(const QString& folder, const QString& application)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName(QStringLiteral("StockPilotTest"));
    QCoreApplication::setApplicationName(application);
}

} // namespace sp::test
