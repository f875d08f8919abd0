#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisioning test, run by hand (it takes minutes; not part of scripts/test.sh):
#
#     sudo scripts/build-release.sh        # the static binaries in dist/
#     sudo scripts/test-provision.sh [--no-binaries] [--keep] [--fresh]
#
# What the VMs do, without a hypervisor: builds a Debian 12 root with debootstrap, copies the
# repository's scripts, .env and dist/ to its /vagrant (as Vagrant's rsync does), and inside it,
# in its own network namespace (loopback only, so its PostgreSQL and RabbitMQ cannot clash with
# this machine's), runs setup_inventory.sh, setup_billing.sh and setup_gateway.sh twice each,
# checking that the second run changes nothing. No systemd runs in a chroot, so it then starts
# each service from its installed unit (ExecStart=, EnvironmentFile=, User=) and checks:
# inventory and gateway answer /health; billing connects and consumes its queue; the gateway's
# and billing's RabbitMQ users can do their own job and not the other's; an order posted while
# billing is stopped waits in the queue and reaches the orders table once billing is back.
#
#   --no-binaries  provision without dist/ (ALLOW_MISSING_BINARY=1) and skip the service checks
#   --keep         leave the root and network namespace for inspection (printed at the end)
#   --fresh        debootstrap again instead of unpacking the cached root
# Environment: TEST_PROVISION_DIR (default /var/tmp/test-provision: root, cache, logs),
# DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
# The whole script is one block, parsed before it runs: editing the file meanwhile is harmless.
{
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/chroot.sh"

no_binaries=0 keep=0 fresh=0
for arg in "$@"; do
    case "$arg" in
        --no-binaries) no_binaries=1 ;;
        --keep) keep=1 ;;
        --fresh) fresh=1 ;;
        -h | --help) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument $arg (see --help)" ;;
    esac
done
[[ "$(id -u)" -eq 0 ]] || die "run as root: it needs debootstrap, chroot, mount and ip netns"

work="${TEST_PROVISION_DIR:-/var/tmp/test-provision}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base_tar="$work/bookworm-minbase.tar"
root="$work/root-$$"
ns="test-provision-$$"
peer_ns="test-provision-peer-$$"
# Test-only addresses on the veth pair between the two namespaces.
vm_addr=10.203.56.1 peer_ok=10.203.56.10 peer_other=10.203.56.99
logs="$work/logs-$$"
# What the three setup scripts install, downloaded before the network goes away. A package
# missing here makes apt fail inside the namespace, naming it.
packages=(postgresql rabbitmq-server python3 curl nftables)
services=(inventory billing gateway)
started_at=$SECONDS
service_pids=()
failures=0

mkdir -p "$work" "$logs"

elapsed() { printf '%ds' $((SECONDS - started_at)); }
pass() { printf '  PASS  %s\n' "$*"; }
fail() {
    printf '  FAIL  %s\n' "$*"
    failures=$((failures + 1))
}
check() {
    local label="$1"
    shift
    if "$@" >>"$logs/checks.log" 2>&1; then pass "$label"; else fail "$label"; fi
}

# in_ns CMD...: CMD from this machine, inside the namespace (curl, python3).
in_ns() { ip netns exec "$ns" "$@"; }
# in_root CMD...: CMD inside the chroot and the namespace, with a clean environment.
in_root() {
    ip netns exec "$ns" chroot "$root" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}
# psql_root DB SQL: one value from the chroot's PostgreSQL, as its superuser.
psql_root() { in_root runuser -u postgres -- psql -X -At -d "$1" -c "$2" || true; }

# shellcheck disable=SC2317 # cleanup runs from the EXIT trap
# The processes whose root directory is our chroot (chroot_pids) are the daemons the setup
# scripts started and the services this script started: they are ours to end.
cleanup() {
    local rc=$? pid
    set +e
    if [[ "$keep" == 1 ]]; then
        step "kept: root $root, namespaces $ns and $peer_ns, logs $logs; to enter: ip netns exec $ns chroot $root bash"
        step "to remove: stop the processes whose /proc/PID/root is $root, umount $root/{dev/pts,dev,sys,proc}, ip netns del $ns; ip netns del $peer_ns; rm -rf $root"
        return "$rc"
    fi
    for pid in "${service_pids[@]}"; do kill "$pid" 2>/dev/null; done
    if [[ -d "$root/proc/self" ]]; then
        in_root rabbitmqctl -q stop >/dev/null 2>&1
        in_root pg_ctlcluster --skip-systemctl-redirect 15 main stop -m fast >/dev/null 2>&1
    fi
    chroot_remove "$root"
    ip netns del "$ns" 2>/dev/null
    ip netns del "$peer_ns" 2>/dev/null
    return "$rc"
}
trap cleanup EXIT

apt_install_missing debootstrap iproute2 curl

# --- 1. A Debian 12 root ------------------------------------------------------------------
step "a Debian 12 root (--fresh to debootstrap again) [$(elapsed)]"
debian_root "$root" "$base_tar" "$mirror" "$fresh" "$logs/debootstrap.log"
chroot_mount "$root"

# What Vagrant's rsync puts in /vagrant.
mkdir -p "$root/vagrant"
cp -a "$REPO_ROOT/scripts" "$REPO_ROOT/.env" "$root/vagrant/"
if [[ "$no_binaries" == 0 ]]; then
    for s in "${services[@]}"; do
        [[ -x "$REPO_ROOT/dist/$s" ]] || die "dist/$s missing: run scripts/build-release.sh (or use --no-binaries)"
    done
    cp -a "$REPO_ROOT/dist" "$root/vagrant/"
fi

step "downloading ${packages[*]} into the root's apt cache [$(elapsed)]"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$logs/apt.log" 2>&1 ||
    { tail -n 20 "$logs/apt.log"; die "apt-get update failed"; }
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    --download-only "${packages[@]}" >>"$logs/apt.log" 2>&1 ||
    { tail -n 20 "$logs/apt.log"; die "downloading packages failed"; }

# --- 2. Provisioning, twice, in a network namespace with loopback only ----------------------
netns_create "$ns"
# A second namespace plays the peers, on a veth pair with test-only addresses: the firewall
# must let "gateway-vm" ($peer_ok) in and keep any other address ($peer_other) out.
ip netns add "$peer_ns"
ip -n "$ns" link add tp0 type veth peer name tp1 netns "$peer_ns"
ip -n "$ns" addr add "$vm_addr/24" dev tp0
ip -n "$peer_ns" addr add "$peer_ok/24" dev tp1
ip -n "$peer_ns" addr add "$peer_other/24" dev tp1
ip -n "$ns" link set tp0 up
ip -n "$peer_ns" link set tp1 up
ip -n "$peer_ns" link set lo up
# The three "VMs" share one root: every address they use is loopback.
setup_env=(POSTGRES_HOST=127.0.0.1 RABBIT_HOST=127.0.0.1 INVENTORY_URL=http://127.0.0.1:5000
    GATEWAY_IP="$peer_ok" ALLOW_MISSING_BINARY="$no_binaries"
    # The three metrics listeners on this one "VM" (three in the Vagrantfile), reachable from
    # the test's private network.
    GATEWAY_METRICS_LISTEN="$vm_addr:9098" INVENTORY_METRICS_LISTEN="$vm_addr:9097"
    BILLING_METRICS_LISTEN="$vm_addr:9099" METRICS_NET=10.203.56.0/24)

snapshot() {
    in_root sh -c 'stat -c "%n %s %Y %a %U" /usr/local/bin/* /etc/*.env /etc/systemd/system/*.service \
        /etc/rabbitmq/rabbitmq.conf /etc/nftables.d/*.nft 2>/dev/null; sha256sum /etc/nftables.conf'
}

echo "== provisioning (each script twice) =="
for run in 1 2; do
    [[ "$run" == 2 ]] && before="$(snapshot)"
    for s in "${services[@]}"; do
        t0=$SECONDS
        if in_root env "${setup_env[@]}" bash "/vagrant/scripts/setup_$s.sh" >"$logs/setup_$s.$run.log" 2>&1; then
            pass "setup_$s.sh run $run ($((SECONDS - t0))s)"
        else
            fail "setup_$s.sh run $run ($((SECONDS - t0))s), log $logs/setup_$s.$run.log:"
            tail -n 25 "$logs/setup_$s.$run.log" | sed 's/^/        /'
            exit 1
        fi
    done
done
if [[ "$(snapshot)" == "$before" ]]; then
    pass "second run changed no installed file"
else
    fail "second run changed installed files:"
    diff <(printf '%s\n' "$before") <(snapshot) | sed 's/^/        /' || true
fi
if grep -lE '==> .*(installing|creating|restarting|enabling)' "$logs"/setup_*.2.log; then
    fail "second run installed, created or restarted something (files above)"
else
    pass "second run installed, created and restarted nothing"
fi

echo "== what provisioning left =="
role_attrs="$(psql_root postgres "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = 'myuser'")"
if [[ "$role_attrs" == "t|f|f|f|f|f" ]]; then pass "PostgreSQL role: LOGIN only ($role_attrs)"; else fail "PostgreSQL role attributes: '$role_attrs'"; fi
owners="$(psql_root postgres "SELECT string_agg(datname || '=' || pg_get_userbyid(datdba), ',' ORDER BY datname) FROM pg_database WHERE datname IN ('movies', 'orders')")"
if [[ "$owners" == "movies=myuser,orders=myuser" ]]; then pass "databases owned by the role: $owners"; else fail "database owners: '$owners'"; fi
listen="$(psql_root postgres 'SHOW listen_addresses')"
if [[ "$listen" == "localhost" ]]; then pass "PostgreSQL listen_addresses = localhost"; else fail "listen_addresses = '$listen'"; fi
perms="$(in_root rabbitmqctl -q list_permissions -p / | sort | tr '\t' ' ' | paste -sd ';')"
printf '        RabbitMQ permissions on /: %s\n' "$perms"
check "RabbitMQ queues billing_queue and billing_queue.dead exist, durable" \
    bash -c "[[ \$(ip netns exec $ns chroot $root rabbitmqctl -q list_queues name durable | grep -cE '^billing_queue(\.dead)?\s+true') == 2 ]]"
check "RabbitMQ management API answers on 127.0.0.1:15672 (guest, loopback)" \
    in_ns curl -fsS -u guest:guest -o /dev/null http://127.0.0.1:15672/api/overview
check "RabbitMQ keeps guest loopback-only" \
    bash -c "ip netns exec $ns chroot $root rabbitmqctl -q environment | grep -A1 loopback_users | grep -q guest"
check "firewall tables inet movie_inventory and movie_billing loaded" \
    bash -c "ip netns exec $ns chroot $root nft list table inet movie_inventory && ip netns exec $ns chroot $root nft list table inet movie_billing"
# from_peer SOURCE PORT: true when a TCP connection from SOURCE (in the peer namespace) to the
# "VM" on PORT succeeds within 2 s (a dropped SYN times out, a closed port is refused).
from_peer() {
    ip netns exec "$peer_ns" python3 -c 'import socket, sys
s = socket.socket(); s.settimeout(2); s.bind((sys.argv[1], 0)); s.connect((sys.argv[2], int(sys.argv[3])))' \
        "$1" "$vm_addr" "$2" 2>/dev/null
}
reach() {
    local label="$1" want="$2" source="$3" port="$4"
    if from_peer "$source" "$port"; then got=open; else got=closed; fi
    if [[ "$got" == "$want" ]]; then pass "firewall: $label ($source -> :$port $got)"; else fail "firewall: $label ($source -> :$port $got, want $want)"; fi
}
reach "gateway-vm reaches RabbitMQ" open "$peer_ok" 5672
reach "another host does not reach RabbitMQ" closed "$peer_other" 5672
reach "gateway-vm does not reach epmd" closed "$peer_ok" 4369
reach "gateway-vm does not reach Erlang distribution" closed "$peer_ok" 25672
reach "gateway-vm does not reach the management UI" closed "$peer_ok" 15672
reach "gateway-vm does not reach PostgreSQL" closed "$peer_ok" 5432
# Control: without billing's table the other host gets in, so the drops above are its rules.
in_root nft delete table inet movie_billing
reach "control: another host reaches RabbitMQ without the firewall table" open "$peer_other" 5672
in_root nft -f /etc/nftables.d/movie_billing.nft
for s in "${services[@]}"; do
    check "/etc/$s.env is root-owned, mode 0600" bash -c "[[ \$(stat -c '%a %U' $root/etc/$s.env) == '600 root' ]]"
    check "$s.service installed and enabled" bash -c "[[ -L $root/etc/systemd/system/multi-user.target.wants/$s.service ]]"
    check "system user $s without a login shell" bash -c "grep -q '^$s:.*:/usr/sbin/nologin\$' $root/etc/passwd"
done
if [[ "$no_binaries" == 0 ]]; then
    for s in "${services[@]}"; do
        check "systemd-analyze verify $s.service" in_root systemd-analyze verify --man=no "/etc/systemd/system/$s.service"
    done
fi

if [[ "$no_binaries" == 1 ]]; then
    step "--no-binaries: skipping the service checks"
    echo "== result: $failures failure(s), $(elapsed) =="
    exit $((failures > 0))
fi

# --- 3. The services, started as their units say --------------------------------------------
# unit_value SERVICE KEY: the value of KEY= in the installed unit.
unit_value() { sed -n "s/^$2=//p" "$root/etc/systemd/system/$1.service" | tail -n 1; }

# start_service SERVICE: runs the unit's ExecStart as its User with its EnvironmentFile
# (parsed as systemd does for the KEY=value / KEY="value" lines setup writes).
start_service() {
    local s="$1" exec_start env_file user line env=()
    exec_start="$(unit_value "$s" ExecStart)"
    env_file="$(unit_value "$s" EnvironmentFile)"
    user="$(unit_value "$s" User)"
    while IFS= read -r line; do
        [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue
        if [[ "$line" =~ ^([^=]+)=\"(.*)\"$ ]]; then
            line="${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
        fi
        env+=("$line")
    done <"$root$env_file"
    # shellcheck disable=SC2086 # ExecStart is a command line: split it into words
    ip netns exec "$ns" chroot --userspec="$user:$user" "$root" /usr/bin/env -i "${env[@]}" \
        $exec_start >>"$logs/$s.log" 2>&1 &
    service_pids+=($!)
    eval "pid_$s=$!"
}
# stop_service SERVICE: SIGTERM, as systemctl stop sends; returns the service's exit status.
stop_service() {
    local pid_var="pid_$1" status=0
    kill "${!pid_var}" 2>/dev/null || true
    wait "${!pid_var}" 2>/dev/null || status=$?
    return "$status"
}
wait_log() {
    local file="$1" pattern="$2" seconds="$3" i
    for ((i = 0; i < seconds * 5; i++)); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}
count_orders() { psql_root orders 'SELECT count(*) FROM orders'; }
queue_depth() { in_root rabbitmqctl -q list_queues name messages | awk '$1 == "billing_queue" { print $2 }'; }
# A quorum queue's count reaches list_queues a few seconds late: poll up to 15 s for it.
queue_depth_is() {
    local i
    for ((i = 0; i < 75; i++)); do
        [[ "$(queue_depth)" == "$1" ]] && return 0
        sleep 0.2
    done
    return 1
}
# Its consumer count is late the same way (0 for up to 4.4 s after billing said "consuming").
# shellcheck disable=SC2317 # called through check
consumers_are() {
    local i
    for ((i = 0; i < 75; i++)); do
        in_root rabbitmqctl -q list_queues name consumers |
            awk -v n="$1" '$1 == "billing_queue" && $2 == n { found = 1 } END { exit !found }' && return 0
        sleep 0.2
    done
    return 1
}
post_order() {
    in_ns curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d "{\"user_id\": \"$1\", \"number_of_items\": \"2\", \"total_amount\": \"45.00\"}" \
        http://127.0.0.1:8080/api/billing
}

echo "== services, started from their units =="
declare -A ready=([inventory]="inventory $READY_LISTENING" [billing]="billing $READY_CONSUMING billing_queue" [gateway]="gateway $READY_LISTENING")
for s in "${services[@]}"; do
    start_service "$s"
    if wait_log "$logs/$s.log" "${ready[$s]}" 30; then
        pass "$s ready: $(grep -m1 -- "${ready[$s]}" "$logs/$s.log")"
    else
        fail "$s not ready in 30 s; its log:"
        sed 's/^/        /' "$logs/$s.log"
    fi
done
check "inventory answers /health" in_ns curl -fsS http://127.0.0.1:5000/health
reach "gateway-vm reaches inventory" open "$peer_ok" 5000
reach "another host does not reach inventory" closed "$peer_other" 5000
check "gateway answers /health" in_ns curl -fsS http://127.0.0.1:8080/health
check "billing consumes billing_queue (1 consumer)" consumers_are 1
check "POST /api/movies through the gateway" in_ns curl -fsS -X POST -H 'Content-Type: application/json' \
    -d '{"title": "The Matrix", "description": "Sci-Fi Classic"}' http://127.0.0.1:8080/api/movies
check "GET /api/movies lists it" bash -c "ip netns exec $ns curl -fsS http://127.0.0.1:8080/api/movies | grep -q 'The Matrix'"

echo "== resilience: orders posted while billing is stopped =="
orders_before="$(count_orders)"
stop_service billing || true
codes="$(post_order 88) $(post_order 89) $(post_order 90)"
sleep 1
if [[ "$codes" =~ ^2[0-9][0-9]\ 2[0-9][0-9]\ 2[0-9][0-9]$ ]]; then pass "3 orders accepted with billing stopped ($codes)"; else fail "POST /api/billing answered $codes"; fi
if queue_depth_is 3 && [[ "$(count_orders)" == "$orders_before" ]]; then
    pass "absent from the orders table, waiting in billing_queue (3 messages)"
else
    fail "orders table $(count_orders) (before $orders_before), queue depth $(queue_depth)"
fi
start_service billing
orders_after=""
for ((i = 0; i < 100; i++)); do
    orders_after="$(count_orders)"
    [[ "$orders_after" == $((orders_before + 3)) ]] && break
    sleep 0.2
done
if [[ "$orders_after" == $((orders_before + 3)) ]] && queue_depth_is 0; then
    pass "billing back: the 3 orders are in the orders table, queue empty"
else
    fail "after restarting billing: orders $orders_after (want $((orders_before + 3))), queue $(queue_depth)"
fi

# Each RabbitMQ user against the other's job (needs python3 with pika on this machine).
if python3 -c 'import pika' 2>/dev/null; then
    echo "== RabbitMQ users: each can do its own job only =="
    load_env "$REPO_ROOT/.env"
    in_ns python3 - "$GATEWAY_RABBIT_USER" "$GATEWAY_RABBIT_PASSWORD" "$BILLING_RABBIT_USER" "$BILLING_RABBIT_PASSWORD" <<'PY' || failures=$((failures + 1))
import sys, pika
gw_user, gw_pw, bl_user, bl_pw = sys.argv[1:5]
def attempt(user, pw, fn):
    conn = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", 5672, "/", pika.PlainCredentials(user, pw)))
    try:
        fn(conn.channel())
        return True
    except pika.exceptions.ChannelClosedByBroker as e:
        return e.reply_code != 403 and None
    finally:
        if conn.is_open:
            conn.close()
def publish(ch):
    ch.confirm_delivery()
    ch.basic_publish("", "billing_queue.dead", b"{}", pika.BasicProperties(delivery_mode=2), mandatory=True)
cases = [
    ("gateway publishes", (gw_user, gw_pw, publish), True),
    ("gateway cannot consume billing_queue", (gw_user, gw_pw, lambda ch: ch.basic_get("billing_queue")), False),
    ("gateway cannot purge billing_queue", (gw_user, gw_pw, lambda ch: ch.queue_purge("billing_queue")), False),
    ("gateway cannot delete billing_queue", (gw_user, gw_pw, lambda ch: ch.queue_delete("billing_queue")), False),
    ("billing consumes billing_queue.dead", (bl_user, bl_pw, lambda ch: ch.basic_get("billing_queue.dead", auto_ack=True)), True),
    ("billing cannot publish", (bl_user, bl_pw, publish), False),
    ("billing cannot declare another queue", (bl_user, bl_pw, lambda ch: ch.queue_declare("not_billing", durable=True)), False),
]
bad = 0
for label, args, want in cases:
    got = attempt(*args)
    ok = got is want
    bad += not ok
    print(f"  {'PASS' if ok else 'FAIL'}  RabbitMQ: {label}" + ("" if ok else f" (got {got})"))
sys.exit(1 if bad else 0)
PY
else
    step "python3 pika not installed here: skipping the RabbitMQ permission checks (pip install pika)"
fi

echo "== the units' other promises =="
for s in "${services[@]}"; do
    check "$s's user cannot read /etc/$s.env" \
        bash -c "! chroot --userspec=$s:$s $root cat /etc/$s.env"
    # RestartPreventExitStatus=2: a configuration error exits 2 and is not restarted.
    status=0
    in_root "/usr/local/bin/$s" >/dev/null 2>"$logs/$s.noenv.log" || status=$?
    if [[ "$status" == 2 && "$(wc -l <"$logs/$s.noenv.log")" == 1 ]]; then
        pass "$s without its settings exits 2 with one line: $(cat "$logs/$s.noenv.log")"
    else
        fail "$s without its settings exited $status: $(head -n 3 "$logs/$s.noenv.log")"
    fi
done
for s in gateway inventory billing; do
    status=0
    stop_service "$s" || status=$?
    if [[ "$status" == 0 ]]; then pass "$s exits 0 on SIGTERM (systemctl stop)"; else fail "$s exited $status on SIGTERM"; fi
done
service_pids=()
echo "== result: $failures failure(s), $(elapsed) (logs: $logs) =="
exit $((failures > 0))
}
