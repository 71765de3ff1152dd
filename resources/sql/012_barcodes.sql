-- Barcodes: a product may carry its GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14), so that a scan at
-- any SKU field finds it. The two check functions live here, with the constraint that calls
-- them, rather than in a function file: the CHECK needs them before the function files run, and
-- a rule changed later would not look at the rows the old one let in.

-- Why the text is not a GTIN, or NULL when it is one (or is NULL): 8, 12, 13 or 14 digits, the
-- last the GS1 check digit of the others.
CREATE FUNCTION sp_gtin_problem(p_gtin text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v_digits text := lpad(p_gtin, 14, '0');
    v_check integer;
BEGIN
    IF p_gtin IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_gtin !~ '^[0-9]+$' OR length(p_gtin) NOT IN (8, 12, 13, 14) THEN
        RETURN format('The GTIN "%s" is not valid: a GTIN has 8, 12, 13 or 14 digits.', p_gtin);
    END IF;
    -- In the 14-digit form GS1 compares GTINs in, the weights are 3 at odd places, 1 at even
    -- ones. One expression instead of a loop: imports and the demo check every product.
    v_check := (10 - (3 * (ascii(substr(v_digits, 1, 1)) + ascii(substr(v_digits, 3, 1))
                           + ascii(substr(v_digits, 5, 1)) + ascii(substr(v_digits, 7, 1))
                           + ascii(substr(v_digits, 9, 1)) + ascii(substr(v_digits, 11, 1))
                           + ascii(substr(v_digits, 13, 1)))
                      + ascii(substr(v_digits, 2, 1)) + ascii(substr(v_digits, 4, 1))
                      + ascii(substr(v_digits, 6, 1)) + ascii(substr(v_digits, 8, 1))
                      + ascii(substr(v_digits, 10, 1)) + ascii(substr(v_digits, 12, 1))
                      - 48 * 27) % 10) % 10;
    IF ascii(right(v_digits, 1)) - 48 <> v_check THEN
        RETURN format('The GTIN "%s" is not valid: its check digit is %s, not %s (a digit was '
                      'mistyped or misread).', p_gtin, v_check, right(v_digits, 1));
    END IF;
    RETURN NULL;
END
$$;

-- The products' CHECK. It raises instead of returning false, so that whoever writes a bad GTIN
-- (a file, a script, psql) reads what is wrong with which value rather than a constraint's name.
CREATE FUNCTION sp_gtin_valid(p_gtin text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    v_problem text := sp_gtin_problem(p_gtin);
BEGIN
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION '%', v_problem USING ERRCODE = '23514', COLUMN = 'gtin',
            TABLE = 'products';
    END IF;
    RETURN true;
END
$$;

ALTER TABLE products ADD COLUMN gtin text CONSTRAINT products_gtin_check
    CHECK (gtin IS NULL OR sp_gtin_valid(gtin));

-- Unique as GS1 compares them, in 14 digits: a UPC-A read as 12 digits by one scanner and as 13
-- with a leading zero by another is the same product. Scans are looked up through this index.
CREATE UNIQUE INDEX products_gtin_key ON products (lpad(gtin, 14, '0')) WHERE gtin IS NOT NULL;
