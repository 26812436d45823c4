#!/bin/sh
# slrt serve      start the service named by $SERVICE
# slrt migrate    apply its migrations (up), then exit
# slrt provision  create/update every JetStream stream and durable consumer (NATS user provisioner)
set -eu
# No --enable-source-maps: Node would parse every loaded module's source map at start (~12 MB per
# process, bench/README.md startup.ts); stack traces point at dist/*.js, which swc keeps close to
# the sources. NODE_OPTIONS=--enable-source-maps turns them on when debugging.
case "${1:-serve}" in
  serve) exec node "services/${SERVICE}/dist/main.js" ;;
  migrate) exec node "services/${SERVICE}/dist/migrate.js" up ;;
  provision) exec node libs/messaging/dist/provision.main.js ;;
  *) echo "usage: slrt serve|migrate|provision (SERVICE=${SERVICE:-})" >&2; exit 2 ;;
esac
