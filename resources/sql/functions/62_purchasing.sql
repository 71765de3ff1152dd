-- Purchasing: purchase orders with lines, created from approved restocks, received in parts
-- (over- and under-deliveries recorded) and closed by hand; suppliers' own rows.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- Single-line purchase orders' functions (before migration 009).
DROP FUNCTION IF EXISTS purchase_order_receive(bigint, text);
DROP FUNCTION IF EXISTS sp_purchase_order_create(integer, smallint, integer, bigint);

-- A purchase order as the command line, the page, the webhook and the events show it.
CREATE OR REPLACE FUNCTION sp_purchase_order_json(p_po bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'purchase_order_id', po.id, 'supplier', po.supplier, 'location', l.code,
        'status', po.status, 'created_at', po.created_at, 'created_by', po.created_by,
        'received_at', po.received_at, 'closed_at', po.closed_at, 'closed_by', po.closed_by,
        'close_reason', po.close_reason, 'suggestion_id', po.suggestion_id,
        'total', (SELECT sum(pl.quantity * pl.unit_cost) FROM purchase_order_lines pl
                  WHERE pl.purchase_order_id = po.id),
        'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                     'line', pl.line_no, 'sku', p.sku, 'name', p.name,
                                     'quantity', pl.quantity, 'received', pl.received,
                                     'unit_cost', pl.unit_cost)
                                 ORDER BY pl.line_no)
                           FROM purchase_order_lines pl JOIN products p ON p.id = pl.product_id
                           WHERE pl.purchase_order_id = po.id), '[]'))
    FROM purchase_orders po JOIN locations l ON l.id = po.location_id
    WHERE po.id = p_po
$$;

CREATE OR REPLACE FUNCTION sp_purchase_order_lock(p_po bigint) RETURNS purchase_orders
LANGUAGE plpgsql AS $$
DECLARE
    v_po purchase_orders;
BEGIN
    SELECT * INTO v_po FROM purchase_orders WHERE id = p_po FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no purchase order %.', coalesce(p_po::text, '(none given)')
            USING ERRCODE = 'SP013', COLUMN = 'purchase_order';
    END IF;
    RETURN v_po;
END
$$;

-- Refuses a change to an order that is no longer open, saying why.
CREATE OR REPLACE FUNCTION sp_purchase_order_check_open(p_po purchase_orders) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_po.status = 'received' THEN
        RAISE EXCEPTION 'Purchase order % was received in full on % by %.', p_po.id,
            to_char(p_po.received_at, 'YYYY-MM-DD HH24:MI'), p_po.received_by
            USING ERRCODE = 'SP013', COLUMN = 'purchase_order';
    END IF;
    IF p_po.status = 'closed' THEN
        RAISE EXCEPTION 'Purchase order % was closed on % by % (%).', p_po.id,
            to_char(p_po.closed_at, 'YYYY-MM-DD HH24:MI'), p_po.closed_by, p_po.close_reason
            USING ERRCODE = 'SP013', COLUMN = 'purchase_order';
    END IF;
END
$$;

-- One purchase order from p_lines [{product_id, quantity}] (checked by the caller) for a
-- supplier and a destination: incoming rises there, the supplier's webhooks are queued, and so
-- is an e-mail when the supplier has an address (functions/57_mail.sql).
CREATE OR REPLACE FUNCTION sp_purchase_order_create(p_supplier text, p_location smallint,
                                                    p_lines jsonb, p_suggestion bigint)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_po bigint;
    v_json jsonb;
BEGIN
    PERFORM sp_check_quantity((e ->> 'quantity')::integer) FROM jsonb_array_elements(p_lines) e;
    INSERT INTO purchase_orders (location_id, supplier, suggestion_id)
    VALUES (p_location, p_supplier, p_suggestion)
    RETURNING id INTO v_po;
    INSERT INTO purchase_order_lines (purchase_order_id, line_no, product_id, quantity, unit_cost)
    SELECT v_po, r.i, p.id, (r.e ->> 'quantity')::integer, p.cost
    FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS r (e, i)
    JOIN products p ON p.id = (r.e ->> 'product_id')::integer
    ORDER BY r.i;
    -- The levels in (product, location) order, as every stock function locks them.
    INSERT INTO stock_levels AS s (product_id, location_id, incoming)
    SELECT product_id, p_location, quantity FROM purchase_order_lines
    WHERE purchase_order_id = v_po ORDER BY product_id
    ON CONFLICT (product_id, location_id)
        DO UPDATE SET incoming = s.incoming + EXCLUDED.incoming, updated_at = now();
    INSERT INTO stock_movements (product_id, location_id, reason, d_incoming, ref_type, ref_id)
    SELECT product_id, p_location, 'purchase_order', quantity, 'purchase_order', v_po
    FROM purchase_order_lines WHERE purchase_order_id = v_po ORDER BY line_no;
    PERFORM sp_level_event(product_id, p_location, 'purchase_order',
                           jsonb_build_object('purchase_order_id', v_po))
    FROM purchase_order_lines WHERE purchase_order_id = v_po ORDER BY product_id;

    v_json := sp_purchase_order_json(v_po);
    INSERT INTO events (type, location_id, payload) VALUES ('PurchaseOrderCreated', p_location, v_json);
    PERFORM webhook_enqueue('PurchaseOrderCreated',
                            v_json || jsonb_build_object('deliver_to', jsonb_build_object(
                                          'code', l.code, 'name', l.name,
                                          'latitude', l.latitude, 'longitude', l.longitude)),
                            p_supplier)
    FROM locations l WHERE l.id = p_location;
    PERFORM sp_mail_purchase_order(v_po);
    RETURN v_json;
END
$$;

-- Takes in a delivery: p_lines [{sku, quantity}], or NULL for every unit still expected. Each
-- line's incoming becomes on hand; units beyond what a line still expects are refused unless
-- p_accept_over, and then recorded as over-delivered. The order is received when every line
-- is in. Repeating a delivery with the same key returns the first one's answer. Clerks.
CREATE OR REPLACE FUNCTION purchase_order_receive(p_po bigint, p_lines jsonb DEFAULT NULL,
                                                  p_note text DEFAULT NULL,
                                                  p_key text DEFAULT NULL,
                                                  p_accept_over boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_po purchase_orders := sp_purchase_order_lock(p_po);
    v_key text := coalesce(p_key, gen_random_uuid()::text);
    v_done purchase_order_receipts;
    v_bad record;
    v_lines jsonb;
    v_receipt bigint;
    v_status text;
BEGIN
    SELECT * INTO v_done FROM purchase_order_receipts
    WHERE purchase_order_id = p_po AND key = v_key;
    IF FOUND THEN
        RETURN sp_purchase_order_json(p_po)
               || jsonb_build_object('receipt_id', v_done.id, 'received_now', v_done.lines,
                                     'replayed', true);
    END IF;
    PERFORM sp_purchase_order_check_open(v_po);
    IF p_lines IS NOT NULL AND jsonb_typeof(p_lines) <> 'array' THEN
        RAISE EXCEPTION 'The lines to receive must be a list of {sku, quantity}.'
            USING ERRCODE = 'SP009', COLUMN = 'lines';
    END IF;

    DROP TABLE IF EXISTS pg_temp.sp_receive;
    CREATE TEMP TABLE sp_receive ON COMMIT DROP AS
    SELECT pl.line_no, pl.product_id, pl.quantity - pl.received AS quantity,
           pl.quantity - pl.received AS expected
    FROM purchase_order_lines pl
    WHERE pl.purchase_order_id = p_po AND pl.quantity > pl.received AND p_lines IS NULL;
    IF p_lines IS NOT NULL THEN
        -- Each named line checked in turn, the first wrong one named with its value.
        FOR v_bad IN
            SELECT r.i, r.e, pl.line_no, greatest(pl.quantity - pl.received, 0) AS expected,
                   count(*) OVER (PARTITION BY r.e ->> 'sku') AS times
            FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS r (e, i)
            LEFT JOIN products p ON p.sku = r.e ->> 'sku'
            LEFT JOIN purchase_order_lines pl
                ON pl.purchase_order_id = p_po AND pl.product_id = p.id
            ORDER BY r.i
        LOOP
            IF v_bad.line_no IS NULL THEN
                RAISE EXCEPTION 'Purchase order % has no line for SKU %.', p_po,
                    coalesce(v_bad.e ->> 'sku', '(none given)')
                    USING ERRCODE = 'SP013', COLUMN = 'sku';
            END IF;
            IF v_bad.times > 1 THEN
                RAISE EXCEPTION 'SKU % is named twice.', v_bad.e ->> 'sku'
                    USING ERRCODE = 'SP009', COLUMN = 'sku';
            END IF;
            IF jsonb_typeof(v_bad.e -> 'quantity') IS DISTINCT FROM 'number'
               OR (v_bad.e ->> 'quantity')::numeric <> trunc((v_bad.e ->> 'quantity')::numeric)
               OR (v_bad.e ->> 'quantity')::numeric <= 0
               OR (v_bad.e ->> 'quantity')::numeric > 1000000 THEN
                RAISE EXCEPTION 'The quantity received of SKU % must be a whole number above zero (got %).',
                    v_bad.e ->> 'sku', coalesce(v_bad.e ->> 'quantity', 'nothing')
                    USING ERRCODE = 'SP003', COLUMN = 'quantity';
            END IF;
            IF (v_bad.e ->> 'quantity')::numeric > v_bad.expected AND NOT p_accept_over THEN
                RAISE EXCEPTION 'Purchase order % expects % more unit(s) of SKU %; % is more than that.',
                    p_po, v_bad.expected, v_bad.e ->> 'sku', v_bad.e ->> 'quantity'
                    USING ERRCODE = 'SP013', COLUMN = 'quantity',
                          HINT = 'Accept the over-delivery to take in more than was ordered.';
            END IF;
        END LOOP;
        INSERT INTO sp_receive
        SELECT pl.line_no, pl.product_id, (r.e ->> 'quantity')::integer,
               greatest(pl.quantity - pl.received, 0)
        FROM jsonb_array_elements(p_lines) r (e)
        JOIN products p ON p.sku = r.e ->> 'sku'
        JOIN purchase_order_lines pl ON pl.purchase_order_id = p_po AND pl.product_id = p.id;
    END IF;
    IF NOT EXISTS (SELECT FROM sp_receive) THEN
        RAISE EXCEPTION 'Name at least one line to receive.' USING ERRCODE = 'SP009',
            COLUMN = 'lines';
    END IF;

    -- Only what a line still expects leaves incoming; the rest is an over-delivery.
    PERFORM 1 FROM stock_levels sl
    WHERE sl.location_id = v_po.location_id
      AND sl.product_id IN (SELECT product_id FROM sp_receive)
    ORDER BY sl.product_id FOR UPDATE OF sl;
    UPDATE stock_levels sl
    SET on_hand = sl.on_hand + r.quantity, incoming = sl.incoming - least(r.quantity, r.expected),
        updated_at = now()
    FROM sp_receive r
    WHERE sl.product_id = r.product_id AND sl.location_id = v_po.location_id;
    UPDATE purchase_order_lines pl SET received = pl.received + r.quantity
    FROM sp_receive r WHERE pl.purchase_order_id = p_po AND pl.line_no = r.line_no;
    INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, d_incoming,
                                 ref_type, ref_id, note)
    SELECT product_id, v_po.location_id, 'purchase_order_receive', quantity,
           -least(quantity, expected), 'purchase_order', p_po, p_note
    FROM sp_receive ORDER BY product_id;

    v_status := CASE WHEN EXISTS (SELECT FROM purchase_order_lines
                                  WHERE purchase_order_id = p_po AND received < quantity)
                     THEN 'partially_received' ELSE 'received' END;
    UPDATE purchase_orders
    SET status = v_status,
        received_at = CASE WHEN v_status = 'received' THEN now() END,
        received_by = CASE WHEN v_status = 'received' THEN session_user END
    WHERE id = p_po;

    SELECT jsonb_agg(jsonb_build_object('line', r.line_no, 'sku', p.sku, 'quantity', r.quantity,
                                        'over', greatest(r.quantity - r.expected, 0))
                     ORDER BY r.line_no)
    INTO v_lines
    FROM sp_receive r JOIN products p ON p.id = r.product_id;
    INSERT INTO purchase_order_receipts (purchase_order_id, key, lines, note)
    VALUES (p_po, v_key, v_lines, p_note)
    RETURNING id INTO v_receipt;

    PERFORM sp_level_event(product_id, v_po.location_id, 'purchase_order_receive',
                           jsonb_build_object('purchase_order_id', p_po))
    FROM sp_receive ORDER BY product_id;
    INSERT INTO events (type, location_id, payload)
    VALUES ('PurchaseOrderReceived', v_po.location_id,
            jsonb_build_object('purchase_order_id', p_po, 'receipt_id', v_receipt,
                               'status', v_status, 'lines', v_lines));
    DROP TABLE pg_temp.sp_receive;
    RETURN sp_purchase_order_json(p_po)
           || jsonb_build_object('receipt_id', v_receipt, 'received_now', v_lines);
END
$$;
GRANT EXECUTE ON FUNCTION purchase_order_receive(bigint, jsonb, text, text, boolean)
    TO stockpilot_clerk;

-- Closes an order that will not be delivered in full: what its lines still expect leaves
-- incoming, recorded per line as short. Managers.
CREATE OR REPLACE FUNCTION purchase_order_close(p_po bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_po purchase_orders := sp_purchase_order_lock(p_po);
    v_reason text := sp_check_reason(p_reason);
    v_short jsonb;
BEGIN
    PERFORM sp_purchase_order_check_open(v_po);
    PERFORM 1 FROM stock_levels sl
    WHERE sl.location_id = v_po.location_id
      AND sl.product_id IN (SELECT product_id FROM purchase_order_lines
                            WHERE purchase_order_id = p_po AND received < quantity)
    ORDER BY sl.product_id FOR UPDATE OF sl;
    UPDATE stock_levels sl SET incoming = sl.incoming - (pl.quantity - pl.received),
                               updated_at = now()
    FROM purchase_order_lines pl
    WHERE pl.purchase_order_id = p_po AND pl.received < pl.quantity
      AND sl.product_id = pl.product_id AND sl.location_id = v_po.location_id;
    INSERT INTO stock_movements (product_id, location_id, reason, d_incoming, ref_type, ref_id,
                                 note)
    SELECT product_id, v_po.location_id, 'purchase_order_close', -(quantity - received),
           'purchase_order', p_po, v_reason
    FROM purchase_order_lines WHERE purchase_order_id = p_po AND received < quantity
    ORDER BY product_id;
    SELECT jsonb_agg(jsonb_build_object('line', pl.line_no, 'sku', p.sku,
                                        'units', pl.quantity - pl.received) ORDER BY pl.line_no)
    INTO v_short
    FROM purchase_order_lines pl JOIN products p ON p.id = pl.product_id
    WHERE pl.purchase_order_id = p_po AND pl.received < pl.quantity;
    UPDATE purchase_orders SET status = 'closed', closed_at = now(), closed_by = session_user,
                               close_reason = v_reason
    WHERE id = p_po;
    PERFORM sp_level_event(pl.product_id, v_po.location_id, 'purchase_order_close',
                           jsonb_build_object('purchase_order_id', p_po))
    FROM purchase_order_lines pl
    WHERE pl.purchase_order_id = p_po AND pl.received < pl.quantity ORDER BY pl.product_id;
    INSERT INTO events (type, location_id, payload)
    VALUES ('PurchaseOrderClosed', v_po.location_id,
            jsonb_build_object('purchase_order_id', p_po, 'reason', v_reason,
                               'short', coalesce(v_short, '[]')));
    RETURN sp_purchase_order_json(p_po) || jsonb_build_object('short', coalesce(v_short, '[]'));
END
$$;
GRANT EXECUTE ON FUNCTION purchase_order_close(bigint, text) TO stockpilot_manager;
