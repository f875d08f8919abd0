#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisioning test of the cluster's own nodes, run by hand as root (minutes; not part of
# scripts/test.sh):
#
#     sudo scripts/test-provision-cluster.sh
#
# What CLUSTER=1 vagrant up does on rabbit-1..3 and on a PostgreSQL pair, without a hypervisor:
# a Debian 12 root (debootstrap, cached like scripts/test-provision.sh's) with the packages the
# scripts install, and for each node an overlay of it in a network namespace of its own, all
# joined by a bridge with test-only addresses (10.203.58.0/24) and each with its own host name
# (a UTS namespace): setup_rabbit.sh on rabbit-1, -2, -3 and setup_postgres_primary.sh /
# setup_postgres_standby.sh on pg-1 / pg-2, each twice. It checks: the second runs change
# nothing; the three RabbitMQ nodes form one cluster, the quorum queues have a replica on each,
# the users made on rabbit-1 exist on rabbit-3; the standby streams synchronously from the
# primary, a row written on the primary is read on the standby, the services' role connects
# from a client address and not from another; a promoted standby is left alone by a second
# run; bad settings stop the scripts with a message naming them. Nothing of this machine's own
# PostgreSQL or RabbitMQ is used or touched (the nodes only see each other).
# Environment: TEST_PROVISION_DIR (default /var/tmp/test-provision: the cached Debian root),
# DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
{
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/chroot.sh"

[[ "$(id -u)" -eq 0 ]] || die "run as root: it needs debootstrap, chroot, mount and ip netns"
cache="${TEST_PROVISION_DIR:-/var/tmp/test-provision}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$cache/cluster-$$"
base="$work/base" logs="$cache/cluster-logs-$$"
readonly net=10.203.58 switch="tpc-sw-$$"
declare -A ip=([rabbit-1]=$net.41 [rabbit-2]=$net.42 [rabbit-3]=$net.43 [pg-1]=$net.61 [pg-2]=$net.62
    [client]=$net.51 [stranger]=$net.99)
nodes=(rabbit-1 rabbit-2 rabbit-3 pg-1 pg-2)
cookie="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
repl_password="repl-$RANDOM-$RANDOM"
failures=0
started_at=$SECONDS

pass() { printf '  PASS  %s\n' "$*"; }
fail() {
    printf '  FAIL  %s\n' "$*"
    failures=$((failures + 1))
}
ns_of() { printf 'tpc-%s-%s' "$1" "$$"; }
root_of() { printf '%s/root-%s' "$work" "$1"; }

# shellcheck disable=SC2317 # cleanup runs from the EXIT trap
cleanup() {
    local rc=$? n
    set +e
    for n in "${nodes[@]}"; do
        chroot_remove "$(root_of "$n")"
        ip netns del "$(ns_of "$n")" 2>/dev/null
    done
    ip netns del "$(ns_of client)" 2>/dev/null
    ip netns del "$(ns_of stranger)" 2>/dev/null
    ip netns del "$switch" 2>/dev/null
    if ! awk -v r="$work" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        rm -rf "$work"
    fi
    return "$rc"
}
trap cleanup EXIT

apt_install_missing debootstrap iproute2 postgresql-client
mkdir -p "$work" "$logs"

step "a Debian 12 root with PostgreSQL and RabbitMQ installed (not started)"
debian_root "$base" "$cache/bookworm-minbase.tar" "$mirror" 0 "$logs/debootstrap.log"
cp /etc/resolv.conf "$base/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$base/usr/sbin/policy-rc.d"
chmod 0755 "$base/usr/sbin/policy-rc.d"
mount -t proc proc "$base/proc"
# Downloaded here, installed in a namespace of its own: the package's pg_createcluster must not
# see this machine's PostgreSQL on 5432 (it would pick 5433, as no VM would).
packages=(postgresql rabbitmq-server python3 curl nftables)
netns_create "$switch"
if ! { chroot "$base" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    chroot "$base" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        --download-only "${packages[@]}" &&
    ip netns exec "$switch" chroot "$base" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${packages[@]}"; } >"$logs/apt.log" 2>&1; then
    umount "$base/proc"
    tail -n 20 "$logs/apt.log"
    die "installing the packages failed"
fi
umount "$base/proc"
mkdir -p "$base/vagrant"
cp -a "$REPO_ROOT/scripts" "$REPO_ROOT/.env" "$base/vagrant/"

step "one overlay of it per node, each in a network namespace on a bridge ($net.0/24)"
ip -n "$switch" link add br0 type bridge
ip -n "$switch" link set br0 up
attach() {
    local name="$1" ns
    ns="$(ns_of "$name")"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$switch" link add "v-$name" type veth peer name eth0 netns "$ns"
    ip -n "$switch" link set "v-$name" master br0 up
    ip -n "$ns" addr add "${ip[$name]}/24" dev eth0
    ip -n "$ns" link set eth0 up
}
for n in "${nodes[@]}" client stranger; do
    attach "$n"
done
for n in "${nodes[@]}"; do
    r="$(root_of "$n")"
    mkdir -p "$r" "$work/upper-$n" "$work/work-$n"
    mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper-$n,workdir=$work/work-$n" "$r"
    chroot_mount "$r"
done

# on NODE CMD...: CMD in NODE's root, namespace and host name, with a clean environment.
on() {
    local n="$1"
    shift
    # shellcheck disable=SC2016 # the inner shell expands them
    ip netns exec "$(ns_of "$n")" unshare --uts sh -c 'hostname "$0" && r="$1" && shift && exec chroot "$r" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"' \
        "$n" "$(root_of "$n")" "$@"
}
# provision NODE RUN SCRIPT VAR=VALUE...: runs the setup script, its output in the logs.
provision() {
    local n="$1" run="$2" script="$3" log
    shift 3
    log="$logs/$n.$run.log"
    if on "$n" env "$@" bash "/vagrant/scripts/$script" >"$log" 2>&1; then
        pass "$script on $n, run $run"
    else
        fail "$script on $n, run $run; its log:"
        tail -n 25 "$log" | sed 's/^/        /'
        printf '        the node'"'"'s PostgreSQL log, if any:\n'
        tail -n 15 "$(root_of "$n")"/var/log/postgresql/*.log 2>/dev/null | sed 's/^/        /'
        exit 1
    fi
}
quiet_second_run() {
    if grep -E '==> .*(installing|creating|restarting|reloading|joins|base backup of|cookie)' "$logs/$1.2.log"; then
        fail "the second run on $1 changed something (lines above)"
    else
        pass "the second run on $1 installed, created, restarted and joined nothing"
    fi
}
# expect_failure NODE SCRIPT MESSAGE VAR=VALUE...: the script exits non-zero naming MESSAGE.
expect_failure() {
    local n="$1" script="$2" message="$3" out
    shift 3
    if out="$(on "$n" env "$@" bash "/vagrant/scripts/$script" 2>&1)"; then
        fail "$script on $n accepted a bad setting ($message)"
    elif grep -q "error: .*$message" <<<"$out"; then
        pass "$script on $n refuses: $(grep -m1 'error:' <<<"$out")"
    else
        fail "$script on $n failed without naming $message: $(tail -n 2 <<<"$out")"
    fi
}

echo "== RabbitMQ: three nodes =="
rabbit_env=(RABBIT_NODES="rabbit-1=${ip[rabbit-1]},rabbit-2=${ip[rabbit-2]},rabbit-3=${ip[rabbit-3]}"
    RABBIT_ERLANG_COOKIE="$cookie" RABBIT_CLIENTS="${ip[client]}" BILLING_QUEUE_TYPE=quorum)
expect_failure rabbit-1 setup_rabbit.sh RABBIT_ERLANG_COOKIE "${rabbit_env[@]}" RABBIT_ERLANG_COOKIE=short
expect_failure rabbit-1 setup_rabbit.sh "not among RABBIT_NODES" "${rabbit_env[@]}" \
    RABBIT_NODES="rabbit-9=${ip[rabbit-1]}"
expect_failure rabbit-1 setup_rabbit.sh RABBIT_CLIENTS "${rabbit_env[@]}" RABBIT_CLIENTS="gateway-1"
for run in 1 2; do
    for n in rabbit-1 rabbit-2 rabbit-3; do
        provision "$n" "$run" setup_rabbit.sh "${rabbit_env[@]}"
    done
done
for n in rabbit-1 rabbit-2 rabbit-3; do
    quiet_second_run "$n"
done
running="$(on rabbit-3 rabbitmqctl -q cluster_status --formatter json |
    python3 -c 'import json, sys; print(",".join(sorted(json.load(sys.stdin)["running_nodes"])))')"
if [[ "$running" == "rabbit@rabbit-1,rabbit@rabbit-2,rabbit@rabbit-3" ]]; then
    pass "one cluster, three running nodes ($running)"
else
    fail "running nodes seen from rabbit-3: '$running'"
fi
members="$(on rabbit-2 rabbitmqctl -q list_queues --no-table-headers name type members | tr '\t' ' ')"
printf '        queues: %s\n' "${members//$'\n'/; }"
if [[ "$(grep -cE '^billing_queue(\.dead)? quorum .*rabbit@rabbit-1.*' <<<"$members")" == 2 ]] &&
    [[ "$(grep -c 'rabbit@rabbit-2' <<<"$members")" == 2 && "$(grep -c 'rabbit@rabbit-3' <<<"$members")" == 2 ]]; then
    pass "billing_queue and billing_queue.dead: quorum, a replica on each node"
else
    fail "the quorum queues lack a replica"
fi
users="$(on rabbit-3 rabbitmqctl -q list_users | awk '{ print $1 }' | sort | paste -sd, -)"
if [[ ",$users," == *,billing,* && ",$users," == *,gateway,* ]]; then
    pass "the users made on rabbit-1 exist on rabbit-3 ($users)"
else
    fail "users on rabbit-3: $users"
fi
if on rabbit-1 nft list table inet movie_rabbit | grep -q "${ip[rabbit-2]}"; then
    pass "firewall table inet movie_rabbit admits the other nodes"
else
    fail "firewall table inet movie_rabbit"
fi

echo "== PostgreSQL: a primary and its synchronous standby =="
pg_env=(POSTGRES_DATABASE=orders POSTGRES_CLIENTS="${ip[client]}" POSTGRES_REPLICATION_PASSWORD="$repl_password")
primary_env=("${pg_env[@]}" POSTGRES_LISTEN_IP="${ip[pg-1]}" POSTGRES_STANDBY_IP="${ip[pg-2]}" POSTGRES_SYNCHRONOUS=1)
standby_env=("${pg_env[@]}" POSTGRES_LISTEN_IP="${ip[pg-2]}" POSTGRES_PRIMARY_IP="${ip[pg-1]}")
expect_failure pg-1 setup_postgres_primary.sh POSTGRES_SYNCHRONOUS "${primary_env[@]}" POSTGRES_SYNCHRONOUS=yes
expect_failure pg-1 setup_postgres_primary.sh POSTGRES_STANDBY_IP "${primary_env[@]}" POSTGRES_STANDBY_IP=
expect_failure pg-2 setup_postgres_standby.sh POSTGRES_PRIMARY_IP "${standby_env[@]}" POSTGRES_PRIMARY_IP=pg-1
for run in 1 2; do
    provision pg-1 "$run" setup_postgres_primary.sh "${primary_env[@]}"
    provision pg-2 "$run" setup_postgres_standby.sh "${standby_env[@]}"
done
quiet_second_run pg-1
quiet_second_run pg-2
sql() {
    local n="$1"
    shift
    on "$n" runuser -u postgres -- psql -X -At "$@" 2>&1
}
replication="$(sql pg-1 -c "SELECT client_addr, state, sync_state FROM pg_stat_replication")"
if [[ "$replication" == "${ip[pg-2]}|streaming|sync" ]]; then
    pass "pg-1 streams to pg-2, synchronously ($replication)"
else
    fail "pg_stat_replication on pg-1: '$replication'"
fi
sql pg-1 -d orders -c "CREATE TABLE provision_test (n int); INSERT INTO provision_test VALUES (42)" >/dev/null
value=""
for ((i = 0; i < 25; i++)); do
    value="$(sql pg-2 -d orders -c "SELECT n FROM provision_test")"
    [[ "$value" == 42 ]] && break
    sleep 0.2
done
if [[ "$value" == 42 && "$(sql pg-2 -c 'SELECT pg_is_in_recovery()')" == t ]]; then
    pass "a row committed on the primary is read on the standby (in recovery)"
else
    fail "the standby read '$value'"
fi
load_env "$REPO_ROOT/.env"
as_client() {
    ip netns exec "$(ns_of "$1")" env PGPASSWORD="$POSTGRES_PASSWORD" PGCONNECT_TIMEOUT=3 \
        psql -X -At -h "$2" -U "$POSTGRES_USER" -d orders -c 'SELECT current_user' 2>&1 || true
}
got="$(as_client client "${ip[pg-1]}")"
if [[ "$got" == "$POSTGRES_USER" ]]; then pass "$POSTGRES_USER connects to the primary from a client address"; else fail "client -> primary: $got"; fi
got="$(as_client stranger "${ip[pg-1]}")"
if [[ "$got" != "$POSTGRES_USER" ]]; then pass "another address does not reach the primary ($got)"; else fail "another address reached the primary"; fi

step "the standby promoted: a second run leaves it as it is"
on pg-2 pg_ctlcluster --skip-systemctl-redirect 15 main promote >/dev/null
for ((i = 0; i < 25; i++)); do
    [[ "$(sql pg-2 -c 'SELECT pg_is_in_recovery()')" == f ]] && break
    sleep 0.2
done
provision pg-2 3 setup_postgres_standby.sh "${standby_env[@]}"
if grep -q 'not a standby (promoted?)' "$logs/pg-2.3.log" && [[ "$(sql pg-2 -d orders -c 'SELECT n FROM provision_test')" == 42 ]]; then
    pass "the promoted standby kept its data, the script said so"
else
    fail "after the promotion: $(tail -n 3 "$logs/pg-2.3.log")"
fi
got="$(as_client client "${ip[pg-2]}")"
if [[ "$got" == "$POSTGRES_USER" ]]; then pass "$POSTGRES_USER connects to the promoted standby"; else fail "client -> promoted standby: $got"; fi

echo "== result: $failures failure(s), $((SECONDS - started_at)) s (logs: $logs) =="
exit $((failures > 0))
}
