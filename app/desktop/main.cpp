// stockpilot: the desktop program for staff.

#include "desktopapp.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("StockPilot"));
    QApplication::setApplicationName(QStringLiteral("StockPilot"));
    QApplication::setApplicationDisplayName(QStringLiteral("StockPilot"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("stockpilot"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/stockpilot.svg")));
    sp::views::installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Inventory management for warehouses and stores."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(
        QStringLiteral("db"),
        QCoreApplication::translate("main",
                                    "Connect to this PostgreSQL server (a postgresql:// URI)."),
        QStringLiteral("uri"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("main", "Keep the embedded database in this directory."),
        QStringLiteral("dir"));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QCoreApplication::translate("main", "Sign in as this user."),
                                  QStringLiteral("name"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a picture of the main window to this PNG file "
                                            "once the data has loaded, then quit."),
        QStringLiteral("file"));
    const QCommandLineOption page(
        QStringLiteral("page"),
        QCoreApplication::translate("main", "The page to show for --screenshot (default: stock)."),
        QStringLiteral("page"), QStringLiteral("stock"));
    parser.addOptions({db, dataDir, user, screenshot, page});
    parser.process(app);

    sp::app::DesktopOptions options;
    options.dbUri = parser.value(db);
    options.dataDir = parser.value(dataDir);
    options.user = parser.value(user);
    options.screenshotFile = parser.value(screenshot);
    options.page = parser.value(page);
    if (!options.screenshotFile.isEmpty())
        QApplication::setQuitOnLastWindowClosed(false);

    sp::app::DesktopApp desktop(options);
    desktop.start();
    return app.exec();
}
