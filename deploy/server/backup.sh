#!/usr/bin/env bash
# Consistent backup of a single-server install (deploy/server/README.md): stops the services and
# NATS (a minute or so: clients get 502 from nginx and retry with their Idempotency-Key), saves the
# database, the JetStream store, the files and /etc/slrt together, and starts everything again.
#   sudo /opt/slrt/deploy/server/backup.sh /var/backups/slrt/$(date +%F)
set -euo pipefail
DEST="${1:?usage: backup.sh <destination folder>}"
APP_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
NODE="$(jq -r '.node // empty' /etc/slrt/settings.json 2>/dev/null || true)"
NODE="${NODE:-node}"
units() { systemctl list-units --plain --no-legend --all 'slrt-gateway.service' 'slrt-intake@*.service' 'slrt-registry.service' 'slrt-referral.service' 'slrt-notification.service' 'slrt-reporting.service' | awk '{print $1}'; }
mapfile -t RUNNING < <(units)
trap 'systemctl start slrt-nats.service; systemctl start "${RUNNING[@]}" slrt.target' EXIT
# Services first (their outboxes stop with everything committed), then NATS (its store quiet).
systemctl stop "${RUNNING[@]}"
systemctl stop slrt-nats.service
"$NODE" "$APP_DIR/deploy/server/backup.mjs" backup "$DEST"
