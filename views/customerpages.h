#pragma once

namespace sp::staff {
class Session;
}

namespace sp::views {

class EndpointControl;
class HoldsPage;
class MainWindow;
class OrdersPage;

struct CustomerPages
{
    HoldsPage* holds = nullptr;
    OrdersPage* orders = nullptr;
};

// Adds the Holds and Orders pages to the main window ("holds", "orders"), fed by the session's
// event stream like the Stock page, and loaded again once the stream has started (from then on
// no change is missed).
CustomerPages addCustomerPages(MainWindow* window, sp::staff::Session* session);

// Settings → Customer Endpoint… and the endpoint's state in the status bar
// ("Endpoint: 127.0.0.1:8001", "Endpoint: off", or why it cannot listen).
void addEndpointControls(MainWindow* window, EndpointControl* endpoint);

} // namespace sp::views
