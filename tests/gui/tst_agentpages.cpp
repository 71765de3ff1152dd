// The Jobs page, the Event log page, staff notifications and the dead-letter list, offscreen on
// a real database: "Run now" runs a job through the scheduler and the new run shows; a manager
// changes a job's interval or switches it off and every open Jobs page follows (a clerk may
// not); the event log filters by type and SKU in SQL; the unread count follows new alerts and
// the person's preferences; an admin requeues a dead webhook item.

#include "../agent/agentfixture.h"
#include "approvals/agentjobs.h"
#include "db/database.h"
#include "db/eventstream.h"
#include "deadlettersdialog.h"
#include "deadlettersmodel.h"
#include "eventlogmodel.h"
#include "eventlogpage.h"
#include "jobrunsmodel.h"
#include "jobspage.h"
#include "notificationcenter.h"
#include "scheduler/scheduler.h"
#include "skufield.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>

using namespace sp::db;
using namespace sp::test;
using sp::models::EventLogModel;
using sp::models::JobRunsModel;

namespace {

void prepare(Connection& owner)
{
    loadTinyCatalog(owner);
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    callJson(owner, "SELECT agent_demand_statistics()");
}

bool startStream(EventStream& stream)
{
    QSignalSpy started(&stream, &EventStream::started);
    stream.start();
    return started.wait(5000);
}

} // namespace

class TestAgentPages : public QObject
{
    Q_OBJECT

private slots:
    void runNowShowsTheNewRun()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Database pool(db.manager(), 2);
        EventStream stream(db.manager());
        sp::scheduler::Scheduler scheduler(&pool, QStringLiteral("desk-1"));
        sp::approvals::registerAgentJobs(scheduler);
        sp::views::JobsPage page(&pool, &scheduler);
        connect(&stream, &EventStream::eventsReceived, &page, &sp::views::JobsPage::applyEvents);
        QVERIFY(startStream(stream));
        page.show();
        QSignalSpy loaded(page.model(), &JobRunsModel::loaded);
        page.reload();
        QVERIFY(loaded.wait(5000));
        const int row = page.model()->rowForJob(QStringLiteral("stock-check"));
        QVERIFY(row >= 0);
        QCOMPARE(page.model()->index(row, JobRunsModel::OutcomeColumn).data().toString(),
                 QStringLiteral("Never ran"));
        QVERIFY(!page.runNowButton()->isEnabled()); // nothing selected
        QVERIFY(page.selectJob(QStringLiteral("stock-check")));
        QVERIFY(page.runNowButton()->isEnabled());

        QSignalSpy finished(&page, &sp::views::JobsPage::runFinished);
        QTest::mouseClick(page.runNowButton(), Qt::LeftButton);
        QVERIFY(!page.runNowButton()->isEnabled()); // one run at a time from here
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY2(page.messageLabel()->text().startsWith(QLatin1String("stock-check finished")),
                 qPrintable(page.messageLabel()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(
            page.model()
                ->index(page.model()->rowForJob(QStringLiteral("stock-check")),
                        JobRunsModel::OutcomeColumn)
                .data()
                .toString(),
            QStringLiteral("OK"), 5000);
        const int r = page.model()->rowForJob(QStringLiteral("stock-check"));
        QVERIFY(page.model()
                    ->index(r, JobRunsModel::CountsColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("1")));
        QVERIFY(page.model()->index(r, JobRunsModel::LastRunColumn).data().toString().size() > 0);
        // The run is real: one job_runs row by this instance and the purchase it proposed.
        QCOMPARE(scalar(owner, "SELECT count(*) FROM job_runs WHERE job = 'stock-check'"
                               " AND outcome = 'ok' AND instance = 'desk-1'"),
                 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE kind = 'purchase'"), 1);
        // The selection survived the reload; a second run is another row.
        QCOMPARE(page.selectedJob(), QStringLiteral("stock-check"));
        QTRY_VERIFY(page.runNowButton()->isEnabled());
        QTest::mouseClick(page.runNowButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM job_runs WHERE job = 'stock-check'"), 2);
        stream.stop();
        pool.close();
    }

    void intervalIsASettingOfTheJobsPage()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Database pool(db.manager(), 2);
        EventStream stream(db.manager());
        sp::scheduler::Scheduler scheduler(&pool, QStringLiteral("desk-1"));
        sp::approvals::registerAgentJobs(scheduler);
        sp::views::JobsPage page(&pool, &scheduler);
        connect(&stream, &EventStream::eventsReceived, &page, &sp::views::JobsPage::applyEvents);
        // A clerk's desktop: sees the change live, may not make one.
        Database clerkPool(db.clerk(), 2);
        EventStream clerkStream(db.clerk());
        sp::views::JobsPage clerkPage(&clerkPool, nullptr);
        connect(&clerkStream, &EventStream::eventsReceived, &clerkPage,
                &sp::views::JobsPage::applyEvents);
        QVERIFY(startStream(stream));
        QVERIFY(startStream(clerkStream));
        page.show();
        clerkPage.show();
        QSignalSpy loaded(page.model(), &JobRunsModel::loaded);
        QSignalSpy clerkLoaded(clerkPage.model(), &JobRunsModel::loaded);
        page.reload();
        clerkPage.reload();
        QVERIFY(loaded.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(clerkLoaded.size(), 1, 5000);
        QVERIFY(page.selectJob(QStringLiteral("stock-check")));
        QVERIFY(clerkPage.selectJob(QStringLiteral("stock-check")));
        QVERIFY(page.intervalButton()->isEnabled());
        QVERIFY(!clerkPage.intervalButton()->isEnabled());
        QVERIFY(!clerkPage.model()->canEditSchedule());

        // It ran a minute ago: next due an hour after that.
        QSignalSpy finished(&page, &sp::views::JobsPage::runFinished);
        QTest::mouseClick(page.runNowButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        owner.exec("UPDATE job_runs SET started_at = started_at - interval '1 minute'");
        page.reload();
        const auto dueAfterStart = [](sp::views::JobsPage& p) {
            const auto* job = p.model()->jobAt(p.model()->rowForJob(QStringLiteral("stock-check")));
            return job && job->lastStarted.isValid() && job->nextDue.isValid()
                       ? job->lastStarted.secsTo(job->nextDue)
                       : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(dueAfterStart(page), 3600, 5000);

        // Every 2 hours, from the dialog.
        QTest::mouseClick(page.intervalButton(), Qt::LeftButton);
        sp::views::JobIntervalDialog* dialog = page.intervalDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->amountBox()->value(), 1);
        QCOMPARE(dialog->unitBox()->currentData().toInt(), 3600);
        QVERIFY(dialog->enabledBox()->isChecked());
        dialog->amountBox()->setValue(2);
        QCOMPARE(dialog->seconds(), 7200);
        QSignalSpy saved(page.model(), &JobRunsModel::scheduleSaved);
        dialog->accept();
        // Counted rather than waited for: the reply may already be in by the time accept()
        // returns, and QSignalSpy::wait() only counts what arrives while it waits.
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
        QCOMPARE(scalar(owner, "SELECT interval_seconds FROM job_schedule WHERE name = "
                               "'stock-check'"),
                 7200);
        QTRY_COMPARE_WITH_TIMEOUT(dueAfterStart(page), 7200, 5000);
        const int row = page.model()->rowForJob(QStringLiteral("stock-check"));
        QCOMPARE(page.model()->index(row, JobRunsModel::IntervalColumn).data().toString(),
                 QStringLiteral("every 2 hour(s)"));
        QVERIFY2(page.messageLabel()->text().contains(QLatin1String("every 2 hour(s)")),
                 qPrintable(page.messageLabel()->text()));
        // The clerk's page follows by the event, without a reload of its own.
        QTRY_COMPARE_WITH_TIMEOUT(dueAfterStart(clerkPage), 7200, 5000);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'JobScheduleChanged'"
                               " AND payload->>'job' = 'stock-check'"),
                 1);

        // Switched off: no next due time; the scheduler does not run it on its own.
        QTest::mouseClick(page.intervalButton(), Qt::LeftButton);
        dialog = page.intervalDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->amountBox()->value(), 2);
        dialog->enabledBox()->setChecked(false);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(
            page.model()->index(row, JobRunsModel::IntervalColumn).data().toString(),
            QStringLiteral("disabled"), 5000);
        QVERIFY(
            !page.model()->index(row, 0).data(JobRunsModel::NextDueRole).toDateTime().isValid());
        QTRY_COMPARE_WITH_TIMEOUT(
            clerkPage.model()->index(row, JobRunsModel::IntervalColumn).data().toString(),
            QStringLiteral("disabled"), 5000);
        QVERIFY(!owner.exec("SELECT enabled FROM job_schedule WHERE name = 'stock-check'")
                     .toBool(0, 0));

        // The database refuses a clerk whatever the client does.
        QSignalSpy refused(clerkPage.model(), &JobRunsModel::errorOccurred);
        clerkPage.model()->setSchedule(QStringLiteral("stock-check"), 60, true);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 5000);
        QCOMPARE(scalar(owner, "SELECT interval_seconds FROM job_schedule WHERE name = "
                               "'stock-check'"),
                 7200);
        stream.stop();
        clerkStream.stop();
        pool.close();
        clerkPool.close();
    }

    void deadLettersAreRequeuedByAnAdmin()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection admin(db.admin());
        admin.exec("SELECT webhook_endpoint_add('Nordtex orders', 'http://127.0.0.1:9/po', "
                   "'0123456789abcdef0123')");
        // Two supplier messages that fail on every attempt until they give up.
        const auto dieOnce = [&] {
            owner.exec("SELECT webhook_enqueue('PurchaseOrderCreated', '{\"po\": 1}')");
            const qint64 id = owner.exec("SELECT max(id) FROM webhook_outbox").toLongLong(0, 0);
            QString state;
            while (state != QLatin1String("dead")) {
                state =
                    admin.exec("SELECT webhook_result($1, false, 503, 'Service Unavailable')", {id})
                        .text(0, 0);
            }
            return id;
        };
        const qint64 first = dieOnce();

        Database pool(db.admin(), 2);
        EventStream stream(db.admin());
        QVERIFY(startStream(stream));
        sp::views::DeadLettersDialog dialog(&pool);
        connect(&stream, &EventStream::eventsReceived, &dialog,
                &sp::views::DeadLettersDialog::applyEvents);
        QAbstractItemModelTester tester(dialog.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 1, 5000);
        using sp::models::DeadLettersModel;
        const QAbstractItemModel* m = dialog.table()->model();
        QCOMPARE(m->index(0, DeadLettersModel::IdColumn).data().toLongLong(), first);
        QCOMPARE(m->index(0, DeadLettersModel::EndpointColumn).data().toString(),
                 QStringLiteral("Nordtex orders"));
        QCOMPARE(m->index(0, DeadLettersModel::AttemptsColumn).data().toInt(), 8);
        QCOMPARE(m->index(0, DeadLettersModel::LastStatusColumn).data().toString(),
                 QStringLiteral("503"));
        QCOMPARE(m->index(0, DeadLettersModel::LastErrorColumn).data().toString(),
                 QStringLiteral("Service Unavailable"));
        QVERIFY(!dialog.requeueButton()->isEnabled()); // nothing selected

        // Another one dies while the list is open: it appears.
        const qint64 second = dieOnce();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 2, 5000);

        // Requeue the first: pending again from the first attempt, and off the list.
        dialog.table()->selectRow(dialog.model()->rowForId(first));
        QVERIFY(dialog.requeueButton()->isEnabled());
        QSignalSpy requeued(dialog.model(), &DeadLettersModel::requeued);
        QTest::mouseClick(dialog.requeueButton(), Qt::LeftButton);
        QVERIFY(requeued.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 1, 5000);
        QCOMPARE(dialog.model()->rowForId(second), 0);
        const Result item =
            owner.exec("SELECT status, attempts FROM webhook_outbox WHERE id = $1", {first});
        QCOMPARE(item.text(0, 0), QStringLiteral("pending"));
        QCOMPARE(item.toInt(0, 1), 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'WebhookRequeued'"), 1);
        QVERIFY2(dialog.messageLabel()->text().contains(QLatin1String("1 item")),
                 qPrintable(dialog.messageLabel()->text()));

        // Sent again elsewhere (the command line): it leaves this list too.
        admin.exec("SELECT webhook_requeue($1)", {second});
        QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 0, 5000);

        // A manager may not read the list.
        Database managerPool(db.manager(), 1);
        sp::models::DeadLettersModel managerModel(&managerPool);
        QSignalSpy denied(&managerModel, &DeadLettersModel::errorOccurred);
        managerModel.reload();
        QVERIFY(denied.wait(5000));
        QCOMPARE(managerModel.rowCount(), 0);
        stream.stop();
        pool.close();
        managerPool.close();
    }

    void eventLogFiltersByTypeAndSku()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        callJson(owner, "SELECT agent_stock_check()");
        Database pool(db.clerk(), 2);
        EventStream stream(db.clerk());
        sp::views::EventLogPage page(&pool);
        connect(&stream, &EventStream::eventsReceived, &page,
                &sp::views::EventLogPage::applyEvents);
        QVERIFY(startStream(stream));
        page.show();
        QSignalSpy loaded(page.model(), &EventLogModel::loaded);
        page.reload();
        QVERIFY(loaded.wait(5000));
        const int all = scalar(owner, "SELECT count(*) FROM events");
        QVERIFY(all > 10);
        QTRY_COMPARE(page.model()->rowCount(), all);

        // Type: only the suggestion events remain.
        const int suggested =
            scalar(owner, "SELECT count(*) FROM events WHERE type = 'InventoryActionSuggested'");
        QVERIFY(suggested >= 1);
        page.typeFilter()->setCurrentIndex(
            page.typeFilter()->findData(QStringLiteral("InventoryActionSuggested")));
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), suggested, 5000);
        for (int row = 0; row < page.model()->rowCount(); ++row) {
            QCOMPARE(page.model()->index(row, EventLogModel::TypeColumn).data().toString(),
                     QStringLiteral("InventoryActionSuggested"));
        }
        // Selecting a row shows its payload.
        page.table()->selectRow(0);
        QVERIFY(page.payloadView()->toPlainText().contains(QLatin1String("suggestion_id")));

        // A live one of that type appears on top (another supplier's purchase, which names no
        // SKU of its own); one of another type does not.
        owner.exec("SELECT stock_adjust('SKU000004', 'ST1', 2, 'count')");
        setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), suggested + 1, 5000);
        QCOMPARE(page.model()->index(0, EventLogModel::SkuColumn).data().toString(), QString());
        QVERIFY(page.model()->index(0, EventLogModel::TypeColumn).data().toString() ==
                QStringLiteral("InventoryActionSuggested"));

        // Type and SKU together, typed as a person does.
        page.typeFilter()->setCurrentIndex(
            page.typeFilter()->findData(QStringLiteral("InventoryUpdate")));
        QTest::keyClicks(page.skuFilter(), QStringLiteral("SKU000002"));
        QTest::keyClick(page.skuFilter(), Qt::Key_Return);
        const int sku2 = scalar(owner, "SELECT count(*) FROM events e JOIN products p"
                                       " ON p.id = e.product_id WHERE e.type = 'InventoryUpdate'"
                                       " AND p.sku = 'SKU000002'");
        QVERIFY(sku2 >= 2);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->filter().sku, QStringLiteral("SKU000002"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), sku2, 5000);

        // A time window in the future holds nothing.
        page.fromEdit()->setDateTime(QDateTime::currentDateTime().addDays(1));
        page.fromEnabled()->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 0, 5000);
        stream.stop();
        pool.close();
    }

    void notificationsFollowAlertsAndPreferences()
    {
        TestDatabase db;
        Connection owner(db.owner());
        prepare(owner);
        Database pool(db.clerk(), 2);
        EventStream stream(db.clerk());
        sp::views::NotificationCenter center(&pool);
        connect(&stream, &EventStream::eventsReceived, &center,
                &sp::views::NotificationCenter::applyEvents);
        QVERIFY(startStream(stream));
        center.enableTray(QIcon());
        QCOMPARE(center.hasTray(), false); // offscreen has no system tray
        QSignalSpy count(&center, &sp::views::NotificationCenter::unreadCountChanged);
        QSignalSpy loaded(&center, &sp::views::NotificationCenter::loaded);
        center.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 5000);
        QCOMPARE(center.unreadCount(), 0);
        QCOMPARE(count.size(), 0);

        // The stock check finds ST1 short of SKU000001: a high-priority low-stock alert.
        callJson(owner, "SELECT agent_stock_check()");
        QTRY_COMPARE_WITH_TIMEOUT(center.unreadCount(), 1, 5000);
        QCOMPARE(center.arrived().size(), 1);
        QCOMPARE(center.arrived().first().kind, QStringLiteral("low_stock"));
        QCOMPARE(center.arrived().first().priority, 3);
        center.markAllRead();
        QTRY_COMPARE_WITH_TIMEOUT(center.unreadCount(), 0, 5000);

        // Preferences: no low-stock alerts for this person.
        auto* dialog = new sp::views::NotificationPrefsDialog(&pool);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded(), 5000);
        QCOMPARE(QApplication::activeModalWidget(), dialog);
        QVERIFY(dialog->kindBox(QStringLiteral("low_stock"))->isChecked());
        QCOMPARE(dialog->priorityBox()->currentData().toInt(), 2);
        dialog->kindBox(QStringLiteral("low_stock"))->setChecked(false);
        QSignalSpy saved(dialog, &sp::views::NotificationPrefsDialog::saved);
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(saved.wait(5000));
        const Result prefs =
            owner.exec("SELECT array_to_string(kinds, ','), min_priority FROM notification_prefs"
                       " WHERE username = 'clerk'");
        QCOMPARE(prefs.text(0, 0),
                 QStringLiteral("overstock,audit,execution_failed,webhook_dead,mail_dead"));
        QCOMPARE(prefs.text(0, 1), QStringLiteral("2"));

        // A new shortage elsewhere no longer counts for the clerk: once the stream has told the
        // center of it, the load that follows still finds nothing unread.
        QHash<qint64, int> loadsWhenTold; // event id: loads finished when it arrived
        connect(&stream, &EventStream::eventsReceived, &center, [&](const QList<Event>& events) {
            for (const Event& e : events)
                loadsWhenTold.insert(e.id, int(loaded.size()));
        });
        setDemand(owner, QStringLiteral("SKU000004"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        QCOMPARE(scalar(owner, "SELECT count(*) FROM notifications WHERE kind = 'low_stock'"), 2);
        const qint64 suggested =
            owner.exec("SELECT max(id) FROM events WHERE type = 'InventoryActionSuggested'")
                .toLongLong(0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(loadsWhenTold.contains(suggested), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > loadsWhenTold.value(suggested), 5000);
        QCOMPARE(center.unreadCount(), 0);
        QCOMPARE(center.arrived().size(), 1);
        stream.stop();
        pool.close();
    }
};

QTEST_MAIN(TestAgentPages)
#include "tst_agentpages.moc"
