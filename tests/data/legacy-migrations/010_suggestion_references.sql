-- StockPilot: the references of suggestions checked per statement instead of per row.
--
-- A first stock check over 125,000 SKUs x 8 locations proposes about 31,500 restocks in one
-- INSERT. Its foreign keys to products and locations ran two checks per row, each a query that
-- takes a KEY SHARE lock on the referenced row: 1.6 of its 3.6 s, and the product locks
-- rewrote 31,500 catalogue rows. The rules take their product and location ids from
-- stock_levels and staff requests from the catalogue, so the checks never failed; they are
-- still made, now once per statement over its new rows (a transition table), which is one
-- anti-join whatever the row count.
--
-- A foreign key also keeps the referenced rows from going away. The program never deletes a
-- product or a location (they are referenced by stock, the ledger and orders); for an owner
-- doing it by hand the delete triggers below refuse while a suggestion names the row. They
-- take a SHARE lock on suggestions first, so a suggestion being written at that moment is
-- either seen by the delete's check or, written after it, fails its own check.

ALTER TABLE suggestions
    DROP CONSTRAINT suggestions_product_id_fkey,
    DROP CONSTRAINT suggestions_location_id_fkey,
    DROP CONSTRAINT suggestions_source_location_id_fkey;

CREATE FUNCTION sp_suggestions_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_missing record;
BEGIN
    SELECT * INTO v_missing FROM (
        SELECT 'product' AS what, n.product_id AS id FROM new_rows n
        WHERE NOT EXISTS (SELECT FROM products p WHERE p.id = n.product_id)
        UNION ALL
        -- A handful of distinct locations, however many rows.
        SELECT 'location', x.id FROM (
            SELECT location_id AS id FROM new_rows
            UNION
            SELECT source_location_id FROM new_rows) x
        WHERE x.id IS NOT NULL AND NOT EXISTS (SELECT FROM locations l WHERE l.id = x.id)
    ) missing
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'A suggestion names % %, which does not exist.', v_missing.what,
                        v_missing.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER suggestions_references_insert AFTER INSERT ON suggestions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_suggestions_check_references();
CREATE TRIGGER suggestions_references_update AFTER UPDATE ON suggestions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_suggestions_check_references();

CREATE FUNCTION sp_suggestions_guard_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    LOCK TABLE suggestions IN SHARE MODE;
    IF (TG_TABLE_NAME = 'products'
        AND EXISTS (SELECT FROM suggestions WHERE product_id = OLD.id))
       OR (TG_TABLE_NAME = 'locations'
           AND EXISTS (SELECT FROM suggestions
                       WHERE location_id = OLD.id OR source_location_id = OLD.id)) THEN
        RAISE EXCEPTION 'Cannot delete % %: suggestions name it.', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER products_suggestions_guard BEFORE DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION sp_suggestions_guard_delete();
CREATE TRIGGER locations_suggestions_guard BEFORE DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION sp_suggestions_guard_delete();
