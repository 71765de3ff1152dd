// The models behind the Inbox, Jobs and Event log pages, each under QAbstractItemModelTester,
// loading through the pool and kept live by the real EventStream: a new suggestion appears, one
// decided elsewhere leaves, a refreshed one changes in place; job runs and events show up.

#include "agentfixture.h"
#include "approvals/stockwatcher.h"
#include "approvals/suggestions.h"
#include "db/eventstream.h"
#include "eventlogmodel.h"
#include "inboxmodel.h"
#include "jobrunsmodel.h"
#include "scheduler/scheduler.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace sp::db;
using namespace sp::models;
using namespace sp::test;

namespace {

void prepare(Connection& owner)
{
    loadTinyCatalog(owner);
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    // Capworks' SKU000004 at ST1: 20 on hand, reorder point 14 (1/day, 14-day lead time).
    owner.exec("SELECT stock_receive('SKU000004', 'ST1', 10)");
    setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(1));
    setDemand(owner, QStringLiteral("SKU000003"), QStringLiteral("WH1"), constantDemand(0));
    callJson(owner, "SELECT agent_demand_statistics()");
    callJson(owner, "SELECT agent_stock_check()");
    callJson(owner, "SELECT agent_price_analysis()");
}

// The numbers of the first line of the purchase in this row.
QVariantMap firstLine(const InboxModel& inbox, int row)
{
    return inbox.data(inbox.index(row, 0), InboxModel::NumbersRole)
        .toMap()
        .value(QStringLiteral("line_numbers"))
        .toList()
        .value(0)
        .toMap();
}

} // namespace

class TestAgentModels : public QObject
{
    Q_OBJECT

private slots:
    void inboxIsLive()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Database pool(db.manager(), 2);
        EventStream stream(db.manager());
        InboxModel inbox(&pool);
        QAbstractItemModelTester tester(&inbox,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&stream, &EventStream::eventsReceived, &inbox, &InboxModel::applyEvents);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QVERIFY(started.wait(5000));
        QSignalSpy loaded(&inbox, &InboxModel::loaded);
        inbox.reload();
        QVERIFY(loaded.wait(5000));

        // The high-priority purchase first, then the markdown.
        QCOMPARE(inbox.rowCount(), 2);
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::KindColumn)).toString(),
                 QStringLiteral("Purchase"));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::SkuColumn)).toString(),
                 QStringLiteral("1 SKU(s)"));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::LocationColumn)).toString(),
                 QStringLiteral("ST1"));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::ProposalColumn)).toString(),
                 QStringLiteral("Order 96 in 1 line(s) from Nordtex"));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::PriorityColumn)).toString(),
                 QStringLiteral("High"));
        QVERIFY(inbox.data(inbox.index(0, InboxModel::ReasonColumn))
                    .toString()
                    .startsWith(QLatin1String("Order 96 units in 1 line(s) from Nordtex")));
        QCOMPARE(firstLine(inbox, 0).value(QStringLiteral("reorder_point")).toInt(), 60);
        QCOMPARE(inbox.data(inbox.index(1, InboxModel::KindColumn)).toString(),
                 QStringLiteral("Markdown"));
        QCOMPARE(inbox.data(inbox.index(1, InboxModel::LocationColumn)).toString(),
                 QStringLiteral("All locations"));
        QCOMPARE(inbox.highPriorityCount(), 1);

        // A qualifying change elsewhere: Capworks' SKU000004 at ST1 drops to 2 (reorder point
        // 14): a purchase of its own.
        QSignalSpy arrived(&inbox, &InboxModel::suggestionsArrived);
        owner.exec("SELECT stock_adjust('SKU000004', 'ST1', 2, 'count')");
        callJson(owner, "SELECT agent_stock_check()");
        QVERIFY(arrived.wait(5000));
        QCOMPARE(inbox.rowCount(), 3);
        const qint64 newId = arrived.first().first().value<QList<qint64>>().first();
        QVERIFY(inbox.rowForId(newId) >= 0);

        // Decided by someone else: it leaves the list.
        const qint64 restockId = inbox.data(inbox.index(0, 0), InboxModel::IdRole).toLongLong();
        Connection other(db.admin());
        sp::approvals::Suggestions::approve(other, restockId);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.rowForId(restockId), -1, 5000);
        QCOMPARE(inbox.rowCount(), 2);

        // Refreshed in place: the new purchase's numbers change, the row stays.
        owner.exec("SELECT stock_adjust('SKU000004', 'ST1', 1, 'count')");
        callJson(owner, "SELECT agent_stock_check()");
        QTRY_COMPARE_WITH_TIMEOUT(
            firstLine(inbox, inbox.rowForId(newId)).value(QStringLiteral("available")).toInt(), 1,
            5000);
        QCOMPARE(inbox.rowCount(), 2);
        stream.stop();
        pool.close();
    }

    void stockChangeReachesTheInboxWithoutWaitingForTheJob()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(1));
        callJson(owner, "SELECT agent_demand_statistics()"); // ST1 reorder point 14, 10 on hand
        callJson(owner, "SELECT agent_stock_check()");
        owner.exec("SELECT stock_receive('SKU000004', 'ST1', 20)");
        callJson(owner, "SELECT agent_stock_check()"); // superseded again: 30 on hand
        Database pool(db.clerk(), 2);
        EventStream stream(db.clerk());
        InboxModel inbox(&pool);
        QAbstractItemModelTester tester(&inbox,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        sp::approvals::StockWatcher watcher(&pool);
        connect(&stream, &EventStream::eventsReceived, &inbox, &InboxModel::applyEvents);
        connect(&stream, &EventStream::eventsReceived, &watcher,
                &sp::approvals::StockWatcher::applyEvents);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QVERIFY(started.wait(5000));
        QSignalSpy loaded(&inbox, &InboxModel::loaded);
        inbox.reload();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(inbox.rowCount(), 0);

        // A sale takes ST1 to 3: a purchase appears, and only of that SKU.
        QSignalSpy arrived(&inbox, &InboxModel::suggestionsArrived);
        owner.exec("SELECT stock_adjust('SKU000004', 'ST1', 3, 'count')");
        QVERIFY(arrived.wait(5000));
        QCOMPARE(inbox.rowCount(), 1);
        // ST1 (a store) gets a transfer from WH1, which has stock and no sales; the purchase
        // the stock check proposed first gave way to it.
        QTRY_COMPARE_WITH_TIMEOUT(inbox.data(inbox.index(0, InboxModel::KindColumn)).toString(),
                                  QStringLiteral("Transfer"), 5000);
        QCOMPARE(inbox.rowCount(), 1);
        QCOMPARE(owner
                     .exec("SELECT string_agg(DISTINCT l ->> 'sku', ',') FROM suggestions s,"
                           " jsonb_array_elements(s.proposal -> 'lines') l"
                           " WHERE s.kind = 'purchase'")
                     .text(0, 0),
                 QStringLiteral("SKU000004"));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE kind = 'purchase'"
                               " AND status = 'pending'"),
                 0);
        stream.stop();
        pool.close();
    }

    // A thousand pending suggestions: the inbox loads a page, more as the view asks, in the
    // database's order without gaps or repeats; counts are the database's; sorting is SQL's;
    // live changes land where they sort among the loaded rows and wait for their page beyond.
    void inboxPagesThroughThousands()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.execScript(
            "INSERT INTO products (sku, name, category, price, cost, supplier, pack_size, "
            "lead_time_days) SELECT format('SKU%s', lpad(g::text, 6, '0')), 'Item ' || g, "
            "'Shirts', 20, 8, 'Nordtex', 6, 10 FROM generate_series(6, 1005) g;"
            // Three priorities, the same created_at for many (ties go by id).
            "INSERT INTO suggestions (kind, product_id, location_id, quantity, value, priority, "
            "proposal, numbers, reason, created_at) "
            "SELECT 'restock', p.id, l.id, p.id % 97, p.id % 500, 1 + p.id % 3, "
            "jsonb_build_object('quantity', p.id % 97, 'supplier', 'Nordtex'), '{}', "
            "'Reason ' || p.id, now() - make_interval(mins => p.id % 7) "
            "FROM products p, locations l WHERE p.id > 5 AND l.code = 'ST1';"
            // A person's request among them.
            "INSERT INTO suggestions (kind, product_id, location_id, quantity, priority, "
            "proposal, numbers, reason, origin, requested_by, request, created_at) "
            "SELECT 'transfer', p.id, l.id, 20, 3, '{\"quantity\": 20, \"source\": \"WH1\"}', "
            "'{}', 'Asked for by a person.', 'staff', 'clerk', "
            "'{\"text\": \"20 units of SKU000001 to Store Mitte\", \"reader\": \"rules\"}', "
            "now() - interval '1 hour' FROM products p, locations l WHERE p.sku = 'SKU000001' AND "
            "l.code = 'ST1';");
        const int total = 1001;
        const int high = scalar(owner, "SELECT count(*) FROM suggestions WHERE priority = 3");
        Database pool(db.clerk(), 2);
        EventStream stream(db.clerk());
        InboxModel inbox(&pool);
        QAbstractItemModelTester tester(&inbox,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&stream, &EventStream::eventsReceived, &inbox, &InboxModel::applyEvents);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QVERIFY(started.wait(5000));
        QSignalSpy loaded(&inbox, &InboxModel::loaded);
        inbox.reload();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(inbox.rowCount(), InboxModel::PageSize);
        QCOMPARE(inbox.pendingCount(), total);
        QCOMPARE(inbox.highPriorityCount(), high);
        QVERIFY(inbox.canFetchMore({}));

        // The person's request: origin and what they asked; the oldest high one, so first.
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::OriginColumn)).toString(),
                 QStringLiteral("Requested by clerk"));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::OriginColumn), Qt::ToolTipRole).toString(),
                 QStringLiteral("20 units of SKU000001 to Store Mitte"));
        QCOMPARE(inbox.data(inbox.index(0, 0), InboxModel::RequestRole)
                     .toMap()
                     .value(QStringLiteral("reader"))
                     .toString(),
                 QStringLiteral("rules"));
        QCOMPARE(inbox.data(inbox.index(1, InboxModel::OriginColumn)).toString(),
                 QStringLiteral("Agent"));

        // Page by page to the end (the model tester fetches too): the database's order, each
        // row once.
        const auto loadAll = [&inbox] {
            QElapsedTimer waited;
            waited.start();
            while (!inbox.isComplete() && waited.elapsed() < 10000) {
                if (inbox.canFetchMore({}))
                    inbox.fetchMore({});
                QTest::qWait(5);
            }
        };
        loadAll();
        QCOMPARE(inbox.rowCount(), total);
        QVERIFY(inbox.isComplete());
        const Result order = owner.exec("SELECT id FROM suggestions WHERE status = 'pending' "
                                        "ORDER BY priority DESC, created_at, id");
        for (int i = 0; i < total; ++i)
            QCOMPARE(inbox.data(inbox.index(i, 0), InboxModel::IdRole).toLongLong(),
                     order.toLongLong(i, 0));

        // Sorted by a column: in SQL, from the first page again.
        inbox.sort(InboxModel::SkuColumn, Qt::DescendingOrder);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(inbox.data(inbox.index(0, InboxModel::SkuColumn)).toString(),
                 QStringLiteral("SKU001005"));
        if (inbox.canFetchMore({}))
            inbox.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(inbox.rowCount() >= 2 * InboxModel::PageSize, 5000);
        QCOMPARE(inbox.data(inbox.index(InboxModel::PageSize, InboxModel::SkuColumn)).toString(),
                 QStringLiteral("SKU000805"));
        // Value, ascending: ties by id.
        inbox.sort(InboxModel::ValueColumn, Qt::AscendingOrder);
        QVERIFY(loaded.wait(5000));
        if (inbox.canFetchMore({}))
            inbox.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(inbox.rowCount() >= 2 * InboxModel::PageSize, 5000);
        const Result byValue =
            owner.exec("SELECT id FROM suggestions WHERE status = 'pending' ORDER BY value, id "
                       "LIMIT $1",
                       {2 * InboxModel::PageSize});
        for (int i = 0; i < 2 * InboxModel::PageSize; ++i)
            QCOMPARE(inbox.data(inbox.index(i, 0), InboxModel::IdRole).toLongLong(),
                     byValue.toLongLong(i, 0));

        // Back to the inbox's order; live changes.
        inbox.sort(-1);
        QVERIFY(loaded.wait(5000));

        QSignalSpy arrived(&inbox, &InboxModel::suggestionsArrived);
        const auto announce = [&owner](qint64 id) {
            owner.exec("INSERT INTO events (type, payload) VALUES ('InventoryActionSuggested', "
                       "jsonb_build_object('suggestion_id', $1::bigint))",
                       {id});
        };
        // A new high-priority one (its conditions began two hours ago) sorts within the loaded
        // rows: it appears there, first.
        const qint64 urgent =
            owner
                .exec("INSERT INTO suggestions (kind, product_id, location_id, quantity, "
                      "priority, proposal, numbers, reason, created_at) SELECT 'restock', id, "
                      "(SELECT id FROM locations WHERE code = 'WH1'), 5, 3, '{}', '{}', 'New', "
                      "now() - interval '2 hours' FROM products WHERE sku = 'SKU000002' "
                      "RETURNING id")
                .toLongLong(0, 0);
        announce(urgent);
        QVERIFY(arrived.wait(5000));
        QCOMPARE(inbox.rowForId(urgent), 0);
        QCOMPARE(inbox.pendingCount(), total + 1);
        QCOMPARE(inbox.highPriorityCount(), high + 1);
        // A new low one sorts past the loaded rows: counted, not shown until its page.
        const qint64 low =
            owner
                .exec("INSERT INTO suggestions (kind, product_id, location_id, quantity, "
                      "priority, proposal, numbers, reason) SELECT 'restock', id, "
                      "(SELECT id FROM locations WHERE code = 'WH2'), 5, 1, '{}', '{}', 'Low' "
                      "FROM products WHERE sku = 'SKU000002' RETURNING id")
                .toLongLong(0, 0);
        announce(low);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.pendingCount(), total + 2, 5000);
        QVERIFY(!inbox.isComplete());
        QCOMPARE(inbox.rowForId(low), -1);
        // Decided elsewhere: a loaded one leaves.
        const qint64 decided = inbox.data(inbox.index(5, 0), InboxModel::IdRole).toLongLong();
        owner.exec("UPDATE suggestions SET status = 'rejected' WHERE id = $1", {decided});
        announce(decided);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.rowForId(decided), -1, 5000);
        QCOMPARE(inbox.pendingCount(), total + 1);
        loadAll();
        QCOMPARE(inbox.rowCount(), total + 1);
        QVERIFY(inbox.rowForId(low) >= 0);
        QCOMPARE(inbox.rowForId(low), inbox.rowCount() - 1);
        stream.stop();
        pool.close();
    }

    void jobRunsShowLastRunAndNextDue()
    {
        TestDatabase db;
        Database pool(db.manager(), 2);
        EventStream stream(db.manager());
        JobRunsModel jobs(&pool);
        QAbstractItemModelTester tester(&jobs,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&stream, &EventStream::eventsReceived, &jobs, &JobRunsModel::applyEvents);
        QSignalSpy started(&stream, &EventStream::started);
        stream.start();
        QVERIFY(started.wait(5000));
        QSignalSpy loaded(&jobs, &JobRunsModel::loaded);
        jobs.reload();
        QVERIFY(loaded.wait(5000));
        const int row = jobs.rowForJob(QStringLiteral("ledger-audit"));
        QVERIFY(row >= 0);
        QCOMPARE(jobs.data(jobs.index(row, JobRunsModel::OutcomeColumn)).toString(),
                 QStringLiteral("Never ran"));
        QCOMPARE(jobs.data(jobs.index(row, JobRunsModel::IntervalColumn)).toString(),
                 QStringLiteral("every 1 day(s)"));

        sp::scheduler::Scheduler scheduler(&pool);
        scheduler.registerJob(QStringLiteral("ledger-audit"), 86400,
                              sp::scheduler::Scheduler::sqlJob("SELECT agent_ledger_audit()"));
        QCOMPARE(scheduler.runNow(QStringLiteral("ledger-audit")).result().outcome,
                 QStringLiteral("ok"));
        QTRY_COMPARE_WITH_TIMEOUT(
            jobs.data(jobs.index(row, JobRunsModel::OutcomeColumn), JobRunsModel::OutcomeRole)
                .toString(),
            QStringLiteral("ok"), 5000);
        const QDateTime due = jobs.data(jobs.index(row, 0), JobRunsModel::NextDueRole).toDateTime();
        QVERIFY(due > QDateTime::currentDateTimeUtc().addSecs(86000));
        QVERIFY(!jobs.data(jobs.index(row, JobRunsModel::CountsColumn)).toString().isEmpty());
        stream.stop();
        pool.close();
    }

    void eventLogFiltersPagesAndGrows()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner); // 10 receive events
        Database pool(db.clerk(), 2);
        EventLogModel log(&pool, 4);
        QAbstractItemModelTester tester(&log,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&log, &EventLogModel::loaded);
        log.reload();
        QVERIFY(loaded.wait(5000));
        // Pages of 4 (the model tester may ask for the next page itself).
        QVERIFY(log.rowCount() >= 4);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (log.canFetchMore({}))
                    log.fetchMore({});
                return !log.isLoading() && !log.canFetchMore({});
            }(),
            5000);
        QCOMPARE(log.rowCount(), 10);
        QVERIFY(!log.canFetchMore({}));
        // Newest first.
        QVERIFY(log.data(log.index(0, 0), EventLogModel::IdRole).toLongLong() >
                log.data(log.index(9, 0), EventLogModel::IdRole).toLongLong());

        log.setFilter({{QStringLiteral("InventoryUpdate")}, QStringLiteral("SKU000002"), {}, {}});
        QVERIFY(loaded.wait(5000));
        QCOMPARE(log.rowCount(), 2);
        QCOMPARE(log.data(log.index(0, EventLogModel::SkuColumn)).toString(),
                 QStringLiteral("SKU000002"));
        QCOMPARE(log.data(log.index(0, EventLogModel::LocationColumn)).toString(),
                 QStringLiteral("ST1"));

        // A new matching event goes on top; one for another SKU does not.
        owner.exec("SELECT stock_receive('SKU000002', 'WH2', 5)");
        owner.exec("SELECT stock_receive('SKU000003', 'WH2', 5)");
        const Result fresh = owner.exec("SELECT id, type FROM events ORDER BY id DESC LIMIT 2");
        QList<Event> events;
        for (int i = fresh.rows() - 1; i >= 0; --i)
            events.append(Event{fresh.toLongLong(i, 0), {}, fresh.text(i, 1), 0, 0, {}, {}});
        log.applyEvents(events);
        QTRY_COMPARE_WITH_TIMEOUT(log.rowCount(), 3, 5000);
        QCOMPARE(log.data(log.index(0, EventLogModel::LocationColumn)).toString(),
                 QStringLiteral("WH2"));
        QCOMPARE(log.data(log.index(0, 0), EventLogModel::PayloadRole)
                     .toMap()
                     .value(QStringLiteral("quantity"))
                     .toInt(),
                 5);
        QTest::qWait(200);
        QCOMPARE(log.rowCount(), 3);

        // A time window: from the first of the two new events on.
        const QDateTime from = QDateTime::fromMSecsSinceEpoch(
            owner
                .exec("SELECT floor(extract(epoch FROM at) * 1000)::bigint FROM events WHERE "
                      "id = $1",
                      {fresh.toLongLong(1, 0)})
                .toLongLong(0, 0),
            Qt::UTC);
        log.setFilter({{}, {}, from, {}});
        QVERIFY(loaded.wait(5000));
        QCOMPARE(log.rowCount(), 2);
        pool.close();
    }
};

QTEST_MAIN(TestAgentModels)
#include "tst_agentmodels.moc"
