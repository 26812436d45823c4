#!/bin/sh
# Verifies an SLRT webhook request: X-SLRT-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
# keyed with the webhook secret (shown once by the kab/kota ADMIN). Needs openssl.
#
#   SLRT_WEBHOOK_SECRET=whsec_… ./verify-webhook.sh "$HTTP_X_SLRT_SIGNATURE" body.json && echo valid
#
# Exit 0 when the signature matches and t is within 300 s of now (a replayed request is refused);
# 1 otherwise. Compare the raw bytes received, never a re-serialised JSON.
set -eu
SECRET="${SLRT_WEBHOOK_SECRET:?set SLRT_WEBHOOK_SECRET}"
header="$1" body_file="$2"
t=$(printf '%s' "$header" | tr ',' '\n' | sed -n 's/^ *t=//p')
[ -n "$t" ] || exit 1
now=$(date +%s)
age=$((now - t)); [ "$age" -lt 0 ] && age=$((-age))
[ "$age" -le "${SLRT_WEBHOOK_TOLERANCE:-300}" ] || exit 1
expected=$( { printf '%s.' "$t"; cat "$body_file"; } | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
for v in $(printf '%s' "$header" | tr ',' '\n' | sed -n 's/^ *v1=//p'); do
  [ "$v" = "$expected" ] && exit 0
done
exit 1
