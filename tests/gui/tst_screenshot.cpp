// stockpilot --screenshot signs in without asking (user from --user, password from
// PGPASSWORD), waits for the first rows, writes a PNG of the main window and exits 0.

#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestScreenshot : public QObject
{
    Q_OBJECT

private:
    // A libpq URI for a socket connection: postgresql:///db?host=/socket/dir&port=N
    static QString uriOf(const sp::db::ConnectionSettings& s)
    {
        QString uri = QStringLiteral("postgresql:///") + s.database + QStringLiteral("?host=") +
                      QString::fromLatin1(QUrl::toPercentEncoding(s.host));
        if (s.port)
            uri += QStringLiteral("&port=") + QString::number(s.port);
        return uri;
    }

private slots:
    void writesPng()
    {
        sp::test::TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            sp::test::loadTinyCatalog(owner);
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("stock.png"));
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("manager"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(STOCKPILOT_BINARY),
                  {QStringLiteral("--db"), uriOf(db.owner()), QStringLiteral("--user"),
                   QStringLiteral("manager"), QStringLiteral("--screenshot"), file,
                   QStringLiteral("--page"), QStringLiteral("stock")});
        if (!app.waitForFinished(60000)) {
            app.kill();
            app.waitForFinished();
            QFAIL(qPrintable(QStringLiteral("stockpilot --screenshot did not finish: ") +
                             QString::fromUtf8(app.readAllStandardError())));
        }
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
                 app.readAllStandardError().constData());
        const QImage image(file);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        QVERIFY(QFileInfo(file).size() > 10'000);
    }

    void wrongPasswordFails()
    {
        sp::test::TestDatabase db;
        QTemporaryDir dir;
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("wrong"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(STOCKPILOT_BINARY),
                  {QStringLiteral("--db"), uriOf(db.owner()), QStringLiteral("--user"),
                   QStringLiteral("manager"), QStringLiteral("--screenshot"),
                   dir.filePath(QStringLiteral("x.png"))});
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitCode(), 1);
        const QByteArray errors = app.readAllStandardError();
        QVERIFY2(errors.contains("Wrong user name or password."), errors.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    }
};

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
