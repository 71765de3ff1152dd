// The sign-in dialog against a real database: each demo role signs in through the widgets and
// gets its staff role; a wrong password, an unreachable server and a login that is not staff
// each get a message that says which it is, and the dialog stays open; while a server is slow to
// answer, the GUI thread goes on running.

#include "db/credentialstore.h"
#include "db/pgconnection.h"
#include "errortext.h"
#include "signindialog.h"
#include "staff/session.h"
#include "testdatabase.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using sp::views::SignInDialog;

class TestSignInDialog : public QObject
{
    Q_OBJECT

private:
    static void fillAndSubmit(SignInDialog& dialog, const QString& user, const QString& password)
    {
        auto* userEdit = dialog.findChild<QLineEdit*>(QStringLiteral("user"));
        auto* passwordEdit = dialog.findChild<QLineEdit*>(QStringLiteral("password"));
        QVERIFY(userEdit && passwordEdit);
        userEdit->clear();
        passwordEdit->clear();
        QTest::keyClicks(userEdit, user);
        QTest::keyClicks(passwordEdit, password);
        auto* buttons = dialog.findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    }

private slots:
    void signsInWithRole_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("role");
        QTest::newRow("clerk") << "clerk"
                               << "clerk";
        QTest::newRow("manager") << "manager"
                                 << "manager";
        QTest::newRow("admin") << "admin"
                               << "admin";
    }

    void signsInWithRole()
    {
        QFETCH(QString, user);
        QFETCH(QString, role);
        sp::test::TestDatabase db;
        SignInDialog dialog([&db](const QString& u, const QString& p) { return db.as(u, p); },
                            QStringLiteral("test database"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("where"))
                    ->text()
                    .contains(QLatin1String("test database")));
        fillAndSubmit(dialog, user, user);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QCOMPARE(dialog.role(), role);
        QCOMPARE(dialog.settings().user, user);
        QVERIFY(dialog.errorMessage().isEmpty());
    }

    void wrongPasswordIsSaidAndDialogStays()
    {
        sp::test::TestDatabase db;
        SignInDialog dialog([&db](const QString& u, const QString& p) { return db.as(u, p); },
                            QStringLiteral("test database"));
        dialog.show();
        fillAndSubmit(dialog, QStringLiteral("manager"), QStringLiteral("not-the-password"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorMessage().isEmpty(), 10000);
        QCOMPARE(dialog.errorMessage(), QStringLiteral("Wrong user name or password."));
        QVERIFY(dialog.isVisible());
        // The refusal carries its own code, and the one mapper words it from the code alone.
        try {
            sp::staff::staffRole(
                db.as(QStringLiteral("manager"), QStringLiteral("not-the-password")))
                .result();
            QFAIL("a wrong password signed in");
        } catch (const sp::db::DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sp::db::sqlstate::InvalidPassword));
            QCOMPARE(sp::views::errorText(e), QStringLiteral("Wrong user name or password."));
        }
        QCOMPARE(sp::views::errorText(sp::db::DbError(
                     QString::fromLatin1(sp::db::sqlstate::InvalidPassword), QStringLiteral("x"))),
                 QStringLiteral("Wrong user name or password."));
        QVERIFY(!dialog.isBusy());
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted

        // Fixing the password then works in the same dialog.
        fillAndSubmit(dialog, QStringLiteral("manager"), QStringLiteral("manager"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    }

    void unknownUserIsWrongCredentials()
    {
        sp::test::TestDatabase db;
        SignInDialog dialog([&db](const QString& u, const QString& p) { return db.as(u, p); },
                            QStringLiteral("test database"));
        dialog.show();
        fillAndSubmit(dialog, QStringLiteral("nobody_here"), QStringLiteral("secret"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorMessage().isEmpty(), 10000);
        QCOMPARE(dialog.errorMessage(), QStringLiteral("Wrong user name or password."));
    }

    void unreachableServerIsSaid()
    {
        sp::test::TestDatabase db;
        SignInDialog dialog(
            [](const QString& u, const QString& p) {
                sp::db::ConnectionSettings s;
                s.host = QStringLiteral("127.0.0.1");
                s.port = 1; // nothing listens there
                s.database = QStringLiteral("stockpilot");
                s.user = u;
                s.password = p;
                s.connectTimeoutSeconds = 3;
                return s;
            },
            QStringLiteral("127.0.0.1:1"));
        dialog.show();
        fillAndSubmit(dialog, QStringLiteral("manager"), QStringLiteral("manager"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorMessage().isEmpty(), 15000);
        QVERIFY2(dialog.errorMessage().contains(QLatin1String("cannot be reached")),
                 qPrintable(dialog.errorMessage()));
        QVERIFY(dialog.errorMessage().contains(QLatin1String("127.0.0.1:1")));
        QVERIFY(dialog.isVisible());
    }

    // While a server takes its time, the GUI thread keeps running: a timer on it fires again and
    // again while the connection attempt is still out, and the dialog shows it is busy. The
    // server here accepts the connection and says nothing until the test closes it.
    void guiThreadRunsWhileTheServerIsSilent()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket*> held;
        connect(&silent, &QTcpServer::newConnection, &silent, [&]() {
            while (QTcpSocket* socket = silent.nextPendingConnection())
                held.append(socket);
        });
        SignInDialog dialog(
            [&silent](const QString& u, const QString& p) {
                sp::db::ConnectionSettings s;
                s.host = QStringLiteral("127.0.0.1");
                s.port = silent.serverPort();
                s.database = QStringLiteral("stockpilot");
                s.user = u;
                s.password = p;
                s.sslMode = QStringLiteral("disable"); // one connection, no second try
                s.connectTimeoutSeconds = 30;          // the test ends the attempt, not libpq
                return s;
            },
            QStringLiteral("silent server"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // Ticks of a timer on the GUI thread that came while the attempt was out and unanswered.
        int ticksWhileWaiting = 0;
        QTimer ticker;
        ticker.setInterval(20);
        connect(&ticker, &QTimer::timeout, &dialog, [&]() {
            if (dialog.isBusy() && !held.isEmpty() && dialog.errorMessage().isEmpty())
                ++ticksWhileWaiting;
        });
        ticker.start();
        fillAndSubmit(dialog, QStringLiteral("manager"), QStringLiteral("manager"));
        QTRY_VERIFY_WITH_TIMEOUT(ticksWhileWaiting >= 5, 15000);
        QVERIFY(dialog.isBusy());
        QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first()->state(), QAbstractSocket::ConnectedState);

        // The server hangs up: the attempt fails, and the dialog says so and is usable again.
        ticker.stop();
        held.first()->abort();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorMessage().isEmpty(), 15000);
        QVERIFY2(dialog.errorMessage().contains(QLatin1String("cannot be reached")),
                 qPrintable(dialog.errorMessage()));
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        qDeleteAll(held);
    }

    void loginWithoutStaffRoleIsRefused()
    {
        sp::test::TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            owner.execScript(
                "DO $$ BEGIN CREATE ROLE outsider LOGIN PASSWORD 'outsider'; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;");
            owner.execScript(QByteArray("GRANT CONNECT ON DATABASE \"") + db.name().toUtf8() +
                             "\" TO outsider");
        }
        SignInDialog dialog([&db](const QString& u, const QString& p) { return db.as(u, p); },
                            QStringLiteral("test database"));
        dialog.show();
        fillAndSubmit(dialog, QStringLiteral("outsider"), QStringLiteral("outsider"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorMessage().isEmpty(), 10000);
        QVERIFY2(dialog.errorMessage().contains(QLatin1String("not a StockPilot staff member")),
                 qPrintable(dialog.errorMessage()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    // Without a keychain service (a headless machine) the dialog says so and sign-in still works;
    // nothing is written anywhere else.
    void missingKeychainIsSaidAndSignInContinues()
    {
        sp::test::TestDatabase db;
        sp::db::CredentialStore store;
        bool unavailable = false;
        bool answered = false;
        store.readPassword(QStringLiteral("probe@nowhere"), &store,
                           [&](const sp::db::CredentialStore::Outcome& o) {
                               answered = true;
                               unavailable = o.status ==
                                             sp::db::CredentialStore::Outcome::Status::Unavailable;
                           });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
        if (!unavailable)
            QSKIP("a system keychain is available here");

        SignInDialog dialog([&db](const QString& u, const QString& p) { return db.as(u, p); },
                            QStringLiteral("test database"));
        dialog.setCredentialStore(&store);
        dialog.setUser(QStringLiteral("manager"));
        dialog.show();
        auto* remember = dialog.findChild<QCheckBox*>(QStringLiteral("remember"));
        QTRY_VERIFY_WITH_TIMEOUT(!remember->isEnabled(), 30000);
        QVERIFY(remember->text().contains(QLatin1String("no system keychain")));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("password")),
                         QStringLiteral("manager"));
        QTest::mouseClick(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    }

    void emptyFieldsAreAskedFor()
    {
        SignInDialog dialog(
            [](const QString&, const QString&) { return sp::db::ConnectionSettings(); },
            QStringLiteral("nowhere"));
        dialog.show();
        auto* buttons = dialog.findChild<QDialogButtonBox*>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.errorMessage(), QStringLiteral("Enter your user name."));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("user")),
                         QStringLiteral("clerk"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.errorMessage(), QStringLiteral("Enter your password."));
        QVERIFY(!dialog.isBusy());
    }
};

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
