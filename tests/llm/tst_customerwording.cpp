// Friendlier customer messages: the model rewords the endpoint's message templates once (a
// scheduled job, against a local OpenAI-compatible server over real HTTP), each wording is
// checked and cached in PostgreSQL, and the real endpoint uses a valid one from its in-memory
// cache; a wording that drops a placeholder or adds a number is rejected and the built-in text
// stays.

#include "../http/endpointlogin.h"
#include "../http/httpclient.h"
#include "carts/customermessages.h"
#include "db/pgconnection.h"
#include "http/endpointserver.h"
#include "llm/llmclient.h"
#include "llm/llmjobs.h"
#include "scriptedllmserver.h"
#include "testdatabase.h"

#include <QtTest>

using namespace sp::db;
using namespace sp::test;
using sp::carts::CustomerMessages;

class TestCustomerWording : public QObject
{
    Q_OBJECT

private slots:
    void check_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("wording");
        QTest::addColumn<QString>("why"); // empty: accepted
        QTest::newRow("friendly") << "only_left"
                                  << "Hurry, just {count} left!"
                                  << "";
        QTest::newRow("fragment") << "alt_away"
                                  << "{available} in stock at {location}, {km} km off"
                                  << "";
        QTest::newRow("placeholder dropped") << "only_left"
                                             << "Hurry, only a few left!"
                                             << "placeholders";
        QTest::newRow("placeholder renamed") << "only_left"
                                             << "just {n} left"
                                             << "placeholders";
        QTest::newRow("placeholder twice") << "only_left"
                                           << "{count} left, yes {count}"
                                           << "placeholders";
        QTest::newRow("placeholder added") << "out_of_stock"
                                           << "gone at {location}"
                                           << "placeholders";
        QTest::newRow("own number") << "only_left"
                                    << "just {count} left, max 2 each"
                                    << "number";
        QTest::newRow("own amount") << "last_one"
                                    << "one of several left"
                                    << "amount";
        QTest::newRow("markup") << "only_left"
                                << "<b>{count}</b> left"
                                << "markup";
        QTest::newRow("stray brace") << "only_left"
                                     << "{count} left {"
                                     << "markup";
        QTest::newRow("too long") << "last_one" << QString(130, QLatin1Char('a')) << "longer";
        QTest::newRow("two lines") << "only_left"
                                   << "just {count}\nleft"
                                   << "plain text";
    }

    void check()
    {
        QFETCH(QString, key);
        QFETCH(QString, wording);
        QFETCH(QString, why);
        const QString got = CustomerMessages::check(CustomerMessages::templateText(key), wording);
        if (why.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.contains(why), qPrintable(got));
    }

    void rewordsWhatTheDatabaseWrites()
    {
        CustomerMessages messages;
        sp::http::HttpResponse r;
        r.body = "{\"hold_id\": \"x\", \"message\": \"only 3 left\", \"alternatives\": [{\"sku\": "
                 "\"A\", "
                 "\"why\": \"same category (Shirts); 2 of 2 attributes alike (colour, size); "
                 "price 49.90 instead of 39.90; 100 available at WH1, 12.3 km away\"}]}";
        const QByteArray before = r.body;
        messages.apply(r);
        QCOMPARE(r.body, before); // no wordings: untouched, not even re-serialised

        messages.setWordings(
            {{QStringLiteral("only_left"), QStringLiteral("just {count} left!")},
             {QStringLiteral("alt_away"), QStringLiteral("{available} at {location} ({km} km)")}});
        messages.apply(r);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QLatin1String("message")).toString(), QStringLiteral("just 3 left!"));
        QCOMPARE(o.value(QLatin1String("alternatives"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("why"))
                     .toString(),
                 QStringLiteral("same category (Shirts); 2 of 2 attributes alike (colour, size); "
                                "price 49.90 instead of 39.90; 100 at WH1 (12.3 km)"));
        QCOMPARE(messages.text(QStringLiteral("out_of_stock"), {}), QStringLiteral("out of stock"));
    }

    void jobStoresCheckedWordingsAndTheEndpointUsesThem()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        const QByteArray key =
            owner.exec("SELECT api_key_create('test', '{inventory:read,holds:write}'::text[])")
                .bytes(0, 0);

        ScriptedLlmServer server;
        server.enqueueCompletion(
            QStringLiteral("{\"only_left\":\"Hurry, just {count} left!\","
                           "\"alt_away\":\"{available} available at {location}, not far away\","
                           "\"alt_here\":\"{available} right here at {location}\","
                           "\"out_of_stock\":\"Sold out for now - 2 more arrive soon\"}"));
        sp::llm::LlmSettings settings;
        settings.baseUrl = QUrl(server.baseUrl());
        settings.model = QStringLiteral("test-model");
        sp::llm::LlmClient client(settings);
        Connection clerk(db.clerk());
        const QJsonObject counts = sp::llm::CustomerWording::run(clerk, &client);
        QCOMPARE(counts.value(QLatin1String("llm")).toInt(), 2);
        QCOMPARE(counts.value(QLatin1String("asked")).toInt(),
                 int(CustomerMessages::templates().size()));
        // One call for all templates, JSON mode, the templates as data.
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().first().contains("only {count} left"));

        const Result stored =
            owner.exec("SELECT key, source, wording, coalesce(note, '') FROM customer_wordings "
                       "ORDER BY key");
        QHash<QString, QStringList> rows;
        for (int i = 0; i < stored.rows(); ++i)
            rows.insert(stored.text(i, 0),
                        {stored.text(i, 1), stored.text(i, 2), stored.text(i, 3)});
        QCOMPARE(rows.size(), int(CustomerMessages::templates().size()));
        QCOMPARE(rows.value(QStringLiteral("only_left")).at(0), QStringLiteral("llm"));
        QCOMPARE(rows.value(QStringLiteral("only_left")).at(1),
                 QStringLiteral("Hurry, just {count} left!"));
        QCOMPARE(rows.value(QStringLiteral("alt_away")).at(0), QStringLiteral("template"));
        QVERIFY(
            rows.value(QStringLiteral("alt_away")).at(2).contains(QLatin1String("placeholders")));
        QCOMPARE(rows.value(QStringLiteral("out_of_stock")).at(0), QStringLiteral("template"));
        QVERIFY(rows.value(QStringLiteral("out_of_stock")).at(2).contains(QLatin1String("number")));
        QCOMPARE(rows.value(QStringLiteral("last_one")).at(0), QStringLiteral("template"));

        // Asked once: the next run has nothing to ask.
        QCOMPARE(
            sp::llm::CustomerWording::run(clerk, &client).value(QLatin1String("asked")).toInt(), 0);
        QCOMPARE(server.requests().size(), 1);

        // The endpoint (its own login) reads the cache off the request path and uses it.
        sp::http::EndpointConfig config;
        config.sweepIntervalMs = 0;
        sp::http::EndpointServer endpoint(endpointLogin(db), config);
        QVERIFY(endpoint.start(QHostAddress::LocalHost, 0));
        QTRY_VERIFY_WITH_TIMEOUT(
            endpoint.messages()->wordings().contains(QStringLiteral("only_left")), 5000);
        QCOMPARE(endpoint.messages()->wordings().size(), 2);

        const Headers auth{{"X-API-Key", key}, {"X-Idempotency-Key", "w-1"}};
        HttpReply r = request(endpoint.port(), "POST", "/hold", auth,
                              "{\"sku\":\"SKU000001\",\"quantity\":7,\"location\":\"ST1\"}");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("Hurry, just 3 left!"));
        // Not enough: each alternative's reasons use the valid wording, never the rejected one.
        r = request(endpoint.port(), "POST", "/hold",
                    {{"X-API-Key", key}, {"X-Idempotency-Key", "w-2"}},
                    "{\"sku\":\"SKU000001\",\"quantity\":5,\"location\":\"ST1\"}");
        QCOMPARE(r.status, 409);
        const QJsonArray alternatives = r.json().value(QLatin1String("alternatives")).toArray();
        QVERIFY(!alternatives.isEmpty());
        for (const QJsonValue& a : alternatives) {
            const QString why = a.toObject().value(QLatin1String("why")).toString();
            QVERIFY2(why.contains(QLatin1String("10 right here at ST1")), qPrintable(why));
            QVERIFY2(why.startsWith(QLatin1String("same category (Shirts); ")), qPrintable(why));
            QVERIFY2(!why.contains(QLatin1String("not far away")), qPrintable(why));
        }

        // A wording written into the table by hand that breaks the rules is not used either.
        owner.exec("UPDATE customer_wordings SET wording = 'only a few left', source = 'llm' "
                   "WHERE key = 'only_left'");
        endpoint.refreshMessages();
        QTRY_COMPARE_WITH_TIMEOUT(endpoint.messages()->wordings().size(), 1, 5000);
        r = request(endpoint.port(), "POST", "/hold",
                    {{"X-API-Key", key}, {"X-Idempotency-Key", "w-3"}},
                    "{\"sku\":\"SKU000001\",\"quantity\":1,\"location\":\"ST1\"}");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("only 2 left"));
        endpoint.stop();
    }

    void failedCallStoresNothing()
    {
        TestDatabase db;
        ScriptedLlmServer server;
        server.enqueue({500, "{\"error\":\"down\"}", 0});
        sp::llm::LlmSettings settings;
        settings.baseUrl = QUrl(server.baseUrl());
        settings.model = QStringLiteral("m");
        sp::llm::LlmClient client(settings);
        Connection clerk(db.clerk());
        const QJsonObject counts = sp::llm::CustomerWording::run(clerk, &client);
        QCOMPARE(counts.value(QLatin1String("failed_calls")).toInt(), 1);
        Connection owner(db.owner());
        QCOMPARE(owner.exec("SELECT count(*) FROM customer_wordings").toInt(0, 0), 0);
        // Without a model the job does nothing at all.
        sp::llm::LlmClient none(sp::llm::LlmSettings{});
        QCOMPARE(sp::llm::CustomerWording::run(clerk, &none).value(QLatin1String("llm")).toString(),
                 QStringLiteral("not configured"));
    }
};

QTEST_GUILESS_MAIN(TestCustomerWording)
#include "tst_customerwording.moc"
