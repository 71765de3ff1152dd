-- StockPilot: POST /hold in groups of any stock levels, set-based.
--
-- 011 grouped the holds of one level and ran api_hold_create once per hold, so a group saved
-- only the commit: each hold still cost its own dozen statement starts (plans opened and
-- closed, CHECK constraints of stock_levels and holds read again, a plpgsql call or three).
-- Measured on the 125k-SKU bench data, those starts and the commit were most of the 1 ms of
-- server CPU a hold cost. Here a group of up to 1000 holds, of one level or of many, takes
-- five statements whatever its size: the rows and the per-row work (index entries, ledger,
-- event, idempotency record) are all that grow with it.
--
-- What each hold gets is what api_hold_create would have given it, run one after the other in
-- the group's order: its own hold row, ledger row, event (with the level's figures just after
-- it) and idempotency record, and the same 201 answer. A hold this function does not make gets
-- a NULL answer and the endpoint runs it alone afterwards, where the rare cases are handled
-- once, in one place: a level short of stock (the 409 and its search for alternatives), an
-- unknown SKU or location, a bad quantity, a key already used (replay, 422, purge after 24 h),
-- the same key twice in one group.

CREATE OR REPLACE FUNCTION api_hold_create_group(p_callers text[], p_keys text[],
                                                 p_fingerprints text[], p_skus text[],
                                                 p_locations text[], p_quantities integer[],
                                                 p_ttls integer[])
RETURNS TABLE (item integer, answer jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    c_route constant text := 'POST /hold';
    v_count constant integer := coalesce(cardinality(p_callers), 0);
    v_free integer[];      -- items whose key this transaction now holds (or that have none)
    v_busy integer[];      -- items whose key a request still in flight holds
    v_products integer[];  -- by item; NULL: unknown SKU
    v_locations smallint[];
    v_codes text[];
BEGIN
    IF v_count > 1000 THEN
        RAISE EXCEPTION 'A group holds at most 1000 holds.' USING ERRCODE = 'SP009';
    END IF;
    IF NOT coalesce(v_count = ALL (ARRAY[cardinality(p_keys), cardinality(p_fingerprints),
                                         cardinality(p_skus), cardinality(p_locations),
                                         cardinality(p_quantities), cardinality(p_ttls)]),
                    false) THEN
        RAISE EXCEPTION 'The arrays of a hold group must all have % elements.', v_count
            USING ERRCODE = 'SP009';
    END IF;

    -- Idempotency keys, as sp_idem_begin takes them: a try, never a wait. Only the first item
    -- of a key may go on (a second one would take the same lock again, as it is ours).
    SELECT coalesce(array_agg(k.n) FILTER (WHERE k.free), '{}'),
           coalesce(array_agg(k.n) FILTER (WHERE NOT k.free), '{}')
    INTO v_free, v_busy
    FROM (SELECT u.n::integer AS n,
                 u.key IS NULL
                 OR pg_try_advisory_xact_lock(hashtextextended(
                        u.caller || ' ' || c_route || ' ' || u.key, 20261121)) AS free
          FROM (SELECT c.*, row_number() OVER (PARTITION BY c.caller, c.key ORDER BY c.n) AS nth
                FROM unnest(p_callers, p_keys) WITH ORDINALITY AS c (caller, key, n)) u
          WHERE u.key IS NULL OR u.nth = 1) k;

    -- The levels, as api_hold_create finds them.
    SELECT array_agg(p.id ORDER BY u.n), array_agg(l.id ORDER BY u.n),
           array_agg(l.code ORDER BY u.n)
    INTO v_products, v_locations, v_codes
    FROM unnest(p_skus, p_locations) WITH ORDINALITY AS u (sku, location, n)
    LEFT JOIN products p ON p.sku = u.sku
    LEFT JOIN LATERAL (
        SELECT id, code FROM locations
        WHERE CASE WHEN lower(u.location) = 'online' THEN kind = 'online' ELSE code = u.location END
        ORDER BY sort_order, id LIMIT 1) l ON true;

    -- Their rows, locked in the order every function locks stock rows (product, then
    -- location): a group cannot deadlock with another group, a cart or the sweeper. Lapsed
    -- holds of a level are ended first, so that their units count as free.
    PERFORM sp_expire_level(w.product_id, w.location_id)
    FROM (SELECT s.product_id, s.location_id FROM stock_levels s
          WHERE (s.product_id, s.location_id) IN (
                    SELECT v_products[n], v_locations[n] FROM unnest(v_free) AS n)
          ORDER BY s.product_id, s.location_id
          FOR NO KEY UPDATE OF s) w
    WHERE EXISTS (SELECT FROM holds h
                  WHERE h.product_id = w.product_id AND h.location_id = w.location_id
                    AND h.status = 'active' AND h.expires_at <= now());

    -- One statement for all of them. The holds of a level are taken in item order while its
    -- stock lasts (a prefix: the rest go alone, and are refused or taken then).
    RETURN QUERY
    WITH want AS (
        SELECT u.n::integer AS n, u.caller, u.key, u.fingerprint, u.sku, u.location, u.quantity,
               u.ttl, v_products[u.n] AS product_id, v_locations[u.n] AS location_id,
               v_codes[u.n] AS code
        FROM unnest(p_callers, p_keys, p_fingerprints, p_skus, p_locations, p_quantities, p_ttls)
             WITH ORDINALITY AS u (caller, key, fingerprint, sku, location, quantity, ttl, n)
        WHERE u.n = ANY (v_free) AND u.quantity BETWEEN 1 AND 100000000
          AND NOT EXISTS (SELECT FROM idempotency_keys k
                          WHERE k.caller = u.caller AND k.route = c_route AND k.key = u.key)
    ), queue AS (
        SELECT w.*, s.on_hand, s.committed, s.incoming, s.quarantine, s.damaged,
               (s.reserved + sum(w.quantity) OVER level)::integer AS reserved,
               (s.available - sum(w.quantity) OVER level)::integer AS remaining
        FROM want w
        JOIN stock_levels s ON s.product_id = w.product_id AND s.location_id = w.location_id
        WINDOW level AS (PARTITION BY w.product_id, w.location_id ORDER BY w.n)
    ), granted AS MATERIALIZED (
        SELECT q.*, gen_random_uuid() AS hold_id,
               now() + make_interval(secs => least(greatest(q.ttl, 1), 86400)) AS expires_at
        FROM queue q WHERE q.remaining >= 0
    ), levels AS (
        UPDATE stock_levels s SET reserved = s.reserved + t.units, updated_at = now()
        FROM (SELECT product_id, location_id, sum(quantity)::integer AS units
              FROM granted GROUP BY product_id, location_id) t
        WHERE s.product_id = t.product_id AND s.location_id = t.location_id
          AND s.available >= t.units
        RETURNING s.product_id, s.location_id
    ), done AS MATERIALIZED (
        SELECT g.*,
               jsonb_build_object('hold_id', g.hold_id, 'sku', g.sku, 'location', g.location,
                                  'quantity', g.quantity, 'expires_at', g.expires_at,
                                  'remaining_stock', g.remaining)
               || CASE WHEN g.remaining <= 5
                       THEN jsonb_build_object('message', sp_stock_message(g.remaining))
                       ELSE '{}' END AS body
        FROM granted g
        JOIN levels USING (product_id, location_id)
    ), hold_rows AS (
        INSERT INTO holds (id, product_id, location_id, quantity, caller, expires_at)
        SELECT hold_id, product_id, location_id, quantity, caller, expires_at FROM done
    ), ledger AS (
        INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type, ref_id)
        SELECT product_id, location_id, 'hold', quantity, 'hold', hold_id::text
        FROM done ORDER BY n
    ), event AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), 'InventoryUpdate', product_id, location_id,
               jsonb_build_object(
                   'sku', sku, 'location', code,
                   'on_hand', on_hand, 'reserved', reserved, 'committed', committed,
                   'incoming', incoming, 'quarantine', quarantine, 'damaged', damaged,
                   'available', remaining, 'reason', 'hold',
                   'hold_id', hold_id, 'quantity', quantity)
        FROM done ORDER BY n
    ), idem AS (
        INSERT INTO idempotency_keys (caller, route, key, fingerprint, status_code, response)
        SELECT caller, c_route, key, fingerprint, 201, body FROM done WHERE key IS NOT NULL
    )
    SELECT i.n::integer,
           CASE WHEN d.n IS NOT NULL THEN jsonb_build_object('status', 201, 'body', d.body)
                WHEN i.n = ANY (v_busy) THEN
                    sp_problem(409, 'request-in-progress', 'Request in progress',
                               'A request with this Idempotency-Key is still being processed; retry later.')
           END
    FROM generate_series(1, v_count) AS i (n)
    LEFT JOIN done d ON d.n = i.n
    ORDER BY i.n;
END
$$;
