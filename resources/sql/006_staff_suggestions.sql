-- StockPilot schema, part 6: suggestions filed by staff beside the agent's own.
--
-- A staff request (issue: manual staff requests) becomes a suggestion in the same inbox, with
-- who asked and what they asked for. The agent's rules keep one pending suggestion per (kind,
-- SKU, location) for themselves and never refresh or supersede a person's request: the unique
-- index and every rule's upsert and supersede steps now look at origin = 'agent' only.

ALTER TABLE suggestions
    ADD COLUMN origin text NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'staff')),
    ADD COLUMN requested_by text,
    -- The request as filed: the structured request, the text it was read from and by what.
    ADD COLUMN request jsonb,
    ADD CONSTRAINT suggestions_staff_request_ck
        CHECK ((origin = 'staff') = (requested_by IS NOT NULL AND request IS NOT NULL));

DROP INDEX suggestions_pending_uq;
CREATE UNIQUE INDEX suggestions_pending_uq
    ON suggestions (kind, product_id, (coalesce(location_id, 0)))
    WHERE status = 'pending' AND origin = 'agent';

CREATE OR REPLACE FUNCTION agent_stock_check(p_products integer[] DEFAULT NULL) RETURNS jsonb
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
        WHERE x.kind = 'restock' AND x.status = 'pending' AND x.origin = 'agent'
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
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
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

CREATE OR REPLACE FUNCTION agent_redistribution(p_products integer[] DEFAULT NULL) RETURNS jsonb
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
        WHERE x.kind IN ('transfer', 'restock') AND x.status = 'pending' AND x.origin = 'agent'
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
        ON CONFLICT (kind, product_id, (coalesce(location_id, 0)))
            WHERE status = 'pending' AND origin = 'agent'
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

CREATE OR REPLACE FUNCTION agent_price_analysis() RETURNS jsonb
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

CREATE OR REPLACE FUNCTION agent_ledger_audit() RETURNS jsonb
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
