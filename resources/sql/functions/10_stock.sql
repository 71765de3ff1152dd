-- The stock functions (each one call, atomic, writing the ledger and the event), the ledger's
-- guards and audit, and staff accounts.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

CREATE OR REPLACE FUNCTION forbid_ledger_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The stock ledger is append-only: % is not allowed.', TG_OP
        USING ERRCODE = '42501';
END
$$;
CREATE OR REPLACE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
    FOR EACH ROW EXECUTE FUNCTION forbid_ledger_change();
CREATE OR REPLACE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_ledger_change();

CREATE OR REPLACE FUNCTION sp_product_id(p_sku text) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id integer;
BEGIN
    SELECT id INTO v_id FROM products WHERE sku = p_sku;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'Unknown SKU "%".', coalesce(p_sku, '')
            USING ERRCODE = 'SP001', HINT = 'Check the SKU on the Stock page.';
    END IF;
    RETURN v_id;
END
$$;

CREATE OR REPLACE FUNCTION sp_location_id(p_code text) RETURNS smallint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id smallint;
BEGIN
    SELECT id INTO v_id FROM locations WHERE code = p_code;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'Unknown location "%".', coalesce(p_code, '')
            USING ERRCODE = 'SP002';
    END IF;
    RETURN v_id;
END
$$;

CREATE OR REPLACE FUNCTION sp_check_quantity(p_quantity integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_quantity IS NULL OR p_quantity <= 0 THEN
        RAISE EXCEPTION 'The quantity must be a whole number above zero (got %).',
            coalesce(p_quantity::text, 'nothing')
            USING ERRCODE = 'SP003';
    END IF;
    -- No single movement is this large; refusing it here also keeps the sums far from the
    -- integer limit, so the caller gets this message rather than an overflow.
    IF p_quantity > 100000000 THEN
        RAISE EXCEPTION 'The quantity % is too large for one movement (at most 100,000,000).',
            p_quantity
            USING ERRCODE = 'SP003';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION sp_check_reason(p_reason text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    -- Whitespace of any kind, not only spaces (btrim's default): a tab is no reason.
    IF p_reason IS NULL OR p_reason !~ '[^[:space:]]' THEN
        RAISE EXCEPTION 'A reason is required.' USING ERRCODE = 'SP006';
    END IF;
    IF length(p_reason) > 500 THEN
        RAISE EXCEPTION 'The reason is too long (at most 500 characters).' USING ERRCODE = 'SP009';
    END IF;
    RETURN regexp_replace(p_reason, '^[[:space:]]+|[[:space:]]+$', '', 'g');
END
$$;

-- The figures of one level as the event and function results report them.
CREATE OR REPLACE FUNCTION sp_level_json(p_product integer, p_location smallint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'sku', p.sku, 'location', l.code,
        'on_hand', coalesce(s.on_hand, 0), 'reserved', coalesce(s.reserved, 0),
        'committed', coalesce(s.committed, 0), 'incoming', coalesce(s.incoming, 0),
        'quarantine', coalesce(s.quarantine, 0), 'damaged', coalesce(s.damaged, 0),
        'available', coalesce(s.available, 0))
    FROM products p CROSS JOIN locations l
    LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id
    WHERE p.id = p_product AND l.id = p_location
$$;

-- Great-circle distance in kilometres.
CREATE OR REPLACE FUNCTION distance_km(lat1 double precision, lon1 double precision,
                                       lat2 double precision, lon2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 2 * 6371.0088 * asin(sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2) +
        cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))
$$;
GRANT EXECUTE ON FUNCTION distance_km(double precision, double precision, double precision, double precision)
    TO stockpilot_clerk, stockpilot_endpoint;

-- Goods arrive at a location (a delivery, a found item).
CREATE OR REPLACE FUNCTION stock_receive(p_sku text, p_location text, p_quantity integer,
                                         p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer := sp_product_id(p_sku);
    v_location smallint := sp_location_id(p_location);
BEGIN
    PERFORM sp_check_quantity(p_quantity);
    INSERT INTO stock_levels AS s (product_id, location_id, on_hand)
    VALUES (v_product, v_location, p_quantity)
    ON CONFLICT (product_id, location_id)
        DO UPDATE SET on_hand = s.on_hand + EXCLUDED.on_hand, updated_at = now();
    INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, note)
    VALUES (v_product, v_location, 'receive', p_quantity, p_note);
    RETURN sp_emit_inventory_event(v_product, v_location, 'receive',
                                   jsonb_build_object('quantity', p_quantity));
END
$$;
GRANT EXECUTE ON FUNCTION stock_receive(text, text, integer, text) TO stockpilot_clerk;

-- A count correction: on_hand becomes the counted quantity; the difference goes to the ledger.
CREATE OR REPLACE FUNCTION stock_adjust(p_sku text, p_location text, p_counted integer, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer := sp_product_id(p_sku);
    v_location smallint := sp_location_id(p_location);
    v_reason text := sp_check_reason(p_reason);
    v_level stock_levels;
    v_delta integer;
BEGIN
    IF p_counted IS NULL OR p_counted < 0 THEN
        RAISE EXCEPTION 'The counted quantity must be zero or more (got %).',
            coalesce(p_counted::text, 'nothing')
            USING ERRCODE = 'SP003';
    END IF;
    INSERT INTO stock_levels (product_id, location_id)
    VALUES (v_product, v_location) ON CONFLICT DO NOTHING;
    SELECT * INTO v_level FROM stock_levels
    WHERE product_id = v_product AND location_id = v_location FOR UPDATE;
    IF p_counted < v_level.reserved + v_level.committed + v_level.quarantine + v_level.damaged THEN
        RAISE EXCEPTION 'A count of % is below the % units already held, sold, in quarantine or damaged at %.',
            p_counted, v_level.reserved + v_level.committed + v_level.quarantine + v_level.damaged,
            p_location
            USING ERRCODE = 'SP008',
                  HINT = 'Write damaged units off, release those in quarantine or release holds first, then count again.';
    END IF;
    v_delta := p_counted - v_level.on_hand;
    UPDATE stock_levels SET on_hand = p_counted, updated_at = now()
    WHERE product_id = v_product AND location_id = v_location;
    INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, note)
    VALUES (v_product, v_location, 'adjust', v_delta, v_reason);
    RETURN sp_emit_inventory_event(v_product, v_location, 'adjust',
                                   jsonb_build_object('delta', v_delta, 'note', v_reason));
END
$$;
GRANT EXECUTE ON FUNCTION stock_adjust(text, text, integer, text) TO stockpilot_manager;

-- Moves units out of the source's available stock into the destination's incoming (in transit).
CREATE OR REPLACE FUNCTION stock_transfer(p_sku text, p_from text, p_to text, p_quantity integer,
                                          p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer := sp_product_id(p_sku);
    v_from smallint := sp_location_id(p_from);
    v_to smallint := sp_location_id(p_to);
    v_available integer;
    v_transfer bigint;
BEGIN
    PERFORM sp_check_quantity(p_quantity);
    IF v_from = v_to THEN
        RAISE EXCEPTION 'A transfer needs two different locations (both are %).', p_from
            USING ERRCODE = 'SP005';
    END IF;
    -- Make sure both rows exist, then lock them in (product, location) order, the order every
    -- function uses, so two opposite transfers cannot deadlock. The rows are created in that
    -- order too: a new row waits for a concurrent insert of the same key, which deadlocks as
    -- well when two sessions create the pair in opposite orders.
    INSERT INTO stock_levels (product_id, location_id)
    SELECT v_product, l FROM unnest(ARRAY[v_from, v_to]) AS l ORDER BY l
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM stock_levels
    WHERE product_id = v_product AND location_id IN (v_from, v_to)
    ORDER BY location_id FOR UPDATE;

    UPDATE stock_levels SET on_hand = on_hand - p_quantity, updated_at = now()
    WHERE product_id = v_product AND location_id = v_from AND available >= p_quantity;
    IF NOT FOUND THEN
        SELECT available INTO v_available FROM stock_levels
        WHERE product_id = v_product AND location_id = v_from;
        RAISE EXCEPTION 'Only % of % available at %; cannot transfer %.',
            coalesce(v_available, 0), p_sku, p_from, p_quantity
            USING ERRCODE = 'SP004',
                  DETAIL = jsonb_build_object('available', coalesce(v_available, 0))::text;
    END IF;
    UPDATE stock_levels SET incoming = incoming + p_quantity, updated_at = now()
    WHERE product_id = v_product AND location_id = v_to;

    INSERT INTO transfers (product_id, from_location_id, to_location_id, quantity, note)
    VALUES (v_product, v_from, v_to, p_quantity, p_note)
    RETURNING id INTO v_transfer;
    INSERT INTO stock_movements
        (product_id, location_id, reason, d_on_hand, d_incoming, ref_type, ref_id, note)
    VALUES (v_product, v_from, 'transfer_out', -p_quantity, 0, 'transfer', v_transfer, p_note),
           (v_product, v_to, 'transfer_in_transit', 0, p_quantity, 'transfer', v_transfer, p_note);
    PERFORM sp_emit_inventory_event(v_product, v_from, 'transfer_out',
                                    jsonb_build_object('transfer_id', v_transfer,
                                                       'quantity', p_quantity));
    PERFORM sp_emit_inventory_event(v_product, v_to, 'transfer_in_transit',
                                    jsonb_build_object('transfer_id', v_transfer,
                                                       'quantity', p_quantity));
    RETURN jsonb_build_object('transfer_id', v_transfer, 'sku', p_sku, 'from', p_from,
                              'to', p_to, 'quantity', p_quantity,
                              'source', sp_level_json(v_product, v_from),
                              'destination', sp_level_json(v_product, v_to));
END
$$;
GRANT EXECUTE ON FUNCTION stock_transfer(text, text, text, integer, text) TO stockpilot_clerk;

-- The destination receives a transfer as counted: p_received units arrive (on hand) and the
-- rest of the quantity sent is lost in transit, with a ledger row and an event of its own; the
-- whole quantity leaves incoming. Receiving none is allowed: a shipment that never arrives must
-- still leave the destination's incoming, or it would count as on its way for ever.
CREATE OR REPLACE FUNCTION stock_transfer_receive_counted(p_transfer bigint, p_received integer,
                                                          p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_transfer transfers;
    v_lost integer;
BEGIN
    SELECT * INTO v_transfer FROM transfers WHERE id = p_transfer FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no transfer %.', coalesce(p_transfer::text, '(none given)')
            USING ERRCODE = 'SP007', COLUMN = 'transfer';
    END IF;
    IF v_transfer.status <> 'in_transit' THEN
        RAISE EXCEPTION 'Transfer % was already received on % by % (% of % units arrived).',
            p_transfer, to_char(v_transfer.received_at, 'YYYY-MM-DD HH24:MI'),
            v_transfer.received_by, v_transfer.received_quantity, v_transfer.quantity
            USING ERRCODE = 'SP007', COLUMN = 'transfer';
    END IF;
    IF p_received IS NULL OR p_received < 0 THEN
        RAISE EXCEPTION 'The received quantity of transfer % must be a whole number from 0 to % (got %).',
            p_transfer, v_transfer.quantity, coalesce(p_received::text, 'nothing')
            USING ERRCODE = 'SP003', COLUMN = 'received_quantity';
    END IF;
    IF p_received > v_transfer.quantity THEN
        RAISE EXCEPTION 'Transfer % has % units in transit; a received quantity of % is more than that.',
            p_transfer, v_transfer.quantity, p_received
            USING ERRCODE = 'SP003', COLUMN = 'received_quantity';
    END IF;
    v_lost := v_transfer.quantity - p_received;

    UPDATE stock_levels
    SET incoming = incoming - v_transfer.quantity, on_hand = on_hand + p_received,
        updated_at = now()
    WHERE product_id = v_transfer.product_id AND location_id = v_transfer.to_location_id;
    UPDATE transfers
    SET status = 'received', received_at = now(), received_by = session_user,
        received_quantity = p_received, lost_quantity = v_lost
    WHERE id = p_transfer;
    IF p_received > 0 THEN
        INSERT INTO stock_movements
            (product_id, location_id, reason, d_on_hand, d_incoming, ref_type, ref_id, note)
        VALUES (v_transfer.product_id, v_transfer.to_location_id, 'transfer_receive',
                p_received, -p_received, 'transfer', p_transfer, p_note);
        PERFORM sp_emit_inventory_event(v_transfer.product_id, v_transfer.to_location_id,
                                        'transfer_receive',
                                        jsonb_build_object('transfer_id', p_transfer,
                                                           'quantity', p_received));
    END IF;
    IF v_lost > 0 THEN
        INSERT INTO stock_movements
            (product_id, location_id, reason, d_on_hand, d_incoming, ref_type, ref_id, note)
        VALUES (v_transfer.product_id, v_transfer.to_location_id, 'transfer_lost',
                0, -v_lost, 'transfer', p_transfer, p_note);
        PERFORM sp_emit_inventory_event(v_transfer.product_id, v_transfer.to_location_id,
                                        'transfer_lost',
                                        jsonb_build_object('transfer_id', p_transfer,
                                                           'quantity', v_lost));
    END IF;
    RETURN sp_level_json(v_transfer.product_id, v_transfer.to_location_id)
           || jsonb_build_object('transfer_id', p_transfer, 'received', p_received,
                                 'lost', v_lost);
END
$$;
GRANT EXECUTE ON FUNCTION stock_transfer_receive_counted(bigint, integer, text)
    TO stockpilot_clerk;

-- The destination receives a transfer in full: every unit sent arrived.
CREATE OR REPLACE FUNCTION stock_transfer_receive(p_transfer bigint, p_note text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- An unknown transfer reads as no quantity, which the counted receipt refuses by its id.
    RETURN stock_transfer_receive_counted(
        p_transfer, (SELECT quantity FROM transfers WHERE id = p_transfer), p_note);
END
$$;
GRANT EXECUTE ON FUNCTION stock_transfer_receive(bigint, text) TO stockpilot_clerk;

-- Units change condition at one location without arriving or leaving elsewhere: available to
-- damaged (damage) or to quarantine (quarantine), quarantine back to available
-- (quarantine_release), and damaged units out of the building (write_off). Never more than the
-- figure they come out of holds; the refusal says how many it holds.
CREATE OR REPLACE FUNCTION sp_stock_condition(p_kind text, p_sku text, p_location text,
                                              p_quantity integer, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_product integer := sp_product_id(p_sku);
    v_location smallint := sp_location_id(p_location);
    v_reason text := sp_check_reason(p_reason);
    -- Per unit moved: the change of on_hand, quarantine and damaged.
    v_on_hand integer := CASE p_kind WHEN 'write_off' THEN -1 ELSE 0 END;
    v_quarantine integer := CASE p_kind WHEN 'quarantine' THEN 1
                                        WHEN 'quarantine_release' THEN -1 ELSE 0 END;
    v_damaged integer := CASE p_kind WHEN 'damage' THEN 1 WHEN 'write_off' THEN -1 ELSE 0 END;
    v_level stock_levels;
    v_holds integer;
BEGIN
    PERFORM sp_check_quantity(p_quantity);
    SELECT * INTO v_level FROM stock_levels
    WHERE product_id = v_product AND location_id = v_location FOR UPDATE;
    v_holds := coalesce(CASE p_kind WHEN 'write_off' THEN v_level.damaged
                                    WHEN 'quarantine_release' THEN v_level.quarantine
                                    ELSE v_level.available END, 0);
    IF v_holds < p_quantity THEN
        RAISE EXCEPTION '%',
            format(CASE p_kind
                       WHEN 'damage' THEN 'Only %s of %s available at %s; cannot mark %s as damaged.'
                       WHEN 'quarantine' THEN 'Only %s of %s available at %s; cannot put %s in quarantine.'
                       WHEN 'write_off' THEN 'Only %s of %s damaged at %s; cannot write off %s.'
                       ELSE 'Only %s of %s in quarantine at %s; cannot release %s.'
                   END, v_holds, p_sku, p_location, p_quantity)
            USING ERRCODE = 'SP004', COLUMN = 'quantity',
                  DETAIL = jsonb_build_object('available', coalesce(v_level.available, 0),
                                              'quarantine', coalesce(v_level.quarantine, 0),
                                              'damaged', coalesce(v_level.damaged, 0))::text;
    END IF;
    UPDATE stock_levels
    SET on_hand = on_hand + v_on_hand * p_quantity,
        quarantine = quarantine + v_quarantine * p_quantity,
        damaged = damaged + v_damaged * p_quantity, updated_at = now()
    WHERE product_id = v_product AND location_id = v_location;
    INSERT INTO stock_movements
        (product_id, location_id, reason, d_on_hand, d_quarantine, d_damaged, note)
    VALUES (v_product, v_location, p_kind, v_on_hand * p_quantity, v_quarantine * p_quantity,
            v_damaged * p_quantity, v_reason);
    RETURN sp_emit_inventory_event(v_product, v_location, p_kind,
                                   jsonb_build_object('quantity', p_quantity, 'note', v_reason));
END
$$;

-- Available units found damaged: they stay on hand, not sellable, until written off. Clerks.
CREATE OR REPLACE FUNCTION stock_damage(p_sku text, p_location text, p_quantity integer,
                                        p_reason text)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_stock_condition('damage', p_sku, p_location, p_quantity, p_reason)
$$;
GRANT EXECUTE ON FUNCTION stock_damage(text, text, integer, text) TO stockpilot_clerk;

-- Damaged units leave the stock for good (binned, returned to the supplier). Managers only,
-- like a count correction: on hand goes down.
CREATE OR REPLACE FUNCTION stock_write_off(p_sku text, p_location text, p_quantity integer,
                                           p_reason text)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_stock_condition('write_off', p_sku, p_location, p_quantity, p_reason)
$$;
GRANT EXECUTE ON FUNCTION stock_write_off(text, text, integer, text) TO stockpilot_manager;

-- Available units held back for a quality check (a return, a suspect batch). Clerks.
CREATE OR REPLACE FUNCTION stock_quarantine(p_sku text, p_location text, p_quantity integer,
                                            p_reason text)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_stock_condition('quarantine', p_sku, p_location, p_quantity, p_reason)
$$;
GRANT EXECUTE ON FUNCTION stock_quarantine(text, text, integer, text) TO stockpilot_clerk;

-- Units that passed the check go back to available. Clerks.
CREATE OR REPLACE FUNCTION stock_release(p_sku text, p_location text, p_quantity integer,
                                         p_reason text)
RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sp_stock_condition('quarantine_release', p_sku, p_location, p_quantity, p_reason)
$$;
GRANT EXECUTE ON FUNCTION stock_release(text, text, integer, text) TO stockpilot_clerk;

-- Replaying the ledger must give stock_levels exactly: the differences (none when all is well).
CREATE OR REPLACE FUNCTION ledger_audit()
RETURNS TABLE (sku text, location text, figure text, level_value bigint, ledger_value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH replay AS (
        SELECT product_id, location_id,
               sum(d_on_hand) AS on_hand, sum(d_reserved) AS reserved,
               sum(d_committed) AS committed, sum(d_incoming) AS incoming,
               sum(d_quarantine) AS quarantine, sum(d_damaged) AS damaged
        FROM stock_movements GROUP BY product_id, location_id
    ), joined AS (
        SELECT coalesce(s.product_id, r.product_id) AS product_id,
               coalesce(s.location_id, r.location_id) AS location_id,
               ARRAY[coalesce(s.on_hand, 0), coalesce(s.reserved, 0), coalesce(s.committed, 0),
                     coalesce(s.incoming, 0), coalesce(s.quarantine, 0),
                     coalesce(s.damaged, 0)]::bigint[] AS level,
               ARRAY[coalesce(r.on_hand, 0), coalesce(r.reserved, 0), coalesce(r.committed, 0),
                     coalesce(r.incoming, 0), coalesce(r.quarantine, 0),
                     coalesce(r.damaged, 0)]::bigint[] AS ledger
        FROM stock_levels s FULL JOIN replay r USING (product_id, location_id)
    )
    SELECT p.sku, l.code, f.name, j.level[f.i], j.ledger[f.i]
    FROM joined j
    JOIN products p ON p.id = j.product_id
    JOIN locations l ON l.id = j.location_id
    CROSS JOIN LATERAL (VALUES (1, 'on_hand'), (2, 'reserved'), (3, 'committed'),
                               (4, 'incoming'), (5, 'quarantine'), (6, 'damaged')) AS f (i, name)
    WHERE j.level <> j.ledger AND j.level[f.i] <> j.ledger[f.i]
    ORDER BY p.sku, l.code, f.i
$$;
GRANT EXECUTE ON FUNCTION ledger_audit() TO stockpilot_manager;

-- Staff accounts: login roles in one of the three staff roles. Runs as the owner; admins only.
CREATE OR REPLACE FUNCTION staff_user_add(p_name text, p_role text, p_password text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_name IS NULL OR p_name !~ '^[a-z][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION 'A user name is 1 to 63 lower-case letters, digits, ".", "_" or "-", starting with a letter.'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_name LIKE 'stockpilot%' OR p_name LIKE 'pg\_%' OR p_name = 'postgres' THEN
        RAISE EXCEPTION 'The name "%" is reserved.', p_name USING ERRCODE = 'SP009';
    END IF;
    IF p_role IS NULL OR p_role NOT IN ('clerk', 'manager', 'admin') THEN
        RAISE EXCEPTION 'The role must be clerk, manager or admin (got "%").', coalesce(p_role, '')
            USING ERRCODE = 'SP009';
    END IF;
    IF p_password IS NULL OR length(p_password) < 4 THEN
        RAISE EXCEPTION 'The password must have at least 4 characters.' USING ERRCODE = 'SP009';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_name) THEN
        -- Only staff accounts may be changed here: otherwise "adding" an existing account (a
        -- superuser, the endpoint's login) would let an admin set its password and take it over.
        IF NOT pg_has_role(p_name, 'stockpilot_clerk', 'MEMBER') OR EXISTS (
            SELECT FROM pg_roles WHERE rolname = p_name
            AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls))
        THEN
            RAISE EXCEPTION 'The name "%" belongs to an account that is not a StockPilot staff member.',
                p_name USING ERRCODE = 'SP009';
        END IF;
        EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', p_name, p_password);
    ELSE
        EXECUTE format('CREATE ROLE %I WITH LOGIN PASSWORD %L', p_name, p_password);
    END IF;
    EXECUTE format('REVOKE stockpilot_clerk, stockpilot_manager, stockpilot_admin FROM %I',
                   p_name);
    EXECUTE format('GRANT %I TO %I', 'stockpilot_' || p_role, p_name);
END
$$;
GRANT EXECUTE ON FUNCTION staff_user_add(text, text, text) TO stockpilot_admin;

-- The staff role of the signed-in user: admin, manager, clerk, or NULL.
CREATE OR REPLACE FUNCTION staff_role() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN pg_has_role(session_user, 'stockpilot_admin', 'MEMBER') THEN 'admin'
        WHEN pg_has_role(session_user, 'stockpilot_manager', 'MEMBER') THEN 'manager'
        WHEN pg_has_role(session_user, 'stockpilot_clerk', 'MEMBER') THEN 'clerk'
    END
$$;
GRANT EXECUTE ON FUNCTION staff_role() TO stockpilot_clerk, stockpilot_endpoint;
