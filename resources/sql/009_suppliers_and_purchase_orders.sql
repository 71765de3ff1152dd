-- Suppliers become rows of their own that products name; a purchase order gets lines, is
-- received in parts (over- and under-deliveries recorded) and closes when every line is in or
-- when a manager closes it with a reason. The functions are in functions/62_purchasing.sql.

CREATE TABLE suppliers (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    lead_time_days integer NOT NULL DEFAULT 7 CHECK (lead_time_days BETWEEN 0 AND 365),
    email          text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    minimum_order  numeric(12, 2) NOT NULL DEFAULT 0 CHECK (minimum_order >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Every supplier a product or a purchase order names today, with its products' usual lead time.
INSERT INTO suppliers (name, lead_time_days)
SELECT name, least(max(lead_time_days), 365)
FROM (SELECT supplier AS name, lead_time_days FROM products WHERE supplier <> ''
      UNION ALL
      SELECT supplier, 7 FROM purchase_orders
      WHERE supplier <> '' AND supplier NOT IN (SELECT supplier FROM products)) s
GROUP BY name ORDER BY name;

-- A product names its supplier's row, or none (NULL, where it was '' before). The name is the
-- key so that every reader of products.supplier keeps working; renaming a supplier cascades.
ALTER TABLE products ALTER COLUMN supplier DROP NOT NULL, ALTER COLUMN supplier DROP DEFAULT;
UPDATE products SET supplier = NULL WHERE supplier = '';
ALTER TABLE products
    ADD CONSTRAINT products_supplier_fkey FOREIGN KEY (supplier) REFERENCES suppliers (name)
        ON UPDATE CASCADE;
CREATE INDEX products_supplier_idx ON products (supplier, sku);

-- The order's lines; received may pass quantity (an over-delivery is taken in and recorded).
CREATE TABLE purchase_order_lines (
    purchase_order_id bigint NOT NULL REFERENCES purchase_orders (id),
    line_no           smallint NOT NULL CHECK (line_no > 0),
    product_id        integer NOT NULL REFERENCES products (id),
    quantity          integer NOT NULL CHECK (quantity > 0),
    unit_cost         numeric(12, 2) NOT NULL CHECK (unit_cost >= 0),
    received          integer NOT NULL DEFAULT 0 CHECK (received >= 0),
    PRIMARY KEY (purchase_order_id, line_no),
    UNIQUE (purchase_order_id, product_id)
);
INSERT INTO purchase_order_lines (purchase_order_id, line_no, product_id, quantity, unit_cost,
                                  received)
SELECT id, 1, product_id, quantity, unit_cost,
       CASE WHEN status = 'received' THEN quantity ELSE 0 END
FROM purchase_orders ORDER BY id;

-- The order itself: supplier, destination and where it stands.
DROP INDEX purchase_orders_open_idx;
ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_status_check;
ALTER TABLE purchase_orders
    DROP COLUMN product_id,
    DROP COLUMN quantity,
    DROP COLUMN unit_cost,
    ALTER COLUMN supplier DROP NOT NULL,
    ADD COLUMN closed_at    timestamptz,
    ADD COLUMN closed_by    text,
    ADD COLUMN close_reason text;
UPDATE purchase_orders SET supplier = NULL WHERE supplier = '';
ALTER TABLE purchase_orders
    ADD CONSTRAINT purchase_orders_supplier_fkey FOREIGN KEY (supplier)
        REFERENCES suppliers (name) ON UPDATE CASCADE,
    ADD CONSTRAINT purchase_orders_status_check
        CHECK (status IN ('open', 'partially_received', 'received', 'closed')),
    ADD CONSTRAINT purchase_orders_closed_check
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL));
CREATE INDEX purchase_orders_open_idx ON purchase_orders (location_id)
    WHERE status IN ('open', 'partially_received');
CREATE INDEX purchase_orders_created_idx ON purchase_orders (created_at DESC, id DESC);

-- One row per delivery taken in: its key makes a repeat a no-op; lines holds what came,
-- [{line, sku, quantity, over}] (over: units beyond what the line still expected).
CREATE TABLE purchase_order_receipts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_orders (id),
    key               text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    lines             jsonb NOT NULL,
    note              text,
    at                timestamptz NOT NULL DEFAULT now(),
    actor             text NOT NULL DEFAULT session_user,
    UNIQUE (purchase_order_id, key)
);

GRANT SELECT ON suppliers, purchase_order_lines, purchase_order_receipts TO stockpilot_clerk;
