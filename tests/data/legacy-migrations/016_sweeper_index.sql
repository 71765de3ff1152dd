-- StockPilot: lookups of holds that no set of statistics can send through the wrong index.
--
-- Plans of the hold path are made once per session, and in a new database they are made while
-- holds is empty. The planner then believes every partial index of holds empty until the next
-- analyze of the table, however many entries it has by then: reading one of them whole costs, in
-- its eyes, as little as looking up one entry of it. Measured on the bench data in a new
-- database, groups of 32 went from 5 ms to 35 ms within seven seconds, as the holds piled up,
-- until an automatic analyze replaced the plans. Two lookups went wrong that way:
--
-- - A hold group's check for lapsed holds took the expiry index (status = 'active', by expiry),
--   which the sweeper reads in order, instead of the level index (same predicate, by product,
--   location and expiry), and read every active hold of every level, once per level of the
--   group. No cost setting makes the planner prefer one of two indexes it believes empty. So
--   the expiry index now covers the holds not yet ended (ended_at IS NULL): a lookup of a level
--   says status = 'active', which does not imply that predicate, and the level index is the
--   only index it can use. The sweeper and the desktop's list of live holds say ended_at IS NULL
--   and read the new index in order. A constraint keeps the two conditions the same: a hold is
--   active exactly while it has not ended (every function that ends a hold sets ended_at, and
--   an active hold with an end time would never be swept).
-- - Ending a level's lapsed holds (sp_expire_level) updated them by id with a check of their
--   status, and the plan read the whole level index to find them. The update now also names
--   their level and expiry, so any index it can use holds only them.
--
-- The sweeper's update names nothing but the ids: its rows are those it has just locked (FOR
-- UPDATE checked that they are still active), and any condition on status or expiry would again
-- let the planner read a partial index whole.

ALTER TABLE holds ADD CONSTRAINT holds_ended_check CHECK ((status = 'active') = (ended_at IS NULL));

CREATE INDEX holds_unended_expiry_idx ON holds (expires_at) WHERE ended_at IS NULL;
DROP INDEX holds_active_expiry_idx;

-- As in 003, with the lapsed holds found through the new index and updated by id alone.
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

-- As in 003, with the update naming the level and expiry of the holds it ends.
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
