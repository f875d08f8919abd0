#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions inventory-vm (Debian 12): PostgreSQL with a least-privilege role and the movies
# database, a firewall that lets only gateway-vm reach the inventory port, and the inventory
# service (static binary from dist/, /etc/inventory.env, systemd unit). Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. GATEWAY_IP: the one peer allowed to reach inventory (default
# 192.168.56.10). INVENTORY_METRICS_LISTEN: GET /metrics on a listener of its own (default
# 192.168.56.11:9097), reachable from METRICS_NET only (the private network, default
# 192.168.56.0/24; the main port then answers /metrics 404). ALLOW_MISSING_BINARY=1 provisions
# everything but the binary.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${POSTGRES_HOST:=127.0.0.1}" "${POSTGRES_PORT:=5432}" "${INVENTORY_DATABASE:=movies}"
: "${INVENTORY_LISTEN:=0.0.0.0:5000}" "${GATEWAY_IP:=192.168.56.10}"
: "${INVENTORY_METRICS_LISTEN:=192.168.56.11:9097}" "${METRICS_NET:=192.168.56.0/24}"
require_vars POSTGRES_USER POSTGRES_PASSWORD
export POSTGRES_HOST POSTGRES_PORT INVENTORY_DATABASE INVENTORY_LISTEN INVENTORY_METRICS_LISTEN

step "packages"
apt_install_missing postgresql nftables

# PostgreSQL keeps Debian's defaults: it listens on localhost only and asks for a password
# (scram-sha-256) over TCP; inventory, its only client, runs on this machine.
pg_start_if_stopped
pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$INVENTORY_DATABASE"

inventory_port="${INVENTORY_LISTEN##*:}"
metrics_port="${INVENTORY_METRICS_LISTEN##*:}"
apply_firewall movie_inventory "
    ip saddr $GATEWAY_IP tcp dport $inventory_port accept
    ip saddr $METRICS_NET tcp dport $metrics_port accept
    tcp dport { $inventory_port, $POSTGRES_PORT, $metrics_port } drop"

install_service inventory
step "done: inventory on $INVENTORY_LISTEN (reachable from $GATEWAY_IP only), /metrics on $INVENTORY_METRICS_LISTEN (from $METRICS_NET only)"
