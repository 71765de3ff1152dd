// Staff requests filed as suggestions (request_file in 008_requests.sql) and carried out by the
// existing approve path: a multi-source transfer (one transfer per line, atomically), an
// adjustment (a manager's count through stock_adjust), a category promotion (one markdown per
// SKU). Bad input is refused with its SQLSTATE and files nothing; only staff may file; the
// promotion optimizer learns from the response to past markdowns.

#include "../agent/agentfixture.h"
#include "approvals/suggestions.h"
#include "staffrequests/requestfiler.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QtTest>

using namespace sp::test;
using sp::approvals::Suggestions;
using sp::db::Connection;
using sp::db::DbError;
using sp::staffrequests::RequestFiler;
using sp::staffrequests::RequestKind;
using sp::staffrequests::RequestPreview;
using sp::staffrequests::StaffRequest;

namespace {

RequestPreview previewOf(Connection& c, const StaffRequest& r)
{
    RequestPreview p;
    p.reader = QStringLiteral("form");
    return RequestFiler::optimize(c, p, r);
}

int count(Connection& c, const char* sql)
{
    return c.exec(sql).toInt(0, 0);
}

int level(Connection& c, const char* sku, const char* location, const char* figure)
{
    return c
        .exec(QByteArray("SELECT ") + figure +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id "
                  "JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {sku, location})
        .toInt(0, 0);
}

QString sqlState(const std::function<void()>& f)
{
    try {
        f();
    } catch (const DbError& e) {
        return e.sqlState();
    }
    return QStringLiteral("none");
}

} // namespace

class TestRequestFiling : public QObject
{
    Q_OBJECT

private slots:
    void multiSourceTransferFiledAndExecutedAtomically()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.exec("SELECT stock_receive('SKU000001', 'WH2', 30, 'opening')");
        // Every source keeps 20 (WH1, WH2) or 4 (ST1) as its reorder point.
        owner.exec("UPDATE stock_levels SET reorder_point = CASE location_id "
                   "WHEN (SELECT id FROM locations WHERE code = 'ST1') THEN 4 ELSE 20 END "
                   "WHERE product_id = (SELECT id FROM products WHERE sku = 'SKU000001')");
        Connection clerk(db.clerk());

        StaffRequest r;
        r.kind = RequestKind::Transfer;
        r.sku = QStringLiteral("SKU000001");
        r.quantity = 86;
        r.location = QStringLiteral("ST2");
        const RequestPreview preview = previewOf(clerk, r);
        QVERIFY2(preview.canFile(), qPrintable(preview.error));
        // ST1 is nearest (6 spare), then WH1 (80 spare), then WH2 (10): 86 needs the first two.
        const QJsonArray lines = preview.optimized->proposal.value("lines").toArray();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0]["from"].toString(), QStringLiteral("ST1"));
        QCOMPARE(lines[0]["quantity"].toInt(), 6);
        QCOMPARE(lines[1]["from"].toString(), QStringLiteral("WH1"));
        QCOMPARE(lines[1]["quantity"].toInt(), 80);
        QVERIFY(preview.optimized->asAsked);

        const int eventsBefore = count(owner, "SELECT count(*) FROM events");
        const auto filed = RequestFiler::file(clerk, preview);
        QCOMPARE(filed.suggestionIds.size(), 1);
        const qint64 id = filed.suggestionIds.first();
        const auto row =
            owner.exec("SELECT kind, origin, requested_by, request ->> 'reader', quantity, "
                       "proposal -> 'lines', status FROM suggestions WHERE id = $1",
                       {id});
        QCOMPARE(row.text(0, 0), QStringLiteral("transfer"));
        QCOMPARE(row.text(0, 1), QStringLiteral("staff"));
        QCOMPARE(row.text(0, 2), QStringLiteral("clerk"));
        QCOMPARE(row.text(0, 3), QStringLiteral("form"));
        QCOMPARE(row.toInt(0, 4), 86);
        QCOMPARE(row.text(0, 6), QStringLiteral("pending"));
        // The filing wrote its event in the same transaction.
        QCOMPARE(count(owner, "SELECT count(*) FROM events"), eventsBefore + 1);
        QCOMPARE(owner
                     .exec("SELECT type, payload ->> 'origin', payload ->> 'requested_by' "
                           "FROM events ORDER BY id DESC LIMIT 1")
                     .text(0, 0),
                 QStringLiteral("InventoryActionSuggested"));

        // The agent's redistribution never supersedes a person's request.
        owner.exec("SELECT agent_redistribution()");
        QCOMPARE(owner.exec("SELECT status FROM suggestions WHERE id = $1", {id}).text(0, 0),
                 QStringLiteral("pending"));

        // 86 x 15.00 = 1290: within a clerk's transfer limit. One transfer per line.
        const auto decision = Suggestions::approve(clerk, id);
        QCOMPARE(decision.status, QStringLiteral("executed"));
        QCOMPARE(decision.result.value("transfer_ids").toArray().size(), 2);
        QCOMPARE(level(owner, "SKU000001", "ST1", "on_hand"), 4);
        QCOMPARE(level(owner, "SKU000001", "WH1", "on_hand"), 20);
        QCOMPARE(level(owner, "SKU000001", "WH2", "on_hand"), 30);
        QCOMPARE(level(owner, "SKU000001", "ST2", "incoming"), 86);
        QCOMPARE(count(owner, "SELECT count(*) FROM transfers WHERE status = 'in_transit'"), 2);
        QCOMPARE(count(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }

    void multiSourceTransferFailsAsAWhole()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const QJsonObject result =
            QJsonDocument::fromJson(clerk
                                        .exec("SELECT request_file("
                                              "'{\"kind\":\"transfer\"}', NULL, 'form', "
                                              "'{\"kind\":\"transfer\",\"sku\":\"SKU000002\","
                                              "\"to\":\"ST2\",\"quantity\":105,\"lines\":["
                                              "{\"from\":\"ST1\",\"quantity\":5},"
                                              "{\"from\":\"WH1\",\"quantity\":100}]}', "
                                              "'{}', 'test')")
                                        .bytes(0, 0))
                .object();
        const qint64 id = result.value("suggestion_ids").toArray().at(0).toInteger();
        QVERIFY(id > 0);
        // WH1 sells 95 elsewhere before the approval: the second line cannot be met, and the
        // first is undone with it.
        owner.exec("SELECT stock_transfer('SKU000002', 'WH1', 'WEB', 95)");
        Connection manager(db.manager());
        const auto decision = Suggestions::approve(manager, id);
        QCOMPARE(decision.status, QStringLiteral("failed"));
        QVERIFY(decision.error.contains(QStringLiteral("SP004")));
        QCOMPARE(level(owner, "SKU000002", "ST1", "on_hand"), 10);
        QCOMPARE(level(owner, "SKU000002", "ST2", "incoming"), 0);
        QCOMPARE(count(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }

    void modifyKeepsTransferLinesConsistent()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection manager(db.manager());
        auto file = [&] {
            return QJsonDocument::fromJson(
                       manager
                           .exec("SELECT request_file('{\"kind\":\"transfer\"}', 'move it', "
                                 "'rules', '{\"kind\":\"transfer\",\"sku\":\"SKU000003\","
                                 "\"to\":\"ST2\",\"quantity\":40,\"lines\":["
                                 "{\"from\":\"ST1\",\"quantity\":10},"
                                 "{\"from\":\"WH1\",\"quantity\":30}]}', '{}', 'test')")
                           .bytes(0, 0))
                .object()
                .value("suggestion_ids")
                .toArray()
                .at(0)
                .toInteger();
        };
        owner.exec("SELECT stock_receive('SKU000003', 'WH2', 50)");
        const qint64 smaller = file();
        const qint64 moved = file();
        // A smaller quantity keeps the nearest source first.
        auto d = Suggestions::modify(manager, smaller, {{"quantity", 15}});
        QCOMPARE(d.status, QStringLiteral("executed"));
        QCOMPARE(owner.exec("SELECT final -> 'lines' FROM suggestions WHERE id = $1", {smaller})
                     .text(0, 0),
                 QStringLiteral(R"([{"source": "ST1", "quantity": 10}, )"
                                R"({"source": "WH1", "quantity": 5}])"));
        QCOMPARE(level(owner, "SKU000003", "ST2", "incoming"), 15);
        // A new source means one source.
        d = Suggestions::modify(manager, moved, {{"source", "WH2"}});
        QCOMPARE(d.status, QStringLiteral("executed"));
        QCOMPARE(level(owner, "SKU000003", "WH2", "on_hand"), 10);
        QCOMPARE(level(owner, "SKU000003", "ST2", "incoming"), 55);
        QCOMPARE(count(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }

    void adjustmentNeedsAManagerAndUsesTheStockFunction()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        StaffRequest r;
        r.kind = RequestKind::Adjustment;
        r.sku = QStringLiteral("SKU000002");
        r.location = QStringLiteral("ST1");
        r.quantity = 7;
        r.reason = QStringLiteral("three found damaged in the back room");
        const RequestPreview preview = previewOf(clerk, r);
        QVERIFY(preview.canFile());
        const qint64 id = RequestFiler::file(clerk, preview).suggestionIds.first();
        QCOMPARE(owner.exec("SELECT kind, value FROM suggestions WHERE id = $1", {id}).text(0, 0),
                 QStringLiteral("adjustment"));
        QCOMPARE(owner.exec("SELECT value FROM suggestions WHERE id = $1", {id}).toDouble(0, 0),
                 45.0); // 3 units at cost 15.00

        // A clerk may file a count but not approve it: the database refuses, nothing changes.
        QCOMPARE(sqlState([&] { Suggestions::approve(clerk, id); }), QStringLiteral("42501"));
        QCOMPARE(level(owner, "SKU000002", "ST1", "on_hand"), 10);
        QCOMPARE(owner.exec("SELECT status FROM suggestions WHERE id = $1", {id}).text(0, 0),
                 QStringLiteral("pending"));

        // A manager modifies the count (8, not 7) and the reason; it is carried out with them.
        Connection manager(db.manager());
        QCOMPARE(sqlState([&] {
                     Suggestions::modify(manager, id, {{"source", "WH1"}});
                 }),
                 QStringLiteral("SP009"));
        QCOMPARE(sqlState([&] {
                     Suggestions::modify(manager, id, {{"reason", " "}});
                 }),
                 QStringLiteral("SP006"));
        QCOMPARE(sqlState([&] {
                     Suggestions::modify(manager, id, {{"quantity", -1}});
                 }),
                 QStringLiteral("SP003"));
        const auto d = Suggestions::modify(
            manager, id, {{"quantity", 8}, {"reason", "recount: two damaged, not three"}});
        QCOMPARE(d.status, QStringLiteral("executed"));
        QCOMPARE(level(owner, "SKU000002", "ST1", "on_hand"), 8);
        const auto ledger =
            owner.exec("SELECT m.reason, m.d_on_hand, m.note, m.actor FROM stock_movements m "
                       "JOIN products p ON p.id = m.product_id WHERE p.sku = 'SKU000002' "
                       "ORDER BY m.id DESC LIMIT 1");
        QCOMPARE(ledger.text(0, 0), QStringLiteral("adjust"));
        QCOMPARE(ledger.toInt(0, 1), -2);
        QCOMPARE(ledger.text(0, 2),
                 QStringLiteral("recount: two damaged, not three (suggestion %1)").arg(id));
        QCOMPARE(owner
                     .exec("SELECT changes ->> 'reason', final ->> 'counted', "
                           "proposal ->> 'reason' FROM suggestions WHERE id = $1",
                           {id})
                     .text(0, 2),
                 QStringLiteral("three found damaged in the back room")); // original kept
        QCOMPARE(ledger.text(0, 3), QStringLiteral("manager"));
        QCOMPARE(count(owner, "SELECT count(*) FROM events WHERE type = 'InventoryUpdate' "
                              "AND payload ->> 'reason' = 'adjust'"),
                 1);
        QCOMPARE(count(owner, "SELECT count(*) FROM ledger_audit()"), 0);
    }

    void restockFiledAndOrderedInWholePacks()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        StaffRequest r;
        r.kind = RequestKind::Restock;
        r.sku = QStringLiteral("SKU000005");
        r.location = QStringLiteral("ST2");
        r.quantity = 30;
        const RequestPreview preview = previewOf(clerk, r);
        QVERIFY(preview.canFile());
        QVERIFY(!preview.optimized->asAsked); // 36: whole packs of 12
        const qint64 id = RequestFiler::file(clerk, preview).suggestionIds.first();
        // Supplier and cost come from the catalogue.
        const auto row = owner.exec("SELECT quantity, value, proposal ->> 'supplier', "
                                    "proposal ->> 'packs' FROM suggestions WHERE id = $1",
                                    {id});
        QCOMPARE(row.toInt(0, 0), 36);
        QCOMPARE(row.toDouble(0, 1), 288.0);
        QCOMPARE(row.text(0, 2), QStringLiteral("Capworks"));
        QCOMPARE(row.text(0, 3), QStringLiteral("3"));
        // 288.00 is within a clerk's restock limit: a purchase order and incoming stock.
        QCOMPARE(Suggestions::approve(clerk, id).status, QStringLiteral("executed"));
        QCOMPARE(owner
                     .exec("SELECT l.quantity, o.supplier FROM purchase_orders o JOIN "
                           "purchase_order_lines "
                           "l ON l.purchase_order_id = o.id WHERE o.suggestion_id = $1",
                           {id})
                     .toInt(0, 0),
                 36);
        QCOMPARE(level(owner, "SKU000005", "ST2", "incoming"), 36);
    }

    void promotionFilesOneMarkdownPerSku()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        // Hats: the cap sells 20 a day, the beanie never sells.
        setDemand(owner, QStringLiteral("SKU000005"), QStringLiteral("ST1"), constantDemand(20));
        setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(0));
        Connection clerk(db.clerk());
        StaffRequest r;
        r.kind = RequestKind::Promotion;
        r.category = QStringLiteral("Hats");
        const RequestPreview preview = previewOf(clerk, r);
        QVERIFY(preview.canFile());
        const auto filed = RequestFiler::file(clerk, preview);
        QCOMPARE(filed.suggestionIds.size(), 1); // only the beanie qualifies
        const qint64 id = filed.suggestionIds.first();
        const auto row = owner.exec(
            "SELECT s.kind, p.sku, s.proposal ->> 'discount_pct', s.proposal ->> 'new_price', "
            "s.origin, s.reason FROM suggestions s JOIN products p ON p.id = s.product_id "
            "WHERE s.id = $1",
            {id});
        QCOMPARE(row.text(0, 0), QStringLiteral("markdown"));
        QCOMPARE(row.text(0, 1), QStringLiteral("SKU000004"));
        QCOMPARE(row.text(0, 2), QStringLiteral("30"));
        QCOMPARE(row.text(0, 3), QStringLiteral("13.93"));
        QVERIFY(row.text(0, 5).startsWith(QStringLiteral("SKU000004: mark down 30%")));
        QCOMPARE(owner
                     .exec("SELECT type FROM events WHERE payload ->> 'suggestion_id' = $1",
                           {QString::number(id)})
                     .text(0, 0),
                 QStringLiteral("PriceAdjustmentSuggested"));

        // Markdowns need a manager; approving records the price change.
        QCOMPARE(sqlState([&] { Suggestions::approve(clerk, id); }), QStringLiteral("42501"));
        Connection manager(db.manager());
        QCOMPARE(Suggestions::approve(manager, id).status, QStringLiteral("executed"));
        QCOMPARE(owner.exec("SELECT price FROM products WHERE sku = 'SKU000004'").text(0, 0),
                 QStringLiteral("13.93"));
    }

    void badInputFilesNothing_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("proposal");
        QTest::addColumn<QString>("state");

        const QString t = QStringLiteral(R"({"kind":"transfer"})");
        auto transfer = [](const char* sku, const char* to, int qty, const char* lines) {
            return QStringLiteral(
                       R"({"kind":"transfer","sku":"%1","to":"%2","quantity":%3,"lines":%4})")
                .arg(QLatin1String(sku), QLatin1String(to))
                .arg(qty)
                .arg(QLatin1String(lines));
        };
        QTest::newRow("unknown SKU")
            << t << "form" << QString()
            << transfer("NOPE1", "ST2", 1, R"([{"from":"WH1","quantity":1}])") << "SP001";
        QTest::newRow("unknown destination")
            << t << "form" << QString()
            << transfer("SKU000001", "XX9", 1, R"([{"from":"WH1","quantity":1}])") << "SP002";
        QTest::newRow("unknown source")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 1, R"([{"from":"XX9","quantity":1}])") << "SP002";
        QTest::newRow("zero quantity")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 0, R"([{"from":"WH1","quantity":0}])") << "SP003";
        QTest::newRow("fractional quantity")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 1, R"([{"from":"WH1","quantity":1.5}])") << "SP003";
        QTest::newRow("lines do not add up")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 50,
                        R"([{"from":"WH1","quantity":20},{"from":"ST1","quantity":5}])")
            << "SP003";
        QTest::newRow("beyond stock")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 101, R"([{"from":"WH1","quantity":101}])") << "SP004";
        QTest::newRow("to itself")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 1, R"([{"from":"ST2","quantity":1}])") << "SP005";
        QTest::newRow("same source twice")
            << t << "form" << QString()
            << transfer("SKU000001", "ST2", 2,
                        R"([{"from":"WH1","quantity":1},{"from":"WH1","quantity":1}])")
            << "SP009";
        QTest::newRow("adjustment without reason")
            << R"({"kind":"adjustment"})"
            << "form" << QString()
            << R"({"kind":"adjustment","sku":"SKU000001","location":"ST1","counted":3,"reason":"  "})"
            << "SP006";
        QTest::newRow("negative count")
            << R"({"kind":"adjustment"})"
            << "form" << QString()
            << R"({"kind":"adjustment","sku":"SKU000001","location":"ST1","counted":-1,"reason":"x"})"
            << "SP003";
        QTest::newRow("restock not in whole packs")
            << R"({"kind":"restock"})"
            << "form" << QString()
            << R"({"kind":"restock","sku":"SKU000001","location":"ST1","quantity":7})"
            << "SP009";
        QTest::newRow("markdown below the margin floor")
            << R"({"kind":"promotion"})"
            << "form" << QString()
            << R"({"kind":"promotion","lines":[{"sku":"SKU000004","discount_percent":10},)"
               R"({"sku":"SKU000001","discount_percent":60}]})"
            << "SP009";
        QTest::newRow("promotion SKU twice")
            << R"({"kind":"promotion"})"
            << "form" << QString()
            << R"({"kind":"promotion","lines":[{"sku":"SKU000004","discount_percent":10},)"
               R"({"sku":"SKU000004","discount_percent":20}]})"
            << "SP009";
        QTest::newRow("unknown reader")
            << t << "oracle"
            << "x" << transfer("SKU000001", "ST2", 1, R"([{"from":"WH1","quantity":1}])")
            << "SP009";
        QTest::newRow("rules without text")
            << t << "rules" << QString()
            << transfer("SKU000001", "ST2", 1, R"([{"from":"WH1","quantity":1}])") << "SP009";
        QTest::newRow("proposal answers another request")
            << R"({"kind":"restock"})"
            << "form" << QString()
            << transfer("SKU000001", "ST2", 1, R"([{"from":"WH1","quantity":1}])") << "SP009";
        QTest::newRow("unknown kind")
            << R"({"kind":"delete"})"
            << "form" << QString() << R"({"kind":"delete","sku":"SKU000001"})"
            << "SP009";
    }

    void badInputFilesNothing()
    {
        QFETCH(QString, request);
        QFETCH(QString, reader);
        QFETCH(QString, text);
        QFETCH(QString, proposal);
        QFETCH(QString, state);
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection clerk(db.clerk());
        const int events = count(owner, "SELECT count(*) FROM events");
        QCOMPARE(sqlState([&] {
                     clerk.exec("SELECT request_file($1::jsonb, $2, $3, $4::jsonb, '{}', 'r')",
                                {request, text.isEmpty() ? sp::db::Param() : sp::db::Param(text),
                                 reader, proposal});
                 }),
                 state);
        QCOMPARE(count(owner, "SELECT count(*) FROM suggestions"), 0);
        QCOMPARE(count(owner, "SELECT count(*) FROM events"), events);
    }

    void onlyStaffMayFile()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'outsider') "
                   "THEN CREATE ROLE outsider LOGIN PASSWORD 'outsider'; END IF; END $$");
        owner.exec(
            QByteArray("GRANT CONNECT ON DATABASE \"") + db.name().toUtf8() + "\" TO outsider", {});
        owner.exec("GRANT USAGE ON SCHEMA public TO outsider");
        Connection outsider(db.as(QStringLiteral("outsider"), QStringLiteral("outsider")));
        auto fileAsOutsider = [&] {
            outsider.exec("SELECT request_file('{\"kind\":\"restock\"}', NULL, 'form', "
                          "'{\"kind\":\"restock\",\"sku\":\"SKU000001\","
                          "\"location\":\"ST1\",\"quantity\":6}', '{}', 'r')");
        };
        // Not granted ...
        QCOMPARE(sqlState(fileAsOutsider), QStringLiteral("42501"));
        // ... and even if it were, the function itself asks for a staff role.
        owner.exec("GRANT EXECUTE ON FUNCTION request_file(jsonb, text, text, jsonb, jsonb, text) "
                   "TO outsider");
        try {
            fileAsOutsider();
            QFAIL("an outsider filed a request");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("42501"));
            QVERIFY2(e.message().startsWith(QStringLiteral("Only staff may file requests")),
                     qPrintable(e.message()));
        }
        // The endpoint's role cannot file either.
        QVERIFY(!owner
                     .exec("SELECT has_function_privilege('stockpilot_endpoint', "
                           "'request_file(jsonb, text, text, jsonb, jsonb, text)', 'EXECUTE')")
                     .toBool(0, 0));
        QCOMPARE(count(owner, "SELECT count(*) FROM suggestions"), 0);
        // Staff rows cannot be forged past the function: the table is read-only for staff.
        Connection clerk(db.clerk());
        QCOMPARE(sqlState([&] {
                     clerk.exec("INSERT INTO suggestions (kind, product_id, proposal, numbers, "
                                "reason) VALUES ('restock', 1, '{}', '{}', 'x')");
                 }),
                 QStringLiteral("42501"));
    }

    // Past response to discounts: executed markdowns and the sales around them move the tier
    // the cover alone would give (the beanie never sells lately: 30 %).
    void pastResponseInformsTheDiscount_data()
    {
        QTest::addColumn<QString>("markdownSku"); // empty: no past markdown
        QTest::addColumn<int>("before");          // units a day before it, at ST1
        QTest::addColumn<int>("after");
        QTest::addColumn<int>("discount");
        QTest::addColumn<int>("expected");
        QTest::addColumn<QString>("basis");

        QTest::newRow("no history") << QString() << 0 << 0 << 0 << 30 << QString();
        QTest::newRow("strong response: a smaller cut")
            << "SKU000004" << 2 << 4 << 20 << 20 << "sku";
        QTest::newRow("no response: a larger cut") << "SKU000004" << 2 << 2 << 20 << 40 << "sku";
        QTest::newRow("moderate response: as by cover")
            << "SKU000004" << 2 << 3 << 30 << 30 << "sku";
        QTest::newRow("strong response in the category")
            << "SKU000005" << 3 << 9 << 25 << 20 << "category";
    }

    void pastResponseInformsTheDiscount()
    {
        QFETCH(QString, markdownSku);
        QFETCH(int, before);
        QFETCH(int, after);
        QFETCH(int, discount);
        QFETCH(int, expected);
        QFETCH(QString, basis);
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        // Nothing sold in the last 28 days (so both hats qualify with "no sales"); around day
        // 166 of the year, the markdown's 4 weeks before and after.
        for (const char* sku : {"SKU000004", "SKU000005"}) {
            const bool marked = markdownSku == QLatin1String(sku);
            setDemand(owner, QString::fromLatin1(sku), QStringLiteral("ST1"),
                      "ARRAY(SELECT CASE WHEN d BETWEEN 138 AND 165 THEN " +
                          QByteArray::number(marked ? before : 0) +
                          " WHEN d BETWEEN 166 AND 193 THEN " +
                          QByteArray::number(marked ? after : 0) +
                          " ELSE 0 END FROM generate_series(1, 365) d)");
        }
        if (!markdownSku.isEmpty()) {
            owner.exec("INSERT INTO price_changes (product_id, old_price, new_price, discount_pct, "
                       "effective_from, applied_at) "
                       "SELECT id, price, price * (100 - $2) / 100, $2, current_date - 200, "
                       "now() - interval '200 days' FROM products WHERE sku = $1",
                       {markdownSku, discount});
        }
        Connection clerk(db.clerk());
        StaffRequest r;
        r.kind = RequestKind::Promotion;
        r.category = QStringLiteral("Hats");
        const RequestPreview preview = previewOf(clerk, r);
        QVERIFY(preview.canFile());
        QJsonObject beanie;
        for (const QJsonValue& l : preview.optimized->proposal.value("lines").toArray()) {
            if (l["sku"].toString() == QLatin1String("SKU000004"))
                beanie = l.toObject();
        }
        QCOMPARE(beanie.value("cover_tier_percent").toInt(), 30);
        QCOMPARE(beanie.value("discount_percent").toInt(), expected);
        QCOMPARE(beanie.value("past_basis").toString(), basis);
        if (markdownSku.isEmpty()) {
            QVERIFY(!preview.optimized->reason.contains(QStringLiteral("Past markdowns")));
        } else {
            const int uplift = qRound((double(after) / before - 1) * 100);
            QVERIFY2(preview.optimized->reason.contains(
                         QStringLiteral("Past markdowns sold %1% more per day at %2% off")
                             .arg(uplift)
                             .arg(discount)),
                     qPrintable(preview.optimized->reason));
            // What is filed is what the person saw, and the database accepts it.
            QCOMPARE(RequestFiler::file(clerk, preview).suggestionIds.size(), 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestFiling)
#include "tst_requestfiling.moc"
