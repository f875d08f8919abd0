# shellcheck shell=bash
# scripts/lib/provision.sh: what the setup_*.sh scripts (and deploy.sh's remote side) share to
# install one of our services, or a RabbitMQ or PostgreSQL node of the cluster, on a Debian 12
# host. Needs lib/common.sh first.
#
#   service_env_vars NAME            the variables NAME's /etc/NAME.env holds (one a line)
#   render_env_file NAME             the content of /etc/NAME.env from the current environment
#   ensure_service_user NAME         system user+group NAME, no home, no login shell
#   install_binary NAME              $DIST_DIR/NAME -> /usr/local/bin/NAME (0755)
#   write_env_file NAME              /etc/NAME.env (root, 0600) from render_env_file
#   install_unit NAME                $REPO_ROOT/scripts/systemd/NAME.service -> /etc/systemd/system
#   service_apply NAME               enable; restart when anything above changed, else start
#   install_service NAME             all of the above, in that order
#   apply_firewall NAME RULES        nftables table inet NAME with RULES in its input chain
#   regex_escape STRING              STRING with regex metacharacters escaped (for RabbitMQ)
#   is_loopback_list LIST            true when every host of LIST (host[:port],…) is this machine
#   is_ipv4_list LIST                true when LIST is IPv4 addresses separated by commas
#   require_ipv4_list NAME           dies unless $NAME is such a list
#   nft_addresses LIST               LIST as an nft address: "a" or "{ a, b }"
#   write_marked_block FILE OWNER MODE TEXT   TEXT between our BEGIN/END lines in FILE
#   rabbit_configure_node TABLE WHO VM [EXTRA]  rabbitmq.conf, management plugin, node started
#   rabbit_declare_billing_objects   vhost, the two queues and the two users (once per cluster)
#   pg_configure_node LISTEN_IP PEER_IP CLIENTS [EXTRA]  conf.d file and pg_hba.conf lines of
#                                    a primary or standby; restart or reload when they changed
#
# Each function sets SERVICE_CHANGED=1 when it changed a file the service reads, so
# service_apply restarts only when needed (the second run of a setup script restarts nothing).

# Where the release binaries are (scripts/build-release.sh puts them there).
DIST_DIR="${DIST_DIR:-$REPO_ROOT/dist}"
SERVICE_CHANGED=0

# install_file_if_changed SRC DEST MODE [OWNER]: copies SRC to DEST (owned by OWNER and its
# group, default root, MODE) unless DEST already has the same content, mode and owner; sets
# SERVICE_CHANGED=1 when it copied.
install_file_if_changed() {
    local src="$1" dest="$2" mode="$3" owner="${4:-root}"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest" && [[ "$(stat -c '%a %U' "$dest")" == "${mode#0} $owner" ]]; then
        return 0
    fi
    as_root install -D -o "$owner" -g "$owner" -m "$mode" "$src" "$dest"
    SERVICE_CHANGED=1
}

# ensure_service_user NAME: the unprivileged system user (and group) the service runs as.
ensure_service_user() {
    local name="$1"
    if ! id "$name" >/dev/null 2>&1; then
        step "creating system user $name"
        as_root useradd --system --user-group --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin --comment "movie platform $name service" "$name"
    fi
}

# install_binary NAME: the static release binary, from $DIST_DIR. With ALLOW_MISSING_BINARY=1
# a missing binary is a warning (to check provisioning before the build); returns 1 then.
install_binary() {
    local name="$1" src="$DIST_DIR/$1"
    if [[ ! -x "$src" ]]; then
        if [[ "${ALLOW_MISSING_BINARY:-0}" == 1 ]]; then
            warn "$src missing: skipping the $name binary (ALLOW_MISSING_BINARY=1)"
            return 1
        fi
        die "$src missing: run scripts/build-release.sh on the host first"
    fi
    if ! cmp -s "$src" "/usr/local/bin/$name"; then
        step "installing /usr/local/bin/$name ($("$src" --version 2>/dev/null || echo "version unknown"))"
    fi
    install_file_if_changed "$src" "/usr/local/bin/$name" 0755
}

# service_env_vars NAME: the variables of NAME's settings file, one a line: what
# `NAME --help` lists (see README, Configuration). Unset ones are left out (the binary's
# default applies). A new variable goes here and in the Vagrantfile's list for its VM.
service_env_vars() {
    case "$1" in
        inventory) printf '%s\n' POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD \
            INVENTORY_DATABASE INVENTORY_LISTEN INVENTORY_THREADS INVENTORY_METRICS_LISTEN ;;
        billing) printf '%s\n' POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD \
            BILLING_DATABASE RABBIT_HOSTS RABBIT_HOST RABBIT_PORT RABBIT_VHOST BILLING_QUEUE \
            BILLING_QUEUE_TYPE BILLING_RABBIT_USER BILLING_RABBIT_PASSWORD BILLING_METRICS_LISTEN ;;
        gateway) printf '%s\n' GATEWAY_LISTEN INVENTORY_URL RABBIT_HOSTS RABBIT_HOST RABBIT_PORT \
            RABBIT_VHOST BILLING_QUEUE BILLING_QUEUE_TYPE GATEWAY_RABBIT_USER GATEWAY_RABBIT_PASSWORD \
            GATEWAY_CONFIRM_TIMEOUT_MS GATEWAY_UPSTREAM_TIMEOUT_MS GATEWAY_METRICS_LISTEN ;;
        *) die "unknown service $1 (gateway, inventory or billing)" ;;
    esac
}

# render_env_file NAME: prints /etc/NAME.env: one VAR=value line for each variable of
# service_env_vars NAME that is set. Values containing a double quote, backslash, dollar sign,
# backquote or newline are refused: systemd's EnvironmentFile would interpret them.
render_env_file() {
    local name="$1" var value vars
    mapfile -t vars < <(service_env_vars "$name")
    printf '# Settings of the %s service, written by scripts/setup_%s.sh or scripts/deploy.sh.\n' "$name" "$name"
    printf '# Read by systemd (EnvironmentFile= in %s.service); %s --help lists them all.\n' "$name" "$name"
    for var in "${vars[@]}"; do
        [[ -n "${!var+set}" ]] || continue
        # RABBIT_HOSTS replaces RABBIT_HOST and RABBIT_PORT; the services refuse both forms.
        if [[ -n "${RABBIT_HOSTS:-}" && ("$var" == RABBIT_HOST || "$var" == RABBIT_PORT) ]]; then
            continue
        fi
        value="${!var}"
        if [[ "$value" == *[\"\\\$\`]* || "$value" == *$'\n'* ]]; then
            die "$var contains a character systemd would interpret (\" \\ \$ \` or newline)"
        fi
        if [[ "$value" =~ ^[A-Za-z0-9_./:@%+,=-]*$ ]]; then
            printf '%s=%s\n' "$var" "$value"
        else
            printf '%s="%s"\n' "$var" "$value"
        fi
    done
}

# write_env_file NAME: /etc/NAME.env from render_env_file, mode 0600 owned by root (systemd
# reads it before dropping privileges, the service user cannot read it).
write_env_file() {
    local name="$1" tmp
    tmp="$(mktemp)"
    render_env_file "$name" >"$tmp" || { rm -f "$tmp"; exit 1; }
    install_file_if_changed "$tmp" "/etc/$name.env" 0600
    rm -f "$tmp"
}

# install_unit NAME: the systemd unit from scripts/systemd/, enabled for boot when systemctl
# exists (enabling works without a running systemd, e.g. in a chroot).
install_unit() {
    local name="$1" unit_changed_before="$SERVICE_CHANGED"
    SERVICE_CHANGED=0
    install_file_if_changed "$REPO_ROOT/scripts/systemd/$name.service" "/etc/systemd/system/$name.service" 0644
    if [[ "$SERVICE_CHANGED" == 1 ]] && have_systemd; then
        as_root systemctl daemon-reload
    fi
    [[ "$unit_changed_before" == 1 ]] && SERVICE_CHANGED=1
    if command -v systemctl >/dev/null 2>&1; then
        if ! systemctl is-enabled --quiet "$name.service" 2>/dev/null; then
            as_root systemctl enable --quiet "$name.service"
        fi
    else
        warn "systemctl not found: $name.service installed but not enabled"
    fi
}

# service_apply NAME: (re)starts the service under systemd: restart when a file it reads
# changed, start otherwise (a no-op when it runs). Without a running systemd (chroot,
# container) it only says so: scripts/test-provision.sh starts the unit's command itself.
service_apply() {
    local name="$1"
    if ! have_systemd; then
        warn "systemd is not running here: $name.service installed and enabled, not started"
        return 0
    fi
    if [[ "$SERVICE_CHANGED" == 1 ]]; then
        step "restarting $name"
        as_root systemctl restart "$name.service"
    else
        as_root systemctl start "$name.service"
    fi
    sleep 1
    if ! systemctl is-active --quiet "$name.service"; then
        as_root journalctl -u "$name.service" -n 20 --no-pager >&2 || true
        die "$name.service is not active (see the log above)"
    fi
    step "$name.service is active"
}

# install_service NAME: user, binary, /etc/NAME.env, unit, then (re)start under systemd.
install_service() {
    local name="$1"
    SERVICE_CHANGED=0
    ensure_service_user "$name"
    if ! install_binary "$name"; then
        write_env_file "$name"
        install_unit "$name"
        return 0
    fi
    write_env_file "$name"
    install_unit "$name"
    service_apply "$name"
}

# apply_firewall NAME RULES: loads an nftables table "inet NAME" whose input chain (policy
# accept: SSH and everything else stay open) starts with "iif lo accept" followed by RULES
# (nft syntax, one rule a line). The file /etc/nftables.d/NAME.nft is included from
# /etc/nftables.conf and nftables.service is enabled, so the rules survive a reboot.
# Replacing the table is atomic and leaves other tables alone.
apply_firewall() {
    local name="$1" rules="$2" file="/etc/nftables.d/$1.nft" tmp
    apt_install_missing nftables
    step "firewall rules (nftables table inet $name)"
    tmp="$(mktemp)"
    {
        printf '# Written by the movie platform provisioning scripts (apply_firewall).\n'
        printf '# Declare then delete, so the table is replaced as a whole, in one transaction.\n'
        printf 'table inet %s\ndelete table inet %s\n' "$name" "$name"
        printf 'table inet %s {\n\tchain input {\n' "$name"
        printf '\t\ttype filter hook input priority filter; policy accept;\n'
        printf '\t\tiif "lo" accept\n'
        printf '%s\n' "$rules" | sed -e '/^[[:space:]]*$/d' -e 's/^[[:space:]]*/\t\t/'
        printf '\t}\n}\n'
    } >"$tmp"
    install_file_if_changed "$tmp" "$file" 0644
    rm -f "$tmp"
    if ! grep -qF 'include "/etc/nftables.d/*.nft"' /etc/nftables.conf 2>/dev/null; then
        printf '\n# Added by the movie platform provisioning scripts.\ninclude "/etc/nftables.d/*.nft"\n' |
            as_root tee -a /etc/nftables.conf >/dev/null
    fi
    if command -v systemctl >/dev/null 2>&1 && ! systemctl is-enabled --quiet nftables.service 2>/dev/null; then
        as_root systemctl enable --quiet nftables.service
    fi
    as_root nft -f "$file"
}

# regex_escape STRING: STRING with the characters special in a regular expression escaped,
# so a queue name can go into a RabbitMQ permission pattern.
regex_escape() {
    printf '%s' "$1" | sed -e 's/[][\.*^$+?(){}|/]/\\&/g'
}

# is_loopback_list LIST: true when every entry of LIST (host[:port],… as in POSTGRES_HOST or
# RABBIT_HOSTS) names this machine by a loopback address: the setup script then installs the
# engine here; otherwise the engine is remote and its own node's provisioning sets it up.
is_loopback_list() {
    local entry host entries
    IFS=, read -ra entries <<<"$1"
    [[ ${#entries[@]} -gt 0 ]] || return 1
    for entry in "${entries[@]}"; do
        host="${entry%:*}"
        [[ "$entry" == *:*:* ]] && host="$entry" # an IPv6 address without a port
        case "$host" in
            127.* | localhost | ::1 | "[::1]") ;;
            *) return 1 ;;
        esac
    done
}

# is_ipv4_list LIST: true when LIST is one or more IPv4 addresses, comma-separated, without
# spaces (they go into firewall rules, pg_hba.conf and /etc/hosts lines).
is_ipv4_list() {
    local octet='(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
    local ip="$octet\\.$octet\\.$octet\\.$octet"
    [[ "$1" =~ ^$ip(,$ip)*$ ]]
}

# require_ipv4_list NAME: dies naming NAME unless it holds an is_ipv4_list list.
require_ipv4_list() {
    require_vars "$1"
    is_ipv4_list "${!1}" || die "$1 must be IPv4 addresses separated by commas, not '${!1}'"
}

# nft_addresses LIST: a comma-separated address list as nft writes it: the address alone when
# there is one (the rule reads as before lists were allowed), else an anonymous set.
nft_addresses() {
    if [[ "$1" == *,* ]]; then
        printf '{ %s }' "${1//,/, }"
    else
        printf '%s' "$1"
    fi
}

# write_marked_block FILE OWNER MODE TEXT: FILE keeps its own lines and ends with TEXT between
# "# BEGIN movie platform" and "# END movie platform" (the block of a previous run replaced);
# sets SERVICE_CHANGED=1 when FILE changed. For files a package owns (/etc/hosts, pg_hba.conf).
write_marked_block() {
    local file="$1" owner="$2" mode="$3" text="$4" tmp
    tmp="$(mktemp)"
    {
        if [[ -f "$file" ]]; then
            awk '/^# BEGIN movie platform/ { skip = 1 } !skip { print } /^# END movie platform/ { skip = 0 }' "$file"
        fi
        printf '# BEGIN movie platform (written by scripts/%s.sh; edits between these lines are replaced)\n' "$_COMMON_SCRIPT_NAME"
        printf '%s\n' "$text"
        printf '# END movie platform\n'
    } >"$tmp"
    install_file_if_changed "$tmp" "$file" "$mode" "$owner"
    rm -f "$tmp"
}

# --- RabbitMQ (setup_billing.sh for the node of billing-vm, setup_rabbit.sh for a cluster's) ---

# The management API: localhost only, for rabbitmqadmin and an SSH tunnel.
RABBIT_MANAGEMENT_PORT=15672

# rabbit_configure_node TABLE WHO VM [EXTRA]: /etc/rabbitmq/rabbitmq.conf (AMQP on every
# interface on $RABBIT_PORT, behind nftables table inet TABLE which admits WHO; guest from
# loopback only; the management API on localhost, reached by `vagrant ssh VM -- -L …`) plus
# the lines EXTRA; the node restarted when the file changed, the management plugin enabled,
# the node started and its management API listening.
rabbit_configure_node() {
    local table="$1" who="$2" vm="$3" extra="${4:-}" conf
    step "RabbitMQ configuration"
    conf="$(mktemp)"
    cat >"$conf" <<CONF
# Written by scripts/$_COMMON_SCRIPT_NAME.sh.
# AMQP on every interface: the firewall (nftables table inet $table) admits only
# $who.
listeners.tcp.default = $RABBIT_PORT
# guest/guest works from this machine only (the default, stated so nobody relaxes it).
loopback_users.guest = true
# The management UI and API listen on localhost only: reach them through
# vagrant ssh $vm -- -L $RABBIT_MANAGEMENT_PORT:127.0.0.1:$RABBIT_MANAGEMENT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MANAGEMENT_PORT
CONF
    [[ -n "$extra" ]] && printf '%s\n' "$extra" >>"$conf"
    SERVICE_CHANGED=0
    install_file_if_changed "$conf" /etc/rabbitmq/rabbitmq.conf 0644
    rm -f "$conf"
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
    wait_for_tcp 127.0.0.1 "$RABBIT_MANAGEMENT_PORT" 60 ||
        die "RabbitMQ management API not listening on 127.0.0.1:$RABBIT_MANAGEMENT_PORT"
}

# rabbit_declare_billing_objects: on the local node (of the cluster, if it is in one): the vhost
# $RABBIT_VHOST, the queues $BILLING_QUEUE and $BILLING_QUEUE.dead of type $BILLING_QUEUE_TYPE,
# and the gateway's and billing's users with the permissions $RABBIT_PERMISSIONS chooses (see
# setup_billing.sh's header). Users, vhosts and queues belong to the whole cluster: run it on one
# node. A quorum queue gets a replica on each node running when it is declared; a node that joins
# later gets its own with `rabbitmq-queues grow` (setup_rabbit.sh does it).
# shellcheck disable=SC2153 # RABBIT_VHOST and the others are the calling script's settings
rabbit_declare_billing_objects() {
    local dead_queue="$BILLING_QUEUE.dead" dead_arguments type_arguments queues
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
    case "$BILLING_QUEUE_TYPE" in
        quorum)
            dead_arguments='{"x-queue-type": "quorum"}'
            type_arguments=', "x-queue-type": "quorum", "x-delivery-limit": 20, "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"'
            ;;
        classic) dead_arguments='{}' type_arguments='' ;;
        *) die "BILLING_QUEUE_TYPE must be quorum or classic, not $BILLING_QUEUE_TYPE" ;;
    esac
    rabbit_admin declare queue name="$dead_queue" durable=true arguments="$dead_arguments" >/dev/null ||
        die "cannot declare $dead_queue as a $BILLING_QUEUE_TYPE queue (another type already? see scripts/move-queue.sh)"
    rabbit_admin declare queue name="$BILLING_QUEUE" durable=true \
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
}

# rabbit_admin ARGS...: rabbitmqadmin against the local node's management API, as guest.
rabbit_admin() {
    rabbitmqadmin --host=127.0.0.1 --port="$RABBIT_MANAGEMENT_PORT" --username=guest --password=guest \
        --vhost="$RABBIT_VHOST" "$@"
}

# --- PostgreSQL primary and standby (setup_postgres_primary.sh, setup_postgres_standby.sh) ---

# pg_configure_node LISTEN_IP PEER_IP CLIENTS [EXTRA]: the settings both nodes of a pair share,
# in files of /etc/postgresql/<version>/main (a base backup copies the data directory, not
# these, so each node keeps its own): conf.d/movie-platform.conf (listen on localhost and
# LISTEN_IP, WAL kept for a standby, and the lines EXTRA) and a block of pg_hba.conf admitting
# the CLIENTS (comma-separated) to $POSTGRES_DATABASE as $POSTGRES_USER, and PEER_IP to
# replicate as $POSTGRES_REPLICATION_USER (either node may be the primary after a promotion),
# all with a password (scram-sha-256). Restarts the cluster when the conf.d file changed,
# reloads it when pg_hba.conf did; starts it when it is stopped.
pg_configure_node() {
    local listen_ip="$1" peer_ip="$2" clients="$3" extra="${4:-}" ver dir port conf client hba conf_changed
    ver="$(pg_version)"
    dir="/etc/postgresql/$ver/main"
    [[ -d "$dir" ]] || die "$dir missing: the Debian package creates the cluster $ver main"
    port="$(as_root pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $3 }')"
    [[ "$port" == "$POSTGRES_PORT" ]] ||
        die "the cluster $ver main uses port ${port:-none}, not POSTGRES_PORT=$POSTGRES_PORT (see $dir/postgresql.conf)"
    step "PostgreSQL settings: listen on $listen_ip, clients $clients, replication peer $peer_ip"
    conf="$(mktemp)"
    cat >"$conf" <<CONF
# Written by scripts/$_COMMON_SCRIPT_NAME.sh (included by postgresql.conf's include_dir).
# Loopback for provisioning, the private address for the services and the other node; the
# firewall (nftables table inet movie_postgres) admits only those.
listen_addresses = 'localhost,$listen_ip'
# WAL kept for a standby that fell behind (a restart, a network cut) so that it can catch up
# without a new base backup.
wal_keep_size = '1GB'
CONF
    [[ -n "$extra" ]] && printf '%s\n' "$extra" >>"$conf"
    SERVICE_CHANGED=0
    install_file_if_changed "$conf" "$dir/conf.d/movie-platform.conf" 0644 postgres
    rm -f "$conf"
    conf_changed="$SERVICE_CHANGED"

    hba=""
    for client in ${clients//,/ }; do
        hba+="host    $POSTGRES_DATABASE    $POSTGRES_USER    $client/32    scram-sha-256"$'\n'
    done
    hba+="host    replication    $POSTGRES_REPLICATION_USER    $peer_ip/32    scram-sha-256"
    SERVICE_CHANGED=0
    write_marked_block "$dir/pg_hba.conf" postgres 0640 "$hba"

    if [[ "$conf_changed" == 1 ]] && pg_cluster_online; then
        step "restarting PostgreSQL for its new settings"
        pg_ctl_main restart
    elif [[ "$SERVICE_CHANGED" == 1 ]] && pg_cluster_online; then
        step "reloading PostgreSQL for its new pg_hba.conf"
        pg_ctl_main reload
    fi
}

# pg_cluster_online: true when the "<version> main" cluster runs.
pg_cluster_online() {
    as_root pg_lsclusters -h 2>/dev/null |
        awk -v v="$(pg_version)" '$1 == v && $2 == "main" && $4 ~ /^online/ { found = 1 } END { exit !found }'
}

# pg_ctl_main ACTION: start, stop, restart or reload the "<version> main" cluster, through
# systemd when it runs (so systemd knows), else with pg_ctlcluster (chroots, containers).
pg_ctl_main() {
    local ver
    ver="$(pg_version)"
    if have_systemd; then
        as_root systemctl "$1" "postgresql@$ver-main.service"
    else
        as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main "$1"
    fi
}

# pg_data_dir: the data directory of the "<version> main" cluster.
pg_data_dir() {
    as_root pg_lsclusters -h | awk -v v="$(pg_version)" '$1 == v && $2 == "main" { print $6 }'
}

# pg_ask SQL: one value from the local cluster, as its superuser, from database postgres.
pg_ask() {
    pg_admin_psql -d postgres -At -c "$1"
}

# pg_ensure_login_role ROLE PASSWORD ATTRIBUTES: a role that may log in with PASSWORD and has
# exactly ATTRIBUTES besides (a fixed list written by the caller, never a setting). Idempotent;
# the password travels on psql's stdin.
pg_ensure_login_role() {
    local role="$1" password="$2" attributes="$3"
    [[ -n "$role" && -n "$password" && -n "$attributes" ]] ||
        die "pg_ensure_login_role ROLE PASSWORD ATTRIBUTES"
    {
        psql_set role "$role"
        psql_set password "$password"
        cat <<SQL
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN $attributes PASSWORD %L',
              :'role', :'password') \gexec
SQL
    } | pg_admin_psql -d postgres
}

# pg_ensure_replication_role USER PASSWORD: a role that may log in and replicate, nothing else.
pg_ensure_replication_role() {
    step "PostgreSQL replication role $1"
    pg_ensure_login_role "$1" "$2" "REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
}

# pg_pair_settings: the defaults and checks both setup_postgres_*.sh scripts share.
pg_pair_settings() {
    : "${POSTGRES_PORT:=5432}" "${POSTGRES_REPLICATION_USER:=replicator}"
    require_vars POSTGRES_USER POSTGRES_DATABASE POSTGRES_REPLICATION_PASSWORD
    require_ipv4_list POSTGRES_LISTEN_IP
    require_ipv4_list POSTGRES_CLIENTS
    [[ "$POSTGRES_LISTEN_IP" != *,* ]] || die "POSTGRES_LISTEN_IP must be one address, not $POSTGRES_LISTEN_IP"
    [[ "$POSTGRES_PORT" =~ ^[0-9]+$ ]] || die "POSTGRES_PORT must be a port number, not $POSTGRES_PORT"
    local name
    for name in POSTGRES_USER POSTGRES_DATABASE POSTGRES_REPLICATION_USER; do
        # They go into pg_hba.conf, where a space or a quote would change the line's meaning.
        [[ "${!name}" =~ ^[a-z_][a-z0-9_]*$ ]] || die "$name must be a plain lower-case name, not '${!name}'"
    done
    export POSTGRES_PORT POSTGRES_REPLICATION_USER
}

# pg_pair_firewall PEER_IP: nftables table inet movie_postgres admitting only $POSTGRES_CLIENTS
# and PEER_IP (the other node of the pair) to PostgreSQL.
pg_pair_firewall() {
    apply_firewall movie_postgres "
        ip saddr $(nft_addresses "$POSTGRES_CLIENTS,$1") tcp dport $POSTGRES_PORT accept
        tcp dport $POSTGRES_PORT drop"
}
