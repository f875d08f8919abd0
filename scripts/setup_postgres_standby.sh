#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Provisions pg-movies-2 or pg-orders-2 of the cluster (docs/SCALING.md; Debian 12): a streaming
# standby of the primary POSTGRES_PRIMARY_IP, made once with pg_basebackup -R (which writes
# standby.signal and primary_conninfo). Its own settings are the primary's (same listen rule,
# same pg_hba.conf lines for the services, replication admitted from the other node), so that
# after a promotion (pg_ctlcluster 15 main promote) the services' next connections land here.
# A firewall admits only the services and the primary to PostgreSQL. Safe to run again: a
# standby is left as it is, and so is a node that holds POSTGRES_DATABASE without being a
# standby (a promoted one); only a node without it (the package's empty cluster, or a base
# backup that failed half-way) is replaced by a base backup. Provision the primary first.
#
# Settings come from the environment (the Vagrantfile passes them) and, for anything unset,
# from the repository's .env: POSTGRES_PRIMARY_IP (the primary's address) and, as for
# setup_postgres_primary.sh, POSTGRES_DATABASE, POSTGRES_USER, POSTGRES_LISTEN_IP,
# POSTGRES_CLIENTS, POSTGRES_REPLICATION_USER/PASSWORD, POSTGRES_PORT.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

need_root_or_sudo
load_env "$REPO_ROOT/.env"
pg_pair_settings
require_ipv4_list POSTGRES_PRIMARY_IP
[[ "$POSTGRES_PRIMARY_IP" != *,* ]] || die "POSTGRES_PRIMARY_IP must be one address, not $POSTGRES_PRIMARY_IP"

step "packages"
apt_install_missing postgresql nftables

pg_configure_node "$POSTGRES_LISTEN_IP" "$POSTGRES_PRIMARY_IP" "$POSTGRES_CLIENTS"

# The replication password, for pg_basebackup and then for the standby's WAL receiver: a
# passfile of the postgres user (not a command line); pg_basebackup -R names it in
# primary_conninfo. ":" and "\" escaped as the passfile format requires. Rewritten when the
# password changes (the WAL receiver reads it at each connection).
passfile=/var/lib/postgresql/.pgpass-replication
password="${POSTGRES_REPLICATION_PASSWORD//\\/\\\\}"
password="${password//:/\\:}"
passfile_tmp="$(mktemp)"
printf '%s:%s:*:%s:%s\n' "$POSTGRES_PRIMARY_IP" "$POSTGRES_PORT" "$POSTGRES_REPLICATION_USER" \
    "$password" >"$passfile_tmp"
install_file_if_changed "$passfile_tmp" "$passfile" 0600 postgres
rm -f "$passfile_tmp"

# base_backup: replaces the data directory with a copy of the primary's, as a standby.
base_backup() {
    local data
    data="$(pg_data_dir)"
    [[ -n "$data" && "$data" != / ]] || die "no data directory for the cluster $(pg_version) main"
    wait_for_tcp "$POSTGRES_PRIMARY_IP" "$POSTGRES_PORT" 60 ||
        die "the primary $POSTGRES_PRIMARY_IP:$POSTGRES_PORT is unreachable: provision it first"
    step "base backup of the primary $POSTGRES_PRIMARY_IP into $data (pg_basebackup -R)"
    if pg_cluster_online; then
        pg_ctl_main stop
    fi
    as_root find "$data" -mindepth 1 -delete
    (cd / && as_root runuser -u postgres -- env PGPASSFILE="$passfile" pg_basebackup -w \
        -h "$POSTGRES_PRIMARY_IP" -p "$POSTGRES_PORT" -U "$POSTGRES_REPLICATION_USER" \
        -D "$data" -R -X stream -c fast) ||
        die "pg_basebackup from $POSTGRES_PRIMARY_IP failed: is the primary provisioned with POSTGRES_STANDBY_IP=$POSTGRES_LISTEN_IP and the same POSTGRES_REPLICATION_PASSWORD?"
}

data="$(pg_data_dir)"
if as_root test -f "$data/standby.signal"; then
    step "already a standby (standby.signal): no base backup"
    pg_start_if_stopped
elif as_root test -f "$data/PG_VERSION"; then
    pg_start_if_stopped
    # Only a node that provably lacks the database is replaced: no answer is an error, not a "no".
    holds="$(pg_ask "SELECT count(*) FROM pg_database WHERE datname = '$POSTGRES_DATABASE'")" ||
        die "PostgreSQL does not answer on port $POSTGRES_PORT"
    if [[ "$holds" == 1 ]]; then
        warn "this node holds $POSTGRES_DATABASE and is not a standby (promoted?): left as it is"
    else
        base_backup
        pg_start_if_stopped
    fi
else
    base_backup
    pg_start_if_stopped
fi

recovery="$(pg_ask 'SELECT pg_is_in_recovery()')" || die "PostgreSQL does not answer on port $POSTGRES_PORT"
if [[ "$recovery" == t ]]; then
    for ((i = 0; i < 60; i++)); do
        status="$(pg_ask 'SELECT status FROM pg_stat_wal_receiver')"
        [[ "$status" == streaming ]] && break
        sleep 0.5
    done
    [[ "$status" == streaming ]] ||
        die "not streaming from $POSTGRES_PRIMARY_IP after 30 s (wal receiver: ${status:-none}); see the PostgreSQL log"
    step "streaming from the primary $POSTGRES_PRIMARY_IP"
fi

pg_pair_firewall "$POSTGRES_PRIMARY_IP"
step "done: standby of $POSTGRES_DATABASE on $POSTGRES_LISTEN_IP:$POSTGRES_PORT (primary $POSTGRES_PRIMARY_IP), for $POSTGRES_CLIENTS after a promotion"
