-- The scheduler: intervals shared by every instance, one row per run, the Jobs page.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- Registers a job with its default interval (a no-op when it exists). Called by every instance
-- at start, so a job added by a later version appears in the shared schedule by itself.
CREATE OR REPLACE FUNCTION job_schedule_ensure(p_name text, p_default_seconds integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_interval integer;
BEGIN
    INSERT INTO job_schedule (name, interval_seconds) VALUES (p_name, p_default_seconds)
    ON CONFLICT (name) DO NOTHING;
    SELECT interval_seconds INTO v_interval FROM job_schedule WHERE name = p_name;
    RETURN v_interval;
END
$$;
GRANT EXECUTE ON FUNCTION job_schedule_ensure(text, integer) TO stockpilot_clerk;

-- Intervals set from the Jobs page; every instance hears of it (JobScheduleChanged).
CREATE OR REPLACE FUNCTION job_schedule_set(p_name text, p_interval_seconds integer,
                                            p_enabled boolean DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_job job_schedule;
BEGIN
    IF p_interval_seconds IS NULL OR p_interval_seconds <= 0 THEN
        RAISE EXCEPTION 'The interval must be at least one second (got %).',
            coalesce(p_interval_seconds::text, 'nothing')
            USING ERRCODE = 'SP009';
    END IF;
    UPDATE job_schedule
    SET interval_seconds = p_interval_seconds, enabled = coalesce(p_enabled, enabled),
        updated_at = now(), updated_by = session_user
    WHERE name = p_name
    RETURNING * INTO v_job;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no job "%".', coalesce(p_name, '') USING ERRCODE = 'SP012';
    END IF;
    INSERT INTO events (type, payload)
    VALUES ('JobScheduleChanged',
            jsonb_build_object('job', v_job.name, 'interval_seconds', v_job.interval_seconds,
                               'enabled', v_job.enabled));
END
$$;
GRANT EXECUTE ON FUNCTION job_schedule_set(text, integer, boolean) TO stockpilot_manager;

-- Called with the job's advisory lock held: the new run's id, or NULL when the job ran (or was
-- disabled) within its interval. A run left 'running' is a crashed instance's.
CREATE OR REPLACE FUNCTION job_run_begin(p_name text, p_instance text, p_manual boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_job job_schedule;
    v_last timestamptz;
    v_id bigint;
BEGIN
    SELECT * INTO v_job FROM job_schedule WHERE name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no job "%".', coalesce(p_name, '') USING ERRCODE = 'SP012';
    END IF;
    UPDATE job_runs SET outcome = 'failed', finished_at = clock_timestamp(),
                        error = 'The instance stopped during the run.'
    WHERE job = p_name AND outcome = 'running';
    IF NOT p_manual THEN
        IF NOT v_job.enabled THEN
            RETURN NULL;
        END IF;
        SELECT max(started_at) INTO v_last FROM job_runs WHERE job = p_name AND outcome = 'ok';
        IF v_last IS NOT NULL
           AND v_last + make_interval(secs => v_job.interval_seconds) > clock_timestamp() THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO job_runs (job, instance, manual) VALUES (p_name, p_instance, p_manual)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION job_run_begin(text, text, boolean) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION job_run_finish(p_run bigint, p_outcome text, p_counts jsonb, p_error text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_run job_runs;
    v_interval integer;
BEGIN
    UPDATE job_runs
    SET finished_at = clock_timestamp(), outcome = p_outcome,
        counts = coalesce(p_counts, '{}'), error = p_error
    WHERE id = p_run AND outcome = 'running'
    RETURNING * INTO v_run;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT interval_seconds INTO v_interval FROM job_schedule WHERE name = v_run.job;
    -- Jobs that run every few seconds only leave an event when something went wrong or was
    -- done, so the event log is not flooded by a sweeper finding nothing.
    IF v_interval >= 60 OR p_outcome <> 'ok' OR EXISTS (
           SELECT FROM jsonb_each(v_run.counts) c
           WHERE jsonb_typeof(c.value) = 'number' AND c.value::text::numeric <> 0) THEN
        INSERT INTO events (type, payload)
        VALUES ('JobRunFinished',
                jsonb_build_object('run_id', v_run.id, 'job', v_run.job, 'outcome', p_outcome,
                                   'counts', v_run.counts, 'error', p_error,
                                   'instance', v_run.instance));
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION job_run_finish(bigint, text, jsonb, text) TO stockpilot_clerk;

-- Records a run that did not happen (another instance held the lock) so that a person who
-- pressed "Run now" sees why.
CREATE OR REPLACE FUNCTION job_run_skipped(p_name text, p_instance text, p_why text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO job_runs (job, instance, manual, outcome, finished_at, error)
    VALUES (p_name, p_instance, true, 'skipped', clock_timestamp(), p_why)
    RETURNING id
$$;
GRANT EXECUTE ON FUNCTION job_run_skipped(text, text, text) TO stockpilot_clerk;

-- The Jobs page: every job with its last run and when it is next due.
CREATE OR REPLACE VIEW job_overview AS
SELECT s.name, s.interval_seconds, s.enabled,
       r.id AS last_run_id, r.started_at AS last_started_at, r.finished_at AS last_finished_at,
       r.outcome AS last_outcome, r.counts AS last_counts, r.error AS last_error,
       r.instance AS last_instance,
       ok.started_at AS last_ok_at,
       CASE WHEN NOT s.enabled THEN NULL
            WHEN ok.started_at IS NULL THEN now()
            ELSE greatest(now(), ok.started_at + make_interval(secs => s.interval_seconds))
       END AS next_due_at
FROM job_schedule s
LEFT JOIN LATERAL (SELECT * FROM job_runs j WHERE j.job = s.name
                   ORDER BY j.started_at DESC, j.id DESC LIMIT 1) r ON true
LEFT JOIN LATERAL (SELECT j.started_at FROM job_runs j WHERE j.job = s.name AND j.outcome = 'ok'
                   ORDER BY j.started_at DESC LIMIT 1) ok ON true;
GRANT SELECT ON job_overview TO stockpilot_clerk;
