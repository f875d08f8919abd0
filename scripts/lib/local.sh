# shellcheck shell=bash
# scripts/lib/local.sh: the stack on this one machine, shared by scripts/run-local.sh,
# scripts/test.sh and scripts/bench.sh. Needs lib/common.sh first.
#
#   use_loopback                 defaults every address of .env to 127.0.0.1, then loads .env
#   prepare_local_stack          installs (apt) and starts PostgreSQL and RabbitMQ, creates the
#                                role, databases, vhost and users of .env; idempotent
#   ensure_rust                  cargo on PATH (rustup when absent), with a C linker
#   pg_ensure_test_role          the role the integration tests log in as (TEST_POSTGRES_USER
#                                of .env): LOGIN CREATEDB with its password, no superuser
#   rabbit_cli_for_user          lets this (non-root) user run RabbitMQ's CLI, as the test
#                                harness does: RabbitMQ's Erlang cookie in ~/.erlang.cookie
#   start_service NAME LOGDIR    starts target/release/NAME in the background, logs to
#                                LOGDIR/NAME.log (and the terminal, prefixed), waits for its
#                                ready line; its PID goes in SERVICE_PIDS[NAME]
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
    {
        psql_set role "$TEST_POSTGRES_USER"
        psql_set password "$TEST_POSTGRES_PASSWORD"
        cat <<'SQL'
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'role', :'password') \gexec
SQL
    } | pg_admin_psql -d postgres
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

# start_service NAME LOGDIR: see the header. The ready line is the one the test harness
# waits for too: "NAME listening on …" or "billing consuming …".
start_service() {
    local name="$1" logdir="$2" bin ready
    bin="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/release/$name"
    [[ -x "$bin" ]] || die "$bin missing: build with cargo build --release first"
    : >"$logdir/$name.log"
    "$bin" > >(tee -a "$logdir/$name.log" | sed -u "s/^/[$name] /") 2>&1 &
    SERVICE_PIDS[$name]=$!
    case "$name" in
        billing) ready="billing $READY_CONSUMING" ;;
        *) ready="$name $READY_LISTENING" ;;
    esac
    local i
    for ((i = 0; i < 150; i++)); do
        grep -q "$ready" "$logdir/$name.log" && return 0
        kill -0 "${SERVICE_PIDS[$name]}" 2>/dev/null || die "$name exited at start; see $logdir/$name.log"
        sleep 0.2
    done
    die "$name not ready within 30 s; see $logdir/$name.log"
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
    sed -n "s|^$1 $READY_LISTENING \(http://[^ ]*\).*|\1|p" "$2/$1.log" | head -n 1
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
