-- StockPilot schema, part 8: staff requests filed as suggestions, and the shapes they need.
--
-- request_file() turns a request the optimizer made concrete (services/requests) into pending
-- suggestions with origin 'staff'. The client is not trusted: every SKU, location, quantity,
-- discount and the stock behind a transfer are checked here, and the stored proposal is built
-- from the catalogue, not from what the client sent. What is filed must be executable by the
-- existing approve path, so this migration also adds:
--   - the 'adjustment' kind (a stock count awaiting approval; executed with stock_adjust);
--   - transfers from several sources: proposal.lines [{source, quantity}], one stock_transfer
--     per line, all in the deciding transaction (a failing line undoes the others);
--   - category promotions: one markdown suggestion per qualifying SKU, so the inbox shows each
--     with its price and the existing markdown execution, modify and policies apply.

ALTER TABLE suggestions DROP CONSTRAINT suggestions_kind_check;
ALTER TABLE suggestions ADD CONSTRAINT suggestions_kind_check
    CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit', 'adjustment'));
ALTER TABLE approval_policies DROP CONSTRAINT approval_policies_kind_check;
ALTER TABLE approval_policies ADD CONSTRAINT approval_policies_kind_check
    CHECK (kind IN ('restock', 'transfer', 'markdown', 'audit', 'adjustment'));
-- Counting stock is a manager's right (stock_adjust), so approving a counted quantity is too.
INSERT INTO approval_policies (kind, role, max_value)
VALUES ('adjustment', 'stockpilot_manager', NULL)
ON CONFLICT DO NOTHING;

-- A whole number from a JSON value within [p_min, p_max], or SP003 naming the field.
CREATE OR REPLACE FUNCTION sp_json_int(p_value jsonb, p_what text, p_min integer,
                                       p_max integer DEFAULT 1000000)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v numeric;
BEGIN
    -- Checked in steps: only a JSON number may be cast.
    IF p_value IS NOT NULL AND jsonb_typeof(p_value) = 'number' THEN
        v := p_value::text::numeric;
        IF v = trunc(v) AND v BETWEEN p_min AND p_max THEN
            RETURN v::integer;
        END IF;
    END IF;
    RAISE EXCEPTION 'The % must be a whole number from % to % (got %).', p_what, p_min, p_max,
        coalesce(p_value::text, 'nothing')
        USING ERRCODE = 'SP003';
END
$$;

-- The lines of a multi-source transfer cut or stretched to a new total: nearest sources
-- (the order the optimizer chose) first; more than the lines held goes to the first source.
CREATE OR REPLACE FUNCTION sp_transfer_lines_fit(p_lines jsonb, p_quantity integer)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_left integer := p_quantity;
    v_out jsonb := '[]';
    v_take integer;
    l jsonb;
BEGIN
    FOR l IN SELECT value FROM jsonb_array_elements(p_lines) LOOP
        EXIT WHEN v_left <= 0;
        v_take := least(v_left, (l ->> 'quantity')::integer);
        v_out := v_out || jsonb_build_array(jsonb_build_object('source', l ->> 'source',
                                                               'quantity', v_take));
        v_left := v_left - v_take;
    END LOOP;
    IF v_left > 0 THEN
        v_out := jsonb_set(v_out, '{0,quantity}',
                           to_jsonb((v_out -> 0 ->> 'quantity')::integer + v_left));
    END IF;
    RETURN v_out;
END
$$;

-- The value policies judge: as in 005, plus the units a count adds or removes, at cost.
CREATE OR REPLACE FUNCTION sp_suggestion_value(p_s suggestions, p_final jsonb) RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE p_s.kind
        WHEN 'restock' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'transfer' THEN (p_final ->> 'quantity')::numeric * p.cost
        WHEN 'markdown' THEN (p.price - sp_discounted_price(p.price,
                                          (p_final ->> 'discount_pct')::numeric))
                             * coalesce((SELECT sum(available) FROM stock_levels
                                         WHERE product_id = p.id), 0)
        WHEN 'adjustment' THEN abs((p_final ->> 'quantity')::numeric
                                   - coalesce((SELECT on_hand FROM stock_levels
                                               WHERE product_id = p.id
                                                 AND location_id = p_s.location_id), 0))
                               * p.cost
        ELSE 0 END
    FROM products p WHERE p.id = p_s.product_id
$$;

-- As in 005, plus multi-source transfers and adjustments.
CREATE OR REPLACE FUNCTION sp_suggestion_execute(p_s suggestions, p_final jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product products;
    v_qty integer;
    v_discount numeric;
    v_new numeric;
    v_from date;
    v_change bigint;
    v_result jsonb;
    v_dest text;
    v_line jsonb;
    r record;
    v_cfg agent_settings;
BEGIN
    SELECT * INTO v_product FROM products WHERE id = p_s.product_id;
    CASE p_s.kind
    WHEN 'restock' THEN
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN sp_purchase_order_create(p_s.product_id, p_s.location_id, v_qty, p_s.id);
    WHEN 'transfer' THEN
        v_dest := (SELECT code FROM locations WHERE id = p_s.location_id);
        IF jsonb_typeof(p_final -> 'lines') = 'array'
           AND jsonb_array_length(p_final -> 'lines') > 1 THEN
            -- One transfer per source; any failure raises and undoes them all.
            v_result := '[]';
            FOR v_line IN SELECT value FROM jsonb_array_elements(p_final -> 'lines') LOOP
                v_result := v_result || jsonb_build_array(
                    stock_transfer(v_product.sku, v_line ->> 'source', v_dest,
                                   (v_line ->> 'quantity')::integer,
                                   'suggestion ' || p_s.id));
            END LOOP;
            RETURN jsonb_build_object(
                'transfers', v_result, 'sku', v_product.sku, 'to', v_dest,
                'quantity', (SELECT sum((t ->> 'quantity')::integer)
                             FROM jsonb_array_elements(v_result) t),
                'transfer_ids', (SELECT jsonb_agg(t -> 'transfer_id')
                                 FROM jsonb_array_elements(v_result) t));
        END IF;
        v_qty := (p_final ->> 'quantity')::integer;
        RETURN stock_transfer(v_product.sku, p_final ->> 'source', v_dest, v_qty,
                              'suggestion ' || p_s.id);
    WHEN 'adjustment' THEN
        RETURN stock_adjust(v_product.sku, (SELECT code FROM locations WHERE id = p_s.location_id),
                            (p_final ->> 'quantity')::integer,
                            format('%s (suggestion %s)', left(p_final ->> 'reason', 460), p_s.id));
    WHEN 'markdown' THEN
        SELECT * INTO v_cfg FROM agent_settings;
        v_discount := (p_final ->> 'discount_pct')::numeric;
        v_from := coalesce((p_final ->> 'effective_from')::date, current_date);
        v_new := sp_discounted_price(v_product.price, v_discount);
        IF v_new < v_product.cost * (1 + v_cfg.margin_floor) THEN
            RAISE EXCEPTION 'A markdown of % percent would price % at %, below the margin floor (cost % plus % percent).',
                v_discount, v_product.sku, v_new, v_product.cost, v_cfg.margin_floor * 100
                USING ERRCODE = 'SP009';
        END IF;
        INSERT INTO price_changes (product_id, old_price, new_price, discount_pct, effective_from,
                                   suggestion_id)
        VALUES (p_s.product_id, v_product.price, v_new, v_discount, v_from, p_s.id)
        RETURNING id INTO v_change;
        PERFORM price_changes_apply_due();
        RETURN jsonb_build_object('price_change_id', v_change, 'old_price', v_product.price,
                                  'new_price', v_new, 'effective_from', v_from);
    WHEN 'audit' THEN
        -- Accept the current level: a ledger row per differing figure makes the replay match.
        v_result := '[]';
        FOR r IN SELECT * FROM ledger_audit() a
                 WHERE a.sku = v_product.sku
                   AND a.location = (SELECT code FROM locations WHERE id = p_s.location_id)
        LOOP
            INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, d_reserved,
                                         d_committed, d_incoming, d_quarantine, d_damaged,
                                         ref_type, ref_id, note)
            VALUES (p_s.product_id, p_s.location_id, 'audit_correction',
                    CASE r.figure WHEN 'on_hand' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'reserved' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'committed' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'incoming' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'quarantine' THEN r.level_value - r.ledger_value ELSE 0 END,
                    CASE r.figure WHEN 'damaged' THEN r.level_value - r.ledger_value ELSE 0 END,
                    'suggestion', p_s.id, 'ledger audit correction');
            v_result := v_result || jsonb_build_object('figure', r.figure,
                                                       'delta', r.level_value - r.ledger_value);
        END LOOP;
        RETURN jsonb_build_object('corrections', v_result);
    END CASE;
END
$$;

-- As in 005; Modify also knows adjustments (counted quantity, reason) and keeps the lines of a
-- multi-source transfer consistent with a changed quantity or source.
CREATE OR REPLACE FUNCTION sp_suggestion_decide(p_id bigint, p_action text, p_changes jsonb,
                                                p_note text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v suggestions;
    v_final jsonb;
    v_changes jsonb := '{}';
    v_key text;
    v_value numeric;
    v_execution jsonb;
    v_error text;
    v_state text;
    v_status text;
    v_sku text;
    v_loc text;
BEGIN
    SELECT * INTO v FROM suggestions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no suggestion %.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP011';
    END IF;
    IF v.status = 'superseded' THEN
        RAISE EXCEPTION 'Suggestion % is no longer valid: its conditions went away at %.', p_id,
            to_char(v.updated_at, 'YYYY-MM-DD HH24:MI:SS')
            USING ERRCODE = 'SP010',
                  DETAIL = jsonb_build_object('status', v.status)::text;
    END IF;
    IF v.status <> 'pending' THEN
        RAISE EXCEPTION 'Suggestion % was already % by % at %.', p_id, v.decision, v.decided_by,
            to_char(v.decided_at, 'YYYY-MM-DD HH24:MI:SS')
            USING ERRCODE = 'SP010',
                  DETAIL = jsonb_build_object('status', v.status, 'decision', v.decision,
                                              'decided_by', v.decided_by,
                                              'decided_at', v.decided_at)::text;
    END IF;

    v_final := v.proposal;
    IF p_action = 'modified' THEN
        IF p_changes IS NULL OR jsonb_typeof(p_changes) <> 'object' OR p_changes = '{}' THEN
            RAISE EXCEPTION 'A modification needs at least one change.' USING ERRCODE = 'SP009';
        END IF;
        FOR v_key IN SELECT jsonb_object_keys(p_changes) LOOP
            IF NOT ((v.kind IN ('restock', 'transfer', 'adjustment') AND v_key = 'quantity')
                    OR (v.kind = 'transfer' AND v_key = 'source')
                    OR (v.kind = 'adjustment' AND v_key = 'reason')
                    OR (v.kind = 'markdown' AND v_key IN ('discount_pct', 'effective_from'))) THEN
                RAISE EXCEPTION 'A % suggestion has no "%" to change.', v.kind, v_key
                    USING ERRCODE = 'SP009';
            END IF;
        END LOOP;
        IF p_changes ? 'quantity' THEN
            -- A count may be zero; a quantity to move or order may not.
            v_changes := v_changes || jsonb_build_object(
                'quantity', sp_json_int(p_changes -> 'quantity',
                                        CASE WHEN v.kind = 'adjustment' THEN 'counted quantity'
                                             ELSE 'quantity' END,
                                        CASE WHEN v.kind = 'adjustment' THEN 0 ELSE 1 END));
        END IF;
        IF p_changes ? 'reason' THEN
            v_changes := v_changes || jsonb_build_object(
                'reason', sp_check_reason(CASE WHEN jsonb_typeof(p_changes -> 'reason') = 'string'
                                               THEN p_changes ->> 'reason' END));
        END IF;
        IF p_changes ? 'source' THEN
            PERFORM sp_location_id(p_changes ->> 'source');
            IF (SELECT id FROM locations WHERE code = p_changes ->> 'source') = v.location_id THEN
                RAISE EXCEPTION 'The source must differ from the destination.'
                    USING ERRCODE = 'SP005';
            END IF;
            v_changes := v_changes || jsonb_build_object('source', p_changes ->> 'source');
        END IF;
        IF p_changes ? 'discount_pct' THEN
            IF jsonb_typeof(p_changes -> 'discount_pct') <> 'number'
               OR (p_changes ->> 'discount_pct')::numeric NOT BETWEEN 1 AND 90 THEN
                RAISE EXCEPTION 'The discount is a percentage from 1 to 90.'
                    USING ERRCODE = 'SP009';
            END IF;
            v_changes := v_changes || jsonb_build_object('discount_pct',
                                                         (p_changes ->> 'discount_pct')::numeric);
        END IF;
        IF p_changes ? 'effective_from' THEN
            BEGIN
                IF (p_changes ->> 'effective_from')::date < current_date THEN
                    RAISE EXCEPTION 'past';
                END IF;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'The effective date must be a date (YYYY-MM-DD), today or later.'
                    USING ERRCODE = 'SP009';
            END;
            v_changes := v_changes || jsonb_build_object('effective_from',
                                                         (p_changes ->> 'effective_from')::date);
        END IF;
        v_final := v.proposal || v_changes;
        IF v.kind = 'markdown' THEN
            v_final := v_final || jsonb_build_object(
                'new_price', sp_discounted_price((SELECT price FROM products
                                                  WHERE id = v.product_id),
                                                 (v_final ->> 'discount_pct')::numeric));
        ELSIF v.kind = 'adjustment' THEN
            v_final := v_final || jsonb_build_object('counted', v_final -> 'quantity');
        ELSIF v.kind = 'transfer' AND jsonb_typeof(v.proposal -> 'lines') = 'array' THEN
            -- A new source means one source; a new quantity keeps the nearest sources first.
            IF v_changes ? 'source' THEN
                v_final := v_final || jsonb_build_object('lines', jsonb_build_array(
                    jsonb_build_object('source', v_final ->> 'source',
                                       'quantity', (v_final ->> 'quantity')::integer)));
            ELSIF v_changes ? 'quantity' THEN
                v_final := v_final || jsonb_build_object(
                    'lines', sp_transfer_lines_fit(v.proposal -> 'lines',
                                                   (v_final ->> 'quantity')::integer));
            END IF;
        END IF;
    ELSIF p_action = 'rejected' THEN
        p_note := sp_check_reason(p_note);
    END IF;

    v_value := CASE WHEN p_action = 'rejected' THEN 0 ELSE sp_suggestion_value(v, v_final) END;
    PERFORM sp_check_policy(v.kind, v_value);

    SELECT sku INTO v_sku FROM products WHERE id = v.product_id;
    SELECT code INTO v_loc FROM locations WHERE id = v.location_id;
    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('HumanResponseReceived', v.product_id, v.location_id,
            jsonb_build_object('suggestion_id', v.id, 'kind', v.kind, 'decision', p_action,
                               'note', p_note, 'changes',
                               CASE WHEN p_action = 'modified' THEN v_changes END,
                               'sku', v_sku, 'location', v_loc));

    IF p_action = 'rejected' THEN
        UPDATE suggestions
        SET status = 'rejected', decision = 'rejected', decided_by = session_user,
            decided_at = clock_timestamp(), decision_note = p_note, updated_at = now()
        WHERE id = p_id;
        RETURN jsonb_build_object('suggestion_id', p_id, 'status', 'rejected');
    END IF;

    -- The execution runs in a subtransaction: if it fails, the decision is still recorded
    -- with the error, so a failure is shown and never lost.
    BEGIN
        v_execution := sp_suggestion_execute(v, v_final);
        v_status := 'executed';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
        v_status := 'failed';
        v_error := v_error || ' [' || v_state || ']';
    END;

    UPDATE suggestions
    SET status = v_status, decision = p_action, decided_by = session_user,
        decided_at = clock_timestamp(), decision_note = p_note,
        changes = CASE WHEN p_action = 'modified' THEN v_changes END, final = v_final,
        value = v_value, execution = v_execution,
        executed_at = CASE WHEN v_status = 'executed' THEN clock_timestamp() END,
        error = v_error, updated_at = now()
    WHERE id = p_id;

    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('ActionExecuted', v.product_id, v.location_id,
            jsonb_build_object('suggestion_id', v.id, 'kind', v.kind, 'ok', v_status = 'executed',
                               'status', v_status, 'result', v_execution, 'error', v_error,
                               'sku', v_sku, 'location', v_loc));
    IF v_status = 'failed' THEN
        INSERT INTO notifications (kind, priority, title, body, product_id, location_id,
                                   suggestion_id)
        VALUES ('execution_failed', 3, format('Could not carry out %s for %s', v.kind, v_sku),
                v_error, v.product_id, v.location_id, v.id);
    END IF;
    RETURN jsonb_build_object('suggestion_id', p_id, 'status', v_status, 'result', v_execution,
                              'error', v_error, 'value', v_value);
END
$$;

-- --------------------------------------------------------------------------------------------
-- Filing a staff request.
--   p_request   the structured request as read ({"kind": "transfer", "sku": ..., ...})
--   p_text      the person's own words (NULL for a form)
--   p_reader    who read it: 'llm', 'rules' or 'form'
--   p_proposal  the optimizer's proposal (services/requests/requestoptimizer.h):
--                 transfer   {"kind", "sku", "to", "quantity", "lines": [{"from", "quantity"}]}
--                 adjustment {"kind", "sku", "location", "counted", "reason"}
--                 restock    {"kind", "sku", "location", "quantity"}
--                 promotion  {"kind", "lines": [{"sku", "discount_percent"}],
--                             "effective_from"?}
--   p_numbers   the optimizer's figures (kept for the inbox's detail pane)
--   p_reason    the optimizer's reason
-- Returns {"suggestion_ids": [...], "kind", "count", "value"}. Raises SP001 (SKU), SP002
-- (location), SP003 (quantity), SP004 (not enough available at a source; DETAIL JSON),
-- SP005 (source = destination), SP006 (adjustment without a reason), SP008 (count below the
-- units held, sold or set aside), SP009 (anything else malformed, margin floor), 42501 (not
-- staff). One transaction: bad input files nothing.

CREATE OR REPLACE FUNCTION request_file(p_request jsonb, p_text text, p_reader text,
                                        p_proposal jsonb, p_numbers jsonb, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_kind text;
    v_request jsonb;
    v_numbers jsonb := coalesce(p_numbers, '{}');
    v_reason text;
    v_product products;
    v_loc smallint;
    v_loc_code text;
    v_src smallint;
    v_first_src smallint;
    v_qty integer;
    v_total integer := 0;
    v_lines jsonb := '[]';
    v_line jsonb;
    v_seen text[] := '{}';
    v_available integer;
    v_level stock_levels;
    v_counted integer;
    v_note text;
    v_proposal jsonb;
    v_value numeric;
    v_sum numeric := 0;
    v_ids bigint[] := '{}';
    v_id bigint;
    v_cfg agent_settings;
    v_discount numeric;
    v_new numeric;
    v_from date;
    v_n integer;
    v_i integer := 0;
BEGIN
    IF NOT pg_has_role(session_user, 'stockpilot_clerk', 'MEMBER') THEN
        RAISE EXCEPTION 'Only staff may file requests (you are %).', session_user
            USING ERRCODE = '42501';
    END IF;
    IF p_reader IS NULL OR p_reader NOT IN ('llm', 'rules', 'form') THEN
        RAISE EXCEPTION 'The reader is llm, rules or form (got %).',
            coalesce(p_reader, 'nothing') USING ERRCODE = 'SP009';
    END IF;
    IF p_reader <> 'form' AND (p_text IS NULL OR p_text !~ '[^[:space:]]') THEN
        RAISE EXCEPTION 'A request read from text needs its text.' USING ERRCODE = 'SP009';
    END IF;
    IF length(p_text) > 2000 THEN
        RAISE EXCEPTION 'The request text is too long (at most 2000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_request IS NULL OR jsonb_typeof(p_request) <> 'object'
       OR length(p_request::text) > 10000 THEN
        RAISE EXCEPTION 'The structured request must be a JSON object.' USING ERRCODE = 'SP009';
    END IF;
    IF p_proposal IS NULL OR jsonb_typeof(p_proposal) <> 'object' THEN
        RAISE EXCEPTION 'The proposal must be a JSON object.' USING ERRCODE = 'SP009';
    END IF;
    IF jsonb_typeof(v_numbers) <> 'object' OR length(v_numbers::text) > 200000 THEN
        RAISE EXCEPTION 'The numbers must be a JSON object (at most 200,000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_reason IS NULL OR p_reason !~ '[^[:space:]]' OR length(p_reason) > 4000 THEN
        RAISE EXCEPTION 'A filed request needs the optimizer''s reason (at most 4000 characters).'
            USING ERRCODE = 'SP009';
    END IF;
    v_reason := btrim(p_reason);
    v_kind := p_proposal ->> 'kind';
    IF v_kind IS NULL OR v_kind NOT IN ('transfer', 'adjustment', 'restock', 'promotion') THEN
        RAISE EXCEPTION 'Unknown request kind "%"; one of transfer, adjustment, restock, promotion.',
            coalesce(v_kind, '') USING ERRCODE = 'SP009';
    END IF;
    IF p_request ->> 'kind' IS DISTINCT FROM v_kind THEN
        RAISE EXCEPTION 'The proposal (%) does not answer the request (%).', v_kind,
            coalesce(p_request ->> 'kind', 'no kind') USING ERRCODE = 'SP009';
    END IF;
    v_request := jsonb_build_object('request', p_request, 'text', p_text, 'reader', p_reader);

    IF v_kind <> 'promotion' THEN
        SELECT * INTO v_product FROM products WHERE id = sp_product_id(p_proposal ->> 'sku');
    END IF;

    IF v_kind = 'transfer' THEN
        v_loc := sp_location_id(p_proposal ->> 'to');
        v_loc_code := p_proposal ->> 'to';
        IF jsonb_typeof(p_proposal -> 'lines') IS DISTINCT FROM 'array'
           OR jsonb_array_length(p_proposal -> 'lines') NOT BETWEEN 1 AND 20 THEN
            RAISE EXCEPTION 'A transfer needs from 1 to 20 source lines.' USING ERRCODE = 'SP009';
        END IF;
        FOR v_line IN SELECT value FROM jsonb_array_elements(p_proposal -> 'lines') LOOP
            IF jsonb_typeof(v_line) <> 'object' THEN
                RAISE EXCEPTION 'Each transfer line is an object {"from", "quantity"}.'
                    USING ERRCODE = 'SP009';
            END IF;
            v_src := sp_location_id(v_line ->> 'from');
            IF v_src = v_loc THEN
                RAISE EXCEPTION 'A transfer needs two different locations (both are %).',
                    v_loc_code USING ERRCODE = 'SP005';
            END IF;
            IF (v_line ->> 'from') = ANY (v_seen) THEN
                RAISE EXCEPTION 'Source % appears twice in the transfer.', v_line ->> 'from'
                    USING ERRCODE = 'SP009';
            END IF;
            v_seen := v_seen || (v_line ->> 'from');
            v_qty := sp_json_int(v_line -> 'quantity', 'quantity', 1);
            SELECT coalesce(max(available), 0) INTO v_available FROM stock_levels
            WHERE product_id = v_product.id AND location_id = v_src;
            IF v_qty > v_available THEN
                RAISE EXCEPTION 'Only % of % available at %; cannot transfer %.', v_available,
                    v_product.sku, v_line ->> 'from', v_qty
                    USING ERRCODE = 'SP004',
                          DETAIL = jsonb_build_object('available', v_available,
                                                      'location', v_line ->> 'from')::text;
            END IF;
            v_first_src := coalesce(v_first_src, v_src);
            v_total := v_total + v_qty;
            v_lines := v_lines || jsonb_build_array(
                jsonb_build_object('source', v_line ->> 'from', 'quantity', v_qty));
        END LOOP;
        IF v_total > 1000000
           OR sp_json_int(p_proposal -> 'quantity', 'quantity', 1) <> v_total THEN
            RAISE EXCEPTION 'The transfer''s quantity (%) is not the sum of its lines (%).',
                p_proposal -> 'quantity', v_total USING ERRCODE = 'SP003';
        END IF;
        v_proposal := jsonb_build_object('quantity', v_total,
                                         'source', v_lines -> 0 ->> 'source',
                                         'destination', v_loc_code, 'lines', v_lines);
        v_value := v_total * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, source_location_id, quantity,
                                 value, proposal, numbers, reason, origin, requested_by, request)
        VALUES ('transfer', v_product.id, v_loc, v_first_src, v_total, v_value, v_proposal,
                v_numbers, v_reason, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSIF v_kind = 'adjustment' THEN
        v_loc := sp_location_id(p_proposal ->> 'location');
        v_loc_code := p_proposal ->> 'location';
        v_counted := sp_json_int(p_proposal -> 'counted', 'counted quantity', 0);
        v_note := sp_check_reason(CASE WHEN jsonb_typeof(p_proposal -> 'reason') = 'string'
                                       THEN p_proposal ->> 'reason' END);
        SELECT * INTO v_level FROM stock_levels
        WHERE product_id = v_product.id AND location_id = v_loc;
        IF v_counted < coalesce(v_level.reserved + v_level.committed + v_level.quarantine
                                + v_level.damaged, 0) THEN
            RAISE EXCEPTION 'A count of % is below the % units already held, sold, in quarantine or damaged at %.',
                v_counted, v_level.reserved + v_level.committed + v_level.quarantine
                           + v_level.damaged, v_loc_code
                USING ERRCODE = 'SP008',
                      HINT = 'Release holds or record the damage first, then count again.';
        END IF;
        v_proposal := jsonb_build_object('quantity', v_counted, 'counted', v_counted,
                                         'location', v_loc_code, 'reason', v_note,
                                         'on_hand', coalesce(v_level.on_hand, 0),
                                         'delta', v_counted - coalesce(v_level.on_hand, 0));
        v_value := abs(v_counted - coalesce(v_level.on_hand, 0)) * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, quantity, value, proposal,
                                 numbers, reason, origin, requested_by, request)
        VALUES ('adjustment', v_product.id, v_loc, v_counted, v_value, v_proposal, v_numbers,
                v_reason, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSIF v_kind = 'restock' THEN
        v_loc := sp_location_id(p_proposal ->> 'location');
        v_loc_code := p_proposal ->> 'location';
        v_qty := sp_json_int(p_proposal -> 'quantity', 'quantity', 1);
        IF v_qty % v_product.pack_size <> 0 THEN
            RAISE EXCEPTION '% is ordered in whole packs of %; % is not.', v_product.sku,
                v_product.pack_size, v_qty USING ERRCODE = 'SP009';
        END IF;
        -- Supplier and cost come from the catalogue, not from the client.
        v_proposal := jsonb_build_object('quantity', v_qty, 'supplier', v_product.supplier,
                                         'location', v_loc_code, 'unit_cost', v_product.cost,
                                         'packs', v_qty / v_product.pack_size);
        v_value := v_qty * v_product.cost;
        INSERT INTO suggestions (kind, product_id, location_id, quantity, value, proposal,
                                 numbers, reason, origin, requested_by, request)
        VALUES ('restock', v_product.id, v_loc, v_qty, v_value, v_proposal, v_numbers,
                v_reason, 'staff', session_user, v_request)
        RETURNING id INTO v_id;
        v_ids := v_ids || v_id;
        v_sum := v_value;

    ELSE -- promotion: one markdown per SKU
        IF jsonb_typeof(p_proposal -> 'lines') IS DISTINCT FROM 'array'
           OR jsonb_array_length(p_proposal -> 'lines') NOT BETWEEN 1 AND 500 THEN
            RAISE EXCEPTION 'A promotion needs from 1 to 500 SKU lines.' USING ERRCODE = 'SP009';
        END IF;
        BEGIN
            v_from := coalesce((p_proposal ->> 'effective_from')::date, current_date);
        EXCEPTION WHEN OTHERS THEN
            v_from := NULL;
        END;
        IF v_from IS NULL OR v_from < current_date THEN
            RAISE EXCEPTION 'The effective date must be a date (YYYY-MM-DD), today or later.'
                USING ERRCODE = 'SP009';
        END IF;
        SELECT * INTO v_cfg FROM agent_settings;
        v_n := jsonb_array_length(p_proposal -> 'lines');
        FOR v_line IN SELECT value FROM jsonb_array_elements(p_proposal -> 'lines') LOOP
            v_i := v_i + 1;
            IF jsonb_typeof(v_line) <> 'object' THEN
                RAISE EXCEPTION 'Each promotion line is an object {"sku", "discount_percent"}.'
                    USING ERRCODE = 'SP009';
            END IF;
            SELECT * INTO v_product FROM products WHERE id = sp_product_id(v_line ->> 'sku');
            IF v_product.sku = ANY (v_seen) THEN
                RAISE EXCEPTION '% appears twice in the promotion.', v_product.sku
                    USING ERRCODE = 'SP009';
            END IF;
            v_seen := v_seen || v_product.sku;
            IF jsonb_typeof(v_line -> 'discount_percent') IS DISTINCT FROM 'number'
               OR (v_line ->> 'discount_percent')::numeric NOT BETWEEN 1 AND 90 THEN
                RAISE EXCEPTION 'The discount for % is a percentage from 1 to 90 (got %).',
                    v_product.sku, coalesce(v_line ->> 'discount_percent', 'nothing')
                    USING ERRCODE = 'SP009';
            END IF;
            v_discount := (v_line ->> 'discount_percent')::numeric;
            v_new := sp_discounted_price(v_product.price, v_discount);
            IF v_new < v_product.cost * (1 + v_cfg.margin_floor) THEN
                RAISE EXCEPTION 'A markdown of % percent would price % at %, below the margin floor (cost % plus % percent).',
                    v_discount, v_product.sku, v_new, v_product.cost, v_cfg.margin_floor * 100
                    USING ERRCODE = 'SP009';
            END IF;
            v_proposal := jsonb_build_object('discount_pct', v_discount,
                                             'old_price', v_product.price, 'new_price', v_new,
                                             'effective_from', v_from);
            v_value := (v_product.price - v_new)
                       * coalesce((SELECT sum(available) FROM stock_levels
                                   WHERE product_id = v_product.id), 0);
            INSERT INTO suggestions (kind, product_id, value, proposal, numbers, reason, origin,
                                     requested_by, request)
            VALUES ('markdown', v_product.id, v_value, v_proposal,
                    v_numbers - 'lines' || jsonb_build_object('line', v_line),
                    format('%s: mark down %s%% (%s -> %s). ', v_product.sku, v_discount,
                           v_product.price, v_new) || v_reason,
                    'staff', session_user,
                    v_request || jsonb_build_object('part', v_i, 'parts', v_n))
            RETURNING id INTO v_id;
            v_ids := v_ids || v_id;
            v_sum := v_sum + v_value;
        END LOOP;
    END IF;

    INSERT INTO events (type, product_id, location_id, payload)
    SELECT CASE WHEN s.kind = 'markdown' THEN 'PriceAdjustmentSuggested'
                ELSE 'InventoryActionSuggested' END,
           s.product_id, s.location_id,
           jsonb_build_object('suggestion_id', s.id, 'kind', s.kind, 'status', 'pending',
                              'refreshed', false, 'priority', s.priority, 'origin', 'staff',
                              'requested_by', session_user, 'reader', p_reader)
    FROM suggestions s WHERE s.id = ANY (v_ids);

    RETURN jsonb_build_object('suggestion_ids', to_jsonb(v_ids), 'kind', v_kind,
                              'count', cardinality(v_ids), 'value', v_sum);
END
$$;

REVOKE ALL ON FUNCTION request_file(jsonb, text, text, jsonb, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION request_file(jsonb, text, text, jsonb, jsonb, text)
    TO stockpilot_clerk;
