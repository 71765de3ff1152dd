// Staff requests in the real main window, signed in as a clerk: a free-text request typed into
// Requests > Free-Text Request is previewed (who read it, the optimized proposal and its
// reason), filed, and appears in the Inbox with that reason; approving it there puts the
// transfer in transit (stock leaves the sources, the destination expects it). The forms check
// their input before anything reaches the database.

#include "../agent/agentfixture.h"
#include "agentpages.h"
#include "inboxmodel.h"
#include "inboxpage.h"
#include "mainwindow.h"
#include "requestdialog.h"
#include "requestsmenu.h"
#include "skufield.h"
#include "staff/session.h"
#include "stockdetailmodel.h"
#include "stockpage.h"
#include "stocktablemodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStringListModel>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace sp::test;
using sp::models::InboxModel;
using sp::models::StockDetailModel;
using sp::models::StockTableModel;
using sp::staff::Session;
using sp::views::AgentPages;
using sp::views::MainWindow;
using sp::views::RequestDialog;
using sp::views::RequestsMenu;

class TestRequestsGui : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    AgentPages* m_agent = nullptr;
    RequestsMenu* m_requests = nullptr;

    void startWindow(const sp::db::ConnectionSettings& who, const QString& role)
    {
        m_session = std::make_unique<Session>(who, role, QStringLiteral("test"));
        m_window = std::make_unique<MainWindow>(m_session.get());
        m_agent = new AgentPages(m_window.get(), m_session.get(), nullptr);
        m_requests = new RequestsMenu(m_window.get(), m_session.get());
        QObject::connect(m_session.get(), &Session::started, m_window.get(), [this] {
            m_window->stockPage()->load();
            m_agent->load();
        });
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QSignalSpy started(m_session.get(), &Session::started);
        m_session->start();
        QVERIFY(started.wait(5000));
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    RequestDialog* openFromMenu(const char* actionName)
    {
        auto* action = m_window->findChild<QAction*>(QString::fromLatin1(actionName));
        if (!action)
            return nullptr;
        action->trigger();
        return m_requests->dialog();
    }

private slots:
    void init()
    {
        m_db = std::make_unique<TestDatabase>();
        sp::db::Connection owner(m_db->owner());
        loadTinyCatalog(owner);
    }

    void cleanup()
    {
        m_window.reset();
        if (m_session)
            m_session->shutdown();
        m_session.reset();
        m_db.reset();
    }

    void freeTextRequestToTransitThroughTheInbox()
    {
        startWindow(m_db->clerk(), QStringLiteral("clerk"));
        // The menu sits before Help.
        const QList<QAction*> menus = m_window->menuBar()->actions();
        QCOMPARE(menus.at(menus.size() - 2)->text(), QStringLiteral("Re&quests"));

        RequestDialog* dialog = openFromMenu("actionRequestText");
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), 5000);
        QTest::keyClicks(dialog->textEdit(), QStringLiteral("20 units of SKU000001 to Kreuzberg"));
        QVERIFY(!dialog->fileButton()->isEnabled()); // nothing is filed unseen
        QSignalSpy shown(dialog, &RequestDialog::previewShown);
        QTest::mouseClick(dialog->previewButton(), Qt::LeftButton);
        // The GUI thread is free while the request is read and optimized.
        QVERIFY(dialog->isBusy());
        QVERIFY(shown.wait(5000));
        QCOMPARE(dialog->readerText(), QStringLiteral("the rule-based parser"));
        QCOMPARE(dialog->choiceText(),
                 QStringLiteral("Transfer 20 x SKU000001 to ST2 from ST1 10, WH1 10"));
        const QString reason = dialog->reasonText();
        QVERIFY2(reason.startsWith(QStringLiteral("Transfer 20 x SKU000001 to Store Kreuzberg")),
                 qPrintable(reason));
        QVERIFY(dialog->fileButton()->isEnabled());

        QSignalSpy filed(m_requests, &RequestsMenu::filed);
        QTest::mouseClick(dialog->fileButton(), Qt::LeftButton);
        QVERIFY(filed.wait(5000));
        const auto result = filed.first().first().value<sp::staffrequests::FiledRequest>();
        QCOMPARE(result.suggestionIds.size(), 1);
        const qint64 id = result.suggestionIds.first();
        QCOMPARE(m_window->currentPageId(), QStringLiteral("inbox"));

        // The Inbox shows it live, with the optimizer's reason.
        sp::views::InboxPage* inbox = m_agent->inbox();
        InboxModel* model = inbox->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowForId(id) >= 0, 5000);
        const int row = model->rowForId(id);
        QCOMPARE(model->index(row, 0).data(InboxModel::KindRole).toString(),
                 QStringLiteral("transfer"));
        QCOMPARE(model->index(row, InboxModel::SkuColumn).data().toString(),
                 QStringLiteral("SKU000001"));
        QCOMPARE(model->index(row, InboxModel::LocationColumn).data().toString(),
                 QStringLiteral("ST2"));
        QCOMPARE(model->index(row, 0).data(InboxModel::ReasonRole).toString(), reason);
        QCOMPARE(model->index(row, 0).data(InboxModel::QuantityRole).toInt(), 20);

        // Approve (20 x 15.00 is within a clerk's limit).
        QVERIFY(inbox->selectId(id));
        QSignalSpy decided(inbox, &sp::views::InboxPage::decided);
        inbox->approveAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("executed"));
        QTRY_VERIFY_WITH_TIMEOUT(model->rowForId(id) < 0, 5000);

        // In transit: ST1 and WH1 gave 10 each, Store Kreuzberg expects 20.
        QVERIFY(m_window->showPage(QStringLiteral("stock")));
        StockTableModel* stock = m_window->stockPage()->tableModel();
        QTRY_VERIFY_WITH_TIMEOUT(stock->rowForSku(QStringLiteral("SKU000001")) >= 0, 5000);
        auto shownAt = [stock](const char* location) {
            const int r = stock->rowForSku(QStringLiteral("SKU000001"));
            const int column = stock->locationColumn(QString::fromLatin1(location));
            return stock->index(r, column).data(StockTableModel::SortValueRole).toInt();
        };
        QTRY_COMPARE_WITH_TIMEOUT(shownAt("WH1"), 90, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(shownAt("ST1"), 0, 5000);
        m_window->stockPage()->tableView()->setCurrentIndex(
            stock->index(stock->rowForSku(QStringLiteral("SKU000001")), 0));
        StockDetailModel* detail = m_window->stockPage()->detailModel();
        auto figure = [detail](const char* location, int column) {
            for (int r = 0; r < detail->rowCount(); ++r) {
                const QModelIndex index = detail->index(r, column);
                if (index.data(StockDetailModel::LocationCodeRole).toString() ==
                    QLatin1String(location))
                    return index.data(StockDetailModel::SortValueRole).toInt();
            }
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(figure("ST2", StockDetailModel::IncomingColumn), 20, 5000);
        QCOMPARE(figure("WH1", StockDetailModel::OnHandColumn), 90);
    }

    void formsCheckTheirInput_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("sku");
        QTest::addColumn<int>("quantity");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("error");
        QTest::newRow("transfer without SKU")
            << "actionRequestTransfer" << QString() << 5 << QString() << "Enter a SKU.";
        QTest::newRow("adjustment without reason")
            << "actionRequestAdjustment"
            << "SKU000001" << 3 << QString() << "Enter the reason for the adjustment.";
        QTest::newRow("restock of an unknown SKU")
            << "actionRequestRestock"
            << "NOPE42" << 6 << QString() << "Unknown SKU \"NOPE42\".";
    }

    void formsCheckTheirInput()
    {
        QFETCH(QString, action);
        QFETCH(QString, sku);
        QFETCH(int, quantity);
        QFETCH(QString, reason);
        QFETCH(QString, error);
        startWindow(m_db->clerk(), QStringLiteral("clerk"));
        RequestDialog* dialog = openFromMenu(action.toLatin1().constData());
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), 5000);
        dialog->setSku(sku);
        dialog->setQuantity(quantity);
        QSignalSpy shown(dialog, &RequestDialog::previewShown);
        QTest::mouseClick(dialog->previewButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->errorMessage(), error, 5000);
        QVERIFY(!dialog->fileButton()->isEnabled());
        sp::db::Connection owner(m_db->owner());
        QCOMPARE(owner.exec("SELECT count(*) FROM suggestions").toInt(0, 0), 0);
    }

    void transferFormShowsTheAlternative()
    {
        startWindow(m_db->clerk(), QStringLiteral("clerk"));
        RequestDialog* dialog = openFromMenu("actionRequestTransfer");
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), 5000);
        dialog->setSku(QStringLiteral("SKU000003"));
        dialog->setLocation(QStringLiteral("ST2"));
        dialog->setQuantity(500); // 110 exist
        QSignalSpy shown(dialog, &RequestDialog::previewShown);
        QTest::mouseClick(dialog->previewButton(), Qt::LeftButton);
        QVERIFY(shown.wait(5000));
        QCOMPARE(dialog->readerText(), QStringLiteral("this form"));
        QCOMPARE(dialog->choiceText(),
                 QStringLiteral("Transfer 110 x SKU000003 to ST2 from ST1 10, WH1 100"));
        QVERIFY(dialog->reasonText().contains(QStringLiteral("Only 110 of 500")));
        auto* alternative = dialog->findChild<QLabel*>(QStringLiteral("alternative"));
        QVERIFY(alternative->isVisible());
        QVERIFY(alternative->text().contains(QStringLiteral("best feasible alternative")));
        QVERIFY(dialog->fileButton()->isEnabled());
        // Changing the input withdraws the preview: what is filed is what was seen.
        dialog->setQuantity(50);
        QVERIFY(!dialog->fileButton()->isEnabled());
        QVERIFY(!alternative->isVisible());
        QVERIFY(dialog->choiceText().isEmpty());
    }

    void adjustmentFormAndSkuCompletion()
    {
        startWindow(m_db->clerk(), QStringLiteral("clerk"));
        RequestDialog* dialog = openFromMenu("actionRequestAdjustment");
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), 5000);
        // Completion from the catalogue, off the GUI thread.
        QTest::keyClicks(dialog->skuEdit(), QStringLiteral("beanie"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->skuCompletions()->stringList(),
                                  QStringList{QStringLiteral("SKU000004")}, 5000);
        dialog->setSku(QStringLiteral("SKU000004"));
        dialog->setLocation(QStringLiteral("ST1"));
        dialog->setQuantity(8);
        auto* reason = dialog->findChild<QComboBox*>(QStringLiteral("reason"));
        reason->setCurrentText(QStringLiteral("two found damaged"));
        QSignalSpy shown(dialog, &RequestDialog::previewShown);
        QTest::mouseClick(dialog->previewButton(), Qt::LeftButton);
        QVERIFY(shown.wait(5000));
        QCOMPARE(dialog->readerText(), QStringLiteral("this form"));
        QCOMPARE(dialog->choiceText(),
                 QStringLiteral("Set the count of SKU000004 at ST1 to 8 (-2)"));
        QSignalSpy filed(m_requests, &RequestsMenu::filed);
        QTest::mouseClick(dialog->fileButton(), Qt::LeftButton);
        QVERIFY(filed.wait(5000));
        sp::db::Connection owner(m_db->owner());
        const auto row = owner.exec("SELECT kind, quantity, proposal ->> 'reason', requested_by "
                                    "FROM suggestions");
        QCOMPARE(row.rows(), 1);
        QCOMPARE(row.text(0, 0), QStringLiteral("adjustment"));
        QCOMPARE(row.toInt(0, 1), 8);
        QCOMPARE(row.text(0, 2), QStringLiteral("two found damaged"));
        QCOMPARE(row.text(0, 3), QStringLiteral("clerk"));
    }
};

QTEST_MAIN(TestRequestsGui)
#include "tst_requestsgui.moc"
