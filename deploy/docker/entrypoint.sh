#!/bin/sh
# slrt serve      start the service named by $SERVICE
# slrt migrate    apply its migrations (up), then exit
set -eu
case "${1:-serve}" in
  serve) exec node --enable-source-maps "services/${SERVICE}/dist/main.js" ;;
  migrate) exec node "services/${SERVICE}/dist/migrate.js" up ;;
  *) echo "usage: slrt serve|migrate (SERVICE=${SERVICE})" >&2; exit 2 ;;
esac
