// The Transfers page on a real database, offscreen: the transfers in transit are listed oldest
// first with their age, a new one appears live through the event stream, Receive… records what
// arrived (all by default, or fewer: the rest is lost in transit, as the dialog says before it
// is sent), the received row leaves, and a transfer someone else received first is refused in
// words. In the main window the page is "transfers", fed by the session's own stream.

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "mainwindow.h"
#include "staff/session.h"
#include "testdatabase.h"
#include "transfersmodel.h"
#include "transferspage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include <memory>

using sp::db::Connection;
using sp::db::Database;
using sp::db::EventStream;
using sp::models::TransfersModel;
using sp::views::TransfersPage;

namespace {

qint64 sendTransfer(Connection& c, const char* sku, const char* from, const char* to, int quantity,
                    const char* note = nullptr)
{
    const sp::db::Result r =
        c.exec("SELECT (stock_transfer($1, $2, $3, $4, $5)"
               " ->> 'transfer_id')::bigint",
               {sku, from, to, quantity, note ? sp::db::Param(note) : sp::db::Param()});
    return r.toLongLong(0, 0);
}

int figure(Connection& c, const char* column, const char* sku, const char* location)
{
    return c
        .exec(QByteArray("SELECT s.") + column +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
              {sku, location})
        .toInt(0, 0);
}

QDialog* activeDialog()
{
    return qobject_cast<QDialog*>(QApplication::activeModalWidget());
}

void clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

QString messageBoxText()
{
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    return box ? box->text() : QString();
}

} // namespace

class TestTransfersPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
        // One sent three hours and five minutes ago, one just now.
        m_old = sendTransfer(*m_owner, "SKU000002", "WH1", "ST2", 10, "for the weekend");
        m_owner->exec("UPDATE transfers SET created_at = now() - interval '3 hours 5 minutes'"
                      " WHERE id = $1",
                      {m_old});
        m_new = sendTransfer(*m_owner, "SKU000003", "WH1", "WH2", 4);
        m_pool = std::make_unique<Database>(m_db->clerk(), 2);
        m_stream = std::make_unique<EventStream>(m_db->clerk());
        QSignalSpy started(m_stream.get(), &EventStream::started);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        m_page = std::make_unique<TransfersPage>(m_pool.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_stream.get(), &EventStream::eventsReceived, m_page.get(),
                &TransfersPage::applyEvents);
        m_page->resize(900, 500);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->model()->isLoading());
    }

    void cleanup()
    {
        while (QWidget* w = QApplication::activeModalWidget())
            delete w;
        m_tester.reset();
        m_page.reset();
        m_stream.reset();
        m_pool.reset();
        m_owner.reset();
        m_db.reset();
    }

    void formatsAges_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("just sent") << qint64(20) << "0 min";
        QTest::newRow("minutes") << qint64(59 * 60 + 59) << "59 min";
        QTest::newRow("an hour") << qint64(3600) << "1 h 0 min";
        QTest::newRow("hours") << qint64(3 * 3600 + 5 * 60 + 30) << "3 h 5 min";
        QTest::newRow("days") << qint64(2 * 86400 + 4 * 3600 + 59 * 60) << "2 d 4 h";
        QTest::newRow("clock skew") << qint64(-5) << "0 min";
    }

    void formatsAges()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(TransfersModel::formatAge(seconds), text);
    }

    void listsInTransitOldestFirstWithAge()
    {
        TransfersModel* model = m_page->model();
        QCOMPARE(model->rowCount(), 2);
        // What a person sees, through the view's sorted model: the longest on the way first.
        QAbstractItemModel* shown = m_page->view()->model();
        QCOMPARE(shown->index(0, 0).data(TransfersModel::TransferIdRole).toLongLong(), m_old);
        QCOMPARE(shown->index(0, TransfersModel::SkuColumn).data().toString(), u"SKU000002");
        QCOMPARE(shown->index(0, TransfersModel::FromColumn).data().toString(), u"WH1");
        QCOMPARE(shown->index(0, TransfersModel::ToColumn).data().toString(), u"ST2");
        QCOMPARE(shown->index(0, TransfersModel::QuantityColumn).data().toInt(), 10);
        QCOMPARE(shown->index(0, TransfersModel::AgeColumn).data().toString(), u"3 h 5 min");
        QCOMPARE(shown->index(0, TransfersModel::NoteColumn).data().toString(), u"for the weekend");
        QVERIFY(shown->index(0, 0).data(TransfersModel::AgeSecondsRole).toLongLong() >=
                3 * 3600 + 5 * 60);
        QCOMPARE(shown->index(1, TransfersModel::AgeColumn).data().toString(), u"0 min");
        QCOMPARE(m_page->findChild<QLabel*>(QStringLiteral("transfersCount"))->text(),
                 u"2 transfer(s) in transit");
        QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("receiveTransfer"))->isEnabled());

        // A transfer sent elsewhere shows up without a reload, and the selection stays.
        m_page->view()->selectRow(0);
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        const qint64 id = sendTransfer(*m_owner, "SKU000004", "ST1", "WEB", 2);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 2000);
        QCOMPARE(model->index(model->rowOfTransfer(id), TransfersModel::ToColumn).data().toString(),
                 u"WEB");
        QCOMPARE(resets.count(), 0);
        QCOMPARE(m_page->selectedTransferId(), m_old);
        QTRY_COMPARE(m_page->findChild<QLabel*>(QStringLiteral("transfersCount"))->text(),
                     u"3 transfer(s) in transit");
    }

    void receiveFewerRecordsTheLoss()
    {
        m_page->view()->selectRow(0);
        QCOMPARE(m_page->selectedTransferId(), m_old);
        auto* receive = m_page->findChild<QPushButton*>(QStringLiteral("receiveTransfer"));
        QVERIFY(receive->isEnabled());
        QTest::mouseClick(receive, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        auto* arrived = dialog->findChild<QSpinBox*>(QStringLiteral("receivedQuantity"));
        auto* lost = dialog->findChild<QLabel*>(QStringLiteral("lostInTransit"));
        QCOMPARE(arrived->value(), 10); // all of it, unless told otherwise
        QCOMPARE(arrived->maximum(), 10);
        QCOMPARE(lost->text(), u"Every unit arrived.");
        arrived->selectAll();
        QTest::keyClicks(arrived, QStringLiteral("7"));
        QCOMPARE(arrived->value(), 7);
        QCOMPARE(lost->text(), u"3 unit(s) will be recorded as lost in transit.");
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("receiveNote")),
                         QStringLiteral("3 crushed"));
        QSignalSpy finished(m_page.get(), &TransfersPage::actionFinished);
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));
        QCOMPARE(finished[0][1].toString(),
                 QStringLiteral("Transfer %1 received: 7 of 10 units at ST2; 3 lost in transit.")
                     .arg(m_old));
        // The received transfer leaves the list.
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 1, 2000);
        QCOMPARE(m_page->model()->rowOfTransfer(m_old), -1);

        const sp::db::Result t = m_owner->exec(
            "SELECT received_quantity, lost_quantity, received_by FROM transfers WHERE id = $1",
            {m_old});
        QCOMPARE(t.toInt(0, 0), 7);
        QCOMPARE(t.toInt(0, 1), 3);
        QCOMPARE(t.text(0, 2), u"clerk");
        QCOMPARE(figure(*m_owner, "on_hand", "SKU000002", "ST2"), 7);
        QCOMPARE(figure(*m_owner, "incoming", "SKU000002", "ST2"), 0);
        QCOMPARE(m_owner
                     ->exec("SELECT note FROM stock_movements WHERE reason = 'transfer_lost'"
                            " AND ref_id = $1",
                            {QString::number(m_old)})
                     .text(0, 0),
                 u"3 crushed");
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void receiveInFullByDoubleClick()
    {
        const int row = m_page->model()->rowOfTransfer(m_new);
        QVERIFY(row >= 0);
        QTableView* view = m_page->view();
        const QModelIndex shown =
            static_cast<QAbstractProxyModel*>(view->model())
                ->mapFromSource(m_page->model()->index(row, TransfersModel::SkuColumn));
        view->selectRow(shown.row());
        // Qt 6.4's mouseDClick sends the second press only; the first is a click of its own.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
        QTRY_VERIFY(activeDialog());
        QSignalSpy finished(m_page.get(), &TransfersPage::actionFinished);
        clickOk(activeDialog());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(finished[0][1].toString(),
                 QStringLiteral("Transfer %1 received: SKU000003 × 4 at WH2.").arg(m_new));
        QCOMPARE(figure(*m_owner, "on_hand", "SKU000003", "WH2"), 4);
        QCOMPARE(
            m_owner->exec("SELECT lost_quantity FROM transfers WHERE id = $1", {m_new}).toInt(0, 0),
            0);
    }

    void receivedElsewhereIsRefusedInWords()
    {
        // Someone else receives it first; the stream is stopped so the page still shows it.
        m_stream->stop();
        m_owner->exec("SELECT stock_transfer_receive($1, 'at the door')", {m_old});
        m_page->view()->selectRow(0);
        QCOMPARE(m_page->selectedTransferId(), m_old);
        QSignalSpy finished(m_page.get(), &TransfersPage::actionFinished);
        m_page->receiveSelected();
        QTRY_VERIFY(activeDialog());
        clickOk(activeDialog());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY(!finished[0][0].toBool());
        QTRY_VERIFY(messageBoxText().contains(
            QStringLiteral("Transfer %1 was already received").arg(m_old)));
        QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("transfersStatus"))
                    ->text()
                    .contains(u"(10 of 10 units arrived)"));
        QCOMPARE(figure(*m_owner, "on_hand", "SKU000002", "ST2"), 10);
    }

    // In the signed-in main window: listed as "transfers" and live on the session's stream.
    void liveInTheMainWindow()
    {
        auto session = std::make_unique<sp::staff::Session>(m_db->clerk(), QStringLiteral("clerk"),
                                                            QStringLiteral("test"));
        auto window = std::make_unique<sp::views::MainWindow>(session.get());
        TransfersPage* page = sp::views::addTransfersPage(window.get(), session.get());
        window->show();
        QSignalSpy started(session.get(), &sp::staff::Session::started);
        session->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        QVERIFY(window->showPage(QStringLiteral("transfers")));
        QCOMPARE(window->currentPageId(), u"transfers");
        QVERIFY(page->isVisible());
        QTRY_VERIFY(!page->model()->isLoading());
        QCOMPARE(page->model()->rowCount(), 2);
        m_owner->exec("SELECT stock_transfer_receive($1)", {m_new});
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 1, 2000);
        window.reset();
        session->shutdown();
    }

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<TransfersPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_old = 0;
    qint64 m_new = 0;
};

QTEST_MAIN(TestTransfersPage)
#include "tst_transferspage.moc"
