#!/usr/bin/env bash
# The benchmark (issue 8): builds the release binaries, starts the whole stack on loopback with
# fresh databases and a fresh RabbitMQ vhost, loads it with wrk and writes the figures to
# docs/BENCHMARKS.md.
#
#     scripts/bench.sh           full run: every figure 3 times, median quoted (~5 min plus the
#                                release build); writes docs/BENCHMARKS.md
#     scripts/bench.sh --quick   one short run per figure, so the script cannot rot
#                                (scripts/test.sh); prints the figures and writes its report to
#                                target/bench/BENCHMARKS-quick.md, never to docs/
#
# What it measures, all in one run, at 32 connections (wrk -t2 -c32):
#   1. GET /api/movies/{id} and GET /api/movies (100 movies) directly against inventory, through
#      the gateway and through nginx (5.): requests/s, p50, p99, errors; gateway/direct and
#      gateway/nginx throughput ratios.
#   2. POST /api/billing through the gateway (publisher confirms), worker running.
#   3. The spike: worker stopped, 10,000 orders posted as fast as the gateway takes them, then
#      the worker started; time until all are in the table; exact count checked.
#   4. VmRSS of each service idle and after the load; binary sizes; start-up time of each
#      until it answers (HTTP /health 200) or consumes ("billing consuming").
#   5. nginx (a reverse-proxy config written to a temporary directory) in front of the same
#      inventory; and as hardware references pgbench inserts and a raw RabbitMQ
#      publish-with-confirms loop (scripts/bench/rawpub.py, pika in .tools/bench-venv).
#   And for each run the CPU time per request of each process (/proc/PID/stat), the rest of the
#   machine's busy time, and the threads created per request: where the time goes.
#
# Ports (not those of scripts/run-local.sh): inventory 15000, gateway 18080, nginx 18081.
# Databases bench_<time>_<pid>_movies/_orders, vhost bench_<time>_<pid> and a reference user
# are created for the run and dropped at exit, whatever happens. Only loopback traffic.
# Logs of the last run: target/bench/. Exit status 1 when the stack failed or orders were
# lost or duplicated; a missed performance goal is reported in the table, not as a failure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/provision.sh"
. "$REPO_ROOT/scripts/lib/local.sh"
cd "$REPO_ROOT"

quick=0
case "${1:-}" in
    "") ;;
    --quick) quick=1 ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown argument $1 (use --quick or --help)" ;;
esac

# --- settings ---------------------------------------------------------------------------------
readonly CONNECTIONS=32 WRK_THREADS=2 MOVIES=100
# The concurrency curve (issue 18): the same requests at each of these connection counts.
readonly INVENTORY_PORT=15000 GATEWAY_PORT=18080 NGINX_PORT=18081
if ((quick)); then
    readonly RUN_SECONDS=1 ROUNDS=1 WARMUP_SECONDS=0 SPIKE_ORDERS=1000 RAW_COUNT=2000 RAW_ONE_COUNT=200
    readonly CURVE=(1 32 256)
else
    readonly RUN_SECONDS=5 ROUNDS=3 WARMUP_SECONDS=1 SPIKE_ORDERS=10000 RAW_COUNT=10000 RAW_ONE_COUNT=1000
    readonly CURVE=(1 32 256 1000 4000)
fi
# After the largest load, the services are expected back at their idle threads within this.
readonly BACK_TO_IDLE_SECONDS=15
# Goals of issue 8.
readonly GOAL_GATEWAY_DIRECT=0.8 GOAL_GATEWAY_NGINX=0.9 GOAL_BILLING_RPS=3000 GOAL_DRAIN_SECONDS=1
readonly GOAL_IDLE_RSS_MIB=10
readonly BENCH_DIR="$REPO_ROOT/scripts/bench"
readonly VENV="$REPO_ROOT/.tools/bench-venv"
readonly LOG_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/bench"
readonly TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
started_at=$SECONDS
run_id="bench_$(date -u +%Y%m%d%H%M%S)_$$"

# Everything on loopback, whatever the caller's environment says; the run's own names.
export POSTGRES_HOST=127.0.0.1 RABBIT_HOST=127.0.0.1
export INVENTORY_LISTEN="127.0.0.1:$INVENTORY_PORT" GATEWAY_LISTEN="127.0.0.1:$GATEWAY_PORT"
export INVENTORY_URL="http://127.0.0.1:$INVENTORY_PORT"
export INVENTORY_DATABASE="${run_id}_movies" BILLING_DATABASE="${run_id}_orders" RABBIT_VHOST="$run_id"
use_loopback
inventory_url="http://127.0.0.1:$INVENTORY_PORT"
gateway_url="http://127.0.0.1:$GATEWAY_PORT"
nginx_url="http://127.0.0.1:$NGINX_PORT"
raw_user="${run_id}_raw"
raw_password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
tmp_dir=""
nginx_pid=""
extra_pid=""
stack_ready=0

# --- clean-up: only what this run started or created ----------------------------------------
cleanup() {
    local status=$?
    set +e
    if [[ -n "$extra_pid" ]]; then
        kill -TERM "$extra_pid" 2>/dev/null
        wait "$extra_pid" 2>/dev/null
    fi
    if [[ -n "$nginx_pid" ]]; then
        kill -QUIT "$nginx_pid" 2>/dev/null
        wait "$nginx_pid" 2>/dev/null
    fi
    if ((${#SERVICE_PIDS[@]})); then
        stop_services
    fi
    if ((stack_ready)); then
        step "dropping $INVENTORY_DATABASE, $BILLING_DATABASE, vhost $RABBIT_VHOST and user $raw_user"
        pg_admin_psql -d postgres -c "DROP DATABASE IF EXISTS \"$INVENTORY_DATABASE\" WITH (FORCE)" \
            -c "DROP DATABASE IF EXISTS \"$BILLING_DATABASE\" WITH (FORCE)" >/dev/null
        rabbit_delete_vhost "$RABBIT_VHOST"
        rabbit_delete_user "$raw_user"
    fi
    [[ -n "$tmp_dir" ]] && rm -rf "$tmp_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# figure_failed (below) signals USR1: the run ends with status 1, cleaned up like any other.
trap 'exit 1' USR1

# --- small helpers ------------------------------------------------------------------------------
now_ns() { date +%s%N; }

# figure_failed MESSAGE...: a figure could not be computed (no values, a value that is not a
# number, an awk error). The run stops with MESSAGE and status 1, even when this is called
# inside $(…), where exiting would only end the subshell: a lost figure never becomes a verdict.
figure_failed() {
    printf '%s: error: %s\n' "$_COMMON_SCRIPT_NAME" "$*" >&2
    kill -USR1 "$$"
    exit 1
}

# is_number VALUE: a finite decimal number (awk's output included, e.g. 1e+06); not empty,
# not nan or inf.
is_number() {
    [[ "$1" =~ ^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$ ]]
}

# median VALUE...: the median (mean of the middle two for an even count) of numbers.
median() {
    (($# > 0)) || figure_failed "median of no values"
    local v
    for v in "$@"; do
        is_number "$v" || figure_failed "median of '$*': '$v' is not a number"
    done
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# field NAME LINE: the value of NAME=value in LINE.
field() {
    sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2"
}

# calc EXPRESSION: awk arithmetic on numbers, e.g. calc "3 / 4" or calc "1 < 2" (1 or 0). The
# expression is parenthesized, as POSIX awk (mawk, Debian's default) would read "print 1 >= 2"
# as output to a file. A word in it (an empty figure read as "nan", "inf") or a result that is
# not a number (division by zero) is figure_failed.
calc() {
    local out
    [[ "$1" =~ [a-df-zA-DF-Z_] || "$1" =~ [eE][^-+0-9] || "$1" =~ [eE]$ ]] &&
        figure_failed "cannot compute '$1': not all of it is numbers"
    out="$(awk "BEGIN { print ($1) }" 2>&1)" || figure_failed "cannot compute '$1': $out"
    is_number "$out" || figure_failed "cannot compute '$1': got '$out'"
    printf '%s\n' "$out"
}

# fmt FORMAT EXPRESSION: the value of EXPRESSION (see calc), printf-formatted.
fmt() {
    local value
    value="$(calc "$2")" || exit 1
    awk -v v="$value" -v f="$1" 'BEGIN { printf f, v }'
}

# verdict VALUE OP GOAL: "met" or "**missed**", on two numbers.
verdict() {
    if ! is_number "$1" || ! is_number "$3"; then
        figure_failed "no verdict on '$1 $2 $3': not two numbers"
    fi
    if [[ "$(calc "$1 $2 $3")" == 1 ]]; then echo "met"; else echo "**missed**"; fi
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

port_free() {
    ! (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

psql_orders() {
    pg_admin_psql -d "$BILLING_DATABASE" -tA "$@"
}

# --- tools --------------------------------------------------------------------------------------
step "benchmark $run_id ($( ((quick)) && echo quick || echo full) run); logs in $LOG_DIR"
# wrk holds a descriptor per connection (up to ${CURVE[-1]}), nginx two.
if [[ "$(ulimit -Sn)" != "$(ulimit -Hn)" ]]; then
    ulimit -n "$(ulimit -Hn)"
    step "open files limit raised to $(ulimit -Sn) (the hard limit) for wrk's and nginx's connections"
fi
nofile="$(ulimit -Sn)"
[[ "$nofile" == unlimited ]] && nofile=1048576
readonly nofile
((CURVE[-1] * 2 + 256 <= nofile)) || die "the open files limit $nofile is too low for ${CURVE[-1]} connections; raise the hard limit"
for port in "$INVENTORY_PORT" "$GATEWAY_PORT" "$NGINX_PORT"; do
    port_free "$port" || die "port $port is in use (another scripts/bench.sh running?)"
done
step "checking tools (wrk, nginx, pgbench, curl, python3 venv)"
apt_install_missing wrk curl
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
    apt_install_missing nginx
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
stack_ready=1 # from here on, the clean-up drops what prepare_local_stack creates
prepare_local_stack
command -v pgbench >/dev/null 2>&1 || apt_install_missing postgresql-contrib
if ! "$VENV/bin/python" -c 'import pika' >/dev/null 2>&1; then
    step "installing pika into $VENV (PyPI)"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        apt_install_missing python3-venv
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q --disable-pip-version-check pika
fi
ensure_rust

mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log
tmp_dir="$(mktemp -d /tmp/bench.XXXXXX)"
chmod 755 "$tmp_dir"

# --- the fresh vhost's reference user (pika publish loop) ---------------------------------------
rabbit_ensure_user "$raw_user" "$raw_password" "$RABBIT_VHOST" '^bench_raw$' '^amq\.default$' '^bench_raw$'

# --- build --------------------------------------------------------------------------------------
step "building release binaries (cargo build --release --workspace --bins)"
build_started=$SECONDS
cargo build --release --workspace --bins
step "built in $((SECONDS - build_started)) s"

# --- services -----------------------------------------------------------------------------------
# bench_start NAME [VAR=VALUE...]: starts target/release/NAME with its output in a log file (not
# the terminal: a request log line per request would cost the machine more than the service),
# and polls every 5 ms until it answers GET /health with 200 (inventory, gateway; address from
# its ready line) or prints "billing consuming". Sets STARTED_PID, STARTED_MS (fork to ready)
# The extra VAR=VALUE pairs override the environment of this process only.
bench_start() {
    local name="$1" log bin t0 url="" line
    shift
    bin="$TARGET_DIR/release/$name"
    log="$LOG_DIR/$name${LOG_SUFFIX:-}.log"
    : >"$log"
    t0="$(now_ns)"
    env "$@" "$bin" >>"$log" 2>&1 &
    STARTED_PID=$!
    while :; do
        kill -0 "$STARTED_PID" 2>/dev/null || die "$name exited at start; see $log"
        if (($(now_ns) - t0 > 30000000000)); then
            die "$name not ready within 30 s; see $log"
        fi
        if [[ "$name" == billing ]]; then
            grep -q "^billing $READY_CONSUMING" "$log" && break
        elif [[ -z "$url" ]]; then
            line="$(grep -m1 "^$name $READY_LISTENING " "$log" || true)"
            url="${line##* }"
        fi
        if [[ -n "$url" ]] && curl -fsS -o /dev/null --max-time 2 "$url/health" 2>/dev/null; then
            break
        fi
        sleep 0.005
    done
    STARTED_MS=$((($(now_ns) - t0) / 1000000))
}

# start_main NAME: the instance the benchmark loads, registered for stop_services.
start_main() {
    bench_start "$1"
    SERVICE_PIDS[$1]=$STARTED_PID
    step "$1 up in $STARTED_MS ms (pid $STARTED_PID)"
}

# stop_main NAME: SIGTERM, then wait until it exited.
stop_main() {
    local pid="${SERVICE_PIDS[$1]}"
    kill -TERM "$pid"
    wait "$pid" || true
    unset "SERVICE_PIDS[$1]"
}

declare -A startup_ms=() rss_idle=() rss_after=() rps=() p50=() p99=() errors=()
for service in inventory billing gateway; do
    start_main "$service"
    startup_ms[$service]=" $STARTED_MS"
done
sleep 0.5
for service in inventory billing gateway; do
    rss_idle[$service]="$(rss_kib "${SERVICE_PIDS[$service]}")"
done
step "idle RSS: inventory ${rss_idle[inventory]} KiB, billing ${rss_idle[billing]} KiB, gateway ${rss_idle[gateway]} KiB"

# --- start-up time: further instances on free ports, each stopped again -------------------------
for ((round = 1; round < ROUNDS; round++)); do
    for service in inventory billing gateway; do
        LOG_SUFFIX="-startup" bench_start "$service" INVENTORY_LISTEN=127.0.0.1:0 GATEWAY_LISTEN=127.0.0.1:0 \
            BILLING_METRICS_LISTEN=127.0.0.1:0
        extra_pid=$STARTED_PID
        startup_ms[$service]+=" $STARTED_MS"
        kill -TERM "$extra_pid"
        wait "$extra_pid" || true
        extra_pid=""
    done
done
step "start-up (fork to ready, ms): inventory${startup_ms[inventory]}; billing${startup_ms[billing]}; gateway${startup_ms[gateway]}"

# --- 100 movies ---------------------------------------------------------------------------------
step "creating $MOVIES movies through inventory"
movie_id=""
for ((i = 1; i <= MOVIES; i++)); do
    body="$(printf '{"title": "Benchmark movie %d", "description": "A film of about two hundred characters of description, as a catalogue would have: a plot summary, the year, the director and a cast list that runs on for a while. Number %d."}' "$i" "$i")"
    created="$(curl -fsS --max-time 5 -X POST "$inventory_url/api/movies" -H 'Content-Type: application/json' -d "$body")" ||
        die "POST /api/movies failed; see $LOG_DIR/inventory.log"
    if ((i == MOVIES / 2)); then
        movie_id="$(sed -n 's/.*"id":[[:space:]]*\([0-9][0-9]*\).*/\1/p' <<<"$created")"
    fi
done
[[ -n "$movie_id" ]] || die "no movie id in the answer to POST /api/movies"
listed="$(curl -fsS "$inventory_url/api/movies" | grep -o '"id"' | wc -l)"
[[ "$listed" -eq "$MOVIES" ]] || die "GET /api/movies lists $listed movies, expected $MOVIES"
list_bytes="$(curl -fsS "$inventory_url/api/movies" | wc -c)"

# --- nginx, in front of the same inventory --------------------------------------------------------
# A reverse proxy as one would configure it for this: a worker per core, keep-alive connections
# to the upstream (as the gateway pools its own), an access log line per request (as the
# gateway logs each request), response buffering in memory.
mkdir -p "$tmp_dir/nginx"
cat >"$tmp_dir/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp_dir/nginx/nginx.pid;
error_log $tmp_dir/nginx/error.log warn;
worker_rlimit_nofile $nofile;
events { worker_connections 16384; }
http {
    access_log $LOG_DIR/nginx-access.log;
    client_body_temp_path $tmp_dir/nginx/client_body;
    proxy_temp_path $tmp_dir/nginx/proxy;
    fastcgi_temp_path $tmp_dir/nginx/fastcgi;
    uwsgi_temp_path $tmp_dir/nginx/uwsgi;
    scgi_temp_path $tmp_dir/nginx/scgi;
    upstream inventory {
        server 127.0.0.1:$INVENTORY_PORT;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://inventory;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_buffers 16 16k;
            proxy_max_temp_file_size 0;
        }
    }
}
EOF
step "starting nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') on $nginx_url (config $tmp_dir/nginx/nginx.conf)"
"$nginx_bin" -e "$tmp_dir/nginx/error.log" -p "$tmp_dir/nginx/" -c "$tmp_dir/nginx/nginx.conf" &
nginx_pid=$!
wait_for_tcp 127.0.0.1 "$NGINX_PORT" 10 || die "nginx did not start; see $tmp_dir/nginx/error.log"
curl -fsS -o /dev/null "$nginx_url/api/movies/$movie_id" || die "nginx does not reach inventory"
curl -fsS -o /dev/null "$gateway_url/api/movies/$movie_id" || die "the gateway does not reach inventory"

# --- CPU accounting: who spent the CPU time of a run ----------------------------------------------
# The PostgreSQL and RabbitMQ serving this run (other clusters may run on the machine): the
# postmaster (the checkpointer's parent) and RabbitMQ's Erlang VM.
checkpointer="$(pg_admin_psql -d postgres -tA -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")"
postmaster_pid="$(awk '{ sub(/^.*\) /, ""); print $2 }' "/proc/${checkpointer:-0}/stat" 2>/dev/null || echo 0)"
rabbit_pid="$(as_root rabbitmqctl -q eval 'os:getpid().' 2>/dev/null | tr -dc '0-9')"
# cpu_snapshot: one line "total=T gateway=G inventory=I billing=B nginx=N postgresql=P rabbitmq=R
# forks=F": F is the machine's count of processes and threads ever created (/proc/stat), the
# rest clock ticks: T from /proc/stat (busy time of all cores), the others from /proc/PID/stat
# (utime + stime, all threads) of our services, nginx's master and workers, the postmaster and
# its children, RabbitMQ's VM and its children. What T has beyond their sum is wrk, the
# kernel's network work not charged to a process, and anything else running on the machine.
cpu_snapshot() {
    {
        head -n 1 /proc/stat
        grep '^processes ' /proc/stat
        cat /proc/[0-9]*/stat 2>/dev/null || true
    } | awk -v gw="${SERVICE_PIDS[gateway]:-0}" -v inv="${SERVICE_PIDS[inventory]:-0}" \
        -v bil="${SERVICE_PIDS[billing]:-0}" -v ngx="${nginx_pid:-0}" \
        -v pg="${postmaster_pid:-0}" -v mq="${rabbit_pid:-0}" '
        NR == 1 { c["total"] = $2 + $3 + $4 + $7 + $8 + $9; next }
        NR == 2 { forks = $2; next }
        {
            close_at = 0
            for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { close_at = i; break }
            if (!close_at) next
            split(substr($0, close_at + 2), f, " ")
            pid = $1 + 0; ppid = f[2] + 0; ticks = f[12] + f[13]
            if (pid == gw) c["gateway"] += ticks
            else if (pid == inv) c["inventory"] += ticks
            else if (pid == bil) c["billing"] += ticks
            else if (ngx > 0 && (pid == ngx || ppid == ngx)) c["nginx"] += ticks
            else if (pg > 0 && (pid == pg || ppid == pg)) c["postgresql"] += ticks
            else if (mq > 0 && (pid == mq || ppid == mq)) c["rabbitmq"] += ticks
        }
        END {
            printf "total=%d gateway=%d inventory=%d billing=%d nginx=%d postgresql=%d rabbitmq=%d forks=%d\n",
                c["total"], c["gateway"], c["inventory"], c["billing"], c["nginx"], c["postgresql"], c["rabbitmq"], forks
        }'
}
CLK_TCK="$(getconf CLK_TCK)"
CORES="$(nproc)"
readonly CLK_TCK CORES
readonly CPU_PARTS=(gateway inventory nginx billing postgresql rabbitmq other total)
declare -A cpu=() busy=()
# cpu_account KEY BEFORE AFTER UNITS SECONDS: appends to cpu[KEY:part] the CPU µs per unit
# (request, order) of each part, and to busy[KEY] how busy the cores were (percent).
cpu_account() {
    local key="$1" before="$2" after="$3" units="$4" seconds="$5" part d sum=0 total
    ((units > 0)) || return 0
    for part in gateway inventory nginx billing postgresql rabbitmq total; do
        d=$(($(field "$part" "$after") - $(field "$part" "$before")))
        if [[ "$part" == total ]]; then
            total=$d
        else
            sum=$((sum + d))
            cpu[$key:$part]+=" $(calc "$d * 1000000 / $CLK_TCK / $units")"
        fi
    done
    # Per-process times and /proc/stat are sampled separately; never let "other" go negative.
    ((total >= sum)) || total=$sum
    cpu[$key:other]+=" $(calc "($total - $sum) * 1000000 / $CLK_TCK / $units")"
    cpu[$key:forks]+=" $(calc "($(field forks "$after") - $(field forks "$before")) / $units")"
    cpu[$key:total]+=" $(calc "$total * 1000000 / $CLK_TCK / $units")"
    busy[$key]+=" $(calc "100 * $total / $CLK_TCK / $seconds / $CORES")"
}

# --- wrk ----------------------------------------------------------------------------------------
# run_wrk KEY URL SCRIPT SECONDS: one wrk run; appends its figures to rps/p50/p99/errors[KEY]
# and its CPU use to cpu[KEY:*].
run_wrk() {
    local key="$1" url="$2" script="$3" seconds="$4" out line before after first second stuck=""
    out="$LOG_DIR/wrk-${key//[^a-z0-9]/_}.log"
    before="$(cpu_snapshot)"
    local connections="${WRK_CONNECTIONS:-$CONNECTIONS}" threads="$WRK_THREADS"
    # wrk needs at least a connection per thread.
    ((threads <= connections)) || threads=$connections
    wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$BENCH_DIR/$script" "$url" >>"$out" 2>&1 &
    extra_pid=$!
    if ((seconds >= 2)); then
        sleep "$(calc "$seconds / 2")"
        first="$(stuck_sample)"
        sleep 0.5
        second="$(stuck_sample)"
        stuck="$(comm -12 <(sort <<<"$first") <(sort <<<"$second") | awk -F: -v g="$GATEWAY_PORT" -v i="$INVENTORY_PORT" \
            'NF { n[$1]++ } END { printf "%d %d", n[g], n[i] }')"
    fi
    wait "$extra_pid" || die "wrk failed on $url; see $out"
    extra_pid=""
    after="$(cpu_snapshot)"
    line="$(grep '^BENCH ' "$out" | tail -n 1)"
    [[ -n "$line" ]] || die "no BENCH line from wrk; see $out"
    LAST_RPS="$(field rps "$line")"
    LAST_P50="$(field p50_us "$line")"
    LAST_P99="$(field p99_us "$line")"
    LAST_ERRORS=$(($(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field status "$line") + $(field timeout "$line")))
    LAST_STUCK=""
    rps[$key]+=" $LAST_RPS"
    p50[$key]+=" $LAST_P50"
    p99[$key]+=" $LAST_P99"
    errors[$key]=$((${errors[$key]:-0} + LAST_ERRORS))
    if [[ -n "$stuck" ]]; then
        stuck_gw[$key]+=" ${stuck% *}"
        stuck_inv[$key]+=" ${stuck#* }"
        LAST_STUCK=", connections left unread: gateway ${stuck% *}, inventory ${stuck#* }"
    fi
    cpu_account "$key" "$before" "$after" "$(field requests "$line")" "$(calc "$(field duration_us "$line") / 1000000")"
}

# stuck_sample: "port:peer:bytes" of each established connection to the gateway's or inventory's
# port with bytes in its receive queue that the service has not read. Seen twice 0.5 s apart
# with the same bytes, a connection is stuck: its request waits with no thread reading it.
stuck_sample() {
    ss -Htn state established "( sport = :$INVENTORY_PORT or sport = :$GATEWAY_PORT )" 2>/dev/null |
        awk '$1 > 0 { n = split($3, l, ":"); print l[n] ":" $4 ":" $1 }'
}
declare -A stuck_gw=() stuck_inv=()

# ms_of MICROSECONDS: "1.234"
ms_of() { fmt '%.2f' "$1 / 1000"; }

declare -A target_url=([direct]="$inventory_url" [gateway]="$gateway_url" [nginx]="$nginx_url")
declare -A endpoint_path=([id]="/api/movies/$movie_id" [list]="/api/movies")
declare -A endpoint_name=([id]="GET /api/movies/{id}" [list]="GET /api/movies")
declare -A target_name=([direct]="directly against inventory" [gateway]="through the gateway" [nginx]="through nginx")
targets=(direct gateway nginx)
endpoints=(id list)
if ((WARMUP_SECONDS > 0)); then
    step "warming up each target (${WARMUP_SECONDS} s each, not counted)"
    for endpoint in "${endpoints[@]}"; do
        for target in "${targets[@]}"; do
            run_wrk "warmup" "${target_url[$target]}${endpoint_path[$endpoint]}" report.lua "$WARMUP_SECONDS"
        done
    done
fi
for ((round = 1; round <= ROUNDS; round++)); do
    for endpoint in "${endpoints[@]}"; do
        for target in "${targets[@]}"; do
            run_wrk "$endpoint-$target" "${target_url[$target]}${endpoint_path[$endpoint]}" report.lua "$RUN_SECONDS"
            step "${endpoint_name[$endpoint]} $target, run $round/$ROUNDS: $LAST_RPS req/s, p50 $(ms_of "$LAST_P50") ms, p99 $(ms_of "$LAST_P99") ms, errors $LAST_ERRORS$LAST_STUCK"
        done
    done
done

# --- POST /api/billing ----------------------------------------------------------------------------
orders_count() { psql_orders -c 'SELECT count(*) FROM orders'; }

# wait_orders_settled: until the worker has written everything queued (count unchanged for 1 s).
wait_orders_settled() {
    local last=-1 now stable=0 i
    for ((i = 0; i < 600; i++)); do
        now="$(orders_count)"
        if [[ "$now" == "$last" ]]; then
            stable=$((stable + 1))
            ((stable >= 5)) && return 0
        else
            stable=0
        fi
        last="$now"
        sleep 0.2
    done
    die "orders still being written after 120 s"
}

for ((round = 1; round <= ROUNDS; round++)); do
    run_wrk billing "$gateway_url/api/billing" billing.lua "$RUN_SECONDS"
    step "POST /api/billing, run $round/$ROUNDS: $LAST_RPS orders/s, p50 $(ms_of "$LAST_P50") ms, p99 $(ms_of "$LAST_P99") ms, errors $LAST_ERRORS$LAST_STUCK"
done
step "waiting for the worker to write the orders of the POST runs"
wait_orders_settled
# A quorum queue's count reaches list_queues a few seconds late: poll up to 15 s for 0.
for ((poll = 0; poll < 75; poll++)); do
    messages_left="$(as_root rabbitmqctl -q list_queues -p "$RABBIT_VHOST" name messages | awk -v q="$BILLING_QUEUE" '$1 == q { print $2 }')"
    [[ "${messages_left:-0}" == 0 ]] && break
    sleep 0.2
done
[[ "${messages_left:-0}" == 0 ]] || die "$messages_left messages left on $BILLING_QUEUE after the POST runs"

# --- the concurrency curve (issue 18) -------------------------------------------------------------
# usage_of PID: "rss_kib threads fds" of a process.
usage_of() {
    printf '%s %s %s' "$(rss_kib "$1")" "$(awk '/^Threads:/ { print $2 }' "/proc/$1/status")" \
        "$(find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
}
declare -A usage=()
for service in gateway inventory; do
    usage[$service:idle]="$(usage_of "${SERVICE_PIDS[$service]}")"
done
for c in "${CURVE[@]}"; do
    for target in direct gateway nginx; do
        WRK_CONNECTIONS=$c run_wrk "c$c-$target" "${target_url[$target]}${endpoint_path[id]}" report.lua "$RUN_SECONDS"
        step "GET /api/movies/{id} $target at $c connections: $LAST_RPS req/s, p50 $(ms_of "$LAST_P50") ms, p99 $(ms_of "$LAST_P99") ms, errors $LAST_ERRORS"
    done
    WRK_CONNECTIONS=$c run_wrk "c$c-billing" "$gateway_url/api/billing" billing.lua "$RUN_SECONDS"
    step "POST /api/billing at $c connections: $LAST_RPS orders/s, p50 $(ms_of "$LAST_P50") ms, p99 $(ms_of "$LAST_P99") ms, errors $LAST_ERRORS"
done
for service in gateway inventory; do
    usage[$service:loaded]="$(usage_of "${SERVICE_PIDS[$service]}")"
done
sleep "$BACK_TO_IDLE_SECONDS"
for service in gateway inventory; do
    usage[$service:after]="$(usage_of "${SERVICE_PIDS[$service]}")"
    step "$service (RSS KiB, threads, fds): idle ${usage[$service:idle]}; after ${CURVE[-1]} connections ${usage[$service:loaded]}; ${BACK_TO_IDLE_SECONDS} s later ${usage[$service:after]}"
done
step "waiting for the worker to write the orders of the concurrency runs"
wait_orders_settled

# --- the spike: worker stopped, SPIKE_ORDERS posted, worker started, time until all are in --------
# The watcher is one psql session polling inside the server (a DO block takes a new snapshot per
# statement): max(id), cheap on the primary key, until it reaches the target, then count(*).
# It prints the epoch of the first row it saw and of the moment all were there.
watch_orders_sql() {
    cat <<SQL
DO \$\$
DECLARE
    target bigint := $1;
    started timestamptz := clock_timestamp();
    first_seen timestamptz;
    n bigint := 0;
    top bigint;
BEGIN
    LOOP
        SELECT max(id) INTO top FROM orders;
        IF top IS NOT NULL AND first_seen IS NULL THEN
            first_seen := clock_timestamp();
        END IF;
        IF top >= target THEN
            SELECT count(*) INTO n FROM orders;
            EXIT WHEN n >= target;
        END IF;
        EXIT WHEN clock_timestamp() > started + interval '120 seconds';
        PERFORM pg_sleep(0.002);
    END LOOP;
    RAISE NOTICE 'DRAIN count=% first=% last=%', n,
        extract(epoch FROM first_seen), extract(epoch FROM clock_timestamp());
END
\$\$;
SQL
}

# The orders go out through curl's parallel mode: exactly SPIKE_ORDERS transfers on up to
# CONNECTIONS keep-alive connections, each printing its status, so the count is exact (wrk
# cannot stop after a given number of requests without sending more).
{
    for ((i = 1; i <= SPIKE_ORDERS; i++)); do
        ((i > 1)) && echo next
        printf '%s\n' "url = \"$gateway_url/api/billing\"" 'header = "Content-Type: application/json"' \
            'data = "{\"user_id\": 99, \"number_of_items\": 1, \"total_amount\": \"9.99\"}"' \
            'output = "/dev/null"' 'write-out = "%{http_code}\n"' 'max-time = 10'
    done
} >"$tmp_dir/spike.curl"
spike_post_s=() spike_post_rate=() spike_drain_s=() spike_drain_rate=() spike_first_s=()
spike_errors=0
count_failures=0
for ((round = 1; round <= ROUNDS; round++)); do
    stop_main billing
    pg_admin_psql -d "$BILLING_DATABASE" -c 'TRUNCATE orders RESTART IDENTITY' >/dev/null
    before="$(cpu_snapshot)"
    t0="$(now_ns)"
    curl -sS --parallel --parallel-max "$CONNECTIONS" -K "$tmp_dir/spike.curl" >"$tmp_dir/spike.codes" 2>>"$LOG_DIR/curl-spike.log" || true
    t1="$(now_ns)"
    after="$(cpu_snapshot)"
    accepted="$(grep -c '^2[0-9][0-9]$' "$tmp_dir/spike.codes" || true)"
    answered="$(grep -c . "$tmp_dir/spike.codes" || true)"
    round_errors=$((SPIKE_ORDERS - accepted))
    ((round_errors == 0)) || warn "spike round $round: statuses $(sort "$tmp_dir/spike.codes" | uniq -c | tr -s ' \n' ' ') of $answered answers"
    spike_errors=$((spike_errors + round_errors))
    post_s="$(calc "($t1 - $t0) / 1000000000")"
    spike_post_s+=("$post_s")
    spike_post_rate+=("$(calc "$accepted / $post_s")")
    cpu_account spike "$before" "$after" "$accepted" "$post_s"
    watch_orders_sql "$accepted" >"$tmp_dir/watch.sql"
    pg_admin_psql -d "$BILLING_DATABASE" <"$tmp_dir/watch.sql" >"$tmp_dir/watch.out" 2>&1 &
    extra_pid=$!
    sleep 0.2 # the watcher is polling before the worker starts
    before="$(cpu_snapshot)"
    worker_started="$(date +%s.%N)"
    start_main billing
    wait "$extra_pid" || die "the orders watcher failed: $(cat "$tmp_dir/watch.out")"
    extra_pid=""
    after="$(cpu_snapshot)"
    drain="$(grep -o 'DRAIN .*' "$tmp_dir/watch.out" || true)"
    [[ -n "$drain" ]] || die "the orders watcher said: $(cat "$tmp_dir/watch.out")"
    [[ "$(field count "$drain")" -ge "$accepted" ]] || die "only $(field count "$drain") of $accepted orders written within 120 s"
    drain_s="$(calc "$(field last "$drain") - $worker_started")"
    spike_drain_s+=("$drain_s")
    spike_first_s+=("$(calc "$(field first "$drain") - $worker_started")")
    spike_drain_rate+=("$(calc "$accepted / $drain_s")")
    cpu_account drain "$before" "$after" "$accepted" "$drain_s"
    # Exact count: every accepted order once, nothing else.
    read -r rows distinct <<<"$(psql_orders -F ' ' -c 'SELECT count(*), count(DISTINCT order_id) FROM orders')"
    if [[ "$rows" != "$accepted" || "$distinct" != "$accepted" || "$accepted" != "$SPIKE_ORDERS" ]]; then
        count_failures=$((count_failures + 1))
        warn "spike round $round: $SPIKE_ORDERS posted, $accepted accepted, $rows rows, $distinct distinct order ids"
    fi
    step "spike, run $round/$ROUNDS: $accepted of $SPIKE_ORDERS accepted in $post_s s ($(fmt '%.0f' "$accepted / $post_s")/s, errors $round_errors); worker start to all $rows in the table: $(fmt '%.3f' "$drain_s") s ($(fmt '%.0f' "$accepted / $drain_s")/s; first row after $(fmt '%.3f' "${spike_first_s[-1]}") s)"
done

for service in inventory billing gateway; do
    rss_after[$service]="$(rss_kib "${SERVICE_PIDS[$service]}")"
done
step "RSS after the load: inventory ${rss_after[inventory]} KiB, billing ${rss_after[billing]} KiB, gateway ${rss_after[gateway]} KiB"

# --- hardware references: pgbench and a raw publish loop -----------------------------------------
step "pgbench: inserts into a copy of the orders table (one client, as the worker is one session)"
export PGPASSWORD="$POSTGRES_PASSWORD"
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "$BILLING_DATABASE" \
    -c 'CREATE TABLE bench_pgbench (LIKE orders INCLUDING ALL)'
echo "INSERT INTO bench_pgbench (user_id, number_of_items, total_amount, order_id) VALUES (88, 2, 45.00, gen_random_uuid());" >"$tmp_dir/one.sql"
echo "INSERT INTO bench_pgbench (user_id, number_of_items, total_amount, order_id) SELECT 88, 2, 45.00, gen_random_uuid() FROM generate_series(1, 100);" >"$tmp_dir/batch.sql"
pg_one=() pg_batch=()
# pgbench_rows SCRIPT ROWS_PER_TRANSACTION: rows/s of one pgbench run.
pgbench_rows() {
    local tps
    tps="$(pgbench -n -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -c 1 -j 1 -T "$RUN_SECONDS" \
        -f "$1" "$BILLING_DATABASE" 2>>"$LOG_DIR/pgbench-errors.log" | tee -a "$LOG_DIR/pgbench.log" |
        sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')"
    [[ -n "$tps" ]] || die "pgbench failed; see $LOG_DIR/pgbench*.log"
    calc "$tps * $2"
}
for ((round = 1; round <= ROUNDS; round++)); do
    pg_one+=("$(pgbench_rows "$tmp_dir/one.sql" 1)")
    pg_batch+=("$(pgbench_rows "$tmp_dir/batch.sql" 100)")
    step "pgbench, run $round/$ROUNDS: $(fmt '%.0f' "${pg_one[-1]}") rows/s one per transaction, $(fmt '%.0f' "${pg_batch[-1]}") rows/s 100 per statement"
done
unset PGPASSWORD

step "raw publish loop with confirms (pika), persistent messages to a durable queue"
declare -A raw=()
for ((round = 1; round <= ROUNDS; round++)); do
    for window in 1 32 1000; do
        count=$RAW_COUNT
        ((window == 1)) && count=$RAW_ONE_COUNT
        line="$(RAWPUB_PASSWORD="$raw_password" "$VENV/bin/python" "$BENCH_DIR/rawpub.py" --port "${RABBIT_PORT:-5672}" \
            --vhost "$RABBIT_VHOST" --user "$raw_user" --queue bench_raw --count "$count" --window "$window")" ||
            die "the raw publish loop failed"
        raw[$window]+=" $(field rate "$line")"
    done
    step "raw publish, run $round/$ROUNDS, msgs/s with at most 1 / 32 / 1000 unconfirmed:$(for w in 1 32 1000; do printf ' %.0f' "${raw[$w]##* }"; done)"
done

# --- figures ------------------------------------------------------------------------------------
# med "LIST": median of a space-separated list.
med() {
    local -a values
    read -r -a values <<<"$1"
    median "${values[@]}"
}
mib() { fmt '%.1f' "$1 / 1024"; }
# runs FORMAT "LIST": the values of the runs, comma-separated.
runs() { awk -v f="$1" '{ for (i = 1; i <= NF; i++) printf "%s" f, (i > 1 ? ", " : ""), $i }' <<<"$2"; }
size_of() { if [[ -f "$1" ]]; then fmt '%.2f MiB' "$(stat -c %s "$1") / 1048576"; else echo "–"; fi; }

declare -A M_RPS=() M_P50=() M_P99=() M_START=()
for key in "${!rps[@]}"; do
    M_RPS[$key]="$(med "${rps[$key]}")"
    M_P50[$key]="$(med "${p50[$key]}")"
    M_P99[$key]="$(med "${p99[$key]}")"
done
for service in inventory billing gateway; do
    M_START[$service]="$(med "${startup_ms[$service]}")"
done
ratio() { fmt '%.2f' "${M_RPS[$1]} / ${M_RPS[$2]}"; }
ratio_id_direct="$(ratio id-gateway id-direct)"
ratio_id_nginx="$(ratio id-gateway id-nginx)"
ratio_list_direct="$(ratio list-gateway list-direct)"
ratio_list_nginx="$(ratio list-gateway list-nginx)"
spike_post="$(median "${spike_post_s[@]}")"
spike_post_r="$(median "${spike_post_rate[@]}")"
spike_drain="$(median "${spike_drain_s[@]}")"
spike_drain_r="$(median "${spike_drain_rate[@]}")"
spike_first="$(median "${spike_first_s[@]}")"
pg_one_m="$(median "${pg_one[@]}")"
pg_batch_m="$(median "${pg_batch[@]}")"
raw1="$(med "${raw[1]}")"
raw32="$(med "${raw[32]}")"
raw1000="$(med "${raw[1000]}")"

v_id_direct="$(verdict "$ratio_id_direct" '>=' "$GOAL_GATEWAY_DIRECT")"
v_id_nginx="$(verdict "$ratio_id_nginx" '>=' "$GOAL_GATEWAY_NGINX")"
v_billing="$(verdict "${M_RPS[billing]}" '>=' "$GOAL_BILLING_RPS")"
v_billing_errors="$(verdict "${errors[billing]}" '==' 0)"
v_drain="$(verdict "$spike_drain" '<=' "$GOAL_DRAIN_SECONDS")"
v_count="$(verdict "$count_failures" '==' 0)"
declare -A v_rss=()
for service in inventory gateway billing; do
    v_rss[$service]="$(verdict "${rss_idle[$service]}" '<=' "$((GOAL_IDLE_RSS_MIB * 1024))")"
done

# curve_table: the concurrency curve, one run per figure.
curve_table() {
    local c target key
    echo "| connections | request | target | req/s | p50 / p99 ms | errors (socket + non-2xx) | CPU µs/request (its process) |"
    echo "|---:|---|---|---:|---|---:|---:|"
    for c in "${CURVE[@]}"; do
        for target in direct gateway nginx billing; do
            key="c$c-$target"
            local what="GET /api/movies/{id}" who="$target" part="$target"
            [[ "$target" == billing ]] && what="POST /api/billing" who="gateway" part="gateway"
            [[ "$target" == direct ]] && who="inventory" part="inventory"
            echo "| $c | $what | $who | $(fmt '%.0f' "$(med "${rps[$key]}")") | $(ms_of "$(med "${p50[$key]}")") / $(ms_of "$(med "${p99[$key]}")") | ${errors[$key]} | $(cpu_of "$key" "$part") |"
        done
    done
}

# usage_table: resident memory, threads and descriptors around the largest load.
usage_table() {
    local service when
    echo "| service | idle | after ${CURVE[-1]} connections | ${BACK_TO_IDLE_SECONDS} s later |"
    echo "|---|---|---|---|"
    for service in gateway inventory; do
        printf '| %s |' "$service"
        for when in idle loaded after; do
            read -r r t f <<<"${usage[$service:$when]}"
            printf ' %s MiB, %s threads, %s fds |' "$(mib "$r")" "$t" "$f"
        done
        echo
    done
}

# figures_table: every figure, its runs, its goal.
figures_table() {
    local endpoint target key
    echo "| Figure | Median | Runs | Goal | |"
    echo "|---|---:|---|---|---|"
    for endpoint in id list; do
        for target in direct gateway nginx; do
            key="$endpoint-$target"
            echo "| ${endpoint_name[$endpoint]} ${target_name[$target]}: req/s | $(fmt '%.0f' "${M_RPS[$key]}") | $(runs '%.0f' "${rps[$key]}") | | |"
            echo "| … p50 / p99 latency, ms | $(ms_of "${M_P50[$key]}") / $(ms_of "${M_P99[$key]}") | p99 $(runs '%.0f' "${p99[$key]}") µs | | |"
            echo "| … errors, all runs | ${errors[$key]} | | | |"
        done
    done
    echo "| GET /api/movies/{id}: gateway / direct | $ratio_id_direct | | ≥ $GOAL_GATEWAY_DIRECT | $v_id_direct |"
    echo "| GET /api/movies/{id}: gateway / nginx | $ratio_id_nginx | | ≥ $GOAL_GATEWAY_NGINX | $v_id_nginx |"
    echo "| GET /api/movies: gateway / direct | $ratio_list_direct | | | |"
    echo "| GET /api/movies: gateway / nginx | $ratio_list_nginx | | | |"
    echo "| POST /api/billing through the gateway, worker running: orders/s | $(fmt '%.0f' "${M_RPS[billing]}") | $(runs '%.0f' "${rps[billing]}") | ≥ $GOAL_BILLING_RPS | $v_billing |"
    echo "| … p50 / p99 latency, ms | $(ms_of "${M_P50[billing]}") / $(ms_of "${M_P99[billing]}") | p99 $(runs '%.0f' "${p99[billing]}") µs | | |"
    echo "| … errors, all runs | ${errors[billing]} | | 0 | $v_billing_errors |"
    echo "| Spike, worker stopped: $SPIKE_ORDERS orders posted in s | $(fmt '%.3f' "$spike_post") | $(runs '%.3f' "${spike_post_s[*]}") | | |"
    echo "| … orders/s accepted | $(fmt '%.0f' "$spike_post_r") | $(runs '%.0f' "${spike_post_rate[*]}") | | |"
    echo "| … errors, all runs | $spike_errors | | 0 | $(verdict "$spike_errors" '==' 0) |"
    echo "| Spike: worker started → all $SPIKE_ORDERS in the table, s | $(fmt '%.3f' "$spike_drain") | $(runs '%.3f' "${spike_drain_s[*]}") | ≤ $GOAL_DRAIN_SECONDS | $v_drain |"
    echo "| … orders/s written (start-up included) | $(fmt '%.0f' "$spike_drain_r") | $(runs '%.0f' "${spike_drain_rate[*]}") | | |"
    echo "| … worker started → first row in the table, s | $(fmt '%.3f' "$spike_first") | $(runs '%.3f' "${spike_first_s[*]}") | | |"
    echo "| … exact count: rows = distinct order ids = orders posted | $( ((count_failures)) && echo "wrong in $count_failures runs" || echo "exact in every run") | | exact | $v_count |"
    for service in inventory gateway billing; do
        echo "| $service RSS idle / after the load, MiB | $(mib "${rss_idle[$service]}") / $(mib "${rss_after[$service]}") | | idle ≤ $GOAL_IDLE_RSS_MIB | ${v_rss[$service]} |"
    done
    for service in inventory gateway billing; do
        echo "| $service start-up until it $([[ $service == billing ]] && echo "consumes" || echo "answers /health"), ms | ${M_START[$service]} | $(runs '%.0f' "${startup_ms[$service]}") | | |"
    done
    for service in inventory gateway billing; do
        echo "| $service binary: release (glibc) / static musl in dist/ | $(size_of "$TARGET_DIR/release/$service") / $(size_of "dist/$service") | | | |"
    done
    echo "| Reference: pgbench, 1 row per transaction, 1 client, rows/s | $(fmt '%.0f' "$pg_one_m") | $(runs '%.0f' "${pg_one[*]}") | | |"
    echo "| Reference: pgbench, 100 rows per statement, 1 client, rows/s | $(fmt '%.0f' "$pg_batch_m") | $(runs '%.0f' "${pg_batch[*]}") | | |"
    echo "| Reference: raw publish + confirm, 1 at a time, msgs/s | $(fmt '%.0f' "$raw1") | $(runs '%.0f' "${raw[1]}") | | |"
    echo "| Reference: raw publish, ≤ 32 unconfirmed, msgs/s | $(fmt '%.0f' "$raw32") | $(runs '%.0f' "${raw[32]}") | | |"
    echo "| Reference: raw publish, ≤ 1000 unconfirmed, msgs/s | $(fmt '%.0f' "$raw1000") | $(runs '%.0f' "${raw[1000]}") | | |"
}

# cpu_table: CPU µs per request (or order) by process, median of the runs, and how busy the
# cores were.
cpu_table() {
    local key part label
    echo "| Run | gateway | inventory | nginx | billing | PostgreSQL | RabbitMQ | other (wrk, kernel, …) | total | cores busy | threads created | connections stuck (gateway, inventory) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for key in id-direct id-gateway id-nginx list-direct list-gateway list-nginx billing spike drain; do
        [[ -n "${busy[$key]:-}" ]] || continue
        case "$key" in
            id-* | list-*) label="${endpoint_name[${key%%-*}]} ${target_name[${key#*-}]}" ;;
            billing) label="POST /api/billing, worker running" ;;
            spike) label="spike: posting, worker stopped" ;;
            drain) label="spike: draining (µs per order)" ;;
        esac
        printf '| %s |' "$label"
        for part in "${CPU_PARTS[@]}"; do
            printf ' %s |' "$(fmt '%.0f' "$(med "${cpu[$key:$part]}")")"
        done
        printf ' %s %% | %s | %s |\n' "$(fmt '%.0f' "$(med "${busy[$key]}")")" "$(fmt '%.2f' "$(med "${cpu[$key:forks]}")")" \
            "$(if [[ -n "${stuck_gw[$key]:-}" ]]; then echo "$(runs '%d' "${stuck_gw[$key]}"); $(runs '%d' "${stuck_inv[$key]}")"; fi)"
    done
}

# cpu_of KEY PART: median µs.
cpu_of() { fmt '%.0f' "$(med "${cpu[$1:$2]}")"; }

write_report() {
    local commit dirty="" cpu_model mem kernel pg_ver rabbit_ver
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && dirty=" (working tree with uncommitted changes)"
    cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    mem="$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    kernel="$(uname -r)"
    pg_ver="$(pg_admin_psql -d postgres -tA -c 'SHOW server_version' 2>/dev/null | awk '{ print $1 }')"
    rabbit_ver="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo "?")"
    cat <<EOT
# Benchmarks

Written by \`scripts/bench.sh\` (its full run; \`--quick\` never writes here). Do not edit by
hand: run the script again.

- **Date**: $(date -u '+%Y-%m-%d %H:%M UTC'); **commit** \`$commit\`$dirty
- **Machine**: $CORES cores ($cpu_model), $mem RAM, Linux $kernel; PostgreSQL $pg_ver,
  RabbitMQ $rabbit_ver, $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }').
- **Method**: everything on this one machine over loopback: wrk, the three release binaries
  (lto, codegen-units 1), nginx, PostgreSQL and RabbitMQ share the $CORES cores. wrk with
  $WRK_THREADS threads and $CONNECTIONS connections, ${RUN_SECONDS} s per run after a ${WARMUP_SECONDS} s
  warm-up; every figure measured $ROUNDS times, the runs interleaved (direct, gateway, nginx, …),
  the median quoted and the runs listed. Fresh databases and vhost; $MOVIES movies
  (\`GET /api/movies\` answers $list_bytes bytes); the services' settings are those of \`.env\`
  (INVENTORY_THREADS=${INVENTORY_THREADS:-default}). nginx: \`worker_processes auto\`, keep-alive upstream
  connections, access log on (the services log every request too). Latencies are wrk's
  (coordinated omission included: they are per connection, back to back).
- Logs of the run: \`${LOG_DIR#"$REPO_ROOT"/}/\`.

## Goals

| Goal (issue 8) | Measured | |
|---|---|---|
| Gateway ≥ $GOAL_GATEWAY_DIRECT × direct inventory on GET /api/movies/{id} | $ratio_id_direct × ($(fmt '%.0f' "${M_RPS[id-gateway]}") vs $(fmt '%.0f' "${M_RPS[id-direct]}") req/s) | $v_id_direct |
| Gateway ≥ $GOAL_GATEWAY_NGINX × nginx on GET /api/movies/{id} | $ratio_id_nginx × ($(fmt '%.0f' "${M_RPS[id-gateway]}") vs $(fmt '%.0f' "${M_RPS[id-nginx]}") req/s) | $v_id_nginx |
| POST /api/billing ≥ $GOAL_BILLING_RPS orders/s | $(fmt '%.0f' "${M_RPS[billing]}") orders/s | $v_billing |
| … with zero errors | ${errors[billing]} errors | $v_billing_errors |
| $SPIKE_ORDERS-order backlog drained in ≤ $GOAL_DRAIN_SECONDS s | $(fmt '%.3f' "$spike_drain") s from worker start, count exact: $v_count | $v_drain |
| Each service ≤ $GOAL_IDLE_RSS_MIB MiB RSS idle | inventory $(mib "${rss_idle[inventory]}"), gateway $(mib "${rss_idle[gateway]}"), billing $(mib "${rss_idle[billing]}") MiB | $(if [[ "${v_rss[inventory]}${v_rss[gateway]}${v_rss[billing]}" == metmetmet ]]; then echo met; else echo "**missed**"; fi) |

## Every figure

$(figures_table)

## The seed (the original Python system) for comparison

Measured on the same kind of machine (\`shared/FINDINGS.md\`), not in this run.

| | Seed (Flask, pika, psycopg2) | This run |
|---|---|---|
| GET /api/movies (100 rows) through the gateway, req/s | 128–165 (Flask dev servers; 176–180 with gunicorn -w 4) | $(fmt '%.0f' "${M_RPS[list-gateway]}") |
| POST /api/billing, orders/s | 77–109 (a new AMQP connection per request) | $(fmt '%.0f' "${M_RPS[billing]}") |
| Draining 10,000 queued orders | 29–44 s | $(fmt '%.3f' "$spike_drain") s ($SPIKE_ORDERS orders) |
| RSS gateway / inventory / worker | ~41 / ~65 / ~60 MB | $(mib "${rss_idle[gateway]}") / $(mib "${rss_idle[inventory]}") / $(mib "${rss_idle[billing]}") MiB idle |

## Where the time goes

CPU time per request (per order for the spike), in µs, from \`/proc/*/stat\` before and after each
run (median of the runs); "other" is the rest of the machine's busy time: wrk itself, network
work the kernel does not charge to a process, anything else running. At 100 % busy the $CORES
cores give $((CORES * 1000000)) µs per second, so throughput ≈ $((CORES * 1000000)) / total.
"Threads created" counts the processes and threads the whole machine created per request
(\`processes\` in \`/proc/stat\`). "Connections stuck" (per run): client connections of the
gateway and of inventory whose request sat unread in the socket for 0.5 s in mid-run.

$(cpu_table)

## Many clients at once (issue 18)

\`GET /api/movies/{id}\` and \`POST /api/billing\` at each connection count, one ${RUN_SECONDS} s run each
(wrk -t$WRK_THREADS; the open-files limit raised to $nofile for it). Errors count socket errors
(connect, read, write, timeout) and non-2xx answers together.

$(curve_table)

$(usage_table)

$(reading)
EOT
}

# reading: the figures put into words (the numbers are this run's; the diagnoses are printed
# only when the figures show their signature).
reading() {
    local id_d id_g hop forks_gw list_gw_p50 list_d_p50 bound
    id_d="$(cpu_of id-direct total)"
    id_g="$(cpu_of id-gateway total)"
    hop="$(fmt '%.0f' "$id_g - $id_d")"
    forks_gw="$(fmt '%.2f' "$(med "${cpu[id-gateway:forks]}") - $(med "${cpu[id-direct:forks]}")")"
    list_gw_p50="${M_P50[list-gateway]}"
    list_d_p50="${M_P50[list-direct]}"
    cat <<EOT
- **The extra hop.** Directly, a \`GET /api/movies/{id}\` costs the machine $id_d µs of CPU
  (inventory $(cpu_of id-direct inventory), PostgreSQL $(cpu_of id-direct postgresql)); through
  the gateway $id_g µs, so the hop adds $hop µs, of which the gateway process itself spends
  $(cpu_of id-gateway gateway) µs (read the request, forward it with ureq over a pooled keep-alive
  connection, copy the answer back, log) and the rest is the second loopback round trip in the
  kernel and wrk ("other"). nginx makes the same hop for $(cpu_of id-nginx nginx) µs of its own
  ($(cpu_of id-nginx total) µs in all). With the cores saturated, throughput is the inverse of the
  total, so gateway/direct ≈ $id_d / $id_g and gateway/nginx ≈ $(cpu_of id-nginx total) / $id_g.
  nginx itself, a few tens of µs per request, reaches $(ratio id-nginx id-direct)× direct here: with
  wrk, the proxy, inventory and PostgreSQL sharing two saturated cores, every µs a proxy spends
  is taken from inventory, so ≥ 0.8× direct asks for a proxy nearly as cheap as nginx.
EOT
    if [[ "$(calc "$forks_gw >= 0.5")" == 1 ]]; then
        cat <<EOT
- **Threads per request.** The machine created $forks_gw more threads per request through the
  gateway than directly. The gateway spawns a thread for every request (\`accept_loop\` in
  \`gateway/src/lib.rs\`), and ureq 3.5 spawns one more on every call: with any timeout covering
  name resolution (\`timeout_resolve\`, \`timeout_global\`, \`timeout_per_call\`), its
  \`DefaultResolver\` resolves on a fresh thread each time, even the IP literal of INVENTORY_URL.
  Each thread costs a clone, a stack mmap/mprotect/munmap and scheduler work. In a trial on this
  machine, a fixed pool of request threads (each calling \`server.recv()\`) plus a ureq
  \`Resolver\` that returns IP literals at once (\`Agent::with_parts\`) cut the gateway's CPU per
  proxied request from ~310 µs to ~115 µs. With both, TCP_NODELAY (below) and the task-pool fix,
  that trial gateway served GET /api/movies/{id} at 6,300–8,100 req/s against 12,600–16,800
  directly (~0.5×), GET /api/movies at 3,300–3,800 req/s and POST /api/billing at
  5,000–5,500 orders/s, on a machine also busy with other builds. What remains is kernel work:
  tiny_http hands each request from its connection thread to a worker (two futex wake-ups),
  plus the socket I/O of two connections.
EOT
    fi
    if [[ "$(calc "$list_gw_p50 >= 30000 && $list_d_p50 < 15000")" == 1 ]]; then
        cat <<EOT
- **40 ms per listed page.** Through the gateway, \`GET /api/movies\` ($list_bytes bytes) takes
  $(ms_of "$list_gw_p50") ms at p50 against $(ms_of "$list_d_p50") ms directly, at low CPU: the
  signature of Nagle's algorithm meeting the client's delayed ACK. tiny_http's \`Server::http\`
  leaves TCP_NODELAY off on the gateway's client sockets, and the relay writes the head and then
  the body in 8 KiB writes; the second write waits for the ACK of the first, which the client
  delays 40 ms. 32 connections / ~45 ms ≈ 700 req/s whatever the CPU. Fix: bind the listener
  with TCP_NODELAY (accepted sockets inherit it), as \`inventory/src/listener.rs\` does, and hand it
  to \`Server::from_listener\`; in the trial this took the page from ~45 ms to ~1.5 ms at p50.
EOT
    fi
    local key any_stuck=0 stuck_total
    for key in "${!stuck_gw[@]}"; do
        stuck_total="$(awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s + 0 }' <<<"${stuck_gw[$key]} ${stuck_inv[$key]}")"
        ((stuck_total > 0)) && any_stuck=1
    done
    if ((any_stuck)); then
        cat <<EOT
- **Connections left unserved.** In some runs (last column above) client connections of the
  gateway or of inventory had a request sitting unread for 0.5 s while wrk waited for it. Both
  use tiny_http 0.12, which serves each connection on a thread of its \`TaskPool\`; as published,
  its \`TaskPool::spawn\` starts a new thread only when \`waiting_tasks == 0\`. A thread that has just
  been notified still counts as waiting until it wakes up, so when connections arrive in a burst
  (wrk opens 32 at once, while threads idle from the previous load linger for 5 s) a second
  connection is queued for a thread that is already taken, and waits until some other
  connection closes: never, for keep-alive clients (wrk, nginx's upstream pool, the gateway's
  own pool to inventory). Throughput then comes from fewer than 32 connections, and requests
  hang (before the fix, 12 of 1,000 spike orders were stored but never answered within 30 s).
EOT
        if grep -q 'waiting_tasks.load(Ordering::Acquire) <= queue.len()' \
            "$REPO_ROOT/vendor/tiny_http/src/util/task_pool.rs" 2>/dev/null; then
            cat <<EOT
  The vendored tiny_http (\`vendor/tiny_http\`) carries the fix (a thread is started
  when \`waiting_tasks <= todo.len()\`); the few connections still seen stuck in this run waited
  for a thread that was runnable but not scheduled, or for a cause not found yet.
EOT
        else
            cat <<EOT
  Fix: in the vendored tiny_http's \`TaskPool::spawn\`, start a thread when
  \`waiting_tasks <= todo.len()\` instead of \`== 0\`.
EOT
        fi
    fi
    bound="$(fmt '%.0f' "$CONNECTIONS * 1000000 / ${M_P50[billing]}")"
    cat <<EOT
- **POST /api/billing** ($(fmt '%.0f' "${M_RPS[billing]}")/s, p50 $(ms_of "${M_P50[billing]}") ms, cores
  $(fmt '%.0f' "$(med "${busy[billing]}")") % busy) waits on RabbitMQ: a persistent message is
  confirmed only after the broker's fsync, and $CONNECTIONS clients each waiting for their own
  confirm can never have more than $CONNECTIONS in flight ($CONNECTIONS / p50 = $bound/s). A raw publish
  loop (pika, no HTTP) with at most 32 unconfirmed messages reached $(fmt '%.0f' "$raw32")/s, with 1000
  $(fmt '%.0f' "$raw1000")/s, one at a time $(fmt '%.0f' "$raw1")/s. The gateway's publisher thread publishes
  what is waiting, then waits for all of that batch's confirms before it publishes the next
  batch: an order that arrives meanwhile waits for the rest of that round and then a round of its
  own. Per order the gateway spent $(cpu_of billing gateway) µs of CPU and RabbitMQ
  $(cpu_of billing rabbitmq) µs.
EOT
    if [[ "$(calc "$raw32 < $GOAL_BILLING_RPS")" == 1 ]]; then
        cat <<EOT
  Even the raw loop with 32 in flight stays under $GOAL_BILLING_RPS/s on this machine in this run,
  so at 32 connections the goal is out of reach of any publisher here: the broker's confirm
  latency (its fsync, and CPU shared with everything else) is the limit.
EOT
    fi
    cat <<EOT
- **The backlog** drains at $(fmt '%.0f' "$spike_drain_r") orders/s counted from the worker's start
  ($(fmt '%.3f' "$spike_first") s to the first row). PostgreSQL alone takes $(fmt '%.0f' "$pg_batch_m") rows/s
  in statements of 100 rows from one client and $(fmt '%.0f' "$pg_one_m") rows/s one row per
  transaction (its fsync per commit): the worker's batches of up to 100 orders per INSERT and
  per \`ack_multiple\` are what make the difference. Per order the drain costs billing
  $(cpu_of drain billing) µs, PostgreSQL $(cpu_of drain postgresql) µs and RabbitMQ
  $(cpu_of drain rabbitmq) µs of CPU.
- **Memory.** Idle, each service holds $(mib "$(median "${rss_idle[@]}" | awk '{ print $1 }')") MiB or so (from $(mib "$(printf '%s\n' "${rss_idle[@]}" | sort -n | head -n 1)") to $(mib "$(printf '%s\n' "${rss_idle[@]}" | sort -n | tail -n 1)")); after the
  load the gateway holds $(mib "${rss_after[gateway]}") MiB and inventory $(mib "${rss_after[inventory]}") MiB
  (thread stacks touched under load and glibc's per-thread malloc arenas, kept after the load).
$(curve_reading)
EOT
}

# curve_reading: the concurrency curve in words: where the cost grows.
curve_reading() {
    local top="${CURVE[-1]}" key
    local gw="c$top-gateway" ngx="c$top-nginx" inv="c$top-direct" bil="c$top-billing"
    cat <<EOT
- **Many clients.** At $top connections the gateway served $(fmt '%.0f' "$(med "${rps[$gw]}")") req/s
  ($(fmt '%.2f' "$(med "${rps[$gw]}") / $(med "${rps[c32-gateway]}")")× its own at 32 connections,
  $(fmt '%.2f' "$(med "${rps[$gw]}") / $(med "${rps[$ngx]}")")× nginx's at $top) with ${errors[$gw]} errors
  against nginx's ${errors[$ngx]}, p99 $(ms_of "$(med "${p99[$gw]}")") ms against $(ms_of "$(med "${p99[$ngx]}")") ms;
  inventory directly $(fmt '%.0f' "$(med "${rps[$inv]}")") req/s with ${errors[$inv]} errors; orders
  $(fmt '%.0f' "$(med "${rps[$bil]}")")/s with ${errors[$bil]} errors. Latency grows with the
  connection count as a queue does (connections ÷ throughput, Little's law): a request waits its
  turn for a worker in a first-in-first-out queue, costing no thread; threads stay at the
  workers' number, and what grows is the kernel's socket memory and the queue's wait. The wrk
  logs (\`target/bench/wrk-c*\`) split the errors by kind: connect, read, write, non-2xx status,
  timeout.
EOT
}

figures_table >"$LOG_DIR/figures.md"
cpu_table >"$LOG_DIR/cpu.md"
printf '\n'
cat "$LOG_DIR/figures.md"
printf '\nCPU µs per request:\n'
cat "$LOG_DIR/cpu.md"
printf '\n'
step "finished in $((SECONDS - started_at)) s"
if ((quick)); then
    write_report >"$LOG_DIR/BENCHMARKS-quick.md"
    step "quick run: docs/BENCHMARKS.md left as it is; the report of this run is $LOG_DIR/BENCHMARKS-quick.md"
else
    write_report >"$REPO_ROOT/docs/BENCHMARKS.md"
    step "wrote docs/BENCHMARKS.md"
fi
((count_failures == 0)) || die "orders were lost or duplicated in $count_failures spike runs"
