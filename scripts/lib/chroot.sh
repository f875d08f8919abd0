# shellcheck shell=bash
# scripts/lib/chroot.sh: a throw-away Debian 12 root in a network namespace of its own, shared
# by scripts/test-provision.sh and scripts/test-fresh.sh (both run by hand, as root). Needs
# lib/common.sh first.
#
#   debian_root ROOT TAR MIRROR FRESH LOG   a Debian 12 (bookworm) minbase root in ROOT: unpacked
#                                   from the cached TAR, or made with debootstrap from MIRROR
#                                   (and cached in TAR) when TAR is missing or FRESH is 1
#   chroot_mount ROOT               proc, sys, dev, dev/pts and dev/shm mounted; resolv.conf, hosts;
#                                   a policy-rc.d so packages do not start daemons
#   chroot_pids ROOT                the PIDs of the processes whose root directory is ROOT
#   chroot_remove ROOT              ends those processes (TERM, then KILL), unmounts everything
#                                   under ROOT and removes ROOT
#   netns_create NS                 network namespace NS with its loopback up
#   netns_nat NS PREFIX TABLE       a veth pair to NS (PREFIX.1 here, PREFIX.2 in NS, /24), NS's
#                                   default route through it, masquerade out of this machine
#                                   (nftables table ip TABLE) and nothing of this machine
#                                   reachable from NS: its traffic to this machine is dropped
#   netns_nat_remove NS TABLE       undoes netns_nat and deletes NS
#
# The chroot is not a security boundary: it keeps the tests' files, packages and daemons apart
# from the machine's; the network namespace keeps their ports apart (their PostgreSQL and
# RabbitMQ cannot reach or clash with this machine's).

# debian_root ROOT TAR MIRROR FRESH LOG: see the header. The root has ca-certificates, procps
# and systemd (installed, not running: systemd-analyze verify needs it) beyond minbase.
debian_root() {
    local root="$1" tar="$2" mirror="$3" fresh="$4" log="$5"
    mkdir -p "$(dirname "$tar")"
    if [[ "$fresh" == 1 || ! -s "$tar" ]]; then
        step "debootstrap bookworm from $mirror into $root (cached in $tar)"
        debootstrap --variant=minbase --include=ca-certificates,procps,systemd \
            bookworm "$root" "$mirror" >"$log" 2>&1 ||
            { tail -n 20 "$log"; die "debootstrap failed (log: $log)"; }
        tar -C "$root" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    else
        step "unpacking the cached Debian 12 root $tar into $root"
        mkdir -p "$root"
        tar -C "$root" -xf "$tar"
    fi
    grep -q '^VERSION_ID="12"' "$root/etc/os-release" || die "$root is not Debian 12"
}

# chroot_mount ROOT: see the header.
chroot_mount() {
    local root="$1"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"
    mount --bind /dev "$root/dev"
    # Private: what is mounted under the root's /dev never shows on this machine's /dev.
    mount --make-private "$root/dev"
    mount --bind /dev/pts "$root/dev/pts" 2>/dev/null || true
    # A /dev/shm of its own (Chromium needs one), not this machine's.
    mount -t tmpfs -o mode=1777,size=1g tmpfs "$root/dev/shm"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    printf '127.0.0.1 localhost %s\n::1 localhost\n' "$(hostname)" >"$root/etc/hosts"
    # Like a container: packages do not start daemons; the scripts start what they need.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
}

# chroot_pids ROOT: see the header. Those processes are the ones the scripts started in ROOT.
chroot_pids() {
    local root="$1" p
    for p in /proc/[0-9]*; do
        [[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}

# chroot_remove ROOT: see the header. Mount points under ROOT are unmounted deepest first; ROOT
# is removed only when nothing is mounted under it any more.
chroot_remove() {
    local root="$1" pid m
    [[ -n "$root" && "$root" != / && -d "$root" ]] || return 0
    for pid in $(chroot_pids "$root"); do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in $(chroot_pids "$root"); do kill -9 "$pid" 2>/dev/null; done
    while read -r m; do
        umount -l "$m" 2>/dev/null
    done < <(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
    if ! awk -v r="$root" 'index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        rm -rf "$root"
    fi
    return 0
}

# netns_create NS: see the header.
netns_create() {
    ip netns add "$1"
    ip -n "$1" link set lo up
}

# netns_nat NS PREFIX TABLE: see the header. PREFIX is three octets of a test-only /24 (e.g.
# 10.203.57); the veth's MTU is the default route's, so no packet needs fragmenting on the way.
netns_nat() {
    local ns="$1" prefix="$2" table="$3" out mtu here="${1:0:11}h"
    out="$(ip -4 route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')"
    [[ -n "$out" ]] || die "no default route on this machine: the namespace would have no way out"
    mtu="$(cat "/sys/class/net/$out/mtu")"
    ip link add "$here" mtu "$mtu" type veth peer name eth0 mtu "$mtu" netns "$ns"
    ip addr add "$prefix.1/24" dev "$here"
    ip link set "$here" up
    ip -n "$ns" addr add "$prefix.2/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add default via "$prefix.1"
    # Forwarding is needed for the way out; the old value goes back in netns_nat_remove.
    cat /proc/sys/net/ipv4/ip_forward >"/run/$table.ip_forward"
    echo 1 >/proc/sys/net/ipv4/ip_forward
    nft -f - <<EOF
table ip $table {
    chain input {
        type filter hook input priority filter - 10; policy accept;
        # Nothing of this machine (its PostgreSQL, RabbitMQ, any other service) from $ns.
        iifname "$here" drop
    }
    chain forward {
        type filter hook forward priority filter - 10; policy accept;
        iifname "$here" oifname "$out" accept
        iifname "$out" oifname "$here" ct state established,related accept
        iifname "$here" drop
        oifname "$here" drop
    }
    chain postrouting {
        type nat hook postrouting priority srcnat; policy accept;
        ip saddr $prefix.0/24 oifname "$out" masquerade
    }
}
EOF
}

# netns_nat_remove NS TABLE: see the header.
netns_nat_remove() {
    local ns="$1" table="$2" here="${1:0:11}h"
    nft delete table ip "$table" 2>/dev/null
    if [[ -f "/run/$table.ip_forward" ]]; then
        cat "/run/$table.ip_forward" >/proc/sys/net/ipv4/ip_forward
        rm -f "/run/$table.ip_forward"
    fi
    ip link del "$here" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    return 0
}
