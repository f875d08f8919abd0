#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions gateway-vm (Debian 12): the gateway service (static binary from dist/,
# /etc/gateway.env, systemd unit) and a firewall that lets only the private network reach its
# metrics port. It reaches inventory over HTTP (INVENTORY_URL) and RabbitMQ on billing-vm
# (RABBIT_HOST), or in the cluster the inventories and RabbitMQ nodes of the lists INVENTORY_URL
# and RABBIT_HOSTS, with a user that may only publish. Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. GATEWAY_METRICS_LISTEN: GET /metrics on a listener of its own
# (default 192.168.56.10:9098), reachable from METRICS_NET only (the private network, default
# 192.168.56.0/24); the public port then answers /metrics 404. ALLOW_MISSING_BINARY=1
# provisions everything but the binary.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${GATEWAY_LISTEN:=0.0.0.0:8080}" "${RABBIT_PORT:=5672}" "${RABBIT_VHOST:=/}" "${BILLING_QUEUE:=billing_queue}"
: "${GATEWAY_METRICS_LISTEN:=192.168.56.10:9098}" "${METRICS_NET:=192.168.56.0/24}"
require_vars INVENTORY_URL GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD
# RABBIT_HOSTS (the cluster's nodes) replaces RABBIT_HOST.
[[ -n "${RABBIT_HOSTS:-}" ]] || require_vars RABBIT_HOST
export GATEWAY_LISTEN RABBIT_PORT RABBIT_VHOST BILLING_QUEUE GATEWAY_METRICS_LISTEN

step "packages"
apt_install_missing nftables

metrics_port="${GATEWAY_METRICS_LISTEN##*:}"
apply_firewall movie_gateway "
    ip saddr $METRICS_NET tcp dport $metrics_port accept
    tcp dport $metrics_port drop"

install_service gateway
step "done: gateway on $GATEWAY_LISTEN -> inventory $INVENTORY_URL, RabbitMQ ${RABBIT_HOSTS:-$RABBIT_HOST:$RABBIT_PORT}; /metrics on $GATEWAY_METRICS_LISTEN (from $METRICS_NET only)"
