-- Supplier e-mail: a purchase order for a supplier with an e-mail address is also queued as a
-- plain-text message, which the mailer (services/notify/mailer.cpp) sends through the SMTP relay
-- of the settings, retrying with back-off and dead-lettering for admins like the webhook outbox.
-- The functions are in functions/57_mail.sql.

CREATE TABLE mail_outbox (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purchase_order_id bigint REFERENCES purchase_orders (id),
    -- The address as the supplier row had it when the message was queued (its check, so that
    -- no purchase order fails on it; the mailer refuses what a relay could not take).
    recipient         text NOT NULL
                          CHECK (recipient ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    recipient_name    text CHECK (recipient_name !~ '[[:cntrl:]]'),
    subject           text NOT NULL CHECK (length(subject) BETWEEN 1 AND 900
                                           AND subject !~ '[[:cntrl:]]'),
    body              text NOT NULL,
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    sent_at           timestamptz,
    CONSTRAINT mail_outbox_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_purchase_order_idx ON mail_outbox (purchase_order_id);

-- Retries as for webhooks, slower: a relay that is down is usually down for a while. The
-- company's name is what suppliers see in the subject ("Purchase order 12 from ...").
ALTER TABLE agent_settings
    ADD COLUMN mail_backoff_seconds numeric NOT NULL DEFAULT 60 CHECK (mail_backoff_seconds > 0),
    ADD COLUMN mail_max_attempts    integer NOT NULL DEFAULT 8 CHECK (mail_max_attempts > 0),
    ADD COLUMN company_name         text CHECK (length(company_name) BETWEEN 1 AND 200
                                                AND company_name !~ '[[:cntrl:]]');

-- A message that gave up notifies admins, as a dead webhook does; whoever chose to hear of
-- dead webhooks hears of dead e-mails too.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications
    ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('low_stock', 'overstock', 'audit', 'execution_failed', 'webhook_dead',
                        'mail_dead'));
ALTER TABLE notification_prefs
    ALTER COLUMN kinds SET DEFAULT ARRAY['low_stock', 'overstock', 'audit', 'execution_failed',
                                         'webhook_dead', 'mail_dead'];
UPDATE notification_prefs SET kinds = kinds || 'mail_dead'::text
WHERE 'webhook_dead' = ANY (kinds) AND NOT 'mail_dead' = ANY (kinds);

GRANT SELECT ON mail_outbox TO stockpilot_admin;
