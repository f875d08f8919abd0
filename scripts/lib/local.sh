# shellcheck shell=bash
# scripts/lib/local.sh: the stack on this one machine, shared by scripts/run-local.sh,
# scripts/test.sh, the client checks (clients-test.sh, original-contract-test.sh) and
# scripts/bench.sh: all of them start and stop the services with the start_service and
# stop_service(s) below. Needs lib/common.sh first.
#
#   use_loopback                 defaults every address of .env to 127.0.0.1, then loads .env
#   prepare_local_stack          installs (apt) and starts PostgreSQL and RabbitMQ, creates the
#                                role, databases, vhost and users of .env; idempotent
#   ensure_rust                  cargo on PATH (rustup when absent), with a C linker
#   pg_ensure_test_role          the role the integration tests log in as (TEST_POSTGRES_USER
#                                of .env): LOGIN CREATEDB with its password, no superuser
#   rabbit_cli_for_user          lets this (non-root) user run RabbitMQ's CLI, as the test
#                                harness does: RabbitMQ's Erlang cookie in ~/.erlang.cookie
#   start_service [OPTION...] NAME LOGDIR [VAR=VALUE...]
#                                starts target/release/NAME in the background, logs to
#                                LOGDIR/NAME.log (and the terminal, prefixed), waits until it is
#                                ready; its PID goes in SERVICE_PIDS[NAME] (options below)
#   stop_service KEY             SIGTERM to the service started as KEY, waits, forgets it
#   stop_services                SIGTERM to every service started, then waits for them
#   ready_url NAME LOGDIR        the URL of NAME's ready line in LOGDIR/NAME.log
#   start_stack LOGDIR           inventory, billing and gateway (ports as configured, 0 for any),
#                                the gateway pointed at the inventory actually bound; sets
#                                GATEWAY_URL and waits until its /health answers 200

declare -gA SERVICE_PIDS=()

# use_loopback: everything on this machine. The VM addresses of .env are for the VMs; a value
# already exported by the caller still wins (e.g. GATEWAY_LISTEN=127.0.0.1:9090).
use_loopback() {
    export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}"
    export RABBIT_HOST="${RABBIT_HOST:-127.0.0.1}"
    export INVENTORY_LISTEN="${INVENTORY_LISTEN:-127.0.0.1:5000}"
    export INVENTORY_URL="${INVENTORY_URL:-http://$INVENTORY_LISTEN}"
    export GATEWAY_LISTEN="${GATEWAY_LISTEN:-127.0.0.1:8080}"
    load_env
}

# ensure_rust: a Rust toolchain. Fresh Debian has none: rustup installs the stable one for this
# user (Debian's own cargo is too old for our dependencies).
ensure_rust() {
    apt_install_missing gcc libc6-dev curl ca-certificates
    if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        step "installing Rust (rustup, stable, minimal profile)"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if command -v rustup >/dev/null 2>&1; then
        rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
    fi
}

# prepare_local_stack: PostgreSQL and RabbitMQ installed, running and holding what .env names.
prepare_local_stack() {
    require_vars POSTGRES_USER POSTGRES_PASSWORD INVENTORY_DATABASE BILLING_DATABASE \
        RABBIT_VHOST BILLING_QUEUE GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD \
        BILLING_RABBIT_USER BILLING_RABBIT_PASSWORD
    step "checking PostgreSQL and RabbitMQ packages"
    apt_install_missing postgresql postgresql-client rabbitmq-server curl
    pg_start_if_stopped
    rabbit_start_if_stopped
    pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$INVENTORY_DATABASE"
    pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$BILLING_DATABASE"
    rabbit_ensure_service_users
}

# pg_ensure_test_role: the role cargo test's harness (testkit) logs in as over TCP on
# 127.0.0.1 with its password: LOGIN CREATEDB and nothing more (not superuser, no CREATEROLE).
# Each test creates a database, so the role owns it and may, without superuser rights, block
# connections to it (ALTER DATABASE … ALLOW_CONNECTIONS), end the sessions of its own role in
# it (pg_terminate_backend) and drop it WITH (FORCE). The services under test log in as this
# role too. The password is checked by the server's own rule for 127.0.0.1 (Debian's is
# scram-sha-256); no pg_hba.conf line is needed or written. Idempotent.
pg_ensure_test_role() {
    require_vars TEST_POSTGRES_USER TEST_POSTGRES_PASSWORD
    step "PostgreSQL test role $TEST_POSTGRES_USER (LOGIN CREATEDB, for cargo test)"
    pg_ensure_login_role "$TEST_POSTGRES_USER" "$TEST_POSTGRES_PASSWORD" \
        "CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"
}

# rabbit_cli_for_user: the test harness runs rabbitmqctl as the user running cargo test.
# Debian's /usr/sbin/rabbitmqctl refuses any user but root and rabbitmq; the CLI itself
# (/usr/lib/rabbitmq/bin/rabbitmqctl, which testkit calls when not root) works for any
# user holding the node's Erlang cookie in ~/.erlang.cookie (mode 0400). As root: nothing to
# do. Otherwise the cookie is copied there through sudo, once; a different cookie already there
# is left alone and reported.
rabbit_cli_for_user() {
    local cookie=/var/lib/rabbitmq/.erlang.cookie mine="$HOME/.erlang.cookie"
    [[ "$(id -u)" -eq 0 ]] && return 0
    if [[ -f "$mine" ]]; then
        as_root cmp -s "$cookie" "$mine" ||
            die "$mine differs from RabbitMQ's $cookie: the test harness's rabbitmqctl needs RabbitMQ's (move yours away and run again)"
        return 0
    fi
    step "copying RabbitMQ's Erlang cookie to $mine (mode 0400) for the test harness's rabbitmqctl"
    as_root install -m 0400 -o "$(id -u)" -g "$(id -g)" "$cookie" "$mine"
}

# start_service [OPTION...] NAME LOGDIR [VAR=VALUE...]: starts $SERVICE_BIN_DIR/NAME (default
# target/release, or $CARGO_TARGET_DIR/release) in the background, with the VAR=VALUE pairs added
# to its environment only, and waits until it is ready: its ready line, the one the test harness
# waits for too ("NAME listening on …" or "billing consuming …"), within 30 s. Dies when it exits
# first or is not ready by then. Options (the defaults are the test harness's):
#   --as KEY       registered as SERVICE_PIDS[KEY], logged to LOGDIR/KEY.log (default: NAME), so
#                  a second instance of NAME can run beside the first
#   --quiet        the log file only, not the terminal (scripts/bench.sh: a line per request on
#                  the terminal would cost the machine more than the service)
#   --health       ready also means GET /health answers 200 at the URL of its ready line
#                  (inventory, gateway; billing has no /health: its ready line is enough)
#   --poll SECONDS how often readiness is checked (default 0.2)
# Sets STARTED_PID, and STARTED_NS and READY_NS (date +%s%N at the fork and when found ready).
start_service() {
    local key="" quiet=0 health=0 poll=0.2
    while [[ "${1:-}" == --* ]]; do
        case "$1" in
            --as) key="$2" && shift 2 ;;
            --quiet) quiet=1 && shift ;;
            --health) health=1 && shift ;;
            --poll) poll="$2" && shift 2 ;;
            *) die "start_service: unknown option $1" ;;
        esac
    done
    local name="$1" logdir="$2" bin ready log url="" deadline
    shift 2
    key="${key:-$name}"
    bin="${SERVICE_BIN_DIR:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/release}/$name"
    [[ -x "$bin" ]] || die "$bin missing: build with cargo build --release first"
    log="$logdir/$key.log"
    : >"$log"
    STARTED_NS="$(date +%s%N)"
    if ((quiet)); then
        env "$@" "$bin" >>"$log" 2>&1 &
    else
        env "$@" "$bin" > >(tee -a "$log" | sed -u "s/^/[$name] /") 2>&1 &
    fi
    STARTED_PID=$!
    SERVICE_PIDS[$key]=$STARTED_PID
    case "$name" in
        billing) ready="billing $READY_CONSUMING" && health=0 ;;
        *) ready="$name $READY_LISTENING" ;;
    esac
    deadline=$((STARTED_NS + 30000000000))
    while :; do
        if grep -q "^$ready" "$log"; then
            ((health)) || break
            [[ -n "$url" ]] || url="$(_ready_url_in "$name" "$log")"
            if [[ -n "$url" ]] && curl -fsS -o /dev/null --max-time 2 "$url/health" 2>/dev/null; then
                break
            fi
        fi
        kill -0 "$STARTED_PID" 2>/dev/null || die "$name exited at start; see $log"
        (($(date +%s%N) < deadline)) || die "$name not ready within 30 s; see $log"
        sleep "$poll"
    done
    # shellcheck disable=SC2034 # read by the caller (scripts/bench.sh records it)
    READY_NS="$(date +%s%N)"
}

# stop_service KEY: SIGTERM to the service started as KEY, then wait until it exited.
stop_service() {
    local pid="${SERVICE_PIDS[$1]}"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "SERVICE_PIDS[$1]"
}

# stop_services: SIGTERM, then wait: each service finishes what it has in hand and exits.
stop_services() {
    local name
    for name in "${!SERVICE_PIDS[@]}"; do
        kill -TERM "${SERVICE_PIDS[$name]}" 2>/dev/null || true
    done
    for name in "${!SERVICE_PIDS[@]}"; do
        wait "${SERVICE_PIDS[$name]}" 2>/dev/null || true
    done
    SERVICE_PIDS=()
}

# rabbit_ensure_service_users: the gateway's and billing's users on RABBIT_VHOST. On this one
# machine both may declare the two billing queues (RABBIT_PERMISSIONS=declare of
# setup_billing.sh), so the services create them at first start; on the VMs provisioning
# declares them and the users get the strict rights.
# shellcheck disable=SC2153 # RABBIT_VHOST comes from .env (load_env)
rabbit_ensure_service_users() {
    local queues
    queues="^$(regex_escape "$BILLING_QUEUE")(\\.dead)?\$"
    rabbit_ensure_user "$GATEWAY_RABBIT_USER" "$GATEWAY_RABBIT_PASSWORD" "$RABBIT_VHOST" "$queues" '^amq\.default$' "$queues"
    rabbit_ensure_user "$BILLING_RABBIT_USER" "$BILLING_RABBIT_PASSWORD" "$RABBIT_VHOST" "$queues" '^amq\.default$' "$queues"
}

# ready_url NAME LOGDIR: the URL of the ready line "NAME listening on http://127.0.0.1:PORT".
ready_url() {
    _ready_url_in "$1" "$2/$1.log"
}

# _ready_url_in NAME FILE: the URL of NAME's ready line in FILE.
_ready_url_in() {
    sed -n "s|^$1 $READY_LISTENING \(http://[^ ]*\).*|\1|p" "$2" | head -n 1
}

# start_stack LOGDIR: see the header. With port 0 the real ports are read off the ready lines.
start_stack() {
    local logdir="$1"
    step "starting inventory, billing and gateway on loopback"
    start_service inventory "$logdir" >/dev/null
    INVENTORY_URL="$(ready_url inventory "$logdir")"
    [[ -n "$INVENTORY_URL" ]] || die "no URL in inventory's ready line; see $logdir/inventory.log"
    export INVENTORY_URL
    start_service billing "$logdir" >/dev/null
    start_service gateway "$logdir" >/dev/null
    GATEWAY_URL="$(ready_url gateway "$logdir")"
    [[ -n "$GATEWAY_URL" ]] || die "no URL in gateway's ready line; see $logdir/gateway.log"
    wait_for_http "$GATEWAY_URL/health" 30 || die "$GATEWAY_URL/health is not healthy within 30 s; see $logdir"
}
