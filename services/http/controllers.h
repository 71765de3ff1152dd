#pragma once

// The endpoint's routes, a controller per area: each adds its routes to the router and checks
// its requests (path, query, headers, body) before any database work; the database work goes
// to the pool through the backend, or to the hold or read batcher.

namespace sp::http {

class AvailabilityCache;
class EndpointBackend;
class EndpointRouter;
class HoldBatcher;
class ReadBatcher;
struct EndpointConfig;

// What the controllers work with; all of it outlives them.
struct ControllerParts
{
    const EndpointConfig& config;
    EndpointBackend& backend;
    AvailabilityCache* cache; // null when the GET cache is off
    HoldBatcher& holds;
    ReadBatcher& reads;
};

// GET /health
void addHealthRoutes(EndpointRouter& router, const ControllerParts& parts);
// GET /inventory/{sku}, GET /inventory/{sku}/availability
void addInventoryRoutes(EndpointRouter& router, const ControllerParts& parts);
// POST /hold, DELETE /hold/{hold_id}, POST /hold/{hold_id}/release and /confirm
void addHoldsRoutes(EndpointRouter& router, const ControllerParts& parts);
// POST /carts, GET /carts/{cart_id}, POST /carts/{cart_id}/items,
// DELETE /carts/{cart_id}/items/{sku}
void addCartsRoutes(EndpointRouter& router, const ControllerParts& parts);
// POST /carts/{cart_id}/checkout: the cart becomes an order; GET /orders/{order_id} and
// POST /orders/{order_id}/cancel for the order's placer
void addOrdersRoutes(EndpointRouter& router, const ControllerParts& parts);
// POST /sales: a point-of-sale system's batch of counter sales
void addSalesRoutes(EndpointRouter& router, const ControllerParts& parts);

} // namespace sp::http
