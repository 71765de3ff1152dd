// stockpilot-admin request "TEXT" [--json] as staff run it: the request is filed as a pending
// suggestion of the signed-in role and the command prints the structured request, the
// optimizer's choice, the reason and who read the text (the rule-based parser, or the language
// model of STOCKPILOT_LLM_URL, here a scripted server over real HTTP). Text that cannot be
// read or names an unknown SKU files nothing.

#include "../agent/agentfixture.h"
#include "scriptedllmserver.h"

#include <QJsonArray>
#include <QProcess>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run admin(const TestDatabase& db, const QStringList& args, const QString& password = {},
          const QString& llmUrl = {})
{
    const ConnectionSettings s = db.owner();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), s.host);
    if (s.port > 0)
        env.insert(QStringLiteral("PGPORT"), QString::number(s.port));
    env.insert(QStringLiteral("PGUSER"), s.user.isEmpty() ? QStringLiteral("postgres") : s.user);
    env.insert(QStringLiteral("PGDATABASE"), db.name());
    env.remove(QStringLiteral("STOCKPILOT_LLM_URL"));
    if (!llmUrl.isEmpty()) {
        env.insert(QStringLiteral("STOCKPILOT_LLM_URL"), llmUrl);
        env.insert(QStringLiteral("STOCKPILOT_LLM_MODEL"), QStringLiteral("test-model"));
    }
    if (!password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), password);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(STOCKPILOT_ADMIN), args);
    // Not waitForFinished: this thread's event loop serves the scripted model meanwhile.
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
    }();
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestRequestCli : public QObject
{
    Q_OBJECT

private slots:
    void textOutputWithTheRuleBasedParser()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        const Run r = admin(db,
                            {QStringLiteral("request"),
                             QStringLiteral("20 units of SKU000001 to Store Kreuzberg"),
                             QStringLiteral("--user"), QStringLiteral("clerk")},
                            QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const qint64 id = owner.exec("SELECT max(id) FROM suggestions").toLongLong(0, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("suggestion %1 filed, pending approval").arg(id)));
        QVERIFY2(r.out.contains(QLatin1String("read by:  the rule-based parser")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String(R"("kind":"transfer")")), qPrintable(r.out));
        // Nearest first: Store Mitte can spare its 10, Warehouse North the rest.
        QVERIFY2(r.out.contains(
                     QLatin1String("choice:   Transfer 20 x SKU000001 to ST2 from ST1 10, WH1 10")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("reason:   Transfer 20 x SKU000001 to Store "
                                              "Kreuzberg")),
                 qPrintable(r.out));
        const auto row =
            owner.exec("SELECT origin, requested_by, request ->> 'reader', status FROM suggestions "
                       "WHERE id = $1",
                       {id});
        QCOMPARE(row.text(0, 0), QStringLiteral("staff"));
        QCOMPARE(row.text(0, 1), QStringLiteral("clerk"));
        QCOMPARE(row.text(0, 2), QStringLiteral("rules"));
        QCOMPARE(row.text(0, 3), QStringLiteral("pending"));
    }

    void jsonOutputWithTheLanguageModel()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        ScriptedLlmServer server;
        server.enqueueCompletion(QStringLiteral(
            R"({"kind":"restock","sku":"SKU000005","quantity":30,"location":"ST2"})"));
        const Run r = admin(
            db,
            {QStringLiteral("request"), QStringLiteral("please order 30 of SKU000005 for ST2"),
             QStringLiteral("--json"), QStringLiteral("--user"), QStringLiteral("manager")},
            QStringLiteral("manager"), server.baseUrl());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(server.requests().size(), 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value("filed").toBool(), true);
        QCOMPARE(o.value("reader").toString(), QStringLiteral("llm"));
        QCOMPARE(o.value("request").toObject().value("kind").toString(), QStringLiteral("restock"));
        QCOMPARE(o.value("request").toObject().value("quantity").toInt(), 30);
        // Packs of 12: 30 becomes 36, an alternative to what was asked.
        QCOMPARE(o.value("proposal").toObject().value("quantity").toInt(), 36);
        QCOMPARE(o.value("as_asked").toBool(), false);
        QVERIFY(o.value("reason").toString().contains(QLatin1String("rounded up to whole packs")));
        QVERIFY(o.value("choice").toString().startsWith(QLatin1String("Order 36 x SKU000005")));
        const QJsonArray ids = o.value("suggestion_ids").toArray();
        QCOMPARE(ids.size(), 1);
        const auto row = owner.exec("SELECT quantity, requested_by, request ->> 'reader' "
                                    "FROM suggestions WHERE id = $1",
                                    {ids.first().toInteger()});
        QCOMPARE(row.toInt(0, 0), 36);
        QCOMPARE(row.text(0, 1), QStringLiteral("manager"));
        QCOMPARE(row.text(0, 2), QStringLiteral("llm"));
    }

    void nothingFiled_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("errPart");
        QTest::newRow("unreadable") << "the weather is nice today"
                                    << "nothing filed";
        QTest::newRow("unknown SKU") << "20 units of SKU999999 to ST2"
                                     << "[SP001]";
    }

    void nothingFiled()
    {
        QFETCH(QString, text);
        QFETCH(QString, errPart);
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Run r = admin(
            db,
            {QStringLiteral("request"), text, QStringLiteral("--user"), QStringLiteral("clerk")},
            QStringLiteral("clerk"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(errPart), qPrintable(r.err));
        r = admin(db, {QStringLiteral("request"), text, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value("filed").toBool(true),
                 false);
        QCOMPARE(owner.exec("SELECT count(*) FROM suggestions").toInt(0, 0), 0);
    }
};

QTEST_GUILESS_MAIN(TestRequestCli)
#include "tst_requestcli.moc"
