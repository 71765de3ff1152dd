-- StockPilot: POST /hold in groups. The endpoint hands the holds for one stock level that
-- arrived while an earlier one for it ran to the database together: one call, one transaction,
-- one commit (and one WAL flush to wait for) for the group instead of one each, and the level's
-- row lock taken once per group instead of once per hold. A hot SKU gains most; holds of
-- different levels are not grouped.
--
-- Each hold of a group is still api_hold_create's, with its own idempotency record, ledger row
-- and event. The group is one transaction: if anything in it raises, nothing of it stays and
-- the endpoint runs each hold on its own, so a request never sees another's error.

-- The holds in the order every function locks stock rows (product, then location), so a group
-- cannot deadlock with another group, a cart checkout or the sweeper. Returns one row per hold,
-- by its position in the arrays (from 1). A NULL answer means "not done here": the hold looked
-- short of stock, and api_hold_create on its own will refuse it (or take it, if stock came
-- back meanwhile) with its alternatives, whose search would keep every other hold of the group
-- waiting on its row locks.
CREATE FUNCTION api_hold_create_group(p_callers text[], p_keys text[], p_fingerprints text[],
                                      p_skus text[], p_locations text[],
                                      p_quantities integer[], p_ttls integer[])
RETURNS TABLE (item integer, answer jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF cardinality(p_callers) > 1000 THEN
        RAISE EXCEPTION 'A group holds at most 1000 holds.' USING ERRCODE = 'SP009';
    END IF;
    FOR r IN
        SELECT i.*, p.id AS product_id, l.id AS location_id,
               s.available + coalesce(lapsed.units, 0) AS free_units
        FROM unnest(p_callers, p_keys, p_fingerprints, p_skus, p_locations, p_quantities, p_ttls)
             WITH ORDINALITY AS i (caller, key, fingerprint, sku, location, quantity, ttl, n)
        LEFT JOIN products p ON p.sku = i.sku
        LEFT JOIN LATERAL (
            SELECT id FROM locations
            WHERE CASE WHEN lower(i.location) = 'online' THEN kind = 'online'
                       ELSE code = i.location END
            ORDER BY sort_order, id LIMIT 1) l ON true
        LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id
        LEFT JOIN LATERAL (
            SELECT sum(h.quantity)::integer AS units FROM holds h
            WHERE h.product_id = p.id AND h.location_id = l.id AND h.status = 'active'
              AND h.expires_at <= now()) lapsed ON true
        ORDER BY p.id NULLS FIRST, l.id NULLS FIRST, i.n
    LOOP
        item := r.n;
        IF r.product_id IS NOT NULL AND r.location_id IS NOT NULL
           AND coalesce(r.free_units, 0) < r.quantity THEN
            answer := NULL;
        ELSE
            answer := api_hold_create(r.caller, r.key, r.fingerprint, r.sku, r.location,
                                      r.quantity, r.ttl);
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION api_hold_create_group(text[], text[], text[], text[], text[],
                                                integer[], integer[]) TO stockpilot_endpoint;
