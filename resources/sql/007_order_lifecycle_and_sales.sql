-- Orders ship and cancel; sales and unmet demand are recorded. The functions are in
-- functions/25_demand.sql and functions/45_orders.sql.

-- An order is placed, partly shipped, shipped (every unit) or cancelled (before any shipment).
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders
    ADD CONSTRAINT orders_status_check
        CHECK (status IN ('placed', 'partially_shipped', 'shipped', 'cancelled')),
    ADD COLUMN shipped_at    timestamptz,
    ADD COLUMN cancelled_at  timestamptz,
    ADD COLUMN cancelled_by  text,
    ADD COLUMN cancel_reason text,
    ADD COLUMN cancel_key    text, -- repeating a cancel with this key answers as the first did
    ADD CONSTRAINT orders_cancelled_check
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL));
CREATE INDEX orders_open_idx ON orders (created_at) WHERE status IN ('placed', 'partially_shipped');

-- How many of a line's units have left its source.
ALTER TABLE order_lines
    ADD COLUMN shipped integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT order_lines_shipped_check CHECK (shipped BETWEEN 0 AND quantity);

-- One row per shipment of an order: its key makes a repeat a no-op; lines holds what left,
-- [{line, sku, location, quantity}].
CREATE TABLE order_shipments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   uuid NOT NULL REFERENCES orders (id),
    key        text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    lines      jsonb NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL DEFAULT session_user,
    UNIQUE (order_id, key)
);

-- What customers wanted and could not get: a hold or checkout refused for lack of stock, the
-- stockout signal the forecasts read next to the demand history.
CREATE TABLE unmet_demand (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    product_id  integer NOT NULL REFERENCES products (id),
    location_id smallint NOT NULL REFERENCES locations (id),
    requested   integer NOT NULL CHECK (requested > 0),
    available   integer NOT NULL CHECK (available >= 0),
    source      text NOT NULL CHECK (source IN ('hold', 'checkout'))
);
CREATE INDEX unmet_demand_level_idx ON unmet_demand (product_id, location_id, at);

-- Sales batches of point-of-sale systems and imports: what each recorded, so that the same
-- batch sent twice (the same key) is recorded once.
CREATE TABLE sales_batches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,            -- "key:<api key id>", "import:<file name>"
    key         text,                     -- the partner's Idempotency-Key
    history     boolean NOT NULL,         -- demand only, stock untouched
    rows        integer NOT NULL,
    units       bigint NOT NULL,
    first_day   date NOT NULL,
    last_day    date NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL DEFAULT session_user
);

REVOKE ALL ON order_shipments, unmet_demand, sales_batches FROM PUBLIC;
GRANT SELECT ON order_shipments, unmet_demand, sales_batches TO stockpilot_clerk;
