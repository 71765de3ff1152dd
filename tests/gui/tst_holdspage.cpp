// The Holds page on a real database, offscreen: a hold made through the SQL functions appears
// within a second through the event stream, its countdown runs (only the TTL column changes),
// the filter finds it by SKU or cart, Extend adds time, Release asks for a reason (refused
// without one), gives the units back and says in words when the database refuses.

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "holdsmodel.h"
#include "holdspage.h"
#include "testdatabase.h"

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
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include <memory>

using sp::db::Connection;
using sp::db::Database;
using sp::db::EventStream;
using sp::models::HoldsModel;
using sp::views::HoldsPage;

namespace {

const QString TokenHash = QString(64, QLatin1Char('b'));

QJsonObject json(const sp::db::Result& r)
{
    return QJsonDocument::fromJson(r.bytes(0, 0)).object();
}

// A partner hold, made the way the endpoint makes it.
QString partnerHold(Connection& c, const char* sku, const char* location, int quantity,
                    int ttl = 300)
{
    static int key = 0;
    const QJsonObject r =
        json(c.exec("SELECT answer FROM api_hold_create_group('{key:1}', ARRAY[$1::text], "
                    "'{fp}', ARRAY[$2::text], ARRAY[$3::text], ARRAY[$4::int], ARRAY[$5::int])",
                    {QStringLiteral("k%1").arg(++key), sku, location, quantity, ttl}));
    return r[u"body"].toObject()[u"hold_id"].toString();
}

int reserved(Connection& c, const char* sku, const char* location)
{
    return c
        .exec("SELECT s.reserved FROM stock_levels s JOIN products p ON p.id = s.product_id"
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

class TestHoldsPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
        m_pool = std::make_unique<Database>(m_db->clerk(), 2);
        m_stream = std::make_unique<EventStream>(m_db->clerk());
        QSignalSpy started(m_stream.get(), &EventStream::started);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        m_page = std::make_unique<HoldsPage>(m_pool.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_stream.get(), &EventStream::eventsReceived, m_page.get(),
                &HoldsPage::applyEvents);
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

    void holdAppearsLiveWithCountdown()
    {
        HoldsModel* model = m_page->model();
        QCOMPARE(model->rowCount(), 0);
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(model, &QAbstractItemModel::dataChanged);

        QElapsedTimer clock;
        clock.start();
        const QString id = partnerHold(*m_owner, "SKU000005", "WH1", 2, 300);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        qInfo("hold on the page %lld ms after its commit", clock.elapsed());

        // What a person sees, through the view's sorted model.
        QAbstractItemModel* shown = m_page->view()->model();
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, HoldsModel::SkuColumn).data().toString(), u"SKU000005");
        QCOMPARE(shown->index(0, HoldsModel::LocationColumn).data().toString(), u"WH1");
        QCOMPARE(shown->index(0, HoldsModel::QuantityColumn).data().toInt(), 2);
        QCOMPARE(shown->index(0, HoldsModel::CartColumn).data().toString(), u"(partner key:1)");
        const QString first = shown->index(0, HoldsModel::ExpiresInColumn).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^0[45]:[0-5][0-9]$")).match(first).hasMatch(),
                 qPrintable(first));
        QVERIFY(!shown->index(0, HoldsModel::CreatedColumn).data().toString().isEmpty());
        QCOMPARE(shown->index(0, 0).data(HoldsModel::HoldIdRole).toString(), id);

        // The countdown goes down by itself, changing only the TTL column, never resetting.
        const int secondsBefore = model->index(0, 0).data(HoldsModel::SecondsLeftRole).toInt();
        QVERIFY(secondsBefore > 290 && secondsBefore <= 300);
        changes.clear();
        QTRY_VERIFY_WITH_TIMEOUT(
            model->index(0, 0).data(HoldsModel::SecondsLeftRole).toInt() < secondsBefore, 2500);
        QTRY_VERIFY_WITH_TIMEOUT(
            shown->index(0, HoldsModel::ExpiresInColumn).data().toString() != first, 2500);
        // The figures are computed when read, so they can move before the model's once-a-second
        // tick tells the view; that signal must still come.
        QTRY_VERIFY_WITH_TIMEOUT(changes.count() >= 1, 2500);
        for (const QList<QVariant>& change : std::as_const(changes)) {
            QCOMPARE(change[0].toModelIndex().column(), int(HoldsModel::ExpiresInColumn));
            QCOMPARE(change[1].toModelIndex().column(), int(HoldsModel::ExpiresInColumn));
        }
        QCOMPARE(resets.count(), 0);
    }

    void shortHoldLeavesWhenItsTimeRunsOut()
    {
        partnerHold(*m_owner, "SKU000004", "WH1", 1, 2);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 1, 1000);
        // Gone from the page once expired, whether or not the sweeper has run yet.
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 0, 4000);
    }

    void filterBySkuOrCart()
    {
        const QString cart = json(m_owner->exec("SELECT api_cart_create($1)", {TokenHash}))[u"body"]
                                 .toObject()[u"cart_id"]
                                 .toString();
        m_owner->exec("SELECT api_cart_set_item($1, $2, 'SKU000002', 3, 'ST1', 300, 50, 20)",
                      {cart, TokenHash});
        partnerHold(*m_owner, "SKU000005", "WH1", 2);
        HoldsModel* model = m_page->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 1000);

        auto* filter = m_page->findChild<QLineEdit*>(QStringLiteral("holdsFilter"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("sku000002"));
        QTRY_COMPARE(model->filterText(), u"sku000002");
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, HoldsModel::SkuColumn).data().toString(), u"SKU000002");
        QCOMPARE(model->index(0, HoldsModel::CartColumn).data().toString(), cart.left(8));

        filter->setText(cart.left(6));
        QTRY_COMPARE(model->filterText(), cart.left(6));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, 0).data(HoldsModel::CartIdRole).toString(), cart);

        filter->setText(QStringLiteral("nothing-like-this"));
        QTRY_COMPARE(model->rowCount(), 0);
        filter->clear();
        QTRY_COMPARE(model->rowCount(), 2);
    }

    void extendAddsTime()
    {
        partnerHold(*m_owner, "SKU000005", "WH1", 2, 60);
        HoldsModel* model = m_page->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        m_page->view()->selectRow(0);
        auto* extend = m_page->findChild<QPushButton*>(QStringLiteral("extendHold"));
        QVERIFY(extend->isEnabled());
        QTest::mouseClick(extend, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        dialog->findChild<QSpinBox*>(QStringLiteral("extendMinutes"))->setValue(10);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reason")),
                         QStringLiteral("customer on the phone"));
        QSignalSpy finished(m_page.get(), &HoldsPage::actionFinished);
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        clickOk(dialog);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(finished[0][0].toBool());
        // 60 s + 10 min, minus the few seconds this took; the row changed in place and stays
        // selected.
        QTRY_VERIFY(model->index(0, 0).data(HoldsModel::SecondsLeftRole).toInt() > 600);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(m_page->view()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(m_owner
                     ->exec("SELECT count(*) FROM events WHERE type = 'HoldExtended'"
                            " AND payload ->> 'reason' = 'customer on the phone'")
                     .toInt(0, 0),
                 1);
    }

    void releaseNeedsReasonAndReturnsStock()
    {
        const QString id = partnerHold(*m_owner, "SKU000003", "ST1", 4);
        QCOMPARE(reserved(*m_owner, "SKU000003", "ST1"), 4);
        HoldsModel* model = m_page->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        auto* release = m_page->findChild<QPushButton*>(QStringLiteral("releaseHold"));
        QVERIFY(!release->isEnabled()); // nothing selected
        m_page->view()->selectRow(0);
        QVERIFY(release->isEnabled());

        // Without a reason the dialog refuses and stays open; nothing changes.
        QTimer::singleShot(0, this, [] {
            if (QDialog* dialog = activeDialog())
                clickOk(dialog);
        });
        QTest::mouseClick(release, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        auto* error = dialog->findChild<QLabel*>(QStringLiteral("reasonError"));
        QTRY_VERIFY(error->isVisible());
        QVERIFY(error->text().contains(u"reason is required"));
        QVERIFY(dialog->isVisible());
        QTest::qWait(100);
        QCOMPARE(reserved(*m_owner, "SKU000003", "ST1"), 4);
        QCOMPARE(model->rowCount(), 1);

        // With one, the hold ends and its units are available again.
        QSignalSpy finished(m_page.get(), &HoldsPage::actionFinished);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reason")),
                         QStringLiteral("customer cancelled by phone"));
        clickOk(dialog);
        QTRY_VERIFY(!activeDialog());
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 1000);
        QCOMPARE(reserved(*m_owner, "SKU000003", "ST1"), 0);
        const sp::db::Result r =
            m_owner->exec("SELECT status, end_reason, ended_by FROM holds WHERE id = $1", {id});
        QCOMPARE(r.text(0, 0), u"released");
        QCOMPARE(r.text(0, 1), u"customer cancelled by phone");
        QCOMPARE(r.text(0, 2), u"clerk");
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void refusalShownInWords()
    {
        const QString id = partnerHold(*m_owner, "SKU000001", "WH1", 1);
        HoldsModel* model = m_page->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        // Someone else releases it; the stream is stopped so the page still shows it.
        m_stream->stop();
        m_owner->exec("SELECT staff_hold_release($1, 'done at the counter')", {id});
        m_page->view()->selectRow(0);
        QSignalSpy finished(m_page.get(), &HoldsPage::actionFinished);
        m_page->releaseSelected();
        QTRY_VERIFY(activeDialog());
        QTest::keyClicks(activeDialog()->findChild<QLineEdit*>(QStringLiteral("reason")),
                         QStringLiteral("duplicate"));
        clickOk(activeDialog());
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!finished[0][0].toBool());
        QTRY_VERIFY(messageBoxText().contains(u"is not active any more"));
        QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("holdsStatus"))
                    ->text()
                    .contains(u"is not active any more"));
    }

private:
    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<HoldsPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestHoldsPage)
#include "tst_holdspage.moc"
