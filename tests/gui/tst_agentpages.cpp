// The Jobs page, the Event log page and staff notifications, offscreen on a real database:
// "Run now" runs a job through the scheduler and the new run shows; the event log filters by
// type and SKU in SQL; the unread count follows new alerts and the person's preferences.

#include "../agent/agentfixture.h"
#include "approvals/agentjobs.h"
#include "db/database.h"
#include "db/eventstream.h"
#include "eventlogmodel.h"
#include "eventlogpage.h"
#include "jobrunsmodel.h"
#include "jobspage.h"
#include "notificationcenter.h"
#include "scheduler/scheduler.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
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
        // The run is real: one job_runs row by this instance and the restock it made.
        QCOMPARE(scalar(owner, "SELECT count(*) FROM job_runs WHERE job = 'stock-check'"
                               " AND outcome = 'ok' AND instance = 'desk-1'"),
                 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM suggestions WHERE kind = 'restock'"), 1);
        // The selection survived the reload; a second run is another row.
        QCOMPARE(page.selectedJob(), QStringLiteral("stock-check"));
        QTRY_VERIFY(page.runNowButton()->isEnabled());
        QTest::mouseClick(page.runNowButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM job_runs WHERE job = 'stock-check'"), 2);
        stream.stop();
        pool.close();
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

        // A live one of that type appears on top; one of another type does not.
        owner.exec("SELECT stock_adjust('SKU000002', 'ST1', 2, 'count')");
        setDemand(owner, QStringLiteral("SKU000002"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), suggested + 1, 5000);
        QCOMPARE(page.model()->index(0, EventLogModel::SkuColumn).data().toString(),
                 QStringLiteral("SKU000002"));

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
        center.refresh();
        QTest::qWait(400);
        QCOMPARE(center.unreadCount(), 0);

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
        QCOMPARE(prefs.text(0, 0), QStringLiteral("overstock,audit,execution_failed,webhook_dead"));
        QCOMPARE(prefs.text(0, 1), QStringLiteral("2"));

        // A new shortage elsewhere no longer counts for the clerk.
        setDemand(owner, QStringLiteral("SKU000002"), QStringLiteral("ST1"), constantDemand(6));
        callJson(owner, "SELECT agent_demand_statistics()");
        callJson(owner, "SELECT agent_stock_check()");
        QCOMPARE(scalar(owner, "SELECT count(*) FROM notifications WHERE kind = 'low_stock'"), 2);
        QTest::qWait(500);
        QCOMPARE(center.unreadCount(), 0);
        QCOMPARE(center.arrived().size(), 1);
        stream.stop();
        pool.close();
    }
};

QTEST_MAIN(TestAgentPages)
#include "tst_agentpages.moc"
