#!/bin/sh
# First start of the compose PostgreSQL: schemas and login roles, passwords from the environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v gateway_password="$GATEWAY_DB_PASSWORD" -v intake_password="$INTAKE_DB_PASSWORD" \
  -v registry_password="$REGISTRY_DB_PASSWORD" -v referral_password="$REFERRAL_DB_PASSWORD" \
  -v notification_password="$NOTIFICATION_DB_PASSWORD" -v reporting_password="$REPORTING_DB_PASSWORD" \
  -f /slrt/postgres/init.sql
