#pragma once

#include "requestdialog.h"

#include <QObject>
#include <QPointer>

class QMenu;

namespace sp::staff {
class Session;
}

namespace sp::views {

class MainWindow;

// The Requests menu: Transfer, Adjustment, Restock and Promotion forms and a free-text box.
// A filed request becomes a pending suggestion; the window then shows the Inbox. Owned by the
// window.
class RequestsMenu final : public QObject
{
    Q_OBJECT

public:
    RequestsMenu(MainWindow* window, sp::staff::Session* session);
    ~RequestsMenu() override;

    QMenu* menu() const { return m_menu; }
    sp::staffrequests::RequestFiler* filer() const { return m_filer; }
    // Opens a request dialog (window-modal, returns at once).
    RequestDialog* open(RequestDialog::Kind kind);
    RequestDialog* dialog() const { return m_dialog; }

signals:
    void filed(const sp::staffrequests::FiledRequest& filed);

private:
    MainWindow* m_window;
    sp::staff::Session* m_session;
    sp::staffrequests::RequestFiler* m_filer;
    QMenu* m_menu;
    QPointer<RequestDialog> m_dialog;
};

} // namespace sp::views
