-- StockPilot baseline, part 3: the customer endpoint's tables (holds, carts, orders with their
-- fulfilment plans, idempotency keys, partner API keys). The endpoint role sees no table: every
-- call is one SECURITY DEFINER function (functions/30_holds.sql, functions/40_endpoint.sql).

CREATE TABLE api_keys (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_prefix text NOT NULL,        -- the first characters, to recognise a key in lists
    key_hash   text NOT NULL UNIQUE, -- SHA-256 (hex) of the whole key; the key itself is not kept
    scopes     text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT session_user,
    revoked_at timestamptz
);

CREATE TABLE carts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash text NOT NULL, -- SHA-256 (hex) of the bearer token
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'checked_out')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    order_id   uuid
);

-- A cart's lines are its active holds (one per product). A hold is active exactly while it has
-- not ended, which lets the sweeper's index say ended_at IS NULL. Product and location are
-- checked once per statement by triggers, not by foreign keys (which lock the referenced rows).
CREATE TABLE holds (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id  integer NOT NULL,
    location_id smallint NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    status      text NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'released', 'expired', 'confirmed')),
    caller      text NOT NULL, -- "key:<api key id>", "cart:<cart id>"
    cart_id     uuid REFERENCES carts (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    end_reason  text,
    ended_by    text,
    order_id    uuid,
    CONSTRAINT holds_ended_check CHECK ((status = 'active') = (ended_at IS NULL))
);
CREATE INDEX holds_active_level_idx ON holds (product_id, location_id, expires_at)
    WHERE status = 'active';
-- The sweeper's index: a level's lookup (status = 'active') cannot use it, so a planner that
-- believes both empty still takes the level index for that.
CREATE INDEX holds_unended_expiry_idx ON holds (expires_at) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX holds_cart_line_idx ON holds (cart_id, product_id)
    WHERE status = 'active' AND cart_id IS NOT NULL;

CREATE TABLE orders (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cart_id        uuid REFERENCES carts (id),
    caller         text NOT NULL,
    ship_latitude  double precision,
    ship_longitude double precision,
    status         text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'shipped', 'cancelled')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Where each line ships from; a line may be split over several sources (one row each).
CREATE TABLE order_lines (
    order_id    uuid NOT NULL REFERENCES orders (id),
    line_no     smallint NOT NULL,
    product_id  integer NOT NULL REFERENCES products (id),
    location_id smallint NOT NULL REFERENCES locations (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    hold_id     uuid REFERENCES holds (id),
    PRIMARY KEY (order_id, line_no)
);

-- The candidate plans of an order, best first; the chosen one is what order_lines carry.
CREATE TABLE fulfilment_plans (
    order_id    uuid NOT NULL REFERENCES orders (id),
    rank        smallint NOT NULL,
    chosen      boolean NOT NULL,
    splits      smallint NOT NULL,
    distance_km double precision NOT NULL, -- the farthest shipment
    shipments   jsonb NOT NULL,            -- [{location, name, distance_km, items: [{sku, quantity}]}]
    reason      text NOT NULL,
    PRIMARY KEY (order_id, rank)
);

CREATE TABLE order_source_overrides (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id         uuid NOT NULL REFERENCES orders (id),
    line_no          smallint NOT NULL,
    from_location_id smallint NOT NULL REFERENCES locations (id),
    to_location_id   smallint NOT NULL REFERENCES locations (id),
    quantity         integer NOT NULL,
    reason           text NOT NULL,
    actor            text NOT NULL DEFAULT session_user,
    at               timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key records (IETF httpapi-idempotency-key-header): scoped to the caller and the
-- route, holding the request's fingerprint and the response, written in the same transaction
-- as the effect. Kept 24 hours.
CREATE TABLE idempotency_keys (
    caller      text NOT NULL,
    route       text NOT NULL,
    key         text NOT NULL,
    fingerprint text NOT NULL,
    status_code smallint NOT NULL,
    response    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, route, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
-- Read back whole by key, never filtered on: ANALYZE leaves these out.
ALTER TABLE idempotency_keys
    ALTER COLUMN response SET STATISTICS 0,
    ALTER COLUMN fingerprint SET STATISTICS 0;

-- Every hold writes these: autovacuum works through them at a gentler pace, as through the stock
-- tables (002_catalog_and_stock.sql).
ALTER TABLE holds SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE idempotency_keys SET (autovacuum_vacuum_cost_delay = 10);

-- --------------------------------------------------------------------------------------------
-- Privileges

REVOKE ALL ON api_keys, carts, holds, orders, order_lines, fulfilment_plans,
    order_source_overrides, idempotency_keys FROM PUBLIC;
GRANT SELECT ON holds, orders, order_lines, fulfilment_plans, order_source_overrides
    TO stockpilot_clerk;
GRANT SELECT (id, status, created_at, updated_at, order_id) ON carts TO stockpilot_clerk;
GRANT SELECT (id, name, key_prefix, scopes, created_at, created_by, revoked_at) ON api_keys
    TO stockpilot_admin;
