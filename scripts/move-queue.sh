#!/usr/bin/env bash
# Moves the orders of an existing billing queue (and its dead-letter queue) to queues of
# another type, keeping their names: classic to quorum (the default since issue 15), or back.
# No order is lost: each message leaves its old queue only after the broker confirmed its copy
# in the new one (the move-queue binary of the broker crate, billing/broker/src/bin).
#
# Usage: scripts/move-queue.sh [quorum|classic]        (default quorum)
#
# Before: stop the billing workers (the script refuses while the queue has consumers) and stop
# the gateways, or restart them with the new BILLING_QUEUE_TYPE (an order published while a
# queue is being recreated gets 503, never a false "queued"). After: start billing and the
# gateways with BILLING_QUEUE_TYPE set to the new type. Running it again is safe: a queue
# already of the new type is left alone, and what an interrupted run left in <queue>.moving is
# brought back. If a run is killed between a copy's confirm and the original's ack, that
# message exists twice; billing writes it once (order_id is UNIQUE).
#
# Environment (from .env when present, variables already set win): RABBIT_HOSTS or
# RABBIT_HOST/RABBIT_PORT, RABBIT_VHOST, BILLING_QUEUE, and RABBIT_ADMIN_USER /
# RABBIT_ADMIN_PASSWORD: a user that may configure, read and write the two queues (default
# guest/guest, which RabbitMQ admits from loopback only). MOVE_QUEUE_BIN: the binary
# (default dist/move-queue, else built with cargo).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

kind="${1:-quorum}"
case "$kind" in
    quorum | classic) ;;
    *) die "usage: scripts/move-queue.sh [quorum|classic]" ;;
esac
if [[ -z "${MOVE_QUEUE_SKIP_ENV:-}" && -f "$REPO_ROOT/.env" ]]; then
    load_env "$REPO_ROOT/.env"
fi
: "${RABBIT_ADMIN_USER:=guest}" "${RABBIT_ADMIN_PASSWORD:=guest}"
export RABBIT_ADMIN_USER RABBIT_ADMIN_PASSWORD
for name in RABBIT_HOSTS RABBIT_HOST RABBIT_PORT RABBIT_VHOST BILLING_QUEUE; do
    if [[ -n "${!name:-}" ]]; then
        export "${name?}"
    fi
done

bin="${MOVE_QUEUE_BIN:-}"
if [[ -z "$bin" ]]; then
    if [[ -x "$REPO_ROOT/dist/move-queue" ]]; then
        bin="$REPO_ROOT/dist/move-queue"
    else
        step "building move-queue (cargo build --release -p broker --bin move-queue)"
        (cd "$REPO_ROOT" && cargo build --quiet --release -p broker --bin move-queue)
        bin="$REPO_ROOT/target/release/move-queue"
    fi
fi
step "moving ${BILLING_QUEUE:-billing_queue} and its dead-letter queue to $kind queues"
"$bin" "$kind"
step "done: start billing and the gateways with BILLING_QUEUE_TYPE=$kind"
