-- The customer endpoint: answers, idempotency, inventory reads, carts and checkout, API keys.
-- Every call is one SECURITY DEFINER function; the locking rules are in 30_holds.sql.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- Helpers (not callable by the endpoint directly; the API functions run as the owner).
CREATE OR REPLACE FUNCTION sp_problem(p_status integer, p_type text, p_title text, p_detail text,
                                      p_extra jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('status', p_status,
                              'body', jsonb_build_object(
                                  'type', 'https://stockpilot.invalid/problems/' || p_type,
                                  'title', p_title, 'status', p_status, 'detail', p_detail)
                                  || p_extra)
$$;

CREATE OR REPLACE FUNCTION sp_answer(p_status integer, p_body jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('status', p_status, 'body', p_body)
$$;

-- Hot-path helpers are plpgsql (plans kept per session), not SQL (planned on every call).
-- "online" names the first online location; anything else is a location code.
CREATE OR REPLACE FUNCTION sp_endpoint_location(p_name text) RETURNS smallint
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF lower(p_name) = 'online' THEN
        RETURN (SELECT id FROM locations WHERE kind = 'online' ORDER BY sort_order, id LIMIT 1);
    END IF;
    RETURN (SELECT id FROM locations WHERE code = p_name);
END
$$;

-- Idempotency: NULL means "go ahead"; otherwise the answer to give instead (the stored response,
-- 422 for another body under the key, 409 while the first holds its advisory lock).
CREATE OR REPLACE FUNCTION sp_idem_begin(p_caller text, p_route text, p_key text, p_fingerprint text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_row idempotency_keys;
BEGIN
    IF p_key IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT pg_try_advisory_xact_lock(hashtextextended(p_caller || ' ' || p_route || ' ' || p_key,
                                                      20261121)) THEN
        RETURN sp_problem(409, 'request-in-progress', 'Request in progress',
                          'A request with this Idempotency-Key is still being processed; retry later.');
    END IF;
    SELECT * INTO v_row FROM idempotency_keys
    WHERE caller = p_caller AND route = p_route AND key = p_key;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_row.created_at < now() - interval '24 hours' THEN
        DELETE FROM idempotency_keys WHERE caller = p_caller AND route = p_route AND key = p_key;
        RETURN NULL;
    END IF;
    IF v_row.fingerprint <> p_fingerprint THEN
        RETURN sp_problem(422, 'idempotency-key-reused', 'Idempotency-Key reused',
                          'This Idempotency-Key was used with a different request body.');
    END IF;
    RETURN jsonb_build_object('status', v_row.status_code, 'body', v_row.response,
                              'replayed', true);
END
$$;

CREATE OR REPLACE FUNCTION sp_idem_finish(p_caller text, p_route text, p_key text, p_fingerprint text,
                                          p_answer jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    IF p_key IS NOT NULL THEN
        INSERT INTO idempotency_keys (caller, route, key, fingerprint, status_code, response)
        VALUES (p_caller, p_route, p_key, p_fingerprint, (p_answer ->> 'status')::smallint,
                p_answer -> 'body');
    END IF;
    RETURN p_answer;
END
$$;

CREATE OR REPLACE FUNCTION sp_cart_event(p_cart uuid, p_action text, p_extra jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (type, payload)
    VALUES ('CartUpdate', jsonb_build_object('cart_id', p_cart, 'action', p_action) || p_extra);
END
$$;

CREATE OR REPLACE FUNCTION api_inventory(p_sku text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT sp_answer(e.status, e.body) FROM api_inventory_entries(ARRAY[p_sku]) e);
END
$$;
GRANT EXECUTE ON FUNCTION api_inventory(text) TO stockpilot_endpoint;

CREATE OR REPLACE FUNCTION api_availability(p_sku text, p_location text, p_quantity integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer;
    v_location smallint := sp_endpoint_location(p_location);
    v_available integer;
BEGIN
    SELECT id INTO v_product FROM products WHERE sku = p_sku;
    IF v_product IS NULL THEN
        RETURN sp_problem(404, 'unknown-sku', 'Unknown SKU',
                          format('There is no product "%s".', p_sku));
    END IF;
    IF v_location IS NULL THEN
        RETURN sp_problem(404, 'unknown-location', 'Unknown location',
                          format('There is no location "%s".', p_location));
    END IF;
    v_available := sp_effective_available(v_product, v_location);
    RETURN sp_answer(200, jsonb_build_object('sku', p_sku, 'location', p_location,
                                             'quantity', p_quantity,
                                             'available', v_available >= p_quantity,
                                             'current_stock', v_available));
END
$$;
GRANT EXECUTE ON FUNCTION api_availability(text, text, integer) TO stockpilot_endpoint;

-- Carts. The caller proves the cart with its token; a wrong token looks like a missing cart.
CREATE OR REPLACE FUNCTION api_cart_create(p_token_hash text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cart uuid;
BEGIN
    IF p_token_hash IS NULL OR p_token_hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'A cart token hash is 64 hex digits.' USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO carts (token_hash) VALUES (p_token_hash) RETURNING id INTO v_cart;
    PERFORM sp_cart_event(v_cart, 'created');
    RETURN sp_answer(201, jsonb_build_object('cart_id', v_cart));
END
$$;
GRANT EXECUTE ON FUNCTION api_cart_create(text) TO stockpilot_endpoint;

CREATE OR REPLACE FUNCTION sp_cart_lock(p_cart uuid, p_token_hash text) RETURNS carts
LANGUAGE plpgsql AS $$
DECLARE
    v_cart carts;
BEGIN
    SELECT * INTO v_cart FROM carts WHERE id = p_cart AND token_hash = p_token_hash FOR UPDATE;
    RETURN v_cart;
END
$$;

CREATE OR REPLACE FUNCTION sp_cart_not_found(p_cart uuid) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT sp_problem(404, 'unknown-cart', 'Unknown cart',
                      format('There is no cart %s for this token.', p_cart))
$$;

CREATE OR REPLACE FUNCTION sp_cart_json(p_cart uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT jsonb_build_object(
        'cart_id', c.id, 'status', c.status, 'order_id', c.order_id,
        'items', coalesce(i.items, '[]'), 'total_units', coalesce(i.units, 0),
        'subtotal', coalesce(i.subtotal, 0), 'expires_at', i.expires_at)
    FROM carts c
    LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object(
                   'sku', p.sku, 'name', p.name, 'location', l.code, 'quantity', h.quantity,
                   'unit_price', p.price, 'line_total', p.price * h.quantity, 'hold_id', h.id,
                   'expires_at', h.expires_at) ORDER BY p.sku) AS items,
               sum(h.quantity) AS units, sum(p.price * h.quantity) AS subtotal,
               min(h.expires_at) AS expires_at
        FROM holds h JOIN products p ON p.id = h.product_id JOIN locations l ON l.id = h.location_id
        WHERE h.cart_id = c.id AND h.status = 'active' AND h.expires_at > now()
    ) i ON true
    WHERE c.id = p_cart);
END
$$;

CREATE OR REPLACE FUNCTION api_cart_get(p_cart uuid, p_token_hash text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM carts WHERE id = p_cart AND token_hash = p_token_hash) THEN
        RETURN sp_cart_not_found(p_cart);
    END IF;
    RETURN sp_answer(200, sp_cart_json(p_cart));
END
$$;
GRANT EXECUTE ON FUNCTION api_cart_get(uuid, text) TO stockpilot_endpoint;

-- Sets the cart's line for a product to p_quantity units at p_location, creating, resizing or
-- moving its hold, and extends the cart's other holds. Caps: p_max_units units and p_max_lines
-- lines per cart.
CREATE OR REPLACE FUNCTION api_cart_set_item(p_cart uuid, p_token_hash text, p_sku text, p_quantity integer,
                                             p_location text, p_ttl integer, p_max_units integer,
                                             p_max_lines integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cart carts := sp_cart_lock(p_cart, p_token_hash);
    v_caller text := 'cart:' || p_cart;
    v_ttl integer := least(greatest(p_ttl, 1), 86400);
    v_product integer;
    v_location smallint;
    v_line holds;
    v_other_units integer;
    v_other_lines integer;
    v_left integer;
    v_delta integer;
    v_hold record;
BEGIN
    IF v_cart.id IS NULL THEN
        RETURN sp_cart_not_found(p_cart);
    END IF;
    IF v_cart.status <> 'open' THEN
        RETURN sp_problem(409, 'cart-checked-out', 'Cart checked out',
                          'This cart was checked out already; start a new cart.',
                          jsonb_build_object('order_id', v_cart.order_id));
    END IF;
    SELECT id INTO v_product FROM products WHERE sku = p_sku;
    v_location := sp_endpoint_location(coalesce(p_location, 'online'));
    IF v_product IS NULL THEN
        RETURN sp_problem(404, 'unknown-sku', 'Unknown SKU',
                          format('There is no product "%s".', p_sku));
    END IF;
    IF v_location IS NULL THEN
        RETURN sp_problem(404, 'unknown-location', 'Unknown location',
                          format('There is no location "%s".', p_location));
    END IF;
    PERFORM sp_check_quantity(p_quantity);

    SELECT * INTO v_line FROM holds
    WHERE cart_id = p_cart AND product_id = v_product AND status = 'active' FOR UPDATE;
    SELECT coalesce(sum(quantity), 0), count(*) INTO v_other_units, v_other_lines FROM holds
    WHERE cart_id = p_cart AND product_id <> v_product AND status = 'active' AND expires_at > now();
    IF v_other_units + p_quantity > p_max_units THEN
        RETURN sp_problem(422, 'cart-limit', 'Cart limit reached',
                          format('A cart may hold at most %s units (this would make %s).',
                                 p_max_units, v_other_units + p_quantity),
                          jsonb_build_object('field', 'quantity', 'max_units', p_max_units));
    END IF;
    IF v_line.id IS NULL AND v_other_lines + 1 > p_max_lines THEN
        RETURN sp_problem(422, 'cart-limit', 'Cart limit reached',
                          format('A cart may have at most %s different products.', p_max_lines),
                          jsonb_build_object('field', 'sku', 'max_lines', p_max_lines));
    END IF;

    -- Both levels this may touch, in (product, location) order.
    PERFORM 1 FROM stock_levels
    WHERE product_id = v_product AND location_id IN (v_location, coalesce(v_line.location_id, v_location))
    ORDER BY location_id FOR UPDATE;

    IF v_line.id IS NOT NULL AND (v_line.expires_at <= now() OR v_line.location_id <> v_location) THEN
        -- A lapsed line is gone; a line moving to another location starts over there.
        IF v_line.expires_at <= now() THEN
            PERFORM sp_expire_level(v_line.product_id, v_line.location_id);
        ELSE
            PERFORM sp_hold_end(v_line, 'released', 'moved to another location', v_caller);
        END IF;
        v_line.id := NULL;
    END IF;

    IF v_line.id IS NULL THEN
        SELECT * INTO v_hold
        FROM sp_hold_acquire(v_product, v_location, p_quantity, v_ttl, v_caller, p_cart);
        IF v_hold.hold_id IS NULL THEN
            RETURN sp_problem(409, 'insufficient-stock', 'Not enough stock',
                format('Only %s of %s available at %s.', v_hold.available, p_sku,
                       coalesce(p_location, 'online')),
                jsonb_build_object('sku', p_sku, 'requested', p_quantity,
                                   'available', v_hold.available,
                                   'message', CASE WHEN v_hold.available = 0 THEN 'out of stock'
                                              ELSE format('only %s left', v_hold.available) END,
                                   'alternatives',
                                   sp_alternatives(v_product, v_location, p_quantity)));
        END IF;
        v_left := v_hold.available;
    ELSE
        PERFORM sp_expire_level(v_product, v_location);
        v_delta := p_quantity - v_line.quantity;
        UPDATE stock_levels s SET reserved = s.reserved + v_delta, updated_at = now()
        WHERE s.product_id = v_product AND s.location_id = v_location AND s.available >= v_delta
        RETURNING s.available INTO v_left;
        IF NOT FOUND THEN
            v_left := sp_effective_available(v_product, v_location);
            RETURN sp_problem(409, 'insufficient-stock', 'Not enough stock',
                format('Only %s more of %s available at %s.', v_left, p_sku,
                       coalesce(p_location, 'online')),
                jsonb_build_object('sku', p_sku, 'requested', p_quantity,
                                   'available', v_left + v_line.quantity,
                                   'message', format('only %s left', v_left + v_line.quantity),
                                   'alternatives',
                                   sp_alternatives(v_product, v_location, p_quantity)));
        END IF;
        IF v_delta <> 0 THEN
            UPDATE holds SET quantity = p_quantity WHERE id = v_line.id;
            INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type,
                                         ref_id)
            VALUES (v_product, v_location, 'hold_resize', v_delta, 'hold', v_line.id::text);
            PERFORM sp_level_event(v_product, v_location, 'hold_resize',
                                            jsonb_build_object('hold_id', v_line.id,
                                                               'delta', v_delta));
        END IF;
    END IF;

    -- Touching a cart keeps it alive: every live hold of the cart gets the full TTL again.
    UPDATE holds SET expires_at = now() + make_interval(secs => v_ttl)
    WHERE cart_id = p_cart AND status = 'active' AND expires_at > now();
    UPDATE carts SET updated_at = now() WHERE id = p_cart;
    PERFORM sp_cart_event(p_cart, 'item_set', jsonb_build_object('sku', p_sku,
                                                                 'quantity', p_quantity));
    RETURN sp_answer(200, sp_cart_json(p_cart)
                          || jsonb_strip_nulls(jsonb_build_object('message',
                                                                  sp_stock_message(v_left))));
END
$$;
GRANT EXECUTE ON FUNCTION api_cart_set_item(uuid, text, text, integer, text, integer, integer, integer)
    TO stockpilot_endpoint;

CREATE OR REPLACE FUNCTION api_cart_remove_item(p_cart uuid, p_token_hash text, p_sku text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cart carts := sp_cart_lock(p_cart, p_token_hash);
    v_line holds;
BEGIN
    IF v_cart.id IS NULL THEN
        RETURN sp_cart_not_found(p_cart);
    END IF;
    IF v_cart.status <> 'open' THEN
        RETURN sp_problem(409, 'cart-checked-out', 'Cart checked out',
                          'This cart was checked out already.',
                          jsonb_build_object('order_id', v_cart.order_id));
    END IF;
    SELECT h.* INTO v_line FROM holds h JOIN products p ON p.id = h.product_id
    WHERE h.cart_id = p_cart AND p.sku = p_sku AND h.status = 'active' FOR UPDATE OF h;
    IF v_line.id IS NULL THEN
        RETURN sp_problem(404, 'unknown-item', 'Not in the cart',
                          format('The cart has no item "%s".', p_sku));
    END IF;
    IF v_line.expires_at <= now() THEN
        PERFORM sp_expire_level(v_line.product_id, v_line.location_id);
    ELSE
        PERFORM sp_hold_end(v_line, 'released', 'removed from the cart', 'cart:' || p_cart);
    END IF;
    UPDATE carts SET updated_at = now() WHERE id = p_cart;
    PERFORM sp_cart_event(p_cart, 'item_removed', jsonb_build_object('sku', p_sku));
    RETURN sp_answer(200, sp_cart_json(p_cart));
END
$$;
GRANT EXECUTE ON FUNCTION api_cart_remove_item(uuid, text, text) TO stockpilot_endpoint;

-- Checkout: the cart's holds become an order with committed stock, shipped by the best of the
-- candidate plans (single locations, a greedy split, where it was held): fewest splits, nearest.
CREATE OR REPLACE FUNCTION api_cart_checkout(p_cart uuid, p_token_hash text, p_key text,
                                             p_fingerprint text, p_latitude double precision,
                                             p_longitude double precision)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_route text := 'POST /carts/' || p_cart || '/checkout';
    v_caller text := 'cart:' || p_cart;
    v_answer jsonb;
    v_cart carts;
    v_lines jsonb;
    v_line record;
    v_products integer[];
    v_hold record;
    v_short jsonb := '[]';
    v_plans jsonb := '[]';
    v_plan jsonb;
    v_loc record;
    v_used smallint[];
    v_left integer;
    v_take integer;
    v_alloc jsonb;
    v_order uuid;
    v_line_no smallint := 0;
    v_rank smallint := 0;
BEGIN
    v_answer := sp_idem_begin(v_caller, v_route, p_key, p_fingerprint);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    v_cart := sp_cart_lock(p_cart, p_token_hash);
    IF v_cart.id IS NULL THEN
        -- Not stored: the key is scoped to a cart this caller cannot see.
        RETURN sp_cart_not_found(p_cart);
    END IF;
    IF v_cart.status <> 'open' THEN
        RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint,
            sp_problem(409, 'cart-checked-out', 'Cart checked out',
                       'This cart was checked out already.',
                       jsonb_build_object('order_id', v_cart.order_id)));
    END IF;

    -- Rule 1: the cart's holds, then (rule 2) every level of its products in order.
    PERFORM 1 FROM holds WHERE cart_id = p_cart AND status = 'active' ORDER BY id FOR UPDATE;
    SELECT array_agg(DISTINCT product_id) INTO v_products
    FROM holds WHERE cart_id = p_cart AND status = 'active';
    IF v_products IS NULL THEN
        RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint,
            sp_problem(422, 'cart-empty', 'Cart is empty', 'Add items before checking out.'));
    END IF;
    PERFORM 1 FROM stock_levels WHERE product_id = ANY (v_products)
    ORDER BY product_id, location_id FOR UPDATE;
    -- Lapsed holds of these levels end now (also this cart's own); then lines whose hold lapsed
    -- are held again if the stock is still there.
    PERFORM sp_expire_level(s.product_id, s.location_id)
    FROM stock_levels s WHERE s.product_id = ANY (v_products)
    ORDER BY s.product_id, s.location_id;
    FOR v_line IN
        SELECT h.* FROM holds h
        WHERE h.cart_id = p_cart AND h.status = 'expired'
          AND h.ended_at = now() -- lapsed in this transaction
          AND NOT EXISTS (SELECT FROM holds a WHERE a.cart_id = p_cart
                          AND a.product_id = h.product_id AND a.status = 'active')
    LOOP
        SELECT * INTO v_hold FROM sp_hold_acquire(v_line.product_id, v_line.location_id,
                                                  v_line.quantity, 300, v_caller, p_cart);
        IF v_hold.hold_id IS NULL THEN
            PERFORM sp_unmet_demand(v_line.product_id, v_line.location_id, v_line.quantity,
                                    v_hold.available, 'checkout');
            v_short := v_short || jsonb_build_object(
                'sku', (SELECT sku FROM products WHERE id = v_line.product_id),
                'requested', v_line.quantity, 'available', v_hold.available,
                'alternatives', sp_alternatives(v_line.product_id, v_line.location_id,
                                                v_line.quantity));
        END IF;
    END LOOP;
    IF jsonb_array_length(v_short) > 0 THEN
        RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint,
            sp_problem(409, 'insufficient-stock', 'Not enough stock',
                       'Some items are no longer available in the quantity in the cart.',
                       jsonb_build_object('short', v_short)));
    END IF;

    SELECT jsonb_agg(jsonb_build_object('hold_id', h.id, 'product_id', h.product_id,
                                        'sku', p.sku, 'quantity', h.quantity,
                                        'held_at', h.location_id) ORDER BY h.product_id)
    INTO v_lines
    FROM holds h JOIN products p ON p.id = h.product_id
    WHERE h.cart_id = p_cart AND h.status = 'active';

    -- Candidate 1..3: single locations that can ship every line (the cart's own held units
    -- count where they are held).
    FOR v_loc IN
        SELECT l.id, l.code, l.name,
               distance_km(l.latitude, l.longitude, p_latitude, p_longitude) AS km
        FROM locations l
        WHERE NOT EXISTS (
            SELECT FROM jsonb_to_recordset(v_lines) AS x(product_id integer, quantity integer,
                                                         held_at smallint)
            WHERE coalesce((SELECT s.available FROM stock_levels s
                            WHERE s.product_id = x.product_id AND s.location_id = l.id), 0)
                  + CASE WHEN x.held_at = l.id THEN x.quantity ELSE 0 END < x.quantity)
        ORDER BY km, l.id LIMIT 3
    LOOP
        v_plans := v_plans || jsonb_build_object(
            'splits', 0, 'distance_km', round(v_loc.km::numeric, 1),
            'allocations', (SELECT jsonb_agg(jsonb_build_object(
                                'product_id', x.product_id, 'sku', x.sku, 'location_id', v_loc.id,
                                'quantity', x.quantity))
                            FROM jsonb_to_recordset(v_lines) AS x(product_id integer, sku text,
                                                                  quantity integer)),
            'reason', format('Everything ships from %s (%s), %s km away: no split.',
                             v_loc.name, v_loc.code, round(v_loc.km::numeric, 1)));
    END LOOP;

    -- Greedy split: each line from the nearest locations with stock, preferring ones already used.
    v_plan := '[]';
    v_used := '{}';
    FOR v_line IN SELECT * FROM jsonb_to_recordset(v_lines)
                      AS x(product_id integer, sku text, quantity integer, held_at smallint)
    LOOP
        v_left := v_line.quantity;
        FOR v_loc IN
            SELECT l.id,
                   coalesce(s.available, 0)
                   + CASE WHEN v_line.held_at = l.id THEN v_line.quantity ELSE 0 END AS cap,
                   distance_km(l.latitude, l.longitude, p_latitude, p_longitude) AS km
            FROM locations l
            LEFT JOIN stock_levels s ON s.product_id = v_line.product_id AND s.location_id = l.id
            ORDER BY l.id = ANY (v_used) DESC, km, l.id
        LOOP
            EXIT WHEN v_left = 0;
            CONTINUE WHEN v_loc.cap <= 0;
            v_take := least(v_left, v_loc.cap);
            v_plan := v_plan || jsonb_build_object('product_id', v_line.product_id,
                                                   'sku', v_line.sku, 'location_id', v_loc.id,
                                                   'quantity', v_take);
            v_used := array_append(v_used, v_loc.id::smallint);
            v_left := v_left - v_take;
        END LOOP;
    END LOOP;
    v_plans := v_plans || jsonb_build_object(
        'allocations', v_plan,
        'reason_kind', CASE WHEN jsonb_array_length(v_plans) > 0 THEN 'nearest' ELSE 'split' END);

    -- Where the units are held now (always possible).
    v_plans := v_plans || jsonb_build_object(
        'allocations', (SELECT jsonb_agg(jsonb_build_object(
                            'product_id', x.product_id, 'sku', x.sku, 'location_id', x.held_at,
                            'quantity', x.quantity))
                        FROM jsonb_to_recordset(v_lines) AS x(product_id integer, sku text,
                                                              quantity integer, held_at smallint)),
        'reason_kind', 'held');

    -- Describe, de-duplicate and rank the candidates.
    WITH cand AS (
        SELECT c.ord, c.plan,
               (SELECT jsonb_agg(a ORDER BY a ->> 'location_id', a ->> 'sku')
                FROM jsonb_array_elements(c.plan -> 'allocations') a) AS canon
        FROM jsonb_array_elements(v_plans) WITH ORDINALITY AS c (plan, ord)
    ), uniq AS (
        SELECT DISTINCT ON (canon) ord, plan, canon FROM cand ORDER BY canon, ord
    ), shaped AS (
        SELECT u.ord, u.plan, u.canon, sh.shipments, sh.n, sh.far
        FROM uniq u
        CROSS JOIN LATERAL (
            SELECT jsonb_agg(jsonb_build_object('location', l.code, 'name', l.name,
                                                'distance_km', round(g.km::numeric, 1),
                                                'items', g.items) ORDER BY g.km) AS shipments,
                   count(*) AS n, max(g.km) AS far
            FROM (SELECT (a ->> 'location_id')::smallint AS location_id,
                         jsonb_agg(jsonb_build_object('sku', a ->> 'sku',
                                                      'quantity', (a ->> 'quantity')::integer)
                                   ORDER BY a ->> 'sku') AS items
                  FROM jsonb_array_elements(u.plan -> 'allocations') a GROUP BY 1) grp
            JOIN locations l ON l.id = grp.location_id
            CROSS JOIN LATERAL (SELECT distance_km(l.latitude, l.longitude, p_latitude,
                                                   p_longitude) AS km, grp.items) g
        ) sh
    )
    SELECT jsonb_agg(jsonb_build_object(
               'rank', r.rn, 'splits', r.n - 1, 'distance_km', round(r.far::numeric, 1),
               'shipments', r.shipments, 'allocations', r.plan -> 'allocations',
               'reason', coalesce(r.plan ->> 'reason',
                   CASE WHEN r.n = 1 THEN
                            format('Everything ships from %s, %s km away: no split.',
                                   r.shipments -> 0 ->> 'location', round(r.far::numeric, 1))
                        WHEN r.plan ->> 'reason_kind' = 'nearest' THEN
                            format('Nearest stock first: %s shipments, the farthest %s km away.',
                                   r.n, round(r.far::numeric, 1))
                        WHEN r.plan ->> 'reason_kind' = 'held' THEN
                            format('Ships from where the items were held: %s shipments, the farthest %s km away.',
                                   r.n, round(r.far::numeric, 1))
                        ELSE format('No single location has every item: %s shipments from the nearest locations with stock, the farthest %s km away.',
                                    r.n, round(r.far::numeric, 1)) END))
           ORDER BY r.rn)
    INTO v_plans
    FROM (SELECT s.*, row_number() OVER (ORDER BY s.n, s.far, s.ord) AS rn FROM shaped s) r
    WHERE r.rn <= 5;

    -- Carry out the best plan: the holds end, the plan's sources commit the units.
    v_plan := v_plans -> 0;
    INSERT INTO orders (cart_id, caller, ship_latitude, ship_longitude)
    VALUES (p_cart, v_caller, p_latitude, p_longitude) RETURNING id INTO v_order;
    FOR v_line IN
        SELECT h.* FROM holds h WHERE h.cart_id = p_cart AND h.status = 'active'
        ORDER BY h.product_id
    LOOP
        UPDATE holds SET status = 'confirmed', ended_at = now(), end_reason = 'checkout',
                         ended_by = v_caller, order_id = v_order
        WHERE id = v_line.id;
        UPDATE stock_levels SET reserved = reserved - v_line.quantity, updated_at = now()
        WHERE product_id = v_line.product_id AND location_id = v_line.location_id;
        INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type,
                                     ref_id)
        VALUES (v_line.product_id, v_line.location_id, 'hold_checkout', -v_line.quantity,
                'order', v_order::text);
    END LOOP;
    FOR v_alloc IN
        SELECT a FROM jsonb_array_elements(v_plan -> 'allocations') a
        ORDER BY (a ->> 'product_id')::integer, (a ->> 'location_id')::integer
    LOOP
        v_line_no := v_line_no + 1;
        UPDATE stock_levels SET committed = committed + (v_alloc ->> 'quantity')::integer,
                                updated_at = now()
        WHERE product_id = (v_alloc ->> 'product_id')::integer
          AND location_id = (v_alloc ->> 'location_id')::smallint
          AND available >= (v_alloc ->> 'quantity')::integer;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'Fulfilment plan of cart % is no longer possible.', p_cart
                USING ERRCODE = 'SP004';
        END IF;
        INSERT INTO order_lines (order_id, line_no, product_id, location_id, quantity, hold_id)
        SELECT v_order, v_line_no, (v_alloc ->> 'product_id')::integer,
               (v_alloc ->> 'location_id')::smallint, (v_alloc ->> 'quantity')::integer, h.id
        FROM (SELECT NULL) dummy
        LEFT JOIN holds h ON h.order_id = v_order
                         AND h.product_id = (v_alloc ->> 'product_id')::integer;
        INSERT INTO stock_movements (product_id, location_id, reason, d_committed, ref_type,
                                     ref_id)
        VALUES ((v_alloc ->> 'product_id')::integer, (v_alloc ->> 'location_id')::smallint,
                'order_commit', (v_alloc ->> 'quantity')::integer, 'order', v_order::text);
    END LOOP;
    -- One event per level that changed.
    PERFORM sp_level_event(x.product_id, x.location_id, 'checkout',
                                    jsonb_build_object('order_id', v_order))
    FROM (SELECT product_id, location_id FROM holds WHERE order_id = v_order
          UNION
          SELECT product_id, location_id FROM order_lines WHERE order_id = v_order) x
    ORDER BY x.product_id, x.location_id;
    FOR v_plan IN SELECT p FROM jsonb_array_elements(v_plans) p LOOP
        v_rank := v_rank + 1;
        INSERT INTO fulfilment_plans (order_id, rank, chosen, splits, distance_km, shipments, reason)
        VALUES (v_order, v_rank, v_rank = 1, (v_plan ->> 'splits')::smallint,
                (v_plan ->> 'distance_km')::double precision, v_plan -> 'shipments',
                v_plan ->> 'reason');
    END LOOP;
    UPDATE carts SET status = 'checked_out', order_id = v_order, updated_at = now()
    WHERE id = p_cart;
    PERFORM sp_cart_event(p_cart, 'checked_out', jsonb_build_object('order_id', v_order));
    INSERT INTO events (type, payload)
    VALUES ('FulfillmentSuggested', jsonb_build_object('order_id', v_order,
                                                       'plan', v_plans -> 0));

    v_answer := sp_answer(201, jsonb_build_object(
        'order_id', v_order, 'cart_id', p_cart, 'status', 'placed',
        'lines', (SELECT jsonb_agg(jsonb_build_object('sku', p.sku, 'location', l.code,
                                                      'quantity', ol.quantity)
                                   ORDER BY ol.line_no)
                  FROM order_lines ol JOIN products p ON p.id = ol.product_id
                  JOIN locations l ON l.id = ol.location_id WHERE ol.order_id = v_order),
        'fulfilment_plan', (SELECT jsonb_agg(p - 'allocations') FROM jsonb_array_elements(v_plans) p)));
    RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint, v_answer);
END
$$;
GRANT EXECUTE ON FUNCTION api_cart_checkout(uuid, text, text, text, double precision, double precision)
    TO stockpilot_endpoint;

-- API keys: created, listed and revoked by admins; looked up by the endpoint.
CREATE OR REPLACE FUNCTION api_key_create(p_name text, p_scopes text[]) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_key text := 'spk_' || replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
    v_bad text;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' OR length(p_name) > 100 THEN
        RAISE EXCEPTION 'An API key needs a name of 1 to 100 characters.' USING ERRCODE = 'SP009';
    END IF;
    SELECT s INTO v_bad FROM unnest(p_scopes) s
    WHERE s NOT IN ('inventory:read', 'holds:write', 'sales') LIMIT 1;
    IF v_bad IS NOT NULL OR cardinality(p_scopes) = 0 THEN
        RAISE EXCEPTION 'Unknown scope "%": use inventory:read, holds:write or sales.',
            coalesce(v_bad, '')
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO api_keys (name, key_prefix, key_hash, scopes)
    VALUES (btrim(p_name), left(v_key, 12), encode(sha256(convert_to(v_key, 'UTF8')), 'hex'),
            ARRAY(SELECT DISTINCT s FROM unnest(p_scopes) s ORDER BY s));
    RETURN v_key;
END
$$;
GRANT EXECUTE ON FUNCTION api_key_create(text, text[]) TO stockpilot_admin;

CREATE OR REPLACE FUNCTION api_key_revoke(p_id integer) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH r AS (UPDATE api_keys SET revoked_at = now() WHERE id = p_id AND revoked_at IS NULL
               RETURNING 1)
    SELECT EXISTS (SELECT FROM r)
$$;
GRANT EXECUTE ON FUNCTION api_key_revoke(integer) TO stockpilot_admin;

-- The caller a key stands for: id, name, scopes (no row for an unknown or revoked key).
CREATE OR REPLACE FUNCTION api_key_lookup(p_key_hash text)
RETURNS TABLE (id integer, name text, scopes text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id, name, scopes FROM api_keys WHERE key_hash = p_key_hash AND revoked_at IS NULL
$$;
GRANT EXECUTE ON FUNCTION api_key_lookup(text) TO stockpilot_endpoint;

-- Ships an order line from another location: the committed units move (ledger on both sides),
-- the override is recorded with its reason.
CREATE OR REPLACE FUNCTION staff_order_override_source(p_order uuid, p_line smallint, p_location text,
                                                       p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_reason text := sp_check_reason(p_reason);
    v_to smallint := sp_location_id(p_location);
    v_line order_lines;
    v_available integer;
BEGIN
    SELECT * INTO v_line FROM order_lines WHERE order_id = p_order AND line_no = p_line FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Order % has no line %.', p_order, p_line USING ERRCODE = 'SP009';
    END IF;
    IF v_line.location_id = v_to THEN
        RAISE EXCEPTION 'The line already ships from %.', p_location USING ERRCODE = 'SP005';
    END IF;
    INSERT INTO stock_levels (product_id, location_id) VALUES (v_line.product_id, v_to)
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM stock_levels
    WHERE product_id = v_line.product_id AND location_id IN (v_line.location_id, v_to)
    ORDER BY location_id FOR UPDATE;
    PERFORM sp_expire_level(v_line.product_id, v_to);
    UPDATE stock_levels SET committed = committed + v_line.quantity, updated_at = now()
    WHERE product_id = v_line.product_id AND location_id = v_to AND available >= v_line.quantity;
    IF NOT FOUND THEN
        SELECT available INTO v_available FROM stock_levels
        WHERE product_id = v_line.product_id AND location_id = v_to;
        RAISE EXCEPTION 'Only % available at %; the line needs %.', coalesce(v_available, 0),
            p_location, v_line.quantity
            USING ERRCODE = 'SP004',
                  DETAIL = jsonb_build_object('available', coalesce(v_available, 0))::text;
    END IF;
    UPDATE stock_levels SET committed = committed - v_line.quantity, updated_at = now()
    WHERE product_id = v_line.product_id AND location_id = v_line.location_id;
    INSERT INTO stock_movements (product_id, location_id, reason, d_committed, ref_type, ref_id,
                                 note)
    VALUES (v_line.product_id, v_line.location_id, 'order_source_override', -v_line.quantity,
            'order', p_order::text, v_reason),
           (v_line.product_id, v_to, 'order_source_override', v_line.quantity, 'order',
            p_order::text, v_reason);
    INSERT INTO order_source_overrides (order_id, line_no, from_location_id, to_location_id,
                                        quantity, reason)
    VALUES (p_order, p_line, v_line.location_id, v_to, v_line.quantity, v_reason);
    UPDATE order_lines SET location_id = v_to WHERE order_id = p_order AND line_no = p_line;
    PERFORM sp_level_event(v_line.product_id, v_line.location_id, 'order_source_override',
                                    jsonb_build_object('order_id', p_order));
    PERFORM sp_level_event(v_line.product_id, v_to, 'order_source_override',
                                    jsonb_build_object('order_id', p_order));
    RETURN jsonb_build_object('order_id', p_order, 'line_no', p_line, 'location', p_location);
END
$$;
GRANT EXECUTE ON FUNCTION staff_order_override_source(uuid, smallint, text, text)
    TO stockpilot_manager;

-- Kept for servers of the previous version running beside this one during an upgrade.
CREATE OR REPLACE FUNCTION api_inventory_entry(p_sku text, OUT status integer, OUT body jsonb,
                                               OUT product_id integer, OUT next_lapse_ms bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT e.status, e.body, e.product_id, e.next_lapse_ms
    INTO status, body, product_id, next_lapse_ms
    FROM api_inventory_entries(ARRAY[p_sku]) e;
END
$$;
GRANT EXECUTE ON FUNCTION api_inventory_entry(text) TO stockpilot_endpoint;

-- GET /inventory for many SKUs in one statement; api_inventory and api_inventory_entry are
-- restated on top of it so the answer is written in one place.
CREATE OR REPLACE FUNCTION api_inventory_entries(p_skus text[])
RETURNS TABLE (sku text, status integer, body jsonb, product_id integer, next_lapse_ms bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
#variable_conflict use_column
BEGIN
    IF cardinality(p_skus) > 1000 THEN
        RAISE EXCEPTION 'At most 1000 SKUs are read at a time.' USING ERRCODE = 'SP009';
    END IF;
    RETURN QUERY
    WITH wanted AS (SELECT DISTINCT u.sku FROM unnest(p_skus) AS u (sku)),
    product AS (SELECT w.sku, p.id FROM wanted w LEFT JOIN products p ON p.sku = w.sku),
    -- Every location of every known product; lapsed holds that the sweeper has not ended yet
    -- hold nothing any more.
    stock AS (
        SELECT p.id, l.kind, l.code,
               coalesce(s.available, 0) + coalesce(lapsed.units, 0) AS available
        FROM product p
        CROSS JOIN locations l
        LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id
        LEFT JOIN LATERAL (
            SELECT sum(h.quantity)::integer AS units FROM holds h
            WHERE h.product_id = p.id AND h.location_id = l.id AND h.status = 'active'
              AND h.expires_at <= now()) lapsed ON true
        WHERE p.id IS NOT NULL
    ), totals AS (
        SELECT st.id,
               sum(st.available) FILTER (WHERE st.kind = 'online') AS online,
               jsonb_object_agg(st.code, st.available) FILTER (WHERE st.kind = 'store') AS stores,
               jsonb_object_agg(st.code, st.available)
                   FILTER (WHERE st.kind = 'warehouse') AS warehouses,
               sum(st.available) AS total
        FROM stock st
        GROUP BY st.id
    )
    SELECT p.sku,
           CASE WHEN p.id IS NULL THEN 404 ELSE 200 END,
           CASE WHEN p.id IS NULL
                THEN sp_problem(404, 'unknown-sku', 'Unknown SKU',
                                format('There is no product "%s".', p.sku)) -> 'body'
                ELSE jsonb_build_object('sku', p.sku,
                                        'online_stock', coalesce(t.online, 0),
                                        'store_stock', coalesce(t.stores, '{}'),
                                        'warehouse_stock', coalesce(t.warehouses, '{}'),
                                        'total_stock', coalesce(t.total, 0))
           END,
           p.id,
           -- Until the product's next active hold lapses: one probe of holds_active_level_idx
           -- per location, also for a SKU with many holds.
           (SELECT floor(extract(epoch FROM min(first.expires_at) - now()) * 1000)::bigint
            FROM locations l
            CROSS JOIN LATERAL (
                SELECT h.expires_at FROM holds h
                WHERE h.product_id = p.id AND h.location_id = l.id
                  AND h.status = 'active' AND h.expires_at > now()
                ORDER BY h.expires_at LIMIT 1) first
            WHERE p.id IS NOT NULL)
    FROM product p
    LEFT JOIN totals t ON t.id = p.id;
END
$$;
GRANT EXECUTE ON FUNCTION api_inventory_entries(text[]) TO stockpilot_endpoint;
