// The approval workflow as the database enforces it: policies by role and value, exactly one
// execution under concurrent approvals, Modify keeping the original and the change, Reject
// needing a reason, execution results (purchase order, incoming stock, outbox, transfer, price
// change) and failures recorded instead of lost; a batch decided on the pool goes on past a
// refusal.

#include "agentfixture.h"
#include "approvals/suggestions.h"
#include "db/database.h"
#include "purchasing/purchaseorders.h"

#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <atomic>

using namespace sp::db;
using namespace sp::test;
using sp::approvals::Suggestions;

namespace {

// ST1 sells 6/day of SKU000001: a purchase from Nordtex of one line, 96 units x 15.00 =
// 1,440.00 (above the clerks' 1,000 limit).
qint64 restockSuggestion(Connection& owner)
{
    loadTinyCatalog(owner);
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    callJson(owner, "SELECT agent_demand_statistics()");
    callJson(owner, "SELECT agent_stock_check()");
    return owner.exec("SELECT id FROM suggestions WHERE kind = 'purchase' AND status = 'pending'")
        .toLongLong(0, 0);
}

// A Modify of one line of a purchase.
QJsonObject lineChange(const char* sku, int quantity)
{
    return {{QStringLiteral("lines"),
             QJsonArray{QJsonObject{{QStringLiteral("sku"), QString::fromLatin1(sku)},
                                    {QStringLiteral("quantity"), quantity}}}}};
}

int level(Connection& c, const char* figure, const char* sku, const char* location)
{
    return c
        .exec(QByteArray("SELECT ") + figure +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id JOIN locations l "
                  "ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              QList<Param>{sku, location})
        .toInt(0, 0);
}

} // namespace

class TestApprovals : public QObject
{
    Q_OBJECT

private slots:
    void approvedRestockCreatesPurchaseOrderAndIncoming()
    {
        TestDatabase db;
        Connection owner(db.owner());
        owner.exec("SELECT webhook_endpoint_add('Nordtex orders', 'http://127.0.0.1:9/po', "
                   "'0123456789abcdef0123', ARRAY['PurchaseOrderCreated'], 'Nordtex')");
        const qint64 id = restockSuggestion(owner);
        Connection manager(db.manager());
        const auto result = Suggestions::approve(manager, id);
        QCOMPARE(result.status, QStringLiteral("executed"));
        const qint64 po = result.result.value(QLatin1String("purchase_order_id")).toInteger();
        QVERIFY(po > 0);
        QCOMPARE(scalar(owner,
                        "SELECT quantity FROM purchase_order_lines WHERE purchase_order_id = $1",
                        {po}),
                 96);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 96);
        // The supplier notification waits in the outbox, in the same transaction.
        const Result outbox =
            owner.exec("SELECT event_type, body::jsonb->'data'->'lines'->0->>'sku', "
                       "(body::jsonb->'data'->'lines'->0->>'quantity')::int FROM "
                       "webhook_outbox");
        QCOMPARE(outbox.rows(), 1);
        QCOMPARE(outbox.text(0, 0), QStringLiteral("PurchaseOrderCreated"));
        QCOMPARE(outbox.text(0, 1), QStringLiteral("SKU000001"));
        QCOMPARE(outbox.toInt(0, 2), 96);
        // Events of the decision and the execution.
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'HumanResponseReceived'"),
                 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'ActionExecuted' AND "
                               "(payload->>'ok')::boolean"),
                 1);
        // Receiving the order turns incoming into on hand; the ledger still replays exactly.
        Connection clerk(db.clerk());
        sp::purchasing::PurchaseOrders::receive(clerk, po, {});
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 0);
        QCOMPARE(level(owner, "on_hand", "SKU000001", "ST1"), 106);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM ledger_audit()"), 0);
        try {
            sp::purchasing::PurchaseOrders::receive(clerk, po, {});
            QFAIL("a purchase order was received twice");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QLatin1String(sqlstate::PurchaseOrder));
        }
    }

    void batchGoesOnPastARefusal()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        // Two suppliers' SKUs: two purchases.
        for (const char* sku : {"SKU000001", "SKU000004"})
            setDemand(owner, QString::fromLatin1(sku), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        const Result pending = owner.exec(
            "SELECT id FROM suggestions WHERE status = 'pending' ORDER BY supplier DESC, id");
        QCOMPARE(pending.rows(), 2);
        const qint64 first = pending.toLongLong(0, 0);
        const qint64 taken = pending.toLongLong(1, 0);
        const qint64 unknown = taken + 1000;
        // Another manager was first with the second one.
        Connection other(db.admin());
        Suggestions::reject(other, taken, QStringLiteral("not this week"));

        Database pool(db.manager(), 1);
        const QList<sp::approvals::DecisionOutcome> outcomes =
            Suggestions::decide(pool, sp::approvals::Decision::Approve, {first, taken, unknown})
                .result();
        QCOMPARE(outcomes.size(), 3);
        QCOMPARE(outcomes.at(0).id, first);
        QVERIFY(!outcomes.at(0).error);
        QCOMPARE(outcomes.at(0).result.status, QStringLiteral("executed"));
        QCOMPARE(outcomes.at(1).id, taken);
        QVERIFY(outcomes.at(1).error);
        QCOMPARE(outcomes.at(1).error->sqlState(), QString::fromLatin1(sqlstate::AlreadyDecided));
        QCOMPARE(outcomes.at(2).id, unknown);
        QVERIFY(outcomes.at(2).error);
        QCOMPARE(outcomes.at(2).error->sqlState(),
                 QString::fromLatin1(sqlstate::UnknownSuggestion));
        // The refusals undid nothing: the first is carried out, the second stays rejected.
        QCOMPARE(owner.exec("SELECT status FROM suggestions WHERE id = $1", {first}).text(0, 0),
                 QStringLiteral("executed"));
        QCOMPARE(owner.exec("SELECT status FROM suggestions WHERE id = $1", {taken}).text(0, 0),
                 QStringLiteral("rejected"));
    }

    void secondApprovalWaitsAndSeesWhoDecided()
    {
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection first(db.manager());
        Connection second(db.admin());
        // The first decision holds the row until it commits; the second waits on it.
        Transaction tx(first);
        Suggestions::approve(first, id);
        QFuture<QString> other = QtConcurrent::run([&]() -> QString {
            try {
                Suggestions::approve(second, id);
                return QStringLiteral("approved twice");
            } catch (const DbError& e) {
                return QString(e.sqlState() + QLatin1Char('|') + e.message());
            }
        });
        QTest::qWait(300);
        QVERIFY(!other.isFinished());
        tx.commit();
        const QString outcome = other.result();
        // Its own code, not the one of a hold that has ended.
        QVERIFY2(outcome.startsWith(QLatin1String(sqlstate::AlreadyDecided) + QLatin1Char('|')),
                 qPrintable(outcome));
        QVERIFY(!outcome.startsWith(QLatin1String(sqlstate::HoldNotActive)));
        QVERIFY2(outcome.contains(QLatin1String("already approved by manager at")),
                 qPrintable(outcome));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 1);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 96);
    }

    void concurrentApprovalsExecuteOnce()
    {
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection a(db.manager());
        Connection b(db.admin());
        std::atomic<int> ready{0};
        auto approve = [&](Connection& c) {
            ++ready;
            while (ready.load() < 2) {
            }
            try {
                Suggestions::approve(c, id);
                return QStringLiteral("ok");
            } catch (const DbError& e) {
                return e.sqlState();
            }
        };
        QFuture<QString> fa = QtConcurrent::run([&] { return approve(a); });
        QFuture<QString> fb = QtConcurrent::run([&] { return approve(b); });
        QStringList outcomes{fa.result(), fb.result()};
        outcomes.sort();
        QCOMPARE(outcomes,
                 (QStringList{QLatin1String(sqlstate::AlreadyDecided), QStringLiteral("ok")}));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'ActionExecuted'"), 1);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 96);
    }

    void modifyKeepsOriginalAndChange()
    {
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection clerk(db.clerk());
        // 50 x 15.00 = 750: within the clerks' limit.
        const auto result = Suggestions::modify(clerk, id, lineChange("SKU000001", 50),
                                                QStringLiteral("shelf space"));
        QCOMPARE(result.status, QStringLiteral("executed"));
        QCOMPARE(result.result.value(QLatin1String("total")).toDouble(), 750.0);
        const auto s = Suggestions::find(owner, id);
        QVERIFY(s);
        QCOMPARE(s->proposal[u"lines"][0][u"quantity"].toInt(), 96);
        QCOMPARE(s->changes, (QJsonObject{{QStringLiteral("lines"),
                                           QJsonObject{{QStringLiteral("SKU000001"), 50}}}}));
        QCOMPARE(s->final[u"lines"][0][u"quantity"].toInt(), 50);
        QCOMPARE(s->value, 750.0);
        QCOMPARE(s->decision, QStringLiteral("modified"));
        QCOMPARE(s->decidedBy, QStringLiteral("clerk"));
        QCOMPARE(s->decisionNote, QStringLiteral("shelf space"));
        QCOMPARE(scalar(owner, "SELECT quantity FROM purchase_order_lines"), 50);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 50);
    }

    void badModificationsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("changes");
        QTest::addColumn<QString>("sqlState");
        QTest::newRow("unknown field") << QByteArray(R"({"colour": "red"})") << "SP009";
        QTest::newRow("discount on a purchase") << QByteArray(R"({"discount_pct": 10})") << "SP009";
        QTest::newRow("one quantity for all") << QByteArray(R"({"quantity": 12})") << "SP009";
        QTest::newRow("no line left")
            << QByteArray(R"({"lines": [{"sku": "SKU000001", "quantity": 0}]})") << "SP009";
        QTest::newRow("fraction") << QByteArray(
                                         R"({"lines": [{"sku": "SKU000001", "quantity": 1.5}]})")
                                  << "SP003";
        QTest::newRow("text") << QByteArray(
                                     R"({"lines": [{"sku": "SKU000001", "quantity": "12"}]})")
                              << "SP003";
        QTest::newRow("negative") << QByteArray(
                                         R"({"lines": [{"sku": "SKU000001", "quantity": -6}]})")
                                  << "SP003";
        QTest::newRow("a SKU not on it")
            << QByteArray(R"({"lines": [{"sku": "SKU000002", "quantity": 6}]})") << "SP009";
        QTest::newRow("a SKU twice")
            << QByteArray(R"({"lines": [{"sku": "SKU000001", "quantity": 6},)"
                          R"( {"sku": "SKU000001", "quantity": 12}]})")
            << "SP009";
        QTest::newRow("lines not a list")
            << QByteArray(R"({"lines": {"SKU000001": 6}})") << "SP009";
        QTest::newRow("empty") << QByteArray("{}") << "SP009";
    }

    void badModificationsChangeNothing()
    {
        QFETCH(QByteArray, changes);
        QFETCH(QString, sqlState);
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection manager(db.manager());
        try {
            manager.exec("SELECT suggestion_modify($1, $2::jsonb)", {id, changes});
            QFAIL("a bad modification was accepted");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), sqlState);
        }
        QCOMPARE(Suggestions::find(owner, id)->status, QStringLiteral("pending"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 0);
    }

    void policyIsEnforcedByTheDatabase_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("quantity"); // 0: as proposed (96 = 1,440.00)
        QTest::addColumn<bool>("allowed");
        QTest::newRow("clerk above the limit") << "clerk" << 0 << false;
        QTest::newRow("clerk at the limit") << "clerk" << 66 << true; // 990.00
        QTest::newRow("clerk just above") << "clerk" << 67 << false;  // 1,005.00
        QTest::newRow("manager without limit") << "manager" << 0 << true;
    }

    void policyIsEnforcedByTheDatabase()
    {
        QFETCH(QString, user);
        QFETCH(int, quantity);
        QFETCH(bool, allowed);
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection staff(db.as(user, user));
        try {
            if (quantity)
                Suggestions::modify(staff, id, lineChange("SKU000001", quantity));
            else
                Suggestions::approve(staff, id);
            QVERIFY2(allowed, "the database let the decision through");
        } catch (const DbError& e) {
            QVERIFY2(!allowed, qPrintable(e.message()));
            QCOMPARE(e.sqlState(), QStringLiteral("42501"));
            QVERIFY2(e.hint().contains(QLatin1String("clerk up to 1000.00")), qPrintable(e.hint()));
        }
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), allowed ? 1 : 0);
        QCOMPARE(Suggestions::find(owner, id)->status,
                 allowed ? QStringLiteral("executed") : QStringLiteral("pending"));
        // Not even a direct write gets round it.
        QVERIFY_THROWS_EXCEPTION(DbError, staff.exec("UPDATE suggestions SET status = 'rejected'"));
    }

    void rejectNeedsAReason()
    {
        TestDatabase db;
        Connection owner(db.owner());
        const qint64 id = restockSuggestion(owner);
        Connection manager(db.manager());
        try {
            Suggestions::reject(manager, id, QStringLiteral("  "));
            QFAIL("rejected without a reason");
        } catch (const DbError& e) {
            QCOMPARE(e.sqlState(), QStringLiteral("SP006"));
        }
        const auto result = Suggestions::reject(manager, id, QStringLiteral("supplier on strike"));
        QCOMPARE(result.status, QStringLiteral("rejected"));
        const auto s = Suggestions::find(owner, id);
        QCOMPARE(s->decisionNote, QStringLiteral("supplier on strike"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 0);
        // The rejected one stays rejected; the next stock check proposes afresh.
        callJson(owner, "SELECT agent_stock_check()");
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE status = 'pending'"), 1);
    }

    void failedExecutionIsRecorded()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_redistribution()");
        const qint64 id =
            owner.exec("SELECT id FROM suggestions WHERE kind = 'transfer'").toLongLong(0, 0);
        // The source's stock goes elsewhere before anyone approves.
        owner.exec("SELECT stock_adjust('SKU000001', 'WH1', 5, 'count')");
        Connection manager(db.manager());
        const auto result = Suggestions::approve(manager, id);
        QCOMPARE(result.status, QStringLiteral("failed"));
        QVERIFY2(result.error.contains(QLatin1String("Only 5 of SKU000001 available at WH1")),
                 qPrintable(result.error));
        const auto s = Suggestions::find(owner, id);
        QCOMPARE(s->status, QStringLiteral("failed"));
        QCOMPARE(s->decidedBy, QStringLiteral("manager"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM transfers"), 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'ActionExecuted' AND NOT "
                               "(payload->>'ok')::boolean"),
                 1);
        QCOMPARE(scalar(owner,
                        "SELECT count(*) FROM notifications WHERE kind = "
                        "'execution_failed' AND suggestion_id = $1",
                        {id}),
                 1);
    }

    void approvedTransferAndModifiedSource()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.exec("SELECT stock_receive('SKU000001', 'WH2', 200)");
        setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_redistribution()");
        const qint64 id =
            owner.exec("SELECT id FROM suggestions WHERE kind = 'transfer'").toLongLong(0, 0);
        Connection manager(db.manager());
        const auto result =
            Suggestions::modify(manager, id, {{QStringLiteral("source"), QStringLiteral("WH2")}});
        QCOMPARE(result.status, QStringLiteral("executed"));
        QCOMPARE(level(owner, "on_hand", "SKU000001", "WH2"), 108);
        QCOMPARE(level(owner, "incoming", "SKU000001", "ST1"), 92);
        QCOMPARE(level(owner, "on_hand", "SKU000001", "WH1"), 100);
        const auto s = Suggestions::find(owner, id);
        QCOMPARE(s->proposal.value(QLatin1String("source")).toString(), QStringLiteral("WH1"));
        QCOMPARE(s->final.value(QLatin1String("source")).toString(), QStringLiteral("WH2"));
    }

    void markdownNeedsManagerAndChangesPrice()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000003"), QStringLiteral("WH1"), constantDemand(0));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_price_analysis()");
        const qint64 id =
            owner.exec("SELECT id FROM suggestions WHERE kind = 'markdown'").toLongLong(0, 0);
        Connection clerk(db.clerk());
        QVERIFY_THROWS_EXCEPTION(DbError, Suggestions::approve(clerk, id));
        Connection manager(db.manager());
        // A discount past the margin floor is refused at execution and recorded as failed.
        const auto tooMuch =
            Suggestions::modify(manager, id, {{QStringLiteral("discount_pct"), 70}});
        QCOMPARE(tooMuch.status, QStringLiteral("failed"));
        QVERIFY2(tooMuch.error.contains(QLatin1String("margin floor")), qPrintable(tooMuch.error));
        QCOMPARE(owner.exec("SELECT price FROM products WHERE sku = 'SKU000003'").text(0, 0),
                 QStringLiteral("49.90"));

        callJson(owner, "SELECT agent_price_analysis()");
        const qint64 again = owner
                                 .exec("SELECT id FROM suggestions WHERE kind = 'markdown' AND "
                                       "status = 'pending'")
                                 .toLongLong(0, 0);
        QVERIFY(again > id);
        // Effective tomorrow: recorded now, applied when due.
        const QString tomorrow = QDate::currentDate().addDays(1).toString(Qt::ISODate);
        const auto ok = Suggestions::modify(
            manager, again,
            {{QStringLiteral("discount_pct"), 20}, {QStringLiteral("effective_from"), tomorrow}});
        QCOMPARE(ok.status, QStringLiteral("executed"));
        QCOMPARE(owner.exec("SELECT price FROM products WHERE sku = 'SKU000003'").text(0, 0),
                 QStringLiteral("49.90"));
        QCOMPARE(owner.exec("SELECT new_price FROM price_changes").text(0, 0),
                 QStringLiteral("39.92"));
        owner.exec("UPDATE price_changes SET effective_from = current_date");
        callJson(owner, "SELECT price_changes_apply_due()");
        QCOMPARE(owner.exec("SELECT price FROM products WHERE sku = 'SKU000003'").text(0, 0),
                 QStringLiteral("39.92"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'PriceChanged'"), 1);
    }
};

QTEST_GUILESS_MAIN(TestApprovals)
#include "tst_approvals.moc"
