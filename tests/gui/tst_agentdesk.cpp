// The agent in the real main window, signed in as a manager: the Inbox, Jobs and Event log
// entries are in the side list, the Inbox entry carries the count of new alerts, and a transfer
// modified and approved in the Inbox lands on the Stock page (the source's cell and the
// destination's incoming figure change through the event stream).

#include "../agent/agentfixture.h"
#include "agentpages.h"
#include "approvals/agentjobs.h"
#include "db/eventstream.h"
#include "deadlettersdialog.h"
#include "deadlettersmodel.h"
#include "eventlogmodel.h"
#include "eventlogpage.h"
#include "inboxmodel.h"
#include "inboxpage.h"
#include "jobspage.h"
#include "mainwindow.h"
#include "notificationcenter.h"
#include "scheduler/scheduler.h"
#include "staff/session.h"
#include "stockdetailmodel.h"
#include "stockpage.h"
#include "stocktablemodel.h"
#include "suggestiondialogs.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace sp::test;
using sp::models::EventLogModel;
using sp::models::StockDetailModel;
using sp::models::StockTableModel;
using sp::staff::Session;
using sp::views::AgentPages;
using sp::views::MainWindow;

namespace {

QString sideTitle(MainWindow* window, const QString& id)
{
    auto* list = window->findChild<QListWidget*>(QStringLiteral("pageList"));
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == id)
            return list->item(i)->text();
    }
    return {};
}

} // namespace

class TestAgentDesk : public QObject
{
    Q_OBJECT

private slots:
    // Agent > Dead Webhook Deliveries is an admin's: it opens the list; a manager has no entry.
    void deadLettersAreInTheAgentMenuForAdmins()
    {
        TestDatabase db;
        for (const char* role : {"admin", "manager"}) {
            const QString name = QString::fromLatin1(role);
            auto session = std::make_unique<Session>(name == QLatin1String("admin") ? db.admin()
                                                                                    : db.manager(),
                                                     name, QStringLiteral("test"));
            auto window = std::make_unique<MainWindow>(session.get());
            auto* agent = new AgentPages(window.get(), session.get(), nullptr);
            QSignalSpy started(session.get(), &Session::started);
            session->start();
            QVERIFY(started.wait(5000));
            auto* action = window->findChild<QAction*>(QStringLiteral("actionDeadLetters"));
            if (name == QLatin1String("manager")) {
                QVERIFY(!action);
                continue;
            }
            QVERIFY(action);
            action->trigger();
            QVERIFY(agent->deadLettersDialog());
            QVERIFY(agent->deadLettersDialog()->isVisible());
            QSignalSpy loaded(agent->deadLettersDialog()->model(),
                              &sp::models::DeadLettersModel::loaded);
            QVERIFY(loaded.wait(5000));
            // A second trigger brings the same list to the front.
            const auto* first = agent->deadLettersDialog();
            action->trigger();
            QCOMPARE(agent->deadLettersDialog(), first);
        }
    }

    void approvedTransferLandsOnTheStockPage()
    {
        TestDatabase db;
        {
            sp::db::Connection owner(db.owner());
            loadTinyCatalog(owner);
            // ST1 sells 6/day of SKU000001 with 10 on hand; WH1 holds 100 and sells nothing.
            setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
            callJson(owner, "SELECT agent_demand_statistics()");
        }
        auto session = std::make_unique<Session>(db.manager(), QStringLiteral("manager"),
                                                 QStringLiteral("test"));
        auto window = std::make_unique<MainWindow>(session.get());
        sp::scheduler::Scheduler scheduler(session->database(), QStringLiteral("desk"));
        sp::approvals::registerAgentJobs(scheduler);
        auto* agent = new AgentPages(window.get(), session.get(), &scheduler);
        QObject::connect(session.get(), &Session::started, window.get(), [&] {
            window->stockPage()->load();
            agent->load();
        });
        window->show();
        QApplication::setActiveWindow(window.get());
        QSignalSpy started(session.get(), &Session::started);
        session->start();
        QVERIFY(started.wait(5000));
        QVERIFY(QTest::qWaitForWindowActive(window.get()));

        // Every agent page is in the side list.
        QCOMPARE(sideTitle(window.get(), QStringLiteral("jobs")), QStringLiteral("Jobs"));
        QCOMPARE(sideTitle(window.get(), QStringLiteral("events")), QStringLiteral("Event log"));
        QCOMPARE(sideTitle(window.get(), QStringLiteral("inbox")), QStringLiteral("Inbox"));
        StockTableModel* stock = window->stockPage()->tableModel();
        QTRY_VERIFY_WITH_TIMEOUT(stock->rowForSku(QStringLiteral("SKU000001")) >= 0, 5000);
        auto shown = [stock](const char* location) {
            const int row = stock->rowForSku(QStringLiteral("SKU000001"));
            const int column = stock->locationColumn(QString::fromLatin1(location));
            return stock->index(row, column).data(StockTableModel::SortValueRole).toInt();
        };
        QCOMPARE(shown("WH1"), 100);

        // The redistribution job, run from the Jobs page, proposes a transfer WH1 -> ST1 and
        // raises a low-stock alert: the Inbox entry shows it while the Stock page is open.
        QVERIFY(window->showPage(QStringLiteral("jobs")));
        QTRY_VERIFY_WITH_TIMEOUT(agent->jobs()->selectJob(QStringLiteral("redistribution")), 5000);
        QSignalSpy ran(agent->jobs(), &sp::views::JobsPage::runFinished);
        QTest::mouseClick(agent->jobs()->runNowButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 1, 5000);
        QVERIFY(window->showPage(QStringLiteral("stock")));
        sp::views::InboxPage* inbox = agent->inbox();
        QTRY_COMPARE_WITH_TIMEOUT(inbox->model()->rowCount(), 1, 5000);
        QCOMPARE(inbox->model()->index(0, sp::models::InboxModel::KindColumn).data().toString(),
                 QStringLiteral("Transfer"));
        QCOMPARE(inbox->model()->index(0, sp::models::InboxModel::ProposalColumn).data().toString(),
                 QStringLiteral("Transfer 92 from WH1"));
        QTRY_COMPARE_WITH_TIMEOUT(agent->notifications()->unreadCount(), 1, 5000);
        QCOMPARE(sideTitle(window.get(), QStringLiteral("inbox")), QStringLiteral("Inbox (1)"));

        // Opening the Inbox clears the badge.
        QVERIFY(window->showPage(QStringLiteral("inbox")));
        QTRY_COMPARE_WITH_TIMEOUT(sideTitle(window.get(), QStringLiteral("inbox")),
                                  QStringLiteral("Inbox"), 5000);

        // Modify: 40 instead of 92, then approve.
        const qint64 id =
            inbox->model()->index(0, 0).data(sp::models::InboxModel::IdRole).toLongLong();
        QVERIFY(inbox->selectId(id));
        inbox->table()->setFocus();
        QTest::keyClick(inbox->table(), Qt::Key_M);
        QTRY_VERIFY(inbox->modifyDialog() && inbox->modifyDialog()->isVisible());
        QCOMPARE(QApplication::activeModalWidget(), inbox->modifyDialog());
        inbox->modifyDialog()->quantityEdit()->setValue(40);
        QSignalSpy decided(inbox, &sp::views::InboxPage::decided);
        QTest::mouseClick(inbox->modifyDialog()->buttons()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("executed"));
        QTRY_COMPARE_WITH_TIMEOUT(inbox->model()->rowCount(), 0, 5000);

        // The Stock page: WH1's cell drops by 40, and ST1 expects 40 incoming.
        QVERIFY(window->showPage(QStringLiteral("stock")));
        QTRY_COMPARE_WITH_TIMEOUT(shown("WH1"), 60, 5000);
        QTableView* table = window->stockPage()->tableView();
        const QModelIndex cell = stock->index(stock->rowForSku(QStringLiteral("SKU000001")), 0);
        table->setCurrentIndex(cell);
        StockDetailModel* detail = window->stockPage()->detailModel();
        auto figure = [detail](const char* location, int column) {
            for (int row = 0; row < detail->rowCount(); ++row) {
                const QModelIndex index = detail->index(row, column);
                if (index.data(StockDetailModel::LocationCodeRole).toString() ==
                    QLatin1String(location))
                    return index.data(StockDetailModel::SortValueRole).toInt();
            }
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(figure("ST1", StockDetailModel::IncomingColumn), 40, 5000);
        QCOMPARE(figure("WH1", StockDetailModel::OnHandColumn), 60);

        // The event log, filtered to executions, has this one.
        QVERIFY(window->showPage(QStringLiteral("events")));
        sp::views::EventLogPage* events = agent->events();
        events->typeFilter()->setCurrentIndex(
            events->typeFilter()->findData(QStringLiteral("ActionExecuted")));
        QTRY_COMPARE_WITH_TIMEOUT(events->model()->rowCount(), 1, 5000);
        QCOMPARE(events->model()->index(0, EventLogModel::SkuColumn).data().toString(),
                 QStringLiteral("SKU000001"));

        scheduler.stop();
        window.reset();
        session->shutdown();
    }
};

QTEST_MAIN(TestAgentDesk)
#include "tst_agentdesk.moc"
