-- StockPilot: autovacuum works through the tables of the hold path at a gentler pace.
--
-- Every hold updates a stock row and writes a hold, a ledger row, an event and an idempotency
-- record, so under a steady stream of holds autovacuum visits these tables about once a minute
-- (the dead stock and hold rows, the insert-driven vacuum of the others, their analyze). At its
-- default pace (a 2 ms pause per 200 cost units) it works in bursts, about half a second for
-- three of these tables, on a machine of two cores where one backend runs the hold groups one
-- after another: the groups in that half second slow down, and the holds waiting behind them
-- with them.
--
-- Measured under the hold benchmark's load (stockpilot-server, 64 wrk connections, each group's
-- database time logged) with a VACUUM ANALYZE of events, idempotency_keys and holds run 4 s into
-- the measured seconds at autovacuum's settings: with a 2 ms pause it took 403-619 ms, and the
-- groups meanwhile took 7-49 % longer at the median than the others of the run (p90 10.9-19.0
-- ms); with a 10 ms pause it took 966-1,120 ms, and the groups meanwhile -2 to +13 % (p90
-- 9.7-11.2 ms). A visit lasts twice as long and is hardly felt.
--
-- At this pace autovacuum still spends up to 20,000 cost units a second (200 per 10 ms, shared
-- by the workers at work): a page it dirties costs 20, and under that load these tables gain a
-- few hundred pages a second between them.

ALTER TABLE stock_levels SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE holds SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE stock_movements SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE events SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE idempotency_keys SET (autovacuum_vacuum_cost_delay = 10);
