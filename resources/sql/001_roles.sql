-- StockPilot baseline, part 1: the extension, the staff and endpoint roles, and the default
-- privileges every later object relies on. Applied once by the migrator, inside one
-- transaction, as the database owner. Functions, triggers and views live in functions/*.sql.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Roles are cluster-wide, so another StockPilot database on the same server may have made them.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['stockpilot_clerk', 'stockpilot_manager', 'stockpilot_admin',
                             'stockpilot_endpoint']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
    -- The login the endpoint servers use: a member of stockpilot_endpoint and nothing else. Its
    -- password (if it needs one) is set by the administrator.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockpilot_server') THEN
        CREATE ROLE stockpilot_server LOGIN;
    END IF;
END
$$;

-- A manager can do everything a clerk can; an admin everything a manager can.
GRANT stockpilot_clerk TO stockpilot_manager;
GRANT stockpilot_manager TO stockpilot_admin;
GRANT stockpilot_endpoint TO stockpilot_server;

-- Functions are executable by PUBLIC unless told otherwise; here only explicit grants count.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO stockpilot_clerk, stockpilot_endpoint;
