-- References of suggestions, holds and ledger rows, checked once per statement (no foreign
-- keys on those hot tables), and the guards that keep products and locations they name.
-- Applied after the versioned migrations whenever this file changed: every statement here
-- must be safe to run again (CREATE OR REPLACE, grants).

CREATE OR REPLACE FUNCTION sp_suggestions_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_missing record;
BEGIN
    SELECT * INTO v_missing FROM (
        -- A purchase names no product (its lines do).
        SELECT 'product' AS what, n.product_id AS id FROM new_rows n
        WHERE n.product_id IS NOT NULL
          AND NOT EXISTS (SELECT FROM products p WHERE p.id = n.product_id)
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
CREATE OR REPLACE TRIGGER suggestions_references_insert AFTER INSERT ON suggestions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_suggestions_check_references();
CREATE OR REPLACE TRIGGER suggestions_references_update AFTER UPDATE ON suggestions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_suggestions_check_references();

CREATE OR REPLACE FUNCTION sp_stock_rows_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_missing record;
BEGIN
    SELECT * INTO v_missing FROM (
        SELECT 'product' AS what, n.product_id AS id FROM new_rows n
        WHERE NOT EXISTS (SELECT FROM products p WHERE p.id = n.product_id)
        UNION ALL
        -- A handful of distinct locations, however many rows.
        SELECT 'location', x.id FROM (SELECT DISTINCT location_id AS id FROM new_rows) x
        WHERE NOT EXISTS (SELECT FROM locations l WHERE l.id = x.id)
    ) missing
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'A row of % names % %, which does not exist.', TG_TABLE_NAME,
                        v_missing.what, v_missing.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER holds_references_insert AFTER INSERT ON holds
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_stock_rows_check_references();
CREATE OR REPLACE TRIGGER stock_movements_references_insert AFTER INSERT ON stock_movements
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_stock_rows_check_references();

-- Holds are never moved to another product or location: this looks only at updates naming
-- those columns.
CREATE OR REPLACE FUNCTION sp_holds_check_moved_references() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM products WHERE id = NEW.product_id) THEN
        RAISE EXCEPTION 'A row of holds names product %, which does not exist.', NEW.product_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NOT EXISTS (SELECT FROM locations WHERE id = NEW.location_id) THEN
        RAISE EXCEPTION 'A row of holds names location %, which does not exist.', NEW.location_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER holds_references_update BEFORE UPDATE OF product_id, location_id ON holds
    FOR EACH ROW EXECUTE FUNCTION sp_holds_check_moved_references();

-- A product or location named by a suggestion, a hold or a ledger row cannot be deleted. The
-- SHARE locks taken first mean a row written meanwhile is either seen here or fails its check.
CREATE OR REPLACE FUNCTION sp_references_guard_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_named_by text;
BEGIN
    LOCK TABLE suggestions, holds, stock_movements IN SHARE MODE;
    IF TG_TABLE_NAME = 'products' THEN
        v_named_by := CASE
            WHEN EXISTS (SELECT FROM suggestions WHERE product_id = OLD.id) THEN 'suggestions'
            WHEN EXISTS (SELECT FROM holds WHERE product_id = OLD.id) THEN 'holds'
            WHEN EXISTS (SELECT FROM stock_movements WHERE product_id = OLD.id) THEN 'ledger rows'
        END;
    ELSE
        v_named_by := CASE
            WHEN EXISTS (SELECT FROM suggestions
                         WHERE location_id = OLD.id OR source_location_id = OLD.id)
                THEN 'suggestions'
            WHEN EXISTS (SELECT FROM holds WHERE location_id = OLD.id) THEN 'holds'
            WHEN EXISTS (SELECT FROM stock_movements WHERE location_id = OLD.id)
                THEN 'ledger rows'
        END;
    END IF;
    IF v_named_by IS NOT NULL THEN
        RAISE EXCEPTION 'Cannot delete % %: % name it.', TG_TABLE_NAME, OLD.id, v_named_by
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;
CREATE OR REPLACE TRIGGER products_references_guard BEFORE DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION sp_references_guard_delete();
CREATE OR REPLACE TRIGGER locations_references_guard BEFORE DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION sp_references_guard_delete();

-- TRUNCATE skips the delete triggers, so products and locations refuse it themselves while
-- holds, ledger rows or suggestions exist.
CREATE OR REPLACE FUNCTION sp_references_guard_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    LOCK TABLE suggestions, holds, stock_movements IN SHARE MODE;
    IF EXISTS (SELECT FROM stock_movements) THEN
        RAISE EXCEPTION 'The stock ledger is append-only: TRUNCATE of %, which it names, is not allowed.',
                        TG_TABLE_NAME
            USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT FROM holds) OR EXISTS (SELECT FROM suggestions) THEN
        RAISE EXCEPTION 'Cannot truncate %: holds or suggestions name its rows.', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER products_references_truncate BEFORE TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION sp_references_guard_truncate();
CREATE OR REPLACE TRIGGER locations_references_truncate BEFORE TRUNCATE ON locations
    FOR EACH STATEMENT EXECUTE FUNCTION sp_references_guard_truncate();
