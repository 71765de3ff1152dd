// The Holds and Orders pages inside the signed-in main window: listed as "holds" and
// "orders", fed by the session's own event stream (a hold made through SQL shows up on the
// page without anything else connected), and the customer endpoint's Settings entry and
// status bar text.

#include "../http/httpclient.h"
#include "customerpages.h"
#include "db/pgconnection.h"
#include "endpointcontrol.h"
#include "holdsmodel.h"
#include "holdspage.h"
#include "mainwindow.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "scratchsettings.h"
#include "staff/session.h"
#include "testdatabase.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <memory>

using sp::staff::Session;
using sp::views::MainWindow;

class TestCustomerPages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        sp::test::useScratchSettings(m_settingsDir.path(), QStringLiteral("tst_customerpages"));
    }

    void pagesAreLiveInTheMainWindow()
    {
        sp::test::TestDatabase db;
        sp::db::Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        auto session =
            std::make_unique<Session>(db.clerk(), QStringLiteral("clerk"), QStringLiteral("test"));
        auto window = std::make_unique<MainWindow>(session.get());
        const sp::views::CustomerPages pages =
            sp::views::addCustomerPages(window.get(), session.get());
        window->show();
        QSignalSpy started(session.get(), &Session::started);
        session->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);

        QVERIFY(window->showPage(QStringLiteral("holds")));
        QCOMPARE(window->currentPageId(), u"holds");
        QVERIFY(pages.holds->isVisible());
        QTRY_VERIFY(!pages.holds->model()->isLoading());
        owner.exec("SELECT api_hold_create_group('{key:1}', '{k1}', '{fp}', '{SKU000002}', "
                   "'{WH1}', '{3}', '{300}')");
        QTRY_COMPARE_WITH_TIMEOUT(pages.holds->model()->rowCount(), 1, 1000);

        QVERIFY(window->showPage(QStringLiteral("orders")));
        QVERIFY(pages.orders->isVisible());
        QTRY_VERIFY(!pages.orders->model()->isLoading());
        const QString token(64, QLatin1Char('d'));
        const QString cart =
            QJsonDocument::fromJson(owner.exec("SELECT api_cart_create($1)", {token}).bytes(0, 0))
                .object()[u"body"]
                .toObject()[u"cart_id"]
                .toString();
        owner.exec("SELECT api_cart_set_item($1, $2, 'SKU000001', 2, 'ST1', 300, 50, 20)",
                   {cart, token});
        owner.exec("SELECT api_cart_checkout($1, $2, 'c1', 'fp', 52.5, 13.4)", {cart, token});
        QTRY_COMPARE_WITH_TIMEOUT(pages.orders->model()->rowCount(), 1, 1000);

        // A clerk is not offered what the database keeps for managers, and is told who may.
        auto* adjust = window->findChild<QAction*>(QStringLiteral("actionAdjust"));
        auto* import = window->findChild<QAction*>(QStringLiteral("actionImport"));
        QVERIFY(!adjust->isEnabled());
        QCOMPARE(adjust->toolTip(), QStringLiteral("Managers may count and adjust stock."));
        QVERIFY(!import->isEnabled());
        QCOMPARE(import->toolTip(), QStringLiteral("Managers may import files."));
        QVERIFY(window->findChild<QAction*>(QStringLiteral("actionReceive"))->isEnabled());
        pages.orders->ordersView()->selectRow(0);
        QVERIFY(!pages.orders->findChild<QPushButton*>(QStringLiteral("cancelOrder"))->isEnabled());

        window.reset();
        session->shutdown();
    }

    void endpointSettingsAndStatus()
    {
        sp::test::TestDatabase db;
        auto session =
            std::make_unique<Session>(db.clerk(), QStringLiteral("clerk"), QStringLiteral("test"));
        MainWindow window(session.get());
        sp::views::EndpointControl endpoint(db.owner());
        sp::views::addEndpointControls(&window, &endpoint);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusEndpoint"));
        QVERIFY(status);
        QCOMPARE(status->text(), u"Endpoint: off");

        QVERIFY(endpoint.apply({true, QStringLiteral("127.0.0.1"), 0}));
        QVERIFY(endpoint.isRunning());
        QCOMPARE(status->text(), endpoint.statusText());
        QVERIFY(status->text().startsWith(u"Endpoint: 127.0.0.1:"));

        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QVERIFY(!endpoint.apply({true, QStringLiteral("127.0.0.1"), squatter.serverPort()}));
        QVERIFY2(status->text().startsWith(
                     QStringLiteral("Endpoint: 127.0.0.1:%1: ").arg(squatter.serverPort())),
                 qPrintable(status->text()));

        // Settings sits before Help and opens the dialog.
        const QList<QAction*> menus = window.menuBar()->actions();
        QVERIFY(menus.size() >= 2);
        QCOMPARE(menus[menus.size() - 2]->text(), u"Se&ttings");
        auto* action = window.findChild<QAction*>(QStringLiteral("actionEndpointSettings"));
        QVERIFY(action);
        action->trigger();
        QTRY_VERIFY(QApplication::activeModalWidget());
        QCOMPARE(QApplication::activeModalWidget()->windowTitle(), u"Customer endpoint");
        delete QApplication::activeModalWidget();
        session->shutdown();
    }

    // End to end as a person does it: Settings > Customer Endpoint…, switch it on at a port,
    // OK; it answers GET /health over loopback; switched off the same way, nobody listens.
    void endpointOnAndOffFromTheSettingsMenu()
    {
        sp::test::TestDatabase db;
        auto session =
            std::make_unique<Session>(db.clerk(), QStringLiteral("clerk"), QStringLiteral("test"));
        MainWindow window(session.get());
        sp::views::EndpointControl endpoint(db.owner());
        sp::views::addEndpointControls(&window, &endpoint);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusEndpoint"));
        auto* action = window.findChild<QAction*>(QStringLiteral("actionEndpointSettings"));
        QVERIFY(status && action);

        QTcpServer probe; // a port that is free right now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        auto setAndAccept = [&](bool enabled) {
            action->trigger();
            QTRY_VERIFY(QApplication::activeModalWidget());
            QWidget* dialog = QApplication::activeModalWidget();
            auto* on = dialog->findChild<QCheckBox*>(QStringLiteral("endpointEnabled"));
            QVERIFY(on);
            on->setChecked(enabled);
            if (enabled) {
                dialog->findChild<QLineEdit*>(QStringLiteral("endpointAddress"))
                    ->setText(QStringLiteral("127.0.0.1"));
                dialog->findChild<QSpinBox*>(QStringLiteral("endpointPort"))->setValue(port);
            }
            QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                              Qt::LeftButton);
            QTRY_VERIFY(!dialog->isVisible());
        };

        setAndAccept(true);
        QVERIFY(endpoint.isRunning());
        QCOMPARE(endpoint.server()->port(), port);
        QCOMPARE(status->text(), QStringLiteral("Endpoint: 127.0.0.1:%1").arg(port));
        const sp::test::HttpReply health = sp::test::getWhileProcessingEvents(port, "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json()[u"status"].toString(), u"healthy");
        QCOMPARE(health.json()[u"database"].toString(), u"connected");
        QCOMPARE(QSettings().value(QStringLiteral("http/port")).toInt(), int(port));

        setAndAccept(false);
        QVERIFY(!endpoint.isRunning());
        QCOMPARE(status->text(), u"Endpoint: off");
        QCOMPARE(sp::test::getWhileProcessingEvents(port, "/health").status,
                 0); // nobody listens any more
        QCOMPARE(QSettings().value(QStringLiteral("http/enabled")).toBool(), false);
        session->shutdown();
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestCustomerPages)
#include "tst_customerpages.moc"
