-- StockPilot customer endpoint, faster paths. Same answers, same guarantees as 003 (no oversell,
-- ledger + event + idempotency record in the hold's own transaction, durable commits); fewer
-- statements per call.
--
-- Measured on the 125k-SKU bench data: a hold cost about 1.1 ms of server CPU, spread over ten
-- nested plpgsql calls and fifteen statements (each statement start re-reads the table's CHECK
-- constraints, each SECURITY DEFINER call with SET search_path saves and restores settings;
-- sp_next_event_id alone cost 60 us). Now the level's lapsed holds are looked for with one
-- index probe, and the conditional update, hold row, ledger row, event row and idempotency
-- record are one statement.

-- The hot path of POST /hold. Rules as in 003: the conditional UPDATE is the oversell guard;
-- lapsed holds of the level are ended first (only when there are any), so they count as free.
CREATE OR REPLACE FUNCTION api_hold_create(p_caller text, p_key text, p_fingerprint text,
                                           p_sku text, p_location text, p_quantity integer,
                                           p_ttl integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c_route constant text := 'POST /hold';
    v_answer jsonb := sp_idem_begin(p_caller, c_route, p_key, p_fingerprint);
    v_product integer;
    v_location smallint;
    v_code text;
    v_ttl integer := least(greatest(p_ttl, 1), 86400);
    v_available integer;
BEGIN
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    SELECT p.id, l.id, l.code INTO v_product, v_location, v_code
    FROM (SELECT 1) one
    LEFT JOIN products p ON p.sku = p_sku
    LEFT JOIN LATERAL (
        SELECT id, code FROM locations
        WHERE CASE WHEN lower(p_location) = 'online' THEN kind = 'online' ELSE code = p_location END
        ORDER BY sort_order, id LIMIT 1) l ON true;
    IF v_product IS NULL THEN
        v_answer := sp_problem(404, 'unknown-sku', 'Unknown SKU',
                               format('There is no product "%s".', p_sku));
    ELSIF v_location IS NULL THEN
        v_answer := sp_problem(404, 'unknown-location', 'Unknown location',
                               format('There is no location "%s".', p_location));
    END IF;
    IF v_answer IS NOT NULL THEN
        RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint, v_answer);
    END IF;
    PERFORM sp_check_quantity(p_quantity);
    IF EXISTS (SELECT FROM holds
               WHERE product_id = v_product AND location_id = v_location AND status = 'active'
                 AND expires_at <= now()) THEN
        PERFORM sp_expire_level(v_product, v_location);
    END IF;

    -- One statement: the update takes the row lock and assigns the transaction id before the
    -- event id is drawn (what readers of the event stream rely on; see sp_next_event_id).
    WITH s AS (
        UPDATE stock_levels s SET reserved = s.reserved + p_quantity, updated_at = now()
        WHERE s.product_id = v_product AND s.location_id = v_location
          AND s.available >= p_quantity
        RETURNING s.*
    ), h AS (
        INSERT INTO holds (product_id, location_id, quantity, caller, expires_at)
        SELECT v_product, v_location, p_quantity, p_caller, now() + make_interval(secs => v_ttl)
        FROM s
        RETURNING id, expires_at
    ), answer AS (
        SELECT s.available, h.id,
               jsonb_build_object('status', 201, 'body',
                   jsonb_build_object('hold_id', h.id, 'sku', p_sku, 'location', p_location,
                                      'quantity', p_quantity, 'expires_at', h.expires_at,
                                      'remaining_stock', s.available)
                   || CASE WHEN s.available <= 5
                           THEN jsonb_build_object('message', sp_stock_message(s.available))
                           ELSE '{}' END) AS answer,
               jsonb_build_object(
                   'sku', p_sku, 'location', v_code,
                   'on_hand', s.on_hand, 'reserved', s.reserved, 'committed', s.committed,
                   'incoming', s.incoming, 'quarantine', s.quarantine, 'damaged', s.damaged,
                   'available', s.available, 'reason', 'hold',
                   'hold_id', h.id, 'quantity', p_quantity) AS payload
        FROM s CROSS JOIN h
    ), ledger AS (
        INSERT INTO stock_movements (product_id, location_id, reason, d_reserved, ref_type, ref_id)
        SELECT v_product, v_location, 'hold', p_quantity, 'hold', id::text FROM answer
    ), event AS (
        INSERT INTO events (id, type, product_id, location_id, payload)
        SELECT nextval('events_id_seq'), 'InventoryUpdate', v_product, v_location, payload
        FROM answer
    ), idem AS (
        INSERT INTO idempotency_keys (caller, route, key, fingerprint, status_code, response)
        SELECT p_caller, c_route, p_key, p_fingerprint, 201, answer -> 'body'
        FROM answer WHERE p_key IS NOT NULL
    )
    SELECT answer.answer INTO v_answer FROM answer;
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;

    v_available := sp_effective_available(v_product, v_location);
    v_answer := sp_problem(409, 'insufficient-stock', 'Not enough stock',
        format('Only %s of %s available at %s; cannot hold %s.', v_available, p_sku,
               p_location, p_quantity),
        jsonb_build_object('sku', p_sku, 'location', p_location,
                           'requested', p_quantity, 'available', v_available,
                           'alternatives', sp_alternatives(v_product, v_location, p_quantity)));
    RETURN sp_idem_finish(p_caller, c_route, p_key, p_fingerprint, v_answer);
END
$$;
