#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions pg-movies-1 or pg-orders-1 of the cluster (docs/SCALING.md; Debian 12): the primary
# of a PostgreSQL pair. It listens on its private address, admits the services (POSTGRES_CLIENTS)
# to their database with a password and the standby (POSTGRES_STANDBY_IP) to replicate, creates
# the services' least-privilege role and database (as setup_inventory.sh and setup_billing.sh do
# on their own VMs) and the replication role, and, with POSTGRES_SYNCHRONOUS=1 (orders), waits
# for the standby at each COMMIT. A firewall admits only those hosts to PostgreSQL. Safe to run
# again. Provision it before its standby (setup_postgres_standby.sh).
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env:
#   POSTGRES_DATABASE       the database of this pair (movies or orders)
#   POSTGRES_USER/PASSWORD  the services' role, owner of that database
#   POSTGRES_LISTEN_IP      this VM's private address
#   POSTGRES_CLIENTS        IPv4 addresses (comma-separated) of the inventories or billing workers
#   POSTGRES_STANDBY_IP     the standby's address
#   POSTGRES_REPLICATION_USER (default replicator) / POSTGRES_REPLICATION_PASSWORD  the role the
#                           standby replicates as (the Vagrantfile takes the password from the
#                           environment or .env, else makes one and keeps it in .vagrant/)
#   POSTGRES_SYNCHRONOUS    1: synchronous_standby_names = '*' (a COMMIT returns once the standby
#                           has it, so billing never acks an order a promoted standby lacks); 0
#                           (default): asynchronous
#   POSTGRES_PORT           default 5432
#
# After a promotion of the standby, do not run this on the old primary (it would serve as a
# second primary): rebuild it as the new primary's standby with setup_postgres_standby.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
: "${POSTGRES_SYNCHRONOUS:=0}"
pg_pair_settings
require_vars POSTGRES_PASSWORD
require_ipv4_list POSTGRES_STANDBY_IP
case "$POSTGRES_SYNCHRONOUS" in
    1) synchronous="# A COMMIT returns once the standby has its WAL (any standby: '*').
synchronous_standby_names = '*'" ;;
    0) synchronous="" ;;
    *) die "POSTGRES_SYNCHRONOUS must be 0 or 1, not $POSTGRES_SYNCHRONOUS" ;;
esac

step "packages"
apt_install_missing postgresql nftables

pg_configure_node "$POSTGRES_LISTEN_IP" "$POSTGRES_STANDBY_IP" "$POSTGRES_CLIENTS" "$synchronous"
pg_start_if_stopped
recovery="$(pg_ask 'SELECT pg_is_in_recovery()')" || die "PostgreSQL does not answer on port $POSTGRES_PORT"
[[ "$recovery" == f ]] ||
    die "this node is a standby (pg_is_in_recovery): it is provisioned by setup_postgres_standby.sh"

# Provisioning's own writes commit locally: with a synchronous standby not (yet) running they
# would wait for it forever. pg_admin_psql runs psql as root's child, which keeps PGOPTIONS.
export PGOPTIONS="-c synchronous_commit=local"
pg_ensure_role_db "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$POSTGRES_DATABASE"
pg_ensure_replication_role "$POSTGRES_REPLICATION_USER" "$POSTGRES_REPLICATION_PASSWORD"
unset PGOPTIONS

pg_pair_firewall "$POSTGRES_STANDBY_IP"
mode=asynchronous
[[ "$POSTGRES_SYNCHRONOUS" == 1 ]] && mode=synchronous
step "done: primary of $POSTGRES_DATABASE on $POSTGRES_LISTEN_IP:$POSTGRES_PORT for $POSTGRES_CLIENTS; $mode standby $POSTGRES_STANDBY_IP"
