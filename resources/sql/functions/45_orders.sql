-- Orders after checkout: shipping (in full or in part, per line and source) and cancelling,
-- by staff and, for their own orders, by customers over the endpoint.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

CREATE OR REPLACE FUNCTION sp_order_lock(p_order uuid) RETURNS orders
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no order %.', coalesce(p_order::text, '(none given)')
            USING ERRCODE = 'SP015', COLUMN = 'order';
    END IF;
    RETURN v_order;
END
$$;

-- An order as the endpoint and the command line show it.
CREATE OR REPLACE FUNCTION sp_order_json(p_order uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'order_id', o.id, 'status', o.status, 'created_at', o.created_at,
        'shipped_at', o.shipped_at, 'cancelled_at', o.cancelled_at,
        'cancel_reason', o.cancel_reason,
        'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                     'line', ol.line_no, 'sku', p.sku, 'location', l.code,
                                     'quantity', ol.quantity, 'shipped', ol.shipped)
                                 ORDER BY ol.line_no)
                           FROM order_lines ol
                           JOIN products p ON p.id = ol.product_id
                           JOIN locations l ON l.id = ol.location_id
                           WHERE ol.order_id = o.id), '[]'))
    FROM orders o WHERE o.id = p_order
$$;

-- Ships units of an order from each line's source: on_hand and committed go down there, the
-- units become demand on this day at that location. p_lines [{line, quantity}], or NULL for
-- every unit not shipped yet. Repeating a shipment with the same key returns the first one's
-- answer and changes nothing. Clerks may ship.
CREATE OR REPLACE FUNCTION order_ship(p_order uuid, p_lines jsonb DEFAULT NULL,
                                      p_key text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_order orders := sp_order_lock(p_order);
    v_key text := coalesce(p_key, gen_random_uuid()::text);
    v_done order_shipments;
    v_bad record;
    v_lines jsonb;
    v_shipment bigint;
    v_status text;
BEGIN
    SELECT * INTO v_done FROM order_shipments WHERE order_id = p_order AND key = v_key;
    IF FOUND THEN
        RETURN sp_order_json(p_order)
               || jsonb_build_object('shipment_id', v_done.id, 'shipped', v_done.lines,
                                     'replayed', true);
    END IF;
    IF v_order.status = 'cancelled' THEN
        RAISE EXCEPTION 'Order % was cancelled on % by %; nothing of it ships.', p_order,
            to_char(v_order.cancelled_at, 'YYYY-MM-DD HH24:MI'), v_order.cancelled_by
            USING ERRCODE = 'SP016', COLUMN = 'order';
    END IF;
    IF v_order.status = 'shipped' THEN
        RAISE EXCEPTION 'Order % has shipped in full already (on %).', p_order,
            to_char(v_order.shipped_at, 'YYYY-MM-DD HH24:MI')
            USING ERRCODE = 'SP016', COLUMN = 'order';
    END IF;
    IF p_lines IS NOT NULL AND jsonb_typeof(p_lines) <> 'array' THEN
        RAISE EXCEPTION 'The lines to ship must be a list of {line, quantity}.'
            USING ERRCODE = 'SP009', COLUMN = 'lines';
    END IF;

    DROP TABLE IF EXISTS pg_temp.sp_ship;
    CREATE TEMP TABLE sp_ship ON COMMIT DROP AS
    SELECT ol.line_no, ol.product_id, ol.location_id, ol.quantity - ol.shipped AS quantity
    FROM order_lines ol
    WHERE ol.order_id = p_order AND ol.quantity > ol.shipped AND p_lines IS NULL;
    IF p_lines IS NOT NULL THEN
        -- Each asked-for line checked in turn, the first wrong one named with its value.
        FOR v_bad IN
            SELECT r.i, r.e, ol.line_no, ol.quantity - ol.shipped AS left_to_ship,
                   count(*) OVER (PARTITION BY r.e -> 'line') AS times
            FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS r (e, i)
            LEFT JOIN order_lines ol
                ON ol.order_id = p_order
               AND jsonb_typeof(r.e -> 'line') = 'number'
               AND ol.line_no::numeric = (r.e ->> 'line')::numeric
            ORDER BY r.i
        LOOP
            IF v_bad.line_no IS NULL THEN
                RAISE EXCEPTION 'Order % has no line %.', p_order,
                    coalesce(v_bad.e ->> 'line', '(none given)')
                    USING ERRCODE = 'SP017', COLUMN = 'line';
            END IF;
            IF v_bad.times > 1 THEN
                RAISE EXCEPTION 'Line % is named twice.', v_bad.line_no
                    USING ERRCODE = 'SP009', COLUMN = 'line';
            END IF;
            IF jsonb_typeof(v_bad.e -> 'quantity') IS DISTINCT FROM 'number'
               OR (v_bad.e ->> 'quantity')::numeric <> trunc((v_bad.e ->> 'quantity')::numeric)
               OR (v_bad.e ->> 'quantity')::numeric <= 0 THEN
                RAISE EXCEPTION 'The quantity of line % must be a whole number above zero (got %).',
                    v_bad.line_no, coalesce(v_bad.e ->> 'quantity', 'nothing')
                    USING ERRCODE = 'SP003', COLUMN = 'quantity';
            END IF;
            IF (v_bad.e ->> 'quantity')::numeric > v_bad.left_to_ship THEN
                RAISE EXCEPTION 'Line % has % unit(s) left to ship; cannot ship %.',
                    v_bad.line_no, v_bad.left_to_ship, v_bad.e ->> 'quantity'
                    USING ERRCODE = 'SP017', COLUMN = 'quantity';
            END IF;
        END LOOP;
        INSERT INTO sp_ship
        SELECT ol.line_no, ol.product_id, ol.location_id, (r.e ->> 'quantity')::integer
        FROM jsonb_array_elements(p_lines) r (e)
        JOIN order_lines ol
            ON ol.order_id = p_order AND ol.line_no = (r.e ->> 'line')::smallint;
    END IF;
    IF NOT EXISTS (SELECT FROM sp_ship) THEN
        RAISE EXCEPTION 'Name at least one line to ship.' USING ERRCODE = 'SP009',
            COLUMN = 'lines';
    END IF;

    -- The levels in (product, location) order, as every stock function locks them.
    PERFORM 1 FROM stock_levels sl
    WHERE (sl.product_id, sl.location_id) IN (SELECT product_id, location_id FROM sp_ship)
    ORDER BY sl.product_id, sl.location_id FOR UPDATE OF sl;
    UPDATE stock_levels sl
    SET on_hand = sl.on_hand - t.quantity, committed = sl.committed - t.quantity,
        updated_at = now()
    FROM (SELECT product_id, location_id, sum(quantity)::integer AS quantity
          FROM sp_ship GROUP BY 1, 2) t
    WHERE sl.product_id = t.product_id AND sl.location_id = t.location_id;
    UPDATE order_lines ol SET shipped = ol.shipped + s.quantity
    FROM sp_ship s WHERE ol.order_id = p_order AND ol.line_no = s.line_no;
    INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, d_committed,
                                 ref_type, ref_id)
    SELECT product_id, location_id, 'order_ship', -quantity, -quantity, 'order', p_order::text
    FROM sp_ship ORDER BY product_id, location_id, line_no;

    v_status := CASE WHEN EXISTS (SELECT FROM order_lines
                                  WHERE order_id = p_order AND shipped < quantity)
                     THEN 'partially_shipped' ELSE 'shipped' END;
    UPDATE orders SET status = v_status,
                      shipped_at = CASE WHEN v_status = 'shipped' THEN now() END
    WHERE id = p_order;

    SELECT jsonb_agg(jsonb_build_object('line', s.line_no, 'sku', p.sku, 'location', l.code,
                                        'quantity', s.quantity) ORDER BY s.line_no)
    INTO v_lines
    FROM sp_ship s JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id;
    INSERT INTO order_shipments (order_id, key, lines) VALUES (p_order, v_key, v_lines)
    RETURNING id INTO v_shipment;

    -- Every shipped unit is demand on this day where it left.
    PERFORM sp_demand_add(array_agg(product_id), array_agg(location_id),
                          array_agg(current_date), array_agg(quantity))
    FROM sp_ship;

    PERFORM sp_level_event(t.product_id, t.location_id, 'order_ship',
                           jsonb_build_object('order_id', p_order))
    FROM (SELECT DISTINCT product_id, location_id FROM sp_ship) t
    ORDER BY t.product_id, t.location_id;
    INSERT INTO events (type, payload)
    VALUES ('OrderShipped', jsonb_build_object('order_id', p_order, 'shipment_id', v_shipment,
                                               'status', v_status, 'lines', v_lines));
    DROP TABLE pg_temp.sp_ship;
    RETURN sp_order_json(p_order)
           || jsonb_build_object('shipment_id', v_shipment, 'shipped', v_lines);
END
$$;
GRANT EXECUTE ON FUNCTION order_ship(uuid, jsonb, text) TO stockpilot_clerk;

-- Cancels an order that has not shipped: its committed units become available again. Repeating
-- the cancel with the same key returns the order as it is.
CREATE OR REPLACE FUNCTION sp_order_cancel(p_order orders, p_reason text, p_key text,
                                           p_actor text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_reason text := sp_check_reason(p_reason);
    v_units bigint;
BEGIN
    IF p_order.status = 'cancelled' AND p_key IS NOT NULL AND p_order.cancel_key = p_key THEN
        RETURN sp_order_json(p_order.id) || jsonb_build_object('replayed', true);
    END IF;
    IF p_order.status = 'cancelled' THEN
        RAISE EXCEPTION 'Order % was cancelled already, on % by %.', p_order.id,
            to_char(p_order.cancelled_at, 'YYYY-MM-DD HH24:MI'), p_order.cancelled_by
            USING ERRCODE = 'SP016', COLUMN = 'order';
    END IF;
    IF p_order.status <> 'placed' THEN
        RAISE EXCEPTION 'Order % has shipped units (it is %); only an order not yet shipped can be cancelled.',
            p_order.id, replace(p_order.status, '_', ' ')
            USING ERRCODE = 'SP016', COLUMN = 'order';
    END IF;
    PERFORM 1 FROM stock_levels sl
    WHERE (sl.product_id, sl.location_id) IN (SELECT product_id, location_id FROM order_lines
                                              WHERE order_id = p_order.id)
    ORDER BY sl.product_id, sl.location_id FOR UPDATE OF sl;
    UPDATE stock_levels sl SET committed = sl.committed - t.quantity, updated_at = now()
    FROM (SELECT product_id, location_id, sum(quantity)::integer AS quantity
          FROM order_lines WHERE order_id = p_order.id GROUP BY 1, 2) t
    WHERE sl.product_id = t.product_id AND sl.location_id = t.location_id;
    INSERT INTO stock_movements (product_id, location_id, reason, d_committed, ref_type, ref_id,
                                 note, actor)
    SELECT product_id, location_id, 'order_cancel', -quantity, 'order', p_order.id::text,
           v_reason, p_actor
    FROM order_lines WHERE order_id = p_order.id ORDER BY product_id, location_id, line_no;
    SELECT coalesce(sum(quantity), 0) INTO v_units FROM order_lines WHERE order_id = p_order.id;
    UPDATE orders SET status = 'cancelled', cancelled_at = now(), cancelled_by = p_actor,
                      cancel_reason = v_reason, cancel_key = p_key
    WHERE id = p_order.id;
    PERFORM sp_level_event(t.product_id, t.location_id, 'order_cancel',
                           jsonb_build_object('order_id', p_order.id))
    FROM (SELECT DISTINCT product_id, location_id FROM order_lines
          WHERE order_id = p_order.id) t
    ORDER BY t.product_id, t.location_id;
    INSERT INTO events (type, payload, actor)
    VALUES ('OrderCancelled', jsonb_build_object('order_id', p_order.id, 'reason', v_reason,
                                                 'units', v_units), p_actor);
    RETURN sp_order_json(p_order.id);
END
$$;

-- Staff cancel: managers.
CREATE OR REPLACE FUNCTION order_cancel(p_order uuid, p_reason text, p_key text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN sp_order_cancel(sp_order_lock(p_order), p_reason, p_key, session_user);
END
$$;
GRANT EXECUTE ON FUNCTION order_cancel(uuid, text, text) TO stockpilot_manager;

-- Whether the endpoint's caller placed the order: the partner key that confirmed its hold, or
-- the holder of the token of the cart it was checked out from.
CREATE OR REPLACE FUNCTION sp_order_of_caller(p_order uuid, p_caller text, p_token_hash text)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT FROM orders o LEFT JOIN carts c ON c.id = o.cart_id
        WHERE o.id = p_order
          AND ((p_caller IS NOT NULL AND o.caller = p_caller)
               OR (p_token_hash IS NOT NULL AND c.token_hash = p_token_hash)))
$$;

-- GET /orders/{id}: the order, to the caller that placed it (404 to anyone else).
CREATE OR REPLACE FUNCTION api_order_get(p_caller text, p_token_hash text, p_order uuid)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT sp_order_of_caller(p_order, p_caller, p_token_hash) THEN
        RETURN sp_problem(404, 'unknown-order', 'Unknown order',
                          format('There is no order %s for this caller.', p_order));
    END IF;
    RETURN sp_answer(200, sp_order_json(p_order));
END
$$;
GRANT EXECUTE ON FUNCTION api_order_get(text, text, uuid) TO stockpilot_endpoint;

-- POST /orders/{id}/cancel: the customer cancels before shipment; the answer is kept under the
-- Idempotency-Key.
CREATE OR REPLACE FUNCTION api_order_cancel(p_caller text, p_token_hash text, p_order uuid,
                                            p_key text, p_fingerprint text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_route text := 'POST /orders/' || p_order || '/cancel';
    v_caller text;
    v_order orders;
    v_answer jsonb;
BEGIN
    IF NOT sp_order_of_caller(p_order, p_caller, p_token_hash) THEN
        RETURN sp_problem(404, 'unknown-order', 'Unknown order',
                          format('There is no order %s for this caller.', p_order));
    END IF;
    v_order := sp_order_lock(p_order);
    v_caller := coalesce(p_caller, v_order.caller);
    v_answer := sp_idem_begin(v_caller, v_route, p_key, p_fingerprint);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    IF v_order.status <> 'placed' THEN
        RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint,
            sp_problem(409, 'order-not-cancellable', 'Order cannot be cancelled',
                       CASE WHEN v_order.status = 'cancelled'
                            THEN 'This order was cancelled already.'
                            ELSE 'This order has shipped units and can no longer be cancelled.' END,
                       jsonb_build_object('order_status', v_order.status)));
    END IF;
    RETURN sp_idem_finish(v_caller, v_route, p_key, p_fingerprint,
        sp_answer(200, sp_order_cancel(v_order, coalesce(p_reason, 'cancelled by the customer'),
                                       NULL, v_caller)));
END
$$;
GRANT EXECUTE ON FUNCTION api_order_cancel(text, text, uuid, text, text, text)
    TO stockpilot_endpoint;
