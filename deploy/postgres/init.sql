-- One schema and one login role per service; each role reaches only its own schema.
-- Run as a superuser with psql, giving each password as a variable (no password lives in code):
--   psql -v ON_ERROR_STOP=1 -v gateway_password=… -v intake_password=… -v registry_password=… \
--        -v referral_password=… -v notification_password=… -v reporting_password=… \
--        -v role_prefix=slrt_ -f deploy/postgres/init.sql "$DATABASE_URL"
-- Idempotent: safe to run again (it also resets the passwords). The work is plain SQL in
-- service-role.sql; this file only hands psql's variables to it.
\if :{?role_prefix}
\else
  \set role_prefix slrt_
\endif

\ir service-role.sql

\o /dev/null
SELECT pg_temp.slrt_service_role('gateway', :'role_prefix' || 'gateway', :'gateway_password');
SELECT pg_temp.slrt_service_role('intake', :'role_prefix' || 'intake', :'intake_password');
SELECT pg_temp.slrt_service_role('registry', :'role_prefix' || 'registry', :'registry_password');
SELECT pg_temp.slrt_service_role('referral', :'role_prefix' || 'referral', :'referral_password');
SELECT pg_temp.slrt_service_role('notification', :'role_prefix' || 'notification', :'notification_password');
SELECT pg_temp.slrt_service_role('reporting', :'role_prefix' || 'reporting', :'reporting_password');
\o
