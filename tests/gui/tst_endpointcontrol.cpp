// The customer endpoint run inside the desktop program: started from the http/* settings on
// the address and port given, answering over loopback; a port already taken shows the error
// in the status text and in the settings dialog, which stays open; off means off. A restart
// leaves the old server's requests to finish in the background while the GUI thread goes on,
// and the new server then answers.

#include "db/dberror.h"
#include "db/pgconnection.h"
#include "endpointcontrol.h"
#include "endpointsettingsdialog.h"
#include "http/endpointserver.h"
#include "httpclient.h"
#include "scratchsettings.h"
#include "testdatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

using sp::views::EndpointControl;
using sp::views::EndpointSettings;
using sp::views::EndpointSettingsDialog;

class TestEndpointControl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        sp::test::useScratchSettings(m_settingsDir.path(), QStringLiteral("tst_endpointcontrol"));
    }

    void settingsDefaultsAndKeys()
    {
        QSettings settings;
        settings.clear();
        const EndpointSettings defaults = EndpointSettings::load(settings);
        QVERIFY(defaults.enabled);
        QCOMPARE(defaults.address, u"127.0.0.1");
        QCOMPARE(defaults.port, 8001);
        QCOMPARE(defaults.listenText(), u"127.0.0.1:8001");

        EndpointSettings s{false, QStringLiteral("::1"), 9100};
        s.save(settings);
        QCOMPARE(settings.value(QStringLiteral("http/enabled")).toBool(), false);
        QCOMPARE(settings.value(QStringLiteral("http/address")).toString(), u"::1");
        QCOMPARE(settings.value(QStringLiteral("http/port")).toInt(), 9100);
        QCOMPARE(EndpointSettings::load(settings), s);
        QCOMPARE(s.listenText(), u"[::1]:9100");

        // A configured server: the endpoint's own login, never the staff member's password.
        sp::db::ConnectionSettings server;
        server.host = QStringLiteral("db.example");
        server.user = QStringLiteral("clerk");
        server.password = QStringLiteral("secret");
        QCOMPARE(EndpointControl::endpointLogin(server, settings).user, u"stockpilot_server");
        settings.setValue(QStringLiteral("http/dbUser"), QStringLiteral("shop_endpoint"));
        const sp::db::ConnectionSettings login = EndpointControl::endpointLogin(server, settings);
        QCOMPARE(login.user, u"shop_endpoint");
        QCOMPARE(login.host, u"db.example");
        QVERIFY(login.password.isEmpty());
        settings.clear();
    }

    void servesOnTheConfiguredPort()
    {
        sp::test::TestDatabase db;
        EndpointControl control(db.owner());
        QSignalSpy status(&control, &EndpointControl::statusChanged);
        QVERIFY(control.apply({true, QStringLiteral("127.0.0.1"), 0}));
        QVERIFY(control.isRunning());
        const quint16 port = control.server()->port();
        QVERIFY(port > 0);
        QCOMPARE(control.statusText(), QStringLiteral("Endpoint: 127.0.0.1:%1").arg(port));
        QCOMPARE(status.count(), 1);

        const sp::test::HttpReply health = sp::test::getWhileProcessingEvents(port, "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json()[u"status"].toString(), u"healthy");
        QCOMPARE(health.json()[u"database"].toString(), u"connected");

        QVERIFY(control.apply({false, QStringLiteral("127.0.0.1"), 0}));
        QVERIFY(!control.isRunning());
        QCOMPARE(control.statusText(), u"Endpoint: off");
        QCOMPARE(sp::test::getWhileProcessingEvents(port, "/health").status,
                 0); // nobody listens any more
    }

    void portTakenIsReported()
    {
        sp::test::TestDatabase db;
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = squatter.serverPort();

        EndpointControl control(db.owner());
        QVERIFY(!control.apply({true, QStringLiteral("127.0.0.1"), taken}));
        QVERIFY(!control.isRunning());
        QVERIFY(!control.errorString().isEmpty());
        QVERIFY2(
            control.statusText().startsWith(QStringLiteral("Endpoint: 127.0.0.1:%1: ").arg(taken)),
            qPrintable(control.statusText()));

        // The settings dialog stays open and says why; a free port then works and is saved.
        EndpointSettingsDialog dialog(&control);
        dialog.open();
        dialog.findChild<QSpinBox*>(QStringLiteral("endpointPort"))->setValue(taken);
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("endpointStatus"))
                    ->text()
                    .startsWith(QStringLiteral("Endpoint: 127.0.0.1:%1: ").arg(taken)));

        QTcpServer probe; // a port that is free right now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 free = probe.serverPort();
        probe.close();
        dialog.findChild<QSpinBox*>(QStringLiteral("endpointPort"))->setValue(free);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(control.isRunning());
        QCOMPARE(control.statusText(), QStringLiteral("Endpoint: 127.0.0.1:%1").arg(free));
        QCOMPARE(QSettings().value(QStringLiteral("http/port")).toInt(), int(free));
        QCOMPARE(sp::test::getWhileProcessingEvents(free, "/health").status, 200);
    }

    // A request of the old server waits in the database on a lock that only the GUI thread's
    // event loop lets go (a zero timer). Were the restart to wait for the old server, that timer
    // could not run before the old server had finished; it does, while the request is still
    // waiting, and the new server starts only after it.
    void restartDoesNotBlockTheGuiThread()
    {
        sp::test::TestDatabase db;
        EndpointControl control(db.owner());
        QVERIFY(control.apply({true, QStringLiteral("127.0.0.1"), 0}));
        const quint16 oldPort = control.server()->port();

        sp::db::Connection owner(db.owner());
        // Should the restart block after all, the lock goes with this session in the end, and
        // the checks below fail instead of the test hanging.
        owner.execScript("SET idle_in_transaction_session_timeout = '60s'");
        owner.execScript("BEGIN; LOCK TABLE carts IN ACCESS EXCLUSIVE MODE");
        auto waiting = [&owner] {
            return owner
                .exec("SELECT count(*) FROM pg_locks WHERE relation = 'carts'::regclass "
                      "AND NOT granted")
                .toInt(0, 0);
        };
        QFuture<sp::test::HttpReply> slow =
            QtConcurrent::run([oldPort] { return sp::test::request(oldPort, "POST", "/carts"); });
        QTRY_COMPARE_WITH_TIMEOUT(waiting(), 1, 10000);

        QTcpServer probe; // a port that is free right now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 newPort = probe.serverPort();
        probe.close();

        QStringList order;
        connect(&control, &EndpointControl::statusChanged, this,
                [&order](const QString& text) { order.append(text); });
        bool stillWaiting = false;
        bool starting = false;
        bool running = true;
        QTimer::singleShot(0, this, [&] {
            order.append(QStringLiteral("timer"));
            starting = control.isStarting();
            running = control.isRunning();
            try {
                stillWaiting = waiting() == 1;
                owner.execScript("ROLLBACK");
            } catch (const sp::db::DbError&) {
                order.append(QStringLiteral("session timed out")); // the restart did block
            }
        });
        QVERIFY(control.apply({true, QStringLiteral("127.0.0.1"), newPort}));
        order.append(QStringLiteral("apply returned"));
        QVERIFY(control.isStarting());
        QVERIFY(!control.isRunning());

        QTRY_VERIFY_WITH_TIMEOUT(control.isRunning(), 30000);
        const QString newText = QStringLiteral("Endpoint: 127.0.0.1:%1").arg(newPort);
        QCOMPARE(order,
                 QStringList({QStringLiteral("Endpoint: starting on 127.0.0.1:%1").arg(newPort),
                              QStringLiteral("apply returned"), QStringLiteral("timer"), newText}));
        QVERIFY(stillWaiting);
        QVERIFY(starting);
        QVERIFY(!running);
        QCOMPARE(control.statusText(), newText);

        // The old request's work ended in the database (its answer went nowhere: the old
        // server had closed its connections), and the new server answers.
        QTRY_VERIFY(slow.isFinished());
        QCOMPARE(slow.result().status, 0);
        QCOMPARE(sp::db::Connection(db.owner()).exec("SELECT count(*) FROM carts").toInt(0, 0), 1);
        const sp::test::HttpReply health = sp::test::getWhileProcessingEvents(newPort, "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(sp::test::getWhileProcessingEvents(oldPort, "/health").status, 0);

        // Through the settings dialog: OK waits for the restart without blocking, and the
        // dialog closes once the new server runs.
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 dialogPort = probe.serverPort();
        probe.close();
        EndpointSettingsDialog dialog(&control);
        dialog.open();
        dialog.findChild<QSpinBox*>(QStringLiteral("endpointPort"))->setValue(dialogPort);
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(!ok->isEnabled());
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("endpointStatus"))->text(),
                 QStringLiteral("Endpoint: starting on 127.0.0.1:%1").arg(dialogPort));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 30000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(control.isRunning());
        QCOMPARE(sp::test::getWhileProcessingEvents(dialogPort, "/health").status, 200);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestEndpointControl)
#include "tst_endpointcontrol.moc"
