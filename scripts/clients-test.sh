#!/usr/bin/env bash
# The checks of the system as its users reach it (issue 7), against a freshly started stack:
#   1. openapi-spec-validator      gateway/openapi.yaml is a valid OpenAPI document
#   2. README curl examples        the README's marked ```bash blocks, run verbatim, print what
#                                  the README shows (scripts/clients/readme-curl.py)
#   3. newman                      postman/ collection: every method of both APIs and the main
#                                  error cases, each asserting status, content type and body
#   4. schemathesis                fuzzes the live gateway with its spec (bounded: a fixed number
#                                  of examples per operation, fixed seed): no 5xx, every status,
#                                  content type and body as documented
#   5. /docs in headless Chromium  the rendered page lists the movie and billing operations
#                                  (scripts/clients/docs-check.js); saves a screenshot
#   6. Prometheus                  promtool check metrics on the three /metrics pages, then a
#                                  real Prometheus (Debian's package, our own process on a free
#                                  port) scrapes all three: after a few orders and movie
#                                  requests its API shows them counted and every target up
#                                  (scripts/clients/prometheus-check.sh)
#
# The stack: release binaries (cargo build --release) on loopback ports chosen by the kernel,
# with a database pair and a RabbitMQ vhost made for this run (the .env users get rights on
# them) and dropped at exit, so it never touches a running scripts/run-local.sh or its data.
# Tools are installed into the git-ignored .tools/ by scripts/lib/tools.sh, pinned by
# scripts/clients/{package.json,package-lock.json,requirements.txt}.
#
# Every check runs even when an earlier one failed; the exit status is non-zero when any did.
# Logs and reports: target/clients-test/. Environment:
#   CLIENTS_README=FILE            the file whose curl examples run (default README.md)
#   CLIENTS_UPDATE_SCREENSHOT=1    copy the screenshot to docs/docs-page.png (done anyway when
#                                  that file is missing)
#   CLIENTS_MAX_EXAMPLES=N         schemathesis examples per operation (default 100)
#   CLIENTS_SKIP_BUILD=1           use the binaries in ${CARGO_TARGET_DIR:-target}/release as
#                                  they are (no cargo build)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/provision.sh"
. "$REPO_ROOT/scripts/lib/local.sh"
. "$REPO_ROOT/scripts/lib/tools.sh"
cd "$REPO_ROOT"
started=$SECONDS

readme="${CLIENTS_README:-$REPO_ROOT/README.md}"
max_examples="${CLIENTS_MAX_EXAMPLES:-100}"
spec="$REPO_ROOT/gateway/openapi.yaml"
logdir="$REPO_ROOT/target/clients-test"
rm -rf "$logdir"
mkdir -p "$logdir"

# A database pair and a vhost of this run only; ports chosen by the kernel (port 0: each
# service prints the port it bound in its ready line).
run_id="clients_$(date +%s)_$$"
export INVENTORY_DATABASE="${run_id}_movies"
export BILLING_DATABASE="${run_id}_orders"
export RABBIT_VHOST="$run_id"
export INVENTORY_LISTEN="127.0.0.1:0"
export GATEWAY_LISTEN="127.0.0.1:0"
export BILLING_METRICS_LISTEN="127.0.0.1:0"
export INVENTORY_URL="http://127.0.0.1:0" # replaced below once inventory has bound its port
use_loopback

passed=()
failed=()

# check NAME SECONDS LOG CMD...: runs one check with a time limit, its output in LOG; prints
# the end of LOG (more of it on failure) and records the result with its duration.
check() {
    local name="$1" limit="$2" log="$3" t0=$SECONDS rc=0
    shift 3
    step "$name"
    timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 || rc=$?
    local took=$((SECONDS - t0))
    if [[ $rc -eq 0 ]]; then
        tail -n 25 "$log"
        passed+=("$name (${took} s)")
        step "passed: $name (${took} s)"
    else
        tail -n 150 "$log"
        [[ $rc -eq 124 ]] && warn "$name: no result within $limit s"
        failed+=("$name (exit $rc after ${took} s; log: ${log#"$REPO_ROOT"/})")
        warn "FAILED: $name (exit $rc after ${took} s); full log: $log"
    fi
}

# stop_services_within SECONDS: SIGTERM to each service this script started, then SIGKILL to
# any still running after SECONDS, so a service that ignores SIGTERM cannot hang the tests.
stop_services_within() {
    local seconds="$1" name pid i alive
    for pid in "${SERVICE_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for ((i = 0; i < seconds * 5; i++)); do
        alive=0
        for pid in "${SERVICE_PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [[ $alive -eq 0 ]] && break
        sleep 0.2
    done
    for name in "${!SERVICE_PIDS[@]}"; do
        pid="${SERVICE_PIDS[$name]}"
        if kill -0 "$pid" 2>/dev/null; then
            warn "$name (pid $pid) still runs $seconds s after SIGTERM: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    stop_services # waits for them and forgets them
}

cleanup() {
    local rc=$?
    step "stopping services"
    stop_services_within 15
    step "dropping databases $INVENTORY_DATABASE, $BILLING_DATABASE and vhost $RABBIT_VHOST"
    for db in "$INVENTORY_DATABASE" "$BILLING_DATABASE"; do
        pg_admin_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || warn "could not drop $db"
    done
    rabbit_delete_vhost "$RABBIT_VHOST"
    exit "$rc"
}

step "installing the client tools (Node.js, newman, playwright-core, schemathesis, chromium)"
ensure_node_tools
ensure_python_tools
ensure_chromium
step "installing Prometheus (Debian's package: prometheus and promtool)"
apt_install_missing prometheus python3 curl

check "openapi-spec-validator gateway/openapi.yaml" 120 "$logdir/openapi-spec-validator.log" \
    "$VENV_DIR/bin/openapi-spec-validator" "$spec"

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
step "stack up: gateway $gateway, inventory $INVENTORY_URL (logs in ${logdir#"$REPO_ROOT"/})"

# First, while the database is empty: the README's examples assume they start from nothing.
check "README curl examples ($(basename "$readme"))" 120 "$logdir/readme-curl.log" \
    "$VENV_DIR/bin/python" "$REPO_ROOT/scripts/clients/readme-curl.py" "$readme" "${gateway#http://}"

check "newman run postman/movie-platform.postman_collection.json" 300 "$logdir/newman.log" \
    "$NODE_TOOLS_DIR/node_modules/.bin/newman" run "$REPO_ROOT/postman/movie-platform.postman_collection.json" \
    --environment "$REPO_ROOT/postman/local.postman_environment.json" \
    --env-var "baseUrl=$gateway" \
    --timeout-request 15000 --color off \
    --reporters cli,junit --reporter-junit-export "$logdir/newman-junit.xml"

# The spec the gateway serves must be the one validated and fuzzed here.
# shellcheck disable=SC2016 # $1 and $2 are the arguments of bash -c
check "GET /openapi.yaml serves gateway/openapi.yaml" 30 "$logdir/served-spec.log" \
    bash -c 'curl -fsS --max-time 10 "$1/openapi.yaml" | cmp - "$2" && echo "served spec is identical"' _ "$gateway" "$spec"

# Run from the log folder: schemathesis keeps a crash cache (.schemathesis/) and hypothesis its
# data (.hypothesis/) in the working directory; a fresh folder each run keeps runs repeatable.
check "schemathesis ($max_examples examples per operation)" 900 "$logdir/schemathesis.log" \
    env -C "$logdir" "$VENV_DIR/bin/schemathesis" run "$spec" --url "$gateway" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$max_examples" --seed 20261127 \
    --workers 1 --request-timeout 15 --generation-database none --no-color --output-sanitize false \
    --report junit --report-dir "$logdir/schemathesis-report"

check "/docs in headless Chromium" 180 "$logdir/docs-check.log" \
    node "$REPO_ROOT/scripts/clients/docs-check.js" "$gateway" "$logdir/docs-page.png"
if [[ -s "$logdir/docs-page.png" ]] && [[ "${CLIENTS_UPDATE_SCREENSHOT:-0}" == 1 || ! -e docs/docs-page.png ]]; then
    cp "$logdir/docs-page.png" docs/docs-page.png
    step "screenshot saved to docs/docs-page.png"
fi

billing_metrics="$(sed -n "s|^billing $READY_METRICS_LISTENING \(http://[^ ]*\).*|\1|p" "$logdir/billing.log" | head -n 1)"
check "Prometheus scrapes the three services" 180 "$logdir/prometheus.log" \
    "$REPO_ROOT/scripts/clients/prometheus-check.sh" "$gateway" "$INVENTORY_URL" "$billing_metrics"

step "passed: ${#passed[@]}"
for line in "${passed[@]}"; do printf '    ok      %s\n' "$line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
    step "failed: ${#failed[@]}"
    for line in "${failed[@]}"; do printf '    FAILED  %s\n' "$line"; done
fi
echo "clients-test: ${#passed[@]} passed, ${#failed[@]} failed"
step "done in $((SECONDS - started)) s"
[[ ${#failed[@]} -eq 0 ]]
