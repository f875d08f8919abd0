#!/usr/bin/env bash
# The original system's own contract, checked with its own files (issue 19), against a freshly
# started stack:
#   1. its example bodies (its README's, its load test's original-postdata.json, and the
#      smallest order its spec allows) each get 200 "queued" and are written by billing;
#   2. schemathesis with the original's OpenAPI spec, narrowed by
#      scripts/clients/original_contract_hooks.py to exactly the differences README.md lists
#      under "Differences from the original": every request generated must get a status the
#      original documents (so no schema-valid request is refused and none gets a 5xx), with the
#      content type and body its spec describes;
#   3. nothing the gateway queued was dead-lettered by billing.
#
# The original's files are copied into scripts/clients/original/ (so a fresh clone can run
# this); when the Python project's folder ../shared/seed is beside the repository, the copies
# must be identical to it. The stack is like scripts/clients-test.sh's: release binaries on
# loopback ports chosen by the kernel, a database pair and a RabbitMQ vhost of this run only,
# dropped at exit. Logs: target/original-contract-test/. Environment:
#   CONTRACT_MAX_EXAMPLES=N        schemathesis examples per operation (default 100)
#   CLIENTS_SKIP_BUILD=1           use the release binaries as they are (no cargo build)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/provision.sh"
. "$REPO_ROOT/scripts/lib/local.sh"
. "$REPO_ROOT/scripts/lib/tools.sh"
cd "$REPO_ROOT"
started=$SECONDS

max_examples="${CONTRACT_MAX_EXAMPLES:-100}"
original="$REPO_ROOT/scripts/clients/original"
seed="$REPO_ROOT/../shared/seed"
logdir="$REPO_ROOT/target/original-contract-test"
rm -rf "$logdir"
mkdir -p "$logdir"

if [[ -d "$seed" ]]; then
    step "checking the copies in scripts/clients/original/ against $seed"
    cmp "$seed/original-openapi.yaml" "$original/openapi.yaml"
    cmp "$seed/original-postdata.json" "$original/postdata.json"
fi

run_id="contract_$(date +%s)_$$"
export INVENTORY_DATABASE="${run_id}_movies"
export BILLING_DATABASE="${run_id}_orders"
export RABBIT_VHOST="$run_id"
export INVENTORY_LISTEN="127.0.0.1:0"
export GATEWAY_LISTEN="127.0.0.1:0"
export INVENTORY_URL="http://127.0.0.1:0" # replaced below once inventory has bound its port
use_loopback

cleanup() {
    local rc=$?
    step "stopping services"
    stop_services
    step "dropping databases $INVENTORY_DATABASE, $BILLING_DATABASE and vhost $RABBIT_VHOST"
    for db in "$INVENTORY_DATABASE" "$BILLING_DATABASE"; do
        pg_admin_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || warn "could not drop $db"
    done
    rabbit_delete_vhost "$RABBIT_VHOST"
    exit "$rc"
}

# orders_sql QUERY: one value from billing's database of this run.
orders_sql() {
    pg_admin_psql -d "$BILLING_DATABASE" -tA -c "$1"
}

step "installing schemathesis (pip into .tools/venv)"
ensure_python_tools

if [[ "${CLIENTS_SKIP_BUILD:-0}" == 1 ]]; then
    step "using the release binaries already built (CLIENTS_SKIP_BUILD=1)"
else
    step "building release binaries (cargo build --release --workspace --bins)"
    ensure_rust
    cargo build --release --workspace --bins
fi

step "preparing PostgreSQL and RabbitMQ: databases $INVENTORY_DATABASE, $BILLING_DATABASE, vhost $RABBIT_VHOST"
trap cleanup EXIT
trap 'exit 130' INT TERM
prepare_local_stack >"$logdir/prepare.log" 2>&1 || { cat "$logdir/prepare.log"; die "could not prepare the stack"; }

start_stack "$logdir"
gateway="$GATEWAY_URL"

step "the original's example bodies: 200 queued, then written"
examples=(
    "$(cat "$original/postdata.json")"
    '{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}'
    '{"user_id": "original-minimal", "total_amount": "10"}'
)
for body in "${examples[@]}"; do
    answer="$(curl -sS --max-time 15 -w ' %{http_code}' -X POST "$gateway/api/billing" \
        -H 'Content-Type: application/json' -d "$body")"
    echo "POST /api/billing $body -> $answer"
    [[ "$answer" == *'"status":"queued"'*' 200' ]] || die "the original's body $body was not queued: $answer"
done
written=""
for ((i = 0; i < 150; i++)); do
    written="$(orders_sql "SELECT count(*) FROM orders WHERE (user_id, number_of_items, total_amount) IN \
        (('loadtest', 1, 10.00), ('88', 2, 45.00)) OR (user_id = 'original-minimal' AND number_of_items IS NULL AND total_amount = 10.00)" 2>/dev/null || true)"
    [[ "$written" == 3 ]] && break
    sleep 0.2
done
[[ "$written" == 3 ]] || die "billing wrote ${written:-0} of the 3 example orders within 30 s; see $logdir/billing.log"
orders_sql "SELECT user_id, number_of_items, total_amount FROM orders ORDER BY id"

step "schemathesis with the original's spec, narrowed by the documented differences ($max_examples examples per operation)"
# Run from the log folder: schemathesis and hypothesis keep their caches in the working directory.
env -C "$logdir" PYTHONPATH="$REPO_ROOT/scripts/clients" SCHEMATHESIS_HOOKS=original_contract_hooks \
    timeout --kill-after=10 900 "$VENV_DIR/bin/schemathesis" run "$original/openapi.yaml" --url "$gateway" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --mode positive --phases examples,coverage,fuzzing --max-examples "$max_examples" --seed 20261130 \
    --workers 1 --request-timeout 15 --generation-database none --no-color --output-sanitize false \
    --report junit --report-dir "$logdir/schemathesis-report" 2>&1 | tee "$logdir/schemathesis.log"

step "nothing the gateway queued was dead-lettered"
dead=""
for ((i = 0; i < 150; i++)); do
    dead="$(as_root rabbitmqctl -q list_queues -p "$RABBIT_VHOST" --no-table-headers name messages |
        awk -v q="${BILLING_QUEUE}.dead" '$1 == q { print $2 }')"
    ready="$(as_root rabbitmqctl -q list_queues -p "$RABBIT_VHOST" --no-table-headers name messages |
        awk -v q="$BILLING_QUEUE" '$1 == q { print $2 }')"
    [[ "$ready" == 0 ]] && break
    sleep 0.2
done
[[ "$ready" == 0 ]] || die "billing_queue still holds $ready messages after 30 s"
[[ "$dead" == 0 ]] || die "$dead accepted orders were dead-lettered by billing; see $logdir/billing.log"
step "$(orders_sql 'SELECT count(*) FROM orders') orders written, none dead-lettered"
step "passed in $((SECONDS - started)) s"
