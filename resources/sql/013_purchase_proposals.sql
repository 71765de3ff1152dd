-- The stock check proposes purchases per supplier and destination: one suggestion of kind
-- 'purchase' with the restock lines in its proposal, approved, modified line by line or rejected
-- as a whole, which becomes one purchase order with lines. Staff requests still file single
-- restocks. The rule is agent_stock_check in functions/60_suggestions.sql.

ALTER TABLE suggestions DROP CONSTRAINT suggestions_kind_check;
ALTER TABLE suggestions
    ADD CONSTRAINT suggestions_kind_check
        CHECK (kind IN ('restock', 'purchase', 'transfer', 'markdown', 'audit', 'adjustment')),
    -- A purchase names its supplier (NULL: its products name none) instead of one product.
    ADD COLUMN supplier text,
    ALTER COLUMN product_id DROP NOT NULL,
    ADD CONSTRAINT suggestions_product_check CHECK ((kind = 'purchase') = (product_id IS NULL));
-- One pending agent purchase per supplier and destination, refreshed in place by each run.
CREATE UNIQUE INDEX suggestions_pending_purchase_uq
    ON suggestions ((coalesce(supplier, '')), location_id)
    WHERE kind = 'purchase' AND status = 'pending' AND origin = 'agent';

-- Deciding a purchase is judged like a restock of the same value.
ALTER TABLE approval_policies DROP CONSTRAINT approval_policies_kind_check;
ALTER TABLE approval_policies
    ADD CONSTRAINT approval_policies_kind_check
        CHECK (kind IN ('restock', 'purchase', 'transfer', 'markdown', 'audit', 'adjustment'));
INSERT INTO approval_policies (kind, role, max_value)
SELECT 'purchase', role, max_value FROM approval_policies WHERE kind = 'restock';

-- The agent's pending single-line restocks give way: the next stock check proposes them again,
-- grouped.
UPDATE suggestions SET status = 'superseded', updated_at = now()
WHERE kind = 'restock' AND origin = 'agent' AND status = 'pending';
