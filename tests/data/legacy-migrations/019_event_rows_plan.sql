-- StockPilot: the desktops' event reads keep their plan.
--
-- Every desktop's event stream read the events table with one statement sent from the program
-- (rows after the last one read, and the rows of each open gap). PostgreSQL planned it again on
-- every call (a statement with parameters keeps its custom plans when the generic one looks no
-- cheaper): 0.4-1.6 ms of planning where running it for 40 new events took 0.2-0.5 ms. The relay
-- reads every 10 ms and every other desktop after each NOTIFY, so under the hold benchmark's 4,000
-- events a second the relay's backend used about 0.12 of the machine's two cores, and each open
-- desktop would have cost about as much again, beside the hold groups.
--
-- event_rows is that statement in PL/pgSQL, planned once per session, like endpoint_event_keys
-- (017): a generic plan without sequential scans or JIT, reading events by id only. It returns
-- the same rows in the same columns as endpoint_event_keys, with the time, payload and actor
-- that a desktop shows, and it runs as the caller: a clerk may read events, the endpoint's login
-- may not (it keeps endpoint_event_keys, which leaves those out).

CREATE FUNCTION event_rows(p_after bigint, p_lows bigint[], p_highs bigint[])
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
