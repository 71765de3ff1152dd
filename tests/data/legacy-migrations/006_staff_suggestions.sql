-- StockPilot schema, part 6: suggestions filed by staff beside the agent's own.
--
-- A staff request (issue: manual staff requests) becomes a suggestion in the same inbox, with
-- who asked and what they asked for. The agent's rules keep one pending suggestion per (kind,
-- SKU, location) for themselves and never refresh or supersede a person's request: the unique
-- index and every rule's upsert and supersede steps now look at origin = 'agent' only.
--
-- Also the rules at scale (125,000 SKUs x 8 locations): the stock check and redistribution
-- touch only the levels below their reorder point, and a pending suggestion whose inputs did
-- not change (its basis) is neither rebuilt nor written; demand statistics write only the
-- figures that changed. The inbox gets what it needs to page through thousands of rows.

ALTER TABLE suggestions
    ADD COLUMN origin text NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'staff')),
    ADD COLUMN requested_by text,
    -- The request as filed: the structured request, the text it was read from and by what.
    ADD COLUMN request jsonb,
    -- A hash of every input a rule built the suggestion from: equal inputs, equal suggestion,
    -- so an hourly check rewrites (and announces) only what changed.
    ADD COLUMN basis bigint,
    ADD CONSTRAINT suggestions_staff_request_ck
        CHECK ((origin = 'staff') = (requested_by IS NOT NULL AND request IS NOT NULL));

DROP INDEX suggestions_pending_uq;
CREATE UNIQUE INDEX suggestions_pending_uq
    ON suggestions (kind, product_id, (coalesce(location_id, 0)))
    WHERE status = 'pending' AND origin = 'agent';

-- The inbox pages through the pending suggestions in this order (most urgent, then oldest).
CREATE INDEX suggestions_inbox_idx ON suggestions (priority DESC, created_at, id)
    WHERE status = 'pending';

-- How far a level is from its reorder point: the planner's estimate of how many levels are
-- below it (a few percent, not a third) decides between index lookups and hashing a million
-- rows. Statistics only: stock_levels gets no index on available, so updates stay HOT.
CREATE STATISTICS stock_levels_shortfall_stats ON ((available + incoming - reorder_point))
    FROM stock_levels;

-- The inbox shows who asked for a staff suggestion and what they asked for.
CREATE OR REPLACE VIEW suggestion_inbox AS
SELECT s.id, s.kind, s.status, p.sku, p.name AS product_name, l.code AS location,
       src.code AS source, s.quantity, s.value, s.priority, s.proposal, s.numbers, s.reason,
       s.created_at, s.updated_at, s.decision, s.decided_by, s.decided_at, s.decision_note,
       s.changes, s.final, s.execution, s.executed_at, s.error, s.product_id, s.location_id,
       s.origin, s.requested_by, s.request
FROM suggestions s
JOIN products p ON p.id = s.product_id
LEFT JOIN locations l ON l.id = s.location_id
LEFT JOIN locations src ON src.id = s.source_location_id;

-- What each statistic was computed from: the demand_history row version (its xmin changes
-- with every update of the row), the product's lead time and the settings. The daily job
-- recomputes only statistics whose source changed, without reading a single unchanged array.
ALTER TABLE demand_stats
    ADD COLUMN source_xmin xid,
    ADD COLUMN source_lead_time integer,
    ADD COLUMN source_window integer,
    ADD COLUMN source_z double precision;

-- Average and spread of daily units over the window, the last 28 days' units, the reorder
-- point (written to stock_levels too, as in 005). Sums of integers, so the figures are exact
-- and the same wherever they are computed (the demo data computes them too).
CREATE OR REPLACE FUNCTION agent_demand_statistics() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_window integer;
    v_z float8;
    v_stats bigint;
    v_changed bigint;
    v_points bigint;
BEGIN
    SELECT stats_window_days, service_level_z::float8 INTO v_window, v_z FROM agent_settings;
    WITH stale AS MATERIALIZED (
        -- Only histories whose statistics are missing or stale (materialized, so that the
        -- arrays of the others are never read).
        SELECT h.product_id, h.location_id, h.xmin AS source_xmin, p.lead_time_days
        FROM demand_history h
        JOIN products p ON p.id = h.product_id
        LEFT JOIN demand_stats d
            ON d.product_id = h.product_id AND d.location_id = h.location_id
        WHERE d.product_id IS NULL
           OR d.source_xmin IS DISTINCT FROM h.xmin
           OR d.source_lead_time IS DISTINCT FROM p.lead_time_days
           OR d.source_window IS DISTINCT FROM v_window
           OR d.source_z IS DISTINCT FROM v_z
    ), h AS (
        -- The last max(window, 28) days in one slice, t.i counting from its start.
        SELECT st.*, dh.daily_units,
               least(cardinality(dh.daily_units), greatest(v_window, 28)) AS m
        FROM stale st
        JOIN demand_history dh
            ON dh.product_id = st.product_id AND dh.location_id = st.location_id
    ), s AS (
        SELECT h.product_id, h.location_id, h.source_xmin, h.lead_time_days, x.n, x.total,
               x.squares, x.units_28d
        FROM h
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE t.i > h.m - v_window)::integer AS n,
                   coalesce(sum(t.u) FILTER (WHERE t.i > h.m - v_window), 0)::bigint AS total,
                   coalesce(sum(t.u::bigint * t.u) FILTER (WHERE t.i > h.m - v_window), 0)
                       ::bigint AS squares,
                   coalesce(sum(t.u) FILTER (WHERE t.i > h.m - 28), 0)::integer AS units_28d
            FROM unnest(h.daily_units[cardinality(h.daily_units) - h.m + 1:])
                 WITH ORDINALITY AS t (u, i)) x
    ), r AS (
        SELECT s.*,
               CASE WHEN s.n > 0 THEN s.total::float8 / s.n ELSE 0 END AS avg_daily,
               CASE WHEN s.n > 0
                    THEN sqrt((s.n * s.squares - s.total * s.total)::float8) / s.n
                    ELSE 0 END AS sd_daily
        FROM s
    ), f AS (
        SELECT r.*, ceil(v_z * r.sd_daily * sqrt(r.lead_time_days::float8))::integer AS ss
        FROM r
    ), up AS (
        INSERT INTO demand_stats AS d (product_id, location_id, window_days, avg_daily, sd_daily,
                                       units_28d, safety_stock, reorder_point, computed_at,
                                       source_xmin, source_lead_time, source_window, source_z)
        SELECT f.product_id, f.location_id, f.n, f.avg_daily, f.sd_daily, f.units_28d, f.ss,
               ceil(f.avg_daily * f.lead_time_days + f.ss)::integer, now(),
               f.source_xmin, f.lead_time_days, v_window, v_z
        FROM f
        ON CONFLICT (product_id, location_id) DO UPDATE
            SET window_days = EXCLUDED.window_days, avg_daily = EXCLUDED.avg_daily,
                sd_daily = EXCLUDED.sd_daily, units_28d = EXCLUDED.units_28d,
                safety_stock = EXCLUDED.safety_stock, reorder_point = EXCLUDED.reorder_point,
                computed_at = EXCLUDED.computed_at, source_xmin = EXCLUDED.source_xmin,
                source_lead_time = EXCLUDED.source_lead_time,
                source_window = EXCLUDED.source_window, source_z = EXCLUDED.source_z
        RETURNING 1
    )
    SELECT count(*) INTO v_changed FROM up;
    SELECT count(*) INTO v_stats FROM demand_history;

    -- Every level follows its statistics, also a level that was added or edited since.
    UPDATE stock_levels sl SET reorder_point = d.reorder_point
    FROM demand_stats d
    WHERE d.product_id = sl.product_id AND d.location_id = sl.location_id
      AND sl.reorder_point <> d.reorder_point;
    GET DIAGNOSTICS v_points = ROW_COUNT;
    RETURN jsonb_build_object('statistics', v_stats, 'changed', v_changed,
                              'reorder_points_changed', v_points);
END
$$;

-- Rule: restock (as in 005). Only the levels below their reorder point are looked at, and a
-- pending suggestion whose basis (every input of its figures and reason) is unchanged is left
-- as it is: no JSON or reason built, no row locked or written, no event.
CREATE OR REPLACE FUNCTION agent_stock_check(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    -- Event ids are drawn below with nextval() rather than per row through
    -- sp_next_event_id() (a function call per event was half of a big run); as there, the
    -- transaction has its xid before it draws one, so readers' gap tracking stays exact.
    PERFORM pg_current_xact_id();
    WITH cfg AS (
        SELECT review_period_days FROM agent_settings
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
        -- The form the shortfall statistics know, so the estimate is a few percent.
        WHERE s.available + s.incoming - s.reorder_point < 0
          AND (p_products IS NULL OR s.product_id = ANY (p_products))
          -- One index probe per candidate (OFFSET 0 keeps it a probe): as an anti-join the
          -- planner may scan every pending transfer once per candidate when the statistics
          -- of the suggestions table lag behind a busy run, which is quadratic.
          AND NOT EXISTS (SELECT FROM suggestions x
                          WHERE x.product_id = s.product_id AND x.location_id = s.location_id
                            AND x.kind = 'transfer' AND x.status = 'pending'
                          OFFSET 0)
    ), calc AS (
        SELECT c.*, c.rop + c.review_demand AS max_level,
               (ceil((c.rop + c.review_demand - c.available - c.incoming)::numeric
                     / c.pack_size) * c.pack_size)::integer AS qty,
               hash_record_extended(
                   (c.available, c.incoming, c.rop, c.avg_daily, c.sd_daily, c.safety_stock,
                    c.pack_size, c.lead_time_days, c.cost, c.supplier, c.code, c.loc_name,
                    c.review_period_days), 0) AS basis
        FROM cand c
    ), keep AS (
        SELECT * FROM calc WHERE qty > 0
    ), cur AS (
        SELECT x.id, x.product_id, x.location_id, x.basis FROM suggestions x
        WHERE x.kind = 'restock' AND x.status = 'pending' AND x.origin = 'agent'
          AND (p_products IS NULL OR x.product_id = ANY (p_products))
    ), j AS MATERIALIZED (
        -- A FULL join cannot run as a nested loop: linear however stale the statistics of
        -- the pending rows are (an anti-join over the CTE was quadratic).
        SELECT k.*, cur.id AS cur_id, cur.basis AS cur_basis,
               cur.product_id AS cur_product_id, cur.location_id AS cur_location_id
        FROM keep k
        FULL JOIN cur ON cur.product_id = k.product_id AND cur.location_id = k.location_id
    ), prop AS (
        SELECT c.product_id, c.location_id, c.qty, c.basis, c.cur_id,
               (c.qty * c.cost)::numeric(14, 2) AS value,
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
        FROM (SELECT j.*,
                     CASE WHEN j.avg_daily > 0 THEN (j.available + j.incoming) / j.avg_daily END
                         AS cover_days
              FROM j
              WHERE j.product_id IS NOT NULL AND j.cur_basis IS DISTINCT FROM j.basis) c
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM j WHERE j.product_id IS NULL AND x.id = j.cur_id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), upd AS (
        -- Inputs changed: new figures; announced only when what people see changed.
        UPDATE suggestions x
        SET quantity = prop.qty, value = prop.value, priority = prop.priority,
            proposal = prop.proposal, numbers = prop.numbers, reason = prop.reason,
            basis = prop.basis,
            updated_at = CASE WHEN old.visible THEN now() ELSE x.updated_at END
        FROM prop
        CROSS JOIN LATERAL (
            SELECT o.proposal IS DISTINCT FROM prop.proposal
                   OR o.numbers IS DISTINCT FROM prop.numbers AS visible
            FROM suggestions o WHERE o.id = prop.cur_id) old
        WHERE prop.cur_id IS NOT NULL AND x.id = prop.cur_id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, old.visible
    ), ins AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, quantity, value, priority,
                                      proposal, numbers, reason, basis)
        SELECT 'restock', product_id, location_id, qty, value, priority, proposal, numbers,
               reason, basis
        FROM prop
        WHERE prop.cur_id IS NULL
        -- (Rules run one at a time under the advisory lock; this only guards the index.)
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
        DO UPDATE SET quantity = EXCLUDED.quantity, value = EXCLUDED.value,
                      priority = EXCLUDED.priority, proposal = EXCLUDED.proposal,
                      numbers = EXCLUDED.numbers, reason = EXCLUDED.reason,
                      basis = EXCLUDED.basis, updated_at = now()
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, x.reason,
                  (x.xmax = 0) AS inserted
    ), up AS (
        SELECT id, kind, product_id, location_id, priority, inserted FROM ins
        UNION ALL
        SELECT id, kind, product_id, location_id, priority, false FROM upd WHERE visible
    ), ev AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), 'InventoryActionSuggested', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT nextval('events_id_seq'), 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), urgent AS (
        -- Only urgent ones (stock-out before a delivery could arrive): the inbox has the rest,
        -- and a badge counting every routine reorder would be ignored.
        SELECT * FROM ins WHERE ins.inserted AND ins.priority >= 3
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        SELECT 'low_stock', u.priority, format('Low stock: %s at %s', p.sku, l.code), u.reason,
               u.product_id, u.location_id, u.id
        FROM urgent u
        JOIN products p ON p.id = u.product_id
        JOIN locations l ON l.id = u.location_id
        WHERE (SELECT count(*) FROM urgent) <= 50
        UNION ALL
        -- A first run over a big catalogue: one message, not thousands of tray pop-ups.
        SELECT 'low_stock', 3, format('Low stock: %s urgent restocks', count(*)),
               format('The stock check proposes %s urgent restocks (stock-outs before a '
                      'delivery could arrive). They are in the Inbox.', count(*)),
               NULL, NULL, NULL
        FROM urgent
        HAVING count(*) > 50
        RETURNING 1
    )
    SELECT jsonb_build_object('candidates', (SELECT count(*) FROM j
                                             WHERE j.product_id IS NOT NULL),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'unchanged', (SELECT count(*) FROM j
                                            WHERE j.product_id IS NOT NULL
                                              AND j.cur_basis = j.basis),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    -- After a big run the planner would still see the suggestions table as it was (autovacuum
    -- comes later) and plan the next run's probes as scans of a tiny table: quadratic.
    IF (v_counts->>'created')::bigint + (v_counts->>'refreshed')::bigint
       + (v_counts->>'superseded')::bigint > 1000 THEN
        -- The columns queries filter and join on; the JSON and text columns cost most of a
        -- whole-table ANALYZE and steer no plan.
        ANALYZE suggestions (kind, status, origin, product_id, location_id, priority,
                             created_at);
    END IF;
    RETURN v_counts;
END
$$;

-- Rule: redistribution (as in 005), looking only at stores below their reorder point, and
-- leaving a pending transfer whose basis is unchanged as it is.
CREATE OR REPLACE FUNCTION agent_redistribution(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    -- Event ids are drawn below with nextval() rather than per row through
    -- sp_next_event_id() (a function call per event was half of a big run); as there, the
    -- transaction has its xid before it draws one, so readers' gap tracking stays exact.
    PERFORM pg_current_xact_id();
    WITH cfg AS (
        SELECT review_period_days, transfer_cover_weeks FROM agent_settings
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
        -- The form the shortfall statistics know, so the estimate is a few percent.
        WHERE s.available + s.incoming - s.reorder_point < 0
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
    ), keep AS (
        SELECT k.*,
               hash_record_extended(
                   (k.available, k.incoming, k.rop, k.avg_daily, k.code, k.loc_name, k.cost,
                    k.need, k.src_id, k.src_code, k.src_name, k.src_available, k.src_rop,
                    k.src_avg, k.km, k.qty), 0) AS basis
        FROM pick k
        WHERE k.qty > 0
    ), cur AS (
        SELECT x.id, x.product_id, x.location_id, x.basis FROM suggestions x
        WHERE x.kind = 'transfer' AND x.status = 'pending' AND x.origin = 'agent'
          AND (p_products IS NULL OR x.product_id = ANY (p_products))
    ), j AS MATERIALIZED (
        -- A FULL join cannot become a quadratic nested loop over the CTE.
        SELECT k.*, cur.id AS cur_id, cur.basis AS cur_basis
        FROM keep k
        FULL JOIN cur ON cur.product_id = k.product_id AND cur.location_id = k.location_id
    ), stale AS (
        -- Transfers whose conditions went away, and restocks a transfer now replaces.
        SELECT j.cur_id AS id FROM j WHERE j.product_id IS NULL
        UNION ALL
        -- A probe of the pending index per proposal, whatever the statistics say.
        SELECT r.id FROM j
        CROSS JOIN LATERAL (
            SELECT x.id FROM suggestions x
            WHERE x.kind = 'restock' AND x.product_id = j.product_id
              AND coalesce(x.location_id, 0) = j.location_id
              AND x.status = 'pending' AND x.origin = 'agent'
            LIMIT 1) r
        WHERE j.product_id IS NOT NULL
    ), prop AS (
        SELECT k.product_id, k.location_id, k.src_id, k.qty, k.basis, k.cur_id,
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
        FROM j k
        WHERE k.product_id IS NOT NULL AND k.cur_basis IS DISTINCT FROM k.basis
    ), superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM stale WHERE x.id = stale.id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), upd AS (
        UPDATE suggestions x
        SET source_location_id = prop.src_id, quantity = prop.qty, value = prop.value,
            priority = prop.priority, proposal = prop.proposal, numbers = prop.numbers,
            reason = prop.reason, basis = prop.basis,
            updated_at = CASE WHEN old.visible THEN now() ELSE x.updated_at END
        FROM prop
        CROSS JOIN LATERAL (
            SELECT o.proposal IS DISTINCT FROM prop.proposal
                   OR o.numbers IS DISTINCT FROM prop.numbers AS visible
            FROM suggestions o WHERE o.id = prop.cur_id) old
        WHERE prop.cur_id IS NOT NULL AND x.id = prop.cur_id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, old.visible
    ), ins AS (
        INSERT INTO suggestions AS x (kind, product_id, location_id, source_location_id, quantity,
                                      value, priority, proposal, numbers, reason, basis)
        SELECT 'transfer', product_id, location_id, src_id, qty, value, priority, proposal,
               numbers, reason, basis
        FROM prop
        WHERE prop.cur_id IS NULL
        -- (Rules run one at a time under the advisory lock; this only guards the index.)
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
        DO UPDATE SET source_location_id = EXCLUDED.source_location_id,
                      quantity = EXCLUDED.quantity, value = EXCLUDED.value,
                      priority = EXCLUDED.priority, proposal = EXCLUDED.proposal,
                      numbers = EXCLUDED.numbers, reason = EXCLUDED.reason,
                      basis = EXCLUDED.basis, updated_at = now()
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, x.reason,
                  (x.xmax = 0) AS inserted
    ), up AS (
        SELECT id, kind, product_id, location_id, priority, inserted FROM ins
        UNION ALL
        SELECT id, kind, product_id, location_id, priority, false FROM upd WHERE visible
    ), ev AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), 'InventoryActionSuggested', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT nextval('events_id_seq'), 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), urgent AS (
        SELECT * FROM ins WHERE ins.inserted AND ins.priority >= 3 -- as in agent_stock_check()
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        SELECT 'low_stock', u.priority, format('Low stock: %s at %s', p.sku, l.code), u.reason,
               u.product_id, u.location_id, u.id
        FROM urgent u
        JOIN products p ON p.id = u.product_id
        JOIN locations l ON l.id = u.location_id
        WHERE (SELECT count(*) FROM urgent) <= 50
        UNION ALL
        SELECT 'low_stock', 3, format('Low stock: %s urgent transfers', count(*)),
               format('Redistribution proposes %s urgent transfers (stores about to run out). '
                      'They are in the Inbox.', count(*)),
               NULL, NULL, NULL
        FROM urgent
        HAVING count(*) > 50
        RETURNING 1
    )
    SELECT jsonb_build_object('candidates', (SELECT count(*) FROM j
                                             WHERE j.product_id IS NOT NULL),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'unchanged', (SELECT count(*) FROM j
                                            WHERE j.product_id IS NOT NULL
                                              AND j.cur_basis = j.basis),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    -- After a big run the planner would still see the suggestions table as it was (autovacuum
    -- comes later) and plan the next run's probes as scans of a tiny table: quadratic.
    IF (v_counts->>'created')::bigint + (v_counts->>'refreshed')::bigint
       + (v_counts->>'superseded')::bigint > 1000 THEN
        -- The columns queries filter and join on; the JSON and text columns cost most of a
        -- whole-table ANALYZE and steer no plan.
        ANALYZE suggestions (kind, status, origin, product_id, location_id, priority,
                             created_at);
    END IF;
    RETURN v_counts;
END
$$;

CREATE OR REPLACE FUNCTION agent_price_analysis() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    -- Event ids are drawn below with nextval() rather than per row through
    -- sp_next_event_id() (a function call per event was half of a big run); as there, the
    -- transaction has its xid before it draws one, so readers' gap tracking stays exact.
    PERFORM pg_current_xact_id();
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
        WHERE x.kind = 'markdown' AND x.status = 'pending' AND x.origin = 'agent'
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
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
        DO UPDATE SET value = EXCLUDED.value, priority = EXCLUDED.priority,
                      proposal = EXCLUDED.proposal, numbers = EXCLUDED.numbers,
                      reason = EXCLUDED.reason, updated_at = now()
            WHERE x.proposal - 'effective_from' IS DISTINCT FROM EXCLUDED.proposal - 'effective_from'
               OR x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.priority, x.reason, (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (id, type, product_id, payload)
        SELECT nextval('events_id_seq'), 'PriceAdjustmentSuggested', product_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT nextval('events_id_seq'), 'SuggestionSuperseded', product_id,
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
    -- After a big run the planner would still see the suggestions table as it was (autovacuum
    -- comes later) and plan the next run's probes as scans of a tiny table: quadratic.
    IF (v_counts->>'created')::bigint + (v_counts->>'refreshed')::bigint
       + (v_counts->>'superseded')::bigint > 1000 THEN
        -- The columns queries filter and join on; the JSON and text columns cost most of a
        -- whole-table ANALYZE and steer no plan.
        ANALYZE suggestions (kind, status, origin, product_id, location_id, priority,
                             created_at);
    END IF;
    RETURN v_counts;
END
$$;

CREATE OR REPLACE FUNCTION agent_ledger_audit() RETURNS jsonb
-- JIT compilation costs seconds here and saves nothing (measured).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    v_counts jsonb;
BEGIN
    -- Event ids are drawn below with nextval() rather than per row through
    -- sp_next_event_id() (a function call per event was half of a big run); as there, the
    -- transaction has its xid before it draws one, so readers' gap tracking stays exact.
    PERFORM pg_current_xact_id();
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
        WHERE x.kind = 'audit' AND x.status = 'pending' AND x.origin = 'agent'
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
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
        DO UPDATE SET proposal = EXCLUDED.proposal, numbers = EXCLUDED.numbers,
                      reason = EXCLUDED.reason, updated_at = now()
            WHERE x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.reason, (x.xmax = 0) AS inserted
    ), ev AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), 'HumanReviewRequired', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', 3)
        FROM up
        UNION ALL
        SELECT nextval('events_id_seq'), 'SuggestionSuperseded', product_id, location_id,
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
-- Intervals set from the Jobs page: every instance hears of the change (JobScheduleChanged)
-- and plans the job again; open Jobs pages show the new next due time.
CREATE OR REPLACE FUNCTION job_schedule_set(p_name text, p_interval_seconds integer,
                                            p_enabled boolean DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_job job_schedule;
BEGIN
    IF p_interval_seconds IS NULL OR p_interval_seconds <= 0 THEN
        RAISE EXCEPTION 'The interval must be at least one second (got %).',
            coalesce(p_interval_seconds::text, 'nothing')
            USING ERRCODE = 'SP009';
    END IF;
    UPDATE job_schedule
    SET interval_seconds = p_interval_seconds, enabled = coalesce(p_enabled, enabled),
        updated_at = now(), updated_by = session_user
    WHERE name = p_name
    RETURNING * INTO v_job;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no job "%".', coalesce(p_name, '') USING ERRCODE = 'SP012';
    END IF;
    INSERT INTO events (type, payload)
    VALUES ('JobScheduleChanged',
            jsonb_build_object('job', v_job.name, 'interval_seconds', v_job.interval_seconds,
                               'enabled', v_job.enabled));
END
$$;

-- A dead letter sent again leaves the admins' list everywhere (WebhookRequeued).
CREATE OR REPLACE FUNCTION webhook_requeue(p_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE id = p_id AND status = 'dead';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Outbox item % is not in the dead-letter list.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO events (type, payload)
    VALUES ('WebhookRequeued', jsonb_build_object('outbox_id', p_id));
END
$$;
