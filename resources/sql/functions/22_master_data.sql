-- Master data: suppliers, locations and reorder policies, set one at a time (the desktop's
-- pages, stockpilot-admin) or imported from CSV. Both paths check rows with the same function
-- over a staging table of text columns, so a file lists every bad line and a single change
-- names its bad field. Managers change master data; everyone on staff reads it.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- The staging tables, in the caller's temporary schema until the transaction ends (the import
-- path COPYs into them; data_import_begin in 20_import.sql hands them out).
CREATE OR REPLACE FUNCTION sp_master_stage(p_kind text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_kind = 'suppliers' THEN
        DROP TABLE IF EXISTS pg_temp.sp_import_suppliers;
        CREATE TEMP TABLE sp_import_suppliers (
            line bigint NOT NULL, name text, lead_time_days text, email text, minimum_order text
        ) ON COMMIT DROP;
    ELSIF p_kind = 'locations' THEN
        DROP TABLE IF EXISTS pg_temp.sp_import_locations;
        CREATE TEMP TABLE sp_import_locations (
            line bigint NOT NULL, code text, name text, kind text, latitude text, longitude text
        ) ON COMMIT DROP;
    ELSIF p_kind = 'policies' THEN
        DROP TABLE IF EXISTS pg_temp.sp_import_policies;
        CREATE TEMP TABLE sp_import_policies (
            line bigint NOT NULL, sku text, location text, min text, max text
        ) ON COMMIT DROP;
    ELSE
        RETURN NULL;
    END IF;
    EXECUTE format('GRANT INSERT ON pg_temp.%I TO %I', 'sp_import_' || p_kind, session_user);
    RETURN 'pg_temp.sp_import_' || p_kind;
END
$$;

-- A whole number from text, or NULL when it is not one (or out of integer range).
CREATE OR REPLACE FUNCTION sp_int_or_null(p_text text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN btrim(p_text) ~ '^[+-]?\d{1,9}$' THEN btrim(p_text)::integer END
$$;

-- A number from text, or NULL when it is not one: digits with an optional point and decimals.
CREATE OR REPLACE FUNCTION sp_numeric_or_null(p_text text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN btrim(p_text) ~ '^[+-]?\d{1,12}(\.\d+)?$' THEN btrim(p_text)::numeric END
$$;

-- The first problem of a single change, raised with its field; nothing was changed.
CREATE OR REPLACE FUNCTION sp_master_raise_first(p_problems jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF jsonb_array_length(p_problems) > 0 THEN
        RAISE EXCEPTION '%', p_problems -> 0 ->> 'message'
            USING ERRCODE = CASE p_problems -> 0 ->> 'field'
                                WHEN 'sku' THEN 'SP001' WHEN 'location' THEN 'SP002'
                                ELSE 'SP009' END,
                  COLUMN = p_problems -> 0 ->> 'field';
    END IF;
END
$$;

-- [{line, field, message}] of the first p_cap bad lines of a problems query's rows (one per
-- line: the first field in the given order).
CREATE OR REPLACE FUNCTION sp_problems_json(p_rows jsonb, p_cap integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(e ORDER BY (e ->> 'line')::bigint), '[]')
    FROM (SELECT e FROM jsonb_array_elements(coalesce(p_rows, '[]')) e
          ORDER BY (e ->> 'line')::bigint LIMIT p_cap) x
$$;

-- An upsert's summary, announced to the desktops as one event.
CREATE OR REPLACE FUNCTION sp_master_changed(p_kind text, p_rows bigint, p_inserted bigint,
                                             p_updated bigint, p_source text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (type, payload)
    VALUES ('MasterDataChanged',
            jsonb_build_object('kind', p_kind, 'rows', p_rows, 'inserted', p_inserted,
                               'updated', p_updated, 'source', p_source));
    RETURN jsonb_build_object('rows', p_rows, 'changed', p_inserted + p_updated,
                              'inserted', p_inserted, 'updated', p_updated);
END
$$;

-- A file of one kind staged by data_import_begin: every bad line listed (nothing applied), or
-- the whole file applied. The data_import_<kind> functions call it.
CREATE OR REPLACE FUNCTION sp_master_import(p_kind text, p_source text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.sp_import_' || p_kind) IS NULL THEN
        RAISE EXCEPTION 'Call data_import_begin(''%'') and fill its table first.', p_kind
            USING ERRCODE = 'SP009';
    END IF;
    PERFORM sp_import_fail(CASE p_kind WHEN 'suppliers' THEN sp_supplier_problems(100)
                                       WHEN 'locations' THEN sp_location_problems(100)
                                       ELSE sp_policy_problems(100) END);
    RETURN CASE p_kind WHEN 'suppliers' THEN sp_suppliers_apply(p_source)
                       WHEN 'locations' THEN sp_locations_apply(p_source)
                       ELSE sp_policies_apply(p_source) END;
END
$$;

-- --------------------------------------------------------------------------------------------
-- Suppliers: name, lead time in days (0-365), e-mail (empty: none), minimum order value
-- (empty: none). Upserted by name.

CREATE OR REPLACE FUNCTION sp_supplier_problems(p_cap integer) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v jsonb;
BEGIN
    SELECT jsonb_agg(jsonb_build_object('line', r.line, 'field', r.field, 'message', r.message))
    INTO v
    FROM (
        SELECT s.line,
               CASE WHEN s.bad_name IS NOT NULL THEN 'name'
                    WHEN s.first_line <> s.line THEN 'name'
                    WHEN s.lead IS NULL OR s.lead NOT BETWEEN 0 AND 365 THEN 'lead_time_days'
                    WHEN s.email_text <> '' AND s.email_text !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
                        THEN 'email'
                    ELSE 'minimum_order' END AS field,
               CASE WHEN s.bad_name IS NOT NULL THEN s.bad_name
                    WHEN s.first_line <> s.line THEN
                        format('The supplier "%s" appears twice (first on line %s).', s.name_text,
                               s.first_line)
                    WHEN s.lead IS NULL OR s.lead NOT BETWEEN 0 AND 365 THEN
                        format('The lead time must be a whole number of days from 0 to 365 (got "%s").',
                               coalesce(s.lead_time_days, ''))
                    WHEN s.email_text <> '' AND s.email_text !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' THEN
                        format('"%s" is not an e-mail address.', s.email_text)
                    ELSE format('The minimum order must be an amount of zero or more with at most two decimals (got "%s").',
                                s.minimum_order) END AS message
        FROM (SELECT i.*, btrim(coalesce(i.name, '')) AS name_text,
                     btrim(coalesce(i.email, '')) AS email_text,
                     sp_int_or_null(i.lead_time_days) AS lead,
                     CASE WHEN btrim(coalesce(i.name, '')) = '' THEN 'The supplier needs a name.'
                          WHEN length(btrim(i.name)) > 200 THEN
                              'The supplier''s name must have at most 200 characters.'
                     END AS bad_name,
                     min(i.line) OVER (PARTITION BY btrim(coalesce(i.name, ''))) AS first_line
              FROM pg_temp.sp_import_suppliers i) s
        WHERE s.bad_name IS NOT NULL OR s.first_line <> s.line
           OR s.lead IS NULL OR s.lead NOT BETWEEN 0 AND 365
           OR (s.email_text <> ''
               AND s.email_text !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$')
           OR (btrim(coalesce(s.minimum_order, '')) <> ''
               AND (sp_numeric_or_null(s.minimum_order) IS NULL
                    OR sp_numeric_or_null(s.minimum_order) < 0
                    OR sp_numeric_or_null(s.minimum_order) >= 1e10
                    OR sp_numeric_or_null(s.minimum_order)
                       <> round(sp_numeric_or_null(s.minimum_order), 2)))
        ORDER BY s.line
    ) r;
    RETURN sp_problems_json(v, p_cap);
END
$$;

CREATE OR REPLACE FUNCTION sp_suppliers_apply(p_source text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_rows bigint;
    v_inserted bigint;
    v_updated bigint;
BEGIN
    SELECT count(*) INTO v_rows FROM pg_temp.sp_import_suppliers;
    WITH r AS (
        SELECT btrim(name) AS name, sp_int_or_null(lead_time_days) AS lead,
               nullif(btrim(coalesce(email, '')), '') AS email,
               coalesce(sp_numeric_or_null(nullif(btrim(coalesce(minimum_order, '')), '')), 0)
                   AS minimum
        FROM pg_temp.sp_import_suppliers
    ), up AS (
        INSERT INTO suppliers AS s (name, lead_time_days, email, minimum_order)
        SELECT name, lead, email, minimum FROM r ORDER BY name
        ON CONFLICT (name) DO UPDATE
            SET lead_time_days = EXCLUDED.lead_time_days, email = EXCLUDED.email,
                minimum_order = EXCLUDED.minimum_order, updated_at = now()
            WHERE (s.lead_time_days, s.email, s.minimum_order)
                  IS DISTINCT FROM (EXCLUDED.lead_time_days, EXCLUDED.email,
                                    EXCLUDED.minimum_order)
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
    INTO v_inserted, v_updated FROM up;
    RETURN sp_master_changed('suppliers', v_rows, v_inserted, v_updated, p_source);
END
$$;

CREATE OR REPLACE FUNCTION data_import_suppliers(p_source text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_master_import('suppliers', p_source)
$$;
GRANT EXECUTE ON FUNCTION data_import_suppliers(text) TO stockpilot_manager;

-- One supplier, added or changed.
CREATE OR REPLACE FUNCTION supplier_set(p_name text, p_lead_time_days integer,
                                        p_email text DEFAULT NULL,
                                        p_minimum_order numeric DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sp_master_stage('suppliers');
    INSERT INTO pg_temp.sp_import_suppliers VALUES
        (1, p_name, coalesce(p_lead_time_days::text, ''), p_email, p_minimum_order::text);
    PERFORM sp_master_raise_first(sp_supplier_problems(1));
    PERFORM sp_suppliers_apply('staff');
    DROP TABLE pg_temp.sp_import_suppliers;
    RETURN (SELECT to_jsonb(s) - 'id' FROM suppliers s WHERE s.name = btrim(p_name));
END
$$;
GRANT EXECUTE ON FUNCTION supplier_set(text, integer, text, numeric) TO stockpilot_manager;

-- --------------------------------------------------------------------------------------------
-- Locations: code, name, kind (warehouse, store, online), latitude, longitude. Upserted by code;
-- a new location gets an empty level for every product, as a new product gets one at every
-- location.

CREATE OR REPLACE FUNCTION sp_location_problems(p_cap integer) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v jsonb;
BEGIN
    SELECT jsonb_agg(jsonb_build_object('line', r.line, 'field', r.field, 'message', r.message))
    INTO v
    FROM (
        SELECT s.line, x.field, x.message
        FROM (SELECT i.*, btrim(coalesce(i.code, '')) AS code_text,
                     sp_numeric_or_null(i.latitude) AS lat, sp_numeric_or_null(i.longitude) AS lon,
                     min(i.line) OVER (PARTITION BY btrim(coalesce(i.code, ''))) AS first_line
              FROM pg_temp.sp_import_locations i) s
        CROSS JOIN LATERAL (
            SELECT * FROM (VALUES
                (1, 'code', CASE WHEN s.code_text !~ '^[A-Za-z0-9_-]{1,32}$' THEN
                    format('The location code must be 1 to 32 letters, digits, "-" or "_" (got "%s").',
                           s.code_text) END),
                (2, 'code', CASE WHEN s.first_line <> s.line THEN
                    format('The location "%s" appears twice (first on line %s).', s.code_text,
                           s.first_line) END),
                (3, 'name', CASE WHEN length(btrim(coalesce(s.name, ''))) NOT BETWEEN 1 AND 100 THEN
                    'The name must have 1 to 100 characters.' END),
                (4, 'kind', CASE WHEN btrim(coalesce(s.kind, '')) NOT IN ('warehouse', 'store', 'online') THEN
                    format('The kind must be warehouse, store or online (got "%s").',
                           coalesce(s.kind, '')) END),
                (5, 'latitude', CASE WHEN s.lat IS NULL OR s.lat NOT BETWEEN -90 AND 90 THEN
                    format('The latitude must be a number from -90 to 90 (got "%s").',
                           coalesce(s.latitude, '')) END),
                (6, 'longitude', CASE WHEN s.lon IS NULL OR s.lon NOT BETWEEN -180 AND 180 THEN
                    format('The longitude must be a number from -180 to 180 (got "%s").',
                           coalesce(s.longitude, '')) END)
            ) AS c (n, field, message)
            WHERE c.message IS NOT NULL ORDER BY c.n LIMIT 1) x
        ORDER BY s.line
    ) r;
    RETURN sp_problems_json(v, p_cap);
END
$$;

CREATE OR REPLACE FUNCTION sp_locations_apply(p_source text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_rows bigint;
    v_inserted bigint;
    v_updated bigint;
BEGIN
    SELECT count(*) INTO v_rows FROM pg_temp.sp_import_locations;
    CREATE TEMP TABLE sp_locations_upserted (id smallint, inserted boolean) ON COMMIT DROP;
    WITH r AS (
        SELECT btrim(code) AS code, btrim(name) AS name, btrim(kind) AS kind,
               sp_numeric_or_null(latitude)::float8 AS lat,
               sp_numeric_or_null(longitude)::float8 AS lon, line
        FROM pg_temp.sp_import_locations
    ), up AS (
        INSERT INTO locations AS l (code, name, kind, latitude, longitude, sort_order)
        SELECT r.code, r.name, r.kind, r.lat, r.lon,
               (SELECT coalesce(max(sort_order), 0) FROM locations) + row_number() OVER (ORDER BY r.line)
        FROM r ORDER BY r.line
        ON CONFLICT (code) DO UPDATE
            SET name = EXCLUDED.name, kind = EXCLUDED.kind, latitude = EXCLUDED.latitude,
                longitude = EXCLUDED.longitude
            WHERE (l.name, l.kind, l.latitude, l.longitude)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.latitude,
                                    EXCLUDED.longitude)
        RETURNING l.id, (xmax = 0) AS inserted
    )
    INSERT INTO sp_locations_upserted SELECT id, inserted FROM up;
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
    INTO v_inserted, v_updated FROM sp_locations_upserted;
    INSERT INTO stock_levels (product_id, location_id)
    SELECT p.id, u.id FROM sp_locations_upserted u CROSS JOIN products p
    WHERE u.inserted ORDER BY p.id, u.id
    ON CONFLICT DO NOTHING;
    DROP TABLE sp_locations_upserted;
    RETURN sp_master_changed('locations', v_rows, v_inserted, v_updated, p_source);
END
$$;

CREATE OR REPLACE FUNCTION data_import_locations(p_source text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_master_import('locations', p_source)
$$;
GRANT EXECUTE ON FUNCTION data_import_locations(text) TO stockpilot_manager;

-- One location, added or changed (its code stays).
CREATE OR REPLACE FUNCTION location_set(p_code text, p_name text, p_kind text,
                                        p_latitude double precision,
                                        p_longitude double precision)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sp_master_stage('locations');
    INSERT INTO pg_temp.sp_import_locations VALUES
        (1, p_code, p_name, p_kind, p_latitude::text, p_longitude::text);
    PERFORM sp_master_raise_first(sp_location_problems(1));
    PERFORM sp_locations_apply('staff');
    DROP TABLE pg_temp.sp_import_locations;
    RETURN (SELECT to_jsonb(l) - 'id' FROM locations l WHERE l.code = btrim(p_code));
END
$$;
GRANT EXECUTE ON FUNCTION location_set(text, text, text, double precision, double precision)
    TO stockpilot_manager;

-- Takes a location out of use, or back. One that still holds stock, expects goods or has
-- orders to ship cannot be taken out of use: the error says what is left there.
CREATE OR REPLACE FUNCTION location_set_active(p_code text, p_active boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_location smallint := sp_location_id(p_code);
    v_left text;
BEGIN
    IF p_active IS NULL THEN
        RAISE EXCEPTION 'Say whether the location is in use.' USING ERRCODE = 'SP009',
            COLUMN = 'active';
    END IF;
    -- Concurrent stock changes there wait until this has decided.
    PERFORM 1 FROM locations WHERE id = v_location FOR UPDATE;
    IF NOT p_active THEN
        SELECT concat_ws('; ',
                   (SELECT format('%s units on hand', sum(on_hand)) FROM stock_levels
                    WHERE location_id = v_location HAVING sum(on_hand) > 0),
                   (SELECT format('%s units incoming', sum(incoming)) FROM stock_levels
                    WHERE location_id = v_location HAVING sum(incoming) > 0),
                   (SELECT format('%s units held or sold, not shipped',
                                  sum(reserved + committed))
                    FROM stock_levels WHERE location_id = v_location
                    HAVING sum(reserved + committed) > 0),
                   (SELECT format('%s open order line(s) to ship', count(*))
                    FROM order_lines ol JOIN orders o ON o.id = ol.order_id
                    WHERE ol.location_id = v_location AND ol.shipped < ol.quantity
                      AND o.status IN ('placed', 'partially_shipped') HAVING count(*) > 0),
                   (SELECT format('%s transfer(s) in transit', count(*)) FROM transfers
                    WHERE status = 'in_transit'
                      AND v_location IN (from_location_id, to_location_id)
                    HAVING count(*) > 0))
        INTO v_left;
        IF v_left <> '' THEN
            RAISE EXCEPTION 'Location % cannot be taken out of use: %.', p_code, v_left
                USING ERRCODE = 'SP009', COLUMN = 'location';
        END IF;
    END IF;
    UPDATE locations SET active = p_active WHERE id = v_location AND active <> p_active;
    IF FOUND THEN
        INSERT INTO events (type, location_id, payload)
        VALUES ('MasterDataChanged', v_location,
                jsonb_build_object('kind', 'locations', 'code', p_code, 'active', p_active));
    END IF;
    RETURN (SELECT to_jsonb(l) - 'id' FROM locations l WHERE l.id = v_location);
END
$$;
GRANT EXECUTE ON FUNCTION location_set_active(text, boolean) TO stockpilot_manager;

-- --------------------------------------------------------------------------------------------
-- Reorder policies: sku, location, min, max (whole numbers, min below max). The level's reorder
-- point becomes min; the demand statistics leave it alone while the policy exists.

CREATE OR REPLACE FUNCTION sp_policy_problems(p_cap integer) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v jsonb;
BEGIN
    SELECT jsonb_agg(jsonb_build_object('line', r.line, 'field', r.field, 'message', r.message))
    INTO v
    FROM (
        SELECT s.line, x.field, x.message
        FROM (SELECT i.*, p.id AS product_id, l.id AS location_id,
                     sp_int_or_null(i.min) AS lo, sp_int_or_null(i.max) AS hi,
                     min(i.line) OVER (PARTITION BY p.id, l.id) AS first_line
              FROM pg_temp.sp_import_policies i
              LEFT JOIN products p ON p.sku = btrim(i.sku)
              LEFT JOIN locations l ON l.code = btrim(i.location)) s
        CROSS JOIN LATERAL (
            SELECT * FROM (VALUES
                (1, 'sku', CASE WHEN s.product_id IS NULL THEN
                    format('Unknown SKU "%s".', coalesce(s.sku, '')) END),
                (2, 'location', CASE WHEN s.location_id IS NULL THEN
                    format('Unknown location "%s".', coalesce(s.location, '')) END),
                (3, 'sku', CASE WHEN s.product_id IS NOT NULL AND s.location_id IS NOT NULL
                                     AND s.first_line <> s.line THEN
                    format('%s at %s appears twice (first on line %s).', btrim(s.sku),
                           btrim(s.location), s.first_line) END),
                (4, 'min', CASE WHEN s.lo IS NULL OR s.lo < 0 OR s.lo > 100000000 THEN
                    format('The minimum must be a whole number of units, zero or more (got "%s").',
                           coalesce(s.min, '')) END),
                (5, 'max', CASE WHEN s.hi IS NULL OR s.hi <= 0 OR s.hi > 100000000 THEN
                    format('The maximum must be a whole number of units above zero (got "%s").',
                           coalesce(s.max, '')) END),
                (6, 'max', CASE WHEN s.hi <= s.lo THEN
                    format('The maximum (%s) must be above the minimum (%s).', s.hi, s.lo) END)
            ) AS c (n, field, message)
            WHERE c.message IS NOT NULL ORDER BY c.n LIMIT 1) x
        ORDER BY s.line
    ) r;
    RETURN sp_problems_json(v, p_cap);
END
$$;

CREATE OR REPLACE FUNCTION sp_policies_apply(p_source text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_rows bigint;
    v_changed bigint;
BEGIN
    SELECT count(*) INTO v_rows FROM pg_temp.sp_import_policies;
    CREATE TEMP TABLE sp_policies_resolved ON COMMIT DROP AS
    SELECT p.id AS product_id, l.id AS location_id, sp_int_or_null(i.min) AS lo,
           sp_int_or_null(i.max) AS hi
    FROM pg_temp.sp_import_policies i
    JOIN products p ON p.sku = btrim(i.sku) JOIN locations l ON l.code = btrim(i.location);
    WITH up AS (
        INSERT INTO reorder_policies AS rp (product_id, location_id, min_units, max_units)
        SELECT product_id, location_id, lo, hi FROM sp_policies_resolved
        ORDER BY product_id, location_id
        ON CONFLICT (product_id, location_id) DO UPDATE
            SET min_units = EXCLUDED.min_units, max_units = EXCLUDED.max_units,
                updated_at = now(), updated_by = session_user
            WHERE (rp.min_units, rp.max_units) <> (EXCLUDED.min_units, EXCLUDED.max_units)
        RETURNING 1
    )
    SELECT count(*) INTO v_changed FROM up;
    -- The reorder point follows the policy's minimum; a level that does not exist yet is made.
    INSERT INTO stock_levels AS s (product_id, location_id, reorder_point)
    SELECT product_id, location_id, lo FROM sp_policies_resolved ORDER BY product_id, location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
        SET reorder_point = EXCLUDED.reorder_point
        WHERE s.reorder_point <> EXCLUDED.reorder_point;
    DROP TABLE sp_policies_resolved;
    INSERT INTO events (type, payload)
    VALUES ('MasterDataChanged',
            jsonb_build_object('kind', 'policies', 'rows', v_rows, 'changed', v_changed,
                               'source', p_source));
    RETURN jsonb_build_object('rows', v_rows, 'changed', v_changed);
END
$$;

CREATE OR REPLACE FUNCTION data_import_policies(p_source text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_master_import('policies', p_source)
$$;
GRANT EXECUTE ON FUNCTION data_import_policies(text) TO stockpilot_manager;

-- One SKU's policy at one location, set or changed.
CREATE OR REPLACE FUNCTION reorder_policy_set(p_sku text, p_location text, p_min integer,
                                              p_max integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sp_master_stage('policies');
    INSERT INTO pg_temp.sp_import_policies VALUES
        (1, p_sku, p_location, coalesce(p_min::text, ''), coalesce(p_max::text, ''));
    PERFORM sp_master_raise_first(sp_policy_problems(1));
    PERFORM sp_policies_apply('staff');
    DROP TABLE pg_temp.sp_import_policies;
    RETURN jsonb_build_object('sku', p_sku, 'location', p_location, 'min', p_min, 'max', p_max);
END
$$;
GRANT EXECUTE ON FUNCTION reorder_policy_set(text, text, integer, integer) TO stockpilot_manager;

-- Back to the reorder point from demand: the policy goes, the level takes the statistics'
-- reorder point (0 without statistics).
CREATE OR REPLACE FUNCTION reorder_policy_clear(p_sku text, p_location text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer := sp_product_id(p_sku);
    v_location smallint := sp_location_id(p_location);
    v_point integer;
BEGIN
    DELETE FROM reorder_policies WHERE product_id = v_product AND location_id = v_location;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% at % has no reorder policy.', p_sku, p_location
            USING ERRCODE = 'SP009', COLUMN = 'sku';
    END IF;
    SELECT coalesce((SELECT reorder_point FROM demand_stats
                     WHERE product_id = v_product AND location_id = v_location), 0)
    INTO v_point;
    UPDATE stock_levels SET reorder_point = v_point
    WHERE product_id = v_product AND location_id = v_location;
    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('MasterDataChanged', v_product, v_location,
            jsonb_build_object('kind', 'policies', 'sku', p_sku, 'location', p_location,
                               'cleared', true));
    RETURN jsonb_build_object('sku', p_sku, 'location', p_location, 'reorder_point', v_point);
END
$$;
GRANT EXECUTE ON FUNCTION reorder_policy_clear(text, text) TO stockpilot_manager;
