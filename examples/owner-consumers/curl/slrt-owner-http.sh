#!/bin/sh
# A programme owner's client of the SLRT HTTP API with curl (and jq): for owners without NATS.
# Written from the OpenAPI document (/openapi.json): listOwnerReferrals, respondToReferral.
#
#   SLRT_API=https://slrt.palangkaraya.go.id SLRT_API_KEY=slrt_… ./slrt-owner-http.sh list
#   ./slrt-owner-http.sh answer <referralId> accepted "Diterima untuk diverifikasi."
#   ./slrt-owner-http.sh answer <referralId> resolved "Bantuan disalurkan ulang."
#   ./slrt-owner-http.sh answer <referralId> rejected "Sudah menerima." ALREADY_RECIPIENT
#   ./slrt-owner-http.sh answer <referralId> review-requested "Mohon KK terbaru."   (the note is the question)
#   ./slrt-owner-http.sh work        # answer every new referral: accept, then resolve
#
# Answers are idempotent per responseId: this script derives it from the referral and the answer
# (`<answer>-<referralId>`), so running it again after a timeout or a crash changes nothing.
# Webhook receivers verify the platform's signature with ./verify-webhook.sh.
set -eu
API="${SLRT_API:-http://127.0.0.1:3000}"
KEY="${SLRT_API_KEY:?set SLRT_API_KEY (an owner API key, shown once by the kab/kota ADMIN)}"
CURL="curl -sS --fail-with-body --max-time 30 ${SLRT_CURL_OPTS:-}"

# GET /v1/owner/referrals?status=sent&page=1&pageSize=50 → { items: [{ referralId, receiptNumber, status, subject, dueAt, … }], total, page, pageSize }
list() {
  $CURL -H "Authorization: ApiKey $KEY" "$API/v1/owner/referrals?status=${1:-sent}&page=1&pageSize=50"
}

# POST /v1/owner/referrals/{id}/responses { responseId, answer, note?, reasonCode?, questions? } → { referralId, status, repeated }
answer() {
  id="$1" kind="$2" note="${3:-}" reason="${4:-}"
  body=$(jq -nc --arg r "$kind-$id" --arg a "$kind" --arg n "$note" --arg c "$reason" \
    '{responseId: $r, answer: $a} + (if $n != "" then {note: $n} else {} end)
     + (if $c != "" then {reasonCode: $c} else {} end)
     + (if $a == "review-requested" then {questions: [$n]} else {} end)')
  $CURL -X POST -H "Authorization: ApiKey $KEY" -H 'Content-Type: application/json' \
    --data "$body" "$API/v1/owner/referrals/$id/responses"
}

work() {
  list sent | jq -r '.items[].referralId' | while read -r id; do
    answer "$id" accepted "Diterima untuk diverifikasi pendamping." | jq -c '{event: "answered", answer: "accepted", referralId, status, repeated}'
    answer "$id" resolved "Bantuan disalurkan ulang." | jq -c '{event: "answered", answer: "resolved", referralId, status, repeated}'
  done
}

cmd="${1:-list}"
[ $# -gt 0 ] && shift
case "$cmd" in
  list) list "$@" ;;
  answer) answer "$@" ;;
  work) work ;;
  *) echo "usage: $0 list [status] | answer <referralId> <accepted|rejected|review-requested|resolved> [note] [reasonCode] | work" >&2; exit 2 ;;
esac
