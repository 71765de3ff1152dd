-- The optional language model: the call log, explanations of suggestions, customer wordings.
-- The model decides nothing; without one the templates here are used.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

CREATE OR REPLACE FUNCTION llm_call_log(p_purpose text, p_model text, p_latency_ms integer,
                                        p_prompt_tokens integer, p_completion_tokens integer,
                                        p_outcome text, p_error text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_purpose IS NULL OR p_purpose !~ '^[a-z][a-z0-9_-]{0,39}$' THEN
        RAISE EXCEPTION 'A call''s purpose is a short lower-case name, not "%".',
            left(coalesce(p_purpose, ''), 50) USING ERRCODE = 'SP009';
    END IF;
    IF p_outcome IS NULL OR p_outcome NOT IN ('ok', 'not_configured', 'timeout', 'http_error',
                                               'network_error', 'bad_response') THEN
        RAISE EXCEPTION 'Unknown call outcome "%".', left(coalesce(p_outcome, ''), 50)
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO llm_calls (purpose, model, latency_ms, prompt_tokens, completion_tokens,
                           outcome, error)
    VALUES (p_purpose, left(coalesce(p_model, ''), 200), greatest(coalesce(p_latency_ms, 0), 0),
            greatest(coalesce(p_prompt_tokens, 0), 0),
            greatest(coalesce(p_completion_tokens, 0), 0), p_outcome,
            nullif(left(p_error, 1000), ''))
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION llm_call_log(text, text, integer, integer, integer, text, text)
    TO stockpilot_clerk;

-- The log keeps p_days of calls; the llm-calls-purge job trims it daily.
CREATE OR REPLACE FUNCTION llm_calls_purge(p_days integer) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH gone AS (
        DELETE FROM llm_calls WHERE at < now() - make_interval(days => greatest(p_days, 1))
        RETURNING 1)
    SELECT jsonb_build_object('purged', (SELECT count(*) FROM gone))
$$;
GRANT EXECUTE ON FUNCTION llm_calls_purge(integer) TO stockpilot_clerk;

-- Formats a figure from the numbers as the reasons do ("6.0", "12").
CREATE OR REPLACE FUNCTION sp_explanation_number(p_numbers jsonb, p_key text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(p_numbers -> p_key)
               WHEN 'number' THEN (p_numbers ->> p_key)
           END
$$;
GRANT EXECUTE ON FUNCTION sp_explanation_number(jsonb, text) TO stockpilot_clerk;

-- The deterministic explanation: the kind and the one or two figures that matter most.
CREATE OR REPLACE FUNCTION sp_explanation_template(p_kind text, p_numbers jsonb, p_reason text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_kind
        WHEN 'restock' THEN
            CASE WHEN sp_explanation_number(p_numbers, 'cover_days') IS NOT NULL THEN
                format('Restock: %s days of cover left, below the reorder point of %s.',
                       sp_explanation_number(p_numbers, 'cover_days'),
                       coalesce(sp_explanation_number(p_numbers, 'reorder_point'), '?'))
            ELSE
                format('Restock: %s available + %s incoming is below the reorder point of %s.',
                       coalesce(sp_explanation_number(p_numbers, 'available'), '?'),
                       coalesce(sp_explanation_number(p_numbers, 'incoming'), '?'),
                       coalesce(sp_explanation_number(p_numbers, 'reorder_point'), '?'))
            END
        WHEN 'purchase' THEN
            format('Purchase: %s line(s), %s of them running out before a delivery could arrive.',
                   coalesce(sp_explanation_number(p_numbers, 'lines'), '?'),
                   coalesce(sp_explanation_number(p_numbers, 'urgent_lines'), '0'))
        WHEN 'transfer' THEN
            format('Transfer: the source has %s weeks of cover, %s km away.',
                   coalesce(sp_explanation_number(p_numbers, 'source_cover_weeks'), '?'),
                   coalesce(sp_explanation_number(p_numbers, 'distance_km'), '?'))
        WHEN 'markdown' THEN
            CASE WHEN sp_explanation_number(p_numbers, 'cover_weeks') IS NOT NULL THEN
                format('Markdown: %s weeks of cover and %s%% sold in 28 days.',
                       sp_explanation_number(p_numbers, 'cover_weeks'),
                       coalesce(sp_explanation_number(p_numbers, 'sell_through_pct'), '?'))
            ELSE
                format('Markdown: %s in stock and no recent sales.',
                       coalesce(sp_explanation_number(p_numbers, 'available'), '?'))
            END
        WHEN 'audit' THEN
            format('Ledger audit: the stock level and the ledger disagree on %s figure(s).',
                   coalesce(jsonb_array_length(CASE jsonb_typeof(p_numbers -> 'figures')
                                                   WHEN 'array' THEN p_numbers -> 'figures' END),
                            0))
        -- Kinds added later: the first sentence of the rule's own reason.
        ELSE left(split_part(p_reason, '. ', 1), 200)
    END
$$;
GRANT EXECUTE ON FUNCTION sp_explanation_template(text, jsonb, text) TO stockpilot_clerk;

-- The explanation to show: the stored one if it was worded from the current numbers.
CREATE OR REPLACE VIEW suggestion_explanations AS
SELECT s.id AS suggestion_id,
       CASE WHEN s.explanation IS NOT NULL AND s.explanation_numbers = s.numbers
            THEN s.explanation
            ELSE sp_explanation_template(s.kind, s.numbers, s.reason) END AS explanation,
       CASE WHEN s.explanation IS NOT NULL AND s.explanation_numbers = s.numbers
            THEN s.explanation_source ELSE 'template' END AS explanation_source,
       CASE WHEN s.explanation_numbers = s.numbers THEN s.explanation_model END
           AS explanation_model,
       CASE WHEN s.explanation_numbers = s.numbers THEN s.explanation_note END
           AS explanation_note,
       CASE WHEN s.explanation_numbers = s.numbers THEN s.explained_at END AS explained_at
FROM suggestions s;
GRANT SELECT ON suggestion_explanations TO stockpilot_clerk;

-- Stores an explanation for the numbers it was worded from; nothing happens if the suggestion
-- was decided or its numbers changed meanwhile (the next run words the new ones).
CREATE OR REPLACE FUNCTION suggestion_explanation_set(p_id bigint, p_numbers jsonb, p_text text,
                                                      p_source text, p_model text, p_note text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_product integer;
    v_location smallint;
BEGIN
    IF p_source IS NULL OR p_source NOT IN ('llm', 'template') THEN
        RAISE EXCEPTION 'An explanation comes from "llm" or "template", not "%".',
            left(coalesce(p_source, ''), 20) USING ERRCODE = 'SP009';
    END IF;
    IF p_text IS NULL OR length(p_text) NOT BETWEEN 1 AND 300 OR p_text ~ '[\r\n]' THEN
        RAISE EXCEPTION 'An explanation is one line of 1 to 300 characters.'
            USING ERRCODE = 'SP009';
    END IF;
    UPDATE suggestions
    SET explanation = p_text, explanation_source = p_source, explanation_numbers = p_numbers,
        explanation_model = nullif(left(p_model, 200), ''),
        explanation_note = nullif(left(p_note, 500), ''), explained_at = now()
    WHERE id = p_id AND status = 'pending' AND numbers = p_numbers
    RETURNING product_id, location_id INTO v_product, v_location;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    -- Open inboxes show the new wording at once (a template changes nothing they show).
    IF p_source = 'llm' THEN
        INSERT INTO events (type, product_id, location_id, payload)
        VALUES ('SuggestionExplained', v_product, v_location,
                jsonb_build_object('suggestion_id', p_id, 'source', p_source));
    END IF;
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION suggestion_explanation_set(bigint, jsonb, text, text, text, text)
    TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION customer_wordings_current()
RETURNS TABLE (key text, template text, wording text, source text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.key, w.template, w.wording, w.source FROM customer_wordings w ORDER BY w.key
$$;
GRANT EXECUTE ON FUNCTION customer_wordings_current() TO stockpilot_clerk, stockpilot_endpoint;

CREATE OR REPLACE FUNCTION customer_wording_set(p_key text, p_template text, p_wording text,
                                                p_source text, p_model text, p_note text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_key IS NULL OR p_key !~ '^[a-z][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION 'Unknown message key "%".', left(coalesce(p_key, ''), 50)
            USING ERRCODE = 'SP009';
    END IF;
    IF p_source IS NULL OR p_source NOT IN ('llm', 'template') THEN
        RAISE EXCEPTION 'A wording comes from "llm" or "template", not "%".',
            left(coalesce(p_source, ''), 20) USING ERRCODE = 'SP009';
    END IF;
    IF p_wording IS NULL OR length(p_wording) NOT BETWEEN 1 AND 300 OR p_wording ~ '[\r\n]'
       OR p_template IS NULL OR length(p_template) > 300 THEN
        RAISE EXCEPTION 'A wording is one line of 1 to 300 characters.' USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO customer_wordings AS w (key, template, wording, source, model, note)
    VALUES (p_key, p_template, p_wording, p_source, nullif(left(p_model, 200), ''),
            nullif(left(p_note, 500), ''))
    ON CONFLICT (key) DO UPDATE
        SET template = EXCLUDED.template, wording = EXCLUDED.wording, source = EXCLUDED.source,
            model = EXCLUDED.model, note = EXCLUDED.note, created_at = now(),
            created_by = session_user;
END
$$;
GRANT EXECUTE ON FUNCTION customer_wording_set(text, text, text, text, text, text)
    TO stockpilot_clerk;
