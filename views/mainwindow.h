#pragma once

#include "stockoperationdialog.h"

#include <QHash>
#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace sp::staff {
class Session;
}

namespace sp::views {

class StockPage;

// The main window: pages chosen from a side list (Stock now; Holds, Orders, Inbox, Jobs and
// Events later add themselves with addPage), the menus, and a status bar that says who is
// signed in where, in which role, and whether the connection is up.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(sp::staff::Session* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Adds a page to the side list; id is a stable name ("stock") for --page and settings.
    void addPage(const QString& id, const QString& title, const QIcon& icon, QWidget* page);
    bool showPage(const QString& id);
    // A count after a page's title in the side list (the Inbox's new alerts); 0 removes it.
    void setPageBadge(const QString& id, int count);
    // A new menu for a group of pages, placed before Help (which stays last).
    QMenu* addMenuBeforeHelp(const QString& title);
    // The Settings menu (made on first use, before Help), shared by every settings dialog.
    QMenu* settingsMenu();
    QString currentPageId() const;

    StockPage* stockPage() const { return m_stockPage; }
    // Opens a stock dialog (window-modal, returns at once) prefilled from the selection.
    StockOperationDialog* openStockDialog(StockOperationDialog::Kind kind);
    QString connectionText() const;

signals:
    void firstRowsLoaded();

private:
    void createMenus();
    void createStatusBar();
    void onConnectionState(bool connected, const QString& message);
    void importCsv();
    void exportCsv(int kind);
    void about();

    sp::staff::Session* m_session;
    QListWidget* m_pageList = nullptr;
    QMenu* m_helpMenu = nullptr;
    QMenu* m_settingsMenu = nullptr;
    QStackedWidget* m_pages = nullptr;
    QHash<QString, QWidget*> m_pageById;
    StockPage* m_stockPage = nullptr;
    QLabel* m_whoLabel = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QLabel* m_roleLabel = nullptr;
};

} // namespace sp::views
