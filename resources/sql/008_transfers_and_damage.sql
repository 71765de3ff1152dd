-- Transfers are received as counted: what arrived and what was lost on the way. Damage and
-- quarantine need no new column (stock_levels has both figures); their functions, and the
-- counted receipt, are in functions/10_stock.sql.

-- NULL while in transit; once received, every unit sent either arrived or was lost.
ALTER TABLE transfers
    ADD COLUMN received_quantity integer,
    ADD COLUMN lost_quantity     integer;
-- Transfers received before counting existed arrived in full.
UPDATE transfers SET received_quantity = quantity, lost_quantity = 0 WHERE status = 'received';
ALTER TABLE transfers
    ADD CONSTRAINT transfers_received_check CHECK (
        (status = 'in_transit' AND received_quantity IS NULL AND lost_quantity IS NULL)
        OR (status = 'received' AND received_quantity IS NOT NULL AND lost_quantity IS NOT NULL
            AND received_quantity >= 0 AND lost_quantity >= 0
            AND received_quantity + lost_quantity = quantity));

-- The Transfers page and "stockpilot-admin transfers list": what is in transit, oldest first.
CREATE INDEX transfers_in_transit_age_idx ON transfers (created_at, id)
    WHERE status = 'in_transit';
