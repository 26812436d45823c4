#!/usr/bin/env bash
# Single-server install of SLRT on Debian 12+/Ubuntu 24.04+ without containers (deploy/server/README.md).
# Run as root from a checkout of the repository:
#   sudo deploy/server/install.sh --domain slrt.example.go.id [--intake-instances 2] [--kab-kota 62.71]
#        [--owners a,b,…] [--time-zone Asia/Jakarta]
# Needs Node.js >= 22.12 on the PATH (not Debian's nodejs: see the README). Installs PostgreSQL,
# nats-server and nginx from the distribution, copies the app to /opt/slrt, builds it, writes the
# configuration (deploy/server/generate.mjs: secrets in /etc/slrt, mode 0600), creates the
# database's login roles (deploy/postgres/init.sql), and enables slrt.target. Safe to run again
# (upgrade or more intake instances): secrets are kept, migrations run forward.
set -euo pipefail

APP_DIR=/opt/slrt
DOMAIN=""
INSTANCES=2
GEN_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN="$2"; shift 2 ;;
    --intake-instances) INSTANCES="$2"; shift 2 ;;
    --kab-kota|--owners|--time-zone) GEN_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$DOMAIN" ] || { echo "usage: $0 --domain <host name> [--intake-instances N] [--kab-kota 62.71] [--owners a,b] [--time-zone Asia/Jakarta]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
say() { printf '\n[slrt-install] %s\n' "$*"; }

NODE="$(command -v node || true)"
if [ -z "$NODE" ] || ! "$NODE" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'; then
  echo "Node.js >= 22.12 is required on the PATH (found: ${NODE:-none} $("${NODE:-true}" --version 2>/dev/null || true))." >&2
  echo "Debian/Ubuntu's nodejs package is older: install the Node.js 24 LTS binaries (deploy/server/README.md)." >&2
  exit 1
fi

say "packages: postgresql, nats-server, nginx, openssl"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql nats-server nginx-light openssl ca-certificates rsync jq >/dev/null
# Debian's own nats-server unit would take port 4222: SLRT runs its own (slrt-nats.service).
systemctl disable --now nats-server.service 2>/dev/null || true

say "user slrt, application in $APP_DIR"
id slrt >/dev/null 2>&1 || useradd --system --home-dir /var/lib/slrt --shell /usr/sbin/nologin slrt
mkdir -p "$APP_DIR"
if [ "$SRC" != "$APP_DIR" ]; then
  rsync -a --delete --exclude node_modules --exclude .data --exclude .git --exclude '*/dist' "$SRC"/ "$APP_DIR"/
fi
cd "$APP_DIR"
npm ci --no-audit --no-fund
node deploy/local/build.mjs
npm prune --omit=dev --no-audit --no-fund
chown -R root:root "$APP_DIR"
chmod -R a+rX,go-w "$APP_DIR"

say "configuration in /etc/slrt (secrets kept when they exist)"
SYNC=()
NATS_VERSION="$(/usr/sbin/nats-server --version | sed 's/.*v//')"
if printf '2.10.0\n%s\n' "$NATS_VERSION" | sort -V -C; then SYNC=(--nats-sync-always); fi
node deploy/server/generate.mjs --domain "$DOMAIN" --app-dir "$APP_DIR" --node "$NODE" --intake-instances "$INSTANCES" "${SYNC[@]}" "${GEN_ARGS[@]}"
chmod 0755 /etc/slrt
chown -R root:nats /etc/slrt/nats
# /var/lib/slrt is traversable (0711) but not listable by others: nats-server runs as user nats
# and must reach its store below it (with 0750 it stopped with "storage directory is not a
# directory" — found by bench/install-clean-debian.sh on a clean Debian 12).
install -d -o slrt -g slrt -m 0711 /var/lib/slrt
install -d -o slrt -g slrt -m 0750 /var/lib/slrt/intake /var/lib/slrt/intake/attachments /var/lib/slrt/registry
install -d -o nats -g nats -m 0750 /var/lib/slrt/nats

TLS=/etc/slrt/nats/tls
if [ ! -f "$TLS/server.crt" ]; then
  say "NATS TLS: a private CA and server certificate in $TLS (give ca.crt to programme owners)"
  install -d -m 0750 -o root -g nats "$TLS"
  (
    cd "$TLS"
    openssl req -x509 -newkey rsa:4096 -nodes -days 825 -subj /CN=slrt-nats-ca -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:4096 -nodes -subj "/CN=$DOMAIN" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\n' "$DOMAIN" > ext.cnf
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -extfile ext.cnf -out server.crt 2>/dev/null
    chmod 0600 ca.key; chmod 0640 server.key; chown root:nats server.key; chmod 0644 ca.crt server.crt
    chmod 0755 "$TLS"
  )
fi
if [ ! -f /etc/slrt/tls/fullchain.pem ]; then
  say "HTTPS: a self-signed certificate for $DOMAIN until you install a real one (README: certbot)"
  install -d -m 0755 /etc/slrt/tls
  openssl req -x509 -newkey rsa:2048 -nodes -days 90 -subj "/CN=$DOMAIN" -addext "subjectAltName=DNS:$DOMAIN" \
    -keyout /etc/slrt/tls/privkey.pem -out /etc/slrt/tls/fullchain.pem 2>/dev/null
  chmod 0600 /etc/slrt/tls/privkey.pem
fi

say "PostgreSQL: database slrt, one schema and login role per service (no superuser)"
systemctl enable --now postgresql
runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'slrt'" | grep -q 1 || runuser -u postgres -- createdb slrt
sh /etc/slrt/postgres-init.sh

say "nginx"
ln -sf /etc/nginx/sites-available/slrt.conf /etc/nginx/sites-enabled/slrt.conf
rm -f /etc/nginx/sites-enabled/default
nginx -t
systemctl enable nginx
systemctl reload-or-restart nginx

say "systemd units"
systemctl daemon-reload
UNITS=(slrt.target slrt-nats.service slrt-gateway.service slrt-registry.service slrt-referral.service slrt-notification.service slrt-reporting.service)
for i in $(seq 1 "$INSTANCES"); do UNITS+=("slrt-intake@$i.service"); done
systemctl enable "${UNITS[@]}"
# Migrations and provisioning run again on every (re)start of a service (oneshot units).
systemctl restart slrt-provision.service
for s in gateway intake registry referral notification reporting; do systemctl restart "slrt-migrate@$s.service"; done
systemctl restart slrt.target

say "done: https://$DOMAIN/docs  — administrator 'admin', password: jq -r .adminPassword /etc/slrt/secrets.json"
say "status: systemctl list-units 'slrt*'   logs: journalctl -u 'slrt-*' -f"
