-- StockPilot: the hold sweeper in short transactions.
--
-- endpoint_housekeeping() ended up to 5,000 lapsed holds in one transaction, holding the stock
-- row of every level it touched until it committed: measured on the bench data under a steady
-- stream of lapsing holds, 0.7 to 1.4 s, during which every hold group that needed one of those
-- levels waited (and with one group at a time, every hold behind it). Now one call ends at most
-- 100 (about 20 ms of row locks) and says whether more are due; the callers (the endpoint's
-- sweeper, the scheduled job: sweepLapsedHolds) call again at once, each call a transaction of
-- its own, so a hold waits for one short batch at most.

CREATE OR REPLACE FUNCTION endpoint_housekeeping() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c_batch constant integer := 100;
    v_expired integer;
    v_purged integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('stockpilot hold sweeper', 0)) THEN
        RETURN jsonb_build_object('ran', false);
    END IF;
    v_expired := hold_expire_sweep(c_batch);
    DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
    GET DIAGNOSTICS v_purged = ROW_COUNT;
    RETURN jsonb_build_object('ran', true, 'expired', v_expired, 'purged', v_purged,
                              'more', v_expired = c_batch);
END
$$;
