#!/usr/bin/env bash
# The cluster scenario (issue 15), on loopback, run by hand (as root: it starts private
# RabbitMQ nodes as the rabbitmq user and PostgreSQL clusters with pg_createcluster):
#
#     scripts/cluster-test.sh            20,000 orders (CLUSTER_ORDERS overrides)
#
# It starts a 3-node RabbitMQ cluster (private node names, ports and data directories), a
# PostgreSQL primary with a synchronous streaming standby (two new clusters on ports 5441 and
# 5442), two inventories, two gateways and two billing workers, all given the lists
# (RABBIT_HOSTS, POSTGRES_HOST, INVENTORY_URL). While the orders and a steady movie load are
# sent, it kills with kill -9 the node leading the quorum queue, one inventory and one billing
# worker, then stops the primary and promotes the standby. Afterwards it checks: every order
# answered 200 is in the table exactly once; every other order is absent or present once; and
# it counts the movie requests answered 5xx. Exit status 1 when an order was lost or
# duplicated. Everything it made is removed at exit (by PID, node name and cluster name); logs
# stay in target/cluster/. The machine's own RabbitMQ node and PostgreSQL cluster are not
# touched.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

readonly ORDERS="${CLUSTER_ORDERS:-20000}" ORDER_THREADS=16 MOVIES=20
readonly PG_VERSION=15 PG_PRIMARY_PORT=5441 PG_STANDBY_PORT=5442
# Not 35672-35682: the CLI tools take their own distribution ports there.
readonly AMQP_PORTS=(27001 27002 27003) DIST_PORTS=(27011 27012 27013)
readonly INVENTORY_PORTS=(15101 15102) GATEWAY_PORTS=(18181 18182)
readonly APP_USER=cluster_app APP_PASSWORD="cluster-$$-$RANDOM"
readonly RABBITMQ_CLI=/usr/lib/rabbitmq/bin/rabbitmqctl RABBITMQ_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
readonly TAG="ct$$"
readonly PG_PRIMARY="${TAG}_primary" PG_STANDBY="${TAG}_standby"
readonly WORK="$REPO_ROOT/target/cluster"
readonly LOGS="$WORK/logs" RUN="/tmp/cluster-test.$$"
BIN="${CLUSTER_BIN:-$REPO_ROOT/target/release}"

[[ "$(id -u)" == 0 ]] || die "run as root (private RabbitMQ nodes run as the rabbitmq user)"
for port in "${AMQP_PORTS[@]}" "${DIST_PORTS[@]}" "${INVENTORY_PORTS[@]}" "${GATEWAY_PORTS[@]}" \
    "$PG_PRIMARY_PORT" "$PG_STANDBY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port is in use"
    fi
done

declare -A PIDS=()
nodes=()
started=$SECONDS

cleanup() {
    local name pid
    set +e
    for name in "${!PIDS[@]}"; do
        kill -9 "${PIDS[$name]}" 2>/dev/null
    done
    for name in "${nodes[@]}"; do
        rabbitmqctl_node "$name" stop >/dev/null 2>&1
        pid="$(cat "$RUN/$name/pid" 2>/dev/null)"
        if [[ -n "$pid" ]] && grep -qs "$name" "/proc/$pid/cmdline"; then
            kill -9 "$pid"
        fi
    done
    for name in "$PG_PRIMARY" "$PG_STANDBY"; do
        if pg_lsclusters -h | awk -v n="$name" '$2 == n { found = 1 } END { exit !found }'; then
            pg_dropcluster --stop "$PG_VERSION" "$name"
        fi
    done
    rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- RabbitMQ ----------------------------------------------------------------------------------

rabbitmqctl_node() {
    local name="$1"
    shift
    runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq "$RABBITMQ_CLI" -q -n "$name" "$@"
}

# start_node INDEX: boots a private node (its own configuration, not /etc/rabbitmq's).
start_node() {
    local index="$1" name="${TAG}n$1@localhost" dir
    dir="$RUN/$name"
    mkdir -p "$dir/mnesia" "$dir/log"
    printf '[].\n' >"$dir/enabled_plugins"
    printf 'listeners.tcp.local = 127.0.0.1:%s\n' "${AMQP_PORTS[$index]}" >"$dir/rabbitmq.conf"
    : >"$dir/rabbitmq-env.conf"
    chown -R rabbitmq "$dir"
    runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq RABBITMQ_NODENAME="$name" \
        RABBITMQ_NODE_PORT="${AMQP_PORTS[$index]}" RABBITMQ_DIST_PORT="${DIST_PORTS[$index]}" \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_PID_FILE="$dir/pid" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
        ERL_EPMD_ADDRESS=127.0.0.1 \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        "$RABBITMQ_SERVER" -detached >/dev/null 2>&1
    nodes+=("$name")
}

wait_node() {
    local name="$1" port="$2"
    wait_for_tcp 127.0.0.1 "$port" 120 || die "node $name did not boot; see $RUN/$name/log"
    rabbitmqctl_node "$name" await_startup >/dev/null
}

step "RabbitMQ: 3 nodes on ports ${AMQP_PORTS[*]}, clustered"
mkdir -p "$RUN" "$LOGS"
rm -f "$LOGS"/*
for index in 0 1 2; do
    start_node "$index"
done
for index in 0 1 2; do
    wait_node "${nodes[$index]}" "${AMQP_PORTS[$index]}"
done
for index in 1 2; do
    rabbitmqctl_node "${nodes[$index]}" stop_app
    rabbitmqctl_node "${nodes[$index]}" join_cluster "${nodes[0]}"
    rabbitmqctl_node "${nodes[$index]}" start_app
done
rabbit_hosts="$(printf '127.0.0.1:%s,' "${AMQP_PORTS[@]}")"
rabbit_hosts="${rabbit_hosts%,}"

# --- PostgreSQL --------------------------------------------------------------------------------

as_postgres() {
    runuser -u postgres -- "$@"
}
psql_at() {
    local port="$1"
    shift
    as_postgres psql -h /var/run/postgresql -p "$port" -X -q -v ON_ERROR_STOP=1 "$@"
}

step "PostgreSQL: primary on $PG_PRIMARY_PORT, synchronous streaming standby on $PG_STANDBY_PORT"
# listen_addresses stays 'localhost' (the default): loopback only.
pg_createcluster -p "$PG_PRIMARY_PORT" "$PG_VERSION" "$PG_PRIMARY" >/dev/null
pg_ctlcluster "$PG_VERSION" "$PG_PRIMARY" start
psql_at "$PG_PRIMARY_PORT" -c "CREATE ROLE $APP_USER LOGIN PASSWORD '$APP_PASSWORD'" \
    -c "CREATE DATABASE movies OWNER $APP_USER" -c "CREATE DATABASE orders OWNER $APP_USER"
pg_createcluster -p "$PG_STANDBY_PORT" "$PG_VERSION" "$PG_STANDBY" >/dev/null
standby_data="/var/lib/postgresql/$PG_VERSION/$PG_STANDBY"
find "$standby_data" -mindepth 1 -delete
as_postgres pg_basebackup -h /var/run/postgresql -p "$PG_PRIMARY_PORT" -D "$standby_data" \
    -R -X stream -c fast
pg_ctlcluster "$PG_VERSION" "$PG_STANDBY" start
wait_for_tcp 127.0.0.1 "$PG_STANDBY_PORT" 60 || die "the standby did not start"
# Synchronous from now on (set after the base backup, so the standby does not inherit it): a
# COMMIT returns only once the standby has its WAL, so an order acked after its COMMIT survives
# the switch. The promoted standby has no standby of its own and commits alone.
psql_at "$PG_PRIMARY_PORT" -c "ALTER SYSTEM SET synchronous_standby_names = '*'" \
    -c "SELECT pg_reload_conf()" >/dev/null
postgres_hosts="127.0.0.1:$PG_PRIMARY_PORT,127.0.0.1:$PG_STANDBY_PORT"

# --- services ----------------------------------------------------------------------------------

if [[ -z "${CLUSTER_BIN:-}" ]]; then
    step "cargo build --release --bins"
    cargo build --quiet --release --workspace --bins
fi

# start NAME BINARY VAR=VALUE...: the binary with exactly these variables, logs in $LOGS/NAME.log.
start() {
    local name="$1" binary="$2"
    shift 2
    env -i "$@" "$BIN/$binary" >"$LOGS/$name.log" 2>&1 &
    PIDS[$name]=$!
}

wait_log() {
    local name="$1" needle="$2" deadline=$((SECONDS + 60))
    until grep -qs "$needle" "$LOGS/$name.log"; do
        ((SECONDS < deadline)) || die "$name did not print \"$needle\"; see $LOGS/$name.log"
        kill -0 "${PIDS[$name]}" 2>/dev/null || die "$name exited; see $LOGS/$name.log"
        sleep 0.1
    done
}

pg_env=(POSTGRES_HOST="$postgres_hosts" POSTGRES_USER="$APP_USER" POSTGRES_PASSWORD="$APP_PASSWORD")
step "two inventories, two billing workers, two gateways"
inventory_urls=""
for index in 0 1; do
    start "inventory$((index + 1))" inventory "${pg_env[@]}" INVENTORY_DATABASE=movies \
        INVENTORY_LISTEN="127.0.0.1:${INVENTORY_PORTS[$index]}"
    inventory_urls+="http://127.0.0.1:${INVENTORY_PORTS[$index]},"
done
inventory_urls="${inventory_urls%,}"
for index in 1 2; do
    # Port 0: two workers on one machine cannot share the default metrics port.
    start "billing$index" billing "${pg_env[@]}" BILLING_DATABASE=orders \
        RABBIT_HOSTS="$rabbit_hosts" BILLING_RABBIT_USER=guest BILLING_RABBIT_PASSWORD=guest \
        BILLING_METRICS_LISTEN=127.0.0.1:0
done
for index in 0 1; do
    start "gateway$((index + 1))" gateway GATEWAY_LISTEN="127.0.0.1:${GATEWAY_PORTS[$index]}" \
        INVENTORY_URL="$inventory_urls" RABBIT_HOSTS="$rabbit_hosts" \
        GATEWAY_RABBIT_USER=guest GATEWAY_RABBIT_PASSWORD=guest
done
for name in inventory1 inventory2 gateway1 gateway2; do
    wait_log "$name" " listening on "
done
for name in billing1 billing2; do
    wait_log "$name" "billing consuming"
done
gateways=("http://127.0.0.1:${GATEWAY_PORTS[0]}" "http://127.0.0.1:${GATEWAY_PORTS[1]}")
for gateway in "${gateways[@]}"; do
    wait_for_http "$gateway/health" 30 || die "$gateway/health is not 200"
done
for ((n = 1; n <= MOVIES; n++)); do
    curl -fsS -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"title\": \"Movie $n\", \"description\": \"d\"}" "${gateways[0]}/api/movies"
done

# --- load and faults ---------------------------------------------------------------------------

# queue_leader: the node leading billing_queue's Raft group.
queue_leader() {
    rabbitmqctl_node "${nodes[1]}" list_queues --no-table-headers name leader |
        awk '$1 == "billing_queue" { print $2 }'
}

step "load: $ORDERS orders ($ORDER_THREADS threads over both gateways) and GET /api/movies in a loop"
stop_movies="$RUN/stop-movies"
python3 scripts/cluster/load.py movies "$WORK/movies.txt" "$stop_movies" "${gateways[@]}" &
movies_pid=$!
PIDS[movie-load]=$movies_pid
load_started=$SECONDS
python3 scripts/cluster/load.py orders "$WORK/orders.txt" "$ORDERS" "$ORDER_THREADS" \
    "${gateways[@]}" &
orders_pid=$!
PIDS[order-load]=$orders_pid

load_started_ms="$(date +%s%3N)"
: >"$WORK/faults.txt"
fault() {
    sleep 1
    printf '%s %s\n' "$(($(date +%s%3N) - load_started_ms))" "$*" >>"$WORK/faults.txt"
    step "fault at $((SECONDS - load_started)) s: $*"
}
leader="$(queue_leader)"
[[ -n "$leader" ]] || die "billing_queue has no leader"
fault "kill -9 of $leader, the quorum queue's leader"
kill -9 "$(cat "$RUN/$leader/pid")"
fault "kill -9 of inventory1"
kill -9 "${PIDS[inventory1]}"
wait "${PIDS[inventory1]}" 2>/dev/null || true
unset 'PIDS[inventory1]'
fault "kill -9 of billing1"
kill -9 "${PIDS[billing1]}"
wait "${PIDS[billing1]}" 2>/dev/null || true
unset 'PIDS[billing1]'
fault "PostgreSQL: primary stopped, standby promoted"
switch_started=$SECONDS
pg_ctlcluster "$PG_VERSION" "$PG_PRIMARY" stop -m fast
pg_ctlcluster "$PG_VERSION" "$PG_STANDBY" promote
printf '%s %s\n' "$(($(date +%s%3N) - load_started_ms))" "standby promoted" >>"$WORK/faults.txt"
step "standby promoted $((SECONDS - switch_started)) s after the stop began"
wait "$orders_pid"
load_seconds=$((SECONDS - load_started))
touch "$stop_movies"
wait "$movies_pid"
unset 'PIDS[order-load]' 'PIDS[movie-load]'

# --- checks ------------------------------------------------------------------------------------

step "waiting for billing2 to drain the queue"
count_orders() {
    psql_at "$PG_STANDBY_PORT" -d orders -At -c "SELECT count(*) FROM orders"
}
answered_200="$(awk '$2 == 200 { n++ } END { print n + 0 }' "$WORK/orders.txt")"
deadline=$((SECONDS + 300))
previous=-1
while :; do
    now="$(count_orders)"
    if ((now >= answered_200)) && [[ "$now" == "$previous" ]]; then
        break
    fi
    ((SECONDS < deadline)) || break
    previous="$now"
    sleep 2
done
drain_seconds=$((SECONDS - load_started - load_seconds))
psql_at "$PG_STANDBY_PORT" -d orders -At -F ' ' \
    -c "SELECT substr(user_id, 2), count(*) FROM orders GROUP BY user_id" >"$WORK/rows.txt"

# Per order: its status and its rows. 200 needs exactly 1; any other answer 0 or 1.
read -r ok lost duplicated unsure_absent unsure_present < <(
    awk 'NR == FNR { rows[$1] = $2; next }
        {
            n = ($1 in rows) ? rows[$1] : 0
            if (n > 1) dup++
            if ($2 == 200) { if (n == 1) ok++; else if (n == 0) lost++ }
            else if (n == 0) absent++
            else if (n == 1) present++
        }
        END { print ok + 0, lost + 0, dup + 0, absent + 0, present + 0 }' \
        "$WORK/rows.txt" "$WORK/orders.txt"
)
statuses="$(awk '{ n[$2]++ } END { for (s in n) printf "%s:%d ", s, n[s] }' "$WORK/orders.txt")"
movie_total="$(wc -l <"$WORK/movies.txt")"
movie_5xx="$(awk '$2 >= 500 || $2 == 0 { n++ } END { print n + 0 }' "$WORK/movies.txt")"
movie_statuses="$(awk '{ n[$2]++ } END { for (s in n) printf "%s:%d ", s, n[s] }' "$WORK/movies.txt")"

report="$WORK/REPORT.txt"
{
    echo "cluster test $(date -u +%FT%TZ), $(git rev-parse --short HEAD)"
    echo "orders: $ORDERS sent in $load_seconds s over 2 gateways; answers: $statuses"
    echo "  200 and written once: $ok; 200 but missing: $lost; written twice or more: $duplicated"
    echo "  not 200 and absent: $unsure_absent; not 200 but written once: $unsure_present"
    echo "  drained $drain_seconds s after the load ended"
    echo "movies: $movie_total GET /api/movies; answers: $movie_statuses(5xx or no answer: $movie_5xx)"
    echo "  faults (ms after the load began): $(awk '{ printf "%s%s at %s", sep, substr($0, index($0, " ") + 1), $1; sep = "; " }' "$WORK/faults.txt")"
    echo "  movie answers other than 200 (ms after the load began): $(awk -v t0="$load_started_ms" '$2 != 200 { printf "%s%d:%d", sep, $1 - t0, $2; sep = ", " }' "$WORK/movies.txt")"
    echo "whole run: $((SECONDS - started)) s"
} | tee "$report"
if ((lost > 0 || duplicated > 0)); then
    die "orders lost or duplicated; see $WORK"
fi
step "passed: no order lost or duplicated (report in $report)"
