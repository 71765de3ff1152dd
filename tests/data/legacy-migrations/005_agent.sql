-- StockPilot agent: scheduled jobs, demand statistics, suggestions (restock, transfer,
-- markdown, ledger audit), the approval workflow with its policies, execution (purchase orders,
-- transfers, price changes), staff notifications and the webhook outbox.
--
-- Every rule is one set-based statement: it computes the candidates, refreshes or inserts the
-- pending suggestions, supersedes the ones whose conditions went away, and writes the events and
-- notifications, all in the same statement. No NOTIFY (see the events table in 001).

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

-- Registers a job with its default interval (a no-op when it exists). Called by every instance
-- at start, so a job added by a later version appears in the shared schedule by itself.
CREATE FUNCTION job_schedule_ensure(p_name text, p_default_seconds integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_interval integer;
BEGIN
    INSERT INTO job_schedule (name, interval_seconds) VALUES (p_name, p_default_seconds)
    ON CONFLICT (name) DO NOTHING;
    SELECT interval_seconds INTO v_interval FROM job_schedule WHERE name = p_name;
    RETURN v_interval;
END
$$;

CREATE FUNCTION job_schedule_set(p_name text, p_interval_seconds integer,
                                 p_enabled boolean DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_interval_seconds IS NULL OR p_interval_seconds <= 0 THEN
        RAISE EXCEPTION 'The interval must be at least one second (got %).',
            coalesce(p_interval_seconds::text, 'nothing')
            USING ERRCODE = 'SP009';
    END IF;
    UPDATE job_schedule
    SET interval_seconds = p_interval_seconds, enabled = coalesce(p_enabled, enabled),
        updated_at = now(), updated_by = session_user
    WHERE name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no job "%".', coalesce(p_name, '') USING ERRCODE = 'SP012';
    END IF;
END
$$;

-- Called with the job's advisory lock held. Returns the new run's id, or NULL when the job ran
-- (or was disabled) within its interval, so that it runs once per interval across instances.
-- A run left 'running' can only be a crashed instance's, since we hold the lock.
CREATE FUNCTION job_run_begin(p_name text, p_instance text, p_manual boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_job job_schedule;
    v_last timestamptz;
    v_id bigint;
BEGIN
    SELECT * INTO v_job FROM job_schedule WHERE name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no job "%".', coalesce(p_name, '') USING ERRCODE = 'SP012';
    END IF;
    UPDATE job_runs SET outcome = 'failed', finished_at = clock_timestamp(),
                        error = 'The instance stopped during the run.'
    WHERE job = p_name AND outcome = 'running';
    IF NOT p_manual THEN
        IF NOT v_job.enabled THEN
            RETURN NULL;
        END IF;
        SELECT max(started_at) INTO v_last FROM job_runs WHERE job = p_name AND outcome = 'ok';
        IF v_last IS NOT NULL
           AND v_last + make_interval(secs => v_job.interval_seconds) > clock_timestamp() THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO job_runs (job, instance, manual) VALUES (p_name, p_instance, p_manual)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

CREATE FUNCTION job_run_finish(p_run bigint, p_outcome text, p_counts jsonb, p_error text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_run job_runs;
    v_interval integer;
BEGIN
    UPDATE job_runs
    SET finished_at = clock_timestamp(), outcome = p_outcome,
        counts = coalesce(p_counts, '{}'), error = p_error
    WHERE id = p_run AND outcome = 'running'
    RETURNING * INTO v_run;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT interval_seconds INTO v_interval FROM job_schedule WHERE name = v_run.job;
    -- Jobs that run every few seconds only leave an event when something went wrong or was
    -- done, so the event log is not flooded by a sweeper finding nothing.
    IF v_interval >= 60 OR p_outcome <> 'ok' OR EXISTS (
           SELECT FROM jsonb_each(v_run.counts) c
           WHERE jsonb_typeof(c.value) = 'number' AND c.value::text::numeric <> 0) THEN
        INSERT INTO events (type, payload)
        VALUES ('JobRunFinished',
                jsonb_build_object('run_id', v_run.id, 'job', v_run.job, 'outcome', p_outcome,
                                   'counts', v_run.counts, 'error', p_error,
                                   'instance', v_run.instance));
    END IF;
END
$$;

-- Records a run that did not happen (another instance held the lock) so that a person who
-- pressed "Run now" sees why.
CREATE FUNCTION job_run_skipped(p_name text, p_instance text, p_why text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO job_runs (job, instance, manual, outcome, finished_at, error)
    VALUES (p_name, p_instance, true, 'skipped', clock_timestamp(), p_why)
    RETURNING id
$$;

-- The Jobs page: every job with its last run and when it is next due.
CREATE VIEW job_overview AS
SELECT s.name, s.interval_seconds, s.enabled,
       r.id AS last_run_id, r.started_at AS last_started_at, r.finished_at AS last_finished_at,
       r.outcome AS last_outcome, r.counts AS last_counts, r.error AS last_error,
       r.instance AS last_instance,
       ok.started_at AS last_ok_at,
       CASE WHEN NOT s.enabled THEN NULL
            WHEN ok.started_at IS NULL THEN now()
            ELSE greatest(now(), ok.started_at + make_interval(secs => s.interval_seconds))
       END AS next_due_at
FROM job_schedule s
LEFT JOIN LATERAL (SELECT * FROM job_runs j WHERE j.job = s.name
                   ORDER BY j.started_at DESC, j.id DESC LIMIT 1) r ON true
LEFT JOIN LATERAL (SELECT j.started_at FROM job_runs j WHERE j.job = s.name AND j.outcome = 'ok'
                   ORDER BY j.started_at DESC LIMIT 1) ok ON true;

-- The Event log page filters by SKU; events are append-only, so the index only costs an insert.
CREATE INDEX events_product_idx ON events (product_id, id) WHERE product_id IS NOT NULL;

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
    PRIMARY KEY (product_id, location_id)
);

-- Average and standard deviation of daily units over the most recent window, the last 28 days'
-- units, and from them the reorder point, which is also written to stock_levels.reorder_point
-- (where it changed) so that the Stock page and every rule use the same figure.
CREATE FUNCTION agent_demand_statistics() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_cfg agent_settings;
    v_stats bigint;
    v_points bigint;
BEGIN
    SELECT * INTO v_cfg FROM agent_settings;
    WITH s AS (
        SELECT h.product_id, h.location_id, x.n, x.avg_daily, x.sd_daily, y.units_28d,
               p.lead_time_days
        FROM demand_history h
        JOIN products p ON p.id = h.product_id
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS n, coalesce(avg(u), 0)::float8 AS avg_daily,
                   coalesce(stddev_pop(u), 0)::float8 AS sd_daily
            FROM unnest(h.daily_units[greatest(1, cardinality(h.daily_units)
                                                   - v_cfg.stats_window_days + 1):]) u) x
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(u), 0)::integer AS units_28d
            FROM unnest(h.daily_units[greatest(1, cardinality(h.daily_units) - 27):]) u) y
    ), r AS (
        SELECT s.*,
               ceil(v_cfg.service_level_z * s.sd_daily * sqrt(s.lead_time_days))::integer AS ss
        FROM s
    ), up AS (
        INSERT INTO demand_stats AS d (product_id, location_id, window_days, avg_daily, sd_daily,
                                       units_28d, safety_stock, reorder_point, computed_at)
        SELECT product_id, location_id, n, avg_daily, sd_daily, units_28d, ss,
               ceil(avg_daily * lead_time_days + ss)::integer, now()
        FROM r
        ON CONFLICT (product_id, location_id) DO UPDATE
            SET window_days = EXCLUDED.window_days, avg_daily = EXCLUDED.avg_daily,
                sd_daily = EXCLUDED.sd_daily, units_28d = EXCLUDED.units_28d,
                safety_stock = EXCLUDED.safety_stock, reorder_point = EXCLUDED.reorder_point,
                computed_at = EXCLUDED.computed_at
        RETURNING 1
    )
    SELECT count(*) INTO v_stats FROM up;

    UPDATE stock_levels sl SET reorder_point = d.reorder_point
    FROM demand_stats d
    WHERE d.product_id = sl.product_id AND d.location_id = sl.location_id
      AND sl.reorder_point <> d.reorder_point;
    GET DIAGNOSTICS v_points = ROW_COUNT;
    RETURN jsonb_build_object('statistics', v_stats, 'reorder_points_changed', v_points);
END
$$;

-- --------------------------------------------------------------------------------------------
-- Suggestions: one table for every kind, so the approval inbox is one query.
--   proposal  what the agent proposes (kind-specific: quantity, source, discount, ...)
--   numbers   the figures the rule used (demand rate, cover, distance, ...)
--   reason    a sentence built from the numbers
--   changes   what the approver edited (Modify); final = proposal with the changes applied
-- priority: 3 high, 2 normal, 1 low.

CREATE TABLE suggestions (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind               text NOT NULL CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit')),
    product_id         integer NOT NULL REFERENCES products (id),
    location_id        smallint REFERENCES locations (id), -- NULL: the whole product (markdown)
    source_location_id smallint REFERENCES locations (id),
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
    error              text
);
-- One pending suggestion per (kind, SKU, location); rules refresh it in place.
CREATE UNIQUE INDEX suggestions_pending_uq
    ON suggestions (kind, product_id, (coalesce(location_id, 0))) WHERE status = 'pending';
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

-- The signed-in person's notifications, filtered by their preferences (defaults: every kind,
-- normal priority and above).
CREATE VIEW my_notifications WITH (security_barrier) AS
SELECT n.id, n.created_at, n.kind, n.priority, n.title, n.body, n.product_id, n.location_id,
       n.suggestion_id, r.read_at IS NOT NULL AS is_read
FROM notifications n
LEFT JOIN notification_prefs p ON p.username = session_user
LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.username = session_user
WHERE pg_has_role(session_user, n.audience, 'MEMBER')
  AND n.kind = ANY (coalesce(p.kinds, ARRAY['low_stock', 'overstock', 'audit',
                                            'execution_failed', 'webhook_dead']))
  AND n.priority >= coalesce(p.min_priority, 2);

CREATE FUNCTION notification_prefs_set(p_kinds text[], p_min_priority integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_min_priority IS NULL OR p_min_priority NOT BETWEEN 1 AND 3 THEN
        RAISE EXCEPTION 'The minimum priority is 1 (low), 2 (normal) or 3 (high).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_kinds IS NULL OR NOT p_kinds <@ ARRAY['low_stock', 'overstock', 'audit',
                                                'execution_failed', 'webhook_dead'] THEN
        RAISE EXCEPTION 'Unknown notification kind in %.', coalesce(p_kinds::text, 'nothing')
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO notification_prefs (username, kinds, min_priority)
    VALUES (session_user, p_kinds, p_min_priority)
    ON CONFLICT (username) DO UPDATE
        SET kinds = EXCLUDED.kinds, min_priority = EXCLUDED.min_priority, updated_at = now();
END
$$;

CREATE FUNCTION notification_prefs_get(OUT kinds text[], OUT min_priority smallint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(p.kinds, ARRAY['low_stock', 'overstock', 'audit', 'execution_failed',
                                   'webhook_dead']),
           coalesce(p.min_priority, 2::smallint)
    FROM (SELECT) dummy
    LEFT JOIN notification_prefs p ON p.username = session_user
$$;

-- Marks notifications read for the signed-in person (all of theirs when p_ids is NULL).
CREATE FUNCTION notifications_mark_read(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO notification_reads (notification_id, username)
    SELECT id, session_user FROM my_notifications
    WHERE NOT is_read AND (p_ids IS NULL OR id = ANY (p_ids))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- Formatting helpers for reasons.
CREATE FUNCTION sp_fmt(p_value double precision, p_decimals integer DEFAULT 1) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    -- numeric keeps the scale in its text form ("6.0"); a plain expression, so it is inlined.
    SELECT round(p_value::numeric, p_decimals)::text
$$;

-- --------------------------------------------------------------------------------------------
-- Rule: restock from the supplier. A location whose available + incoming is below its reorder
-- point gets an order up to reorder point + review-period demand, rounded up to the pack size.
-- Locations with a pending transfer suggestion are left to it.
-- p_products NULL: every SKU (the hourly job); else only those SKUs (the stock watcher, right
-- after a change). Custom plans, so the targeted call uses the primary key and the full one a
-- single scan. The advisory lock keeps a targeted call and the hourly run from interleaving.

CREATE FUNCTION agent_stock_check(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    WITH cfg AS (
        SELECT * FROM agent_settings
    ), cand AS (
        SELECT s.product_id, s.location_id, s.available, s.incoming, s.reorder_point AS rop,
               coalesce(d.avg_daily, 0) AS avg_daily, coalesce(d.sd_daily, 0) AS sd_daily,
               coalesce(d.safety_stock, 0) AS safety_stock,
               p.sku, p.pack_size, p.lead_time_days, p.cost, p.supplier, l.code, l.name AS loc_name,
               ceil(coalesce(d.avg_daily, 0) * cfg.review_period_days)::integer AS review_demand,
               cfg.review_period_days
        FROM stock_levels s
        CROSS JOIN cfg
        JOIN products p ON p.id = s.product_id
        JOIN locations l ON l.id = s.location_id
        LEFT JOIN demand_stats d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.available + s.incoming < s.reorder_point
          AND (p_products IS NULL OR s.product_id = ANY (p_products))
          AND NOT EXISTS (SELECT FROM suggestions x
                          WHERE x.kind = 'transfer' AND x.status = 'pending'
                            AND x.product_id = s.product_id AND x.location_id = s.location_id)
    ), calc AS (
        SELECT c.*, c.rop + c.review_demand AS max_level,
               (ceil((c.rop + c.review_demand - c.available - c.incoming)::numeric
                     / c.pack_size) * c.pack_size)::integer AS qty,
               CASE WHEN c.avg_daily > 0 THEN (c.available + c.incoming) / c.avg_daily END
                   AS cover_days
        FROM cand c
    ), prop AS (
        SELECT c.product_id, c.location_id, c.qty, (c.qty * c.cost)::numeric(14, 2) AS value,
               CASE WHEN c.available = 0 OR c.cover_days < c.lead_time_days THEN 3 ELSE 2 END
                   AS priority,
               jsonb_build_object('quantity', c.qty, 'supplier', c.supplier, 'location', c.code,
                                  'unit_cost', c.cost, 'order_up_to', c.max_level) AS proposal,
               jsonb_build_object(
                   'avg_daily', round(c.avg_daily::numeric, 2),
                   'sd_daily', round(c.sd_daily::numeric, 2),
                   'available', c.available, 'incoming', c.incoming,
                   'cover_days', round(c.cover_days::numeric, 1),
                   'lead_time_days', c.lead_time_days, 'safety_stock', c.safety_stock,
                   'reorder_point', c.rop, 'review_days', c.review_period_days,
                   'max_level', c.max_level, 'pack_size', c.pack_size,
                   'packs', c.qty / c.pack_size) AS numbers,
               format('%s sells %s/day; %s available + %s incoming is %s, below the reorder '
                      'point of %s (%s-day lead time, safety stock %s). Order %s (%s packs of %s) '
                      'from %s to reach %s.',
                      c.loc_name, sp_fmt(c.avg_daily), c.available, c.incoming,
                      CASE WHEN c.cover_days IS NULL THEN 'no recent sales'
                           ELSE sp_fmt(c.cover_days) || ' days of cover' END,
                      c.rop, c.lead_time_days, c.safety_stock, c.qty, c.qty / c.pack_size,
                      c.pack_size, nullif(c.supplier, ''), c.max_level) AS reason
        FROM calc c
        WHERE c.qty > 0
    ), cur AS (
        SELECT x.id, x.product_id, x.location_id FROM suggestions x
        WHERE x.kind = 'restock' AND x.status = 'pending'
          AND (p_products IS NULL OR x.product_id = ANY (p_products))
    ), stale AS MATERIALIZED (
        -- A FULL join cannot run as a nested loop: linear however stale the statistics of
        -- the pending rows are (an anti-join over the CTE was quadratic).
        SELECT cur.id FROM cur
        FULL JOIN prop ON prop.product_id = cur.product_id AND prop.location_id = cur.location_id
        WHERE prop.product_id IS NULL
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM stale WHERE x.id = stale.id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), up AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, quantity, value, priority,
                                      proposal, numbers, reason)
        SELECT 'restock', product_id, location_id, qty, value, priority, proposal, numbers, reason
        FROM prop
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0))) WHERE status = 'pending'
        DO UPDATE SET quantity = EXCLUDED.quantity, value = EXCLUDED.value,
                      priority = EXCLUDED.priority, proposal = EXCLUDED.proposal,
                      numbers = EXCLUDED.numbers, reason = EXCLUDED.reason, updated_at = now()
            WHERE x.proposal IS DISTINCT FROM EXCLUDED.proposal
               OR x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, x.reason,
                  (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (type, product_id, location_id, payload)
        SELECT 'InventoryActionSuggested', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        SELECT 'low_stock', up.priority,
               format('Low stock: %s at %s', p.sku, l.code), up.reason, up.product_id,
               up.location_id, up.id
        FROM up
        JOIN products p ON p.id = up.product_id
        JOIN locations l ON l.id = up.location_id
        -- Only urgent ones (stock-out before a delivery could arrive): the inbox has the rest,
        -- and a badge counting every routine reorder would be ignored.
        WHERE up.inserted AND up.priority >= 3
        RETURNING 1
    )
    SELECT jsonb_build_object('candidates', (SELECT count(*) FROM prop),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    RETURN v_counts;
END
$$;

-- --------------------------------------------------------------------------------------------
-- Rule: redistribution. A store (or the online stock) below its reorder point gets a transfer
-- from the nearest location holding more than N weeks of cover, never taking that source below
-- its own reorder point. It replaces a pending restock for the same store.

CREATE FUNCTION agent_redistribution(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    WITH cfg AS (
        SELECT * FROM agent_settings
    ), dest AS (
        SELECT s.product_id, s.location_id, s.available, s.incoming, s.reorder_point AS rop,
               coalesce(d.avg_daily, 0) AS avg_daily, l.code, l.name AS loc_name,
               l.latitude, l.longitude, p.sku, p.cost,
               s.reorder_point + ceil(coalesce(d.avg_daily, 0) * cfg.review_period_days)::integer
                   - s.available - s.incoming AS need,
               cfg.transfer_cover_weeks
        FROM stock_levels s
        CROSS JOIN cfg
        JOIN locations l ON l.id = s.location_id AND l.kind IN ('store', 'online')
        JOIN products p ON p.id = s.product_id
        LEFT JOIN demand_stats d ON d.product_id = s.product_id AND d.location_id = s.location_id
        WHERE s.available + s.incoming < s.reorder_point
          AND (p_products IS NULL OR s.product_id = ANY (p_products))
    ), pick AS (
        SELECT dest.*, src.*, least(dest.need, src.surplus) AS qty,
               CASE WHEN dest.avg_daily > 0
                    THEN (dest.available + dest.incoming) / dest.avg_daily END AS cover_days
        FROM dest
        CROSS JOIN LATERAL (
            SELECT s2.location_id AS src_id, l2.code AS src_code, l2.name AS src_name,
                   s2.available AS src_available, s2.reorder_point AS src_rop,
                   coalesce(d2.avg_daily, 0) AS src_avg,
                   CASE WHEN coalesce(d2.avg_daily, 0) > 0
                        THEN s2.available / (d2.avg_daily * 7) END AS src_cover_weeks,
                   s2.available - s2.reorder_point AS surplus,
                   distance_km(dest.latitude, dest.longitude, l2.latitude, l2.longitude) AS km
            FROM stock_levels s2
            JOIN locations l2 ON l2.id = s2.location_id
            LEFT JOIN demand_stats d2
                ON d2.product_id = s2.product_id AND d2.location_id = s2.location_id
            WHERE s2.product_id = dest.product_id AND s2.location_id <> dest.location_id
              AND s2.available > s2.reorder_point
              AND (coalesce(d2.avg_daily, 0) = 0
                   OR s2.available / (d2.avg_daily * 7) > dest.transfer_cover_weeks)
            ORDER BY km, s2.location_id
            LIMIT 1) src
        WHERE dest.need > 0
    ), prop AS (
        SELECT k.product_id, k.location_id, k.src_id, k.qty,
               (k.qty * k.cost)::numeric(14, 2) AS value,
               CASE WHEN k.available = 0 OR k.cover_days < 3 THEN 3 ELSE 2 END AS priority,
               jsonb_build_object('quantity', k.qty, 'source', k.src_code,
                                  'destination', k.code) AS proposal,
               jsonb_build_object(
                   'avg_daily', round(k.avg_daily::numeric, 2), 'available', k.available,
                   'incoming', k.incoming, 'reorder_point', k.rop, 'need', k.need,
                   'cover_days', round(k.cover_days::numeric, 1),
                   'source_available', k.src_available, 'source_reorder_point', k.src_rop,
                   'source_avg_daily', round(k.src_avg::numeric, 2),
                   'source_cover_weeks', round(k.src_cover_weeks::numeric, 1),
                   'distance_km', round(k.km::numeric, 1)) AS numbers,
               format('%s sells %s/day, %s left; %s has %s (%s available, %s km away). '
                      'Transfer %s, keeping %s at or above its reorder point of %s.',
                      k.loc_name, sp_fmt(k.avg_daily),
                      CASE WHEN k.cover_days IS NULL THEN k.available || ' units'
                           ELSE sp_fmt(k.cover_days) || ' days of cover' END,
                      k.src_name,
                      CASE WHEN k.src_cover_weeks IS NULL THEN 'no recent sales'
                           ELSE sp_fmt(k.src_cover_weeks) || ' weeks of cover' END,
                      k.src_available, sp_fmt(k.km), k.qty, k.src_name, k.src_rop) AS reason
        FROM pick k
        WHERE k.qty > 0
    ), cur AS (
        SELECT x.id, x.kind, x.product_id, x.location_id FROM suggestions x
        WHERE x.kind IN ('transfer', 'restock') AND x.status = 'pending'
          AND (p_products IS NULL OR x.product_id = ANY (p_products))
    ), stale AS MATERIALIZED (
        -- Transfers whose conditions went away, and restocks a transfer now replaces. A FULL
        -- join cannot become a quadratic nested loop over the CTE.
        SELECT cur.id FROM cur
        FULL JOIN prop ON prop.product_id = cur.product_id AND prop.location_id = cur.location_id
        -- (IS NOT DISTINCT FROM is not strict, so the planner keeps the FULL join.)
        WHERE (cur.kind IS NOT DISTINCT FROM 'transfer' AND prop.product_id IS NULL)
           OR (cur.kind IS NOT DISTINCT FROM 'restock' AND prop.product_id IS NOT NULL)
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM stale WHERE x.id = stale.id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), up AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, source_location_id, quantity,
                                      value, priority, proposal, numbers, reason)
        SELECT 'transfer', product_id, location_id, src_id, qty, value, priority, proposal,
               numbers, reason
        FROM prop
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0))) WHERE status = 'pending'
        DO UPDATE SET source_location_id = EXCLUDED.source_location_id,
                      quantity = EXCLUDED.quantity, value = EXCLUDED.value,
                      priority = EXCLUDED.priority, proposal = EXCLUDED.proposal,
                      numbers = EXCLUDED.numbers, reason = EXCLUDED.reason, updated_at = now()
            WHERE x.proposal IS DISTINCT FROM EXCLUDED.proposal
               OR x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, x.reason,
                  (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (type, product_id, location_id, payload)
        SELECT 'InventoryActionSuggested', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        SELECT 'low_stock', up.priority, format('Low stock: %s at %s', p.sku, l.code),
               up.reason, up.product_id, up.location_id, up.id
        FROM up
        JOIN products p ON p.id = up.product_id
        JOIN locations l ON l.id = up.location_id
        WHERE up.inserted AND up.priority >= 3 -- urgent only, as in agent_stock_check()
        RETURNING 1
    )
    SELECT jsonb_build_object('candidates', (SELECT count(*) FROM prop),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    RETURN v_counts;
END
$$;

-- --------------------------------------------------------------------------------------------
-- Rule: markdown. A product whose stock (all locations) covers more than the threshold in weeks
-- and whose 28-day sell-through is slow gets a discount tier: 10 % above the threshold, 20 %
-- above 1.5 x, 30 % above 2 x (or no recent sales), capped so that the price stays at or above
-- cost x (1 + margin floor). Product-wide: location_id is NULL.

CREATE FUNCTION sp_markdown_max_discount(p_price numeric, p_cost numeric, p_floor numeric)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_price > 0
                THEN floor((1 - p_cost * (1 + p_floor) / p_price) * 100)::integer
                ELSE 0 END
$$;

CREATE FUNCTION sp_discounted_price(p_price numeric, p_discount numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    -- Rounded up to the cent, so that rounding never takes it below the margin floor.
    SELECT (ceil(p_price * (100 - p_discount)) / 100)::numeric(12, 2)
$$;

CREATE FUNCTION agent_price_analysis() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    WITH cfg AS (
        SELECT * FROM agent_settings
    ), agg AS (
        SELECT p.id AS product_id, p.sku, p.name, p.price, p.cost,
               sum(s.available)::integer AS available,
               sum(coalesce(d.avg_daily, 0)) AS avg_daily,
               sum(coalesce(d.units_28d, 0))::integer AS sold_28d
        FROM products p
        JOIN stock_levels s ON s.product_id = p.id
        LEFT JOIN demand_stats d ON d.product_id = s.product_id AND d.location_id = s.location_id
        GROUP BY p.id
        -- Without any demand history, "no sales" would only mean "no data".
        HAVING count(d.product_id) > 0
    ), m AS (
        SELECT a.*, cfg.markdown_cover_weeks AS threshold, cfg.margin_floor,
               CASE WHEN a.avg_daily > 0 THEN a.available / (a.avg_daily * 7) END AS cover_weeks,
               a.sold_28d::numeric / nullif(a.sold_28d + a.available, 0) AS sell_through,
               sp_markdown_max_discount(a.price, a.cost, cfg.margin_floor) AS max_discount
        FROM agg a CROSS JOIN cfg
        WHERE a.available > 0
    ), t AS (
        SELECT m.*,
               CASE WHEN m.cover_weeks IS NULL OR m.cover_weeks > 2 * m.threshold THEN 30
                    WHEN m.cover_weeks > 1.5 * m.threshold THEN 20
                    ELSE 10 END AS tier
        FROM m
        WHERE (m.cover_weeks IS NULL OR m.cover_weeks > m.threshold)
          AND m.sell_through < (SELECT markdown_sell_through FROM cfg)
    ), prop AS (
        SELECT t.*, least(t.tier, t.max_discount) AS discount,
               sp_discounted_price(t.price, least(t.tier, t.max_discount)) AS new_price
        FROM t
        WHERE least(t.tier, t.max_discount) >= 5
    ), prop2 AS (
        SELECT p.product_id, p.discount,
               ((p.price - p.new_price) * p.available)::numeric(14, 2) AS value,
               CASE WHEN p.cover_weeks IS NULL OR p.cover_weeks > 2 * p.threshold THEN 2 ELSE 1 END
                   AS priority,
               jsonb_build_object('discount_pct', p.discount, 'old_price', p.price,
                                  'new_price', p.new_price,
                                  'effective_from', current_date) AS proposal,
               jsonb_build_object(
                   'available', p.available, 'avg_daily', round(p.avg_daily::numeric, 2),
                   'cover_weeks', round(p.cover_weeks::numeric, 1),
                   'sold_28d', p.sold_28d,
                   'sell_through_pct', round(p.sell_through * 100, 1),
                   'threshold_weeks', p.threshold, 'tier_pct', p.tier,
                   'max_discount_pct', p.max_discount, 'cost', p.cost,
                   'margin_floor_pct', round(p.margin_floor * 100, 1)) AS numbers,
               format('%s: %s units in stock, %s; %s%% sold in 28 days. Mark down %s%% '
                      '(%s -> %s)%s.',
                      p.sku, p.available,
                      CASE WHEN p.cover_weeks IS NULL THEN 'no recent sales'
                           ELSE sp_fmt(p.cover_weeks) || ' weeks of cover' END,
                      sp_fmt(p.sell_through * 100), p.discount, p.price, p.new_price,
                      CASE WHEN p.discount < p.tier
                           THEN format(', limited from %s%% by the %s%% margin floor over cost %s',
                                       p.tier, sp_fmt(p.margin_floor * 100, 0), p.cost)
                           ELSE '' END) AS reason
        FROM prop p
    ), cur AS (
        SELECT x.id, x.product_id FROM suggestions x
        WHERE x.kind = 'markdown' AND x.status = 'pending'
    ), stale AS MATERIALIZED (
        SELECT cur.id FROM cur FULL JOIN prop2 ON prop2.product_id = cur.product_id
        WHERE prop2.product_id IS NULL
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM stale WHERE x.id = stale.id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), up AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, value, priority, proposal,
                                      numbers, reason)
        SELECT 'markdown', product_id, NULL, value, priority, proposal, numbers, reason
        FROM prop2
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0))) WHERE status = 'pending'
        DO UPDATE SET value = EXCLUDED.value, priority = EXCLUDED.priority,
                      proposal = EXCLUDED.proposal, numbers = EXCLUDED.numbers,
                      reason = EXCLUDED.reason, updated_at = now()
            WHERE x.proposal - 'effective_from' IS DISTINCT FROM EXCLUDED.proposal - 'effective_from'
               OR x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.priority, x.reason, (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (type, product_id, payload)
        SELECT 'PriceAdjustmentSuggested', product_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT 'SuggestionSuperseded', product_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, suggestion_id)
        SELECT 'overstock', up.priority, format('Overstock: %s', p.sku), up.reason,
               up.product_id, up.id
        FROM up JOIN products p ON p.id = up.product_id
        WHERE up.inserted
        RETURNING 1
    )
    SELECT jsonb_build_object('candidates', (SELECT count(*) FROM prop2),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    RETURN v_counts;
END
$$;

-- --------------------------------------------------------------------------------------------
-- Rule: ledger audit. Each (SKU, location) whose level differs from the ledger's replay becomes
-- a finding for an admin; nothing is corrected until a person decides.

CREATE FUNCTION agent_ledger_audit() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    WITH diff AS (
        SELECT p.id AS product_id, l.id AS location_id, a.sku, a.location, l.name AS loc_name,
               jsonb_agg(jsonb_build_object('figure', a.figure, 'level', a.level_value,
                                            'ledger', a.ledger_value) ORDER BY a.figure)
                   AS figures,
               string_agg(format('%s: level %s, ledger %s', a.figure, a.level_value,
                                 a.ledger_value), '; ' ORDER BY a.figure) AS summary
        FROM ledger_audit() a
        JOIN products p ON p.sku = a.sku
        JOIN locations l ON l.code = a.location
        GROUP BY p.id, l.id, a.sku, a.location, l.name
    ), prop AS (
        SELECT d.product_id, d.location_id,
               jsonb_build_object('corrections', d.figures) AS proposal,
               jsonb_build_object('figures', d.figures) AS numbers,
               format('The stock of %s at %s differs from its ledger (%s). Approving records a '
                      'ledger correction that accepts the current level; investigate first.',
                      d.sku, d.loc_name, d.summary) AS reason
        FROM diff d
    ), cur AS (
        SELECT x.id, x.product_id, x.location_id FROM suggestions x
        WHERE x.kind = 'audit' AND x.status = 'pending'
    ), stale AS MATERIALIZED (
        SELECT cur.id FROM cur
        FULL JOIN prop ON prop.product_id = cur.product_id AND prop.location_id = cur.location_id
        WHERE prop.product_id IS NULL
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM stale WHERE x.id = stale.id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), up AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, priority, proposal, numbers,
                                      reason)
        SELECT 'audit', product_id, location_id, 3, proposal, numbers, reason FROM prop
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0))) WHERE status = 'pending'
        DO UPDATE SET proposal = EXCLUDED.proposal, numbers = EXCLUDED.numbers,
                      reason = EXCLUDED.reason, updated_at = now()
            WHERE x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.reason, (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (type, product_id, location_id, payload)
        SELECT 'HumanReviewRequired', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', 3)
        FROM up
        UNION ALL
        SELECT 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id, audience)
        SELECT 'audit', 3, 'Ledger difference found', up.reason, up.product_id, up.location_id,
               up.id, 'stockpilot_admin'
        FROM up WHERE up.inserted
        RETURNING 1
    )
    SELECT jsonb_build_object('findings', (SELECT count(*) FROM prop),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    RETURN v_counts;
END
$$;

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

CREATE FUNCTION webhook_enqueue(p_type text, p_data jsonb, p_supplier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO webhook_outbox (endpoint_id, event_type, body)
    SELECT e.id, p_type,
           jsonb_build_object('type', p_type, 'created_at', now(), 'data', p_data)::text
    FROM webhook_endpoints e
    WHERE e.active AND p_type = ANY (e.event_types)
      AND (e.supplier IS NULL OR e.supplier = p_supplier);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

CREATE FUNCTION webhook_endpoint_add(p_name text, p_url text, p_secret text,
                                     p_event_types text[] DEFAULT ARRAY['PurchaseOrderCreated'],
                                     p_supplier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id integer;
BEGIN
    IF p_url IS NULL OR p_url !~ '^https?://' THEN
        RAISE EXCEPTION 'A webhook URL starts with http:// or https:// (got "%").',
            coalesce(p_url, '') USING ERRCODE = 'SP009';
    END IF;
    IF p_secret IS NULL OR length(p_secret) < 16 THEN
        RAISE EXCEPTION 'A webhook secret has at least 16 characters.' USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO webhook_endpoints (name, url, secret, event_types, supplier)
    VALUES (p_name, p_url, p_secret, p_event_types, p_supplier)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- The deliverer takes due items with a lease (next_attempt_at moves forward), so several
-- instances never send the same item at once.
CREATE FUNCTION webhook_claim(p_limit integer, p_lease_seconds integer)
RETURNS TABLE (id bigint, url text, secret text, event_type text, body text, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH due AS (
        SELECT o.id FROM webhook_outbox o
        WHERE o.status = 'pending' AND o.next_attempt_at <= clock_timestamp()
        ORDER BY o.next_attempt_at, o.id
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE webhook_outbox o
        SET next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_seconds)
        FROM due WHERE o.id = due.id
        RETURNING o.id, o.endpoint_id, o.event_type, o.body, o.attempts
    )
    SELECT c.id, e.url, e.secret, c.event_type, c.body, c.attempts
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id
    ORDER BY c.id
$$;

-- Records an attempt: delivered, or retried later with exponential back-off, or after the
-- maximum number of attempts moved to the dead-letter state for admins to look at.
CREATE FUNCTION webhook_result(p_id bigint, p_ok boolean, p_http_status integer, p_error text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cfg agent_settings;
    v_item webhook_outbox;
BEGIN
    SELECT * INTO v_cfg FROM agent_settings;
    SELECT * INTO v_item FROM webhook_outbox WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR v_item.status <> 'pending' THEN
        RETURN coalesce(v_item.status, 'unknown');
    END IF;
    IF p_ok THEN
        UPDATE webhook_outbox
        SET status = 'delivered', attempts = attempts + 1, delivered_at = clock_timestamp(),
            last_status = p_http_status, last_error = NULL
        WHERE id = p_id;
        RETURN 'delivered';
    END IF;
    IF v_item.attempts + 1 >= v_cfg.webhook_max_attempts THEN
        UPDATE webhook_outbox
        SET status = 'dead', attempts = attempts + 1, last_status = p_http_status,
            last_error = p_error
        WHERE id = p_id;
        INSERT INTO events (type, payload)
        VALUES ('WebhookDeadLettered',
                jsonb_build_object('outbox_id', p_id, 'event_type', v_item.event_type,
                                   'attempts', v_item.attempts + 1, 'error', p_error));
        INSERT INTO notifications (kind, priority, title, body, audience)
        VALUES ('webhook_dead', 3, 'A webhook could not be delivered',
                format('Outbox item %s (%s) failed %s times; last error: %s', p_id,
                       v_item.event_type, v_item.attempts + 1, p_error),
                'stockpilot_admin');
        RETURN 'dead';
    END IF;
    UPDATE webhook_outbox
    SET attempts = attempts + 1, last_status = p_http_status, last_error = p_error,
        next_attempt_at = clock_timestamp() + make_interval(
            secs => least(3600, v_cfg.webhook_backoff_seconds * power(2, v_item.attempts))::float8)
    WHERE id = p_id;
    RETURN 'retry';
END
$$;

-- An admin sends a dead letter again (after fixing the endpoint).
CREATE FUNCTION webhook_requeue(p_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE id = p_id AND status = 'dead';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Outbox item % is not in the dead-letter list.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP009';
    END IF;
END
$$;

-- --------------------------------------------------------------------------------------------
-- Purchase orders and prices

CREATE FUNCTION sp_purchase_order_create(p_product integer, p_location smallint,
                                         p_quantity integer, p_suggestion bigint)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product products;
    v_location locations;
    v_po bigint;
BEGIN
    PERFORM sp_check_quantity(p_quantity);
    SELECT * INTO v_product FROM products WHERE id = p_product;
    SELECT * INTO v_location FROM locations WHERE id = p_location;
    INSERT INTO purchase_orders (product_id, location_id, supplier, quantity, unit_cost,
                                 suggestion_id)
    VALUES (p_product, p_location, v_product.supplier, p_quantity, v_product.cost, p_suggestion)
    RETURNING id INTO v_po;
    INSERT INTO stock_levels AS s (product_id, location_id, incoming)
    VALUES (p_product, p_location, p_quantity)
    ON CONFLICT (product_id, location_id)
        DO UPDATE SET incoming = s.incoming + EXCLUDED.incoming, updated_at = now();
    INSERT INTO stock_movements (product_id, location_id, reason, d_incoming, ref_type, ref_id)
    VALUES (p_product, p_location, 'purchase_order', p_quantity, 'purchase_order', v_po);
    PERFORM sp_emit_inventory_event(p_product, p_location, 'purchase_order',
                                    jsonb_build_object('purchase_order_id', v_po,
                                                       'quantity', p_quantity));
    PERFORM webhook_enqueue('PurchaseOrderCreated',
                            jsonb_build_object('purchase_order_id', v_po,
                                               'supplier', v_product.supplier,
                                               'sku', v_product.sku, 'name', v_product.name,
                                               'quantity', p_quantity,
                                               'unit_cost', v_product.cost,
                                               'deliver_to', jsonb_build_object(
                                                   'code', v_location.code,
                                                   'name', v_location.name,
                                                   'latitude', v_location.latitude,
                                                   'longitude', v_location.longitude)),
                            v_product.supplier);
    RETURN jsonb_build_object('purchase_order_id', v_po, 'quantity', p_quantity,
                              'supplier', v_product.supplier);
END
$$;

-- The goods of a purchase order arrive: incoming becomes on hand.
CREATE FUNCTION purchase_order_receive(p_po bigint, p_note text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_po purchase_orders;
BEGIN
    SELECT * INTO v_po FROM purchase_orders WHERE id = p_po FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no purchase order %.', coalesce(p_po::text, '(none given)')
            USING ERRCODE = 'SP013';
    END IF;
    IF v_po.status <> 'open' THEN
        RAISE EXCEPTION 'Purchase order % was already received on % by %.', p_po,
            to_char(v_po.received_at, 'YYYY-MM-DD HH24:MI'), v_po.received_by
            USING ERRCODE = 'SP013';
    END IF;
    UPDATE stock_levels
    SET incoming = incoming - v_po.quantity, on_hand = on_hand + v_po.quantity, updated_at = now()
    WHERE product_id = v_po.product_id AND location_id = v_po.location_id;
    UPDATE purchase_orders SET status = 'received', received_at = now(), received_by = session_user
    WHERE id = p_po;
    INSERT INTO stock_movements
        (product_id, location_id, reason, d_on_hand, d_incoming, ref_type, ref_id, note)
    VALUES (v_po.product_id, v_po.location_id, 'purchase_order_receive', v_po.quantity,
            -v_po.quantity, 'purchase_order', p_po, p_note);
    RETURN sp_emit_inventory_event(v_po.product_id, v_po.location_id, 'purchase_order_receive',
                                   jsonb_build_object('purchase_order_id', p_po,
                                                      'quantity', v_po.quantity));
END
$$;

-- Applies the price changes whose day has come (the markdown execution and the price-changes
-- job call it).
CREATE FUNCTION price_changes_apply_due() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    WITH due AS (
        -- The latest due change per product wins; older due ones are applied as history.
        SELECT DISTINCT ON (c.product_id) c.id, c.product_id, c.new_price
        FROM price_changes c
        WHERE c.applied_at IS NULL AND c.effective_from <= current_date
        ORDER BY c.product_id, c.effective_from DESC, c.id DESC
    ), marked AS (
        UPDATE price_changes c SET applied_at = now()
        WHERE c.applied_at IS NULL AND c.effective_from <= current_date
        RETURNING c.id
    ), changed AS (
        UPDATE products p SET price = due.new_price, updated_at = now()
        FROM due WHERE p.id = due.product_id
        RETURNING p.id, p.sku, p.price, due.id AS change_id
    ), ev AS (
        INSERT INTO events (type, product_id, payload)
        SELECT 'PriceChanged', id,
               jsonb_build_object('sku', sku, 'price', price, 'price_change_id', change_id)
        FROM changed
        RETURNING 1
    )
    SELECT count(*) INTO v_count FROM changed;
    RETURN jsonb_build_object('applied', v_count);
END
$$;

-- --------------------------------------------------------------------------------------------
-- Approval policies: which staff role may decide which kind, up to which value. A person may
-- decide when any row for the kind names a role they are a member of and the value is within
-- its limit (NULL: no limit). Managers and admins are members of the clerk role too.

CREATE TABLE approval_policies (
    kind      text NOT NULL CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit')),
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
    ('audit', 'stockpilot_admin', NULL);

CREATE FUNCTION sp_check_policy(p_kind text, p_value numeric) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_rules text;
BEGIN
    IF EXISTS (SELECT FROM approval_policies a
               WHERE a.kind = p_kind AND pg_has_role(session_user, a.role, 'MEMBER')
                 AND (a.max_value IS NULL OR p_value <= a.max_value)) THEN
        RETURN;
    END IF;
    SELECT string_agg(format('%s %s', replace(a.role, 'stockpilot_', ''),
                             CASE WHEN a.max_value IS NULL THEN 'without limit'
                                  ELSE 'up to ' || a.max_value END), ', '
                      ORDER BY a.max_value NULLS LAST)
    INTO v_rules FROM approval_policies a WHERE a.kind = p_kind;
    RAISE EXCEPTION 'You (%) may not decide this % suggestion worth %.', session_user, p_kind,
        p_value
        USING ERRCODE = '42501',
              HINT = format('Who may decide %s suggestions: %s.', p_kind,
                            coalesce(v_rules, 'nobody'));
END
$$;

-- Carries out a decided suggestion with its final proposal. Raises on failure; the caller
-- records the failure.
CREATE FUNCTION sp_suggestion_execute(p_s suggestions, p_final jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product products;
    v_qty integer;
    v_discount numeric;
    v_new numeric;
    v_from date;
    v_change bigint;
    v_result jsonb;
    r record;
    v_cfg agent_settings;
BEGIN
    SELECT * INTO v_product FROM products WHERE id = p_s.product_id;
    CASE p_s.kind
    WHEN 'restock' THEN
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN sp_purchase_order_create(p_s.product_id, p_s.location_id, v_qty, p_s.id);
    WHEN 'transfer' THEN
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN stock_transfer(v_product.sku, p_final ->> 'source',
                              (SELECT code FROM locations WHERE id = p_s.location_id), v_qty,
                              'suggestion ' || p_s.id);
    WHEN 'markdown' THEN
        SELECT * INTO v_cfg FROM agent_settings;
        v_discount := (p_final ->> 'discount_pct')::numeric;
        v_from := coalesce((p_final ->> 'effective_from')::date, current_date);
        v_new := sp_discounted_price(v_product.price, v_discount);
        IF v_new < v_product.cost * (1 + v_cfg.margin_floor) THEN
            RAISE EXCEPTION 'A markdown of % percent would price % at %, below the margin floor (cost % plus % percent).',
                v_discount, v_product.sku, v_new, v_product.cost, v_cfg.margin_floor * 100
                USING ERRCODE = 'SP009';
        END IF;
        INSERT INTO price_changes (product_id, old_price, new_price, discount_pct, effective_from,
                                   suggestion_id)
        VALUES (p_s.product_id, v_product.price, v_new, v_discount, v_from, p_s.id)
        RETURNING id INTO v_change;
        PERFORM price_changes_apply_due();
        RETURN jsonb_build_object('price_change_id', v_change, 'old_price', v_product.price,
                                  'new_price', v_new, 'effective_from', v_from);
    WHEN 'audit' THEN
        -- Accept the current level: a ledger row per differing figure makes the replay match.
        v_result := '[]';
        FOR r IN SELECT * FROM ledger_audit() a
                 WHERE a.sku = v_product.sku
                   AND a.location = (SELECT code FROM locations WHERE id = p_s.location_id)
        LOOP
            INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, d_reserved,
                                         d_committed, d_incoming, d_quarantine, d_damaged,
                                         ref_type, ref_id, note)
            VALUES (p_s.product_id, p_s.location_id, 'audit_correction',
                    CASE r.figure WHEN 'on_hand' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'reserved' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'committed' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'incoming' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'quarantine' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'damaged' THEN r.level_value - r.ledger_value ELSE 0 END,
                    'suggestion', p_s.id, 'ledger audit correction');
            v_result := v_result || jsonb_build_object('figure', r.figure,
                                                       'delta', r.level_value - r.ledger_value);
        END LOOP;
        RETURN jsonb_build_object('corrections', v_result);
    END CASE;
END
$$;

-- The value a decision is judged by (policies): units x cost for stock moves, the revenue given
-- away for a markdown.
CREATE FUNCTION sp_suggestion_value(p_s suggestions, p_final jsonb) RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE p_s.kind
        WHEN 'restock' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'transfer' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'markdown' THEN (p.price - sp_discounted_price(p.price,
                                          (p_final ->> 'discount_pct')::numeric))
                             * coalesce((SELECT sum(available) FROM stock_levels
                                         WHERE product_id = p.id), 0)
        ELSE 0 END
    FROM products p WHERE p.id = p_s.product_id
$$;

-- Approve, modify or reject. The row lock makes concurrent decisions queue: the first decides
-- and executes, the others get SP010 saying who decided and when.
CREATE FUNCTION sp_suggestion_decide(p_id bigint, p_action text, p_changes jsonb, p_note text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v suggestions;
    v_final jsonb;
    v_changes jsonb := '{}';
    v_key text;
    v_value numeric;
    v_execution jsonb;
    v_error text;
    v_state text;
    v_status text;
    v_sku text;
    v_loc text;
BEGIN
    SELECT * INTO v FROM suggestions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no suggestion %.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP011';
    END IF;
    IF v.status = 'superseded' THEN
        RAISE EXCEPTION 'Suggestion % is no longer valid: its conditions went away at %.', p_id,
            to_char(v.updated_at, 'YYYY-MM-DD HH24:MI:SS')
            USING ERRCODE = 'SP010',
                  DETAIL = jsonb_build_object('status', v.status)::text;
    END IF;
    IF v.status <> 'pending' THEN
        RAISE EXCEPTION 'Suggestion % was already % by % at %.', p_id, v.decision, v.decided_by,
            to_char(v.decided_at, 'YYYY-MM-DD HH24:MI:SS')
            USING ERRCODE = 'SP010',
                  DETAIL = jsonb_build_object('status', v.status, 'decision', v.decision,
                                              'decided_by', v.decided_by,
                                              'decided_at', v.decided_at)::text;
    END IF;

    v_final := v.proposal;
    IF p_action = 'modified' THEN
        IF p_changes IS NULL OR jsonb_typeof(p_changes) <> 'object' OR p_changes = '{}' THEN
            RAISE EXCEPTION 'A modification needs at least one change.' USING ERRCODE = 'SP009';
        END IF;
        FOR v_key IN SELECT jsonb_object_keys(p_changes) LOOP
            IF NOT ((v.kind IN ('restock', 'transfer') AND v_key = 'quantity')
                    OR (v.kind = 'transfer' AND v_key = 'source')
                    OR (v.kind = 'markdown' AND v_key IN ('discount_pct', 'effective_from'))) THEN
                RAISE EXCEPTION 'A % suggestion has no "%" to change.', v.kind, v_key
                    USING ERRCODE = 'SP009';
            END IF;
        END LOOP;
        IF p_changes ? 'quantity' THEN
            IF jsonb_typeof(p_changes -> 'quantity') <> 'number'
               OR (p_changes ->> 'quantity')::numeric <> trunc((p_changes ->> 'quantity')::numeric)
               OR (p_changes ->> 'quantity')::numeric NOT BETWEEN 1 AND 1000000 THEN
                RAISE EXCEPTION 'The quantity must be a whole number from 1 to 1000000.'
                    USING ERRCODE = 'SP003';
            END IF;
            v_changes := v_changes || jsonb_build_object('quantity',
                                                         (p_changes ->> 'quantity')::integer);
        END IF;
        IF p_changes ? 'source' THEN
            PERFORM sp_location_id(p_changes ->> 'source');
            IF (SELECT id FROM locations WHERE code = p_changes ->> 'source') = v.location_id THEN
                RAISE EXCEPTION 'The source must differ from the destination.'
                    USING ERRCODE = 'SP005';
            END IF;
            v_changes := v_changes || jsonb_build_object('source', p_changes ->> 'source');
        END IF;
        IF p_changes ? 'discount_pct' THEN
            IF jsonb_typeof(p_changes -> 'discount_pct') <> 'number'
               OR (p_changes ->> 'discount_pct')::numeric NOT BETWEEN 1 AND 90 THEN
                RAISE EXCEPTION 'The discount is a percentage from 1 to 90.'
                    USING ERRCODE = 'SP009';
            END IF;
            v_changes := v_changes || jsonb_build_object('discount_pct',
                                                         (p_changes ->> 'discount_pct')::numeric);
        END IF;
        IF p_changes ? 'effective_from' THEN
            BEGIN
                IF (p_changes ->> 'effective_from')::date < current_date THEN
                    RAISE EXCEPTION 'past';
                END IF;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'The effective date must be a date (YYYY-MM-DD), today or later.'
                    USING ERRCODE = 'SP009';
            END;
            v_changes := v_changes || jsonb_build_object('effective_from',
                                                         (p_changes ->> 'effective_from')::date);
        END IF;
        v_final := v.proposal || v_changes;
        IF v.kind = 'markdown' THEN
            v_final := v_final || jsonb_build_object(
                'new_price', sp_discounted_price((SELECT price FROM products
                                                  WHERE id = v.product_id),
                                                 (v_final ->> 'discount_pct')::numeric));
        END IF;
    ELSIF p_action = 'rejected' THEN
        p_note := sp_check_reason(p_note);
    END IF;

    v_value := CASE WHEN p_action = 'rejected' THEN 0 ELSE sp_suggestion_value(v, v_final) END;
    PERFORM sp_check_policy(v.kind, v_value);

    SELECT sku INTO v_sku FROM products WHERE id = v.product_id;
    SELECT code INTO v_loc FROM locations WHERE id = v.location_id;
    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('HumanResponseReceived', v.product_id, v.location_id,
            jsonb_build_object('suggestion_id', v.id, 'kind', v.kind, 'decision', p_action,
                               'note', p_note, 'changes',
                               CASE WHEN p_action = 'modified' THEN v_changes END,
                               'sku', v_sku, 'location', v_loc));

    IF p_action = 'rejected' THEN
        UPDATE suggestions
        SET status = 'rejected', decision = 'rejected', decided_by = session_user,
            decided_at = clock_timestamp(), decision_note = p_note, updated_at = now()
        WHERE id = p_id;
        RETURN jsonb_build_object('suggestion_id', p_id, 'status', 'rejected');
    END IF;

    -- The execution runs in a subtransaction: if it fails, the decision is still recorded
    -- with the error, so a failure is shown and never lost.
    BEGIN
        v_execution := sp_suggestion_execute(v, v_final);
        v_status := 'executed';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
        v_status := 'failed';
        v_error := v_error || ' [' || v_state || ']';
    END;

    UPDATE suggestions
    SET status = v_status, decision = p_action, decided_by = session_user,
        decided_at = clock_timestamp(), decision_note = p_note,
        changes = CASE WHEN p_action = 'modified' THEN v_changes END, final = v_final,
        value = v_value, execution = v_execution,
        executed_at = CASE WHEN v_status = 'executed' THEN clock_timestamp() END,
        error = v_error, updated_at = now()
    WHERE id = p_id;

    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('ActionExecuted', v.product_id, v.location_id,
            jsonb_build_object('suggestion_id', v.id, 'kind', v.kind, 'ok', v_status = 'executed',
                               'status', v_status, 'result', v_execution, 'error', v_error,
                               'sku', v_sku, 'location', v_loc));
    IF v_status = 'failed' THEN
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        VALUES ('execution_failed', 3, format('Could not carry out %s for %s', v.kind, v_sku),
                v_error, v.product_id, v.location_id, v.id);
    END IF;
    RETURN jsonb_build_object('suggestion_id', p_id, 'status', v_status, 'result', v_execution,
                              'error', v_error, 'value', v_value);
END
$$;

CREATE FUNCTION suggestion_approve(p_id bigint, p_note text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'approved', NULL, p_note)
$$;

CREATE FUNCTION suggestion_modify(p_id bigint, p_changes jsonb, p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'modified', p_changes, p_note)
$$;

CREATE FUNCTION suggestion_reject(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'rejected', NULL, p_reason)
$$;

-- The inbox: pending suggestions with what a person needs to decide.
CREATE VIEW suggestion_inbox AS
SELECT s.id, s.kind, s.status, p.sku, p.name AS product_name, l.code AS location,
       src.code AS source, s.quantity, s.value, s.priority, s.proposal, s.numbers, s.reason,
       s.created_at, s.updated_at, s.decision, s.decided_by, s.decided_at, s.decision_note,
       s.changes, s.final, s.execution, s.executed_at, s.error, s.product_id, s.location_id
FROM suggestions s
JOIN products p ON p.id = s.product_id
LEFT JOIN locations l ON l.id = s.location_id
LEFT JOIN locations src ON src.id = s.source_location_id;

-- --------------------------------------------------------------------------------------------
-- Privileges. Every instance runs the jobs with its signed-in user, so the job functions are
-- open to all staff; they are SECURITY DEFINER and do only what the rules say.

GRANT SELECT ON agent_settings, job_schedule, job_runs, job_overview, demand_stats, suggestions,
    suggestion_inbox, purchase_orders, price_changes, approval_policies, my_notifications
    TO stockpilot_clerk;
GRANT SELECT ON notification_prefs, notifications TO stockpilot_admin;
GRANT SELECT (id, name, url, event_types, supplier, active, created_at) ON webhook_endpoints
    TO stockpilot_admin;
GRANT SELECT ON webhook_outbox TO stockpilot_admin;

GRANT EXECUTE ON FUNCTION
    job_schedule_ensure(text, integer), job_run_begin(text, text, boolean),
    job_run_finish(bigint, text, jsonb, text), job_run_skipped(text, text, text),
    agent_demand_statistics(), agent_stock_check(integer[]), agent_redistribution(integer[]),
    agent_price_analysis(), agent_ledger_audit(), price_changes_apply_due(),
    suggestion_approve(bigint, text), suggestion_modify(bigint, jsonb, text),
    suggestion_reject(bigint, text), purchase_order_receive(bigint, text),
    notification_prefs_set(text[], integer), notification_prefs_get(),
    notifications_mark_read(bigint[]),
    sp_fmt(double precision, integer)
    TO stockpilot_clerk;
GRANT EXECUTE ON FUNCTION job_schedule_set(text, integer, boolean) TO stockpilot_manager;
-- The deliverer reads endpoint secrets to sign, so it runs only where an admin (or the owner,
-- as stockpilot-server does) is connected.
GRANT EXECUTE ON FUNCTION webhook_claim(integer, integer),
    webhook_result(bigint, boolean, integer, text), webhook_requeue(bigint),
    webhook_endpoint_add(text, text, text, text[], text) TO stockpilot_admin;
