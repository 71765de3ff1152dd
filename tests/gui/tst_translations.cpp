// The German translation is embedded and loaded for a German locale; the dialogs people see
// first come out in German, and so do the newer pages (holds, orders, transfers, inbox, jobs,
// event log, master data) and the barcode field:
// their menus, models' headers, plurals and dialogs.

#include "approvals/reasontemplates.h"
#include "approvals/suggestions.h"
#include "holdsmodel.h"
#include "inboxmodel.h"
#include "jobrunsmodel.h"
#include "reasondialog.h"
#include "signindialog.h"
#include "stockoperationdialog.h"
#include "suggestiondialogs.h"
#include "transfersmodel.h"
#include "translations.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(sp::views::installTranslations(*QCoreApplication::instance(),
                                               QLocale(QLocale::German, QLocale::Germany)));
    }

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
        sp::views::StockOperationDialog writeOff(sp::views::StockOperationDialog::Kind::WriteOff,
                                                 nullptr, {}, nullptr);
        QCOMPARE(writeOff.windowTitle(), QStringLiteral("Beschädigte Ware ausbuchen"));
        QCOMPARE(writeOff.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->text(),
                 QStringLiteral("Ausbuchen"));
    }

    // Strings of the newer pages, looked up with the exact context the code uses (a renamed
    // class or an edited English text leaves the German behind, and this fails).
    void newPages_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("german");

        auto add = [](const char* name, const char* context, const char* source, int n,
                      const char* german) {
            QTest::newRow(name) << QString::fromUtf8(context) << QString::fromUtf8(source) << n
                                << QString::fromUtf8(german);
        };
        add("holds page", "sp::views::CustomerPages", "Holds", -1, "Reservierungen");
        add("orders page", "sp::views::CustomerPages", "Orders", -1, "Bestellungen");
        add("endpoint menu", "sp::views::CustomerPages", "Customer &Endpoint…", -1,
            "&Kundenschnittstelle…");
        add("transfers page", "sp::views::TransfersPage", "Transfers", -1, "Umlagerungen");
        add("in transit", "sp::views::TransfersPage", "%n transfer(s) in transit", 2,
            "2 Umlagerungen unterwegs");
        add("lost in transit", "sp::views::TransfersPage",
            "%n unit(s) will be recorded as lost in transit.", 1,
            "1 Einheit wird als unterwegs verloren gebucht.");
        add("write off for managers", "sp::views::StockPage", "Managers may write stock off.", -1,
            "Ausbuchen darf nur die Filialleitung.");
        add("inbox page", "sp::views::AgentPages", "Inbox", -1, "Posteingang");
        add("agent menu", "sp::views::AgentPages", "&Notification Preferences…", -1,
            "&Benachrichtigungseinstellungen…");
        add("event log page", "sp::views::AgentPages", "Event log", -1, "Ereignisprotokoll");
        add("release hold", "sp::views::HoldsPage", "Release hold", -1, "Reservierung freigeben");
        add("one live hold", "sp::views::HoldsPage", "%n live hold(s)", 1, "1 aktive Reservierung");
        add("live holds", "sp::views::HoldsPage", "%n live hold(s)", 3, "3 aktive Reservierungen");
        add("approve", "sp::views::InboxPage", "&Approve", -1, "&Genehmigen");
        add("pending", "sp::views::InboxPage", "%n pending", 4, "4 offen");
        add("orders header", "sp::models::OrdersModel", "Ships", -1, "Versand");
        add("endpoint status", "sp::views::EndpointControl", "Endpoint: off", -1,
            "Kundenschnittstelle: aus");
        add("events", "sp::views::EventLogPage", "%n event(s)", 2, "2 Ereignisse");
        add("alerts", "sp::views::MainWindow", "%n new alert(s)", 1, "1 neue Meldung");
        add("manager only", "sp::views::OrdersPage",
            "Only a manager may change where an order ships from.", -1,
            "Nur die Filialleitung darf den Versandstandort einer Bestellung ändern.");
        add("requests menu", "sp::views::RequestsMenu", "Re&quests", -1, "An&fragen");
        add("language model settings", "sp::views::LlmSettingsDialog", "Language model", -1,
            "Sprachmodell");
        add("inbox origin", "sp::models::InboxModel", "Requested by %1", -1, "Angefragt von %1");
        add("requeued", "sp::views::DeadLettersDialog", "%n item(s) queued again.", 2,
            "2 Einträge erneut eingereiht.");
        add("wrong password", "sp::views::ErrorText", "Wrong user name or password.", -1,
            "Falscher Benutzername oder falsches Passwort.");
        add("decided first", "sp::views::ErrorText", "Someone else was first: %1", -1,
            "Jemand anderes war schneller: %1");
        add("import error", "sp::catalog::CsvImporter",
            "The import was cancelled; nothing was changed.", -1,
            "Der Import wurde abgebrochen; es wurde nichts geändert.");
        add("master data page", "sp::views::MasterDataPage", "Master Data", -1, "Stammdaten");
        add("master data for managers", "sp::views::MasterDataPage",
            "Managers may change master data.", -1,
            "Stammdaten ändern darf nur die Filialleitung.");
        add("policies", "sp::views::MasterDataPage", "%n policy(ies)", 3, "3 Bestellregeln");
        add("locations header", "sp::models::LocationsModel", "In use", -1, "In Betrieb");
        add("unknown barcode", "sp::views::SkuField", "No product has the barcode %1.", -1,
            "Kein Artikel hat den Barcode %1.");
    }

    void newPages()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(int, n);
        QFETCH(QString, german);
        QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(),
                                             source.toUtf8().constData(), nullptr, n),
                 german);
    }

    // The models' own texts, through the models (no database is needed for headers and names).
    void modelsInGerman()
    {
        sp::models::HoldsModel holds(nullptr);
        QCOMPARE(holds.headerData(sp::models::HoldsModel::CartColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Warenkorb"));
        QCOMPARE(
            holds.headerData(sp::models::HoldsModel::ExpiresInColumn, Qt::Horizontal).toString(),
            QStringLiteral("Läuft ab in"));

        sp::models::InboxModel inbox(nullptr);
        QCOMPARE(inbox.headerData(sp::models::InboxModel::KindColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Art"));
        QCOMPARE(
            inbox.headerData(sp::models::InboxModel::ProposalColumn, Qt::Horizontal).toString(),
            QStringLiteral("Vorschlag"));
        QCOMPARE(sp::models::InboxModel::kindName(QStringLiteral("restock")),
                 QStringLiteral("Nachbestellung"));
        // A low priority is not low stock ("Knapp" on the stock page).
        QCOMPARE(sp::models::InboxModel::priorityName(1), QStringLiteral("Niedrig"));

        QCOMPARE(sp::models::JobRunsModel::intervalText(15 * 60),
                 QStringLiteral("alle 15 Minuten"));
        QCOMPARE(sp::models::JobRunsModel::intervalText(3600), QStringLiteral("jede Stunde"));

        sp::models::TransfersModel transfers(nullptr);
        QCOMPARE(
            transfers.headerData(sp::models::TransfersModel::AgeColumn, Qt::Horizontal).toString(),
            QStringLiteral("Unterwegs seit"));
        QCOMPARE(sp::models::TransfersModel::formatAge(3 * 3600 + 5 * 60),
                 QStringLiteral("3 Std. 5 Min."));
    }

    void suggestionDialogsInGerman()
    {
        QList<sp::approvals::Suggestion> suggestions;
        for (int i = 1; i <= 7; ++i) {
            sp::approvals::Suggestion s;
            s.id = i;
            s.kind = QStringLiteral("transfer");
            s.sku = QStringLiteral("SKU%1").arg(i, 6, 10, QLatin1Char('0'));
            s.location = QStringLiteral("S01");
            s.source = QStringLiteral("W01");
            s.quantity = 10;
            suggestions.append(s);
        }
        sp::views::RejectDialog reject(suggestions);
        QCOMPARE(reject.windowTitle(), QStringLiteral("7 Vorschläge ablehnen"));
        QCOMPARE(reject.buttons()->button(QDialogButtonBox::Ok)->text(),
                 QStringLiteral("Ablehnen"));
        QCOMPARE(reject.reasonEdit()->placeholderText(),
                 QStringLiteral("Warum das nicht geschehen soll"));
        bool listsTheRest = false;
        for (const QLabel* label : reject.findChildren<QLabel*>())
            listsTheRest = listsTheRest || label->text().endsWith(QStringLiteral("und 2 weitere"));
        QVERIFY(listsTheRest);

        sp::views::ModifyDialog modify(suggestions.first(), {QStringLiteral("W02")});
        QCOMPARE(modify.windowTitle(), QStringLiteral("Vorschlag 1 ändern"));
        QCOMPARE(modify.buttons()->button(QDialogButtonBox::Ok)->text(),
                 QStringLiteral("Mit Änderungen genehmigen"));

        sp::views::ReasonDialog reason(QStringLiteral("t"), QStringLiteral("x"));
        QCOMPARE(reason.findChild<QLineEdit*>(QStringLiteral("reason"))->placeholderText(),
                 QStringLiteral("Warum? (wird mit Ihrem Namen gespeichert)"));
    }

    // Reasons are stored as template keys with their figures; the desktop words them in German
    // with German number formats, every template has its German, and a row from before
    // templates shows its stored text.
    void reasonsInGerman()
    {
        using sp::approvals::ReasonTemplates;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const auto restore = qScopeGuard([] { QLocale::setDefault(QLocale::c()); });

        for (const QString& key : ReasonTemplates::keys()) {
            const QJsonObject t{{QStringLiteral("key"), key}};
            QVERIFY2(ReasonTemplates::translated(t) != ReasonTemplates::english(t),
                     qPrintable(key));
        }

        sp::approvals::Suggestion s;
        s.reason = QStringLiteral("Warehouse North sells 1234.5/day ...");
        s.reasonTemplate = ReasonTemplates::make(
            "agent.transfer",
            {{QStringLiteral("location"), QStringLiteral("Store Mitte")},
             {QStringLiteral("avg_daily"), 6},
             {QStringLiteral("left"),
              ReasonTemplates::make("cover.days", {{QStringLiteral("days"), 1.5}})},
             {QStringLiteral("source"), QStringLiteral("Warehouse North")},
             {QStringLiteral("source_cover"), ReasonTemplates::make("cover.none")},
             {QStringLiteral("source_available"), 1500},
             {QStringLiteral("distance_km"), 12.3},
             {QStringLiteral("quantity"), 40},
             {QStringLiteral("source_reorder_point"), 200}});
        QCOMPARE(s.reasonText(),
                 QStringLiteral("Store Mitte verkauft 6,0/Tag, Reichweite 1,5 Tage übrig; "
                                "Warehouse North hat keine Verkäufe in letzter Zeit (1.500 "
                                "verfügbar, 12,3 km entfernt). 40 umlagern; Warehouse North "
                                "bleibt auf oder über seinem Meldebestand von 200."));
        s.reasonTemplate = {};
        QCOMPARE(s.reasonText(), s.reason);
        s.reasonTemplate = {{QStringLiteral("key"), QStringLiteral("no.such.key")}};
        QCOMPARE(s.reasonText(), s.reason);

        // The optimizer's texts, as it builds them for a restock rounded up to packs.
        const QJsonObject restock = ReasonTemplates::make(
            "optimizer.restock", {{QStringLiteral("quantity"), 24},
                                  {QStringLiteral("sku"), QStringLiteral("SKU000004")},
                                  {QStringLiteral("location"), QStringLiteral("Store Mitte")},
                                  {QStringLiteral("rounding"),
                                   ReasonTemplates::make("optimizer.restock.rounding",
                                                         {{QStringLiteral("wanted"), 20},
                                                          {QStringLiteral("pack_size"), 12}})},
                                  {QStringLiteral("supplier"),
                                   ReasonTemplates::make("optimizer.restock.usual_supplier")},
                                  {QStringLiteral("unit_cost"), 2.5},
                                  {QStringLiteral("total_cost"), 60},
                                  {QStringLiteral("lead_time_days"), 14},
                                  {QStringLiteral("daily"), 1.3},
                                  {QStringLiteral("available"), 3},
                                  {QStringLiteral("incoming"), 0}});
        QCOMPARE(ReasonTemplates::english(restock),
                 QStringLiteral("Order 24 x SKU000004 for Store Mitte (20 rounded up to whole "
                                "packs of 12) from the usual supplier: 24 x 2.50 = 60.00, "
                                "arriving in about 14 days. Store Mitte sells 1.3/day with 3 "
                                "available and 0 on the way."));
        QCOMPARE(
            sp::approvals::reasonText(restock, QString()),
            QStringLiteral("24 x SKU000004 für Store Mitte bestellen (20 auf ganze Packungen "
                           "zu 12 aufgerundet) bei dem üblichen Lieferanten: 24 x 2,50 = 60,00, "
                           "Lieferung in etwa 14 Tagen. Store Mitte verkauft 1,3/Tag, 3 "
                           "verfügbar und 0 unterwegs."));
    }

    void noTranslationForOtherLocales()
    {
        QVERIFY(!sp::views::installTranslations(*QCoreApplication::instance(),
                                                QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
