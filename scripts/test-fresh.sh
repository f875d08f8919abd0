#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The README's two commands on a fresh Debian 12 machine, run by hand as root (about an hour;
# not part of scripts/test.sh):
#
#     scripts/test-fresh.sh [--keep] [--fresh] [--no-user]
#
# Builds a Debian 12 root with debootstrap (minbase: no PostgreSQL, RabbitMQ, sudo, curl or
# compiler), `git clone`s this repository's HEAD into it (committed work only) and, in a
# network namespace of its own whose only way out is NAT to Debian's, crates.io's, npm's and
# PyPI's registries (nothing of this machine is reachable from it: not its PostgreSQL, not its
# RabbitMQ), runs as the README says:
#   1. scripts/run-local.sh as root, until it serves; then the README's curl examples
#      (scripts/clients/readme-curl.py) against it; then Ctrl-C (SIGINT to its process group, as
#      a terminal sends it) and checks that no service is left running;
#   2. scripts/test.sh as root;
#   3. scripts/test.sh as a user with sudo (a copy of root's clone, so its build is reused;
#      sudo without a password, as nobody is there to type one), unless --no-user.
# This machine reaches the registries through a proxy with its own certificate authority: the
# root trusts it too (and gets /etc/pip.conf and /etc/npmrc naming the CA file).
# rustup cannot be downloaded here, so this machine's toolchain stands in for it: ~/.rustup is
# bind-mounted read-only into the root (for root and for the user) and rustup's proxies
# (~/.cargo/bin) are copied; crates are downloaded by cargo in the root as on a new machine.
# Prints a progress line per step, PASS/FAIL per check and, last, "N passed, M failed".
#
#   --keep     leave the root and the namespace for inspection (printed at the end)
#   --fresh    debootstrap again instead of unpacking the cached root
#   --no-user  skip step 3
# Environment: TEST_FRESH_DIR (default /var/tmp/test-fresh: root, cache, logs), DEBIAN_MIRROR
# (default http://deb.debian.org/debian), TEST_FRESH_NET (default 10.203.57: the /24 of the
# veth pair between this machine and the namespace).
set -euo pipefail
# The whole script is one block, parsed before it runs: editing the file meanwhile is harmless.
{
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/chroot.sh"

keep=0 fresh=0 with_user=1
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        --fresh) fresh=1 ;;
        --no-user) with_user=0 ;;
        -h | --help) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument $arg (see --help)" ;;
    esac
done
[[ "$(id -u)" -eq 0 ]] || die "run as root: it needs debootstrap, chroot, mount and ip netns"

work="${TEST_FRESH_DIR:-/var/tmp/test-fresh}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
net="${TEST_FRESH_NET:-10.203.57}"
base_tar="$work/bookworm-minbase.tar"
root="$work/root-$$"
ns="fresh-$$"
table="test_fresh_$$"
logs="$work/logs-$$"
user=fresh
started_at=$SECONDS
passed=0 failed=0
run_local_pid=""

mkdir -p "$work" "$logs"

elapsed() { printf '%dm%02ds' $(((SECONDS - started_at) / 60)) $(((SECONDS - started_at) % 60)); }
pass() {
    printf '  PASS  %s\n' "$*"
    passed=$((passed + 1))
}
fail() {
    printf '  FAIL  %s\n' "$*"
    failed=$((failed + 1))
}
# check LABEL CMD...: PASS when CMD succeeds (its output goes to checks.log).
check() {
    local label="$1"
    shift
    if "$@" >>"$logs/checks.log" 2>&1; then pass "$label"; else fail "$label"; fi
}
# in_root CMD...: CMD inside the chroot and the namespace, as root, with a clean environment
# such as a login shell gives.
in_root() {
    ip netns exec "$ns" chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb "$@"
}
# as_user CMD...: CMD inside the chroot and the namespace, as the user with sudo.
# shellcheck disable=SC2317 # called through run_test_sh
as_user() {
    ip netns exec "$ns" chroot "$root" /usr/bin/env -i HOME="/home/$user" USER="$user" LOGNAME="$user" \
        PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=dumb \
        setpriv --reuid="$user" --regid="$user" --init-groups "$@"
}
# tcp_open HOST PORT: true when a TCP connection from the namespace succeeds within 3 s.
# shellcheck disable=SC2016 # $1 and $2 are bash -c's arguments
tcp_open() { ip netns exec "$ns" timeout 3 bash -c ': <"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }
# services_left: the gateway, inventory and billing processes still running in the root.
services_left() {
    local pid
    for pid in $(chroot_pids "$root"); do
        case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
            gateway | inventory | billing) printf '%s(%s) ' "$(cat "/proc/$pid/comm")" "$pid" ;;
        esac
    done
}

# shellcheck disable=SC2317 # cleanup runs from the EXIT trap
cleanup() {
    local rc=$?
    set +e
    if [[ "$keep" == 1 ]]; then
        step "kept: root $root, namespace $ns, logs $logs; to enter: ip netns exec $ns chroot $root bash"
        step "to remove: scripts/lib/chroot.sh's chroot_remove $root and netns_nat_remove $ns $table"
        return "$rc"
    fi
    [[ -n "$run_local_pid" ]] && kill -INT -- "-$run_local_pid" 2>/dev/null
    if [[ -d "$root/proc/self" ]]; then
        in_root rabbitmqctl -q stop >/dev/null 2>&1
        in_root pg_ctlcluster --skip-systemctl-redirect 15 main stop -m fast >/dev/null 2>&1
    fi
    chroot_remove "$root"
    netns_nat_remove "$ns" "$table"
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

apt_install_missing debootstrap iproute2 nftables git curl python3
[[ -d "$HOME/.rustup/toolchains" && -x "$HOME/.cargo/bin/cargo" ]] ||
    die "this machine's Rust toolchain (rustup: ~/.rustup, ~/.cargo/bin) stands in for rustup's download; install it first"

# --- 1. A fresh Debian 12 in its own network namespace ------------------------------------
step "a Debian 12 root in $root [$(elapsed)]"
debian_root "$root" "$base_tar" "$mirror" "$fresh" "$logs/debootstrap.log"
chroot_mount "$root"
# This machine reaches the registries through a proxy that presents its own certificates: the
# root trusts the same extra certificate authorities (/usr/local/share/ca-certificates) and
# gets the same pip and npm settings naming the CA file (/etc/pip.conf, /etc/npmrc), as any
# machine on this network would need. Nothing else of this machine goes in.
extra_cas=(/usr/local/share/ca-certificates/*.crt)
if [[ -e "${extra_cas[0]}" ]]; then
    step "trusting this machine's extra certificate authorities: ${extra_cas[*]##*/}"
    cp "${extra_cas[@]}" "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >"$logs/update-ca-certificates.log" 2>&1 ||
        { tail -n 20 "$logs/update-ca-certificates.log"; die "update-ca-certificates failed in the root"; }
fi
for f in /etc/pip.conf /etc/npmrc; do
    [[ -f "$f" ]] && cp "$f" "$root$f"
done
step "network namespace $ns: NAT to the registries, nothing of this machine reachable [$(elapsed)]"
netns_create "$ns"
netns_nat "$ns" "$net" "$table"

echo "== the namespace =="
check "reaches Debian's mirror ($mirror)" \
    ip netns exec "$ns" curl -fsS -o /dev/null --max-time 30 "$mirror/dists/bookworm/Release"
for port in 5432 5672; do
    if tcp_open "$net.1" "$port"; then fail "reaches this machine's port $port ($net.1)"; else pass "cannot reach this machine's port $port ($net.1)"; fi
    if tcp_open 127.0.0.1 "$port"; then fail "127.0.0.1:$port answers before anything is installed"; else pass "nothing on 127.0.0.1:$port in the namespace before the set-up"; fi
done

# install_toolchain HOME OWNER: rustup's proxies copied into HOME/.cargo/bin, this machine's
# ~/.rustup (toolchains) mounted read-only on HOME/.rustup.
install_toolchain() {
    local home="$1" owner="$2"
    mkdir -p "$root$home/.cargo" "$root$home/.rustup"
    cp -a "$HOME/.cargo/bin" "$root$home/.cargo/"
    chown -R "$owner" "$root$home/.cargo"
    mount --bind "$HOME/.rustup" "$root$home/.rustup"
    mount --make-private "$root$home/.rustup"
    mount -o remount,bind,ro "$root$home/.rustup"
}

step "git clone of this repository's HEAD ($(git -C "$REPO_ROOT" rev-parse --short HEAD)) into /root/movies [$(elapsed)]"
git clone -q "$REPO_ROOT" "$root/root/movies"
install_toolchain /root root:root

# --- 2. scripts/run-local.sh, the README's curl examples, Ctrl-C ----------------------------
echo "== scripts/run-local.sh as root =="
step "scripts/run-local.sh (installs PostgreSQL and RabbitMQ, builds, serves; log $logs/run-local.log) [$(elapsed)]"
t0=$SECONDS
# Its own process group (setsid), so SIGINT can go to the group, as Ctrl-C in a terminal does.
setsid bash -c 'exec "$@"' _ ip netns exec "$ns" chroot "$root" /usr/bin/env -i HOME=/root USER=root \
    LOGNAME=root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb \
    bash -c 'cd /root/movies && exec scripts/run-local.sh' >"$logs/run-local.log" 2>&1 </dev/null &
run_local_pid=$!
serving=0
for ((i = 0; i < 3600; i++)); do
    if grep -q 'all three services are up' "$logs/run-local.log"; then
        serving=1
        break
    fi
    kill -0 "$run_local_pid" 2>/dev/null || break
    ((i % 60 == 59)) && step "run-local.sh: $(grep '^==>' "$logs/run-local.log" | tail -n 1 | cut -c1-100) [$(elapsed)]"
    sleep 1
done
if ((serving)); then
    pass "run-local.sh serves on 127.0.0.1:8080 after $((SECONDS - t0)) s"
    check "GET /health answers 200" ip netns exec "$ns" curl -fsS --max-time 10 http://127.0.0.1:8080/health
    step "the README's curl examples against it [$(elapsed)]"
    if ip netns exec "$ns" python3 "$REPO_ROOT/scripts/clients/readme-curl.py" "$root/root/movies/README.md" \
        127.0.0.1:8080 >"$logs/readme-curl.log" 2>&1; then
        pass "README curl examples print what the README shows ($(grep -c '^ok' "$logs/readme-curl.log" || true) examples)"
    else
        fail "README curl examples (log $logs/readme-curl.log):"
        tail -n 30 "$logs/readme-curl.log" | sed 's/^/        /'
    fi
    step "Ctrl-C: SIGINT to run-local.sh's process group [$(elapsed)]"
    kill -INT -- "-$run_local_pid"
    status=0
    for ((i = 0; i < 150; i++)); do
        kill -0 "$run_local_pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$run_local_pid" 2>/dev/null; then
        fail "run-local.sh still runs 30 s after SIGINT"
    else
        wait "$run_local_pid" || status=$?
        pass "run-local.sh ended on SIGINT (exit status $status)"
    fi
    run_local_pid=""
    left="$(services_left)"
    if [[ -z "$left" ]]; then pass "no gateway, inventory or billing process left"; else fail "left running: $left"; fi
    if tcp_open 127.0.0.1 8080 || tcp_open 127.0.0.1 5000; then fail "port 8080 or 5000 still answers"; else pass "ports 8080 and 5000 closed"; fi
else
    if kill -0 "$run_local_pid" 2>/dev/null; then
        fail "run-local.sh did not serve within an hour (log $logs/run-local.log):"
    else
        fail "run-local.sh exited before serving (log $logs/run-local.log):"
        run_local_pid=""
    fi
    tail -n 40 "$logs/run-local.log" | sed 's/^/        /'
fi

# --- 3. scripts/test.sh as root -------------------------------------------------------------
# run_test_sh LABEL LOG RUNNER...: scripts/test.sh through RUNNER (in_root or as_user), from
# the clone in DIR; PASS with its duration, FAIL with the end of its log.
run_test_sh() {
    local label="$1" log="$2" dir="$3" t0=$SECONDS rc=0
    shift 3
    step "$label (log $log) [$(elapsed)]"
    "$@" bash -c "cd $dir && exec scripts/test.sh" >"$log" 2>&1 </dev/null &
    local pid=$! i=0
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        ((++i % 120 == 0)) && step "test.sh: $(grep '^==>' "$log" | tail -n 1 | cut -c1-100) [$(elapsed)]"
    done
    wait "$pid" || rc=$?
    if [[ "$rc" == 0 ]]; then
        pass "$label passed in $((SECONDS - t0)) s ($(grep -o 'all checks passed in [0-9]* s' "$log" || echo 'no closing line'))"
    else
        fail "$label exited $rc after $((SECONDS - t0)) s; end of its log:"
        tail -n 40 "$log" | sed 's/^/        /'
    fi
}
echo "== scripts/test.sh as root =="
run_test_sh "scripts/test.sh as root" "$logs/test-root.log" /root/movies in_root
hba="$(awk '$1 == "host" { print $NF }' "$root"/etc/postgresql/*/main/pg_hba.conf 2>/dev/null | sort -u | paste -sd ' ')"
if [[ -n "$hba" && "$hba" != *trust* ]]; then pass "pg_hba.conf as Debian wrote it: TCP needs a password ($hba)"; else fail "pg_hba.conf host methods: '$hba'"; fi

# --- 4. scripts/test.sh as a user with sudo ---------------------------------------------------
if [[ "$with_user" == 1 ]]; then
    echo "== scripts/test.sh as $user, a user with sudo =="
    step "user $user with sudo (installed; its sudoers line asks no password); a copy of root's clone [$(elapsed)]"
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sudo >"$logs/sudo.log" 2>&1 ||
        { tail -n 20 "$logs/sudo.log"; die "installing sudo failed"; }
    # Not in group sudo, whose rule asks a password: with any rule that asks one, sudo -v does.
    in_root useradd --create-home --shell /bin/bash "$user"
    printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$user" >"$root/etc/sudoers.d/$user"
    chmod 0440 "$root/etc/sudoers.d/$user"
    cp -a "$root/root/movies" "$root/home/$user/movies"
    # The client tools are the user's own to install (a venv holds its absolute path).
    rm -rf "$root/home/$user/movies/.tools"
    uid="$(in_root id -u "$user")"
    chown -R "$uid:$uid" "$root/home/$user/movies"
    install_toolchain "/home/$user" "$uid:$uid"
    run_test_sh "scripts/test.sh as $user (sudo)" "$logs/test-user.log" "/home/$user/movies" as_user
fi

echo "== result ($(elapsed); logs: $logs) =="
echo "test-fresh: $passed passed, $failed failed"
exit $((failed > 0))
}
