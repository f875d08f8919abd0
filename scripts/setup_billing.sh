#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions billing-vm (Debian 12): PostgreSQL with a least-privilege role and the orders
# database; RabbitMQ with its management plugin (on localhost only), the billing queues, and
# two users: the gateway's may only publish, billing's may only consume; a firewall that lets
# only gateway-vm reach RabbitMQ; and the billing service (static binary from dist/,
# /etc/billing.env, systemd unit). Safe to run again.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env. GATEWAY_IP: the one peer allowed to reach RabbitMQ (default
# 192.168.56.10). BILLING_METRICS_LISTEN: billing's GET /metrics (default 192.168.56.12:9099),
# reachable from METRICS_NET only (the private network, default 192.168.56.0/24).
# ALLOW_MISSING_BINARY=1 provisions everything but the binary.
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
export POSTGRES_HOST POSTGRES_PORT BILLING_DATABASE RABBIT_HOST RABBIT_PORT RABBIT_VHOST BILLING_QUEUE \
    BILLING_QUEUE_TYPE
export BILLING_METRICS_LISTEN
readonly management_port=15672
dead_queue="$BILLING_QUEUE.dead"

step "packages"
# rabbitmqadmin (in rabbitmq-server) is a python3 script; curl checks the management API.
apt_install_missing postgresql rabbitmq-server python3 curl nftables

# PostgreSQL keeps Debian's defaults: it listens on localhost only and asks for a password
# (scram-sha-256) over TCP; billing, its only client, runs on this machine.
pg_start_if_stopped
pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$BILLING_DATABASE"

step "RabbitMQ configuration"
rabbit_conf="$(mktemp)"
cat >"$rabbit_conf" <<CONF
# Written by scripts/setup_billing.sh.
# AMQP on every interface: the firewall (nftables table inet movie_billing) admits only
# gateway-vm and this machine.
listeners.tcp.default = $RABBIT_PORT
# guest/guest works from this machine only (the default, stated so nobody relaxes it).
loopback_users.guest = true
# The management UI and API listen on localhost only: reach them through
# vagrant ssh billing-vm -- -L $management_port:127.0.0.1:$management_port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
CONF
SERVICE_CHANGED=0
install_file_if_changed "$rabbit_conf" /etc/rabbitmq/rabbitmq.conf 0644
rm -f "$rabbit_conf"
if [[ "$SERVICE_CHANGED" == 1 ]] && rabbit_running; then
    step "restarting RabbitMQ for its new configuration"
    if have_systemd; then
        as_root systemctl restart rabbitmq-server.service
    else
        as_root rabbitmqctl -q stop
    fi
fi
# The management plugin is enabled in /etc/rabbitmq/enabled_plugins before the node starts.
if ! grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then
    step "enabling the RabbitMQ management plugin"
    if rabbit_running; then
        as_root rabbitmq-plugins -q enable rabbitmq_management
    else
        as_root rabbitmq-plugins -q enable --offline rabbitmq_management
    fi
fi
rabbit_start_if_stopped
wait_for_tcp 127.0.0.1 "$management_port" 60 || die "RabbitMQ management API not listening on 127.0.0.1:$management_port"

rabbit_ensure_vhost "$RABBIT_VHOST"
# guest administers the vhost from this machine (it has every permission on "/" already).
if [[ "$RABBIT_VHOST" != "/" ]]; then
    as_root rabbitmqctl -q set_permissions -p "$RABBIT_VHOST" guest '.*' '.*' '.*'
fi

step "queues $BILLING_QUEUE and $dead_queue ($BILLING_QUEUE_TYPE)"
# The same definition as the order crate's order::queue::arguments (billing/order/src/queue.rs),
# delivery limit included (DELIVERY_LIMIT): a broker refuses whoever declares a queue again with
# different arguments, so a difference (an existing queue of the other type among them) shows
# up here as an error; scripts/move-queue.sh moves an existing queue to the other type.
admin() {
    rabbitmqadmin --host=127.0.0.1 --port="$management_port" --username=guest --password=guest \
        --vhost="$RABBIT_VHOST" "$@"
}
case "$BILLING_QUEUE_TYPE" in
    quorum)
        dead_arguments='{"x-queue-type": "quorum"}'
        type_arguments=', "x-queue-type": "quorum", "x-delivery-limit": 20, "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"'
        ;;
    classic) dead_arguments='{}' type_arguments='' ;;
    *) die "BILLING_QUEUE_TYPE must be quorum or classic, not $BILLING_QUEUE_TYPE" ;;
esac
admin declare queue name="$dead_queue" durable=true arguments="$dead_arguments" >/dev/null ||
    die "cannot declare $dead_queue as a $BILLING_QUEUE_TYPE queue (another type already? see scripts/move-queue.sh)"
admin declare queue name="$BILLING_QUEUE" durable=true \
    arguments="{\"x-dead-letter-exchange\": \"\", \"x-dead-letter-routing-key\": \"$dead_queue\"$type_arguments}" >/dev/null ||
    die "cannot declare $BILLING_QUEUE as a $BILLING_QUEUE_TYPE queue (another type already? see scripts/move-queue.sh)"

queues="^$(regex_escape "$BILLING_QUEUE")(\\.dead)?\$"
case "$RABBIT_PERMISSIONS" in
    strict)
        rabbit_ensure_user "$GATEWAY_RABBIT_USER" "$GATEWAY_RABBIT_PASSWORD" "$RABBIT_VHOST" '^$' '^amq\.default$' '^$'
        rabbit_ensure_user "$BILLING_RABBIT_USER" "$BILLING_RABBIT_PASSWORD" "$RABBIT_VHOST" '^$' '^$' "$queues"
        ;;
    declare)
        rabbit_ensure_user "$GATEWAY_RABBIT_USER" "$GATEWAY_RABBIT_PASSWORD" "$RABBIT_VHOST" "$queues" '^amq\.default$' "$queues"
        rabbit_ensure_user "$BILLING_RABBIT_USER" "$BILLING_RABBIT_PASSWORD" "$RABBIT_VHOST" "$queues" '^amq\.default$' "$queues"
        ;;
    *) die "RABBIT_PERMISSIONS must be strict or declare, not $RABBIT_PERMISSIONS" ;;
esac

metrics_port="${BILLING_METRICS_LISTEN##*:}"
apply_firewall movie_billing "
    ip saddr $GATEWAY_IP tcp dport $RABBIT_PORT accept
    ip saddr $METRICS_NET tcp dport $metrics_port accept
    tcp dport { $RABBIT_PORT, $POSTGRES_PORT, $management_port, 4369, 25672, $metrics_port } drop"

install_service billing
step "done: billing consumes $BILLING_QUEUE; RabbitMQ reachable from $GATEWAY_IP only; /metrics on $BILLING_METRICS_LISTEN (from $METRICS_NET only)"
