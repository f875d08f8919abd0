# shellcheck shell=bash
# scripts/lib/provision.sh: what the three setup_*.sh scripts (and deploy.sh's remote side)
# share to install one of our services on a Debian 12 host. Needs lib/common.sh first.
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
#
# Each function sets SERVICE_CHANGED=1 when it changed a file the service reads, so
# service_apply restarts only when needed (the second run of a setup script restarts nothing).

# Where the release binaries are (scripts/build-release.sh puts them there).
DIST_DIR="${DIST_DIR:-$REPO_ROOT/dist}"
SERVICE_CHANGED=0

# install_file_if_changed SRC DEST MODE: copies SRC to DEST (root-owned, MODE) unless DEST
# already has the same content and mode; sets SERVICE_CHANGED=1 when it copied.
install_file_if_changed() {
    local src="$1" dest="$2" mode="$3"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest" && [[ "$(stat -c '%a %U' "$dest")" == "${mode#0} root" ]]; then
        return 0
    fi
    as_root install -D -o root -g root -m "$mode" "$src" "$dest"
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
