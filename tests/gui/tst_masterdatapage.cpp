// The Master Data page on a real database, offscreen, each of its three models under
// QAbstractItemModelTester: a manager adds a location and a supplier and sets and clears a
// reorder policy through the dialogs (the dialog checks what it can, the database's refusal is
// shown with the field it names); taking ST1, which holds stock, out of use shows the
// database's refusal; a clerk sees every changing action disabled and why; changes made
// elsewhere (SQL as the owner) appear live; the policies are searched in SQL, also by a scanned
// barcode; each tab imports only its own kind of file and exports it.

#include "db/database.h"
#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "masterdatamodels.h"
#include "masterdatapage.h"
#include "skufield.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using sp::db::Connection;
using sp::db::Database;
using sp::db::EventStream;
using sp::models::LocationsModel;
using sp::models::ReorderPoliciesModel;
using sp::models::SuppliersModel;
using sp::views::MasterDataPage;

namespace {

QDialog* activeDialog()
{
    return qobject_cast<QDialog*>(QApplication::activeModalWidget());
}

// The message boxes a refusal or a file transfer leaves open (they would block the clicks).
void closeBoxes()
{
    while (QWidget* w = QApplication::activeModalWidget())
        delete w;
}

void clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

QString dialogError(QDialog* dialog)
{
    auto* error = dialog->findChild<QLabel*>(QStringLiteral("error"));
    return error && error->isVisible() ? error->text() : QString();
}

template<typename T>
T* field(QDialog* dialog, const char* name)
{
    T* w = dialog->findChild<T*>(QLatin1String(name));
    if (!w)
        qFatal("the dialog has no field %s", name);
    return w;
}

void type(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

void chooseData(QComboBox* combo, const QString& data)
{
    const int i = combo->findData(data);
    QVERIFY2(i >= 0, qPrintable(data));
    combo->setCurrentIndex(i);
}

int count(Connection& c, const char* sql)
{
    return c.exec(sql).toInt(0, 0);
}

bool write(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

} // namespace

class TestMasterDataPage : public QObject
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
        closeBoxes();
        m_testers.clear();
        m_page.reset();
        m_stream.reset();
        m_pool.reset();
        m_owner.reset();
        m_db.reset();
    }

    void managerAddsThroughTheDialogs()
    {
        openPage(m_db->manager(), QStringLiteral("manager"));
        QCOMPARE(m_page->locationsModel()->rowCount(), 5);
        QSignalSpy finished(m_page.get(), &MasterDataPage::actionFinished);

        // A location: the dialog checks the code, the database takes the rest.
        click("addLocation");
        QDialog* dialog = activeDialog();
        QVERIFY(dialog);
        type(field<QLineEdit>(dialog, "locationCode"), QStringLiteral("ST 3"));
        type(field<QLineEdit>(dialog, "locationName"), QStringLiteral("Store Prenzlauer Berg"));
        chooseData(field<QComboBox>(dialog, "locationKind"), QStringLiteral("store"));
        field<QDoubleSpinBox>(dialog, "latitude")->setValue(52.539);
        field<QDoubleSpinBox>(dialog, "longitude")->setValue(13.424);
        clickOk(dialog);
        QVERIFY2(dialogError(dialog).contains(QLatin1String("1 to 32 letters")),
                 qPrintable(dialogError(dialog)));
        type(field<QLineEdit>(dialog, "locationCode"), QStringLiteral("ST3"));
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(m_owner
                     ->exec("SELECT name || '|' || kind || '|' || latitude || '|' || active"
                            " FROM locations WHERE code = 'ST3'")
                     .text(0, 0),
                 QStringLiteral("Store Prenzlauer Berg|store|52.539|true"));
        // Like every location it carries every product, with nothing there yet.
        QCOMPARE(count(*m_owner, "SELECT count(*) FROM stock_levels s JOIN locations l"
                                 " ON l.id = s.location_id WHERE l.code = 'ST3'"),
                 5);
        QTRY_COMPARE(m_page->selectedLocationCode(), QStringLiteral("ST3"));
        const int st3 = m_page->locationsModel()->rowOfCode(QStringLiteral("ST3"));
        QCOMPARE(
            m_page->locationsModel()->index(st3, LocationsModel::InUseColumn).data().toString(),
            u"yes");

        // Out of use and back: nothing is left there, so the database lets it go.
        click("deactivateLocation");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QTRY_COMPARE(
            m_page->locationsModel()->index(st3, LocationsModel::InUseColumn).data().toString(),
            u"no");
        QVERIFY(!button("deactivateLocation")->isEnabled());
        click("activateLocation");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 5000);
        QTRY_COMPARE(
            m_page->locationsModel()->index(st3, LocationsModel::InUseColumn).data().toString(),
            u"yes");

        // A supplier: an address the database refuses is shown with the field it names.
        m_page->tabs()->setCurrentIndex(1);
        click("addSupplier");
        dialog = activeDialog();
        QVERIFY(dialog);
        type(field<QLineEdit>(dialog, "supplierName"), QStringLiteral("Lindqvist"));
        field<QSpinBox>(dialog, "leadTime")->setValue(21);
        type(field<QLineEdit>(dialog, "email"), QStringLiteral("orders@lindqvist"));
        field<QDoubleSpinBox>(dialog, "minimumOrder")->setValue(150);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialogError(dialog).isEmpty(), 5000);
        QCOMPARE(dialogError(dialog),
                 QStringLiteral("E-mail: \"orders@lindqvist\" is not an e-mail address."));
        QCOMPARE(count(*m_owner, "SELECT count(*) FROM suppliers WHERE name = 'Lindqvist'"), 0);
        type(field<QLineEdit>(dialog, "email"), QStringLiteral("orders@lindqvist.example"));
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(m_owner
                     ->exec("SELECT lead_time_days || '|' || email || '|' || minimum_order"
                            " FROM suppliers WHERE name = 'Lindqvist'")
                     .text(0, 0),
                 QStringLiteral("21|orders@lindqvist.example|150.00"));
        QTRY_COMPARE(m_page->selectedSupplierName(), QStringLiteral("Lindqvist"));
        const int lindqvist = m_page->suppliersModel()->rowOfName(QStringLiteral("Lindqvist"));
        QCOMPARE(m_page->suppliersModel()
                     ->index(lindqvist, SuppliersModel::LeadTimeColumn)
                     .data()
                     .toString(),
                 u"21");
        const int nordtex = m_page->suppliersModel()->rowOfName(QStringLiteral("Nordtex"));
        QCOMPARE(m_page->suppliersModel()
                     ->index(nordtex, SuppliersModel::ProductsColumn)
                     .data()
                     .toString(),
                 u"3");

        // A reorder policy: the dialog wants the maximum above the minimum.
        m_page->tabs()->setCurrentIndex(2);
        QCOMPARE(m_page->policiesModel()->rowCount(), 0);
        click("setPolicy");
        dialog = activeDialog();
        QVERIFY(dialog);
        type(field<QLineEdit>(dialog, "policySku"), QStringLiteral("SKU000001"));
        chooseData(field<QComboBox>(dialog, "policyLocation"), QStringLiteral("ST1"));
        field<QSpinBox>(dialog, "policyMin")->setValue(12);
        field<QSpinBox>(dialog, "policyMax")->setValue(12);
        clickOk(dialog);
        QCOMPARE(dialogError(dialog),
                 QStringLiteral("The maximum (12) must be above the minimum (12)."));
        type(field<QLineEdit>(dialog, "policySku"), QStringLiteral("SKU000404"));
        field<QSpinBox>(dialog, "policyMax")->setValue(48);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialogError(dialog).isEmpty(), 5000);
        QCOMPARE(dialogError(dialog), QStringLiteral("SKU: Unknown SKU \"SKU000404\"."));
        type(field<QLineEdit>(dialog, "policySku"), QStringLiteral("SKU000001"));
        clickOk(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 5, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(m_owner
                     ->exec("SELECT r.min_units || '|' || r.max_units || '|' || r.updated_by"
                            " || '|' || s.reorder_point FROM reorder_policies r"
                            " JOIN products p ON p.id = r.product_id"
                            " JOIN locations l ON l.id = r.location_id"
                            " JOIN stock_levels s ON (s.product_id, s.location_id) ="
                            "  (r.product_id, r.location_id)"
                            " WHERE p.sku = 'SKU000001' AND l.code = 'ST1'")
                     .text(0, 0),
                 QStringLiteral("12|48|manager|12"));
        QTRY_COMPARE(m_page->policiesModel()->rowCount(), 1);
        auto* policies = m_page->policiesModel();
        QCOMPARE(policies->index(0, ReorderPoliciesModel::ProductColumn).data().toString(),
                 u"Linen Shirt Blue M");
        QCOMPARE(policies->index(0, ReorderPoliciesModel::ChangedByColumn).data().toString(),
                 u"manager");
        QVERIFY(
            !policies->index(0, ReorderPoliciesModel::ChangedAtColumn).data().toString().isEmpty());

        // Clear: back to the reorder point from demand.
        QVERIFY(m_page->selectPolicy(QStringLiteral("SKU000001"), QStringLiteral("ST1")));
        click("clearPolicy");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 6, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(count(*m_owner, "SELECT count(*) FROM reorder_policies"), 0);
        QTRY_COMPARE(m_page->policiesModel()->rowCount(), 0);
    }

    void takingOutOfUseWhatHoldsStockIsRefused()
    {
        openPage(m_db->manager(), QStringLiteral("manager"));
        QSignalSpy finished(m_page.get(), &MasterDataPage::actionFinished);
        QVERIFY(m_page->selectLocation(QStringLiteral("ST1")));
        QVERIFY(button("deactivateLocation")->isEnabled());
        click("deactivateLocation");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY(!finished.first().at(0).toBool());
        const QString refusal = finished.first().at(1).toString();
        QCOMPARE(refusal,
                 QStringLiteral("Location ST1 cannot be taken out of use: 50 units on hand."));
        QCOMPARE(m_page->findChild<QLabel*>(QStringLiteral("masterDataStatus"))->text(), refusal);
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QCOMPARE(box->text(), refusal);
        QVERIFY(m_owner->exec("SELECT active FROM locations WHERE code = 'ST1'").toBool(0, 0));
        const int st1 = m_page->locationsModel()->rowOfCode(QStringLiteral("ST1"));
        QCOMPARE(
            m_page->locationsModel()->index(st1, LocationsModel::InUseColumn).data().toString(),
            u"yes");
    }

    void clerksReadOnly()
    {
        m_owner->exec("SELECT reorder_policy_set('SKU000004', 'WH1', 20, 60)");
        openPage(m_db->clerk(), QStringLiteral("clerk"));
        QCOMPARE(m_page->locationsModel()->rowCount(), 5);
        QCOMPARE(m_page->suppliersModel()->rowCount(), 2);
        QCOMPARE(m_page->policiesModel()->rowCount(), 1);
        QVERIFY(m_page->selectLocation(QStringLiteral("WH2")));
        QVERIFY(m_page->selectSupplier(QStringLiteral("Capworks")));
        QVERIFY(m_page->selectPolicy(QStringLiteral("SKU000004"), QStringLiteral("WH1")));
        for (const char* name :
             {"addLocation", "editLocation", "deactivateLocation", "activateLocation",
              "addSupplier", "editSupplier", "setPolicy", "clearPolicy", "import_locations",
              "import_suppliers", "import_policies"}) {
            QPushButton* b = button(name);
            QVERIFY2(!b->isEnabled(), name);
            QCOMPARE(b->toolTip(), QStringLiteral("Managers may change master data."));
        }
        for (const char* name : {"export_locations", "export_suppliers", "export_policies"})
            QVERIFY2(button(name)->isEnabled(), name);
        // Nothing happens when asked anyway (the database would refuse too).
        m_page->setLocationActive(false);
        m_page->clearPolicy();
        QVERIFY(!activeDialog());
        QCOMPARE(count(*m_owner, "SELECT count(*) FROM reorder_policies"), 1);
    }

    void changesElsewhereAppearLive()
    {
        openPage(m_db->clerk(), QStringLiteral("clerk"));
        QVERIFY(m_page->selectSupplier(QStringLiteral("Nordtex")));
        m_owner->execScript("SELECT supplier_set('Fjordline', 9, 'orders@fjordline.example', 250);"
                            "SELECT supplier_set('Nordtex', 12, 'orders@nordtex.example', 0);"
                            "SELECT location_set('ST9', 'Store Spandau', 'store', 52.535, 13.200);"
                            "SELECT location_set_active('WH2', false);"
                            "SELECT reorder_policy_set('SKU000002', 'WH1', 10, 40);");
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->suppliersModel()->rowOfName(QStringLiteral("Fjordline")) >= 0, 3000);
        // A changed row is patched where it is: the selection stays on it.
        const int nordtex = m_page->suppliersModel()->rowOfName(QStringLiteral("Nordtex"));
        QTRY_COMPARE(m_page->suppliersModel()
                         ->index(nordtex, SuppliersModel::LeadTimeColumn)
                         .data()
                         .toString(),
                     u"12");
        QCOMPARE(m_page->selectedSupplierName(), QStringLiteral("Nordtex"));
        QTRY_VERIFY_WITH_TIMEOUT(m_page->locationsModel()->rowOfCode(QStringLiteral("ST9")) >= 0,
                                 3000);
        const int wh2 = m_page->locationsModel()->rowOfCode(QStringLiteral("WH2"));
        QTRY_COMPARE(
            m_page->locationsModel()->index(wh2, LocationsModel::InUseColumn).data().toString(),
            u"no");
        QTRY_COMPARE_WITH_TIMEOUT(m_page->policiesModel()->rowCount(), 1, 3000);
        QCOMPARE(
            m_page->policiesModel()->index(0, ReorderPoliciesModel::SkuColumn).data().toString(),
            u"SKU000002");
        m_owner->exec("SELECT reorder_policy_clear('SKU000002', 'WH1')");
        QTRY_COMPARE_WITH_TIMEOUT(m_page->policiesModel()->rowCount(), 0, 3000);
    }

    void policiesSearchedByTextOrScan()
    {
        m_owner->execScript("SELECT reorder_policy_set('SKU000004', 'WH1', 20, 60);"
                            "SELECT reorder_policy_set('SKU000004', 'ST1', 2, 8);"
                            "SELECT reorder_policy_set('SKU000001', 'ST1', 4, 12);"
                            "UPDATE products SET gtin = '4006381333931' WHERE sku = 'SKU000001'");
        openPage(m_db->clerk(), QStringLiteral("clerk"));
        QCOMPARE(m_page->policiesModel()->rowCount(), 3);
        sp::views::SkuField* search = m_page->policySearch();
        QTest::keyClicks(search, QStringLiteral("beanie"));
        QTRY_COMPARE(m_page->policiesModel()->rowCount(), 2);
        QCOMPARE(m_page->policiesModel()->search(), QStringLiteral("beanie"));
        search->selectAll();
        QTest::keyClicks(search, QStringLiteral("4006381333931"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(search->text(), QStringLiteral("SKU000001"));
        QTRY_COMPARE(m_page->policiesModel()->search(), QStringLiteral("SKU000001"));
        QTRY_COMPARE(m_page->policiesModel()->rowCount(), 1);
    }

    void eachTabImportsItsOwnFile()
    {
        openPage(m_db->manager(), QStringLiteral("manager"));
        QTemporaryDir dir;
        sp::test::makeReachableByServer(dir.path());
        QSignalSpy finished(m_page.get(), &MasterDataPage::actionFinished);

        const QString suppliers = dir.filePath(QStringLiteral("suppliers.csv"));
        QVERIFY(write(suppliers, "name,lead_time_days\nHalden,5\n"));
        m_page->importFile(MasterDataPage::Tab::Locations, suppliers);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY(!finished.last().at(0).toBool());
        QVERIFY2(finished.last().at(1).toString().contains(
                     QLatin1String("a file of suppliers, not of locations")),
                 qPrintable(finished.last().at(1).toString()));
        QCOMPARE(count(*m_owner, "SELECT count(*) FROM suppliers WHERE name = 'Halden'"), 0);
        closeBoxes();

        m_page->importFile(MasterDataPage::Tab::Suppliers, suppliers);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QTRY_VERIFY(m_page->suppliersModel()->rowOfName(QStringLiteral("Halden")) >= 0);
        closeBoxes();

        const QString locations = dir.filePath(QStringLiteral("locations.csv"));
        m_page->exportFile(MasterDataPage::Tab::Locations, locations);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 5000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QFile file(locations);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readLine().trimmed(), "code,name,kind,latitude,longitude");
    }

private:
    void openPage(const sp::db::ConnectionSettings& as, const QString& role)
    {
        m_pool = std::make_unique<Database>(as, 2);
        m_stream = std::make_unique<EventStream>(as);
        QSignalSpy started(m_stream.get(), &EventStream::started);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        m_page = std::make_unique<MasterDataPage>(m_pool.get(), role);
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                 m_page->locationsModel(), m_page->suppliersModel(), m_page->policiesModel()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        connect(m_stream.get(), &EventStream::eventsReceived, m_page.get(),
                &MasterDataPage::applyEvents);
        m_page->resize(1000, 700);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->locationsModel()->isLoading() &&
                    !m_page->suppliersModel()->isLoading() &&
                    !m_page->policiesModel()->isLoading());
    }

    QPushButton* button(const char* name) const
    {
        auto* b = m_page->findChild<QPushButton*>(QLatin1String(name));
        if (!b)
            qFatal("no button %s", name);
        return b;
    }

    // Clicks a button of the page's current tab; a dialog it opens is the active modal widget
    // after this.
    void click(const char* name)
    {
        QPushButton* b = button(name);
        QVERIFY2(b->isEnabled(), name);
        QVERIFY2(b->isVisible(), name);
        QTest::mouseClick(b, Qt::LeftButton);
    }

    std::unique_ptr<sp::test::TestDatabase> m_db;
    std::unique_ptr<Connection> m_owner;
    std::unique_ptr<Database> m_pool;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<MasterDataPage> m_page;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

QTEST_MAIN(TestMasterDataPage)
#include "tst_masterdatapage.moc"
