-- Events: drawing their ids, and the reads of the desktops' and the endpoint's event streams.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- Readers keep gaps in event ids open until every transaction that could own them has ended;
-- that is exact only if a transaction has its xid before it draws an id.
CREATE OR REPLACE FUNCTION sp_next_event_id() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('events_id_seq');
END
$$;
-- The table is made by 002_catalog_and_stock.sql; its default needs the function. Set only when
-- missing, so that applying this file again takes no lock on a table every change writes.
DO $$
BEGIN
    IF (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'events'::regclass AND a.attname = 'id')
       IS DISTINCT FROM 'sp_next_event_id()' THEN
        ALTER TABLE events ALTER COLUMN id SET DEFAULT sp_next_event_id();
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION sp_emit_inventory_event(p_product integer, p_location smallint, p_reason text,
                                                   p_extra jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_level jsonb := sp_level_json(p_product, p_location);
BEGIN
    INSERT INTO events (type, product_id, location_id, payload)
    VALUES ('InventoryUpdate', p_product, p_location,
            v_level || jsonb_build_object('reason', p_reason) || p_extra);
    RETURN v_level;
END
$$;

-- The endpoint's only view of events: which products changed, never the payloads.
CREATE OR REPLACE FUNCTION endpoint_event_max() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(max(id), 0) FROM events
$$;
GRANT EXECUTE ON FUNCTION endpoint_event_max() TO stockpilot_endpoint;

CREATE OR REPLACE FUNCTION endpoint_event_ids(p_low bigint, p_high bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM events WHERE id BETWEEN p_low AND p_high
$$;
GRANT EXECUTE ON FUNCTION endpoint_event_ids(bigint, bigint) TO stockpilot_endpoint;

-- The endpoint's event reads, in PL/pgSQL so they are planned once per session (a SQL function
-- running as its definer is planned on every call); by id only, no seqscans or JIT.
CREATE OR REPLACE FUNCTION endpoint_event_keys(p_after bigint, p_lows bigint[], p_highs bigint[])
RETURNS TABLE (id bigint, at_ms bigint, type text, product_id integer, location_id integer,
               payload text, actor text, snapshot_xmin text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH snap AS (SELECT pg_current_snapshot() AS s),
    fresh AS (SELECT e.id, e.type, e.product_id, e.location_id FROM events e
              WHERE e.id > p_after ORDER BY e.id LIMIT 5000),
    late AS (SELECT e.id, e.type, e.product_id, e.location_id
             FROM unnest(p_lows, p_highs) AS g (lo, hi)
             JOIN events e ON e.id BETWEEN g.lo AND g.hi AND e.id <= p_after),
    found AS (SELECT * FROM fresh UNION ALL SELECT * FROM late)
    SELECT f.id, 0::bigint, f.type, coalesce(f.product_id, 0), coalesce(f.location_id, 0)::integer,
           '{}'::text, ''::text, pg_snapshot_xmin(snap.s)::text
    FROM snap LEFT JOIN found f ON true ORDER BY f.id;
END
$$;
GRANT EXECUTE ON FUNCTION endpoint_event_keys(bigint, bigint[], bigint[]) TO stockpilot_endpoint;

-- The desktops' event reads (rows after the last one read and those of each open gap), planned
-- once per session; runs as the caller, so the endpoint's login cannot use it.
CREATE OR REPLACE FUNCTION event_rows(p_after bigint, p_lows bigint[], p_highs bigint[])
RETURNS TABLE (id bigint, at_ms bigint, type text, product_id integer, location_id integer,
                          payload text, actor text, snapshot_xmin text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH snap AS (SELECT pg_current_snapshot() AS s),
    fresh AS (SELECT e.id, e.at, e.type, e.product_id, e.location_id, e.payload, e.actor
              FROM events e WHERE e.id > p_after ORDER BY e.id LIMIT 5000),
    late AS (SELECT e.id, e.at, e.type, e.product_id, e.location_id, e.payload, e.actor
             FROM unnest(p_lows, p_highs) AS g (lo, hi)
             JOIN events e ON e.id BETWEEN g.lo AND g.hi AND e.id <= p_after),
    found AS (SELECT * FROM fresh UNION ALL SELECT * FROM late)
    SELECT f.id, (extract(epoch FROM f.at) * 1000)::bigint, f.type, coalesce(f.product_id, 0),
           coalesce(f.location_id, 0)::integer, f.payload::text, f.actor,
           pg_snapshot_xmin(snap.s)::text
    FROM snap LEFT JOIN found f ON true ORDER BY f.id;
END
$$;
GRANT EXECUTE ON FUNCTION event_rows(bigint, bigint[], bigint[]) TO stockpilot_clerk;
