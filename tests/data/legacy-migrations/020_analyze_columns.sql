-- StockPilot: ANALYZE leaves out the columns that no query filters, joins or sorts on.
--
-- Under a steady stream of holds, events and idempotency_keys grow by thousands of rows a
-- second, and autovacuum analyzes each of them about once a minute, on one of the two cores
-- the hold groups and the endpoint share. Most of that time went to statistics of the JSON
-- documents and the request fingerprints: sorting 30,000 sampled jsonb values to find their
-- most common ones and histogram, for columns that are only ever written and read back whole.
-- Measured on the bench data after a hold run (about 50,000 rows each), ANALYZE of events took
-- 245-278 ms and 112-137 ms without payload; of idempotency_keys 229-326 ms and 116-122 ms
-- without response and fingerprint.
--
-- The planner has no use for them: events are read by id (the event streams, the Event log page)
-- and filtered by type, product and time (the Event log page), idempotency records read by their
-- primary key and purged by created_at. A query that one day filters on one of these columns
-- gets the planner's default estimates until this is undone with SET STATISTICS -1.

ALTER TABLE events ALTER COLUMN payload SET STATISTICS 0;
ALTER TABLE idempotency_keys
    ALTER COLUMN response SET STATISTICS 0,
    ALTER COLUMN fingerprint SET STATISTICS 0;
