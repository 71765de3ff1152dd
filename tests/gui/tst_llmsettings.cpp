// Settings > Language Model offscreen, on a real database and a local OpenAI-compatible server:
// the values are saved to the settings file and applied to the program's client, the API key
// goes to the system keychain and never into the settings file (and when there is no keychain,
// the dialog says the key is not kept), "Test connection" runs off the GUI thread, holds no
// database connection while the model answers, and says what happened, the call log shows the
// test's call; and the inbox's detail pane says who worded a suggestion's explanation.

#include "../agent/agentfixture.h"
#include "db/credentialstore.h"
#include "db/database.h"
#include "inboxmodel.h"
#include "inboxpage.h"
#include "llm/llmclient.h"
#include "llmcallsmodel.h"
#include "llmsettingsdialog.h"
#include "scratchsettings.h"
#include "scriptedllmserver.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;
using sp::views::LlmSettingsDialog;

namespace {

CredentialStore::Outcome keychainRoundTrip(CredentialStore& store, const QString& key,
                                           const QString* write)
{
    CredentialStore::Outcome result;
    bool done = false;
    QObject context;
    auto finished = [&](const CredentialStore::Outcome& o) {
        result = o;
        done = true;
    };
    if (write)
        store.writePassword(key, *write, &context, finished);
    else
        store.readPassword(key, &context, finished);
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 20000)
        QTest::qWait(10);
    return result;
}

} // namespace

class TestLlmSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        sp::test::useScratchSettings(m_settingsDir.path(), QStringLiteral("tst_llmsettings"));
    }

    void valuesSavedKeyToTheKeychain()
    {
        TestDatabase db;
        Database pool(db.manager(), 2);
        ScriptedLlmServer server;
        sp::llm::LlmClient client(sp::llm::LlmSettings{});
        CredentialStore store;
        // Is there a keychain here? (The test runs once without and, where a private keychain
        // can be started, once with one: SP_TEST_KEYCHAIN=1.)
        const QString probe = QStringLiteral("probe");
        const bool keychain =
            keychainRoundTrip(store, QStringLiteral("tst_llmsettings-probe"), &probe).ok();
        if (qEnvironmentVariableIntValue("SP_TEST_KEYCHAIN") == 1)
            QVERIFY2(keychain, "the private keychain did not start");

        LlmSettingsDialog dialog(&client, &store, &pool);
        dialog.show();
        auto* url = dialog.findChild<QLineEdit*>(QStringLiteral("llmUrl"));
        auto* model = dialog.findChild<QLineEdit*>(QStringLiteral("llmModel"));
        auto* timeout = dialog.findChild<QSpinBox*>(QStringLiteral("llmTimeout"));
        auto* key = dialog.findChild<QLineEdit*>(QStringLiteral("llmKey"));
        QVERIFY(url && model && timeout && key);
        QCOMPARE(key->echoMode(), QLineEdit::Password);

        // A bad address changes nothing.
        url->setText(QStringLiteral("ftp://example.invalid"));
        model->setText(QStringLiteral("m"));
        dialog.accept();
        QVERIFY(dialog.statusLabel()->text().contains(QLatin1String("not an http")));
        QVERIFY(!QSettings().contains(QStringLiteral("llm/url")));
        QVERIFY(!client.isConfigured());

        url->clear();
        QTest::keyClicks(url, server.baseUrl());
        model->clear();
        QTest::keyClicks(model, QStringLiteral("qwen2.5-7b"));
        timeout->setValue(7);
        QTest::keyClicks(key, QStringLiteral("sk-test-secret-123"));
        QSignalSpy saved(&dialog, &LlmSettingsDialog::saved);
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);

        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("llm/url")).toString(), server.baseUrl());
        QCOMPARE(settings.value(QStringLiteral("llm/model")).toString(),
                 QStringLiteral("qwen2.5-7b"));
        QCOMPARE(settings.value(QStringLiteral("llm/timeout_ms")).toInt(), 7000);
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("qwen2.5-7b"));
        QVERIFY(!written.contains("sk-test-secret-123"));

        // Applied to the program's client at once, key included.
        const sp::llm::LlmSettings applied = client.settings();
        QCOMPARE(applied.baseUrl, QUrl(server.baseUrl()));
        QCOMPARE(applied.model, QStringLiteral("qwen2.5-7b"));
        QCOMPARE(applied.timeoutMs, 7000);
        QCOMPARE(applied.apiKey, QStringLiteral("sk-test-secret-123"));

        const CredentialStore::Outcome stored = keychainRoundTrip(
            store, LlmSettingsDialog::keychainKey(QUrl(server.baseUrl())), nullptr);
        if (keychain) {
            QVERIFY2(stored.ok(), qPrintable(stored.error));
            QCOMPARE(stored.password, QStringLiteral("sk-test-secret-123"));
            QVERIFY(!dialog.isVisible()); // closed
            // A new client finds it there (as the next start of the program does).
            sp::llm::LlmSettings fresh = sp::llm::LlmSettings::load(&settings);
            QVERIFY(fresh.apiKey.isEmpty());
            sp::llm::LlmClient next(fresh);
            sp::views::loadLlmKey(&next, &store);
            QTRY_COMPARE_WITH_TIMEOUT(next.settings().apiKey, QStringLiteral("sk-test-secret-123"),
                                      20000);
        } else {
            QCOMPARE(stored.status, CredentialStore::Outcome::Status::Unavailable);
            QVERIFY(dialog.isVisible()); // stays open to say so
            QVERIFY2(dialog.statusLabel()->text().contains(QLatin1String("not stored")),
                     qPrintable(dialog.statusLabel()->text()));
        }
    }

    void testConnectionRunsOffTheGuiThread()
    {
        TestDatabase db;
        Database pool(db.manager(), 2);
        ScriptedLlmServer server;
        // The first answer waits until the test lets it go.
        server.enqueue({200, ScriptedLlmServer::completionBody(QStringLiteral("OK")), 0,
                        /*held=*/true});
        server.enqueue({503, "{\"error\":\"busy\"}", 0});
        sp::llm::LlmClient client(sp::llm::LlmSettings{});
        CredentialStore store;
        LlmSettingsDialog dialog(&client, &store, &pool);
        new QAbstractItemModelTester(
            dialog.callsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, &dialog);
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("llmUrl"))->setText(server.baseUrl());
        dialog.findChild<QLineEdit*>(QStringLiteral("llmModel"))->setText(QStringLiteral("m"));
        auto* test = dialog.findChild<QPushButton*>(QStringLiteral("llmTest"));
        QSignalSpy tested(&dialog, &LlmSettingsDialog::tested);

        QTest::mouseClick(test, Qt::LeftButton);
        // The click returned with the call still out.
        QCOMPARE(tested.size(), 0);
        QCOMPARE(dialog.testLabel()->text(), QStringLiteral("Testing…"));
        QVERIFY(!test->isEnabled());
        // The GUI thread goes on meanwhile: the server, which runs on it, gets the request; the
        // dialog still waits for the answer the server holds back.
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 10000);
        QCOMPARE(tested.size(), 0);
        QCOMPARE(dialog.testLabel()->text(), QStringLiteral("Testing…"));
        QVERIFY(!test->isEnabled());
        server.release();
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 10000);
        QVERIFY(server.hungUp().isEmpty());
        QVERIFY(tested.first().at(0).toBool());
        QVERIFY2(dialog.testLabel()->text().startsWith(QLatin1String("Connected: scripted-model")),
                 qPrintable(dialog.testLabel()->text()));
        QVERIFY(test->isEnabled());
        // Testing does not apply anything.
        QVERIFY(!client.isConfigured());

        // The call is in the log, and the dialog shows it.
        QTRY_COMPARE_WITH_TIMEOUT(dialog.callsModel()->rowCount(), 1, 5000);
        QCOMPARE(dialog.callsModel()->callAt(0)->purpose, QStringLiteral("connection_test"));
        QCOMPARE(dialog.callsModel()
                     ->index(0, sp::models::LlmCallsModel::OutcomeColumn)
                     .data()
                     .toString(),
                 QStringLiteral("OK"));
        QCOMPARE(dialog.callsModel()->callAt(0)->who, QStringLiteral("manager"));

        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 10000);
        QVERIFY(!tested.last().at(0).toBool());
        QVERIFY2(dialog.testLabel()->text().contains(QLatin1String("503")),
                 qPrintable(dialog.testLabel()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.callsModel()->rowCount(), 2, 5000);
        QCOMPARE(dialog.callsModel()->callAt(0)->outcome, QStringLiteral("http_error"));
    }

    void testConnectionHoldsNoDatabaseConnection()
    {
        TestDatabase db;
        // One connection on one worker: a test that held it while the model answers would keep
        // every other database task waiting behind it.
        Database pool(db.manager(), 1);
        ScriptedLlmServer server;
        server.enqueue({200, ScriptedLlmServer::completionBody(QStringLiteral("OK")), 0,
                        /*held=*/true});
        sp::llm::LlmClient client(sp::llm::LlmSettings{});
        CredentialStore store;
        LlmSettingsDialog dialog(&client, &store, &pool);
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("llmUrl"))->setText(server.baseUrl());
        dialog.findChild<QLineEdit*>(QStringLiteral("llmModel"))->setText(QStringLiteral("m"));
        QSignalSpy tested(&dialog, &LlmSettingsDialog::tested);

        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("llmTest")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 10000);
        // The model holds its answer back; meanwhile the pool's only connection serves others.
        QFuture<int> other = pool.run(
            [](Connection& c) { return c.exec("SELECT count(*) FROM llm_calls").toInt(0, 0); });
        QTRY_VERIFY_WITH_TIMEOUT(other.isFinished(), 10000);
        QCOMPARE(other.result(), 0);
        QCOMPARE(tested.size(), 0);
        QCOMPARE(dialog.testLabel()->text(), QStringLiteral("Testing…"));

        // The answer comes; then the call log row is written with a short task of its own.
        server.release();
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 10000);
        QVERIFY(tested.first().at(0).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(dialog.callsModel()->rowCount(), 1, 5000);
        QCOMPARE(dialog.callsModel()->callAt(0)->purpose, QStringLiteral("connection_test"));
        QCOMPARE(dialog.callsModel()->callAt(0)->outcome, QStringLiteral("ok"));
    }

    void clerkSeesWhyTheLogIsHidden()
    {
        TestDatabase db;
        Database pool(db.clerk(), 1);
        sp::llm::LlmClient client(sp::llm::LlmSettings{});
        CredentialStore store;
        LlmSettingsDialog dialog(&client, &store, &pool);
        dialog.show();
        auto* message = dialog.findChild<QLabel*>(QStringLiteral("llmCallsMessage"));
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 5000);
        QVERIFY2(message->text().contains(QLatin1String("permission denied")),
                 qPrintable(message->text()));
    }

    void inboxSaysWhoWordedTheExplanation()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        const qint64 id =
            owner.exec("SELECT id FROM suggestions WHERE status = 'pending'").toLongLong(0, 0);

        Database pool(db.clerk(), 2);
        sp::views::InboxPage page(&pool);
        page.resize(1200, 700);
        page.show();
        page.reload();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, 5000);
        QVERIFY(page.selectId(id));
        QTRY_VERIFY_WITH_TIMEOUT(
            page.detailView()->toPlainText().contains(QLatin1String("Worded by the template")),
            5000);
        QVERIFY(page.detailView()->toPlainText().contains(
            QLatin1String("Purchase: 1 line(s), 1 of them running out before a delivery could "
                          "arrive.")));

        // The model's wording arrives (as the job stores it): the open inbox shows it, saying so.
        Connection clerk(db.clerk());
        clerk.exec("SELECT suggestion_explanation_set($1, numbers, $2, 'llm', 'm', NULL) "
                   "FROM suggestions WHERE id = $1",
                   {id, QStringLiteral("Purchase: 1 line, 96 units, 10 on the shelf.")});
        const Result events = owner.exec("SELECT id, type, payload::text FROM events WHERE type = "
                                         "'SuggestionExplained'");
        QCOMPARE(events.rows(), 1);
        sp::db::Event e;
        e.id = events.toLongLong(0, 0);
        e.type = events.text(0, 1);
        e.payload = QJsonDocument::fromJson(events.bytes(0, 2)).object();
        page.applyEvents({e});
        QTRY_VERIFY_WITH_TIMEOUT(
            page.detailView()->toPlainText().contains(QLatin1String("10 on the shelf")), 5000);
        QVERIFY(page.detailView()->toPlainText().contains(
            QLatin1String("Worded by the language model")));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestLlmSettings)
#include "tst_llmsettings.moc"
