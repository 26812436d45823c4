-- One schema and one login role per service; each role reaches only its own schema.
-- Run as a superuser with psql, giving each password as a variable (no password lives in code):
--   psql -v ON_ERROR_STOP=1 -v gateway_password=… -v intake_password=… -v registry_password=… \
--        -v referral_password=… -v notification_password=… -v reporting_password=… \
--        -v role_prefix=slrt_ -f deploy/postgres/init.sql "$DATABASE_URL"
-- Idempotent: safe to run again (it also resets the passwords).
\if :{?role_prefix}
\else
  \set role_prefix slrt_
\endif

-- Nobody but owners creates objects in public; services never use it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;

SELECT format('%sgateway', :'role_prefix') AS r_gateway,
       format('%sintake', :'role_prefix') AS r_intake,
       format('%sregistry', :'role_prefix') AS r_registry,
       format('%sreferral', :'role_prefix') AS r_referral,
       format('%snotification', :'role_prefix') AS r_notification,
       format('%sreporting', :'role_prefix') AS r_reporting \gset

\set svc gateway
\set role :r_gateway
\set password :gateway_password
\ir service-role.sql
\set svc intake
\set role :r_intake
\set password :intake_password
\ir service-role.sql
\set svc registry
\set role :r_registry
\set password :registry_password
\ir service-role.sql
\set svc referral
\set role :r_referral
\set password :referral_password
\ir service-role.sql
\set svc notification
\set role :r_notification
\set password :notification_password
\ir service-role.sql
\set svc reporting
\set role :r_reporting
\set password :reporting_password
\ir service-role.sql
