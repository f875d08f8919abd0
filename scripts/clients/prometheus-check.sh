#!/usr/bin/env bash
# prometheus-check.sh GATEWAY_URL INVENTORY_URL BILLING_METRICS_URL: the three /metrics pages
# pass `promtool check metrics`; then a real Prometheus (Debian's package, our own process on
# a free loopback port, its config and data in a temporary directory, stopped by its PID)
# scrapes all three while a few orders and movie requests go through the gateway, and its
# HTTP API (/api/v1/query) must show the orders written, the requests counted and every
# target up. The five alerts of docs/OPERATIONS.md are checked by `promtool check rules` and
# loaded into that Prometheus. Called by scripts/clients-test.sh.
set -euo pipefail
gateway="$1" inventory="$2" billing="$3"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
orders=5

tmp="$(mktemp -d)"
prometheus_pid=""
# shellcheck disable=SC2317 # finish runs from the EXIT trap
finish() {
    if [[ -n "$prometheus_pid" ]]; then
        kill -TERM "$prometheus_pid" 2>/dev/null || true
        wait "$prometheus_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap finish EXIT

for target in "gateway $gateway" "inventory $inventory" "billing $billing"; do
    read -r name url <<<"$target"
    curl -fsS --max-time 10 "$url/metrics" >"$tmp/$name.txt"
    echo "promtool check metrics < $name /metrics ($(grep -vc '^#' "$tmp/$name.txt") samples)"
    promtool check metrics <"$tmp/$name.txt"
done

# The alerts block of docs/OPERATIONS.md, as an operator would copy it.
sed -n '/^# alerts.yml/,/^```/p' "$repo/docs/OPERATIONS.md" | sed '$d' >"$tmp/alerts.yml"
promtool check rules "$tmp/alerts.yml"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: ["$tmp/alerts.yml"]
scrape_configs:
  - job_name: gateway
    static_configs: [{targets: ["${gateway#http://}"]}]
  - job_name: inventory
    static_configs: [{targets: ["${inventory#http://}"]}]
  - job_name: billing
    static_configs: [{targets: ["${billing#http://}"]}]
YAML
promtool check config "$tmp/prometheus.yml"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
    --web.listen-address="127.0.0.1:$port" >"$tmp/prometheus.log" 2>&1 &
prometheus_pid=$!
echo "prometheus (pid $prometheus_pid) on 127.0.0.1:$port"

# query PROMQL: the value of the first sample of an instant query, or nothing.
query() {
    curl -fsS --max-time 5 "http://127.0.0.1:$port/api/v1/query" --data-urlencode "query=$1" 2>/dev/null |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' 2>/dev/null || true
}

written_before="$(curl -fsS "$billing/metrics" | awk '$1 == "billing_orders_written_total" { print $2 }')"
for i in $(seq 1 "$orders"); do
    curl -fsS --max-time 10 -H 'Content-Type: application/json' \
        -d "{\"user_id\": \"prom-$i\", \"number_of_items\": 1, \"total_amount\": \"1.00\"}" \
        "$gateway/api/billing" >/dev/null
    curl -fsS --max-time 10 "$gateway/api/movies?limit=1" >/dev/null
done
expected=$((written_before + orders))
echo "posted $orders orders and $orders movie listings; billing should show $expected orders written"

# wait_for PROMQL MIN: until the query's value is at least MIN (60 s at most).
wait_for() {
    local value i
    for ((i = 0; i < 120; i++)); do
        value="$(query "$1")"
        if [[ -n "$value" ]] && python3 -c "import sys; sys.exit(0 if float('$value') >= $2 else 1)"; then
            echo "ok  $1 = $value (>= $2)"
            return 0
        fi
        sleep 0.5
    done
    echo "FAILED  $1 = ${value:-no result} (wanted >= $2)"
    tail -n 20 "$tmp/prometheus.log"
    return 1
}
rc=0
wait_for 'count(up == 1)' 3 || rc=1
wait_for 'billing_orders_written_total{job="billing"}' "$expected" || rc=1
wait_for 'sum(http_requests_total{job="gateway",route="/api/billing",method="POST",status="2xx"})' "$orders" || rc=1
wait_for 'sum(http_requests_total{job="gateway",route="/api/movies",status="2xx"})' "$orders" || rc=1
wait_for 'sum(http_requests_total{job="inventory",route="/api/movies",status="2xx"})' "$orders" || rc=1
wait_for 'gateway_orders_confirmed_total' "$orders" || rc=1
wait_for 'billing_publish_to_commit_lag_seconds_count' "$orders" || rc=1
for job in gateway inventory billing; do
    echo "up{job=\"$job\"} = $(query "up{job=\"$job\"}")"
done
rules="$(curl -fsS --max-time 5 "http://127.0.0.1:$port/api/v1/rules" |
    python3 -c 'import json, sys; print(sum(len(g["rules"]) for g in json.load(sys.stdin)["data"]["groups"]))')"
echo "alert rules loaded from docs/OPERATIONS.md: $rules"
[[ "$rules" == 5 ]] || rc=1
firing="$(query 'count(ALERTS{alertstate="firing"})')"
echo "alerts firing: ${firing:-0}"
[[ -z "$firing" ]] || { query 'ALERTS'; rc=1; }
exit "$rc"
