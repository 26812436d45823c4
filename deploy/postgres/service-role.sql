-- Plain SQL (no psql meta-commands), so any client can run it: defines, for this session only,
-- pg_temp.slrt_service_role(svc, role, password), which creates (or updates) one service's login
-- role and its schema. init.sql includes it and calls it once per service;
-- libs/persistence/test/roles.int-spec.ts runs it through the `pg` client.
CREATE OR REPLACE FUNCTION pg_temp.slrt_service_role(svc text, role text, password text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF svc !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
    RAISE EXCEPTION 'schema name % is not a lower-case SQL identifier', svc;
  END IF;
  IF coalesce(password, '') = '' THEN
    RAISE EXCEPTION 'no password given for role %', role;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD %L', role, password);
  ELSE
    EXECUTE format('ALTER ROLE %I LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD %L', role, password);
  END IF;
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), role);
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, role);
  EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, role);
  EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
  -- The role finds its own tables first and nothing of other services.
  EXECUTE format('ALTER ROLE %I SET search_path = %I', role, svc);
END
$fn$;

-- Nobody but owners creates objects in public; services never use it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()); END $$;
