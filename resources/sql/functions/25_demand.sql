-- Demand: sales as they happen (shipped order lines, counter sales from point-of-sale systems)
-- and the history a store brings along, folded into demand_history, the one record the demand
-- statistics and forecasts read; and what customers asked for but could not get.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- How far back a history reaches: older days fall off the front of the array as new ones come.
CREATE OR REPLACE FUNCTION sp_demand_days_kept() RETURNS integer
LANGUAGE sql IMMUTABLE AS 'SELECT 1096';

-- A level's history with units added on some days: the array grows at either end as needed
-- (days in between are zero) and keeps the newest sp_demand_days_kept() days. p_days ascending.
CREATE OR REPLACE FUNCTION sp_demand_merge(p_first date, p_units integer[], p_days date[],
                                           p_add integer[], OUT first_day date,
                                           OUT daily_units integer[])
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_n integer := cardinality(p_days);
    v_last date;
    v_i integer;
    v_keep integer := sp_demand_days_kept();
BEGIN
    IF p_units IS NULL OR cardinality(p_units) = 0 THEN
        p_first := p_days[1];
        p_units := '{}';
    END IF;
    v_last := p_first + cardinality(p_units) - 1;
    first_day := least(p_first, p_days[1]);
    daily_units := array_fill(0, ARRAY[p_first - first_day]) || p_units
                   || array_fill(0, ARRAY[greatest(p_days[v_n] - v_last, 0)]);
    FOR v_i IN 1 .. v_n LOOP
        daily_units[p_days[v_i] - first_day + 1] := daily_units[p_days[v_i] - first_day + 1]
                                                    + p_add[v_i];
    END LOOP;
    IF cardinality(daily_units) > v_keep THEN
        first_day := first_day + (cardinality(daily_units) - v_keep);
        daily_units := daily_units[cardinality(daily_units) - v_keep + 1:];
    END IF;
END
$$;

-- Folds pg_temp.sp_demand_in (product_id, location_id, day, units) into demand_history, one
-- update per level whatever the number of days. The statistics follow on their next run
-- (agent_demand_statistics recomputes the levels whose history changed).
CREATE OR REPLACE FUNCTION sp_demand_fold() RETURNS bigint
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_levels bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.sp_demand_levels;
    CREATE TEMP TABLE sp_demand_levels ON COMMIT DROP AS
    SELECT product_id, location_id, array_agg(day ORDER BY day) AS days,
           array_agg(units ORDER BY day) AS units
    FROM (SELECT product_id, location_id, day, sum(units)::integer AS units
          FROM pg_temp.sp_demand_in GROUP BY 1, 2, 3) d
    GROUP BY 1, 2;
    GET DIAGNOSTICS v_levels = ROW_COUNT;
    ANALYZE sp_demand_levels;
    -- Locked in key order first, as every writer of these rows takes them.
    PERFORM 1 FROM demand_history h
    WHERE (h.product_id, h.location_id) IN (SELECT product_id, location_id FROM sp_demand_levels)
    ORDER BY h.product_id, h.location_id FOR UPDATE;
    UPDATE demand_history h
    SET (first_day, daily_units) =
        (SELECT m.first_day, m.daily_units
         FROM sp_demand_merge(h.first_day, h.daily_units, a.days, a.units) m)
    FROM sp_demand_levels a
    WHERE a.product_id = h.product_id AND a.location_id = h.location_id;
    -- Levels without a history yet (one made meanwhile by another batch is merged into).
    INSERT INTO demand_history AS h (product_id, location_id, first_day, daily_units)
    SELECT a.product_id, a.location_id, m.first_day, m.daily_units
    FROM sp_demand_levels a
    CROSS JOIN LATERAL sp_demand_merge(NULL, NULL, a.days, a.units) m
    WHERE NOT EXISTS (SELECT FROM demand_history d
                      WHERE d.product_id = a.product_id AND d.location_id = a.location_id)
    ORDER BY a.product_id, a.location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
        SET (first_day, daily_units) =
            (SELECT m.first_day, m.daily_units
             FROM sp_demand_levels a
             CROSS JOIN LATERAL sp_demand_merge(h.first_day, h.daily_units, a.days, a.units) m
             WHERE a.product_id = h.product_id AND a.location_id = h.location_id);
    DROP TABLE pg_temp.sp_demand_levels;
    TRUNCATE pg_temp.sp_demand_in;
    RETURN v_levels;
END
$$;

-- A shipment's few units of demand (a row per line), merged as sp_demand_fold merges a batch but
-- in one statement: no staging tables, whose catalog rows would cost a shipment more than its
-- merge does.
CREATE OR REPLACE FUNCTION sp_demand_add(p_products integer[], p_locations smallint[],
                                         p_days date[], p_units integer[])
RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    -- Locked in key order first, as every writer of these rows takes them.
    PERFORM 1 FROM demand_history h
    WHERE (h.product_id, h.location_id) IN (SELECT * FROM unnest(p_products, p_locations))
    ORDER BY h.product_id, h.location_id FOR UPDATE;
    WITH a AS (
        SELECT product_id, location_id, array_agg(day ORDER BY day) AS days,
               array_agg(units ORDER BY day) AS units
        FROM (SELECT t.p AS product_id, t.l AS location_id, t.d AS day, sum(t.u)::integer AS units
              FROM unnest(p_products, p_locations, p_days, p_units) AS t (p, l, d, u)
              GROUP BY 1, 2, 3) x
        GROUP BY 1, 2
    ), upd AS (
        UPDATE demand_history h
        SET (first_day, daily_units) =
            (SELECT m.first_day, m.daily_units
             FROM sp_demand_merge(h.first_day, h.daily_units, a.days, a.units) m)
        FROM a
        WHERE a.product_id = h.product_id AND a.location_id = h.location_id
        RETURNING h.product_id, h.location_id
    )
    -- Levels without a history yet (one made meanwhile by another batch is merged into).
    INSERT INTO demand_history AS h (product_id, location_id, first_day, daily_units)
    SELECT a.product_id, a.location_id, m.first_day, m.daily_units
    FROM a
    CROSS JOIN LATERAL sp_demand_merge(NULL, NULL, a.days, a.units) m
    WHERE NOT EXISTS (SELECT FROM upd
                      WHERE upd.product_id = a.product_id AND upd.location_id = a.location_id)
    ORDER BY a.product_id, a.location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
        SET (first_day, daily_units) =
            (SELECT m.first_day, m.daily_units
             FROM a
             CROSS JOIN LATERAL sp_demand_merge(h.first_day, h.daily_units, a.days, a.units) m
             WHERE a.product_id = h.product_id AND a.location_id = h.location_id);
END
$$;

-- The table sp_demand_fold reads, empty, for this transaction.
CREATE OR REPLACE FUNCTION sp_demand_begin() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.sp_demand_in') IS NULL THEN
        CREATE TEMP TABLE sp_demand_in (
            product_id  integer NOT NULL,
            location_id smallint NOT NULL,
            day         date NOT NULL,
            units       integer NOT NULL
        ) ON COMMIT DROP;
    ELSE
        TRUNCATE pg_temp.sp_demand_in;
    END IF;
END
$$;

-- A refused hold or checkout line: the customer's demand that stock could not meet.
CREATE OR REPLACE FUNCTION sp_unmet_demand(p_product integer, p_location smallint,
                                           p_requested integer, p_available integer,
                                           p_source text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO unmet_demand (product_id, location_id, requested, available, source)
    VALUES (p_product, p_location, p_requested, greatest(p_available, 0), p_source)
$$;

-- A day written YYYY-MM-DD, or NULL for anything else (2026-02-31 too), without raising: a
-- batch's bad lines are all listed, not just the first.
CREATE OR REPLACE FUNCTION sp_parse_day(p_text text) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN p_text ~ '^\d{4}-\d{2}-\d{2}$'
             AND substr(p_text, 1, 4)::integer >= 1
             AND substr(p_text, 6, 2)::integer BETWEEN 1 AND 12
             AND substr(p_text, 9, 2)::integer BETWEEN 1 AND extract(day FROM
                     make_date(substr(p_text, 1, 4)::integer, substr(p_text, 6, 2)::integer, 1)
                     + interval '1 month' - interval '1 day')::integer
        THEN make_date(substr(p_text, 1, 4)::integer, substr(p_text, 6, 2)::integer,
                       substr(p_text, 9, 2)::integer) END
$$;

-- The staging table of a sales batch (an import's COPY, the endpoint's JSON), in the caller's
-- temporary schema until the transaction ends.
CREATE OR REPLACE FUNCTION sales_begin() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.sp_sales_in;
    CREATE TEMP TABLE sp_sales_in (
        line     bigint NOT NULL,
        sku      text,
        location text,
        day      text,
        units    text
    ) ON COMMIT DROP;
    EXECUTE format('GRANT INSERT ON pg_temp.sp_sales_in TO %I', session_user);
    RETURN 'pg_temp.sp_sales_in';
END
$$;
GRANT EXECUTE ON FUNCTION sales_begin() TO stockpilot_manager;

-- Every bad line of pg_temp.sp_sales_in, in line order, at most p_cap: [{line, field, message}].
-- With p_history false a level's units in the batch must also be available there.
CREATE OR REPLACE FUNCTION sp_sales_problems(p_history boolean, p_cap integer) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_problems jsonb;
BEGIN
    DROP TABLE IF EXISTS pg_temp.sp_sales_resolved;
    CREATE TEMP TABLE sp_sales_resolved ON COMMIT DROP AS
    SELECT s.line, s.sku, s.location, s.day AS day_text, s.units AS units_text,
           p.id AS product_id, l.id AS location_id,
           sp_parse_day(s.day) AS day,
           CASE WHEN s.units ~ '^\s*\d{1,9}\s*$' THEN btrim(s.units)::integer END AS units
    FROM pg_temp.sp_sales_in s
    LEFT JOIN products p ON p.sku = s.sku
    LEFT JOIN locations l ON l.code = s.location;
    ANALYZE sp_sales_resolved;

    WITH bad AS (
        SELECT r.line,
               CASE WHEN r.product_id IS NULL THEN 'sku'
                    WHEN r.location_id IS NULL THEN 'location'
                    WHEN r.day IS NULL OR r.day > current_date
                         OR r.day <= current_date - sp_demand_days_kept() THEN 'day'
                    ELSE 'units' END AS field,
               CASE WHEN r.product_id IS NULL THEN format('Unknown SKU "%s".', coalesce(r.sku, ''))
                    WHEN r.location_id IS NULL THEN
                        format('Unknown location "%s".', coalesce(r.location, ''))
                    WHEN r.day IS NULL THEN
                        format('The day must be a date as YYYY-MM-DD (got "%s").',
                               coalesce(r.day_text, ''))
                    WHEN r.day > current_date THEN
                        format('The day %s is in the future.', r.day_text)
                    WHEN r.day <= current_date - sp_demand_days_kept() THEN
                        format('The day %s is older than the %s days of history kept.',
                               r.day_text, sp_demand_days_kept())
                    ELSE format('The units must be a whole number above zero (got "%s").',
                                coalesce(r.units_text, '')) END AS message
        FROM sp_sales_resolved r
        WHERE r.product_id IS NULL OR r.location_id IS NULL OR r.day IS NULL
           OR r.day > current_date OR r.day <= current_date - sp_demand_days_kept()
           OR r.units IS NULL OR r.units <= 0 OR r.units > 100000000
        UNION ALL
        SELECT d.line, 'sku',
               format('%s at %s on %s is named twice (first on line %s).', d.sku, d.location,
                      d.day_text, d.first_line)
        FROM (SELECT r.line, r.sku, r.location, r.day_text,
                     min(r.line) OVER (PARTITION BY r.product_id, r.location_id, r.day)
                         AS first_line
              FROM sp_sales_resolved r
              WHERE r.product_id IS NOT NULL AND r.location_id IS NOT NULL
                AND r.day IS NOT NULL) d
        WHERE d.line <> d.first_line
        UNION ALL
        -- A sale takes units from the shelf: the batch's units of a level must be available.
        SELECT t.last_line, 'units',
               format('%s units of %s sold at %s, but only %s are available there.',
                      t.units, t.sku, t.location, coalesce(sl.available, 0))
        FROM (SELECT r.product_id, r.location_id, min(r.sku) AS sku, min(r.location) AS location,
                     sum(r.units) AS units, max(r.line) AS last_line
              FROM sp_sales_resolved r
              WHERE NOT p_history AND r.product_id IS NOT NULL AND r.location_id IS NOT NULL
                AND r.units > 0
              GROUP BY 1, 2) t
        LEFT JOIN stock_levels sl
            ON sl.product_id = t.product_id AND sl.location_id = t.location_id
        WHERE t.units > coalesce(sl.available, 0)
    )
    SELECT jsonb_agg(jsonb_build_object('line', b.line, 'field', b.field, 'message', b.message)
                     ORDER BY b.line)
    INTO v_problems
    FROM (SELECT DISTINCT ON (line) * FROM bad ORDER BY line, field) b
    WHERE b.line IN (SELECT line FROM bad ORDER BY line LIMIT p_cap);
    RETURN coalesce(v_problems, '[]');
END
$$;

-- Records the batch in pg_temp.sp_sales_in: every line is demand on its day at its location;
-- unless p_history, the units also leave on_hand (one ledger row per level and day, reason
-- "sale"). All or nothing: any bad line raises SPD01 with every bad line (up to 100) as JSON in
-- DETAIL, and nothing is recorded.
CREATE OR REPLACE FUNCTION sales_record(p_source text, p_history boolean, p_key text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET work_mem = '256MB' SET jit = off AS $$
DECLARE
    v_problems jsonb;
    v_batch bigint;
    v_rows integer;
    v_units bigint;
    v_first date;
    v_last date;
    v_levels bigint;
BEGIN
    IF to_regclass('pg_temp.sp_sales_in') IS NULL THEN
        RAISE EXCEPTION 'Call sales_begin() and fill its table first.' USING ERRCODE = 'SP009';
    END IF;
    IF p_history AND NOT pg_has_role(session_user, 'stockpilot_manager', 'MEMBER') THEN
        RAISE EXCEPTION 'Only a manager may import a sales history.' USING ERRCODE = '42501';
    END IF;
    IF NOT p_history THEN
        -- Counter sales and the hold path change the same levels: lock the batch's levels in
        -- key order before the availability check, so the check still holds at the update.
        PERFORM 1 FROM stock_levels sl
        WHERE (sl.product_id, sl.location_id) IN (
            SELECT p.id, l.id FROM pg_temp.sp_sales_in s
            JOIN products p ON p.sku = s.sku JOIN locations l ON l.code = s.location)
        ORDER BY sl.product_id, sl.location_id FOR UPDATE OF sl;
    END IF;
    v_problems := sp_sales_problems(p_history, 100);
    PERFORM sp_import_fail(v_problems); -- functions/20_import.sql
    SELECT count(*), coalesce(sum(units), 0), min(day), max(day)
    INTO v_rows, v_units, v_first, v_last FROM sp_sales_resolved;
    IF v_rows = 0 THEN
        RAISE EXCEPTION 'The batch has no sales.' USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO sales_batches (source, key, history, rows, units, first_day, last_day)
    VALUES (p_source, p_key, p_history, v_rows, v_units, v_first, v_last)
    RETURNING id INTO v_batch;

    IF NOT p_history THEN
        UPDATE stock_levels sl SET on_hand = sl.on_hand - t.units, updated_at = now()
        FROM (SELECT product_id, location_id, sum(units)::integer AS units
              FROM sp_sales_resolved GROUP BY 1, 2) t
        WHERE sl.product_id = t.product_id AND sl.location_id = t.location_id;
        INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, ref_type,
                                     ref_id, note)
        SELECT r.product_id, r.location_id, 'sale', -r.units, 'sales_batch', v_batch,
               to_char(r.day, 'YYYY-MM-DD')
        FROM sp_sales_resolved r ORDER BY r.product_id, r.location_id, r.day;
    END IF;

    PERFORM sp_demand_begin();
    INSERT INTO pg_temp.sp_demand_in (product_id, location_id, day, units)
    SELECT product_id, location_id, day, units FROM sp_sales_resolved;
    v_levels := sp_demand_fold();

    -- A few levels: an event each, so the desktops update those rows; many: one summary event.
    IF NOT p_history AND v_levels <= 200 THEN
        PERFORM sp_emit_inventory_event(t.product_id, t.location_id, 'sale',
                                        jsonb_build_object('sales_batch', v_batch))
        FROM (SELECT DISTINCT product_id, location_id FROM sp_sales_resolved) t
        ORDER BY t.product_id, t.location_id;
    ELSIF NOT p_history THEN
        INSERT INTO events (type, payload)
        VALUES ('InventoryImported', jsonb_build_object('source', p_source, 'sales_batch', v_batch,
                                                        'rows', v_rows));
    END IF;
    INSERT INTO events (type, payload)
    VALUES ('SalesRecorded', jsonb_build_object('sales_batch', v_batch, 'source', p_source,
                                                'history', p_history, 'rows', v_rows,
                                                'units', v_units, 'levels', v_levels));
    DROP TABLE pg_temp.sp_sales_resolved;
    RETURN jsonb_build_object('batch', v_batch, 'rows', v_rows, 'units', v_units,
                              'levels', v_levels, 'history', p_history,
                              'first_day', v_first, 'last_day', v_last);
END
$$;
GRANT EXECUTE ON FUNCTION sales_record(text, boolean, text) TO stockpilot_manager;

-- POST /sales: a point-of-sale system's batch [{sku, location, day, units}], recorded as
-- sales_record does; the answer is stored under the Idempotency-Key, so a batch sent again is
-- recorded once. A bad line is 422 with every bad line.
CREATE OR REPLACE FUNCTION api_sales_post(p_caller text, p_key text, p_fingerprint text,
                                          p_sales jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c_route constant text := 'POST /sales';
    v_answer jsonb;
    v_result jsonb;
    v_detail text;
BEGIN
    v_answer := sp_idem_begin(p_caller, c_route, p_key, p_fingerprint);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    PERFORM sales_begin();
    INSERT INTO pg_temp.sp_sales_in (line, sku, location, day, units)
    SELECT s.i, s.e ->> 'sku', s.e ->> 'location', s.e ->> 'day',
           CASE WHEN jsonb_typeof(s.e -> 'units') = 'number' THEN s.e ->> 'units' END
    FROM jsonb_array_elements(p_sales) WITH ORDINALITY AS s (e, i);
    BEGIN
        v_result := sales_record(p_caller, false, p_key);
    EXCEPTION WHEN SQLSTATE 'SPD01' THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint,
            sp_problem(422, 'invalid-sales', 'Sales not recorded',
                       'Some sales are wrong; none was recorded.',
                       jsonb_build_object('errors',
                           (SELECT jsonb_agg(jsonb_build_object(
                                       'index', (e ->> 'line')::integer - 1,
                                       'field', e ->> 'field', 'message', e ->> 'message'))
                            FROM jsonb_array_elements(v_detail::jsonb) e))));
    END;
    RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint,
        sp_answer(201, jsonb_build_object('batch', v_result -> 'batch', 'rows', v_result -> 'rows',
                                          'units', v_result -> 'units')));
END
$$;
GRANT EXECUTE ON FUNCTION api_sales_post(text, text, text, jsonb) TO stockpilot_endpoint;
