// The approval inbox as a person uses it, offscreen, on a real database: suggestions made by the
// real rule SQL from demand set here; Modify and Approve through the keyboard and the dialog,
// the purchase order landing in the stock figures; Reject needing a reason; several approved at
// once; the database's refusals (a clerk above the limit, another manager first) in words.

#include "../agent/agentfixture.h"
#include "db/database.h"
#include "db/eventstream.h"
#include "inboxmodel.h"
#include "inboxpage.h"
#include "suggestiondialogs.h"
#include "translations.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QTranslator>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;
using sp::models::InboxModel;
using sp::views::InboxPage;

namespace {

// ST1 sells 6/day of SKU000001 (a high-priority purchase of 96 x 15.00 = 1,440.00 from Nordtex)
// and nobody buys SKU000003 (a markdown, manager only).
void prepare(Connection& owner)
{
    loadTinyCatalog(owner);
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    setDemand(owner, QStringLiteral("SKU000003"), QStringLiteral("WH1"), constantDemand(0));
    callJson(owner, "SELECT agent_demand_statistics()");
    callJson(owner, "SELECT agent_stock_check()");
    callJson(owner, "SELECT agent_price_analysis()");
}

qint64 pendingId(Connection& owner, const char* kind)
{
    return owner
        .exec("SELECT id FROM suggestions WHERE kind = $1 AND status = 'pending'",
              {QString::fromLatin1(kind)})
        .toLongLong(0, 0);
}

int level(Connection& c, const char* figure, const char* sku, const char* location)
{
    return c
        .exec(QByteArray("SELECT ") + figure +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {QString::fromLatin1(sku), QString::fromLatin1(location)})
        .toInt(0, 0);
}

// A signed-in person's inbox on screen, live through the event stream.
struct Desk
{
    explicit Desk(const ConnectionSettings& who, bool live = true)
        : pool(who, 2)
        , stream(who)
        , page(&pool)
    {
        if (live) {
            QObject::connect(&stream, &EventStream::eventsReceived, &page, &InboxPage::applyEvents);
            QSignalSpy started(&stream, &EventStream::started);
            stream.start();
            started.wait(5000);
        }
        page.resize(1100, 600);
        page.show();
        QApplication::setActiveWindow(&page);
    }
    ~Desk()
    {
        stream.stop();
        pool.close();
    }
    bool load()
    {
        QSignalSpy loaded(page.model(), &InboxModel::loaded);
        page.reload();
        return loaded.wait(5000);
    }
    // Types a key into the table, as a person with the inbox focused does.
    void press(Qt::Key key)
    {
        page.table()->setFocus();
        QTest::keyClick(page.table(), key);
    }

    Database pool;
    EventStream stream;
    InboxPage page;
};

} // namespace

class TestInboxPage : public QObject
{
    Q_OBJECT

private slots:
    void modifyAndApprove()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 restock = pendingId(owner, "purchase");
        QVERIFY(restock > 0);
        Desk desk(db.manager());
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        QCOMPARE(desk.page.model()->rowCount(), 2);
        QCOMPARE(desk.page.table()->model()->index(0, InboxModel::ProposalColumn).data().toString(),
                 QStringLiteral("Order 96 in 1 line(s) from Nordtex"));
        QCOMPARE(desk.page.table()->model()->index(0, InboxModel::SkuColumn).data().toString(),
                 QStringLiteral("1 SKU(s)"));

        // The detail pane shows the purchase's lines, each with its reason.
        QVERIFY(desk.page.selectId(restock));
        QTRY_VERIFY(desk.page.detailView()->toPlainText().contains(QLatin1String("reorder point")));
        QVERIFY(desk.page.detailView()->toPlainText().contains(
            QLatin1String("Store Mitte sells 6.0/day")));
        QVERIFY(
            desk.page.detailView()->toPlainText().contains(QLatin1String("Linen Shirt Blue M")));
        QVERIFY(desk.page.modifyAction()->toolTip().contains(QLatin1String("(M)")));

        // M opens the dialog with the proposal; 50 instead of 96.
        QVERIFY(desk.page.modifyAction()->isEnabled());
        desk.press(Qt::Key_M);
        QTRY_VERIFY(desk.page.modifyDialog() && desk.page.modifyDialog()->isVisible());
        QCOMPARE(QApplication::activeModalWidget(), desk.page.modifyDialog());
        auto* dialog = desk.page.modifyDialog();
        // Line by line: the purchase's one line.
        QVERIFY(!dialog->quantityEdit());
        QSpinBox* line = dialog->lineEdit(QStringLiteral("SKU000001"));
        QVERIFY(line);
        QCOMPARE(line->value(), 96);
        QPushButton* ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // nothing changed yet
        line->setValue(0);
        QVERIFY(!ok->isEnabled()); // a purchase of nothing is a reject
        line->selectAll();
        QTest::keyClicks(line, QStringLiteral("50"));
        QCOMPARE(line->value(), 50);
        QVERIFY(ok->isEnabled());
        QSignalSpy decided(&desk.page, &InboxPage::decided);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(0).toLongLong(), restock);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("executed"));

        // It leaves the inbox; the message says what happened.
        QTRY_COMPARE_WITH_TIMEOUT(desk.page.model()->rowForId(restock), -1, 5000);
        QVERIFY(desk.page.messageLabel()->isVisible());
        QVERIFY(
            desk.page.messageLabel()->text().contains(QLatin1String("approved and carried out")));

        // The original and the change are both kept; the purchase order is for 50.
        const Result s = owner.exec(
            "SELECT proposal->'lines'->0->>'quantity', changes->'lines'->>'SKU000001',"
            " final->'lines'->0->>'quantity', decision, decided_by FROM suggestions WHERE id = $1",
            {restock});
        QCOMPARE(s.text(0, 0), QStringLiteral("96"));
        QCOMPARE(s.text(0, 1), QStringLiteral("50"));
        QCOMPARE(s.text(0, 2), QStringLiteral("50"));
        QCOMPARE(s.text(0, 3), QStringLiteral("modified"));
        QCOMPARE(s.text(0, 4), QStringLiteral("manager"));
        QCOMPARE(scalar(owner, "SELECT quantity FROM purchase_order_lines"), 50);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 50);
    }

    void modifyMarkdownDiscountAndDate()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 markdown = pendingId(owner, "markdown");
        Desk desk(db.manager());
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        QVERIFY(desk.page.selectId(markdown));
        desk.press(Qt::Key_M);
        QTRY_VERIFY(desk.page.modifyDialog() && desk.page.modifyDialog()->isVisible());
        auto* dialog = desk.page.modifyDialog();
        QVERIFY(!dialog->quantityEdit()); // a markdown has no quantity
        QVERIFY(dialog->discountEdit()->value() > 0);
        const QDate tomorrow = QDate::currentDate().addDays(1);
        dialog->discountEdit()->setValue(20);
        dialog->effectiveEdit()->setDate(tomorrow);
        QCOMPARE(dialog->changes().value(QLatin1String("effective_from")).toString(),
                 tomorrow.toString(Qt::ISODate));
        QSignalSpy decided(&desk.page, &InboxPage::decided);
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("executed"));
        const Result pc =
            owner.exec("SELECT discount_pct::int, effective_from::text FROM price_changes"
                       " WHERE suggestion_id = $1",
                       {markdown});
        QCOMPARE(pc.rows(), 1);
        QCOMPARE(pc.text(0, 0), QStringLiteral("20"));
        QCOMPARE(pc.text(0, 1), tomorrow.toString(Qt::ISODate));
    }

    void rejectNeedsAReason()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 markdown = pendingId(owner, "markdown");
        Desk desk(db.manager());
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        QVERIFY(desk.page.selectId(markdown));
        QVERIFY(desk.page.rejectAction()->toolTip().contains(QLatin1String("(R)")));
        desk.press(Qt::Key_R);
        QTRY_VERIFY(desk.page.rejectDialog() && desk.page.rejectDialog()->isVisible());
        auto* dialog = desk.page.rejectDialog();
        QCOMPARE(QApplication::activeModalWidget(), dialog);
        QPushButton* ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("   "));
        QVERIFY(!ok->isEnabled()); // blanks are no reason
        // Even forced, an empty reason neither closes the dialog nor decides anything.
        emit dialog->buttons()->accepted();
        QVERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("season starts next week"));
        QVERIFY(ok->isEnabled());
        QSignalSpy decided(&desk.page, &InboxPage::decided);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("rejected"));
        QTRY_COMPARE_WITH_TIMEOUT(desk.page.model()->rowForId(markdown), -1, 5000);
        const Result s = owner.exec(
            "SELECT status, decision_note, decided_by FROM suggestions WHERE id = $1", {markdown});
        QCOMPARE(s.text(0, 0), QStringLiteral("rejected"));
        QCOMPARE(s.text(0, 1), QStringLiteral("season starts next week"));
        QCOMPARE(s.text(0, 2), QStringLiteral("manager"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM price_changes"), 0);
    }

    void approveSeveralAtOnce()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Desk desk(db.manager());
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        QCOMPARE(desk.page.model()->rowCount(), 2);
        desk.page.table()->setFocus();
        QTest::keyClick(desk.page.table(), Qt::Key_A, Qt::ControlModifier); // select all
        QCOMPARE(desk.page.selectedIds().size(), 2);
        QCOMPARE(desk.page.approveAction()->text(), QStringLiteral("&Approve 2"));
        QSignalSpy decided(&desk.page, &InboxPage::decided);
        desk.press(Qt::Key_A);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.page.model()->rowCount(), 0, 5000);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE status = 'executed'"), 2);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM price_changes"), 1);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 96);
    }

    void clerkAboveTheLimitIsRefusedByTheDatabase()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 restock = pendingId(owner, "purchase");
        Desk desk(db.clerk());
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        QVERIFY(desk.page.selectId(restock));
        // Told the role, the page offers a clerk no approval above the limit, and says who may;
        // a markdown not even a reject.
        desk.page.setRole(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(!desk.page.approveAction()->isEnabled(), 5000);
        QCOMPARE(desk.page.approveAction()->toolTip(),
                 QStringLiteral("Who may decide it (Purchase): clerks up to %1, managers.")
                     .arg(QLocale().toString(1000.0, 'f', 2)));
        QVERIFY(desk.page.rejectAction()->isEnabled());
        QVERIFY(desk.page.selectId(pendingId(owner, "markdown")));
        QVERIFY(!desk.page.rejectAction()->isEnabled());
        QCOMPARE(desk.page.rejectAction()->toolTip(),
                 QStringLiteral("Who may decide it (Markdown): managers."));
        // Whatever the page offers, the database decides: not knowing the role, it sends the
        // approval and shows the refusal.
        desk.page.setRole(QString());
        QVERIFY(desk.page.selectId(restock));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page.approveAction()->isEnabled(), 5000);
        QSignalSpy refused(&desk.page, &InboxPage::decisionRefused);
        desk.press(Qt::Key_A);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 5000);
        const QString text = desk.page.messageLabel()->text();
        QVERIFY2(text.contains(QLatin1String("may not decide this purchase suggestion worth 1440")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("clerk up to 1000")), qPrintable(text));
        QVERIFY(desk.page.messageLabel()->isVisible());
        QCOMPARE(desk.page.messageLabel()->property("error").toBool(), true);
        // Nothing changed: still pending, still listed, no order.
        QVERIFY(desk.page.model()->rowForId(restock) >= 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE status = 'pending'"), 2);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 0);
        QVERIFY(desk.page.approveAction()->isEnabled()); // ready for the next try
    }

    void anotherManagerWasFirst()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 restock = pendingId(owner, "purchase");
        // Not live: the row stays on screen after the other decision, as in the moment before
        // the news arrives.
        Desk desk(db.manager(), false);
        QVERIFY(QTest::qWaitForWindowActive(&desk.page));
        QVERIFY(desk.load());
        Connection admin(db.admin());
        sp::approvals::Suggestions::approve(admin, restock);
        QVERIFY(desk.page.selectId(restock));
        QSignalSpy refused(&desk.page, &InboxPage::decisionRefused);
        desk.press(Qt::Key_A);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 5000);
        const QString text = desk.page.messageLabel()->text();
        QVERIFY2(text.contains(QLatin1String("Someone else was first")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("already approved by admin at ")), qPrintable(text));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 1);
        // The page refreshes the row it tried: it leaves.
        QTRY_COMPARE_WITH_TIMEOUT(desk.page.model()->rowForId(restock), -1, 5000);
    }

    // A person's request filed into the inbox: the Origin column says who asked, the detail
    // pane shows what they asked for in their words; thousands of rows open page by page and a
    // header click sorts in SQL.
    void staffRequestsAndPaging()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 staff =
            owner
                .exec("INSERT INTO suggestions (kind, product_id, location_id, quantity, priority, "
                      "proposal, numbers, reason, origin, requested_by, request) "
                      "SELECT 'transfer', p.id, l.id, 20, 3, "
                      "'{\"quantity\": 20, \"source\": \"WH1\"}', '{}', "
                      "'Requested: 20 from WH1.', 'staff', 'clerk', "
                      "'{\"text\": \"20 units of SKU000002 to Store Mitte\", "
                      "\"reader\": \"rules\"}' "
                      "FROM products p, locations l WHERE p.sku = 'SKU000002' AND l.code = 'ST1' "
                      "RETURNING id")
                .toLongLong(0, 0);
        Desk desk(db.manager());
        QVERIFY(desk.load());
        const int row = desk.page.model()->rowForId(staff);
        QVERIFY(row >= 0);
        QCOMPARE(desk.page.table()->model()->index(row, InboxModel::OriginColumn).data().toString(),
                 QStringLiteral("Requested by clerk"));
        QCOMPARE(desk.page.table()
                     ->model()
                     ->index(desk.page.model()->rowForId(pendingId(owner, "purchase")),
                             InboxModel::OriginColumn)
                     .data()
                     .toString(),
                 QStringLiteral("Agent"));
        QVERIFY(desk.page.selectId(staff));
        QTRY_VERIFY(desk.page.detailView()->toPlainText().contains(
            QLatin1String("20 units of SKU000002 to Store Mitte")));
        const QString detail = desk.page.detailView()->toPlainText();
        QVERIFY2(detail.contains(QLatin1String("Requested by clerk")), qPrintable(detail));
        QVERIFY2(detail.contains(QLatin1String("rules")), qPrintable(detail));

        // Two thousand more: the first page opens, scrolling brings the next.
        owner.execScript(
            "INSERT INTO products (sku, name, category, price, cost, supplier, pack_size, "
            "lead_time_days) SELECT format('SKU%s', lpad(g::text, 6, '0')), 'Item ' || g, "
            "'Shirts', 20, 8, 'Nordtex', 6, 10 FROM generate_series(6, 2005) g;"
            "INSERT INTO suggestions (kind, product_id, location_id, quantity, value, priority, "
            "proposal, numbers, reason) SELECT 'restock', p.id, l.id, 12, 180, 2, "
            "'{\"quantity\": 12, \"supplier\": \"Nordtex\"}', '{}', 'Bulk ' || p.sku "
            "FROM products p, locations l WHERE p.id > 5 AND l.code = 'ST1'");
        // Only the first page is loaded (how long that takes is bench_agent's figure).
        QVERIFY(desk.load());
        QCOMPARE(desk.page.model()->rowCount(), InboxModel::PageSize);
        QCOMPARE(desk.page.model()->pendingCount(), 2003);
        // The summary counts every pending suggestion, not the rows loaded.
        const auto summary = [&desk] {
            for (const QLabel* l : desk.page.findChild<QToolBar*>()->findChildren<QLabel*>()) {
                if (l->text().contains(QLatin1String("pending")))
                    return l->text();
            }
            return QString();
        };
        QTRY_VERIFY2(summary().startsWith(QLatin1String("2003 pending")), qPrintable(summary()));
        desk.page.table()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(desk.page.model()->rowCount() > InboxModel::PageSize, 5000);
        // A header click sorts the whole inbox in SQL, not the rows loaded.
        desk.page.table()->sortByColumn(InboxModel::SkuColumn, Qt::DescendingOrder);
        QTRY_COMPARE_WITH_TIMEOUT(
            desk.page.table()->model()->index(0, InboxModel::SkuColumn).data().toString(),
            QStringLiteral("SKU002005"), 5000);
    }

    void newSuggestionsAppearLive()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Desk desk(db.clerk());
        QVERIFY(desk.load());
        QCOMPARE(desk.page.model()->rowCount(), 2);
        QSignalSpy badge(&desk.page, &InboxPage::highPriorityCountChanged);
        // Another supplier's SKU: a purchase of its own.
        setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        QTRY_COMPARE_WITH_TIMEOUT(desk.page.model()->rowCount(), 3, 5000);
        QTRY_VERIFY(!badge.isEmpty());
        QCOMPARE(badge.last().first().toInt(), 2);
    }

    // Under the German translation the list and the detail word the rule's reason in German,
    // with the figures in German number format; the stored text stays English. Last, as it
    // leaves the translation installed until it cleans up.
    void reasonInGerman()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        const qint64 restock = pendingId(owner, "purchase");
        QVERIFY(sp::views::installTranslations(*QCoreApplication::instance(),
                                               QLocale(QLocale::German, QLocale::Germany)));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const auto english = qScopeGuard([] {
            for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
            QLocale::setDefault(QLocale::c());
        });
        Desk desk(db.manager(), false);
        QVERIFY(desk.load());
        const int row = desk.page.model()->rowForId(restock);
        QVERIFY(row >= 0);
        // The purchase's reason in the list, its line's in the detail.
        const QString german = QStringLiteral(
            "96 Stück in 1 Position(en) bei Nordtex für Store Mitte bestellen, insgesamt "
            "1.440,00: SKU000001 96. 1 davon sind ausverkauft, bevor eine Lieferung eintreffen "
            "kann.");
        const QString line = QStringLiteral(
            "Store Mitte verkauft 6,0/Tag; 10 verfügbar + 0 im Zulauf: Reichweite 1,7 Tage, "
            "unter dem Meldebestand von 60 (10 Tage Lieferzeit, Sicherheitsbestand 0). 96 "
            "bestellen (16 Packungen zu 6) bei Nordtex, um 102 zu erreichen.");
        QCOMPARE(desk.page.model()->index(row, InboxModel::ReasonColumn).data().toString(), german);
        QVERIFY(desk.page.selectId(restock));
        QTRY_VERIFY(desk.page.detailView()->toPlainText().contains(german));
        QVERIFY(desk.page.detailView()->toPlainText().contains(line));
        QVERIFY(owner.exec("SELECT reason FROM suggestions WHERE id = $1", {restock})
                    .text(0, 0)
                    .startsWith(QLatin1String("Order 96 units in 1 line(s) from Nordtex")));
    }
};

QTEST_MAIN(TestInboxPage)
#include "tst_inboxpage.moc"
