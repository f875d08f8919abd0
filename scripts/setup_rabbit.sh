#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions rabbit-N of the cluster (docs/SCALING.md; Debian 12): a RabbitMQ node with the
# cluster's Erlang cookie, the configuration of billing-vm's node (AMQP on every interface,
# guest from loopback only, the management API on localhost) plus pause_minority, and a firewall
# that admits the services to AMQP and the other nodes to Erlang's ports (epmd, distribution).
# The first node of RABBIT_NODES is the seed: it declares the vhost, the two queues and the two
# users, as setup_billing.sh does on its single node (same functions, same permissions; users,
# vhosts and queues belong to the whole cluster). The other nodes join the seed's cluster and
# add their replica of the quorum queues (rabbitmq-queues grow). Safe to run again: a node
# already in the seed's cluster is left in it. Provision the seed first.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env:
#   RABBIT_NODES          name=IPv4,… of every node, the seed first (e.g.
#                         rabbit-1=192.168.56.41,rabbit-2=192.168.56.42,rabbit-3=192.168.56.43);
#                         this machine's short host name must be one of the names
#   RABBIT_ERLANG_COOKIE  the cluster's shared secret, the same on every node: 20 to 255
#                         letters and digits (the Vagrantfile takes it from the environment or
#                         .env, else makes one and keeps it in .vagrant/; never in the repository)
#   RABBIT_CLIENTS        IPv4 addresses (comma-separated) of the gateways and billing workers,
#                         the only hosts admitted to AMQP
#   BILLING_QUEUE_TYPE    must be quorum (the default): a classic queue lives on one node
#   RABBIT_PORT, RABBIT_VHOST, BILLING_QUEUE, RABBIT_PERMISSIONS, GATEWAY_RABBIT_USER/PASSWORD,
#   BILLING_RABBIT_USER/PASSWORD: as in setup_billing.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${RABBIT_PORT:=5672}" "${RABBIT_VHOST:=/}" "${BILLING_QUEUE:=billing_queue}"
: "${RABBIT_PERMISSIONS:=strict}" "${BILLING_QUEUE_TYPE:=quorum}"
require_vars RABBIT_NODES RABBIT_ERLANG_COOKIE BILLING_RABBIT_USER BILLING_RABBIT_PASSWORD \
    GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD
require_ipv4_list RABBIT_CLIENTS
[[ "$RABBIT_ERLANG_COOKIE" =~ ^[A-Za-z0-9]{20,255}$ ]] ||
    die "RABBIT_ERLANG_COOKIE must be 20 to 255 letters and digits (e.g. openssl rand -hex 32)"
[[ "$BILLING_QUEUE_TYPE" == quorum ]] ||
    die "BILLING_QUEUE_TYPE must be quorum on a cluster, not $BILLING_QUEUE_TYPE (a classic queue lives on one node)"
[[ "$RABBIT_PORT" =~ ^[0-9]+$ ]] || die "RABBIT_PORT must be a port number, not $RABBIT_PORT"

# The node list: names[i] at ips[i]; this node is names[self].
names=() ips=() self=-1
IFS=, read -ra entries <<<"$RABBIT_NODES"
for entry in "${entries[@]}"; do
    [[ "$entry" =~ ^([a-z0-9][a-z0-9-]*)=([0-9.]+)$ ]] ||
        die "RABBIT_NODES: '$entry' is not name=IPv4 (short host names: lower-case letters, digits, -)"
    name="${BASH_REMATCH[1]}" ip="${BASH_REMATCH[2]}"
    is_ipv4_list "$ip" || die "RABBIT_NODES: '$ip' is not an IPv4 address"
    [[ "$name" == "$(hostname -s)" ]] && self="${#names[@]}"
    names+=("$name")
    ips+=("$ip")
done
((self >= 0)) || die "this machine's host name $(hostname -s) is not among RABBIT_NODES ($RABBIT_NODES)"
this="rabbit@${names[$self]}" seed="rabbit@${names[0]}"
peers="$(IFS=,; printf '%s' "${ips[*]}")"
export RABBIT_PORT RABBIT_VHOST BILLING_QUEUE BILLING_QUEUE_TYPE

step "packages"
# rabbitmqadmin (in rabbitmq-server) is a python3 script; curl checks the management API.
apt_install_missing rabbitmq-server python3 curl nftables

# Node names are rabbit@<short host name>: each node must resolve the others' names.
hosts=""
for i in "${!names[@]}"; do
    hosts+="${ips[$i]} ${names[$i]}"$'\n'
done
write_marked_block /etc/hosts root 0644 "${hosts%$'\n'}"

# The cookie is read when the node starts, and the CLI tools need the running node's: a node
# running with another cookie (the package's random one) is stopped before the file changes.
cookie="$(mktemp)"
printf '%s' "$RABBIT_ERLANG_COOKIE" >"$cookie"
if ! as_root cmp -s "$cookie" /var/lib/rabbitmq/.erlang.cookie; then
    step "the cluster's Erlang cookie"
    if rabbit_running; then
        if have_systemd; then
            as_root systemctl stop rabbitmq-server.service
        else
            as_root rabbitmqctl -q stop
        fi
    fi
    install_file_if_changed "$cookie" /var/lib/rabbitmq/.erlang.cookie 0400 rabbitmq
fi
rm -f "$cookie"

# pause_minority: a node cut off from the majority stops serving rather than diverge (the
# quorum queue needs a majority anyway).
rabbit_configure_node movie_rabbit "the gateways and billing workers (RABBIT_CLIENTS) and this machine" \
    "${names[$self]}" "cluster_partition_handling = pause_minority"

# in_seed_cluster: true when this node's cluster has the seed among its disc nodes.
in_seed_cluster() {
    as_root rabbitmqctl -q cluster_status --formatter json |
        python3 -c 'import json, sys; sys.exit(sys.argv[1] not in json.load(sys.stdin)["disk_nodes"])' "$seed"
}

if ((self == 0)); then
    rabbit_declare_billing_objects
elif in_seed_cluster; then
    step "$this is already in the cluster of $seed"
else
    step "$this joins the cluster of $seed"
    wait_for_tcp "${ips[0]}" 25672 60 ||
        die "$seed unreachable at ${ips[0]}:25672 (Erlang distribution): provision ${names[0]} first"
    as_root rabbitmqctl -q stop_app
    if ! as_root rabbitmqctl -q join_cluster "$seed"; then
        as_root rabbitmqctl -q start_app || true
        die "join_cluster $seed failed (same RABBIT_ERLANG_COOKIE on every node? the names resolve?)"
    fi
    as_root rabbitmqctl -q start_app
    rabbit_start_if_stopped
fi

if ((self > 0)); then
    # A quorum queue has replicas on the nodes running when it was declared: add ours.
    as_root rabbitmq-queues -q grow "$this" all --vhost-pattern "^$(regex_escape "$RABBIT_VHOST")\$" \
        --queue-pattern "^$(regex_escape "$BILLING_QUEUE")(\\.dead)?\$" >/dev/null
    for queue in "$BILLING_QUEUE" "$BILLING_QUEUE.dead"; do
        members="$(as_root rabbitmqctl -q list_queues -p "$RABBIT_VHOST" --no-table-headers name members |
            awk -v q="$queue" '$1 == q { $1 = ""; print }')"
        [[ " ${members//[][,\']/ } " == *" $this "* ]] ||
            die "$queue has no replica on $this (members: ${members:-none}; is it declared on $seed?)"
    done
    step "the quorum queues have a replica here"
fi

apply_firewall movie_rabbit "
    ip saddr $(nft_addresses "$RABBIT_CLIENTS") tcp dport $RABBIT_PORT accept
    ip saddr $(nft_addresses "$peers") tcp dport { 4369, 25672 } accept
    tcp dport { $RABBIT_PORT, $RABBIT_MANAGEMENT_PORT, 4369, 25672 } drop"

step "done: $this in the cluster of $seed; AMQP on :$RABBIT_PORT from $RABBIT_CLIENTS only"
