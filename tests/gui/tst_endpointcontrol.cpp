// The customer endpoint run inside the desktop program: started from the http/* settings on
// the address and port given, answering over loopback; a port already taken shows the error
// in the status text and in the settings dialog, which stays open; off means off.

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

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestEndpointControl)
#include "tst_endpointcontrol.moc"
