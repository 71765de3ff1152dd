// The Purchase Orders page on a real database, offscreen: an order made by an approved restock
// appears live with its lines; a clerk receives part of it through the dialog (an over-delivery
// only when accepted) and cannot close it (the button says who may); a manager closes it with a
// reason; its document is saved as CSV and as a PDF.

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "purchaseorderdocument.h"
#include "purchaseordersmodel.h"
#include "purchaseorderspage.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using sp::db::Connection;
using sp::db::Database;
using sp::db::EventStream;
using sp::models::PurchaseOrdersModel;
using sp::views::PurchaseOrdersPage;

namespace {

// 10 × SKU000001 and 6 × SKU000002 from Nordtex to ST1.
qint64 createOrder(Connection& owner)
{
    return owner
        .exec("SELECT (sp_purchase_order_create('Nordtex', l.id, jsonb_build_array("
              "jsonb_build_object('product_id', p1.id, 'quantity', 10),"
              "jsonb_build_object('product_id', p2.id, 'quantity', 6)), NULL)"
              " ->> 'purchase_order_id')::bigint"
              " FROM locations l, products p1, products p2 WHERE l.code = 'ST1'"
              " AND p1.sku = 'SKU000001' AND p2.sku = 'SKU000002'")
        .toLongLong(0, 0);
}

int figure(Connection& c, const char* column, const char* sku)
{
    return c
        .exec(QByteArray("SELECT s.") + column +
                  " FROM stock_levels s JOIN products p ON p.id = s.product_id"
                  " JOIN locations l ON l.id = s.location_id"
                  " WHERE p.sku = $1 AND l.code = 'ST1'",
              {QString::fromLatin1(sku)})
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

} // namespace

class TestPurchaseOrdersPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<sp::test::TestDatabase>();
        m_owner = std::make_unique<Connection>(m_db->owner());
        sp::test::loadTinyCatalog(*m_owner);
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

    void clerkReceivesInPartsLive()
    {
        openPage(m_db->clerk(), QStringLiteral("clerk"));
        QCOMPARE(m_page->model()->rowCount(), 0);
        const qint64 id = createOrder(*m_owner);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 1, 2000);
        QTRY_COMPARE(m_page->selectedOrderId(), id);
        QCOMPARE(m_page->model()->index(0, PurchaseOrdersModel::SupplierColumn).data().toString(),
                 u"Nordtex");
        QCOMPARE(m_page->model()->index(0, PurchaseOrdersModel::StatusColumn).data().toString(),
                 u"open");
        QCOMPARE(m_page->model()->index(0, PurchaseOrdersModel::ReceivedColumn).data().toString(),
                 u"0 of 16");
        QCOMPARE(m_page->linesView()->topLevelItemCount(), 2);
        QCOMPARE(m_page->linesView()->topLevelItem(0)->text(5), u"10");

        // Clerks may not close: the button is disabled and says who may.
        auto* close = m_page->findChild<QPushButton*>(QStringLiteral("closePurchaseOrder"));
        QVERIFY(!close->isEnabled());
        QCOMPARE(close->toolTip(), u"Managers may close a purchase order.");

        // Four of the first line and none of the second.
        QDialog* dialog = openReceive();
        QVERIFY(dialog);
        auto* first = dialog->findChild<QSpinBox*>(QStringLiteral("receiveLine1"));
        auto* second = dialog->findChild<QSpinBox*>(QStringLiteral("receiveLine2"));
        QCOMPARE(first->value(), 10);
        QCOMPARE(first->maximum(), 10);
        first->setValue(4);
        second->setValue(0);
        dialog->findChild<QLineEdit*>(QStringLiteral("receiveNote"))
            ->setText(QStringLiteral("DN-881"));
        QSignalSpy finished(m_page.get(), &PurchaseOrdersPage::actionFinished);
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(figure(*m_owner, "on_hand", "SKU000001"), 14);
        QCOMPARE(figure(*m_owner, "incoming", "SKU000001"), 6);
        QCOMPARE(m_owner->exec("SELECT note FROM purchase_order_receipts").text(0, 0), u"DN-881");
        QTRY_COMPARE_WITH_TIMEOUT(
            m_page->model()->index(0, PurchaseOrdersModel::StatusColumn).data().toString(),
            u"partly received", 2000);
        QTRY_COMPARE(m_page->linesView()->topLevelItem(0)->text(5), u"6");

        // Eight of the first line: more than expected only once accepted, recorded as over.
        dialog = openReceive();
        first = dialog->findChild<QSpinBox*>(QStringLiteral("receiveLine1"));
        QCOMPARE(first->maximum(), 6);
        dialog->findChild<QCheckBox*>(QStringLiteral("acceptOver"))->setChecked(true);
        first->setValue(8);
        QCOMPARE(first->value(), 8);
        dialog->findChild<QSpinBox*>(QStringLiteral("receiveLine2"))->setValue(6);
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(figure(*m_owner, "on_hand", "SKU000001"), 22);
        QCOMPARE(figure(*m_owner, "incoming", "SKU000001"), 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_page->model()->index(0, PurchaseOrdersModel::StatusColumn).data().toString(),
            u"received", 2000);
        QTRY_COMPARE(m_page->linesView()->topLevelItem(0)->text(6), u"2");
        QVERIFY(
            !m_page->findChild<QPushButton*>(QStringLiteral("receivePurchaseOrder"))->isEnabled());
        QCOMPARE(m_owner->exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

    void managerClosesAndSavesTheDocument()
    {
        const qint64 id = createOrder(*m_owner);
        openPage(m_db->manager(), QStringLiteral("manager"));
        QTRY_COMPARE(m_page->selectedOrderId(), id);
        auto* close = m_page->findChild<QPushButton*>(QStringLiteral("closePurchaseOrder"));
        QVERIFY(close->isEnabled());

        QTemporaryDir dir;
        const QString csvPath = dir.filePath(QStringLiteral("po.csv"));
        m_page->saveCsv(csvPath);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().split('\n');
        QCOMPARE(rows.value(0).trimmed(),
                 "purchase_order,supplier,deliver_to,line,sku,name,quantity,unit_cost,amount");
        QCOMPARE(rows.value(1).trimmed(), QByteArray::number(id) +
                                              ",Nordtex,ST1,1,SKU000001,Linen Shirt Blue M,10,"
                                              "15.00,150.00");
        const QString pdfPath = dir.filePath(QStringLiteral("po.pdf"));
        m_page->savePdf(pdfPath);
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.size() > 1000);
        QVERIFY(sp::views::PurchaseOrderDocument::html(*m_page->model()->orderAt(0))
                    .contains(QLatin1String("Linen Shirt Blue M")));

        QTest::mouseClick(close, Qt::LeftButton);
        QTRY_VERIFY(activeDialog());
        QDialog* dialog = activeDialog();
        dialog->findChild<QLineEdit*>()->setText(QStringLiteral("supplier discontinued the line"));
        QSignalSpy finished(m_page.get(), &PurchaseOrdersPage::actionFinished);
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(figure(*m_owner, "incoming", "SKU000001"), 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_page->model()->index(0, PurchaseOrdersModel::StatusColumn).data().toString(),
            u"closed", 2000);
        QVERIFY(!close->isEnabled());
    }

private:
    void openPage(const sp::db::ConnectionSettings& as, const QString& role)
    {
        m_pool = std::make_unique<Database>(as, 2);
        m_stream = std::make_unique<EventStream>(as);
        QSignalSpy started(m_stream.get(), &EventStream::started);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        m_page = std::make_unique<PurchaseOrdersPage>(m_pool.get(), role);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_stream.get(), &EventStream::eventsReceived, m_page.get(),
                &PurchaseOrdersPage::applyEvents);
        m_page->resize(1000, 700);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->model()->isLoading());
    }

    QDialog* openReceive()
    {
        auto* button = m_page->findChild<QPushButton*>(QStringLiteral("receivePurchaseOrder"));
        if (!button->isEnabled())
            return nullptr;
        QTest::mouseClick(button, Qt::LeftButton);
        if (!QTest::qWaitFor([] { return activeDialog() != nullptr; }, 2000))
            return nullptr;
        return activeDialog();
    }

    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<PurchaseOrdersPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestPurchaseOrdersPage)
#include "tst_purchaseorderspage.moc"
