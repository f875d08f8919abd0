#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions billing-vm (Debian 12): PostgreSQL with a least-privilege role and the orders
# database; RabbitMQ with its management plugin (on localhost only), the billing queues, and
# two users: the gateway's may only publish, billing's may only consume; a firewall that lets
# only gateway-vm reach RabbitMQ; and the billing service (static binary from dist/,
# /etc/billing.env, systemd unit). Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. GATEWAY_IP: the peer (or comma-separated peers) allowed to reach
# RabbitMQ (default 192.168.56.10). BILLING_METRICS_LISTEN: billing's GET /metrics (default
# 192.168.56.12:9099), reachable from METRICS_NET only (the private network, default
# 192.168.56.0/24).
# ALLOW_MISSING_BINARY=1 provisions everything but the binary.
#
# In the cluster (docs/SCALING.md) POSTGRES_HOST and RABBIT_HOSTS name other VMs: PostgreSQL and
# RabbitMQ are then left to their own VMs' scripts and only the service is installed here. Each
# is local, and installed here, when every host of its list is a loopback address.
#
# RABBIT_PERMISSIONS chooses what the two RabbitMQ users may do:
#   strict  (default) the queues are declared here, by provisioning; the gateway may only
#           write to the default exchange (publish), billing may only read its two queues
#           (consume, ack, reject). Neither can declare, delete or purge a queue. Services
#           then need to declare the queues passively (they exist already).
#   declare the services may also declare the two queues themselves. RabbitMQ then requires,
#           for a queue with a dead-letter exchange, configure AND read on the queue plus write
#           on the dead-letter exchange (amq.default) from whoever declares it: the gateway
#           could also consume and billing could also publish (measured on RabbitMQ 3.10).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${POSTGRES_HOST:=127.0.0.1}" "${POSTGRES_PORT:=5432}" "${BILLING_DATABASE:=orders}"
: "${RABBIT_HOST:=127.0.0.1}" "${RABBIT_PORT:=5672}" "${RABBIT_VHOST:=/}" "${BILLING_QUEUE:=billing_queue}"
: "${GATEWAY_IP:=192.168.56.10}" "${RABBIT_PERMISSIONS:=strict}" "${BILLING_QUEUE_TYPE:=quorum}"
: "${BILLING_METRICS_LISTEN:=192.168.56.12:9099}" "${METRICS_NET:=192.168.56.0/24}"
require_vars POSTGRES_USER POSTGRES_PASSWORD BILLING_RABBIT_USER BILLING_RABBIT_PASSWORD \
    GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD
require_ipv4_list GATEWAY_IP
export POSTGRES_HOST POSTGRES_PORT BILLING_DATABASE RABBIT_HOST RABBIT_PORT RABBIT_VHOST BILLING_QUEUE \
    BILLING_QUEUE_TYPE
export BILLING_METRICS_LISTEN

step "packages"
# A broker or a database named by a loopback address runs here and is set up here; a remote one
# (the cluster of docs/SCALING.md) is set up by its own node's script (setup_rabbit.sh,
# setup_postgres_primary.sh), and nothing of it is installed here.
local_postgres=0 local_rabbit=0
is_loopback_list "$POSTGRES_HOST" && local_postgres=1
is_loopback_list "${RABBIT_HOSTS:-$RABBIT_HOST}" && local_rabbit=1
packages=(curl nftables)
[[ "$local_postgres" == 1 ]] && packages+=(postgresql)
# rabbitmqadmin (in rabbitmq-server) is a python3 script; curl checks the management API.
[[ "$local_rabbit" == 1 ]] && packages+=(rabbitmq-server python3)
apt_install_missing "${packages[@]}"

if [[ "$local_postgres" == 1 ]]; then
    # PostgreSQL keeps Debian's defaults: it listens on localhost only and asks for a password
    # (scram-sha-256) over TCP; billing, its only client, runs on this machine.
    pg_start_if_stopped
    pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$BILLING_DATABASE"
else
    step "PostgreSQL is remote ($POSTGRES_HOST): nothing of it installed here"
fi

if [[ "$local_rabbit" == 1 ]]; then
    rabbit_configure_node movie_billing "gateway-vm and this machine" billing-vm
    rabbit_declare_billing_objects
else
    step "RabbitMQ is remote (${RABBIT_HOSTS:-$RABBIT_HOST}): nothing of it installed here"
fi

metrics_port="${BILLING_METRICS_LISTEN##*:}"
apply_firewall movie_billing "
    ip saddr $(nft_addresses "$GATEWAY_IP") tcp dport $RABBIT_PORT accept
    ip saddr $METRICS_NET tcp dport $metrics_port accept
    tcp dport { $RABBIT_PORT, $POSTGRES_PORT, $RABBIT_MANAGEMENT_PORT, 4369, 25672, $metrics_port } drop"

install_service billing
step "done: billing consumes $BILLING_QUEUE of ${RABBIT_HOSTS:-$RABBIT_HOST:$RABBIT_PORT}, writes to $POSTGRES_HOST; /metrics on $BILLING_METRICS_LISTEN (from $METRICS_NET only)"
