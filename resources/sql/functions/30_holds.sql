-- Holds: taking, ending and expiring them, one hold or a group per call, and the sweeper.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).
--
-- Locking rules (they are what keeps concurrent callers free of deadlocks):
--   1. a cart row before its holds, hold rows before stock_levels rows;
--   2. several stock_levels rows only in (product_id, location_id) order;
--   3. once a transaction holds a stock_levels row it only takes hold rows with SKIP LOCKED.
-- Expired holds never count as reserved: every function that touches a level ends that level's
-- lapsed holds first, every read adds them back, and the sweeper returns the rest. A hold ends
-- exactly once: ending it is an UPDATE of its row from status 'active' under the row lock.

-- Units held by holds that are past their expiry but not yet ended: free stock already.
CREATE OR REPLACE FUNCTION sp_lapsed_units(p_product integer, p_location smallint) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(sum(quantity), 0)::integer FROM holds
            WHERE product_id = p_product AND location_id = p_location AND status = 'active'
              AND expires_at <= now());
END
$$;

-- What a customer can have now: available plus lapsed holds.
CREATE OR REPLACE FUNCTION sp_effective_available(p_product integer, p_location smallint) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce((SELECT available FROM stock_levels
                     WHERE product_id = p_product AND location_id = p_location), 0)
           + sp_lapsed_units(p_product, p_location);
END
$$;

-- The InventoryUpdate event of one level, as sp_emit_inventory_event writes it, with a cached
-- plan (sp_level_json is a SQL function and would be planned on every hold).
CREATE OR REPLACE FUNCTION sp_level_event(p_product integer, p_location smallint, p_reason text,
                                          p_extra jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (type, product_id, location_id, payload)
    SELECT 'InventoryUpdate', p_product, p_location,
           jsonb_build_object(
               'sku', p.sku, 'location', l.code,
               'on_hand', coalesce(s.on_hand, 0), 'reserved', coalesce(s.reserved, 0),
               'committed', coalesce(s.committed, 0), 'incoming', coalesce(s.incoming, 0),
               'quarantine', coalesce(s.quarantine, 0), 'damaged', coalesce(s.damaged, 0),
               'available', coalesce(s.available, 0))
           || jsonb_build_object('reason', p_reason) || p_extra
    FROM products p CROSS JOIN locations l
    LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id
    WHERE p.id = p_product AND l.id = p_location;
END
$$;

-- Ends a level's lapsed holds; the update names their level and expiry so that any index it can
-- use holds only them.
CREATE OR REPLACE FUNCTION sp_expire_level(p_product integer, p_location smallint)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_units integer;
BEGIN
    WITH due AS (
        SELECT id FROM holds
        WHERE product_id = p_product AND location_id = p_location AND status = 'active'
          AND expires_at <= now()
        FOR UPDATE SKIP LOCKED
    ), ended AS (
        UPDATE holds h SET status = 'expired', ended_at = now(), end_reason = 'expired'
        FROM due
        WHERE h.id = due.id AND h.product_id = p_product AND h.location_id = p_location
          AND h.status = 'active' AND h.expires_at <= now()
        RETURNING h.id, h.quantity
    ), ledger AS (
        INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type, ref_id)
        SELECT p_product, p_location, 'hold_expire', -quantity, 'hold', id::text FROM ended
        RETURNING -d_reserved AS units
    )
    SELECT coalesce(sum(units), 0) INTO v_units FROM ledger;
    IF v_units > 0 THEN
        UPDATE stock_levels SET reserved = reserved - v_units, updated_at = now()
        WHERE product_id = p_product AND location_id = p_location;
        PERFORM sp_level_event(p_product, p_location, 'hold_expire',
                               jsonb_build_object('units', v_units));
    END IF;
    RETURN v_units;
END
$$;

-- Takes p_quantity units of one level into a new hold: the conditional update is the oversell
-- guard. Returns the hold id, or NULL (and the units available in p_available) when short.
CREATE OR REPLACE FUNCTION sp_hold_acquire(p_product integer, p_location smallint, p_quantity integer,
                                           p_ttl integer, p_caller text, p_cart uuid,
                                           OUT hold_id uuid, OUT available integer)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sp_expire_level(p_product, p_location);
    UPDATE stock_levels s SET reserved = s.reserved + p_quantity, updated_at = now()
    WHERE s.product_id = p_product AND s.location_id = p_location AND s.available >= p_quantity
    RETURNING s.available INTO available;
    IF NOT FOUND THEN
        available := sp_effective_available(p_product, p_location);
        RETURN;
    END IF;
    INSERT INTO holds (product_id, location_id, quantity, caller, cart_id, expires_at)
    VALUES (p_product, p_location, p_quantity, p_caller, p_cart,
            now() + make_interval(secs => p_ttl))
    RETURNING id INTO hold_id;
    INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type, ref_id)
    VALUES (p_product, p_location, 'hold', p_quantity, 'hold', hold_id::text);
    PERFORM sp_level_event(p_product, p_location, 'hold',
                                    jsonb_build_object('hold_id', hold_id,
                                                       'quantity', p_quantity));
END
$$;

-- Ends an active hold (released or confirmed elsewhere) and returns its units to available.
CREATE OR REPLACE FUNCTION sp_hold_end(p_hold holds, p_status text, p_reason text, p_actor text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE holds SET status = p_status, ended_at = now(), end_reason = p_reason,
                     ended_by = p_actor
    WHERE id = p_hold.id;
    UPDATE stock_levels SET reserved = reserved - p_hold.quantity, updated_at = now()
    WHERE product_id = p_hold.product_id AND location_id = p_hold.location_id;
    INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type, ref_id, note)
    VALUES (p_hold.product_id, p_hold.location_id, 'hold_' || p_status, -p_hold.quantity, 'hold',
            p_hold.id::text, p_reason);
    PERFORM sp_level_event(p_hold.product_id, p_hold.location_id, 'hold_' || p_status,
                                    jsonb_build_object('hold_id', p_hold.id,
                                                       'quantity', p_hold.quantity));
END
$$;

-- A short customer message about the stock left after an operation.
CREATE OR REPLACE FUNCTION sp_stock_message(p_left integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_left = 0 THEN 'that was the last one'
                WHEN p_left <= 5 THEN format('only %s left', p_left) END
$$;

-- The alternatives of a 409, with the lapsed units of each candidate level read inline.
CREATE OR REPLACE FUNCTION sp_alternatives(p_product integer, p_location smallint, p_quantity integer)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH base AS (SELECT * FROM products WHERE id = p_product),
    origin AS (SELECT * FROM locations WHERE id = p_location),
    candidates AS (SELECT * FROM (
        SELECT c.sku, c.name, c.price, b.price AS base_price, b.category,
               best.code, best.location_id, best.available, best.km,
               (SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') FROM jsonb_each(b.attributes) e
                WHERE c.attributes -> e.key = e.value) AS alike,
               (SELECT count(*) FROM jsonb_object_keys(b.attributes)) AS attribute_count,
               abs(c.price - b.price) / greatest(b.price, 0.01) AS price_gap
        FROM base b
        JOIN products c ON c.category = b.category AND c.id <> b.id
        CROSS JOIN origin o
        CROSS JOIN LATERAL (
            SELECT l.code, l.id AS location_id, s.available + lapsed.units AS available,
                   distance_km(o.latitude, o.longitude, l.latitude, l.longitude) AS km
            FROM stock_levels s JOIN locations l ON l.id = s.location_id
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(h.quantity), 0)::integer AS units FROM holds h
                WHERE h.product_id = s.product_id AND h.location_id = s.location_id
                  AND h.status = 'active' AND h.expires_at <= now()) lapsed
            WHERE s.product_id = c.id AND s.available + lapsed.units >= p_quantity
            ORDER BY s.location_id = p_location DESC, km
            LIMIT 1) best
        WHERE c.price BETWEEN b.price * 0.5 AND b.price * 1.5) scored
        ORDER BY cardinality(alike) DESC, price_gap, km, sku
        LIMIT 5
    )
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'sku', sku, 'name', name, 'price', price, 'location', code, 'available', available,
        'why', concat_ws('; ',
            format('same category (%s)', category),
            CASE WHEN attribute_count > 0 THEN
                format('%s of %s attributes alike%s', cardinality(alike), attribute_count,
                       CASE WHEN cardinality(alike) > 0
                            THEN ' (' || array_to_string(alike, ', ') || ')' ELSE '' END) END,
            CASE WHEN price = base_price THEN format('same price (%s)', price)
                 ELSE format('price %s instead of %s', price, base_price) END,
            CASE WHEN location_id = p_location
                 THEN format('%s available at %s, the requested location', available, code)
                 ELSE format('%s available at %s, %s km away', available, code,
                             round(km::numeric, 1)) END))
        ORDER BY cardinality(alike) DESC, price_gap, km, sku), '[]')
    FROM candidates
$$;

CREATE OR REPLACE FUNCTION sp_hold_json(p_hold uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('hold_id', h.id, 'sku', p.sku, 'location', l.code,
                              'quantity', h.quantity, 'status', h.status,
                              'expires_at', h.expires_at, 'cart_id', h.cart_id,
                              'order_id', h.order_id)
    FROM holds h JOIN products p ON p.id = h.product_id JOIN locations l ON l.id = h.location_id
    WHERE h.id = p_hold
$$;

-- POST /hold has one path, api_hold_create_group (below); the function that took one hold on
-- its own is gone, so that no second body has to give the same answers.
DROP FUNCTION IF EXISTS api_hold_create(text, text, text, text, text, integer, integer);

-- The answer of a hold that a group of one did not grant, its idempotency key already taken
-- (sp_idem_begin): 404 for an unknown SKU or location, else 409 with the units available and
-- the alternatives; recorded under the key. A quantity out of range raises, as for any movement.
CREATE OR REPLACE FUNCTION sp_hold_refusal(p_caller text, p_key text, p_fingerprint text,
                                           p_sku text, p_location text, p_quantity integer,
                                           p_product integer, p_location_id smallint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    c_route constant text := 'POST /hold';
    v_answer jsonb;
    v_available integer;
BEGIN
    IF p_product IS NULL THEN
        v_answer := sp_problem(404, 'unknown-sku', 'Unknown SKU',
                               format('There is no product "%s".', p_sku));
    ELSIF p_location_id IS NULL THEN
        v_answer := sp_problem(404, 'unknown-location', 'Unknown location',
                               format('There is no location "%s".', p_location));
    END IF;
    IF v_answer IS NOT NULL THEN
        RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint, v_answer);
    END IF;
    PERFORM sp_check_quantity(p_quantity);
    v_available := sp_effective_available(p_product, p_location_id);
    PERFORM sp_unmet_demand(p_product, p_location_id, p_quantity, v_available, 'hold');
    v_answer := sp_problem(409, 'insufficient-stock', 'Not enough stock',
        format('Only %s of %s available at %s; cannot hold %s.', v_available, p_sku,
               p_location, p_quantity),
        jsonb_build_object('sku', p_sku, 'location', p_location,
                           'requested', p_quantity, 'available', v_available,
                           'alternatives', sp_alternatives(p_product, p_location_id, p_quantity)));
    RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint, v_answer);
END
$$;

CREATE OR REPLACE FUNCTION api_hold_release(p_caller text, p_hold uuid) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_hold holds;
BEGIN
    SELECT * INTO v_hold FROM holds WHERE id = p_hold AND caller = p_caller FOR UPDATE;
    IF NOT FOUND THEN
        RETURN sp_problem(404, 'unknown-hold', 'Unknown hold',
                          format('There is no hold %s for this caller.', p_hold));
    END IF;
    IF v_hold.status = 'confirmed' THEN
        RETURN sp_problem(409, 'hold-confirmed', 'Hold already confirmed',
                          format('Hold %s was confirmed as order %s and can no longer be released.',
                                 p_hold, v_hold.order_id),
                          jsonb_build_object('order_id', v_hold.order_id));
    END IF;
    IF v_hold.status <> 'active' THEN
        RETURN sp_answer(200, jsonb_build_object('status', 'released', 'hold_id', p_hold,
                                                 'restored_stock', 0));
    END IF;
    IF v_hold.expires_at <= now() THEN
        -- Lapsed: its units are free already; end it as expired, exactly once.
        PERFORM sp_expire_level(v_hold.product_id, v_hold.location_id);
        RETURN sp_answer(200, jsonb_build_object('status', 'released', 'hold_id', p_hold,
                                                 'restored_stock', 0));
    END IF;
    PERFORM sp_hold_end(v_hold, 'released', 'released by the caller', p_caller);
    RETURN sp_answer(200, jsonb_build_object('status', 'released', 'hold_id', p_hold,
                                             'restored_stock', v_hold.quantity));
END
$$;
GRANT EXECUTE ON FUNCTION api_hold_release(text, uuid) TO stockpilot_endpoint;

-- Turns a hold into committed stock for a new order (one line). Confirming again returns the
-- same order.
CREATE OR REPLACE FUNCTION api_hold_confirm(p_caller text, p_hold uuid) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_hold holds;
    v_order uuid;
    v_body jsonb;
BEGIN
    SELECT * INTO v_hold FROM holds WHERE id = p_hold AND caller = p_caller FOR UPDATE;
    IF NOT FOUND THEN
        RETURN sp_problem(404, 'unknown-hold', 'Unknown hold',
                          format('There is no hold %s for this caller.', p_hold));
    END IF;
    IF v_hold.status = 'active' AND v_hold.expires_at <= now() THEN
        PERFORM sp_expire_level(v_hold.product_id, v_hold.location_id);
        v_hold.status := 'expired';
    END IF;
    IF v_hold.status IN ('released', 'expired') THEN
        RETURN sp_problem(409, 'hold-ended', 'Hold no longer active',
                          format('Hold %s was %s; place a new hold.', p_hold, v_hold.status));
    END IF;
    IF v_hold.status = 'active' THEN
        INSERT INTO orders (caller) VALUES (p_caller) RETURNING id INTO v_order;
        INSERT INTO order_lines (order_id, line_no, product_id, location_id, quantity, hold_id)
        VALUES (v_order, 1, v_hold.product_id, v_hold.location_id, v_hold.quantity, v_hold.id);
        UPDATE holds SET status = 'confirmed', ended_at = now(), end_reason = 'confirmed',
                         ended_by = p_caller, order_id = v_order
        WHERE id = p_hold;
        UPDATE stock_levels
        SET reserved = reserved - v_hold.quantity, committed = committed + v_hold.quantity,
            updated_at = now()
        WHERE product_id = v_hold.product_id AND location_id = v_hold.location_id;
        INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, d_committed,
                                     ref_type, ref_id)
        VALUES (v_hold.product_id, v_hold.location_id, 'hold_confirm', -v_hold.quantity,
                v_hold.quantity, 'order', v_order::text);
        PERFORM sp_level_event(v_hold.product_id, v_hold.location_id, 'hold_confirm',
                                        jsonb_build_object('hold_id', p_hold, 'order_id', v_order));
    ELSE
        v_order := v_hold.order_id;
    END IF;
    SELECT jsonb_build_object('status', 'confirmed', 'hold_id', p_hold, 'order_id', v_order,
                              'sku', p.sku, 'location', l.code, 'quantity', v_hold.quantity)
    INTO v_body
    FROM products p, locations l WHERE p.id = v_hold.product_id AND l.id = v_hold.location_id;
    RETURN sp_answer(200, v_body);
END
$$;
GRANT EXECUTE ON FUNCTION api_hold_confirm(text, uuid) TO stockpilot_endpoint;

-- Lapsed holds, found through holds_unended_expiry_idx and updated by id alone.
CREATE OR REPLACE FUNCTION hold_expire_sweep(p_limit integer DEFAULT 1000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_group record;
    v_count integer := 0;
BEGIN
    FOR v_group IN
        WITH due AS (
            SELECT id FROM holds WHERE ended_at IS NULL AND expires_at <= now()
            ORDER BY expires_at LIMIT greatest(p_limit, 1)
            FOR UPDATE SKIP LOCKED
        ), ended AS (
            UPDATE holds h SET status = 'expired', ended_at = now(), end_reason = 'expired',
                               ended_by = 'sweeper'
            FROM due WHERE h.id = due.id
            RETURNING h.id, h.product_id, h.location_id, h.quantity
        ), ledger AS (
            INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type,
                                         ref_id)
            SELECT product_id, location_id, 'hold_expire', -quantity, 'hold', id::text FROM ended
            RETURNING product_id, location_id, -d_reserved AS units
        )
        SELECT product_id, location_id, sum(units)::integer AS units, count(*)::integer AS n
        FROM ledger GROUP BY product_id, location_id ORDER BY product_id, location_id
    LOOP
        UPDATE stock_levels SET reserved = reserved - v_group.units, updated_at = now()
        WHERE product_id = v_group.product_id AND location_id = v_group.location_id;
        PERFORM sp_level_event(v_group.product_id, v_group.location_id, 'hold_expire',
                               jsonb_build_object('units', v_group.units, 'holds', v_group.n));
        v_count := v_count + v_group.n;
    END LOOP;
    RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION hold_expire_sweep(integer) TO stockpilot_clerk, stockpilot_endpoint;

-- The sweeper ends at most 100 lapsed holds per call (a short transaction, short row locks)
-- and says whether more are due; callers call again at once.
CREATE OR REPLACE FUNCTION endpoint_housekeeping() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
-- Index lookups only, whatever the statistics say; then JIT has nothing to gain.
SET enable_seqscan = off SET jit = off AS $$
DECLARE
    c_batch constant integer := 100;
    v_expired integer;
    v_purged integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('stockpilot hold sweeper', 0)) THEN
        RETURN jsonb_build_object('ran', false);
    END IF;
    v_expired := hold_expire_sweep(c_batch);
    DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
    GET DIAGNOSTICS v_purged = ROW_COUNT;
    RETURN jsonb_build_object('ran', true, 'expired', v_expired, 'purged', v_purged,
                              'more', v_expired = c_batch);
END
$$;
GRANT EXECUTE ON FUNCTION endpoint_housekeeping() TO stockpilot_clerk, stockpilot_endpoint;

-- Staff: extend or release a hold with a reason.
CREATE OR REPLACE FUNCTION staff_hold_extend(p_hold uuid, p_seconds integer, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_reason text := sp_check_reason(p_reason);
    v_hold holds;
BEGIN
    IF p_seconds IS NULL OR p_seconds NOT BETWEEN 1 AND 7 * 86400 THEN
        RAISE EXCEPTION 'Extend by 1 second to 7 days (got %).', coalesce(p_seconds::text, 'nothing')
            USING ERRCODE = 'SP009', COLUMN = 'seconds';
    END IF;
    SELECT * INTO v_hold FROM holds WHERE id = p_hold FOR UPDATE;
    IF NOT FOUND OR v_hold.status <> 'active' OR v_hold.expires_at <= now() THEN
        RAISE EXCEPTION 'Hold % is not active any more.', p_hold USING ERRCODE = 'SP014';
    END IF;
    UPDATE holds SET expires_at = expires_at + make_interval(secs => p_seconds) WHERE id = p_hold;
    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('HoldExtended', v_hold.product_id, v_hold.location_id,
            jsonb_build_object('hold_id', p_hold, 'seconds', p_seconds, 'reason', v_reason));
    RETURN sp_hold_json(p_hold);
END
$$;
GRANT EXECUTE ON FUNCTION staff_hold_extend(uuid, integer, text) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION staff_hold_release(p_hold uuid, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_reason text := sp_check_reason(p_reason);
    v_hold holds;
BEGIN
    SELECT * INTO v_hold FROM holds WHERE id = p_hold FOR UPDATE;
    IF NOT FOUND OR v_hold.status <> 'active' THEN
        RAISE EXCEPTION 'Hold % is not active any more.', p_hold USING ERRCODE = 'SP014';
    END IF;
    IF v_hold.expires_at <= now() THEN
        PERFORM sp_expire_level(v_hold.product_id, v_hold.location_id);
    ELSE
        PERFORM sp_hold_end(v_hold, 'released', v_reason, session_user);
    END IF;
    RETURN sp_hold_json(p_hold);
END
$$;
GRANT EXECUTE ON FUNCTION staff_hold_release(uuid, text) TO stockpilot_clerk;

-- A group of holds in one statement: every POST /hold gets its answer here. In a group of more
-- than one, a hold that this statement does not grant (short, an unknown SKU, a key used
-- before or twice in the group) is left unanswered (NULL), so that nobody in the group waits
-- for its refusal's search for alternatives: the caller sends it again as a group of one, which
-- answers every hold (a replay, 404, 409 with alternatives). Plans are generic and made once
-- per session, possibly from empty-table statistics: every lookup names its index keys, and
-- seqscans and JIT are off.
CREATE OR REPLACE FUNCTION api_hold_create_group(p_callers text[], p_keys text[],
                                                 p_fingerprints text[], p_skus text[],
                                                 p_locations text[], p_quantities integer[],
                                                 p_ttls integer[])
RETURNS TABLE (item integer, answer jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
DECLARE
    c_route constant text := 'POST /hold';
    v_count constant integer := coalesce(cardinality(p_callers), 0);
    v_free integer[];      -- items whose key this transaction now holds (or that have none)
    v_busy integer[];      -- items whose key a request still in flight holds
    v_products integer[];  -- by item; NULL: unknown SKU
    v_locations smallint[];
    v_codes text[];
    v_answers jsonb[];     -- by item
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

    -- Alone: a key used before is answered from its record (or forgotten when it is older than
    -- a day, and the hold goes on).
    IF v_count = 1 AND v_free = ARRAY[1] THEN
        v_answers[1] := sp_idem_begin(p_callers[1], c_route, p_keys[1], p_fingerprints[1]);
        IF v_answers[1] IS NOT NULL THEN
            item := 1;
            answer := v_answers[1];
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;

    -- The levels: "online" names the first online location, anything else a location code.
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
    WHERE (SELECT min(h.expires_at) FROM holds h
           WHERE h.product_id = w.product_id AND h.location_id = w.location_id
             AND h.status = 'active') <= now();

    -- One statement for all of them. The holds of a level are taken in item order while its
    -- stock lasts (a prefix: the rest go alone, and are refused or taken then).
    WITH want AS (
        SELECT u.n::integer AS n, u.caller, u.key, u.fingerprint, u.sku, u.location, u.quantity,
               u.ttl, v_products[u.n] AS product_id, v_locations[u.n] AS location_id,
               v_codes[u.n] AS code
        FROM unnest(p_callers, p_keys, p_fingerprints, p_skus, p_locations, p_quantities, p_ttls)
             WITH ORDINALITY AS u (caller, key, fingerprint, sku, location, quantity, ttl, n)
        WHERE u.n = ANY (v_free) AND u.quantity BETWEEN 1 AND 100000000
          AND (SELECT true FROM idempotency_keys k
               WHERE k.caller = u.caller AND k.route = c_route AND k.key = u.key) IS NULL
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
    SELECT array_agg(
               CASE WHEN d.n IS NOT NULL THEN jsonb_build_object('status', 201, 'body', d.body)
                    WHEN i.n = ANY (v_busy) THEN
                        sp_problem(409, 'request-in-progress', 'Request in progress',
                                   'A request with this Idempotency-Key is still being processed; retry later.')
               END ORDER BY i.n)
    INTO v_answers
    FROM generate_series(1, v_count) AS i (n)
    LEFT JOIN done d ON d.n = i.n;

    IF v_count = 1 AND v_answers[1] IS NULL THEN
        v_answers[1] := sp_hold_refusal(p_callers[1], p_keys[1], p_fingerprints[1], p_skus[1],
                                        p_locations[1], p_quantities[1], v_products[1],
                                        v_locations[1]);
    END IF;
    FOR i IN 1 .. v_count LOOP
        item := i;
        answer := v_answers[i];
        RETURN NEXT;
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION api_hold_create_group(text[], text[], text[], text[], text[], integer[], integer[])
    TO stockpilot_endpoint;
