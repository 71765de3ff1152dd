-- Supplier e-mail (migration 011): purchase orders as plain-text messages in mail_outbox, the
-- mailer's claim and results, and the admins' list, requeue and company name.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

-- A purchase order as its supplier reads it. Control characters in names become spaces, so a
-- name cannot break the layout, and the subject carries none (a header must not).
CREATE OR REPLACE FUNCTION sp_purchase_order_mail_text(p_po bigint, OUT subject text,
                                                       OUT body text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_company text;
    v_po record;
    v_lines text;
    v_row constant text := '%4s  %-12s %-26s %8s %10s %10s';
BEGIN
    SELECT company_name INTO v_company FROM agent_settings;
    SELECT po.id, regexp_replace(coalesce(po.supplier, '-'), '[[:cntrl:]]+', ' ', 'g') AS supplier,
           po.created_at, l.code,
           regexp_replace(l.name, '[[:cntrl:]]+', ' ', 'g') AS location_name,
           (SELECT sum(pl.quantity * pl.unit_cost) FROM purchase_order_lines pl
            WHERE pl.purchase_order_id = po.id) AS total
    INTO v_po
    FROM purchase_orders po JOIN locations l ON l.id = po.location_id
    WHERE po.id = p_po;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no purchase order %.', coalesce(p_po::text, '(none given)')
            USING ERRCODE = 'SP013', COLUMN = 'purchase_order';
    END IF;
    SELECT string_agg(format(v_row, pl.line_no, p.sku,
                             regexp_replace(p.name, '[[:cntrl:]]+', ' ', 'g'), pl.quantity,
                             pl.unit_cost, pl.quantity * pl.unit_cost),
                      E'\n' ORDER BY pl.line_no)
    INTO v_lines
    FROM purchase_order_lines pl JOIN products p ON p.id = pl.product_id
    WHERE pl.purchase_order_id = p_po;

    subject := format('Purchase order %s', p_po) || coalesce(' from ' || v_company, '');
    body := concat_ws(E'\n',
        format('Purchase order %s', p_po),
        '',
        CASE WHEN v_company IS NOT NULL THEN format('From:        %s', v_company) END,
        format('Supplier:    %s', v_po.supplier),
        format('Deliver to:  %s (%s)', v_po.location_name, v_po.code),
        format('Date:        %s', to_char(v_po.created_at, 'YYYY-MM-DD')),
        '',
        format(v_row, 'Line', 'SKU', 'Product', 'Quantity', 'Unit cost', 'Amount'),
        repeat('-', 76),
        v_lines,
        repeat('-', 76),
        format('%-66s %9s', 'Total', coalesce(v_po.total, 0)),
        '',
        format('Please quote purchase order %s on the delivery note and the invoice.', p_po),
        '');
END
$$;

-- Queues the order's message when its supplier has an e-mail address; called by
-- sp_purchase_order_create in its transaction. Returns how many were queued (0 or 1).
CREATE OR REPLACE FUNCTION sp_mail_purchase_order(p_po bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO mail_outbox (purchase_order_id, recipient, recipient_name, subject, body)
    SELECT p_po, s.email, regexp_replace(s.name, '[[:cntrl:]]+', ' ', 'g'), t.subject, t.body
    FROM purchase_orders po
    JOIN suppliers s ON s.name = po.supplier
    CROSS JOIN sp_purchase_order_mail_text(p_po) t
    WHERE po.id = p_po AND s.email IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- The mailer takes due messages with a lease (next_attempt_at moves forward), so several
-- instances never send the same message at once.
CREATE OR REPLACE FUNCTION mail_claim(p_limit integer, p_lease_seconds integer)
RETURNS TABLE (id bigint, purchase_order_id bigint, recipient text, recipient_name text,
               subject text, body text, attempts integer, created_at timestamptz)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH due AS (
        SELECT o.id FROM mail_outbox o
        WHERE o.status = 'pending' AND o.next_attempt_at <= clock_timestamp()
        ORDER BY o.next_attempt_at, o.id
        LIMIT greatest(p_limit, 0)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE mail_outbox o
        SET next_attempt_at = clock_timestamp() + make_interval(secs => greatest(p_lease_seconds, 1))
        FROM due WHERE o.id = due.id
        RETURNING o.id, o.purchase_order_id, o.recipient, o.recipient_name, o.subject, o.body,
                  o.attempts, o.created_at
    )
    SELECT * FROM claimed ORDER BY id
$$;
GRANT EXECUTE ON FUNCTION mail_claim(integer, integer) TO stockpilot_admin;

-- Records an attempt: sent, or tried again later with exponential back-off, or after the
-- maximum number of attempts (at once when p_permanent: an address no relay could take) moved
-- to the dead-letter state, with a notification for admins.
CREATE OR REPLACE FUNCTION mail_result(p_id bigint, p_ok boolean, p_error text,
                                       p_permanent boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_cfg agent_settings;
    v_item mail_outbox;
BEGIN
    SELECT * INTO v_cfg FROM agent_settings;
    SELECT * INTO v_item FROM mail_outbox WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR v_item.status <> 'pending' THEN
        RETURN coalesce(v_item.status, 'unknown');
    END IF;
    IF p_ok THEN
        UPDATE mail_outbox
        SET status = 'sent', attempts = attempts + 1, sent_at = clock_timestamp(),
            last_error = NULL
        WHERE id = p_id;
        RETURN 'sent';
    END IF;
    IF v_item.attempts + 1 >= v_cfg.mail_max_attempts OR coalesce(p_permanent, false) THEN
        UPDATE mail_outbox SET status = 'dead', attempts = attempts + 1, last_error = p_error
        WHERE id = p_id;
        INSERT INTO events (type, payload)
        VALUES ('MailDeadLettered',
                jsonb_build_object('mail_id', p_id, 'purchase_order_id', v_item.purchase_order_id,
                                   'recipient', v_item.recipient,
                                   'attempts', v_item.attempts + 1, 'error', p_error));
        INSERT INTO notifications (kind, priority, title, body, audience)
        VALUES ('mail_dead', 3, 'An e-mail to a supplier could not be sent',
                format('E-mail %s (purchase order %s to %s) failed %s times; last error: %s',
                       p_id, coalesce(v_item.purchase_order_id::text, '-'), v_item.recipient,
                       v_item.attempts + 1, p_error),
                'stockpilot_admin');
        RETURN 'dead';
    END IF;
    UPDATE mail_outbox
    SET attempts = attempts + 1, last_error = p_error,
        next_attempt_at = clock_timestamp() + make_interval(
            secs => least(3600, v_cfg.mail_backoff_seconds * power(2, v_item.attempts))::float8)
    WHERE id = p_id;
    RETURN 'retry';
END
$$;
GRANT EXECUTE ON FUNCTION mail_result(bigint, boolean, text, boolean) TO stockpilot_admin;

-- The outbox for admins, newest first; p_status NULL for every status.
CREATE OR REPLACE FUNCTION mail_list(p_status text DEFAULT NULL, p_limit integer DEFAULT 500)
RETURNS TABLE (id bigint, purchase_order_id bigint, recipient text, subject text, status text,
               attempts integer, next_attempt_at timestamptz, last_error text,
               created_at timestamptz, sent_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_status IS NOT NULL AND p_status NOT IN ('pending', 'sent', 'dead') THEN
        RAISE EXCEPTION 'The status is pending, sent or dead (got "%").', p_status
            USING ERRCODE = 'SP009', COLUMN = 'status';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'The limit is a whole number from 1 to 100000 (got %).',
            coalesce(p_limit::text, 'nothing')
            USING ERRCODE = 'SP009', COLUMN = 'limit';
    END IF;
    RETURN QUERY
    SELECT o.id, o.purchase_order_id, o.recipient, o.subject, o.status, o.attempts,
           o.next_attempt_at, o.last_error, o.created_at, o.sent_at
    FROM mail_outbox o
    WHERE p_status IS NULL OR o.status = p_status
    ORDER BY o.id DESC
    LIMIT p_limit;
END
$$;
GRANT EXECUTE ON FUNCTION mail_list(text, integer) TO stockpilot_admin;

-- A dead message sent again: pending, no attempts, due now (MailRequeued).
CREATE OR REPLACE FUNCTION mail_requeue(p_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_status text;
BEGIN
    SELECT status INTO v_status FROM mail_outbox WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no e-mail %.', coalesce(p_id::text, '(none given)')
            USING ERRCODE = 'SP009', COLUMN = 'id';
    END IF;
    IF v_status <> 'dead' THEN
        RAISE EXCEPTION 'E-mail % is %, not dead: only dead e-mails are queued again.', p_id,
            v_status
            USING ERRCODE = 'SP009', COLUMN = 'id';
    END IF;
    UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE id = p_id;
    INSERT INTO events (type, payload) VALUES ('MailRequeued', jsonb_build_object('mail_id', p_id));
END
$$;
GRANT EXECUTE ON FUNCTION mail_requeue(bigint) TO stockpilot_admin;

-- The name suppliers see in the subject and the body of new messages; NULL or blank for none.
CREATE OR REPLACE FUNCTION mail_company_set(p_name text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_name text := nullif(btrim(p_name), '');
BEGIN
    IF length(v_name) > 200 OR v_name ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'The company name is at most 200 characters on one line (got "%").',
            left(v_name, 60) || CASE WHEN length(v_name) > 60 THEN '...' ELSE '' END
            USING ERRCODE = 'SP009', COLUMN = 'company_name';
    END IF;
    UPDATE agent_settings SET company_name = v_name;
    RETURN v_name;
END
$$;
GRANT EXECUTE ON FUNCTION mail_company_set(text) TO stockpilot_admin;
