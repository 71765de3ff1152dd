-- Master data people manage: locations are deactivated, never removed, once they were used; a
-- reorder policy (a minimum and a maximum set by hand) per SKU and location overrides the
-- reorder point the demand statistics compute. The functions are in functions/22_master_data.sql.

ALTER TABLE locations ADD COLUMN active boolean NOT NULL DEFAULT true;

-- The stock check orders when available + incoming falls below min_units, up to max_units; the
-- level's reorder_point is kept at min_units while the policy exists.
CREATE TABLE reorder_policies (
    product_id  integer NOT NULL REFERENCES products (id),
    location_id smallint NOT NULL REFERENCES locations (id),
    min_units   integer NOT NULL CHECK (min_units >= 0),
    max_units   integer NOT NULL CHECK (max_units > 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (product_id, location_id),
    CHECK (min_units < max_units)
);
CREATE INDEX reorder_policies_location_idx ON reorder_policies (location_id);

GRANT SELECT ON reorder_policies TO stockpilot_clerk;
