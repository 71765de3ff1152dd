-- StockPilot baseline, part 5: the optional language model's tables (the call log and the
-- cached customer wordings) and its jobs. What the model writes is checked by the program before
-- it is stored and only ever shown next to the deterministic text it rewords.

-- --------------------------------------------------------------------------------------------
-- Call log: one row per call, whatever its outcome. Written through llm_call_log() only, so
-- "who" is the login that made the call and cannot be claimed by the caller.

CREATE TABLE llm_calls (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                timestamptz NOT NULL DEFAULT clock_timestamp(),
    purpose           text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9_-]{0,39}$'),
    model             text NOT NULL DEFAULT '' CHECK (length(model) <= 200),
    latency_ms        integer NOT NULL CHECK (latency_ms >= 0),
    prompt_tokens     integer NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens integer NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    outcome           text NOT NULL CHECK (outcome IN ('ok', 'not_configured', 'timeout',
                                                       'http_error', 'network_error',
                                                       'bad_response')),
    error             text CHECK (length(error) <= 1000),
    who               text NOT NULL DEFAULT session_user
);

CREATE INDEX llm_calls_at_idx ON llm_calls (at DESC);

-- --------------------------------------------------------------------------------------------
-- Customer messages: the endpoint's built-in message templates ("only {count} left") reworded
-- by the model once, checked (placeholders kept exactly, no other numbers, plain text, short)
-- and cached here. The endpoint reads them through customer_wordings_current() on a timer,
-- never while answering a request, and checks them again before use. A wording counts only
-- for the template text it was made from.

CREATE TABLE customer_wordings (
    key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    template   text NOT NULL CHECK (length(template) <= 300),
    wording    text NOT NULL CHECK (length(wording) BETWEEN 1 AND 300 AND wording !~ '[\r\n]'),
    source     text NOT NULL CHECK (source IN ('llm', 'template')),
    model      text,
    note       text, -- why the model's wording was not used
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT session_user
);

INSERT INTO job_schedule (name, interval_seconds) VALUES
    ('suggestion-explanations', 300),
    ('customer-wording', 86400),
    ('llm-calls-purge', 86400)
ON CONFLICT (name) DO NOTHING;

-- --------------------------------------------------------------------------------------------
-- Privileges. Every staff member logs the calls they make; the log itself is for managers. The
-- endpoint only reads the cached wordings (through customer_wordings_current()).

REVOKE ALL ON llm_calls, customer_wordings FROM PUBLIC;
GRANT SELECT ON llm_calls TO stockpilot_manager;
GRANT SELECT ON customer_wordings TO stockpilot_clerk;
