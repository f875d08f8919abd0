#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions inventory-vm (Debian 12): PostgreSQL with a least-privilege role and the movies
# database, a firewall that lets only gateway-vm reach the inventory port, and the inventory
# service (static binary from dist/, /etc/inventory.env, systemd unit). Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. GATEWAY_IP: the peer (or comma-separated peers) allowed to reach
# inventory (default 192.168.56.10). INVENTORY_METRICS_LISTEN: GET /metrics on a listener of
# its own (default 192.168.56.11:9097), reachable from METRICS_NET only (the private network,
# default 192.168.56.0/24; the main port then answers /metrics 404). ALLOW_MISSING_BINARY=1
# provisions everything but the binary.
#
# In the cluster (docs/SCALING.md) POSTGRES_HOST names the primary and standby VMs: PostgreSQL is
# then left to their script (setup_postgres_primary.sh makes the role and the database) and only
# the service is installed here. It is local, and installed here, when every host of
# POSTGRES_HOST is a loopback address.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${POSTGRES_HOST:=127.0.0.1}" "${POSTGRES_PORT:=5432}" "${INVENTORY_DATABASE:=movies}"
: "${INVENTORY_LISTEN:=0.0.0.0:5000}" "${GATEWAY_IP:=192.168.56.10}"
: "${INVENTORY_METRICS_LISTEN:=192.168.56.11:9097}" "${METRICS_NET:=192.168.56.0/24}"
require_vars POSTGRES_USER POSTGRES_PASSWORD
require_ipv4_list GATEWAY_IP
export POSTGRES_HOST POSTGRES_PORT INVENTORY_DATABASE INVENTORY_LISTEN INVENTORY_METRICS_LISTEN

step "packages"
if is_loopback_list "$POSTGRES_HOST"; then
    apt_install_missing postgresql nftables
    # PostgreSQL keeps Debian's defaults: it listens on localhost only and asks for a password
    # (scram-sha-256) over TCP; inventory, its only client, runs on this machine.
    pg_start_if_stopped
    pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$INVENTORY_DATABASE"
else
    apt_install_missing nftables
    step "PostgreSQL is remote ($POSTGRES_HOST): nothing of it installed here"
fi

inventory_port="${INVENTORY_LISTEN##*:}"
metrics_port="${INVENTORY_METRICS_LISTEN##*:}"
apply_firewall movie_inventory "
    ip saddr $(nft_addresses "$GATEWAY_IP") tcp dport $inventory_port accept
    ip saddr $METRICS_NET tcp dport $metrics_port accept
    tcp dport { $inventory_port, $POSTGRES_PORT, $metrics_port } drop"

install_service inventory
step "done: inventory on $INVENTORY_LISTEN (reachable from $GATEWAY_IP only), database $POSTGRES_HOST, /metrics on $INVENTORY_METRICS_LISTEN (from $METRICS_NET only)"
