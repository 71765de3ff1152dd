// The German translation is embedded and loaded for a German locale; the dialogs people see
// first come out in German.

#include "signindialog.h"
#include "stockoperationdialog.h"
#include "translations.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QtTest>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void germanIsLoaded()
    {
        QVERIFY(sp::views::installTranslations(*QCoreApplication::instance(),
                                               QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(QCoreApplication::translate("sp::views::MainWindow", "&File"),
                 QStringLiteral("&Datei"));
        QCOMPARE(QCoreApplication::translate("sp::views::StockOperationDialog",
                                             "Adjusting stock needs a manager."),
                 QStringLiteral("Bestandskorrekturen sind der Filialleitung vorbehalten."));

        sp::views::SignInDialog signIn(
            [](const QString&, const QString&) { return sp::db::ConnectionSettings(); },
            QStringLiteral("x"));
        QCOMPARE(signIn.windowTitle(), QStringLiteral("Bei StockPilot anmelden"));
        sp::views::StockOperationDialog transfer(sp::views::StockOperationDialog::Kind::Transfer,
                                                 nullptr, {}, nullptr);
        QCOMPARE(transfer.windowTitle(), QStringLiteral("Ware umlagern"));
        QCOMPARE(transfer.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->text(),
                 QStringLiteral("Umlagern"));
    }

    void noTranslationForOtherLocales()
    {
        QVERIFY(!sp::views::installTranslations(*QCoreApplication::instance(),
                                                QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
