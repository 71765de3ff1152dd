-- StockPilot baseline, part 2: catalogue, locations, stock levels, the append-only ledger,
-- transfers, demand history and events. The stock functions are in functions/10_stock.sql.

-- --------------------------------------------------------------------------------------------
-- Catalogue and locations

CREATE TABLE locations (
    id         smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind       text NOT NULL CHECK (kind IN ('warehouse', 'store', 'online')),
    latitude   double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude  double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    sort_order smallint NOT NULL DEFAULT 0
);

CREATE TABLE products (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku            text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category       text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    attributes     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    price          numeric(12, 2) NOT NULL CHECK (price >= 0),
    cost           numeric(12, 2) NOT NULL CHECK (cost >= 0),
    supplier       text NOT NULL DEFAULT '',
    pack_size      integer NOT NULL DEFAULT 1 CHECK (pack_size > 0),
    lead_time_days integer NOT NULL DEFAULT 7 CHECK (lead_time_days >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Search by SKU or name ("contains"), also on a million rows.
CREATE INDEX products_search_idx ON products USING gin ((sku || ' ' || name) gin_trgm_ops);
CREATE INDEX products_category_idx ON products (category, sku);
CREATE INDEX products_name_idx ON products (name, sku);

-- --------------------------------------------------------------------------------------------
-- Stock levels: one row per (product, location). Every figure is a count of units:
--   on_hand     physically at the location (includes quarantine and damaged units)
--   reserved    held for carts (holds)
--   committed   sold, not yet shipped
--   incoming    on the way here (transfers in transit, purchase orders)
--   quarantine  returned, awaiting a quality check
--   damaged     not sellable
-- available = on_hand - reserved - committed - quarantine - damaged, never below zero.
-- available is not indexed on purpose: updates of a level stay HOT (no index change).

CREATE TABLE stock_levels (
    product_id    integer NOT NULL REFERENCES products (id),
    location_id   smallint NOT NULL REFERENCES locations (id),
    on_hand       integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved      integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    committed     integer NOT NULL DEFAULT 0 CHECK (committed >= 0),
    incoming      integer NOT NULL DEFAULT 0 CHECK (incoming >= 0),
    quarantine    integer NOT NULL DEFAULT 0 CHECK (quarantine >= 0),
    damaged       integer NOT NULL DEFAULT 0 CHECK (damaged >= 0),
    reorder_point integer NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
    available     integer GENERATED ALWAYS AS
                      (on_hand - reserved - committed - quarantine - damaged) STORED,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, location_id),
    CONSTRAINT stock_levels_available_check
        CHECK (on_hand - reserved - committed - quarantine - damaged >= 0)
) WITH (fillfactor = 80);
-- How far a level is from its reorder point: the planner's estimate of how many levels are
-- below it decides between index lookups and hashing every level. Statistics, not an index,
-- so updates stay HOT.
CREATE STATISTICS stock_levels_shortfall_stats ON ((available + incoming - reorder_point))
    FROM stock_levels;

-- --------------------------------------------------------------------------------------------
-- The ledger. Append-only: every change to stock_levels writes rows here in the same
-- transaction, and replaying the deltas reproduces stock_levels exactly (ledger_audit()).
-- Its product and location are checked once per statement by a trigger
-- (functions/15_references.sql), not by foreign keys, which would lock the referenced rows.

CREATE TABLE stock_movements (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    product_id    integer NOT NULL,
    location_id   smallint NOT NULL,
    reason        text NOT NULL,
    d_on_hand     integer NOT NULL DEFAULT 0,
    d_reserved    integer NOT NULL DEFAULT 0,
    d_committed   integer NOT NULL DEFAULT 0,
    d_incoming    integer NOT NULL DEFAULT 0,
    d_quarantine  integer NOT NULL DEFAULT 0,
    d_damaged     integer NOT NULL DEFAULT 0,
    ref_type      text,
    ref_id        text,
    note          text,
    actor         text NOT NULL DEFAULT session_user
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, id);

CREATE TABLE transfers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       integer NOT NULL REFERENCES products (id),
    from_location_id smallint NOT NULL REFERENCES locations (id),
    to_location_id   smallint NOT NULL REFERENCES locations (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    status           text NOT NULL DEFAULT 'in_transit'
                         CHECK (status IN ('in_transit', 'received')),
    note             text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text NOT NULL DEFAULT session_user,
    received_at      timestamptz,
    received_by      text,
    CHECK (from_location_id <> to_location_id)
);
CREATE INDEX transfers_in_transit_idx ON transfers (to_location_id) WHERE status = 'in_transit';

-- Daily unit sales per (product, location): one row holding a year as an array, oldest day
-- first, which the forecast reads with unnest() (a row per day would be hundreds of millions).
CREATE TABLE demand_history (
    product_id  integer NOT NULL REFERENCES products (id),
    location_id smallint NOT NULL REFERENCES locations (id),
    first_day   date NOT NULL,
    daily_units integer[] NOT NULL,
    PRIMARY KEY (product_id, location_id)
);

-- --------------------------------------------------------------------------------------------
-- Events: one row per state change, written in the same transaction. Listeners are woken by a
-- relay that sends one NOTIFY per batch (services/db/eventstream.cpp); a NOTIFY inside every
-- transaction would serialize commits. The id's default, sp_next_event_id(), is set in
-- functions/05_events.sql.

CREATE SEQUENCE events_id_seq AS bigint;
CREATE TABLE events (
    id          bigint PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    type        text NOT NULL,
    product_id  integer,
    location_id smallint,
    payload     jsonb NOT NULL DEFAULT '{}',
    actor       text NOT NULL DEFAULT session_user
);
ALTER SEQUENCE events_id_seq OWNED BY events.id;
-- The Event log page filters by SKU; events are append-only, so the index only costs an insert.
CREATE INDEX events_product_idx ON events (product_id, id) WHERE product_id IS NOT NULL;
-- No query filters on the payload: ANALYZE leaves it out (undo with SET STATISTICS -1).
ALTER TABLE events ALTER COLUMN payload SET STATISTICS 0;

-- Every change of stock writes these: autovacuum visits them often, and at its default pace in
-- bursts that the hold path feels; a longer pause spreads a visit out.
ALTER TABLE stock_levels SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE stock_movements SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE events SET (autovacuum_vacuum_cost_delay = 10);

-- --------------------------------------------------------------------------------------------
-- Privileges. Staff read everything they see in the program; nobody but the owner writes the
-- tables directly; the endpoint role sees no stock table at all.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT ON locations, products, stock_levels, stock_movements, transfers, demand_history,
    events TO stockpilot_clerk;
