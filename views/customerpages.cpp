#include "customerpages.h"

#include "db/eventstream.h"
#include "endpointcontrol.h"
#include "endpointsettingsdialog.h"
#include "holdsmodel.h"
#include "holdspage.h"
#include "mainwindow.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "staff/session.h"

#include <QCoreApplication>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>

namespace sp::views {

namespace {

// The translation context of these functions' strings.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(sp::views::CustomerPages)
};

} // namespace

CustomerPages addCustomerPages(MainWindow* window, sp::staff::Session* session)
{
    CustomerPages pages;
    pages.holds = new HoldsPage(session->database(), window);
    pages.holds->setObjectName(QStringLiteral("holdsPage"));
    window->addPage(QStringLiteral("holds"), Text::tr("Holds"),
                    window->style()->standardIcon(QStyle::SP_BrowserReload), pages.holds);
    pages.orders = new OrdersPage(session->database(), session->role(), window);
    pages.orders->setObjectName(QStringLiteral("ordersPage"));
    window->addPage(QStringLiteral("orders"), Text::tr("Orders"),
                    window->style()->standardIcon(QStyle::SP_FileDialogListView), pages.orders);

    HoldsPage* holds = pages.holds;
    OrdersPage* orders = pages.orders;
    QObject::connect(session->events(), &sp::db::EventStream::eventsReceived, holds,
                     &HoldsPage::applyEvents);
    QObject::connect(session->events(), &sp::db::EventStream::eventsReceived, orders,
                     &OrdersPage::applyEvents);
    QObject::connect(session, &sp::staff::Session::started, holds,
                     [holds] { holds->model()->reload(); });
    QObject::connect(session, &sp::staff::Session::started, orders,
                     [orders] { orders->model()->reload(); });
    return pages;
}

void addEndpointControls(MainWindow* window, EndpointControl* endpoint)
{
    auto* label = new QLabel(endpoint->statusText(), window);
    label->setObjectName(QStringLiteral("statusEndpoint"));
    window->statusBar()->addPermanentWidget(label);
    QObject::connect(endpoint, &EndpointControl::statusChanged, label, &QLabel::setText);

    QMenu* settings = window->settingsMenu();
    QAction* action = settings->addAction(Text::tr("Customer &Endpoint…"));
    action->setObjectName(QStringLiteral("actionEndpointSettings"));
    QObject::connect(action, &QAction::triggered, window, [window, endpoint] {
        auto* dialog = new EndpointSettingsDialog(endpoint, window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}

} // namespace sp::views
