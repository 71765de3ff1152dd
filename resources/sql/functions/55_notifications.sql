-- Staff notifications and the webhook outbox.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- The signed-in person's notifications, filtered by their preferences (defaults: every kind,
-- normal priority and above).
CREATE OR REPLACE VIEW my_notifications WITH (security_barrier) AS
SELECT n.id, n.created_at, n.kind, n.priority, n.title, n.body, n.product_id, n.location_id,
       n.suggestion_id, r.read_at IS NOT NULL AS is_read
FROM notifications n
LEFT JOIN notification_prefs p ON p.username = session_user
LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.username = session_user
WHERE pg_has_role(session_user, n.audience, 'MEMBER')
  AND n.kind = ANY (coalesce(p.kinds, ARRAY['low_stock', 'overstock', 'audit',
                                            'execution_failed', 'webhook_dead', 'mail_dead']))
  AND n.priority >= coalesce(p.min_priority, 2);
GRANT SELECT ON my_notifications TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION notification_prefs_set(p_kinds text[], p_min_priority integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_min_priority IS NULL OR p_min_priority NOT BETWEEN 1 AND 3 THEN
        RAISE EXCEPTION 'The minimum priority is 1 (low), 2 (normal) or 3 (high).'
            USING ERRCODE = 'SP009';
    END IF;
    IF p_kinds IS NULL OR NOT p_kinds <@ ARRAY['low_stock', 'overstock', 'audit',
                                                'execution_failed', 'webhook_dead',
                                                'mail_dead'] THEN
        RAISE EXCEPTION 'Unknown notification kind in %.', coalesce(p_kinds::text, 'nothing')
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO notification_prefs (username, kinds, min_priority)
    VALUES (session_user, p_kinds, p_min_priority)
    ON CONFLICT (username) DO UPDATE
        SET kinds = EXCLUDED.kinds, min_priority = EXCLUDED.min_priority, updated_at = now();
END
$$;
GRANT EXECUTE ON FUNCTION notification_prefs_set(text[], integer) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION notification_prefs_get(OUT kinds text[], OUT min_priority smallint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(p.kinds, ARRAY['low_stock', 'overstock', 'audit', 'execution_failed',
                                   'webhook_dead', 'mail_dead']),
           coalesce(p.min_priority, 2::smallint)
    FROM (SELECT) dummy
    LEFT JOIN notification_prefs p ON p.username = session_user
$$;
GRANT EXECUTE ON FUNCTION notification_prefs_get() TO stockpilot_clerk;

-- Marks notifications read for the signed-in person (all of theirs when p_ids is NULL).
CREATE OR REPLACE FUNCTION notifications_mark_read(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO notification_reads (notification_id, username)
    SELECT id, session_user FROM my_notifications
    WHERE NOT is_read AND (p_ids IS NULL OR id = ANY (p_ids))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION notifications_mark_read(bigint[]) TO stockpilot_clerk;

CREATE OR REPLACE FUNCTION webhook_enqueue(p_type text, p_data jsonb, p_supplier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO webhook_outbox (endpoint_id, event_type, body)
    SELECT e.id, p_type,
           jsonb_build_object('type', p_type, 'created_at', now(), 'data', p_data)::text
    FROM webhook_endpoints e
    WHERE e.active AND p_type = ANY (e.event_types)
      AND (e.supplier IS NULL OR e.supplier = p_supplier);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

CREATE OR REPLACE FUNCTION webhook_endpoint_add(p_name text, p_url text, p_secret text,
                                                p_event_types text[] DEFAULT ARRAY['PurchaseOrderCreated'],
                                                p_supplier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id integer;
BEGIN
    IF p_url IS NULL OR p_url !~ '^https?://' THEN
        RAISE EXCEPTION 'A webhook URL starts with http:// or https:// (got "%").',
            coalesce(p_url, '') USING ERRCODE = 'SP009';
    END IF;
    IF p_secret IS NULL OR length(p_secret) < 16 THEN
        RAISE EXCEPTION 'A webhook secret has at least 16 characters.' USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO webhook_endpoints (name, url, secret, event_types, supplier)
    VALUES (p_name, p_url, p_secret, p_event_types, p_supplier)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION webhook_endpoint_add(text, text, text, text[], text) TO stockpilot_admin;

-- The deliverer takes due items with a lease (next_attempt_at moves forward), so several
-- instances never send the same item at once.
CREATE OR REPLACE FUNCTION webhook_claim(p_limit integer, p_lease_seconds integer)
RETURNS TABLE (id bigint, url text, secret text, event_type text, body text, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH due AS (
        SELECT o.id FROM webhook_outbox o
        WHERE o.status = 'pending' AND o.next_attempt_at <= clock_timestamp()
        ORDER BY o.next_attempt_at, o.id
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE webhook_outbox o
        SET next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_seconds)
        FROM due WHERE o.id = due.id
        RETURNING o.id, o.endpoint_id, o.event_type, o.body, o.attempts
    )
    SELECT c.id, e.url, e.secret, c.event_type, c.body, c.attempts
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id
    ORDER BY c.id
$$;
GRANT EXECUTE ON FUNCTION webhook_claim(integer, integer) TO stockpilot_admin;

-- Records an attempt: delivered, or retried later with exponential back-off, or after the
-- maximum number of attempts moved to the dead-letter state for admins to look at.
CREATE OR REPLACE FUNCTION webhook_result(p_id bigint, p_ok boolean, p_http_status integer, p_error text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cfg agent_settings;
    v_item webhook_outbox;
BEGIN
    SELECT * INTO v_cfg FROM agent_settings;
    SELECT * INTO v_item FROM webhook_outbox WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR v_item.status <> 'pending' THEN
        RETURN coalesce(v_item.status, 'unknown');
    END IF;
    IF p_ok THEN
        UPDATE webhook_outbox
        SET status = 'delivered', attempts = attempts + 1, delivered_at = clock_timestamp(),
            last_status = p_http_status, last_error = NULL
        WHERE id = p_id;
        RETURN 'delivered';
    END IF;
    IF v_item.attempts + 1 >= v_cfg.webhook_max_attempts THEN
        UPDATE webhook_outbox
        SET status = 'dead', attempts = attempts + 1, last_status = p_http_status,
            last_error = p_error
        WHERE id = p_id;
        INSERT INTO events (type, payload)
        VALUES ('WebhookDeadLettered',
                jsonb_build_object('outbox_id', p_id, 'event_type', v_item.event_type,
                                   'attempts', v_item.attempts + 1, 'error', p_error));
        INSERT INTO notifications (kind, priority, title, body, audience)
        VALUES ('webhook_dead', 3, 'A webhook could not be delivered',
                format('Outbox item %s (%s) failed %s times; last error: %s', p_id,
                       v_item.event_type, v_item.attempts + 1, p_error),
                'stockpilot_admin');
        RETURN 'dead';
    END IF;
    UPDATE webhook_outbox
    SET attempts = attempts + 1, last_status = p_http_status, last_error = p_error,
        next_attempt_at = clock_timestamp() + make_interval(
            secs => least(3600, v_cfg.webhook_backoff_seconds * power(2, v_item.attempts))::float8)
    WHERE id = p_id;
    RETURN 'retry';
END
$$;
GRANT EXECUTE ON FUNCTION webhook_result(bigint, boolean, integer, text) TO stockpilot_admin;

-- A dead letter sent again leaves the admins' list everywhere (WebhookRequeued).
CREATE OR REPLACE FUNCTION webhook_requeue(p_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE id = p_id AND status = 'dead';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Outbox item % is not in the dead-letter list.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP009';
    END IF;
    INSERT INTO events (type, payload)
    VALUES ('WebhookRequeued', jsonb_build_object('outbox_id', p_id));
END
$$;
GRANT EXECUTE ON FUNCTION webhook_requeue(bigint) TO stockpilot_admin;
