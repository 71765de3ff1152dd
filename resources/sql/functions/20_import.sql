-- CSV import of products and stock counts: staged through COPY, validated and applied set-based
-- (suppliers, locations and reorder policies: functions/22_master_data.sql).
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- The staging table of an import, in the caller's temporary schema until the transaction ends.
-- Created as the owner so the apply functions can read it; the caller may COPY into it.
CREATE OR REPLACE FUNCTION data_import_begin(p_kind text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_kind = 'products' THEN
        DROP TABLE IF EXISTS pg_temp.sp_import_products;
        CREATE TEMP TABLE sp_import_products (
            line           bigint NOT NULL,
            sku            text,
            name           text,
            category       text,
            attributes     text,     -- NULL: column absent (keep / default)
            price          numeric,
            cost           numeric,
            supplier       text,     -- NULL: column absent
            pack_size      integer,  -- NULL: column absent
            lead_time_days integer,  -- NULL: column absent
            gtin           text      -- NULL: column absent (keep); empty: none
        ) ON COMMIT DROP;
        EXECUTE format('GRANT INSERT ON pg_temp.sp_import_products TO %I', session_user);
        RETURN 'pg_temp.sp_import_products';
    ELSIF p_kind = 'stock' THEN
        DROP TABLE IF EXISTS pg_temp.sp_import_stock;
        CREATE TEMP TABLE sp_import_stock (
            line     bigint NOT NULL,
            sku      text,
            location text,
            on_hand  integer
        ) ON COMMIT DROP;
        EXECUTE format('GRANT INSERT ON pg_temp.sp_import_stock TO %I', session_user);
        RETURN 'pg_temp.sp_import_stock';
    ELSIF p_kind IN ('suppliers', 'locations', 'policies') THEN
        RETURN sp_master_stage(p_kind); -- functions/22_master_data.sql
    END IF;
    RAISE EXCEPTION 'Unknown import kind "%".', coalesce(p_kind, '') USING ERRCODE = 'SP009';
END
$$;
GRANT EXECUTE ON FUNCTION data_import_begin(text) TO stockpilot_manager;

-- jsonb from text, or NULL when the text is not JSON. Only used to find the offending line
-- after a cast of the whole column failed (each call is a subtransaction).
CREATE OR REPLACE FUNCTION sp_try_jsonb(p_text text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN p_text::jsonb;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- Imports name every bad line now, not the first only.
DROP FUNCTION IF EXISTS sp_import_reject(bigint, text);

-- A file's bad lines, raised as an import error listing every one (up to 100); nothing was
-- imported.
CREATE OR REPLACE FUNCTION sp_import_fail(p_problems jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF jsonb_array_length(p_problems) > 0 THEN
        RAISE EXCEPTION '%', CASE WHEN jsonb_array_length(p_problems) = 1
                                  THEN format('Line %s: %s', p_problems -> 0 ->> 'line',
                                              p_problems -> 0 ->> 'message')
                                  ELSE format('%s lines are wrong; the first, line %s: %s',
                                              jsonb_array_length(p_problems),
                                              p_problems -> 0 ->> 'line',
                                              p_problems -> 0 ->> 'message') END
            USING ERRCODE = 'SPD01', DETAIL = p_problems::text;
    END IF;
END
$$;

-- Products: upsert by SKU; new products get an empty level at every location. Columns absent
-- from the file keep their values. A GTIN must be valid (012_barcodes.sql) and name one product:
-- once in the file, and not another product's unless the file gives that one another GTIN.
CREATE OR REPLACE FUNCTION data_import_products(p_source text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET work_mem = '256MB' SET jit = off AS $$
DECLARE
    v_rows bigint;
    v_json_ok boolean := true;
    v_problems jsonb;
    v_inserted bigint;
    v_updated bigint;
    v_suppliers bigint;
    v_gtins boolean;
BEGIN
    IF to_regclass('pg_temp.sp_import_products') IS NULL THEN
        RAISE EXCEPTION 'Call data_import_begin(''products'') and fill its table first.'
            USING ERRCODE = 'SP009';
    END IF;
    -- One importer at a time; readers are not blocked.
    LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE;

    ANALYZE sp_import_products;
    SELECT count(*) INTO v_rows FROM sp_import_products;
    BEGIN
        PERFORM count(attributes::jsonb) FROM sp_import_products;
    EXCEPTION WHEN OTHERS THEN
        v_json_ok := false;
    END;
    -- Without GTINs in the file the checks below never read the products' GTINs.
    v_gtins := EXISTS (SELECT FROM sp_import_products WHERE gtin <> '');

    -- Every bad line (up to 100), with the first thing wrong in it.
    SELECT jsonb_agg(jsonb_build_object('line', b.line, 'message', b.message) ORDER BY b.line)
    INTO v_problems
    FROM (SELECT DISTINCT ON (e.line) e.line, e.message
    FROM (
        SELECT s.line,
               CASE
                   WHEN s.sku IS NULL OR s.sku !~ '^[A-Za-z0-9._-]{1,64}$' THEN
                       format('The SKU "%s" is not valid: use 1 to 64 letters, digits, ".", "_" or "-".',
                              coalesce(s.sku, ''))
                   WHEN s.first_line <> s.line THEN
                       format('The SKU "%s" appears twice in the file (first on line %s).',
                              s.sku, s.first_line)
                   WHEN s.name IS NULL OR length(s.name) NOT BETWEEN 1 AND 200 THEN
                       'The name must have 1 to 200 characters.'
                   WHEN s.category IS NULL OR length(s.category) NOT BETWEEN 1 AND 100 THEN
                       'The category must have 1 to 100 characters.'
                   WHEN NOT v_json_ok AND s.attributes IS NOT NULL
                        AND sp_try_jsonb(s.attributes) IS NULL THEN
                       'The attributes are not valid JSON.'
                   WHEN s.attributes IS NOT NULL
                        AND jsonb_typeof(coalesce(sp_try_jsonb(s.attributes), '{}')) <> 'object' THEN
                       'The attributes must be a JSON object, like {"colour": "blue"}.'
                   WHEN s.price IS NULL OR s.price < 0 THEN
                       format('The price must be zero or more (got %s).', coalesce(s.price::text, 'nothing'))
                   WHEN s.cost IS NULL OR s.cost < 0 THEN
                       format('The cost must be zero or more (got %s).', coalesce(s.cost::text, 'nothing'))
                   WHEN s.price >= 1e10 OR s.cost >= 1e10 THEN
                       'The price and the cost must be below 10,000,000,000.'
                   WHEN s.pack_size IS NOT NULL AND s.pack_size <= 0 THEN
                       format('The pack size must be 1 or more (got %s).', s.pack_size)
                   WHEN s.lead_time_days IS NOT NULL AND s.lead_time_days < 0 THEN
                       format('The lead time must be zero or more days (got %s).', s.lead_time_days)
                   WHEN length(s.supplier) > 200 THEN
                       'The supplier''s name must have at most 200 characters.'
                   WHEN s.gtin <> '' AND sp_gtin_problem(s.gtin) IS NOT NULL THEN
                       sp_gtin_problem(s.gtin)
                   WHEN s.gtin <> '' AND s.first_gtin_line <> s.line THEN
                       format('The GTIN "%s" appears twice in the file (first on line %s).',
                              s.gtin, s.first_gtin_line)
                   WHEN taken.sku IS NOT NULL
                        AND (released.gtin = ''
                             OR lpad(released.gtin, 14, '0') <> lpad(taken.gtin, 14, '0'))
                            IS NOT TRUE THEN
                       format('The GTIN "%s" belongs to %s already; a GTIN names one product.',
                              s.gtin, taken.sku)
               END AS message
        FROM (SELECT i.*, min(i.line) OVER (PARTITION BY i.sku) AS first_line,
                     min(i.line) OVER (PARTITION BY CASE WHEN i.gtin <> ''
                                                         THEN lpad(i.gtin, 14, '0') END)
                         AS first_gtin_line
              FROM sp_import_products i) s
        -- Another product that has this GTIN, and that product's line in the file, if any: the
        -- GTIN is free when that line gives it another one or none.
        LEFT JOIN products taken
               ON v_gtins AND s.gtin <> '' AND taken.gtin IS NOT NULL
              AND lpad(taken.gtin, 14, '0') = lpad(s.gtin, 14, '0') AND taken.sku <> s.sku
        LEFT JOIN sp_import_products released ON released.sku = taken.sku
    ) e
    WHERE e.message IS NOT NULL
    ORDER BY e.line
    LIMIT 100) b;
    PERFORM sp_import_fail(coalesce(v_problems, '[]'));

    -- A supplier named for the first time gets its own row (its details come from a suppliers
    -- import or the Suppliers page).
    WITH added AS (
        INSERT INTO suppliers (name)
        SELECT DISTINCT s.supplier FROM sp_import_products s WHERE s.supplier <> ''
        ORDER BY 1
        ON CONFLICT (name) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) INTO v_suppliers FROM added;

    -- A GTIN may move between products of the file (two labels swapped): the products whose
    -- GTIN changes let go of theirs first, as one UPDATE could meet the unique index half-way.
    CREATE TEMP TABLE sp_import_gtin_released ON COMMIT DROP AS
    WITH released AS (
        UPDATE products p SET gtin = NULL
        FROM sp_import_products s
        WHERE v_gtins AND p.sku = s.sku AND p.gtin IS NOT NULL
          AND s.gtin IS NOT NULL
          AND (s.gtin = '' OR lpad(s.gtin, 14, '0') <> lpad(p.gtin, 14, '0'))
        RETURNING p.id
    )
    SELECT id FROM released;

    UPDATE products p
    SET name = s.name, category = s.category,
        attributes = coalesce(s.attributes::jsonb, p.attributes),
        price = s.price, cost = s.cost,
        supplier = coalesce(nullif(s.supplier, ''), p.supplier),
        pack_size = coalesce(s.pack_size, p.pack_size),
        lead_time_days = coalesce(s.lead_time_days, p.lead_time_days),
        gtin = CASE WHEN s.gtin IS NULL THEN p.gtin ELSE nullif(s.gtin, '') END,
        updated_at = now()
    FROM sp_import_products s
    WHERE p.sku = s.sku
      AND ((p.name, p.category, p.attributes, p.price, p.cost, p.supplier, p.pack_size,
            p.lead_time_days, p.gtin)
           IS DISTINCT FROM
           (s.name, s.category, coalesce(s.attributes::jsonb, p.attributes),
            s.price::numeric(12, 2), s.cost::numeric(12, 2),
            coalesce(nullif(s.supplier, ''), p.supplier), coalesce(s.pack_size, p.pack_size),
            coalesce(s.lead_time_days, p.lead_time_days),
            CASE WHEN s.gtin IS NULL THEN p.gtin ELSE nullif(s.gtin, '') END)
           OR p.id IN (SELECT id FROM sp_import_gtin_released));
    GET DIAGNOSTICS v_updated = ROW_COUNT;
    DROP TABLE sp_import_gtin_released;

    WITH ins AS (
        INSERT INTO products (sku, name, category, attributes, price, cost, supplier, pack_size,
                              lead_time_days, gtin)
        SELECT s.sku, s.name, s.category, coalesce(s.attributes::jsonb, '{}'), s.price, s.cost,
               nullif(s.supplier, ''), coalesce(s.pack_size, 1), coalesce(s.lead_time_days, 7),
               nullif(s.gtin, '')
        FROM sp_import_products s
        WHERE NOT EXISTS (SELECT FROM products p WHERE p.sku = s.sku)
        ORDER BY s.line
        RETURNING id
    ), levels AS (
        INSERT INTO stock_levels (product_id, location_id)
        SELECT ins.id, l.id FROM ins CROSS JOIN locations l
        ON CONFLICT DO NOTHING
    )
    SELECT count(*) INTO v_inserted FROM ins;

    INSERT INTO events (type, payload)
    VALUES ('CatalogImported',
            jsonb_build_object('rows', v_rows, 'inserted', v_inserted, 'updated', v_updated,
                               'source', p_source));
    RETURN jsonb_build_object('rows', v_rows, 'changed', v_inserted + v_updated,
                              'inserted', v_inserted, 'updated', v_updated,
                              'suppliers_added', v_suppliers);
END
$$;
GRANT EXECUTE ON FUNCTION data_import_products(text) TO stockpilot_manager;

-- Bulk ledger rows derived from locked levels hold their references by construction: a superuser
-- owner may skip the checks, while the ledger has no triggers but its own guards.
CREATE OR REPLACE FUNCTION sp_can_skip_ledger_checks() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT EXISTS (SELECT FROM pg_trigger
                       WHERE tgrelid = 'public.stock_movements'::regclass AND NOT tgisinternal
                         AND tgname NOT IN ('stock_movements_append_only',
                                            'stock_movements_no_truncate'))
$$;

-- Stock counts: on_hand becomes the counted quantity, one ledger row per changed level. The levels
-- are locked against writers meanwhile, so the checks and deltas are exact while carts hold stock.
CREATE OR REPLACE FUNCTION data_import_stock_counts(p_source text, p_may_repeat boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET work_mem = '256MB' SET jit = off AS $$
DECLARE
    v_rows bigint;
    v_repeats boolean;
    v_problems jsonb;
    v_created bigint;
    v_changed bigint;
    v_fast boolean;
BEGIN
    IF to_regclass('pg_temp.sp_import_stock') IS NULL THEN
        RAISE EXCEPTION 'Call data_import_begin(''stock'') and fill its table first.'
            USING ERRCODE = 'SP009';
    END IF;
    LOCK TABLE stock_levels IN EXCLUSIVE MODE;

    DROP TABLE IF EXISTS pg_temp.sp_import_stock_resolved;
    CREATE TEMP TABLE sp_import_stock_resolved ON COMMIT DROP AS
    SELECT s.line, s.sku, s.location, s.on_hand AS counted, p.id AS product_id,
           l.id AS location_id, sl.on_hand,
           sl.reserved + sl.committed + sl.quarantine + sl.damaged AS allocated
    FROM sp_import_stock s
    LEFT JOIN products p ON p.sku = s.sku
    LEFT JOIN locations l ON l.code = s.location
    LEFT JOIN stock_levels sl ON sl.product_id = p.id AND sl.location_id = l.id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    -- Temporary tables have no statistics until analyzed; without them the joins below are
    -- planned as nested loops.
    ANALYZE sp_import_stock_resolved;

    -- Every bad line (up to 100), each named once: nothing is applied if there is one.
    -- Duplicates are rare: find out cheaply (hashing) whether there are any before looking
    -- for the repeats.
    v_repeats := p_may_repeat AND EXISTS (SELECT FROM sp_import_stock_resolved
                                          WHERE product_id IS NOT NULL AND location_id IS NOT NULL
                                          GROUP BY product_id, location_id HAVING count(*) > 1);
    WITH bad AS (
        SELECT r.line,
               CASE WHEN r.product_id IS NULL THEN 'sku' WHEN r.location_id IS NULL THEN 'location'
                    ELSE 'on_hand' END AS field,
               CASE
                   WHEN r.product_id IS NULL THEN
                       format('Unknown SKU "%s".', coalesce(r.sku, ''))
                   WHEN r.location_id IS NULL THEN
                       format('Unknown location "%s".', coalesce(r.location, ''))
                   WHEN r.counted IS NULL OR r.counted < 0 THEN
                       format('The count must be zero or more (got %s).',
                              coalesce(r.counted::text, 'nothing'))
                   ELSE
                       format('A count of %s for %s at %s is below the %s units already held, sold, in quarantine or damaged there.',
                              r.counted, r.sku, r.location, r.allocated)
               END AS message
        FROM sp_import_stock_resolved r
        WHERE r.product_id IS NULL OR r.location_id IS NULL OR r.counted IS NULL OR r.counted < 0
           OR r.counted < r.allocated
        UNION ALL
        SELECT d.line, 'sku',
               format('%s at %s is counted twice in the file (first on line %s).',
                      d.sku, d.location, d.first_line)
        FROM (SELECT r.line, r.sku, r.location,
                     min(r.line) OVER (PARTITION BY r.product_id, r.location_id) AS first_line
              FROM sp_import_stock_resolved r
              WHERE v_repeats AND r.product_id IS NOT NULL AND r.location_id IS NOT NULL) d
        WHERE d.line <> d.first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', b.line, 'field', b.field, 'message', b.message)
                     ORDER BY b.line)
    INTO v_problems
    FROM (SELECT DISTINCT ON (line) * FROM bad ORDER BY line, message LIMIT 100) b;
    PERFORM sp_import_fail(coalesce(v_problems, '[]'));

    -- A count for a level that does not exist yet creates it.
    INSERT INTO stock_levels (product_id, location_id)
    SELECT r.product_id, r.location_id FROM sp_import_stock_resolved r
    WHERE r.on_hand IS NULL
    ORDER BY r.product_id, r.location_id;
    GET DIAGNOSTICS v_created = ROW_COUNT;

    UPDATE stock_levels sl SET on_hand = r.counted, updated_at = now()
    FROM sp_import_stock_resolved r
    WHERE sl.product_id = r.product_id AND sl.location_id = r.location_id
      AND r.counted <> coalesce(r.on_hand, 0);
    GET DIAGNOSTICS v_changed = ROW_COUNT;

    v_fast := sp_can_skip_ledger_checks();
    IF v_fast THEN
        SET LOCAL session_replication_role = replica;
    END IF;
    INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, ref_type, note)
    SELECT r.product_id, r.location_id, 'count', r.counted - coalesce(r.on_hand, 0), 'import',
           p_source
    FROM sp_import_stock_resolved r
    WHERE r.counted <> coalesce(r.on_hand, 0);
    IF v_fast THEN
        SET LOCAL session_replication_role = origin;
    END IF;

    INSERT INTO events (type, payload)
    VALUES ('InventoryImported',
            jsonb_build_object('rows', v_rows, 'changed', v_changed, 'created', v_created,
                               'source', p_source));
    RETURN jsonb_build_object('rows', v_rows, 'changed', v_changed, 'created', v_created);
END
$$;
GRANT EXECUTE ON FUNCTION data_import_stock_counts(text, boolean) TO stockpilot_manager;
