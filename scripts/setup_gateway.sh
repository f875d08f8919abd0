#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions gateway-vm (Debian 12): nothing but the gateway service (static binary from
# dist/, /etc/gateway.env, systemd unit). It reaches inventory over HTTP (INVENTORY_URL) and
# RabbitMQ on billing-vm (RABBIT_HOST) with a user that may only publish. Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. ALLOW_MISSING_BINARY=1 provisions everything but the binary.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${GATEWAY_LISTEN:=0.0.0.0:8080}" "${RABBIT_PORT:=5672}" "${RABBIT_VHOST:=/}" "${BILLING_QUEUE:=billing_queue}"
require_vars INVENTORY_URL RABBIT_HOST GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD
export GATEWAY_LISTEN RABBIT_PORT RABBIT_VHOST BILLING_QUEUE

install_service gateway
step "done: gateway on $GATEWAY_LISTEN -> inventory $INVENTORY_URL, RabbitMQ ${RABBIT_HOST:?}:$RABBIT_PORT"
