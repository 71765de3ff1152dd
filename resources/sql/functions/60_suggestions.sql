-- Suggestions: the agent's rules, the inbox, approval with its policies, and execution
-- (purchase orders, in functions/62_purchasing.sql, transfers, price changes, counts).
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).
--
-- Each rule computes its proposals set-based in one statement into pg_temp.sp_proposals, and
-- sp_suggestions_publish() does what every rule does with them: refresh or insert the pending
-- suggestions, supersede the stale ones, write the events and notifications. No NOTIFY (see the
-- events table).

-- Demand statistics per level over the window, and the reorder points that follow from them.
-- Sums of integers, so the figures are exact wherever they are computed.
CREATE OR REPLACE FUNCTION agent_demand_statistics() RETURNS jsonb
-- JIT compilation saves nothing here.
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

    -- Every level follows its statistics, also a level that was added or edited since; a
    -- level with a reorder policy keeps the policy's minimum.
    UPDATE stock_levels sl SET reorder_point = d.reorder_point
    FROM demand_stats d
    WHERE d.product_id = sl.product_id AND d.location_id = sl.location_id
      AND sl.reorder_point <> d.reorder_point
      AND NOT EXISTS (SELECT FROM reorder_policies rp
                      WHERE rp.product_id = sl.product_id AND rp.location_id = sl.location_id);
    GET DIAGNOSTICS v_points = ROW_COUNT;
    RETURN jsonb_build_object('statistics', v_stats, 'changed', v_changed,
                              'reorder_points_changed', v_points);
END
$$;
GRANT EXECUTE ON FUNCTION agent_demand_statistics() TO stockpilot_clerk;

-- Formatting helpers for reasons.
CREATE OR REPLACE FUNCTION sp_fmt(p_value double precision, p_decimals integer DEFAULT 1) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    -- numeric keeps the scale in its text form ("6.0"); a plain expression, so it is inlined.
    SELECT round(p_value::numeric, p_decimals)::text
$$;
GRANT EXECUTE ON FUNCTION sp_fmt(double precision, integer) TO stockpilot_clerk;

-- A reason as a template key and its figures (suggestions.reason_template): the clients word it
-- in their user's language (services/approvals/reasontemplates.cpp holds every key's text). An
-- argument may itself be a template, or an array of them.
CREATE OR REPLACE FUNCTION sp_reason(p_key text, p_args jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('key', p_key, 'args', p_args)
$$;

-- "no recent sales" or "N days of cover", as the restock and transfer reasons say it.
CREATE OR REPLACE FUNCTION sp_reason_cover_days(p_days double precision) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_days IS NULL THEN sp_reason('cover.none', '{}')
                ELSE sp_reason('cover.days',
                               jsonb_build_object('days', round(p_days::numeric, 1))) END
$$;

-- The proposals of one rule run, published by sp_suggestions_publish(): emptied by each run
-- (and at commit), so nothing but the rule that just ran has filled it. The table lives as long
-- as the session: made anew every run, its catalog rows and the rules' replanning cost more
-- than the small runs the stock watcher starts on every change.
CREATE OR REPLACE FUNCTION sp_proposals_begin() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.sp_proposals') IS NOT NULL THEN
        -- A session that made the table before it had every column makes it again.
        IF EXISTS (SELECT FROM pg_attribute
                   WHERE attrelid = 'pg_temp.sp_proposals'::regclass AND attname = 'supplier') THEN
            DELETE FROM pg_temp.sp_proposals;
            RETURN;
        END IF;
        DROP TABLE pg_temp.sp_proposals;
    END IF;
    CREATE TEMP TABLE sp_proposals (
        -- A pending suggestion of the rule whose conditions went away (nothing else is set).
        supersede_id       bigint,
        -- A pending suggestion whose basis is unchanged: left as it is, only counted.
        unchanged_id       bigint,
        -- The pending suggestion a proposal refreshes in place (NULL: insert it).
        cur_id             bigint,
        product_id         integer,
        supplier           text, -- a purchase's, which has no product
        location_id        smallint,
        source_location_id smallint,
        quantity           integer,
        value              numeric(14, 2) NOT NULL DEFAULT 0,
        priority           smallint,
        proposal           jsonb,
        numbers            jsonb,
        reason             text,
        reason_template    jsonb,
        basis              bigint
    ) ON COMMIT DELETE ROWS;
END
$$;

-- What every rule does with its proposals (pg_temp.sp_proposals), in one statement: refresh the
-- pending agent suggestions or insert them, supersede the stale ones, write the events and the
-- notifications. Returns the counts (candidates: every proposal, unchanged ones included).
-- Purchases and transfers announce only urgent ones (a stock-out before a delivery could
-- arrive; the inbox has the rest), markdowns and audit findings every new one.
CREATE OR REPLACE FUNCTION sp_suggestions_publish(p_kind text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp SET jit = off AS $$
DECLARE
    c_event constant text := CASE p_kind WHEN 'markdown' THEN 'PriceAdjustmentSuggested'
                                         WHEN 'audit' THEN 'HumanReviewRequired'
                                         ELSE 'InventoryActionSuggested' END;
    c_urgent constant boolean := p_kind IN ('purchase', 'transfer');
    v_counts jsonb;
BEGIN
    -- Event ids are drawn below with nextval() rather than per row through sp_next_event_id();
    -- as there, the transaction has its xid before it draws one, so readers' gap tracking stays
    -- exact.
    PERFORM pg_current_xact_id();
    WITH superseded AS (
        UPDATE suggestions x SET status = 'superseded', updated_at = now()
        FROM pg_temp.sp_proposals s
        WHERE s.supersede_id IS NOT NULL AND x.id = s.supersede_id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id
    ), prop AS (
        SELECT * FROM pg_temp.sp_proposals WHERE supersede_id IS NULL AND unchanged_id IS NULL
    ), upd AS (
        -- Inputs changed: new figures; announced only when what people see changed.
        UPDATE suggestions x
        SET source_location_id = prop.source_location_id, quantity = prop.quantity,
            value = prop.value, priority = prop.priority, proposal = prop.proposal,
            numbers = prop.numbers, reason = prop.reason,
            reason_template = prop.reason_template, basis = prop.basis,
            updated_at = CASE WHEN old.visible THEN now() ELSE x.updated_at END
        FROM prop
        CROSS JOIN LATERAL (
            SELECT o.proposal IS DISTINCT FROM prop.proposal
                   OR o.numbers IS DISTINCT FROM prop.numbers AS visible
            FROM suggestions o WHERE o.id = prop.cur_id) old
        WHERE prop.cur_id IS NOT NULL AND x.id = prop.cur_id AND x.status = 'pending'
        RETURNING x.id, x.kind, x.product_id, x.location_id, x.priority, old.visible
    ), ins AS (
        INSERT INTO suggestions AS x (kind, product_id, supplier, location_id,
                                      source_location_id, quantity, value, priority, proposal,
                                      numbers, reason, reason_template, basis)
        SELECT p_kind, product_id, supplier, location_id, source_location_id, quantity, value,
               priority, proposal, numbers, reason, reason_template, basis
        FROM prop
        WHERE prop.cur_id IS NULL
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
        DO UPDATE SET source_location_id = EXCLUDED.source_location_id,
                      quantity = EXCLUDED.quantity, value = EXCLUDED.value,
                      priority = EXCLUDED.priority, proposal = EXCLUDED.proposal,
                      numbers = EXCLUDED.numbers, reason = EXCLUDED.reason,
                      reason_template = EXCLUDED.reason_template,
                      basis = EXCLUDED.basis, updated_at = now()
            -- Purchases and transfers refresh their rows above (rules run one at a time under
            -- the advisory lock; this only guards the index). The others are refreshed here,
            -- when what people see changed (a markdown's effective day alone does not count).
            WHERE c_urgent
               OR x.proposal - 'effective_from' IS DISTINCT FROM EXCLUDED.proposal - 'effective_from'
               OR x.numbers IS DISTINCT FROM EXCLUDED.numbers
        RETURNING x.id, x.kind, x.product_id, x.supplier, x.location_id, x.priority, x.reason,
                  (x.xmax = 0) AS inserted
    ), up AS (
        SELECT id, kind, product_id, location_id, priority, inserted FROM ins
        UNION ALL
        SELECT id, kind, product_id, location_id, priority, false FROM upd WHERE visible
    ), ev AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), c_event, product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'pending',
                                  'refreshed', NOT inserted, 'priority', priority)
        FROM up
        UNION ALL
        SELECT nextval('events_id_seq'), 'SuggestionSuperseded', product_id, location_id,
               jsonb_build_object('suggestion_id', id, 'kind', kind, 'status', 'superseded')
        FROM superseded
        RETURNING 1
    ), announced AS (
        SELECT * FROM ins WHERE ins.inserted AND (NOT c_urgent OR ins.priority >= 3)
    ), nt AS (
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id, audience)
        SELECT CASE p_kind WHEN 'markdown' THEN 'overstock' WHEN 'audit' THEN 'audit'
                           ELSE 'low_stock' END,
               a.priority,
               CASE p_kind WHEN 'markdown' THEN format('Overstock: %s', p.sku)
                           WHEN 'audit' THEN 'Ledger difference found'
                           WHEN 'purchase' THEN format('Low stock at %s: order from %s', l.code,
                                                       coalesce(a.supplier, 'no supplier'))
                           ELSE format('Low stock: %s at %s', p.sku, l.code) END,
               a.reason, a.product_id, a.location_id, a.id,
               CASE WHEN p_kind = 'audit' THEN 'stockpilot_admin' ELSE 'stockpilot_clerk' END
        FROM announced a
        LEFT JOIN products p ON p.id = a.product_id
        LEFT JOIN locations l ON l.id = a.location_id
        WHERE NOT c_urgent OR (SELECT count(*) FROM announced) <= 50
        UNION ALL
        -- A first run over a big catalogue: one message, not thousands of tray pop-ups.
        SELECT 'low_stock', 3,
               CASE p_kind WHEN 'transfer' THEN format('Low stock: %s urgent transfers', count(*))
                           ELSE format('Low stock: %s urgent purchases', count(*)) END,
               CASE p_kind
                   WHEN 'purchase'
                   THEN format('The stock check proposes %s urgent purchases (stock-outs before '
                               'a delivery could arrive). They are in the Inbox.', count(*))
                   ELSE format('Redistribution proposes %s urgent transfers (stores about to '
                               'run out). They are in the Inbox.', count(*)) END,
               NULL, NULL, NULL, 'stockpilot_clerk'
        FROM announced
        HAVING c_urgent AND count(*) > 50
        RETURNING 1
    )
    SELECT jsonb_build_object(CASE p_kind WHEN 'audit' THEN 'findings' ELSE 'candidates' END,
                              (SELECT count(*) FROM pg_temp.sp_proposals
                               WHERE supersede_id IS NULL),
                              'unchanged', (SELECT count(*) FROM pg_temp.sp_proposals
                                            WHERE unchanged_id IS NOT NULL),
                              'created', (SELECT count(*) FROM up WHERE inserted),
                              'refreshed', (SELECT count(*) FROM up WHERE NOT inserted),
                              'superseded', (SELECT count(*) FROM superseded),
                              'events', (SELECT count(*) FROM ev),
                              'notifications', (SELECT count(*) FROM nt))
    INTO v_counts;
    -- After a big run the planner would still see the suggestions table as it was (autovacuum
    -- comes later) and plan the next run's probes as scans of a tiny table: quadratic. (The
    -- audit's findings are few; it leaves this to autovacuum.)
    IF p_kind <> 'audit'
       AND (v_counts->>'created')::bigint + (v_counts->>'refreshed')::bigint
           + (v_counts->>'superseded')::bigint > 1000 THEN
        -- The columns queries filter and join on; the JSON and text columns cost most of a
        -- whole-table ANALYZE and steer no plan.
        ANALYZE suggestions (kind, status, origin, product_id, supplier, location_id, priority,
                             created_at);
    END IF;
    RETURN v_counts;
END
$$;

-- The pending suggestions a rule run may refresh or supersede: those of its kind the agent made,
-- within the run's products (NULL: all). A plain SQL function, so the planner inlines it.
CREATE OR REPLACE FUNCTION sp_pending_agent(p_kind text, p_products integer[])
RETURNS TABLE (id bigint, product_id integer, location_id smallint, basis bigint)
LANGUAGE sql STABLE AS $$
    SELECT x.id, x.product_id, x.location_id, x.basis FROM suggestions x
    WHERE x.kind = p_kind AND x.status = 'pending' AND x.origin = 'agent'
      AND (p_products IS NULL OR x.product_id = ANY (p_products))
$$;

-- Rule: restock, proposed as purchases. Only levels below their reorder point are lines; the
-- lines of one supplier for one destination are one purchase proposal, and a pending proposal
-- whose basis (every input of every line's figures and reason) is unchanged is left as it is.
-- A run for some products rebuilds the proposals of their suppliers.
CREATE OR REPLACE FUNCTION agent_stock_check(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_suppliers text[];
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    PERFORM sp_proposals_begin();
    IF p_products IS NOT NULL THEN
        SELECT array_agg(DISTINCT coalesce(supplier, '')) INTO v_suppliers
        FROM products WHERE id = ANY (p_products);
        v_suppliers := coalesce(v_suppliers, '{}');
    END IF;
    WITH cfg AS (
        SELECT review_period_days FROM agent_settings
    ), cand AS (
        SELECT s.product_id, s.location_id, s.available, s.incoming, s.reorder_point AS rop,
               coalesce(d.avg_daily, 0) AS avg_daily, coalesce(d.sd_daily, 0) AS sd_daily,
               coalesce(d.safety_stock, 0) AS safety_stock,
               p.sku, p.name, p.pack_size, p.lead_time_days, p.cost, p.supplier, l.code,
               l.name AS loc_name,
               ceil(coalesce(d.avg_daily, 0) * cfg.review_period_days)::integer AS review_demand,
               cfg.review_period_days, rp.max_units AS policy_max
        FROM stock_levels s
        CROSS JOIN cfg
        JOIN products p ON p.id = s.product_id
        JOIN locations l ON l.id = s.location_id
        LEFT JOIN demand_stats d ON d.product_id = s.product_id AND d.location_id = s.location_id
        -- A policy set by hand: its minimum is the level's reorder point, its maximum the level
        -- to order up to.
        LEFT JOIN reorder_policies rp
            ON rp.product_id = s.product_id AND rp.location_id = s.location_id
        -- The form the shortfall statistics know, so the estimate is a few percent.
        WHERE s.available + s.incoming - s.reorder_point < 0
          AND l.active
          AND (v_suppliers IS NULL OR coalesce(p.supplier, '') = ANY (v_suppliers))
          -- One index probe per candidate (OFFSET 0 keeps it a probe): as an anti-join the
          -- planner may scan every pending transfer once per candidate when the statistics
          -- of the suggestions table lag behind a busy run, which is quadratic.
          AND NOT EXISTS (SELECT FROM suggestions x
                          WHERE x.product_id = s.product_id AND x.location_id = s.location_id
                            AND x.kind = 'transfer' AND x.status = 'pending'
                          OFFSET 0)
    ), calc AS (
        SELECT c.*, coalesce(c.policy_max, c.rop + c.review_demand) AS max_level,
               (ceil((coalesce(c.policy_max, c.rop + c.review_demand) - c.available - c.incoming)
                         ::numeric / c.pack_size) * c.pack_size)::integer AS qty,
               hash_record_extended(
                   (c.product_id, c.available, c.incoming, c.rop, c.avg_daily, c.sd_daily,
                    c.safety_stock, c.pack_size, c.lead_time_days, c.cost, c.sku, c.name,
                    c.review_period_days, c.policy_max), 0) AS basis,
               CASE WHEN c.avg_daily > 0 THEN (c.available + c.incoming) / c.avg_daily END
                   AS cover_days
        FROM cand c
    ), keep AS MATERIALIZED (
        -- The lines to order: their figures only; their words are built below for the
        -- purchases whose lines changed.
        SELECT c.*, coalesce(c.supplier, '') AS supplier_key,
               CASE WHEN c.available = 0 OR c.cover_days < c.lead_time_days THEN 3 ELSE 2 END
                   AS priority
        FROM calc c
        WHERE c.qty > 0
    ), grp_basis AS (
        -- A purchase's basis is its lines' bases (and its location and the supplier's minimum).
        SELECT g.supplier_key, g.location_id, su.minimum_order,
               hash_record_extended((g.line_basis, g.loc_name, su.minimum_order), 0) AS basis
        FROM (SELECT supplier_key, location_id, min(loc_name) AS loc_name,
                     hashtextextended(string_agg(basis::text, ',' ORDER BY product_id), 0)
                         AS line_basis
              FROM keep GROUP BY supplier_key, location_id) g
        LEFT JOIN suppliers su ON su.name = g.supplier_key
    ), j AS MATERIALIZED (
        -- Each proposal beside the pending purchase it would refresh (a FULL join: linear
        -- however stale the statistics of the pending rows are).
        SELECT k.*, cur.id AS cur_id, cur.basis AS cur_basis
        FROM grp_basis k
        FULL JOIN (SELECT x.id, coalesce(x.supplier, '') AS supplier_key, x.location_id, x.basis
                   FROM suggestions x
                   WHERE x.kind = 'purchase' AND x.status = 'pending' AND x.origin = 'agent'
                     AND (v_suppliers IS NULL OR coalesce(x.supplier, '') = ANY (v_suppliers)))
                  cur
            ON cur.supplier_key = k.supplier_key AND cur.location_id = k.location_id
    ), line AS (
        -- Each line of a purchase that changed, with its own figures and reason, as a restock
        -- of one SKU words it.
        SELECT c.*, jc.cur_id, jc.basis AS group_basis, jc.minimum_order,
               jsonb_build_object(
                   'sku', c.sku,
                   'avg_daily', round(c.avg_daily::numeric, 2),
                   'sd_daily', round(c.sd_daily::numeric, 2),
                   'available', c.available, 'incoming', c.incoming,
                   'cover_days', round(c.cover_days::numeric, 1),
                   'lead_time_days', c.lead_time_days, 'safety_stock', c.safety_stock,
                   'reorder_point', c.rop, 'review_days', c.review_period_days,
                   'max_level', c.max_level, 'pack_size', c.pack_size,
                   'packs', c.qty / c.pack_size)
                   || CASE WHEN c.policy_max IS NOT NULL
                           THEN jsonb_build_object('policy_min', c.rop,
                                                   'policy_max', c.policy_max)
                           ELSE '{}' END AS numbers,
               CASE WHEN c.policy_max IS NOT NULL THEN
                   format('%s sells %s/day; %s available + %s incoming is %s, below the minimum '
                          'of %s set for it. Order %s (%s packs of %s) from %s to reach its '
                          'maximum of %s.',
                          c.loc_name, sp_fmt(c.avg_daily), c.available, c.incoming,
                          CASE WHEN c.cover_days IS NULL THEN 'no recent sales'
                               ELSE sp_fmt(c.cover_days) || ' days of cover' END,
                          c.rop, c.qty, c.qty / c.pack_size, c.pack_size, c.supplier,
                          c.max_level)
               ELSE
               format('%s sells %s/day; %s available + %s incoming is %s, below the reorder '
                      'point of %s (%s-day lead time, safety stock %s). Order %s (%s packs of %s) '
                      'from %s to reach %s.',
                      c.loc_name, sp_fmt(c.avg_daily), c.available, c.incoming,
                      CASE WHEN c.cover_days IS NULL THEN 'no recent sales'
                           ELSE sp_fmt(c.cover_days) || ' days of cover' END,
                      c.rop, c.lead_time_days, c.safety_stock, c.qty, c.qty / c.pack_size,
                      c.pack_size, c.supplier, c.max_level) END AS reason,
               sp_reason(CASE WHEN c.policy_max IS NOT NULL THEN 'agent.restock.policy'
                              ELSE 'agent.restock' END, jsonb_build_object(
                   'location', c.loc_name, 'avg_daily', round(c.avg_daily::numeric, 1),
                   'available', c.available, 'incoming', c.incoming,
                   'cover', sp_reason_cover_days(c.cover_days), 'reorder_point', c.rop,
                   'lead_time_days', c.lead_time_days, 'safety_stock', c.safety_stock,
                   'quantity', c.qty, 'packs', c.qty / c.pack_size, 'pack_size', c.pack_size,
                   'supplier', coalesce(c.supplier, ''),
                   'order_up_to', c.max_level)) AS reason_template
        FROM keep c
        JOIN j jc ON jc.supplier_key = c.supplier_key AND jc.location_id = c.location_id
        WHERE jc.cur_basis IS DISTINCT FROM jc.basis
    ), grp AS (
        -- One proposal per supplier and destination; its lines most urgent first, then by SKU.
        SELECT l.supplier_key, l.location_id, min(l.loc_name) AS loc_name, min(l.code) AS code,
               min(l.cur_id) AS cur_id, min(l.group_basis) AS basis,
               min(l.minimum_order) AS minimum_order,
               count(*) AS lines, sum(l.qty)::integer AS units,
               sum(l.qty * l.cost)::numeric(14, 2) AS total,
               count(*) FILTER (WHERE l.priority = 3) AS urgent, max(l.priority) AS priority,
               jsonb_agg(jsonb_build_object(
                             'product_id', l.product_id, 'sku', l.sku, 'name', l.name,
                             'quantity', l.qty, 'unit_cost', l.cost, 'pack_size', l.pack_size,
                             'order_up_to', l.max_level, 'priority', l.priority,
                             'reason', l.reason, 'reason_template', l.reason_template)
                         ORDER BY l.priority DESC, l.sku) AS proposal_lines,
               jsonb_agg(l.numbers ORDER BY l.priority DESC, l.sku) AS number_lines,
               (array_agg(format('%s %s', l.sku, l.qty) ORDER BY l.priority DESC, l.sku))[1:5]
                   AS items_first
        FROM line l
        GROUP BY l.supplier_key, l.location_id
    ), calc_grp AS (
        SELECT g.*, nullif(g.supplier_key, '') AS supplier,
               array_to_string(g.items_first, ', ')
                   || CASE WHEN g.lines > 5 THEN format(' and %s more', g.lines - 5) ELSE '' END
                   AS items,
               array_to_string(g.items_first, ', ') AS items_list
        FROM grp g
    ), prop AS (
        SELECT c.supplier, c.location_id, c.units, c.basis, c.cur_id, c.total AS value,
               c.priority,
               jsonb_build_object('supplier', c.supplier, 'location', c.code,
                                  'lines', c.proposal_lines, 'total', c.total) AS proposal,
               jsonb_build_object('lines', c.lines, 'units', c.units, 'total_cost', c.total,
                                  'urgent_lines', c.urgent,
                                  'minimum_order', coalesce(c.minimum_order, 0),
                                  'line_numbers', c.number_lines) AS numbers,
               format('Order %s units in %s line(s) from %s for %s, %s in all: %s.%s%s',
                      c.units, c.lines, coalesce(c.supplier, 'no supplier named'), c.loc_name,
                      to_char(c.total, 'FM999999999990.00'), c.items,
                      CASE WHEN c.urgent > 0
                           THEN format(' %s of them run out before a delivery could arrive.',
                                       c.urgent) ELSE '' END,
                      CASE WHEN c.total < c.minimum_order
                           THEN format(' Below %s''s minimum order of %s.', c.supplier,
                                       to_char(c.minimum_order, 'FM999999999990.00'))
                           ELSE '' END) AS reason,
               sp_reason('agent.purchase', jsonb_build_object(
                   'units', c.units, 'lines', c.lines,
                   'supplier', coalesce(to_jsonb(c.supplier),
                                        sp_reason('agent.purchase.no_supplier', '{}')),
                   'location', c.loc_name, 'total', c.total,
                   'items', CASE WHEN c.lines > 5
                                 THEN sp_reason('agent.purchase.items_more',
                                                jsonb_build_object('list', c.items_list,
                                                                   'more', c.lines - 5))
                                 ELSE to_jsonb(c.items_list) END,
                   'urgent', CASE WHEN c.urgent > 0
                                  THEN sp_reason('agent.purchase.urgent',
                                                 jsonb_build_object('count', c.urgent)) END,
                   'minimum', CASE WHEN c.total < c.minimum_order
                                   THEN sp_reason('agent.purchase.minimum',
                                                  jsonb_build_object('supplier', c.supplier,
                                                                     'minimum', c.minimum_order))
                              END)) AS reason_template
        FROM calc_grp c
    ), queued AS (
        INSERT INTO pg_temp.sp_proposals (cur_id, supplier, location_id, quantity, value,
                                          priority, proposal, numbers, reason, reason_template,
                                          basis)
        SELECT cur_id, supplier, location_id, units, value, priority, proposal, numbers,
               reason, reason_template, basis
        FROM prop
        RETURNING 1
    )
    -- Pending purchases whose lines all went away, and those left as they are.
    INSERT INTO pg_temp.sp_proposals (supersede_id, unchanged_id)
    SELECT CASE WHEN j.location_id IS NULL THEN j.cur_id END,
           CASE WHEN j.location_id IS NOT NULL THEN j.cur_id END
    FROM j
    WHERE j.location_id IS NULL OR j.cur_basis = j.basis;
    RETURN sp_suggestions_publish('purchase');
END
$$;
GRANT EXECUTE ON FUNCTION agent_stock_check(integer[]) TO stockpilot_clerk;

-- Rule: redistribution, for stores below their reorder point; a pending transfer whose basis
-- is unchanged is left as it is.
CREATE OR REPLACE FUNCTION agent_redistribution(p_products integer[] DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
    v_counts jsonb;
    v_products integer[];
BEGIN
    PERFORM pg_advisory_xact_lock(1397772619, 1);
    PERFORM sp_proposals_begin();
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
        JOIN locations l ON l.id = s.location_id AND l.kind IN ('store', 'online') AND l.active
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
            JOIN locations l2 ON l2.id = s2.location_id AND l2.active
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
    ), j AS MATERIALIZED (
        -- As in the stock check, a FULL join: never a quadratic nested loop over the CTE.
        SELECT k.*, cur.id AS cur_id, cur.basis AS cur_basis
        FROM keep k
        FULL JOIN sp_pending_agent('transfer', p_products) cur
            ON cur.product_id = k.product_id AND cur.location_id = k.location_id
    ), purchase_lines AS MATERIALIZED (
        -- The pending purchases' lines, once (a few per supplier and location, a line each per
        -- SKU): hash-joined below, never searched per proposal.
        SELECT x.id, (l ->> 'product_id')::integer AS product_id, x.location_id
        FROM suggestions x CROSS JOIN jsonb_array_elements(x.proposal -> 'lines') l
        WHERE x.kind = 'purchase' AND x.status = 'pending' AND x.origin = 'agent'
    ), stale AS (
        -- Transfers whose conditions went away, and purchases with a line a transfer now
        -- replaces (the stock check below proposes the rest of them again).
        SELECT j.cur_id AS id FROM j WHERE j.product_id IS NULL
        UNION
        SELECT pl.id FROM j
        JOIN purchase_lines pl
            ON pl.product_id = j.product_id AND pl.location_id = j.location_id
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
                      k.src_available, sp_fmt(k.km), k.qty, k.src_name, k.src_rop) AS reason,
               sp_reason('agent.transfer', jsonb_build_object(
                   'location', k.loc_name, 'avg_daily', round(k.avg_daily::numeric, 1),
                   'left', CASE WHEN k.cover_days IS NULL
                                THEN sp_reason('cover.units',
                                               jsonb_build_object('units', k.available))
                                ELSE sp_reason_cover_days(k.cover_days) END,
                   'source', k.src_name,
                   'source_cover', CASE WHEN k.src_cover_weeks IS NULL
                                        THEN sp_reason('cover.none', '{}')
                                        ELSE sp_reason('cover.weeks', jsonb_build_object(
                                            'weeks', round(k.src_cover_weeks::numeric, 1))) END,
                   'source_available', k.src_available,
                   'distance_km', round(k.km::numeric, 1), 'quantity', k.qty,
                   'source_reorder_point', k.src_rop)) AS reason_template
        FROM j k
        WHERE k.product_id IS NOT NULL AND k.cur_basis IS DISTINCT FROM k.basis
    ), queued AS (
        INSERT INTO pg_temp.sp_proposals (cur_id, product_id, location_id, source_location_id,
                                          quantity, value, priority, proposal, numbers, reason,
                                          reason_template, basis)
        SELECT cur_id, product_id, location_id, src_id, qty, value, priority, proposal,
               numbers, reason, reason_template, basis
        FROM prop
        RETURNING 1
    )
    INSERT INTO pg_temp.sp_proposals (supersede_id, unchanged_id)
    SELECT id, NULL FROM stale
    UNION ALL
    SELECT NULL, j.cur_id FROM j WHERE j.product_id IS NOT NULL AND j.cur_basis = j.basis;
    v_counts := sp_suggestions_publish('transfer');
    -- The purchases given way are proposed again without the lines transfers now cover.
    SELECT array_agg(DISTINCT (l ->> 'product_id')::integer) INTO v_products
    FROM suggestions x CROSS JOIN jsonb_array_elements(x.proposal -> 'lines') l
    WHERE x.kind = 'purchase' AND x.status = 'superseded'
      AND x.id IN (SELECT supersede_id FROM pg_temp.sp_proposals);
    IF v_products IS NOT NULL THEN
        PERFORM agent_stock_check(v_products);
    END IF;
    RETURN v_counts;
END
$$;
GRANT EXECUTE ON FUNCTION agent_redistribution(integer[]) TO stockpilot_clerk;

-- Markdown: the largest discount that keeps the price at or above cost x (1 + margin floor).
CREATE OR REPLACE FUNCTION sp_markdown_max_discount(p_price numeric, p_cost numeric, p_floor numeric)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_price > 0
                THEN floor((1 - p_cost * (1 + p_floor) / p_price) * 100)::integer
                ELSE 0 END
$$;

CREATE OR REPLACE FUNCTION sp_discounted_price(p_price numeric, p_discount numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    -- Rounded up to the cent, so that rounding never takes it below the margin floor.
    SELECT (ceil(p_price * (100 - p_discount)) / 100)::numeric(12, 2)
$$;

-- Rule: markdown. Slow sellers with too many weeks of cover get a discount tier (10/20/30),
-- capped by the margin floor. Product-wide: location_id is NULL.
CREATE OR REPLACE FUNCTION agent_price_analysis() RETURNS jsonb
-- JIT compilation saves nothing here.
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
BEGIN
    PERFORM sp_proposals_begin();
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
                           ELSE '' END) AS reason,
               sp_reason('agent.markdown', jsonb_build_object(
                   'sku', p.sku, 'available', p.available,
                   'cover', CASE WHEN p.cover_weeks IS NULL THEN sp_reason('cover.none', '{}')
                                 ELSE sp_reason('cover.weeks', jsonb_build_object(
                                     'weeks', round(p.cover_weeks::numeric, 1))) END,
                   'sell_through', round((p.sell_through * 100)::double precision::numeric, 1), 'discount', p.discount,
                   'old_price', p.price, 'new_price', p.new_price,
                   'limit', CASE WHEN p.discount < p.tier
                                 THEN sp_reason('markdown.limited', jsonb_build_object(
                                     'tier', p.tier,
                                     'margin_floor',
                                     round((p.margin_floor * 100)::double precision::numeric, 0),
                                     'cost', p.cost))
                                 ELSE to_jsonb(''::text) END)) AS reason_template
        FROM prop p
    ), cur AS (
        SELECT * FROM sp_pending_agent('markdown', NULL)
    ), queued AS (
        INSERT INTO pg_temp.sp_proposals (product_id, value, priority, proposal, numbers, reason,
                                          reason_template)
        SELECT product_id, value, priority, proposal, numbers, reason, reason_template
        FROM prop2
        RETURNING 1
    )
    INSERT INTO pg_temp.sp_proposals (supersede_id)
    SELECT cur.id FROM cur FULL JOIN prop2 ON prop2.product_id = cur.product_id
    WHERE prop2.product_id IS NULL;
    RETURN sp_suggestions_publish('markdown');
END
$$;
GRANT EXECUTE ON FUNCTION agent_price_analysis() TO stockpilot_clerk;

-- Rule: ledger audit. A level that differs from its ledger asks an admin to review it.
CREATE OR REPLACE FUNCTION agent_ledger_audit() RETURNS jsonb
-- JIT compilation saves nothing here.
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET jit = off AS $$
BEGIN
    PERFORM sp_proposals_begin();
    WITH diff AS (
        SELECT p.id AS product_id, l.id AS location_id, a.sku, a.location, l.name AS loc_name,
               jsonb_agg(jsonb_build_object('figure', a.figure, 'level', a.level_value,
                                            'ledger', a.ledger_value) ORDER BY a.figure)
                   AS figures,
               string_agg(format('%s: level %s, ledger %s', a.figure, a.level_value,
                                 a.ledger_value), '; ' ORDER BY a.figure) AS summary,
               jsonb_agg(sp_reason('audit.figure', jsonb_build_object(
                             'figure', a.figure, 'level', a.level_value,
                             'ledger', a.ledger_value)) ORDER BY a.figure) AS summary_template
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
                      d.sku, d.loc_name, d.summary) AS reason,
               sp_reason('agent.audit', jsonb_build_object(
                   'sku', d.sku, 'location', d.loc_name, 'figures', d.summary_template))
                   AS reason_template
        FROM diff d
    ), cur AS (
        SELECT * FROM sp_pending_agent('audit', NULL)
    ), queued AS (
        INSERT INTO pg_temp.sp_proposals (product_id, location_id, priority, proposal, numbers,
                                          reason, reason_template)
        SELECT product_id, location_id, 3, proposal, numbers, reason, reason_template FROM prop
        RETURNING 1
    )
    INSERT INTO pg_temp.sp_proposals (supersede_id)
    SELECT cur.id FROM cur
    FULL JOIN prop ON prop.product_id = cur.product_id AND prop.location_id = cur.location_id
    WHERE prop.product_id IS NULL;
    RETURN sp_suggestions_publish('audit');
END
$$;
GRANT EXECUTE ON FUNCTION agent_ledger_audit() TO stockpilot_clerk;

-- Applies the price changes whose day has come (the markdown execution and the price-changes
-- job call it).
CREATE OR REPLACE FUNCTION price_changes_apply_due() RETURNS jsonb
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
GRANT EXECUTE ON FUNCTION price_changes_apply_due() TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION sp_check_policy(p_kind text, p_value numeric) RETURNS void
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

-- Executes an approved suggestion: purchase order, (multi-source) transfer, price change, count.
CREATE OR REPLACE FUNCTION sp_suggestion_execute(p_s suggestions, p_final jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product products;
    v_qty integer;
    v_discount numeric;
    v_new numeric;
    v_from date;
    v_change bigint;
    v_result jsonb;
    v_dest text;
    v_line jsonb;
    r record;
    v_cfg agent_settings;
BEGIN
    SELECT * INTO v_product FROM products WHERE id = p_s.product_id;
    CASE p_s.kind
    WHEN 'restock' THEN
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN sp_purchase_order_create(
            v_product.supplier, p_s.location_id,
            jsonb_build_array(jsonb_build_object('product_id', p_s.product_id, 'quantity', v_qty)),
            p_s.id);
    WHEN 'purchase' THEN
        -- The lines kept (a modified line may be zero: left out), at today's costs.
        RETURN sp_purchase_order_create(
            p_s.supplier, p_s.location_id,
            (SELECT jsonb_agg(jsonb_build_object('product_id', (l ->> 'product_id')::integer,
                                                 'quantity', (l ->> 'quantity')::integer)
                              ORDER BY i)
             FROM jsonb_array_elements(p_final -> 'lines') WITH ORDINALITY AS t (l, i)
             WHERE (l ->> 'quantity')::integer > 0),
            p_s.id);
    WHEN 'transfer' THEN
        v_dest := (SELECT code FROM locations WHERE id = p_s.location_id);
        IF jsonb_typeof(p_final -> 'lines') = 'array'
           AND jsonb_array_length(p_final -> 'lines') > 1 THEN
            -- One transfer per source; any failure raises and undoes them all.
            v_result := '[]';
            FOR v_line IN SELECT value FROM jsonb_array_elements(p_final -> 'lines') LOOP
                v_result := v_result || jsonb_build_array(
                    stock_transfer(v_product.sku, v_line ->> 'source', v_dest,
                                   (v_line ->> 'quantity')::integer,
                                   'suggestion ' || p_s.id));
            END LOOP;
            RETURN jsonb_build_object(
                'transfers', v_result, 'sku', v_product.sku, 'to', v_dest,
                'quantity', (SELECT sum((t ->> 'quantity')::integer)
                             FROM jsonb_array_elements(v_result) t),
                'transfer_ids', (SELECT jsonb_agg(t -> 'transfer_id')
                                 FROM jsonb_array_elements(v_result) t));
        END IF;
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN stock_transfer(v_product.sku, p_final ->> 'source', v_dest, v_qty,
                              'suggestion ' || p_s.id);
    WHEN 'adjustment' THEN
        RETURN stock_adjust(v_product.sku, (SELECT code FROM locations WHERE id = p_s.location_id),
                            (p_final ->> 'quantity')::integer,
                            format('%s (suggestion %s)', left(p_final ->> 'reason', 460), p_s.id));
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

-- The value policies judge, including the units a count adds or removes, at cost.
CREATE OR REPLACE FUNCTION sp_suggestion_value(p_s suggestions, p_final jsonb) RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE p_s.kind
        WHEN 'restock' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'purchase' THEN (SELECT coalesce(sum((l ->> 'quantity')::numeric * lp.cost), 0)
                              FROM jsonb_array_elements(p_final -> 'lines') l
                              JOIN products lp ON lp.id = (l ->> 'product_id')::integer)
        WHEN 'transfer' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'markdown' THEN (p.price - sp_discounted_price(p.price,
                                          (p_final ->> 'discount_pct')::numeric))
                             * coalesce((SELECT sum(available) FROM stock_levels
                                         WHERE product_id = p.id), 0)
        WHEN 'adjustment' THEN abs((p_final ->> 'quantity')::numeric
                                   - coalesce((SELECT on_hand FROM stock_levels
                                               WHERE product_id = p.id
                                                 AND location_id = p_s.location_id), 0))
                               * p.cost
        ELSE 0 END
    FROM (SELECT 1) one LEFT JOIN products p ON p.id = p_s.product_id
$$;

-- A purchase's changed lines [{sku, quantity}], checked against its proposal: each SKU one of
-- its lines and named once, each quantity a whole number (0 leaves the line out), at least one
-- line left. Returns the changes as {sku: quantity}.
CREATE OR REPLACE FUNCTION sp_purchase_lines_changed(p_proposal jsonb, p_lines jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_out jsonb := '{}';
    v_line jsonb;
    v_sku text;
BEGIN
    IF p_lines IS NULL OR jsonb_typeof(p_lines) <> 'array' OR jsonb_array_length(p_lines) = 0 THEN
        RAISE EXCEPTION 'The changed lines must be a list of {sku, quantity}.'
            USING ERRCODE = 'SP009', COLUMN = 'lines';
    END IF;
    FOR v_line IN SELECT value FROM jsonb_array_elements(p_lines) LOOP
        v_sku := CASE WHEN jsonb_typeof(v_line -> 'sku') = 'string' THEN v_line ->> 'sku' END;
        IF NOT EXISTS (SELECT FROM jsonb_array_elements(p_proposal -> 'lines') l
                       WHERE l ->> 'sku' = v_sku) THEN
            RAISE EXCEPTION 'This purchase has no line for SKU %.', coalesce(v_sku, '(none given)')
                USING ERRCODE = 'SP009', COLUMN = 'sku';
        END IF;
        IF v_out ? v_sku THEN
            RAISE EXCEPTION 'SKU % is named twice.', v_sku USING ERRCODE = 'SP009',
                COLUMN = 'sku';
        END IF;
        v_out := v_out || jsonb_build_object(
            v_sku, sp_json_int(v_line -> 'quantity', format('quantity of %s', v_sku), 0));
    END LOOP;
    IF NOT EXISTS (SELECT FROM jsonb_array_elements(p_proposal -> 'lines') l
                   WHERE coalesce((v_out ->> (l ->> 'sku'))::integer,
                                  (l ->> 'quantity')::integer) > 0) THEN
        RAISE EXCEPTION 'A purchase needs at least one line to order; reject it instead.'
            USING ERRCODE = 'SP009', COLUMN = 'lines';
    END IF;
    RETURN v_out;
END
$$;

-- A purchase's lines with the changed quantities ({sku: quantity}) in place.
CREATE OR REPLACE FUNCTION sp_purchase_lines_apply(p_lines jsonb, p_changes jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_agg(CASE WHEN p_changes ? (l ->> 'sku')
                          THEN l || jsonb_build_object('quantity',
                                                       (p_changes ->> (l ->> 'sku'))::integer)
                          ELSE l END
                     ORDER BY i)
    FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS t (l, i)
$$;

-- Approve, modify or reject; Modify keeps a multi-source transfer's lines consistent.
CREATE OR REPLACE FUNCTION sp_suggestion_decide(p_id bigint, p_action text, p_changes jsonb,
                                                p_note text)
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
            IF NOT ((v.kind IN ('restock', 'transfer', 'adjustment') AND v_key = 'quantity')
                    OR (v.kind = 'purchase' AND v_key = 'lines')
                    OR (v.kind = 'transfer' AND v_key = 'source')
                    OR (v.kind = 'adjustment' AND v_key = 'reason')
                    OR (v.kind = 'markdown' AND v_key IN ('discount_pct', 'effective_from'))) THEN
                RAISE EXCEPTION 'A % suggestion has no "%" to change.', v.kind, v_key
                    USING ERRCODE = 'SP009';
            END IF;
        END LOOP;
        IF p_changes ? 'quantity' THEN
            -- A count may be zero; a quantity to move or order may not.
            v_changes := v_changes || jsonb_build_object(
                'quantity', sp_json_int(p_changes -> 'quantity',
                                        CASE WHEN v.kind = 'adjustment' THEN 'counted quantity'
                                             ELSE 'quantity' END,
                                        CASE WHEN v.kind = 'adjustment' THEN 0 ELSE 1 END));
        END IF;
        IF p_changes ? 'lines' THEN
            v_changes := v_changes
                         || jsonb_build_object('lines', sp_purchase_lines_changed(v.proposal,
                                                                                  p_changes -> 'lines'));
        END IF;
        IF p_changes ? 'reason' THEN
            v_changes := v_changes || jsonb_build_object(
                'reason', sp_check_reason(CASE WHEN jsonb_typeof(p_changes -> 'reason') = 'string'
                                               THEN p_changes ->> 'reason' END));
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
        IF v.kind = 'purchase' THEN
            v_final := v.proposal || jsonb_build_object(
                'lines', sp_purchase_lines_apply(v.proposal -> 'lines', v_changes -> 'lines'));
            v_final := v_final || jsonb_build_object(
                'total', (SELECT coalesce(sum((l ->> 'quantity')::numeric
                                              * (l ->> 'unit_cost')::numeric), 0)
                          FROM jsonb_array_elements(v_final -> 'lines') l));
        ELSIF v.kind = 'markdown' THEN
            v_final := v_final || jsonb_build_object(
                'new_price', sp_discounted_price((SELECT price FROM products
                                                  WHERE id = v.product_id),
                                                 (v_final ->> 'discount_pct')::numeric));
        ELSIF v.kind = 'adjustment' THEN
            v_final := v_final || jsonb_build_object('counted', v_final -> 'quantity');
        ELSIF v.kind = 'transfer' AND jsonb_typeof(v.proposal -> 'lines') = 'array' THEN
            -- A new source means one source; a new quantity keeps the nearest sources first.
            IF v_changes ? 'source' THEN
                v_final := v_final || jsonb_build_object('lines', jsonb_build_array(
                    jsonb_build_object('source', v_final ->> 'source',
                                       'quantity', (v_final ->> 'quantity')::integer)));
            ELSIF v_changes ? 'quantity' THEN
                v_final := v_final || jsonb_build_object(
                    'lines', sp_transfer_lines_fit(v.proposal -> 'lines',
                                                   (v_final ->> 'quantity')::integer));
            END IF;
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
        VALUES ('execution_failed', 3,
                format('Could not carry out %s for %s', v.kind,
                       coalesce(v_sku, coalesce(v.supplier, 'no supplier') || ' at ' || v_loc)),
                v_error, v.product_id, v.location_id, v.id);
    END IF;
    RETURN jsonb_build_object('suggestion_id', p_id, 'status', v_status, 'result', v_execution,
                              'error', v_error, 'value', v_value);
END
$$;

CREATE OR REPLACE FUNCTION suggestion_approve(p_id bigint, p_note text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'approved', NULL, p_note)
$$;
GRANT EXECUTE ON FUNCTION suggestion_approve(bigint, text) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION suggestion_modify(p_id bigint, p_changes jsonb, p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'modified', p_changes, p_note)
$$;
GRANT EXECUTE ON FUNCTION suggestion_modify(bigint, jsonb, text) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION suggestion_reject(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_suggestion_decide(p_id, 'rejected', NULL, p_reason)
$$;
GRANT EXECUTE ON FUNCTION suggestion_reject(bigint, text) TO stockpilot_clerk;

-- The inbox shows who asked for a staff suggestion and what they asked for.
CREATE OR REPLACE VIEW suggestion_inbox AS
-- A purchase has no product of its own: its SKU and name are empty (its lines name them).
SELECT s.id, s.kind, s.status, coalesce(p.sku, '') AS sku, coalesce(p.name, '') AS product_name,
       l.code AS location,
       src.code AS source, s.quantity, s.value, s.priority, s.proposal, s.numbers, s.reason,
       s.created_at, s.updated_at, s.decision, s.decided_by, s.decided_at, s.decision_note,
       s.changes, s.final, s.execution, s.executed_at, s.error, s.product_id, s.location_id,
       s.origin, s.requested_by, s.request, s.supplier
FROM suggestions s
LEFT JOIN products p ON p.id = s.product_id
LEFT JOIN locations l ON l.id = s.location_id
LEFT JOIN locations src ON src.id = s.source_location_id;
GRANT SELECT ON suggestion_inbox TO stockpilot_clerk;

-- A whole number from a JSON value within [p_min, p_max], or SP003 naming the field.
CREATE OR REPLACE FUNCTION sp_json_int(p_value jsonb, p_what text, p_min integer,
                                       p_max integer DEFAULT 1000000)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v numeric;
BEGIN
    -- Checked in steps: only a JSON number may be cast.
    IF p_value IS NOT NULL AND jsonb_typeof(p_value) = 'number' THEN
        v := p_value::text::numeric;
        IF v = trunc(v) AND v BETWEEN p_min AND p_max THEN
            RETURN v::integer;
        END IF;
    END IF;
    RAISE EXCEPTION 'The % must be a whole number from % to % (got %).', p_what, p_min, p_max,
        coalesce(p_value::text, 'nothing')
        USING ERRCODE = 'SP003';
END
$$;

-- The lines of a multi-source transfer cut or stretched to a new total: nearest sources
-- (the order the optimizer chose) first; more than the lines held goes to the first source.
CREATE OR REPLACE FUNCTION sp_transfer_lines_fit(p_lines jsonb, p_quantity integer)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_left integer := p_quantity;
    v_out jsonb := '[]';
    v_take integer;
    l jsonb;
BEGIN
    FOR l IN SELECT value FROM jsonb_array_elements(p_lines) LOOP
        EXIT WHEN v_left <= 0;
        v_take := least(v_left, (l ->> 'quantity')::integer);
        v_out := v_out || jsonb_build_array(jsonb_build_object('source', l ->> 'source',
                                                               'quantity', v_take));
        v_left := v_left - v_take;
    END LOOP;
    IF v_left > 0 THEN
        v_out := jsonb_set(v_out, '{0,quantity}',
                           to_jsonb((v_out -> 0 ->> 'quantity')::integer + v_left));
    END IF;
    RETURN v_out;
END
$$;

-- Files a staff request as pending suggestions (origin 'staff'). The client is not trusted: every
-- SKU, location, quantity and discount is checked here and the proposal rebuilt from the catalogue.
CREATE OR REPLACE FUNCTION request_file(p_request jsonb, p_text text, p_reader text,
                                        p_proposal jsonb, p_numbers jsonb, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_kind text;
    v_request jsonb;
    v_numbers jsonb := coalesce(p_numbers, '{}');
    v_reason text;
    v_reason_template jsonb;
    v_product products;
    v_loc smallint;
    v_loc_code text;
    v_src smallint;
    v_first_src smallint;
    v_qty integer;
    v_total integer := 0;
    v_lines jsonb := '[]';
    v_line jsonb;
    v_seen text[] := '{}';
    v_available integer;
    v_level stock_levels;
    v_counted integer;
    v_note text;
    v_proposal jsonb;
    v_value numeric;
    v_sum numeric := 0;
    v_ids bigint[] := '{}';
    v_id bigint;
    v_cfg agent_settings;
    v_discount numeric;
    v_new numeric;
    v_from date;
    v_n integer;
    v_i integer := 0;
BEGIN
    IF NOT pg_has_role(session_user, 'stockpilot_clerk', 'MEMBER') THEN
        RAISE EXCEPTION 'Only staff may file requests (you are %).', session_user
            USING ERRCODE = '42501';
    END IF;
    IF p_reader IS NULL OR p_reader NOT IN ('llm', 'rules', 'form') THEN
        RAISE EXCEPTION 'The reader is llm, rules or form (got %).',
            coalesce(p_reader, 'nothing') USING ERRCODE = 'SP009';
    END IF;
    IF p_reader <> 'form' AND (p_text IS NULL OR p_text !~ '[^[:space:]]') THEN
        RAISE EXCEPTION 'A request read from text needs its text.' USING ERRCODE = 'SP009';
    END IF;
    IF length(p_text) > 2000 THEN
        RAISE EXCEPTION 'The request text is too long (at most 2000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_request IS NULL OR jsonb_typeof(p_request) <> 'object'
       OR length(p_request::text) > 10000 THEN
        RAISE EXCEPTION 'The structured request must be a JSON object.' USING ERRCODE = 'SP009';
    END IF;
    IF p_proposal IS NULL OR jsonb_typeof(p_proposal) <> 'object' THEN
        RAISE EXCEPTION 'The proposal must be a JSON object.' USING ERRCODE = 'SP009';
    END IF;
    IF jsonb_typeof(v_numbers) <> 'object' OR length(v_numbers::text) > 200000 THEN
        RAISE EXCEPTION 'The numbers must be a JSON object (at most 200,000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_reason IS NULL OR p_reason !~ '[^[:space:]]' OR length(p_reason) > 4000 THEN
        RAISE EXCEPTION 'A filed request needs the optimizer''s reason (at most 4000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    v_reason := btrim(p_reason);
    -- The optimizer's reason as a template (the clients word it); the text stays the fallback.
    IF jsonb_typeof(p_proposal -> 'reason_template') = 'object'
       AND jsonb_typeof(p_proposal -> 'reason_template' -> 'key') = 'string'
       AND length((p_proposal -> 'reason_template')::text) <= 20000 THEN
        v_reason_template := p_proposal -> 'reason_template';
    END IF;
    v_kind := p_proposal ->> 'kind';
    IF v_kind IS NULL OR v_kind NOT IN ('transfer', 'adjustment', 'restock', 'promotion') THEN
        RAISE EXCEPTION 'Unknown request kind "%"; one of transfer, adjustment, restock, promotion.',
            coalesce(v_kind, '') USING ERRCODE = 'SP009';
    END IF;
    IF p_request ->> 'kind' IS DISTINCT FROM v_kind THEN
        RAISE EXCEPTION 'The proposal (%) does not answer the request (%).', v_kind,
            coalesce(p_request ->> 'kind', 'no kind') USING ERRCODE = 'SP009';
    END IF;
    v_request := jsonb_build_object('request', p_request, 'text', p_text, 'reader', p_reader);

    IF v_kind <> 'promotion' THEN
        SELECT * INTO v_product FROM products WHERE id = sp_product_id(p_proposal ->> 'sku');
    END IF;

    IF v_kind = 'transfer' THEN
        v_loc := sp_location_id(p_proposal ->> 'to');
        v_loc_code := p_proposal ->> 'to';
        IF jsonb_typeof(p_proposal -> 'lines') IS DISTINCT FROM 'array'
           OR jsonb_array_length(p_proposal -> 'lines') NOT BETWEEN 1 AND 20 THEN
            RAISE EXCEPTION 'A transfer needs from 1 to 20 source lines.' USING ERRCODE = 'SP009';
        END IF;
        FOR v_line IN SELECT value FROM jsonb_array_elements(p_proposal -> 'lines') LOOP
            IF jsonb_typeof(v_line) <> 'object' THEN
                RAISE EXCEPTION 'Each transfer line is an object {"from", "quantity"}.'
                    USING ERRCODE = 'SP009';
            END IF;
            v_src := sp_location_id(v_line ->> 'from');
            IF v_src = v_loc THEN
                RAISE EXCEPTION 'A transfer needs two different locations (both are %).',
                    v_loc_code USING ERRCODE = 'SP005';
            END IF;
            IF (v_line ->> 'from') = ANY (v_seen) THEN
                RAISE EXCEPTION 'Source % appears twice in the transfer.', v_line ->> 'from'
                    USING ERRCODE = 'SP009';
            END IF;
            v_seen := v_seen || (v_line ->> 'from');
            v_qty := sp_json_int(v_line -> 'quantity', 'quantity', 1);
            SELECT coalesce(max(available), 0) INTO v_available FROM stock_levels
            WHERE product_id = v_product.id AND location_id = v_src;
            IF v_qty > v_available THEN
                RAISE EXCEPTION 'Only % of % available at %; cannot transfer %.', v_available,
                    v_product.sku, v_line ->> 'from', v_qty
                    USING ERRCODE = 'SP004',
                          DETAIL = jsonb_build_object('available', v_available,
                                                      'location', v_line ->> 'from')::text;
            END IF;
            v_first_src := coalesce(v_first_src, v_src);
            v_total := v_total + v_qty;
            v_lines := v_lines || jsonb_build_array(
                jsonb_build_object('source', v_line ->> 'from', 'quantity', v_qty));
        END LOOP;
        IF v_total > 1000000
           OR sp_json_int(p_proposal -> 'quantity', 'quantity', 1) <> v_total THEN
            RAISE EXCEPTION 'The transfer''s quantity (%) is not the sum of its lines (%).',
                p_proposal -> 'quantity', v_total USING ERRCODE = 'SP003';
        END IF;
        v_proposal := jsonb_build_object('quantity', v_total,
                                         'source', v_lines -> 0 ->> 'source',
                                         'destination', v_loc_code, 'lines', v_lines);
        v_value := v_total * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, source_location_id, quantity,
                                 value, proposal, numbers, reason, reason_template, origin,
                                 requested_by, request)
        VALUES ('transfer', v_product.id, v_loc, v_first_src, v_total, v_value, v_proposal,
                v_numbers, v_reason, v_reason_template, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSIF v_kind = 'adjustment' THEN
        v_loc := sp_location_id(p_proposal ->> 'location');
        v_loc_code := p_proposal ->> 'location';
        v_counted := sp_json_int(p_proposal -> 'counted', 'counted quantity', 0);
        v_note := sp_check_reason(CASE WHEN jsonb_typeof(p_proposal -> 'reason') = 'string'
                                       THEN p_proposal ->> 'reason' END);
        SELECT * INTO v_level FROM stock_levels
        WHERE product_id = v_product.id AND location_id = v_loc;
        IF v_counted < coalesce(v_level.reserved + v_level.committed + v_level.quarantine
                                + v_level.damaged, 0) THEN
            RAISE EXCEPTION 'A count of % is below the % units already held, sold, in quarantine or damaged at %.',
                v_counted, v_level.reserved + v_level.committed + v_level.quarantine
                           + v_level.damaged, v_loc_code
                USING ERRCODE = 'SP008',
                      HINT = 'Write damaged units off, release those in quarantine or release holds first, then count again.';
        END IF;
        v_proposal := jsonb_build_object('quantity', v_counted, 'counted', v_counted,
                                         'location', v_loc_code, 'reason', v_note,
                                         'on_hand', coalesce(v_level.on_hand, 0),
                                         'delta', v_counted - coalesce(v_level.on_hand, 0));
        v_value := abs(v_counted - coalesce(v_level.on_hand, 0)) * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, quantity, value, proposal,
                                 numbers, reason, reason_template, origin, requested_by, request)
        VALUES ('adjustment', v_product.id, v_loc, v_counted, v_value, v_proposal, v_numbers,
                v_reason, v_reason_template, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSIF v_kind = 'restock' THEN
        v_loc := sp_location_id(p_proposal ->> 'location');
        v_loc_code := p_proposal ->> 'location';
        v_qty := sp_json_int(p_proposal -> 'quantity', 'quantity', 1);
        IF v_qty % v_product.pack_size <> 0 THEN
            RAISE EXCEPTION '% is ordered in whole packs of %; % is not.', v_product.sku,
                v_product.pack_size, v_qty USING ERRCODE = 'SP009';
        END IF;
        -- Supplier and cost come from the catalogue, not from the client.
        v_proposal := jsonb_build_object('quantity', v_qty, 'supplier', v_product.supplier,
                                         'location', v_loc_code, 'unit_cost', v_product.cost,
                                         'packs', v_qty / v_product.pack_size);
        v_value := v_qty * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, quantity, value, proposal,
                                 numbers, reason, reason_template, origin, requested_by, request)
        VALUES ('restock', v_product.id, v_loc, v_qty, v_value, v_proposal, v_numbers,
                v_reason, v_reason_template, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSE -- promotion: one markdown per SKU
        IF jsonb_typeof(p_proposal -> 'lines') IS DISTINCT FROM 'array'
           OR jsonb_array_length(p_proposal -> 'lines') NOT BETWEEN 1 AND 500 THEN
            RAISE EXCEPTION 'A promotion needs from 1 to 500 SKU lines.' USING ERRCODE = 'SP009';
        END IF;
        BEGIN
            v_from := coalesce((p_proposal ->> 'effective_from')::date, current_date);
        EXCEPTION WHEN OTHERS THEN
            v_from := NULL;
        END;
        IF v_from IS NULL OR v_from < current_date THEN
            RAISE EXCEPTION 'The effective date must be a date (YYYY-MM-DD), today or later.'
                USING ERRCODE = 'SP009';
        END IF;
        SELECT * INTO v_cfg FROM agent_settings;
        v_n := jsonb_array_length(p_proposal -> 'lines');
        FOR v_line IN SELECT value FROM jsonb_array_elements(p_proposal -> 'lines') LOOP
            v_i := v_i + 1;
            IF jsonb_typeof(v_line) <> 'object' THEN
                RAISE EXCEPTION 'Each promotion line is an object {"sku", "discount_percent"}.'
                    USING ERRCODE = 'SP009';
            END IF;
            SELECT * INTO v_product FROM products WHERE id = sp_product_id(v_line ->> 'sku');
            IF v_product.sku = ANY (v_seen) THEN
                RAISE EXCEPTION '% appears twice in the promotion.', v_product.sku
                    USING ERRCODE = 'SP009';
            END IF;
            v_seen := v_seen || v_product.sku;
            IF jsonb_typeof(v_line -> 'discount_percent') IS DISTINCT FROM 'number'
               OR (v_line ->> 'discount_percent')::numeric NOT BETWEEN 1 AND 90 THEN
                RAISE EXCEPTION 'The discount for % is a percentage from 1 to 90 (got %).',
                    v_product.sku, coalesce(v_line ->> 'discount_percent', 'nothing')
                    USING ERRCODE = 'SP009';
            END IF;
            v_discount := (v_line ->> 'discount_percent')::numeric;
            v_new := sp_discounted_price(v_product.price, v_discount);
            IF v_new < v_product.cost * (1 + v_cfg.margin_floor) THEN
                RAISE EXCEPTION 'A markdown of % percent would price % at %, below the margin floor (cost % plus % percent).',
                    v_discount, v_product.sku, v_new, v_product.cost, v_cfg.margin_floor * 100
                    USING ERRCODE = 'SP009';
            END IF;
            v_proposal := jsonb_build_object('discount_pct', v_discount,
                                             'old_price', v_product.price, 'new_price', v_new,
                                             'effective_from', v_from);
            v_value := (v_product.price - v_new)
                       * coalesce((SELECT sum(available) FROM stock_levels
                                   WHERE product_id = v_product.id), 0);
            INSERT INTO suggestions (kind, product_id, value, proposal, numbers, reason,
                                     reason_template, origin, requested_by, request)
            VALUES ('markdown', v_product.id, v_value, v_proposal,
                    v_numbers - 'lines' || jsonb_build_object('line', v_line),
                    format('%s: mark down %s%% (%s -> %s). ', v_product.sku, v_discount,
                           v_product.price, v_new) || v_reason,
                    sp_reason('staff.markdown', jsonb_build_object(
                        'sku', v_product.sku, 'discount', v_discount,
                        'old_price', v_product.price, 'new_price', v_new,
                        'reason', coalesce(v_reason_template, to_jsonb(v_reason)))),
                    'staff', session_user,
                    v_request || jsonb_build_object('part', v_i, 'parts', v_n))
            RETURNING id INTO v_id;
            v_ids := v_ids || v_id;
            v_sum := v_sum + v_value;
        END LOOP;
    END IF;

    INSERT INTO events (type, product_id, location_id, payload)
    SELECT CASE WHEN s.kind = 'markdown' THEN 'PriceAdjustmentSuggested'
                ELSE 'InventoryActionSuggested' END,
           s.product_id, s.location_id,
           jsonb_build_object('suggestion_id', s.id, 'kind', s.kind, 'status', 'pending',
                              'refreshed', false, 'priority', s.priority, 'origin', 'staff',
                              'requested_by', session_user, 'reader', p_reader)
    FROM suggestions s WHERE s.id = ANY (v_ids);

    RETURN jsonb_build_object('suggestion_ids', to_jsonb(v_ids), 'kind', v_kind,
                              'count', cardinality(v_ids), 'value', v_sum);
END
$$;
GRANT EXECUTE ON FUNCTION request_file(jsonb, text, text, jsonb, jsonb, text) TO stockpilot_clerk;
