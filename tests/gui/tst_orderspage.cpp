// The Orders page on a real database, offscreen: an order placed by a cart's checkout (the
// endpoint's SQL function) appears live with its ranked fulfilment plan, reasons and the stock
// now at each candidate location; a manager's source override is recorded with who and why,
// a clerk's is refused by the database and the page says so in words.

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using sp::db::Connection;
using sp::db::Database;
using sp::db::EventStream;
using sp::models::FulfilmentPlanModel;
using sp::models::OrdersModel;
using sp::views::OrdersPage;

namespace {

const QString TokenHash = QString(64, QLatin1Char('c'));

QJsonObject json(const sp::db::Result& r)
{
    return QJsonDocument::fromJson(r.bytes(0, 0)).object();
}

// A customer's cart with 4 × SKU000001 held at ST1, checked out to a Berlin address.
QString placeOrder(Connection& c)
{
    const QString cart = json(c.exec("SELECT api_cart_create($1)", {TokenHash}))[u"body"]
                             .toObject()[u"cart_id"]
                             .toString();
    c.exec("SELECT api_cart_set_item($1, $2, 'SKU000001', 4, 'ST1', 300, 50, 20)",
           {cart, TokenHash});
    const QJsonObject order = json(c.exec(
        "SELECT api_cart_checkout($1, $2, 'checkout-1', 'fp', 52.52, 13.40)", {cart, TokenHash}));
    if (order[u"status"].toInt() != 201)
        qWarning() << "checkout:" << order;
    return order[u"body"].toObject()[u"order_id"].toString();
}

QDialog* activeDialog()
{
    return qobject_cast<QDialog*>(QApplication::activeModalWidget());
}

void clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

} // namespace

class TestOrdersPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
    }

    void cleanup()
    {
        cleanupPage();
        m_owner.reset();
        m_db.reset();
    }

    void showsPlanOfCheckedOutOrderLive()
    {
        openPage(m_db->clerk());
        QCOMPARE(m_page->model()->rowCount(), 0);
        const QString orderId = placeOrder(*m_owner);
        QVERIFY(!orderId.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 1, 1000);
        QCOMPARE(m_page->model()->index(0, 0).data(OrdersModel::OrderIdRole).toString(), orderId);
        QCOMPARE(m_page->model()->index(0, OrdersModel::LinesColumn).data().toString(),
                 u"SKU000001 × 4 from ST1");

        m_page->ordersView()->selectRow(0);
        QCOMPARE(m_page->selectedOrderId(), orderId);
        FulfilmentPlanModel* plan = m_page->planModel();
        const sp::db::Result plans = m_owner->exec(
            "SELECT rank, reason, shipments -> 0 ->> 'location', jsonb_array_length(shipments)"
            " FROM fulfilment_plans WHERE order_id = $1 ORDER BY rank",
            {orderId});
        QVERIFY(plans.rows() >= 1);
        int shipments = 0;
        for (int i = 0; i < plans.rows(); ++i)
            shipments += plans.toInt(i, 3);
        QCOMPARE(plan->rowCount(), shipments);
        // The best plan first, marked as chosen, with its reason and distance.
        QCOMPARE(plan->index(0, FulfilmentPlanModel::RankColumn).data().toString(), u"1 (chosen)");
        QCOMPARE(plan->index(0, FulfilmentPlanModel::ReasonColumn).data().toString(),
                 plans.text(0, 1));
        QCOMPARE(plan->index(0, FulfilmentPlanModel::LocationColumn).data().toString(),
                 plans.text(0, 2));
        QVERIFY(
            plan->index(0, FulfilmentPlanModel::DistanceColumn).data().toString().endsWith(u" km"));
        QCOMPARE(plan->index(0, FulfilmentPlanModel::ItemsColumn).data().toString(),
                 u"SKU000001 × 4");
        // Available now at that location, as the database says.
        const int available = m_owner
                                  ->exec("SELECT s.available FROM stock_levels s"
                                         " JOIN products p ON p.id = s.product_id"
                                         " JOIN locations l ON l.id = s.location_id"
                                         " WHERE p.sku = 'SKU000001' AND l.code = $1",
                                         {plans.text(0, 2)})
                                  .toInt(0, 0);
        QTRY_COMPARE(plan->index(0, FulfilmentPlanModel::AvailableColumn).data().toString(),
                     QStringLiteral("SKU000001: %1").arg(available));
        QCOMPARE(m_page->overridesView()->topLevelItemCount(), 0);
    }

    void managerOverrideIsRecorded()
    {
        const QString orderId = placeOrder(*m_owner);
        openPage(m_db->manager());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        const QString from = m_page->model()->orderAt(0)->lines[0].location;
        const QString to = from == u"WH1" ? QStringLiteral("ST1") : QStringLiteral("WH1");

        QSignalSpy finished(m_page.get(), &OrdersPage::actionFinished);
        override(to, QStringLiteral("the van leaves from there"));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));

        const sp::db::Result r = m_owner->exec(
            "SELECT o.actor, o.reason, f.code, t.code, o.quantity FROM order_source_overrides o"
            " JOIN locations f ON f.id = o.from_location_id"
            " JOIN locations t ON t.id = o.to_location_id WHERE o.order_id = $1",
            {orderId});
        QCOMPARE(r.rows(), 1);
        QCOMPARE(r.text(0, 0), u"manager");
        QCOMPARE(r.text(0, 1), u"the van leaves from there");
        QCOMPARE(r.text(0, 2), from);
        QCOMPARE(r.text(0, 3), to);
        QCOMPARE(r.toInt(0, 4), 4);
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);

        // The page shows it: the line's new source, and who changed it and why.
        QTRY_COMPARE(m_page->overridesView()->topLevelItemCount(), 1);
        QTreeWidgetItem* item = m_page->overridesView()->topLevelItem(0);
        QCOMPARE(item->text(1), u"manager");
        QCOMPARE(item->text(3), from);
        QCOMPARE(item->text(4), to);
        QCOMPARE(item->text(6), u"the van leaves from there");
        QCOMPARE(m_page->model()->index(0, OrdersModel::LinesColumn).data().toString(),
                 QStringLiteral("SKU000001 × 4 from %1").arg(to));
        QCOMPARE(m_page->model()->index(0, OrdersModel::OverridesColumn).data().toInt(), 1);
        QCOMPARE(m_page->selectedOrderId(), orderId); // the selection stayed
    }

    void clerkOverrideIsRefusedInWords()
    {
        const QString orderId = placeOrder(*m_owner);
        openPage(m_db->clerk());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        const QString from = m_page->model()->orderAt(0)->lines[0].location;
        const QString to = from == u"WH1" ? QStringLiteral("ST1") : QStringLiteral("WH1");

        QSignalSpy finished(m_page.get(), &OrdersPage::actionFinished);
        override(to, QStringLiteral("closer"));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!finished[0][0].toBool());
        const QString message = finished[0][1].toString();
        QVERIFY2(message.startsWith(u"Only a manager may change where an order ships from."),
                 qPrintable(message));
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QCOMPARE(box->text(), message);
        QCOMPARE(m_page->findChild<QLabel*>(QStringLiteral("ordersStatus"))->text(), message);
        // Nothing changed.
        QCOMPARE(
            m_owner
                ->exec("SELECT count(*) FROM order_source_overrides WHERE order_id = $1", {orderId})
                .toInt(0, 0),
            0);
        QCOMPARE(m_owner
                     ->exec("SELECT l.code FROM order_lines ol"
                            " JOIN locations l ON l.id = ol.location_id WHERE ol.order_id = $1",
                            {orderId})
                     .text(0, 0),
                 from);
    }

    // Told the role, the page offers a clerk shipping but not what the database keeps for
    // managers, and says who may.
    void managerActionsAreAManagers()
    {
        placeOrder(*m_owner);
        openPage(m_db->clerk(), QStringLiteral("clerk"));
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        m_page->ordersView()->selectRow(0);
        auto* cancel = m_page->findChild<QPushButton*>(QStringLiteral("cancelOrder"));
        auto* override = m_page->findChild<QPushButton*>(QStringLiteral("overrideSource"));
        QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("shipOrder"))->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QCOMPARE(cancel->toolTip(), QStringLiteral("Managers may cancel an order."));
        QVERIFY(!override->isEnabled());
        QCOMPARE(override->toolTip(),
                 QStringLiteral("Managers may change where an order ships from."));

        cleanupPage();
        openPage(m_db->manager(), QStringLiteral("manager"));
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        m_page->ordersView()->selectRow(0);
        QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("cancelOrder"))->isEnabled());
        QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("overrideSource"))->isEnabled());
    }

    void overrideWithoutReasonIsRefusedInTheDialog()
    {
        placeOrder(*m_owner);
        openPage(m_db->manager());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        m_page->ordersView()->selectRow(0);
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("overrideSource")),
                          Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        clickOk(activeDialog());
        QVERIFY(activeDialog());
        QVERIFY(activeDialog()->findChild<QLabel*>(QStringLiteral("reasonError"))->isVisible());
        QCOMPARE(m_owner->exec("SELECT count(*) FROM order_source_overrides").toInt(0, 0), 0);
    }

    // Ship… sends part of a line, then the rest; Cancel order… releases the next order.
    void shipAndCancelFromThePage()
    {
        const QString first = placeOrder(*m_owner);
        openPage(m_db->manager());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        m_page->ordersView()->selectRow(0);
        const QString from = m_page->model()->orderAt(0)->lines[0].location;
        auto* ship = m_page->findChild<QPushButton*>(QStringLiteral("shipOrder"));
        auto* cancel = m_page->findChild<QPushButton*>(QStringLiteral("cancelOrder"));
        QVERIFY(ship->isEnabled());
        QVERIFY(cancel->isEnabled());

        QSignalSpy finished(m_page.get(), &OrdersPage::actionFinished);
        QTest::mouseClick(ship, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        auto* spin = activeDialog()->findChild<QSpinBox*>(QStringLiteral("shipLine1"));
        QCOMPARE(spin->maximum(), 4);
        spin->setValue(1);
        clickOk(activeDialog());
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));
        QCOMPARE(m_owner->exec("SELECT status FROM orders WHERE id = $1", {first}).text(0, 0),
                 QStringLiteral("partially_shipped"));
        // Shipped units cannot be cancelled: the page says so before the database does.
        QTRY_VERIFY(!cancel->isEnabled());
        QTRY_COMPARE(m_page->model()->index(0, OrdersModel::LinesColumn).data().toString(),
                     QStringLiteral("SKU000001 × 4 from %1 (1 shipped)").arg(from));

        QTest::mouseClick(ship, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QCOMPARE(activeDialog()->findChild<QSpinBox*>(QStringLiteral("shipLine1"))->value(), 3);
        clickOk(activeDialog());
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY2(finished[1][0].toBool(), qPrintable(finished[1][1].toString()));
        QCOMPARE(m_owner->exec("SELECT status FROM orders WHERE id = $1", {first}).text(0, 0),
                 QStringLiteral("shipped"));
        QTRY_VERIFY(!ship->isEnabled());

        const QString second = placeOrder(*m_owner);
        QTRY_COMPARE(m_page->model()->rowCount(), 2);
        m_page->ordersView()->selectRow(m_page->model()->rowOfOrder(second));
        QTRY_VERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QTest::keyClicks(activeDialog()->findChild<QLineEdit*>(QStringLiteral("reason")),
                         QStringLiteral("customer called"));
        clickOk(activeDialog());
        QTRY_COMPARE(finished.count(), 3);
        QVERIFY2(finished[2][0].toBool(), qPrintable(finished[2][1].toString()));
        QCOMPARE(m_owner->exec("SELECT status, cancel_reason FROM orders WHERE id = $1", {second})
                     .text(0, 1),
                 QStringLiteral("customer called"));
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void pickListShowsWhatIsLeftToShip()
    {
        const QString id = placeOrder(*m_owner);
        m_owner->exec("SELECT order_ship($1::uuid, '[{\"line\": 1, \"quantity\": 1}]', 'pick')",
                      {id});
        openPage(m_db->clerk());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        QTRY_VERIFY(!m_page->locations().isEmpty());
        const QString from = m_page->model()->orderAt(0)->lines[0].location;
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("pickList")),
                          Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        auto* location = dialog->findChild<QComboBox*>(QStringLiteral("pickLocation"));
        auto* lines = dialog->findChild<QTreeWidget*>(QStringLiteral("pickLines"));
        const int elsewhere = location->findData(from) == 0 ? 1 : 0;
        location->setCurrentIndex(elsewhere);
        QTRY_COMPARE(dialog->findChild<QLabel*>(QStringLiteral("pickSummary"))->text(),
                     QStringLiteral("Nothing to pick here."));
        QCOMPARE(lines->topLevelItemCount(), 0);
        location->setCurrentIndex(location->findData(from));
        QTRY_COMPARE(lines->topLevelItemCount(), 1);
        const QTreeWidgetItem* item = lines->topLevelItem(0);
        QCOMPARE(item->data(0, Qt::UserRole).toString(), id);
        QCOMPARE(item->text(2), QStringLiteral("SKU000001"));
        QCOMPARE(item->text(4), QStringLiteral("3")); // 4 ordered, 1 shipped
        dialog->reject();
    }

private:
    void cleanupPage()
    {
        while (QWidget* w = QApplication::activeModalWidget())
            delete w;
        m_testers.clear();
        m_page.reset();
        m_stream.reset();
        m_pool.reset();
    }

    // role: the staff role the page is told (empty: not known, so every action is offered).
    void openPage(const sp::db::ConnectionSettings& as, const QString& role = {})
    {
        m_pool = std::make_unique<Database>(as, 2);
        m_stream = std::make_unique<EventStream>(as);
        QSignalSpy started(m_stream.get(), &EventStream::started);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        m_page = std::make_unique<OrdersPage>(m_pool.get(), role);
        for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(m_page->model()),
                                          static_cast<QAbstractItemModel*>(m_page->planModel())})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        connect(m_stream.get(), &EventStream::eventsReceived, m_page.get(),
                &OrdersPage::applyEvents);
        m_page->resize(1000, 700);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->model()->isLoading());
        QTRY_VERIFY(!m_page->locations().isEmpty());
    }

    // Override source… on the first order's first line, to the location given, with a reason.
    void override(const QString& to, const QString& reason)
    {
        m_page->ordersView()->selectRow(0);
        auto* button = m_page->findChild<QPushButton*>(QStringLiteral("overrideSource"));
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        auto* location = dialog->findChild<QComboBox*>(QStringLiteral("overrideLocation"));
        QVERIFY(location->findData(to) >= 0);
        location->setCurrentIndex(location->findData(to));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reason")), reason);
        clickOk(dialog);
        QTRY_VERIFY(!activeDialog() || activeDialog() != dialog);
    }

    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<OrdersPage> m_page;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

QTEST_MAIN(TestOrdersPage)
#include "tst_orderspage.moc"
