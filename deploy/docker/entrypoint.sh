#!/bin/sh
# slrt serve      start the service named by $SERVICE
# slrt migrate    apply its migrations (up), then exit
# slrt provision  create/update every JetStream stream and durable consumer (NATS user provisioner)
set -eu
case "${1:-serve}" in
  serve) exec node --enable-source-maps "services/${SERVICE}/dist/main.js" ;;
  migrate) exec node "services/${SERVICE}/dist/migrate.js" up ;;
  provision) exec node libs/messaging/dist/provision.main.js ;;
  *) echo "usage: slrt serve|migrate|provision (SERVICE=${SERVICE:-})" >&2; exit 2 ;;
esac
