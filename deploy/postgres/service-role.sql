-- Creates (or updates) one service's login role and schema. Included by init.sql with
-- :svc (schema name), :role (login role) and :password set.
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS create_role \gset
\if :create_role
  CREATE ROLE :"role" LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD :'password';
\else
  ALTER ROLE :"role" LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD :'password';
\endif
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"role";
CREATE SCHEMA IF NOT EXISTS :"svc" AUTHORIZATION :"role";
ALTER SCHEMA :"svc" OWNER TO :"role";
REVOKE ALL ON SCHEMA :"svc" FROM PUBLIC;
-- The role finds its own tables first and nothing of other services.
ALTER ROLE :"role" SET search_path = :"svc";
