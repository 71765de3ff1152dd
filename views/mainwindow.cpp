#include "mainwindow.h"

#include "csvtransfer.h"
#include "staff/session.h"
#include "staffroles.h"
#include "stockpage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>

namespace sp::views {

MainWindow::MainWindow(sp::staff::Session* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setWindowTitle(tr("StockPilot"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/stockpilot.svg")));

    m_pageList = new QListWidget(this);
    m_pageList->setObjectName(QStringLiteral("pageList"));
    m_pageList->setIconSize(QSize(22, 22));
    m_pageList->setFixedWidth(150);
    m_pageList->setFrameShape(QFrame::NoFrame);
    m_pageList->setSpacing(2);
    m_pageList->setStyleSheet(
        QStringLiteral("QListWidget { background: palette(window); font-size: 11pt; }"
                       "QListWidget::item { padding: 8px 6px; border-radius: 4px; }"
                       "QListWidget::item:selected { background: #1f6feb; color: white; }"));
    m_pages = new QStackedWidget(this);
    connect(m_pageList, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_pageList);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_stockPage = new StockPage(session, this);
    addPage(QStringLiteral("stock"), tr("Stock"),
            style()->standardIcon(QStyle::SP_FileDialogDetailedView), m_stockPage);
    connect(m_stockPage, &StockPage::firstRowsLoaded, this, &MainWindow::firstRowsLoaded);

    createMenus();
    createStatusBar();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString& id, const QString& title, const QIcon& icon, QWidget* page)
{
    m_pages->addWidget(page);
    m_pageById.insert(id, page);
    auto* item = new QListWidgetItem(icon, title, m_pageList);
    item->setData(Qt::UserRole, id);
    item->setData(Qt::UserRole + 1, title);
    if (m_pageList->currentRow() < 0)
        m_pageList->setCurrentRow(0);
}

bool MainWindow::showPage(const QString& id)
{
    for (int i = 0; i < m_pageList->count(); ++i) {
        if (m_pageList->item(i)->data(Qt::UserRole).toString() == id) {
            m_pageList->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

void MainWindow::setPageBadge(const QString& id, int count)
{
    for (int i = 0; i < m_pageList->count(); ++i) {
        QListWidgetItem* item = m_pageList->item(i);
        if (item->data(Qt::UserRole).toString() != id)
            continue;
        const QString title = item->data(Qt::UserRole + 1).toString();
        item->setText(count > 0 ? tr("%1 (%2)").arg(title).arg(count) : title);
        item->setToolTip(count > 0 ? tr("%n new alert(s)", nullptr, count) : QString());
        QFont font = item->font();
        font.setBold(count > 0);
        item->setFont(font);
        return;
    }
}

QString MainWindow::currentPageId() const
{
    const QListWidgetItem* item = m_pageList->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* importAction = file->addAction(tr("&Import…"), this, &MainWindow::importCsv);
    importAction->setObjectName(QStringLiteral("actionImport"));
    importAction->setShortcut(QKeySequence(tr("Ctrl+I")));
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    QAction* exportProducts = exportMenu->addAction(
        tr("&Products…"), this, [this] { exportCsv(int(CsvTransfer::Kind::Products)); });
    exportProducts->setObjectName(QStringLiteral("actionExportProducts"));
    QAction* exportCounts = exportMenu->addAction(
        tr("&Stock Counts…"), this, [this] { exportCsv(int(CsvTransfer::Kind::StockCounts)); });
    exportCounts->setObjectName(QStringLiteral("actionExportStockCounts"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("actionQuit"));

    QMenu* stock = menuBar()->addMenu(tr("&Stock"));
    QAction* receive = stock->addAction(
        tr("&Receive…"), this, [this] { openStockDialog(StockOperationDialog::Kind::Receive); });
    receive->setObjectName(QStringLiteral("actionReceive"));
    receive->setShortcut(QKeySequence(tr("Ctrl+R")));
    QAction* adjust = stock->addAction(
        tr("&Adjust…"), this, [this] { openStockDialog(StockOperationDialog::Kind::Adjust); });
    adjust->setObjectName(QStringLiteral("actionAdjust"));
    adjust->setShortcut(QKeySequence(tr("Ctrl+J")));
    // Counting and importing are a manager's (stock_adjust, data_import_*).
    offerTo(adjust, m_session->role(), StaffRole::Manager, true,
            tr("Managers may count and adjust stock."));
    offerTo(importAction, m_session->role(), StaffRole::Manager, true,
            tr("Managers may import files."));
    QAction* transfer = stock->addAction(
        tr("&Transfer…"), this, [this] { openStockDialog(StockOperationDialog::Kind::Transfer); });
    transfer->setObjectName(QStringLiteral("actionTransfer"));
    transfer->setShortcut(QKeySequence(tr("Ctrl+T")));

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* aboutAction = m_helpMenu->addAction(tr("&About StockPilot"), this, &MainWindow::about);
    aboutAction->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::createStatusBar()
{
    m_whoLabel = new QLabel(this);
    m_whoLabel->setObjectName(QStringLiteral("statusWho"));
    m_whoLabel->setText(tr("%1 on %2").arg(m_session->user(), m_session->where()));
    m_roleLabel = new QLabel(this);
    m_roleLabel->setObjectName(QStringLiteral("statusRole"));
    m_roleLabel->setText(tr("Role: %1").arg(m_session->roleDisplayName()));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("statusConnection"));
    m_connectionLabel->setText(tr("Connecting…"));
    statusBar()->addWidget(m_whoLabel, 1);
    statusBar()->addPermanentWidget(m_roleLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    connect(m_session, &sp::staff::Session::connectionStateChanged, this,
            &MainWindow::onConnectionState);
    connect(m_session, &sp::staff::Session::reconnected, this, [this] {
        statusBar()->showMessage(tr("Connection restored; catching up with changes."), 8000);
    });
}

void MainWindow::onConnectionState(bool connected, const QString& message)
{
    if (connected) {
        m_connectionLabel->setText(QStringLiteral("<span style='color:#1a7f37'>●</span> ") +
                                   tr("Connected"));
        m_connectionLabel->setToolTip({});
    } else {
        m_connectionLabel->setText(QStringLiteral("<span style='color:#b3261e'>●</span> ") +
                                   tr("Reconnecting…"));
        m_connectionLabel->setToolTip(message);
    }
}

QString MainWindow::connectionText() const
{
    return m_connectionLabel->text();
}

StockOperationDialog* MainWindow::openStockDialog(StockOperationDialog::Kind kind)
{
    auto* dialog =
        new StockOperationDialog(kind, m_session->database(), m_stockPage->locationChoices(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSku(m_stockPage->selectedSku());
    const QString location = m_stockPage->selectedLocationCode();
    if (!location.isEmpty())
        dialog->setLocation(location);
    dialog->open();
    return dialog;
}

void MainWindow::importCsv()
{
    CsvTransfer::startImport(m_session->database(), this);
}

void MainWindow::exportCsv(int kind)
{
    CsvTransfer::startExport(m_session->database(), CsvTransfer::Kind(kind), this);
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About StockPilot"),
        tr("<h3>StockPilot %1</h3><p>Inventory and shopping-cart management for retailers with "
           "warehouses and stores.</p><p>Signed in as %2 (%3) on %4.</p>")
            .arg(QApplication::applicationVersion(), m_session->user().toHtmlEscaped(),
                 m_session->roleDisplayName(), m_session->where().toHtmlEscaped()));
}

QMenu* MainWindow::addMenuBeforeHelp(const QString& title)
{
    auto* menu = new QMenu(title, this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), menu);
    return menu;
}

QMenu* MainWindow::settingsMenu()
{
    if (!m_settingsMenu) {
        m_settingsMenu = addMenuBeforeHelp(tr("Se&ttings"));
        m_settingsMenu->setObjectName(QStringLiteral("menuSettings"));
    }
    return m_settingsMenu;
}

} // namespace sp::views
