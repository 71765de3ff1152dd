-- StockPilot: the endpoint's event reads keep their plan.
--
-- The endpoint's event stream reads the events table through endpoint_event_keys (007), every
-- 10 ms while it is the relay and after every NOTIFY otherwise. The function was written in SQL,
-- and PostgreSQL parses and plans the body of a SQL function that is not inlined (this one runs
-- as its definer, so it never is) on every call: 0.40-0.48 ms a call on the bench data, where the
-- statement itself takes under 0.1 ms. At about 115 reads a second during the hold benchmark that
-- was 0.05-0.09 cores of a two-core machine, taken beside the hold groups.
--
-- The same statement in PL/pgSQL is planned once per session: 68-88 us a call. Its plan is
-- generic and made without sequential scans or JIT compilation, whatever the arguments: it reads
-- events by id, the first rows after p_after and the rows of each open gap, and only the
-- primary key serves that. (The planner guesses a range of unknown bounds at thousands of rows,
-- so a plan made for them could otherwise read the table whole or compile itself.) The result is
-- the same, row for row.

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
