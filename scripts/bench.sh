#!/usr/bin/env bash
# The benchmark (issues 8, 14, 18): builds the release binaries, starts the whole stack on
# loopback with fresh databases and a fresh RabbitMQ vhost, loads it with wrk, records every raw
# measurement in target/bench/results.txt and has scripts/bench/report.py write the tables
# between the markers of docs/BENCHMARKS.md (the prose around them is written by people).
#
#     scripts/bench.sh           full run: every figure 3 times (the curve's 1 and 256
#                                connections once), median quoted (~9 min plus the
#                                release build); writes the tables of docs/BENCHMARKS.md
#     scripts/bench.sh --quick   one short run per figure, so the script cannot rot
#                                (scripts/test.sh); writes its report to
#                                target/bench/BENCHMARKS-quick.md (a copy of docs/BENCHMARKS.md
#                                with its tables replaced), never to docs/
#
# What it measures, all in one run, at 32 connections (wrk -t2 -c32):
#   1. GET /api/movies/{id} and GET /api/movies (100 movies) directly against inventory, through
#      the gateway and through nginx (5.): requests/s, p50, p99, errors.
#   2. POST /api/billing through the gateway (publisher confirms), worker running.
#   3. The spike: worker stopped, 10,000 orders posted as fast as the gateway takes them, then
#      the worker started; time until all are in the table; exact count checked.
#   4. VmRSS of each service idle and after the load; binary sizes; start-up time of each
#      until it answers (HTTP /health 200) or consumes ("billing consuming").
#   5. nginx (a reverse-proxy config written to a temporary directory) in front of the same
#      inventory; and as hardware references pgbench inserts and a raw RabbitMQ
#      publish-with-confirms loop (scripts/bench/rawpub.py, pika in .tools/bench-venv).
#   6. The concurrency curve (issue 18): 1 to 4,000 connections (32, 1,000 and 4,000 in every
#      round, the rest once); memory, threads and fds of the gateway and inventory idle, after
#      4,000 connections and 15 s later.
#   7. A CPU profile (issue 14): perf record during one more GET /api/movies/{id} run through the
#      gateway and one through nginx, grouped by component (scripts/bench/cpu_profile.py). When
#      perf cannot record, the report says "not measured" and why; the run goes on.
#   And for each run the CPU time per request of each process (/proc/PID/stat), the rest of the
#   machine's busy time, and the threads created per request: where the time goes.
#
# Ports (not those of scripts/run-local.sh): inventory 15000, gateway 18080, nginx 18081.
# Databases bench_<time>_<pid>_movies/_orders, vhost bench_<time>_<pid> and a reference user
# are created for the run and dropped at exit, whatever happens. Only loopback traffic.
# Logs of the last run: target/bench/. Exit status 1 when the stack failed, orders were lost or
# duplicated, a figure could not be computed or a marker is missing from docs/BENCHMARKS.md; a
# missed performance goal is reported in the table, not as a failure.
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
# The concurrency curve (issue 18): the same requests at each of these connection counts. The
# quick run has the same counts (1-s runs), so the goals at 1,000 and 4,000 are computed there too.
readonly CURVE=(1 32 256 1000 4000)
# The counts whose figures issue 18 compares (report.py: CURVE_GOAL_CONNECTIONS and 32): measured
# in every round, the other counts in the first only.
readonly CURVE_COMPARED=(32 1000 4000)
readonly INVENTORY_PORT=15000 GATEWAY_PORT=18080 NGINX_PORT=18081
if ((quick)); then
    readonly RUN_SECONDS=1 ROUNDS=1 WARMUP_SECONDS=0 SPIKE_ORDERS=1000 RAW_COUNT=2000 RAW_ONE_COUNT=200
else
    readonly RUN_SECONDS=5 ROUNDS=3 WARMUP_SECONDS=1 SPIKE_ORDERS=10000 RAW_COUNT=10000 RAW_ONE_COUNT=1000
fi
# After the largest load, the services are expected back at their idle level within this.
readonly BACK_TO_IDLE_SECONDS=15
# perf's sampling rate: an odd number, so it does not beat with the kernel's 100/250/1000 Hz
# timers; ~1,000 samples per second per busy core.
readonly PERF_HZ=999
readonly BENCH_DIR="$REPO_ROOT/scripts/bench"
readonly DOC="$REPO_ROOT/docs/BENCHMARKS.md"
readonly VENV="$REPO_ROOT/.tools/bench-venv"
readonly TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
readonly LOG_DIR="$TARGET_DIR/bench"
# Every raw measurement, one record a line (format: scripts/bench/report.py's docstring).
readonly RESULTS="$LOG_DIR/results.txt"
# The binaries measured: the release profile with its symbol table kept (see the build below).
SERVICE_BIN_DIR="$TARGET_DIR/perf"
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
perf_pid=""
stack_ready=0

# --- clean-up: only what this run started or created ----------------------------------------
cleanup() {
    local status=$?
    set +e
    if [[ -n "$perf_pid" ]]; then
        kill -INT "$perf_pid" 2>/dev/null
        wait "$perf_pid" 2>/dev/null
    fi
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

# --- small helpers ------------------------------------------------------------------------------
now_ns() { date +%s%N; }

# record KIND NAME=VALUE...: appends one record to the results file. The figures are computed
# from these records only, by scripts/bench/report.py, after the run; nothing here does
# arithmetic on a figure.
record() {
    printf '%s\n' "$*" >>"$RESULTS"
}

# field NAME LINE: the value of NAME=value in LINE.
field() {
    sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2"
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
# A missing marker would lose the run's figures after minutes of measuring: checked first.
python3 "$BENCH_DIR/report.py" check-markers "$DOC" || die "docs/BENCHMARKS.md cannot take this run's tables"
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
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log "$LOG_DIR"/perf-* "$RESULTS"
step "checking tools (wrk, nginx, pgbench, curl, perf, python3 venv)"
apt_install_missing wrk curl python3 binutils
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
    apt_install_missing nginx
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
# perf is optional: without it the report says why the profile was not measured.
perf_unavailable=""
if ! command -v perf >/dev/null 2>&1; then
    apt_install_missing linux-perf >"$LOG_DIR/apt-linux-perf.log" 2>&1 ||
        warn "could not install Debian's linux-perf; see $LOG_DIR/apt-linux-perf.log"
fi
command -v perf >/dev/null 2>&1 || perf_unavailable="perf is not installed (Debian's linux-perf)"
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

tmp_dir="$(mktemp -d /tmp/bench.XXXXXX)"
chmod 755 "$tmp_dir"

# --- the fresh vhost's reference user (pika publish loop) ---------------------------------------
rabbit_ensure_user "$raw_user" "$raw_password" "$RABBIT_VHOST" '^bench_raw$' '^amq\.default$' '^bench_raw$'

# --- build --------------------------------------------------------------------------------------
# The release profile strips the symbol table (strip = true in Cargo.toml), which leaves perf
# nothing but addresses. The "perf" profile, defined here and nowhere else, is release with
# strip = none: stripping happens after the code is generated and linked, so the code measured is
# the release code; only the file is larger (the sizes reported are of a stripped copy). Its own
# directory (target/perf) leaves target/release to the other scripts.
step "building release binaries with symbols (cargo build --profile perf: release with strip = none)"
build_started=$SECONDS
CARGO_PROFILE_PERF_INHERITS=release CARGO_PROFILE_PERF_STRIP=none cargo build --profile perf --workspace --bins
step "built in $((SECONDS - build_started)) s"

# --- services -----------------------------------------------------------------------------------
# start_main NAME: the instance the benchmark loads (lib/local.sh's start_service: its log in a
# file only, ready when /health answers 200 or billing consumes, polled every 5 ms so the
# start-up time is exact to a few ms).
start_main() {
    start_service --quiet --health --poll 0.005 "$1" "$LOG_DIR"
    step "$1 up in $(((READY_NS - STARTED_NS) / 1000000)) ms (pid $STARTED_PID)"
}

for service in inventory billing gateway; do
    start_main "$service"
    record startup service="$service" start_ns="$STARTED_NS" ready_ns="$READY_NS"
done
sleep 0.5
for service in inventory billing gateway; do
    record rss service="$service" when=idle kib="$(rss_kib "${SERVICE_PIDS[$service]}")"
done

# --- start-up time: further instances on free ports, each stopped again -------------------------
for ((round = 1; round < ROUNDS; round++)); do
    for service in inventory billing gateway; do
        start_service --as "$service-startup" --quiet --health --poll 0.005 "$service" "$LOG_DIR" \
            INVENTORY_LISTEN=127.0.0.1:0 GATEWAY_LISTEN=127.0.0.1:0 BILLING_METRICS_LISTEN=127.0.0.1:0
        record startup service="$service" start_ns="$STARTED_NS" ready_ns="$READY_NS"
        stop_service "$service-startup"
    done
done

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
# cpu_snapshot PREFIX: one line "PREFIXtotal=T PREFIXgateway=G PREFIXinventory=I PREFIXbilling=B
# PREFIXnginx=N PREFIXpostgresql=P PREFIXrabbitmq=R PREFIXforks=F": F is the machine's count of
# processes and threads ever created (/proc/stat), the rest clock ticks: T from /proc/stat (busy
# time of all cores), the others from /proc/PID/stat (utime + stime, all threads) of our
# services, nginx's master and workers, the postmaster and its children, RabbitMQ's VM and its
# children. What T has beyond their sum is wrk, the kernel's network work not charged to a
# process, and anything else running on the machine. Sums of counters, no figure: report.py
# takes the differences.
cpu_snapshot() {
    {
        head -n 1 /proc/stat
        grep '^processes ' /proc/stat
        cat /proc/[0-9]*/stat 2>/dev/null || true
    } | awk -v p="$1" -v gw="${SERVICE_PIDS[gateway]:-0}" -v inv="${SERVICE_PIDS[inventory]:-0}" \
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
            printf "%stotal=%d %sgateway=%d %sinventory=%d %sbilling=%d %snginx=%d %spostgresql=%d %srabbitmq=%d %sforks=%d\n",
                p, c["total"], p, c["gateway"], p, c["inventory"], p, c["billing"], p, c["nginx"],
                p, c["postgresql"], p, c["rabbitmq"], p, forks
        }'
}

# --- wrk ----------------------------------------------------------------------------------------
# run_wrk KEY URL SCRIPT SECONDS: one wrk run; records its BENCH line (wrk key=KEY …), the CPU
# snapshots around it (cpu key=KEY …) and, in runs of 2 s or more, the connections seen stuck
# (stuck key=KEY …). Sets LAST_SUMMARY for the progress line.
run_wrk() {
    local key="$1" url="$2" script="$3" seconds="$4" out line before after first second stuck=""
    out="$LOG_DIR/wrk-${key//[^a-z0-9]/_}.log"
    before="$(cpu_snapshot b_)"
    local connections="${WRK_CONNECTIONS:-$CONNECTIONS}" threads="$WRK_THREADS"
    # wrk needs at least a connection per thread.
    ((threads <= connections)) || threads=$connections
    wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$BENCH_DIR/$script" "$url" >>"$out" 2>&1 &
    extra_pid=$!
    if ((seconds >= 2)); then
        sleep "$((seconds / 2))"
        first="$(stuck_sample)"
        sleep 0.5
        second="$(stuck_sample)"
        stuck="$(comm -12 <(sort <<<"$first") <(sort <<<"$second") | awk -F: -v g="$GATEWAY_PORT" -v i="$INVENTORY_PORT" \
            'NF { n[$1]++ } END { printf "%d %d", n[g], n[i] }')"
    fi
    wait "$extra_pid" || die "wrk failed on $url; see $out"
    extra_pid=""
    after="$(cpu_snapshot a_)"
    line="$(grep '^BENCH ' "$out" | tail -n 1)"
    [[ -n "$line" ]] || die "no BENCH line from wrk; see $out"
    record wrk key="$key" connections="$connections" "${line#BENCH }"
    record cpu key="$key" units="$(field requests "$line")" duration_us="$(field duration_us "$line")" "$before" "$after"
    LAST_SUMMARY="$(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, errors"
    LAST_SUMMARY+=" (connect/read/write/status/timeout) $(field connect "$line")/$(field read "$line")/$(field write "$line")/$(field status "$line")/$(field timeout "$line")"
    if [[ -n "$stuck" ]]; then
        record stuck key="$key" gateway="${stuck% *}" inventory="${stuck#* }"
        LAST_SUMMARY+=", connections left unread: gateway ${stuck% *}, inventory ${stuck#* }"
    fi
}

# stuck_sample: "port:peer:bytes" of each established connection to the gateway's or inventory's
# port with bytes in its receive queue that the service has not read. Seen twice 0.5 s apart
# with the same bytes, a connection is stuck: its request waits with no thread reading it.
stuck_sample() {
    ss -Htn state established "( sport = :$INVENTORY_PORT or sport = :$GATEWAY_PORT )" 2>/dev/null |
        awk '$1 > 0 { n = split($3, l, ":"); print l[n] ":" $4 ":" $1 }'
}

declare -A target_url=([direct]="$inventory_url" [gateway]="$gateway_url" [nginx]="$nginx_url")
declare -A endpoint_path=([id]="/api/movies/$movie_id" [list]="/api/movies")
declare -A endpoint_name=([id]="GET /api/movies/{id}" [list]="GET /api/movies")
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
            step "${endpoint_name[$endpoint]} $target, run $round/$ROUNDS: $LAST_SUMMARY"
        done
    done
done

# --- the CPU profile (issue 14) ---------------------------------------------------------------------
# profile_run TARGET PIDS: one more 32-connection GET /api/movies/{id} run through TARGET while
# perf samples PIDS (comma-separated) with their call stacks (DWARF unwinding: the release code
# has no frame pointers); perf script's text goes to perf-TARGET.txt for report.py. Records
# "perf target=TARGET status=ok script=…" or, when perf cannot record, "status=failed text=why".
profile_run() {
    local target="$1" pids="$2" reason="" i
    local data="$LOG_DIR/perf-$target.data" log="$LOG_DIR/perf-$target.log"
    if [[ -n "$perf_unavailable" ]]; then
        record perf target="$target" status=failed text="$perf_unavailable"
        return 0
    fi
    # -p with a command: the PIDS are recorded for as long as the command runs.
    perf record -F "$PERF_HZ" --call-graph dwarf -o "$data" -p "$pids" -- sleep "$RUN_SECONDS" >"$log" 2>&1 &
    perf_pid=$!
    # perf has attached once its data file has a header (or it has already given up).
    for ((i = 0; i < 100; i++)); do
        [[ -s "$data" ]] && break
        kill -0 "$perf_pid" 2>/dev/null || break
        sleep 0.05
    done
    run_wrk "perf-$target" "${target_url[$target]}${endpoint_path[id]}" report.lua "$RUN_SECONDS"
    step "GET /api/movies/{id} $target with perf recording: $LAST_SUMMARY"
    wait "$perf_pid" || reason="perf record failed: $(grep -v '^\[ perf record' "$log" | tail -n 1)"
    perf_pid=""
    if [[ -z "$reason" ]] && ! perf script -i "$data" -F comm,tid,ip,sym,dso --no-inline \
        >"$LOG_DIR/perf-$target.txt" 2>>"$log"; then
        reason="perf script failed: $(tail -n 1 "$log")"
    fi
    if [[ -n "$reason" ]]; then
        warn "CPU profile of $target not measured: $reason (see $log)"
        record perf target="$target" status=failed text="$reason"
    else
        record perf target="$target" status=ok script="perf-$target.txt"
    fi
}
step "CPU profile: perf record during one more GET /api/movies/{id} run through the gateway and through nginx"
profile_run gateway "${SERVICE_PIDS[gateway]}"
profile_run nginx "$(pgrep -d, -P "$nginx_pid")"

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
    step "POST /api/billing, run $round/$ROUNDS: $LAST_SUMMARY"
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
# record_usage SERVICE WHEN: its resident memory, threads and open descriptors.
record_usage() {
    local pid="${SERVICE_PIDS[$1]}" rss anon threads fds
    rss="$(rss_kib "$pid")"
    # RssAnon: what the process allocated, without the pages of its executable and libraries
    # it has read (those count in VmRSS the first time a code path runs).
    anon="$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status")"
    threads="$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")"
    fds="$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    record usage service="$1" when="$2" rss_kib="$rss" anon_kib="$anon" threads="$threads" fds="$fds"
    step "$1 $2: RSS $rss KiB ($anon KiB anonymous), $threads threads, $fds fds"
}
for service in gateway inventory; do
    record_usage "$service" idle
done
# The counts issue 18's goals compare (CURVE_COMPARED) are measured ROUNDS times, the rounds
# interleaved like the runs above and the median quoted (five 4-s runs of inventory at 4,000
# connections on 2 shared cores ranged from 0.72x to 1.00x of its median at 32); the others once.
for ((round = 1; round <= ROUNDS; round++)); do
    for c in "${CURVE[@]}"; do
        ((round == 1)) || [[ " ${CURVE_COMPARED[*]} " == *" $c "* ]] || continue
        for target in direct gateway nginx; do
            WRK_CONNECTIONS=$c run_wrk "c$c-$target" "${target_url[$target]}${endpoint_path[id]}" report.lua "$RUN_SECONDS"
            step "GET /api/movies/{id} $target at $c connections, run $round: $LAST_SUMMARY"
        done
        WRK_CONNECTIONS=$c run_wrk "c$c-billing" "$gateway_url/api/billing" billing.lua "$RUN_SECONDS"
        step "POST /api/billing at $c connections, run $round: $LAST_SUMMARY"
    done
done
for service in gateway inventory; do
    record_usage "$service" loaded
done
sleep "$BACK_TO_IDLE_SECONDS"
for service in gateway inventory; do
    record_usage "$service" after
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
count_failures=0
for ((round = 1; round <= ROUNDS; round++)); do
    stop_service billing
    pg_admin_psql -d "$BILLING_DATABASE" -c 'TRUNCATE orders RESTART IDENTITY' >/dev/null
    before="$(cpu_snapshot b_)"
    t0="$(now_ns)"
    curl -sS --parallel --parallel-max "$CONNECTIONS" -K "$tmp_dir/spike.curl" >"$tmp_dir/spike.codes" 2>>"$LOG_DIR/curl-spike.log" || true
    t1="$(now_ns)"
    after="$(cpu_snapshot a_)"
    accepted="$(grep -c '^2[0-9][0-9]$' "$tmp_dir/spike.codes" || true)"
    answered="$(grep -c . "$tmp_dir/spike.codes" || true)"
    [[ "$accepted" == "$SPIKE_ORDERS" ]] ||
        warn "spike round $round: statuses $(sort "$tmp_dir/spike.codes" | uniq -c | tr -s ' \n' ' ') of $answered answers"
    record cpu key=spike units="$accepted" start_ns="$t0" end_ns="$t1" "$before" "$after"
    watch_orders_sql "$accepted" >"$tmp_dir/watch.sql"
    pg_admin_psql -d "$BILLING_DATABASE" <"$tmp_dir/watch.sql" >"$tmp_dir/watch.out" 2>&1 &
    extra_pid=$!
    sleep 0.2 # the watcher is polling before the worker starts
    before="$(cpu_snapshot b_)"
    start_main billing
    # The fork's time in seconds, as the watcher's epochs are.
    worker_started="${STARTED_NS:0:-9}.${STARTED_NS: -9}"
    wait "$extra_pid" || die "the orders watcher failed: $(cat "$tmp_dir/watch.out")"
    extra_pid=""
    after="$(cpu_snapshot a_)"
    drain="$(grep -o 'DRAIN .*' "$tmp_dir/watch.out" || true)"
    [[ -n "$drain" ]] || die "the orders watcher said: $(cat "$tmp_dir/watch.out")"
    [[ "$(field count "$drain")" -ge "$accepted" ]] || die "only $(field count "$drain") of $accepted orders written within 120 s"
    record cpu key=drain units="$accepted" start_s="$worker_started" end_s="$(field last "$drain")" "$before" "$after"
    # Exact count: every accepted order once, nothing else.
    read -r rows distinct <<<"$(psql_orders -F ' ' -c 'SELECT count(*), count(DISTINCT order_id) FROM orders')"
    record spike round="$round" posted="$SPIKE_ORDERS" accepted="$accepted" answered="$answered" \
        post_start_ns="$t0" post_end_ns="$t1" worker_start_s="$worker_started" first_s="$(field first "$drain")" \
        last_s="$(field last "$drain")" written="$(field count "$drain")" rows="$rows" distinct="$distinct"
    if [[ "$rows" != "$accepted" || "$distinct" != "$accepted" || "$accepted" != "$SPIKE_ORDERS" ]]; then
        count_failures=$((count_failures + 1))
        warn "spike round $round: $SPIKE_ORDERS posted, $accepted accepted, $rows rows, $distinct distinct order ids"
    fi
    step "spike, run $round/$ROUNDS: $accepted of $SPIKE_ORDERS accepted, $rows rows and $distinct distinct order ids written (times in the report)"
done

for service in inventory billing gateway; do
    record rss service="$service" when=after kib="$(rss_kib "${SERVICE_PIDS[$service]}")"
done

# --- hardware references: pgbench and a raw publish loop -----------------------------------------
step "pgbench: inserts into a copy of the orders table (one client, as the worker is one session)"
export PGPASSWORD="$POSTGRES_PASSWORD"
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "$BILLING_DATABASE" \
    -c 'CREATE TABLE bench_pgbench (LIKE orders INCLUDING ALL)'
echo "INSERT INTO bench_pgbench (user_id, number_of_items, total_amount, order_id) VALUES (88, 2, 45.00, gen_random_uuid());" >"$tmp_dir/rows-1.sql"
echo "INSERT INTO bench_pgbench (user_id, number_of_items, total_amount, order_id) SELECT 88, 2, 45.00, gen_random_uuid() FROM generate_series(1, 100);" >"$tmp_dir/rows-100.sql"
# pgbench_run ROWS_PER_STATEMENT: one pgbench run of rows-N.sql; records its transactions/s
# and adds them to the progress line's tps.
pgbench_run() {
    local tps
    tps="$(pgbench -n -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -c 1 -j 1 -T "$RUN_SECONDS" \
        -f "$tmp_dir/rows-$1.sql" "$BILLING_DATABASE" 2>>"$LOG_DIR/pgbench-errors.log" | tee -a "$LOG_DIR/pgbench.log" |
        sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')"
    [[ -n "$tps" ]] || die "pgbench failed; see $LOG_DIR/pgbench*.log"
    record pgbench round="$round" rows_per_statement="$1" tps="$tps"
    tps_line+=" $tps ($1 rows each)"
}
for ((round = 1; round <= ROUNDS; round++)); do
    tps_line=""
    pgbench_run 1
    pgbench_run 100
    step "pgbench, run $round/$ROUNDS, transactions/s:$tps_line"
done
unset PGPASSWORD

# The reference queue has the billing queue's type (the services' default: quorum).
raw_queue_type="${BILLING_QUEUE_TYPE:-quorum}"
step "raw publish loop with confirms (pika), persistent messages to a durable $raw_queue_type queue"
for ((round = 1; round <= ROUNDS; round++)); do
    rates=""
    for window in 1 32 1000; do
        count=$RAW_COUNT
        ((window == 1)) && count=$RAW_ONE_COUNT
        line="$(RAWPUB_PASSWORD="$raw_password" "$VENV/bin/python" "$BENCH_DIR/rawpub.py" --port "${RABBIT_PORT:-5672}" \
            --vhost "$RABBIT_VHOST" --user "$raw_user" --queue bench_raw --queue-type "$raw_queue_type" --count "$count" --window "$window")" ||
            die "the raw publish loop failed"
        record rawpub round="$round" "${line#RAWPUB }"
        rates+=" $(field rate "$line")"
    done
    step "raw publish, run $round/$ROUNDS, msgs/s with at most 1 / 32 / 1000 unconfirmed:$rates"
done

# --- what the report needs besides the measurements ------------------------------------------------
for service in inventory gateway billing; do
    # The size as the release profile ships it: symbols stripped.
    strip -o "$tmp_dir/$service.stripped" "$SERVICE_BIN_DIR/$service"
    record binary service="$service" bytes="$(stat -c %s "$tmp_dir/$service.stripped")"
    if [[ -f "dist/$service" ]]; then
        record musl service="$service" bytes="$(stat -c %s "dist/$service")"
    fi
done
curve_list="${CURVE[*]}"
record config quick="$quick" rounds="$ROUNDS" run_seconds="$RUN_SECONDS" warmup_seconds="$WARMUP_SECONDS" \
    connections="$CONNECTIONS" wrk_threads="$WRK_THREADS" movies="$MOVIES" spike_orders="$SPIKE_ORDERS" \
    cores="$(nproc)" clk_tck="$(getconf CLK_TCK)" back_to_idle_seconds="$BACK_TO_IDLE_SECONDS" nofile="$nofile" \
    list_bytes="$list_bytes" curve="${curve_list// /,}" mem_kib="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
record meta name=date text="$(date -u '+%Y-%m-%d %H:%M UTC')"
record meta name=commit text="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
record meta name=dirty text="$([[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && echo 1 || echo 0)"
record meta name=cpu_model text="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
record meta name=kernel text="$(uname -r)"
record meta name=postgresql text="$(pg_admin_psql -d postgres -tA -c 'SHOW server_version' 2>/dev/null | awk '{ print $1 }')"
record meta name=rabbitmq text="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo "?")"
record meta name=nginx text="$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')"
record meta name=wrk text="$(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')"
record meta name=perf text="$(perf --version 2>/dev/null | awk '{ print $3 }' || true)"
record meta name=inventory_threads text="${INVENTORY_THREADS:-default}"
record meta name=queue_type text="$raw_queue_type"
record meta name=log_dir text="${LOG_DIR#"$REPO_ROOT"/}"

# --- the report -------------------------------------------------------------------------------------
step "measured in $((SECONDS - started_at)) s; computing the figures (scripts/bench/report.py)"
if ((quick)); then
    report="$LOG_DIR/BENCHMARKS-quick.md"
else
    report="$DOC"
fi
report_ok=1
python3 "$BENCH_DIR/report.py" write "$RESULTS" "$DOC" --out "$report" || report_ok=0
((count_failures == 0)) || die "orders were lost or duplicated in $count_failures spike runs"
((report_ok)) || die "the figures could not be computed (above); ${report#"$REPO_ROOT"/} left as it was; raw measurements in $RESULTS"
if ((quick)); then
    step "quick run: docs/BENCHMARKS.md left as it is; the report of this run is $report"
else
    step "wrote the tables of docs/BENCHMARKS.md; its prose is by hand: check it against the new figures"
fi
