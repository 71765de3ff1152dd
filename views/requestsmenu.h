#pragma once

#include "requestdialog.h"

#include <QObject>
#include <QPointer>

class QMenu;

namespace sp::views {

class MainWindow;
class Session;

// The Requests menu: Transfer, Adjustment, Restock and Promotion forms and a free-text box.
// A filed request becomes a pending suggestion; the window then shows the Inbox. Owned by the
// window.
class RequestsMenu final : public QObject
{
    Q_OBJECT

public:
    RequestsMenu(MainWindow* window, Session* session);
    ~RequestsMenu() override;

    QMenu* menu() const { return m_menu; }
    sp::requests::RequestFiler* filer() const { return m_filer; }
    // Opens a request dialog (window-modal, returns at once).
    RequestDialog* open(RequestDialog::Kind kind);
    RequestDialog* dialog() const { return m_dialog; }

signals:
    void filed(const sp::requests::FiledRequest& filed);

private:
    MainWindow* m_window;
    Session* m_session;
    sp::requests::RequestFiler* m_filer;
    QMenu* m_menu;
    QPointer<RequestDialog> m_dialog;
};

} // namespace sp::views
