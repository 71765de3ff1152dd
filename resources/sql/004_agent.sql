-- StockPilot baseline, part 4: the agent's tables. Settings, the scheduler, demand statistics,
-- suggestions (the agent's and staff requests) with their approval policies, execution targets
-- (purchase orders, price changes, the webhook outbox) and staff notifications. The rules and
-- the approval workflow are in functions/60_suggestions.sql.

-- --------------------------------------------------------------------------------------------
-- Settings of the rules (one row). Changed by admins with UPDATE through agent_settings_set().

CREATE TABLE agent_settings (
    id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Demand statistics look at this many most recent days of demand_history.
    stats_window_days       integer NOT NULL DEFAULT 56 CHECK (stats_window_days BETWEEN 7 AND 365),
    -- Safety stock = z x sd x sqrt(lead time); 1.65 is a 95 % cycle service level.
    service_level_z         numeric NOT NULL DEFAULT 1.65 CHECK (service_level_z >= 0),
    -- Order up to the reorder point plus this many days of demand.
    review_period_days      integer NOT NULL DEFAULT 7 CHECK (review_period_days >= 0),
    -- A transfer source must hold more than this many weeks of cover.
    transfer_cover_weeks    numeric NOT NULL DEFAULT 8 CHECK (transfer_cover_weeks >= 0),
    -- Markdown: more than this many weeks of cover ...
    markdown_cover_weeks    numeric NOT NULL DEFAULT 26 CHECK (markdown_cover_weeks > 0),
    -- ... and a 28-day sell-through (sold / (sold + available)) below this.
    markdown_sell_through   numeric NOT NULL DEFAULT 0.15 CHECK (markdown_sell_through BETWEEN 0 AND 1),
    -- The price after a discount stays at or above cost x (1 + margin_floor).
    margin_floor            numeric NOT NULL DEFAULT 0.10 CHECK (margin_floor >= 0),
    -- Webhooks: first retry after this many seconds, doubling; dead letter after max attempts.
    webhook_backoff_seconds numeric NOT NULL DEFAULT 10 CHECK (webhook_backoff_seconds > 0),
    webhook_max_attempts    integer NOT NULL DEFAULT 8 CHECK (webhook_max_attempts > 0)
);

INSERT INTO agent_settings DEFAULT VALUES;
-- --------------------------------------------------------------------------------------------
-- Scheduler: intervals shared by every instance, and one row per run.

CREATE TABLE job_schedule (
    name             text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
    interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
    enabled          boolean NOT NULL DEFAULT true,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       text NOT NULL DEFAULT session_user
);

INSERT INTO job_schedule (name, interval_seconds) VALUES
    ('stock-check', 3600),
    ('redistribution', 3600),
    ('hold-expiry', 5),
    ('ledger-audit', 86400),
    ('demand-statistics', 86400),
    ('price-analysis', 86400),
    ('price-changes', 3600);

CREATE TABLE job_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job         text NOT NULL REFERENCES job_schedule (name),
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    instance    text NOT NULL,
    requested_by text NOT NULL DEFAULT session_user,
    manual      boolean NOT NULL DEFAULT false,
    outcome     text NOT NULL DEFAULT 'running'
                    CHECK (outcome IN ('running', 'ok', 'failed', 'skipped')),
    counts      jsonb NOT NULL DEFAULT '{}',
    error       text
);

CREATE INDEX job_runs_job_idx ON job_runs (job, started_at DESC);
-- --------------------------------------------------------------------------------------------
-- Demand statistics per (product, location), refreshed daily from demand_history so that the
-- hourly checks never unnest a million arrays.

CREATE TABLE demand_stats (
    product_id    integer NOT NULL REFERENCES products (id),
    location_id   smallint NOT NULL REFERENCES locations (id),
    window_days   integer NOT NULL,
    avg_daily     double precision NOT NULL,
    sd_daily      double precision NOT NULL,
    units_28d     integer NOT NULL,
    safety_stock  integer NOT NULL,
    reorder_point integer NOT NULL,
    computed_at   timestamptz NOT NULL DEFAULT now(),
    -- What the figures were computed from (the history row's version, lead time, settings):
    -- the daily job recomputes only those whose source changed.
    source_xmin      xid,
    source_lead_time integer,
    source_window    integer,
    source_z         double precision,
    PRIMARY KEY (product_id, location_id)
);
-- --------------------------------------------------------------------------------------------
-- Suggestions: one table for every kind, so the approval inbox is one query.
--   proposal  what the agent proposes (kind-specific: quantity, source, discount, ...)
--   numbers   the figures the rule used (demand rate, cover, distance, ...)
--   reason    a sentence built from the numbers
--   changes   what the approver edited (Modify); final = proposal with the changes applied
-- priority: 3 high, 2 normal, 1 low. Product and locations are checked once per statement by
-- triggers (functions/15_references.sql): a first run inserts tens of thousands at once.

CREATE TABLE suggestions (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind               text NOT NULL
                           CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit', 'adjustment')),
    product_id         integer NOT NULL,
    location_id        smallint, -- NULL: the whole product (markdown)
    source_location_id smallint,
    quantity           integer,
    value              numeric(14, 2) NOT NULL DEFAULT 0,
    priority           smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    proposal           jsonb NOT NULL,
    numbers            jsonb NOT NULL,
    reason             text NOT NULL,
    status             text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'superseded', 'rejected', 'executed',
                                             'failed')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    decision           text CHECK (decision IN ('approved', 'modified', 'rejected')),
    decided_by         text,
    decided_at         timestamptz,
    decision_note      text,
    changes            jsonb,
    final              jsonb,
    execution          jsonb,
    executed_at        timestamptz,
    error              text,
    -- Who filed it: the agent's rules, or a staff request (who asked, and the request as filed:
    -- structured, the text it was read from and by what).
    origin             text NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'staff')),
    requested_by       text,
    request            jsonb,
    -- A hash of every input a rule built the suggestion from: equal inputs, equal suggestion,
    -- so an hourly check rewrites (and announces) only what changed.
    basis              bigint,
    -- An explanation worded from the numbers (explanation_numbers); it counts only while those
    -- are still the suggestion's numbers.
    explanation         text CHECK (length(explanation) <= 300),
    explanation_source  text CHECK (explanation_source IN ('llm', 'template')),
    explanation_numbers jsonb,
    explanation_model   text,
    explanation_note    text, -- why the model's wording was not used
    explained_at        timestamptz,
    CONSTRAINT suggestions_staff_request_ck
        CHECK ((origin = 'staff') = (requested_by IS NOT NULL AND request IS NOT NULL))
);
-- One pending agent suggestion per (kind, SKU, location); rules refresh it in place and never
-- touch a person's request.
CREATE UNIQUE INDEX suggestions_pending_uq
    ON suggestions (kind, product_id, (coalesce(location_id, 0)))
    WHERE status = 'pending' AND origin = 'agent';
-- The inbox pages through the pending suggestions in this order (most urgent, then oldest).
CREATE INDEX suggestions_inbox_idx ON suggestions (priority DESC, created_at, id)
    WHERE status = 'pending';

CREATE INDEX suggestions_status_idx ON suggestions (status, created_at DESC);

CREATE INDEX suggestions_product_idx ON suggestions (product_id, created_at DESC);
-- Staff notifications (broadcast to staff; each person's preferences filter them).
CREATE TABLE notifications (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at    timestamptz NOT NULL DEFAULT now(),
    kind          text NOT NULL CHECK (kind IN ('low_stock', 'overstock', 'audit',
                                                'execution_failed', 'webhook_dead')),
    priority      smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    product_id    integer REFERENCES products (id),
    location_id   smallint REFERENCES locations (id),
    suggestion_id bigint REFERENCES suggestions (id),
    -- Only members of this role see it (e.g. dead letters go to admins).
    audience      text NOT NULL DEFAULT 'stockpilot_clerk'
);

CREATE INDEX notifications_created_idx ON notifications (created_at DESC);

CREATE TABLE notification_prefs (
    username     text PRIMARY KEY,
    kinds        text[] NOT NULL DEFAULT ARRAY['low_stock', 'overstock', 'audit',
                                               'execution_failed', 'webhook_dead'],
    min_priority smallint NOT NULL DEFAULT 2 CHECK (min_priority BETWEEN 1 AND 3),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notification_reads (
    notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    username        text NOT NULL,
    read_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, notification_id)
);
-- --------------------------------------------------------------------------------------------
-- Execution targets: purchase orders, price changes, the webhook outbox.

CREATE TABLE purchase_orders (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id    integer NOT NULL REFERENCES products (id),
    location_id   smallint NOT NULL REFERENCES locations (id),
    supplier      text NOT NULL,
    quantity      integer NOT NULL CHECK (quantity > 0),
    unit_cost     numeric(12, 2) NOT NULL,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received')),
    suggestion_id bigint REFERENCES suggestions (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT session_user,
    received_at   timestamptz,
    received_by   text
);

CREATE INDEX purchase_orders_open_idx ON purchase_orders (location_id) WHERE status = 'open';

CREATE TABLE price_changes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id     integer NOT NULL REFERENCES products (id),
    old_price      numeric(12, 2) NOT NULL,
    new_price      numeric(12, 2) NOT NULL CHECK (new_price >= 0),
    discount_pct   numeric(5, 2),
    effective_from date NOT NULL,
    applied_at     timestamptz,
    suggestion_id  bigint REFERENCES suggestions (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL DEFAULT session_user
);

CREATE INDEX price_changes_due_idx ON price_changes (effective_from) WHERE applied_at IS NULL;

CREATE TABLE webhook_endpoints (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    url         text NOT NULL CHECK (url ~ '^https?://'),
    secret      text NOT NULL CHECK (length(secret) >= 16),
    event_types text[] NOT NULL DEFAULT ARRAY['PurchaseOrderCreated'],
    supplier    text, -- only this supplier's purchase orders; NULL: all
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     integer NOT NULL REFERENCES webhook_endpoints (id),
    event_type      text NOT NULL,
    body            text NOT NULL, -- the exact bytes that are signed and sent
    status          text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);

CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at) WHERE status = 'pending';
-- --------------------------------------------------------------------------------------------
-- Approval policies: which staff role may decide which kind, up to which value. A person may
-- decide when any row for the kind names a role they are a member of and the value is within
-- its limit (NULL: no limit). Managers and admins are members of the clerk role too.

CREATE TABLE approval_policies (
    kind      text NOT NULL
                  CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit', 'adjustment')),
    role      text NOT NULL CHECK (role IN ('stockpilot_clerk', 'stockpilot_manager',
                                            'stockpilot_admin')),
    max_value numeric(14, 2) CHECK (max_value >= 0),
    PRIMARY KEY (kind, role)
);

INSERT INTO approval_policies (kind, role, max_value) VALUES
    ('restock', 'stockpilot_clerk', 1000),
    ('restock', 'stockpilot_manager', NULL),
    ('transfer', 'stockpilot_clerk', 2000),
    ('transfer', 'stockpilot_manager', NULL),
    ('markdown', 'stockpilot_manager', NULL),
    ('audit', 'stockpilot_admin', NULL),
    -- Counting stock is a manager's right (stock_adjust), so approving a counted quantity is too.
    ('adjustment', 'stockpilot_manager', NULL);
-- --------------------------------------------------------------------------------------------

-- --------------------------------------------------------------------------------------------
-- Privileges. The views are granted with their definitions (functions/*.sql).

GRANT SELECT ON agent_settings, job_schedule, job_runs, demand_stats, suggestions,
    purchase_orders, price_changes, approval_policies TO stockpilot_clerk;
GRANT SELECT ON notification_prefs, notifications TO stockpilot_admin;
GRANT SELECT (id, name, url, event_types, supplier, active, created_at) ON webhook_endpoints
    TO stockpilot_admin;
GRANT SELECT ON webhook_outbox TO stockpilot_admin;
