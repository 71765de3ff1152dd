// The Stock page and the stock dialogs in the real main window, signed in to a real database
// with the tiny catalogue: filters narrow the table in SQL, selecting a SKU fills the detail
// pane and the ledger, a transfer made in the dialog shows up in the table through the event
// stream, refused operations show the database's words and change nothing, and the detail's
// Damage…, Write off… (managers), Quarantine… and Release… act at its selected location. A
// barcode scanned (typed fast, then Enter) into the search or a dialog's SKU field becomes the
// product's SKU; an unknown one is said next to the field.

#include "db/eventstream.h"
#include "db/pgconnection.h"
#include "ledgermodel.h"
#include "mainwindow.h"
#include "skufield.h"
#include "staff/session.h"
#include "stockdetailmodel.h"
#include "stockoperationdialog.h"
#include "stockpage.h"
#include "stocktablemodel.h"
#include "testdatabase.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include <memory>

using sp::models::StockTableModel;
using sp::staff::Session;
using sp::views::MainWindow;
using sp::views::SkuField;
using sp::views::StockOperationDialog;
using sp::views::StockPage;

namespace {

// A signed-in main window on a fresh database with the tiny catalogue.
struct Desk
{
    explicit Desk(const QString& user, const std::function<void(sp::db::Connection&)>& prepare = {})
    {
        sp::db::Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        if (prepare)
            prepare(owner);
        session = std::make_unique<Session>(db.as(user, user), user, QStringLiteral("test"));
        window = std::make_unique<MainWindow>(session.get());
        QObject::connect(session.get(), &Session::started, window.get(),
                         [w = window.get()] { w->stockPage()->load(); });
        window->show();
        session->start();
    }
    ~Desk()
    {
        window.reset();
        session->shutdown();
    }

    StockPage* page() const { return window->stockPage(); }
    StockTableModel* model() const { return page()->tableModel(); }
    QTableView* table() const { return page()->tableView(); }
    template<typename T>
    T* find(const char* name) const
    {
        return window->findChild<T*>(QLatin1String(name));
    }
    // Available units the table shows for a SKU at a location (-1 when not shown).
    int shown(const QString& sku, const QString& location) const
    {
        const int row = model()->rowForSku(sku);
        const int column = model()->locationColumn(location);
        if (row < 0 || column < 0)
            return -1;
        return model()->index(row, column).data(StockTableModel::SortValueRole).toInt();
    }
    void select(const QString& sku, const QString& location = {})
    {
        const int row = model()->rowForSku(sku);
        QVERIFY(row >= 0);
        const int column = location.isEmpty() ? 0 : model()->locationColumn(location);
        QVERIFY(column >= 0);
        const QModelIndex index = model()->index(row, column);
        table()->scrollTo(index);
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, {},
                          table()->visualRect(index).center());
        QCOMPARE(table()->currentIndex(), index);
    }
    QStringList skus() const
    {
        QStringList list;
        for (int r = 0; r < model()->rowCount(); ++r)
            list << model()->index(r, 0).data(StockTableModel::SkuRole).toString();
        return list;
    }
    // A figure of the detail pane for the selected SKU at a location (-1 when not shown).
    int detailFigure(const QString& location, int column) const
    {
        auto* detail = page()->detailModel();
        for (int row = 0; row < detail->rowCount(); ++row) {
            const QModelIndex index = detail->index(row, column);
            if (index.data(sp::models::StockDetailModel::LocationCodeRole).toString() == location)
                return index.data(sp::models::StockDetailModel::SortValueRole).toInt();
        }
        return -1;
    }
    int onHand(const QString& sku, const QString& location)
    {
        return figure("on_hand", sku, location);
    }
    int figure(const char* column, const QString& sku, const QString& location)
    {
        sp::db::Connection owner(db.owner());
        return owner
            .exec(QByteArray("SELECT s.") + column +
                      " FROM stock_levels s JOIN products p ON p.id = s.product_id "
                      "JOIN locations l ON l.id = s.location_id WHERE p.sku = $1 AND l.code = $2",
                  {sku, location})
            .toInt(0, 0);
    }
    // Clicks the row of a location in the per-location figures.
    void selectDetail(const QString& location)
    {
        QTableView* view = page()->detailView();
        auto* detail = page()->detailModel();
        for (int row = 0; row < detail->rowCount(); ++row) {
            const QModelIndex index = detail->index(row, 0);
            if (index.data(sp::models::StockDetailModel::LocationCodeRole).toString() == location) {
                QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                                  view->visualRect(index).center());
                QCOMPARE(page()->detailLocationCode(), location);
                return;
            }
        }
        QFAIL(qPrintable(location));
    }

    sp::test::TestDatabase db;
    std::unique_ptr<Session> session;
    std::unique_ptr<MainWindow> window;
};

void chooseData(QComboBox* combo, const QVariant& data)
{
    const int i = combo->findData(data);
    QVERIFY2(i >= 0, qPrintable(data.toString()));
    combo->setCurrentIndex(i);
}

// The stock dialog the main window just opened (window-modal, so the active modal widget).
StockOperationDialog* openedDialog(MainWindow* window)
{
    if (auto* d = qobject_cast<StockOperationDialog*>(QApplication::activeModalWidget()))
        return d;
    for (auto* d : window->findChildren<StockOperationDialog*>()) {
        if (d->isVisible())
            return d;
    }
    return nullptr;
}

void clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

// What a keyboard-wedge scanner does: the digits, then Enter.
void scan(QWidget* field, const QString& digits)
{
    QTest::keyClicks(field, digits);
    QTest::keyClick(field, Qt::Key_Return);
}

void typeQuantity(QDialog* dialog, int quantity)
{
    auto* spin = dialog->findChild<QSpinBox*>(QStringLiteral("quantity"));
    QVERIFY(spin);
    spin->selectAll();
    QTest::keyClick(spin, Qt::Key_Delete);
    QTest::keyClicks(spin, QString::number(quantity));
    QCOMPARE(spin->value(), quantity);
}

} // namespace

class TestStockPage : public QObject
{
    Q_OBJECT

private slots:
    void loadsAndShowsConnection()
    {
        Desk desk(QStringLiteral("manager"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QCOMPARE(desk.model()->rowCount(), 5);
        QTRY_VERIFY(desk.window->connectionText().contains(QLatin1String("Connected")));
        QCOMPARE(desk.find<QLabel>("statusRole")->text(), QStringLiteral("Role: Manager"));
        QVERIFY(desk.find<QLabel>("statusWho")->text().contains(QLatin1String("manager")));
        QVERIFY(desk.find<QLabel>("rowCount")->text().startsWith(QLatin1String("5 SKUs")));
        // Uniform rows: the table never measures every row.
        QCOMPARE(desk.table()->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    }

    void searchNarrowsTable()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTest::keyClicks(desk.find<QLineEdit>("search"), QStringLiteral("shirt"));
        QTRY_COMPARE(desk.model()->rowCount(), 3);
        QTest::keyClicks(desk.find<QLineEdit>("search"), QStringLiteral(" blue"));
        QTRY_COMPARE(desk.model()->rowCount(), 2);
        desk.find<QLineEdit>("search")->clear();
        QTest::keyClicks(desk.find<QLineEdit>("search"), QStringLiteral("sku000004"));
        QTRY_COMPARE(desk.skus(), QStringList{QStringLiteral("SKU000004")});
        QTRY_VERIFY(desk.find<QLabel>("rowCount")->text().startsWith(QLatin1String("1 SKU")));
    }

    void headerClickSorts()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QHeaderView* header = desk.table()->horizontalHeader();
        const int x = header->sectionViewportPosition(StockTableModel::NameColumn) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        // By name: Canvas Cap, Linen Shirt Blue L, Linen Shirt Blue M, Oxford Shirt, Wool Beanie.
        QStringList byName{QStringLiteral("SKU000005"), QStringLiteral("SKU000002"),
                           QStringLiteral("SKU000001"), QStringLiteral("SKU000003"),
                           QStringLiteral("SKU000004")};
        QCOMPARE(header->sortIndicatorSection(), int(StockTableModel::NameColumn));
        const Qt::SortOrder first = header->sortIndicatorOrder();
        QStringList expected = byName;
        if (first == Qt::DescendingOrder)
            std::reverse(expected.begin(), expected.end());
        QTRY_COMPARE(desk.skus(), expected);
        // A second click reverses the order.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QVERIFY(header->sortIndicatorOrder() != first);
        std::reverse(expected.begin(), expected.end());
        QTRY_COMPARE(desk.skus(), expected);
    }

    void categoryFilter()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        auto* category = desk.find<QComboBox>("category");
        QTRY_COMPARE(category->count(), 3); // All, Hats, Shirts
        chooseData(category, QStringLiteral("Hats"));
        QTRY_COMPARE(desk.skus(),
                     (QStringList{QStringLiteral("SKU000004"), QStringLiteral("SKU000005")}));
        chooseData(category, QString());
        QTRY_COMPARE(desk.model()->rowCount(), 5);
    }

    void locationFilterShowsOneColumn()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QVERIFY(desk.model()->locationColumn(QStringLiteral("WH2")) >= 0);
        chooseData(desk.find<QComboBox>("location"), QStringLiteral("ST1"));
        QTRY_COMPARE(desk.model()->locationColumn(QStringLiteral("WH2")), -1);
        QVERIFY(desk.model()->locationColumn(QStringLiteral("ST1")) >= 0);
        QCOMPARE(desk.shown(QStringLiteral("SKU000001"), QStringLiteral("ST1")), 10);
    }

    void statusFilter_data()
    {
        QTest::addColumn<QString>("location");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("expected");
        // Prepared: SKU000004 counted to 0 at WH1; SKU000005's reorder point at ST1 is 20.
        QTest::newRow("WH1 out") << "WH1" << int(sp::models::StockFilter::Status::Out)
                                 << QStringList{QStringLiteral("SKU000004")};
        QTest::newRow("WH1 low") << "WH1" << int(sp::models::StockFilter::Status::Low)
                                 << QStringList{QStringLiteral("SKU000004")};
        QTest::newRow("ST1 low") << "ST1" << int(sp::models::StockFilter::Status::Low)
                                 << QStringList{QStringLiteral("SKU000005")};
        QTest::newRow("ST1 out") << "ST1" << int(sp::models::StockFilter::Status::Out)
                                 << QStringList{};
        QTest::newRow("WH1 all") << "WH1" << int(sp::models::StockFilter::Status::Any)
                                 << QStringList{
                                        QStringLiteral("SKU000001"), QStringLiteral("SKU000002"),
                                        QStringLiteral("SKU000003"), QStringLiteral("SKU000004"),
                                        QStringLiteral("SKU000005")};
    }

    void statusFilter()
    {
        QFETCH(QString, location);
        QFETCH(int, status);
        QFETCH(QStringList, expected);
        Desk desk(QStringLiteral("clerk"), [](sp::db::Connection& owner) {
            owner.exec("SELECT stock_adjust('SKU000004', 'WH1', 0, 'test')");
            owner.exec("UPDATE stock_levels SET reorder_point = 20 WHERE product_id = "
                       "(SELECT id FROM products WHERE sku = 'SKU000005') AND location_id = "
                       "(SELECT id FROM locations WHERE code = 'ST1')");
        });
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        chooseData(desk.find<QComboBox>("location"), location);
        chooseData(desk.find<QComboBox>("status"), status);
        QTRY_COMPARE(desk.skus(), expected);
        if (status == int(sp::models::StockFilter::Status::Out)) {
            for (const QString& sku : expected) {
                const QModelIndex cell = desk.model()->index(
                    desk.model()->rowForSku(sku), desk.model()->locationColumn(location));
                QCOMPARE(cell.data(StockTableModel::StatusRole).toInt(), 2);
                // Out-of-stock cells are painted in a warning colour.
                const QImage image = desk.table()->viewport()->grab().toImage();
                const QRect rect = desk.table()->visualRect(cell);
                QCOMPARE(image.pixelColor(rect.left() + 2, rect.top() + 2),
                         QColor(0xFD, 0xD8, 0xD5));
                const QModelIndex skuCell = cell.siblingAtColumn(StockTableModel::SkuColumn);
                const QRect skuRect = desk.table()->visualRect(skuCell);
                QVERIFY(image.pixelColor(skuRect.left() + 2, skuRect.top() + 2) !=
                        QColor(0xFD, 0xD8, 0xD5));
            }
        }
    }

    void selectionFillsDetailAndLedger()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        desk.select(QStringLiteral("SKU000003"));
        QCOMPARE(desk.page()->selectedSku(), QStringLiteral("SKU000003"));
        QTRY_VERIFY(desk.find<QLabel>("detailTitle")->text().contains(QLatin1String("SKU000003")));
        QTRY_COMPARE(desk.page()->detailModel()->rowCount(), 5); // one row per location
        QTRY_COMPARE(desk.page()->ledgerModel()->rowCount(), 2); // WH1 and ST1 opening receipts
    }

    void transferFromDialogShowsLive()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());
        QCOMPARE(desk.shown(QStringLiteral("SKU000002"), QStringLiteral("WH1")), 100);
        QCOMPARE(desk.shown(QStringLiteral("SKU000002"), QStringLiteral("ST2")), 0);
        desk.select(QStringLiteral("SKU000002"), QStringLiteral("WH1"));

        desk.find<QAction>("actionTransfer")->trigger();
        auto* dialog = openedDialog(desk.window.get());
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("sku"))->text(),
                 QStringLiteral("SKU000002"));
        QCOMPARE(dialog->findChild<QComboBox*>(QStringLiteral("from"))->currentData().toString(),
                 QStringLiteral("WH1"));
        chooseData(dialog->findChild<QComboBox*>(QStringLiteral("to")), QStringLiteral("ST2"));
        typeQuantity(dialog, 7);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("note")),
                         QStringLiteral("restock store"));
        QPointer<StockOperationDialog> guard(dialog);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);

        // Both cells change through the event stream: the source loses 7 available units and
        // the destination's figures move (in transit until received).
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000002"), QStringLiteral("WH1")),
                                  93, 10000);
        QCOMPARE(desk.onHand(QStringLiteral("SKU000002"), QStringLiteral("WH1")), 93);
        // The live update kept the selection where it was.
        QCOMPARE(desk.page()->selectedSku(), QStringLiteral("SKU000002"));
        QCOMPARE(desk.table()->currentIndex(),
                 desk.model()->index(desk.model()->rowForSku(QStringLiteral("SKU000002")),
                                     desk.model()->locationColumn(QStringLiteral("WH1"))));
        QTRY_COMPARE_WITH_TIMEOUT(
            desk.detailFigure(QStringLiteral("ST2"), sp::models::StockDetailModel::IncomingColumn),
            7, 10000);
        QCOMPARE(
            desk.detailFigure(QStringLiteral("WH1"), sp::models::StockDetailModel::AvailableColumn),
            93);
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->ledgerModel()->rowCount() >= 4, 10000);
    }

    void badTransferShowsErrorAndChangesNothing()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        desk.select(QStringLiteral("SKU000001"), QStringLiteral("ST1"));
        desk.find<QAction>("actionTransfer")->trigger();
        auto* dialog = openedDialog(desk.window.get());
        QVERIFY(dialog);
        chooseData(dialog->findChild<QComboBox*>(QStringLiteral("to")), QStringLiteral("WH2"));
        typeQuantity(dialog, 15);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorMessage().isEmpty(), 10000);
        QCOMPARE(dialog->errorMessage(),
                 QStringLiteral("Only 10 of SKU000001 available at ST1; cannot transfer 15."));
        QVERIFY(dialog->isVisible()); // stays open to fix it
        QCOMPARE(desk.onHand(QStringLiteral("SKU000001"), QStringLiteral("ST1")), 10);

        // The same location twice is caught before the database is asked.
        chooseData(dialog->findChild<QComboBox*>(QStringLiteral("to")), QStringLiteral("ST1"));
        clickOk(dialog);
        QCOMPARE(dialog->errorMessage(),
                 QStringLiteral("Choose two different locations for a transfer."));
        QVERIFY(!dialog->isBusy());

        // Fixing the quantity then succeeds in the same dialog.
        chooseData(dialog->findChild<QComboBox*>(QStringLiteral("to")), QStringLiteral("WH2"));
        typeQuantity(dialog, 4);
        QPointer<StockOperationDialog> guard(dialog);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000001"), QStringLiteral("ST1")), 6,
                                  10000);
    }

    void clerkAdjustIsRefusedInWords()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        desk.select(QStringLiteral("SKU000003"), QStringLiteral("WH1"));
        // The menu does not offer a clerk the count, and says who may.
        QAction* adjust = desk.find<QAction>("actionAdjust");
        QVERIFY(!adjust->isEnabled());
        QCOMPARE(adjust->toolTip(), QStringLiteral("Managers may count and adjust stock."));
        // Opened all the same, the dialog sends it, and the database's refusal is worded.
        auto* dialog = desk.window->openStockDialog(StockOperationDialog::Kind::Adjust);
        QVERIFY(dialog);
        typeQuantity(dialog, 90);
        // No reason: asked for before anything is sent.
        clickOk(dialog);
        QCOMPARE(dialog->errorMessage(), QStringLiteral("Enter the reason for the correction."));
        QTest::keyClicks(dialog->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Stock count"));
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorMessage().isEmpty(), 10000);
        QCOMPARE(dialog->errorMessage(), QStringLiteral("Adjusting stock needs a manager."));
        QCOMPARE(desk.onHand(QStringLiteral("SKU000003"), QStringLiteral("WH1")), 100);
    }

    // Damage… at the detail's location marks units damaged there (the table's available and
    // the detail's figures change live); a clerk's Write off… is disabled and says why;
    // Quarantine… follows the location picked in the detail, and a refusal shows the numbers.
    void clerkRecordsDamageFromTheDetail()
    {
        Desk desk(QStringLiteral("clerk"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());
        auto* damage = desk.find<QPushButton>("damageStock");
        auto* writeOff = desk.find<QPushButton>("writeOffStock");
        auto* quarantine = desk.find<QPushButton>("quarantineStock");
        auto* release = desk.find<QPushButton>("releaseStock");
        QVERIFY(damage && writeOff && quarantine && release);
        QVERIFY(!damage->isEnabled()); // no SKU yet

        // The location chosen in the table is the detail's.
        desk.select(QStringLiteral("SKU000001"), QStringLiteral("ST1"));
        QTRY_COMPARE(desk.page()->detailLocationCode(), QStringLiteral("ST1"));
        QVERIFY(damage->isEnabled());
        QVERIFY(quarantine->isEnabled());
        QVERIFY(release->isEnabled());
        QVERIFY(!writeOff->isEnabled());
        QCOMPARE(writeOff->toolTip(), QStringLiteral("Managers may write stock off."));

        QTest::mouseClick(damage, Qt::LeftButton);
        auto* dialog = openedDialog(desk.window.get());
        QVERIFY(dialog);
        QCOMPARE(dialog->kind(), StockOperationDialog::Kind::Damage);
        QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("sku"))->text(),
                 QStringLiteral("SKU000001"));
        QCOMPARE(dialog->findChild<QComboBox*>(QStringLiteral("location"))->currentData(),
                 QVariant(QStringLiteral("ST1")));
        typeQuantity(dialog, 3);
        clickOk(dialog); // no reason: asked for before anything is sent
        QCOMPARE(dialog->errorMessage(), QStringLiteral("Enter the reason."));
        QTest::keyClicks(dialog->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Dropped from the shelf"));
        QPointer<StockOperationDialog> guard(dialog);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            desk.detailFigure(QStringLiteral("ST1"), sp::models::StockDetailModel::DamagedColumn),
            3, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000001"), QStringLiteral("ST1")), 7,
                                  10000);
        QCOMPARE(desk.figure("damaged", QStringLiteral("SKU000001"), QStringLiteral("ST1")), 3);
        QCOMPARE(desk.onHand(QStringLiteral("SKU000001"), QStringLiteral("ST1")), 10);
        QCOMPARE(desk.page()->detailLocationCode(), QStringLiteral("ST1")); // kept on the update

        // Another row of the detail: Quarantine… acts there; too many is refused in numbers.
        desk.selectDetail(QStringLiteral("WH1"));
        QTest::mouseClick(quarantine, Qt::LeftButton);
        dialog = openedDialog(desk.window.get());
        QVERIFY(dialog);
        QCOMPARE(dialog->kind(), StockOperationDialog::Kind::Quarantine);
        QCOMPARE(dialog->findChild<QComboBox*>(QStringLiteral("location"))->currentData(),
                 QVariant(QStringLiteral("WH1")));
        typeQuantity(dialog, 200);
        QTest::keyClicks(dialog->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Recall"));
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorMessage().isEmpty(), 10000);
        QCOMPARE(dialog->errorMessage(),
                 QStringLiteral("Only 100 of SKU000001 available at WH1; cannot put 200 in "
                                "quarantine."));
        QCOMPARE(desk.figure("quarantine", QStringLiteral("SKU000001"), QStringLiteral("WH1")), 0);
        dialog->reject();
    }

    // A manager writes damaged units off: they leave on hand and damaged; a count below the
    // units still in quarantine says which buttons free them.
    void managerWritesOffDamagedUnits()
    {
        Desk desk(QStringLiteral("manager"), [](sp::db::Connection& owner) {
            owner.exec("SELECT stock_damage('SKU000005', 'ST1', 2, 'crushed')");
            owner.exec("SELECT stock_quarantine('SKU000005', 'ST1', 1, 'return')");
        });
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());
        desk.select(QStringLiteral("SKU000005"), QStringLiteral("ST1"));
        QTRY_COMPARE(desk.page()->detailLocationCode(), QStringLiteral("ST1"));
        auto* writeOff = desk.find<QPushButton>("writeOffStock");
        QVERIFY(writeOff->isEnabled());
        QVERIFY(writeOff->toolTip().isEmpty());
        QTest::mouseClick(writeOff, Qt::LeftButton);
        auto* dialog = openedDialog(desk.window.get());
        QVERIFY(dialog);
        QCOMPARE(dialog->kind(), StockOperationDialog::Kind::WriteOff);
        typeQuantity(dialog, 2);
        QTest::keyClicks(dialog->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Disposed of"));
        QPointer<StockOperationDialog> guard(dialog);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            desk.detailFigure(QStringLiteral("ST1"), sp::models::StockDetailModel::OnHandColumn), 8,
            10000);
        QCOMPARE(desk.figure("damaged", QStringLiteral("SKU000005"), QStringLiteral("ST1")), 0);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000005"), QStringLiteral("ST1")), 7,
                                  10000);

        desk.find<QAction>("actionAdjust")->trigger();
        auto* adjust = openedDialog(desk.window.get());
        QVERIFY(adjust);
        typeQuantity(adjust, 0);
        QTest::keyClicks(adjust->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Stock count"));
        clickOk(adjust);
        QTRY_VERIFY_WITH_TIMEOUT(!adjust->errorMessage().isEmpty(), 10000);
        QVERIFY2(adjust->errorMessage().startsWith(
                     QStringLiteral("A count of 0 is below the 1 units already held")),
                 qPrintable(adjust->errorMessage()));
        QVERIFY2(adjust->errorMessage().contains(QStringLiteral("with Release…")),
                 qPrintable(adjust->errorMessage()));
        QCOMPARE(desk.onHand(QStringLiteral("SKU000005"), QStringLiteral("ST1")), 8);
        adjust->reject();
    }

    void reconnectsAndCatchesUp()
    {
        Desk desk(QStringLiteral("manager"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());
        QTRY_VERIFY(desk.window->connectionText().contains(QLatin1String("Connected")));
        QSignalSpy states(desk.session.get(), &Session::connectionStateChanged);
        {
            // Cut every connection of the program, as a server restart would, and change stock
            // while it is away.
            sp::db::Connection owner(desk.db.owner());
            owner.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = $1 AND usename = 'manager'",
                       {desk.db.name()});
            owner.exec("SELECT stock_receive('SKU000003', 'WH2', 12, 'while away')");
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(states.begin(), states.end(),
                        [](const QList<QVariant>& args) { return !args.at(0).toBool(); }),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(desk.window->connectionText().contains(QLatin1String("Connected")),
                                 15000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000003"), QStringLiteral("WH2")),
                                  12, 15000);
        QVERIFY(desk.session->isConnected());
    }

    void scannedBarcodeBecomesTheSku()
    {
        Desk desk(QStringLiteral("clerk"), [](sp::db::Connection& owner) {
            owner.exec("UPDATE products SET gtin = '4006381333931' WHERE sku = 'SKU000003'");
        });
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());

        // The Stock page's search: the scan finds its product, an unknown one says so.
        SkuField* search = desk.page()->searchField();
        search->setFocus();
        scan(search, QStringLiteral("4006381333931"));
        QTRY_COMPARE(search->text(), QStringLiteral("SKU000003"));
        QCOMPARE(search->message(), QStringLiteral("Barcode 4006381333931 is SKU000003."));
        QTRY_COMPARE(desk.skus(), QStringList{QStringLiteral("SKU000003")});
        search->selectAll();
        scan(search, QStringLiteral("5901234123457"));
        QTRY_COMPARE(search->message(),
                     QStringLiteral("No product has the barcode 5901234123457."));
        QCOMPARE(search->text(), QStringLiteral("5901234123457"));
        // Typing clears the message; a typed SKU and Enter search as before.
        search->selectAll();
        QTest::keyClicks(search, QStringLiteral("SKU000004"));
        QVERIFY(search->message().isEmpty());
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(desk.skus(), QStringList{QStringLiteral("SKU000004")});

        // The Receive dialog: Enter after a scan looks it up and leaves the dialog open.
        desk.find<QAction>("actionReceive")->trigger();
        auto* receive = openedDialog(desk.window.get());
        QTRY_VERIFY(receive && receive->kind() == StockOperationDialog::Kind::Receive);
        auto* sku = qobject_cast<SkuField*>(receive->findChild<QLineEdit*>(QStringLiteral("sku")));
        QVERIFY(sku);
        sku->setFocus();
        sku->selectAll();
        scan(sku, QStringLiteral("5901234123457"));
        QTRY_COMPARE(sku->message(), QStringLiteral("No product has the barcode 5901234123457."));
        QVERIFY(receive->isVisible());
        clickOk(receive);
        QCOMPARE(receive->errorMessage(),
                 QStringLiteral("No product has the barcode 5901234123457."));
        sku->selectAll();
        scan(sku, QStringLiteral("4006381333931"));
        QTRY_COMPARE(sku->text(), QStringLiteral("SKU000003"));
        QVERIFY(receive->isVisible());
        QCOMPARE(desk.onHand(QStringLiteral("SKU000003"), QStringLiteral("ST1")), 10);
        chooseData(receive->findChild<QComboBox*>(QStringLiteral("location")),
                   QStringLiteral("ST1"));
        typeQuantity(receive, 6);
        QPointer<StockOperationDialog> guard(receive);
        clickOk(receive);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        QCOMPARE(desk.onHand(QStringLiteral("SKU000003"), QStringLiteral("ST1")), 16);

        // Digits typed without their Enter: OK first shows the SKU, the next OK receives.
        desk.find<QAction>("actionReceive")->trigger();
        receive = openedDialog(desk.window.get());
        QTRY_VERIFY(receive && receive->kind() == StockOperationDialog::Kind::Receive);
        sku = qobject_cast<SkuField*>(receive->findChild<QLineEdit*>(QStringLiteral("sku")));
        sku->selectAll();
        QTest::keyClicks(sku, QStringLiteral("4006381333931"));
        chooseData(receive->findChild<QComboBox*>(QStringLiteral("location")),
                   QStringLiteral("ST1"));
        clickOk(receive);
        QTRY_COMPARE(sku->text(), QStringLiteral("SKU000003"));
        QVERIFY(receive->isVisible());
        QCOMPARE(desk.onHand(QStringLiteral("SKU000003"), QStringLiteral("ST1")), 16);
        QPointer<StockOperationDialog> guard2(receive);
        clickOk(receive);
        QTRY_VERIFY_WITH_TIMEOUT(guard2.isNull() || !guard2->isVisible(), 10000);
        QCOMPARE(desk.onHand(QStringLiteral("SKU000003"), QStringLiteral("ST1")), 17);
    }

    void managerAdjustAndReceive()
    {
        Desk desk(QStringLiteral("manager"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.page()->hasLoaded(), 15000);
        QTRY_VERIFY(desk.session->isStarted());
        desk.select(QStringLiteral("SKU000005"), QStringLiteral("WH1"));
        desk.find<QAction>("actionAdjust")->trigger();
        auto* dialog = openedDialog(desk.window.get());
        typeQuantity(dialog, 96);
        QTest::keyClicks(dialog->findChild<QComboBox*>(QStringLiteral("reason")),
                         QStringLiteral("Stock count"));
        QPointer<StockOperationDialog> guard(dialog);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000005"), QStringLiteral("WH1")),
                                  96, 10000);

        desk.find<QAction>("actionReceive")->trigger();
        auto* receive = openedDialog(desk.window.get());
        QTRY_VERIFY(receive && receive->kind() == StockOperationDialog::Kind::Receive);
        typeQuantity(receive, 0);
        clickOk(receive);
        QCOMPARE(receive->errorMessage(), QStringLiteral("The quantity must be at least 1."));
        typeQuantity(receive, 24);
        QPointer<StockOperationDialog> guard2(receive);
        clickOk(receive);
        QTRY_VERIFY_WITH_TIMEOUT(guard2.isNull() || !guard2->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.shown(QStringLiteral("SKU000005"), QStringLiteral("WH1")),
                                  120, 10000);
    }
};

QTEST_MAIN(TestStockPage)
#include "tst_stockpage.moc"
