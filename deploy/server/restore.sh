#!/usr/bin/env bash
# Restore a backup.sh folder onto a clean server that has had deploy/server/install.sh's packages
# and application (or onto this one after `systemctl stop slrt.target`, dropping the database and
# moving /var/lib/slrt away). Restores /etc/slrt, /var/lib/slrt (JetStream store, files) and the
# database with its login roles, then starts slrt.target: migrations run forward if the
# application is newer than the backup.
#   sudo /opt/slrt/deploy/server/restore.sh /var/backups/slrt/2026-12-01
set -euo pipefail
SRC="${1:?usage: restore.sh <backup folder>}"
APP_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
systemctl stop slrt.target 2>/dev/null || true
node "$APP_DIR/deploy/server/backup.mjs" restore "$SRC"
chown -R nats:nats /var/lib/slrt/nats
chown -R root:nats /etc/slrt/nats
systemctl daemon-reload
systemctl restart slrt-provision.service
for s in gateway intake registry referral notification reporting; do systemctl restart "slrt-migrate@$s.service"; done
systemctl start slrt.target
