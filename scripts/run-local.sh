#!/usr/bin/env bash
# Runs gateway, inventory and billing on this machine (loopback), with PostgreSQL and RabbitMQ
# installed, started and set up from .env when needed. Ctrl-C stops all three.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/provision.sh"
. "$REPO_ROOT/scripts/lib/local.sh"
cd "$REPO_ROOT"

use_loopback
prepare_local_stack
ensure_rust
step "building release binaries (cargo build --release; the first build takes a few minutes)"
cargo build --release --workspace --bins

logdir="$REPO_ROOT/target/run-local"
mkdir -p "$logdir"
trap 'step "stopping services"; stop_services; step "stopped"' EXIT
trap 'exit 130' INT TERM
for service in inventory billing gateway; do
    step "starting $service"
    start_service "$service" "$logdir"
done
gateway="http://$GATEWAY_LISTEN"
wait_for_http "$gateway/health" 30 || die "gateway $gateway/health is not healthy; see $logdir"
step "all three services are up; logs in $logdir; Ctrl-C stops them"
cat <<EOT

Try it:
  curl $gateway/api/movies
  curl -X POST $gateway/api/movies -H "Content-Type: application/json" \\
       -d '{"title": "The Matrix", "description": "Sci-Fi Classic"}'
  curl -X DELETE $gateway/api/movies
  curl -X POST $gateway/api/billing -H "Content-Type: application/json" \\
       -d '{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}'
  API docs: $gateway/docs   OpenAPI: $gateway/openapi.yaml
  Metrics (Prometheus text, docs/OPERATIONS.md): curl $gateway/metrics
       curl http://$INVENTORY_LISTEN/metrics   curl http://${BILLING_METRICS_LISTEN:-127.0.0.1:9099}/metrics

EOT
wait
