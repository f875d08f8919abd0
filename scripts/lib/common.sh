# shellcheck shell=bash
# scripts/lib/common.sh: shell functions shared by the provisioning scripts (setup_*.sh,
# test-provision.sh), scripts/run-local.sh and scripts/test.sh.
#
# Source it from bash (it sets no shell options of its own; callers use `set -euo pipefail`):
#     . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# What it offers (each documented below):
#   REPO_ROOT                       absolute path of the repository (parent of scripts/)
#   READY_LISTENING, READY_METRICS_LISTENING, READY_CONSUMING
#                                   the words of the services' ready lines ("gateway listening
#                                   on http://…"), as edge::ready defines them (a testkit test
#                                   checks that both say the same)
#   step MESSAGE...                 one progress line on stdout: "==> <script>: MESSAGE"
#   warn MESSAGE... / die MESSAGE...  one line on stderr (die exits 1)
#   load_env [FILE]                 exports KEY=VALUE lines of FILE (default $REPO_ROOT/.env)
#                                   without executing it; variables already set win
#   require_vars NAME...            dies naming the first unset or empty variable
#   need_root_or_sudo               sets SUDO to "" (root) or "sudo"; dies when neither works
#   as_root CMD...                  runs CMD as root (through $SUDO)
#   have_systemd                    true when systemd is PID 1 (not in chroots/containers)
#   apt_install_missing PKG...      installs only the missing Debian packages, noninteractive
#   pg_version                      newest installed PostgreSQL major version, e.g. 15
#   pg_start_if_stopped             starts the "<version> main" cluster unless it is online
#   pg_admin_psql ARGS...           psql as the postgres superuser: peer authentication on
#                                   the local socket, as root or through sudo
#   psql_set NAME VALUE             a psql "\\set NAME 'VALUE'" line, quoted, for a script on stdin
#   pg_ensure_role_db USER PASSWORD DB   login role without privileges + database it owns
#   rabbit_start_if_stopped         starts RabbitMQ unless it runs, waits until it is booted
#   rabbit_ensure_vhost VHOST       creates the vhost when missing
#   rabbit_ensure_user USER PASSWORD VHOST CONFIGURE WRITE READ
#                                   user without tags, password set, exactly these permissions
#   rabbit_delete_user USER / rabbit_delete_vhost VHOST   idempotent removal
#   wait_for_tcp HOST PORT [SECONDS]  polls until a TCP connect succeeds (default 30 s)
#   wait_for_http URL [SECONDS]       polls until URL answers 2xx (needs curl; default 30 s)
#
# Every function is idempotent: running a script twice changes nothing the second time.

# Guard against double sourcing (run-local.sh may source it and call a script that does too).
if [[ -n "${_COMMON_SH_LOADED:-}" ]]; then
    return 0
fi
_COMMON_SH_LOADED=1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# The ready lines: "<service> listening on http://ADDR", "<service> metrics listening on
# http://ADDR", "billing consuming <queue>" (gateway/edge/src/ready.rs).
# Exported: sourced scripts and their children read them.
export READY_LISTENING="listening on"
export READY_METRICS_LISTENING="metrics listening on"
export READY_CONSUMING="consuming"

# Name shown in progress lines: the script that sourced us.
_COMMON_SCRIPT_NAME="$(basename "${BASH_SOURCE[-1]:-$0}" .sh)"

# Progress line on stdout, e.g. "==> setup_billing: creating RabbitMQ users".
step() {
    printf '==> %s: %s\n' "$_COMMON_SCRIPT_NAME" "$*"
}

# Warning on stderr, one line.
warn() {
    printf '%s: warning: %s\n' "$_COMMON_SCRIPT_NAME" "$*" >&2
}

# Error on stderr, one line, then exit 1.
die() {
    printf '%s: error: %s\n' "$_COMMON_SCRIPT_NAME" "$*" >&2
    exit 1
}

# load_env [FILE]: exports every KEY=VALUE line of FILE (default: $REPO_ROOT/.env).
# The file is parsed, never executed: blank lines and lines starting with # are skipped, an
# optional leading "export " is allowed, and one pair of surrounding single or double quotes is
# removed from the value (no escapes, no $expansion, no trailing comments).
# A variable that is already set in the environment is kept, so callers override .env by
# exporting first (e.g. RABBIT_HOST=127.0.0.1 scripts/run-local.sh) or by assigning afterwards.
load_env() {
    local file="${1:-$REPO_ROOT/.env}" line key value lineno=0
    [[ -r "$file" ]] || die "cannot read $file"
    while IFS= read -r line || [[ -n "$line" ]]; do
        lineno=$((lineno + 1))
        line="${line%$'\r'}"
        [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
        line="${line#export }"
        if [[ ! "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
            die "$file:$lineno: not a KEY=VALUE line"
        fi
        key="${BASH_REMATCH[1]}"
        value="${BASH_REMATCH[2]}"
        if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then
            value="${BASH_REMATCH[1]}"
        fi
        if [[ -z "${!key+set}" ]]; then
            export "$key=$value"
        fi
    done <"$file"
}

# require_vars NAME...: dies with "NAME is not set" for the first unset or empty one.
require_vars() {
    local name
    for name in "$@"; do
        [[ -n "${!name:-}" ]] || die "$name is not set (see .env)"
    done
}

# need_root_or_sudo: sets SUDO="" when running as root, SUDO="sudo" when sudo is available
# (it may prompt for a password once), and dies otherwise. Use it with as_root.
need_root_or_sudo() {
    if [[ "$(id -u)" -eq 0 ]]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
        sudo -v || die "sudo failed: run as root or configure sudo"
    else
        die "this step needs root: run as root or install sudo"
    fi
}

# as_root CMD...: runs CMD as root (calls need_root_or_sudo once if the caller did not).
as_root() {
    if [[ -z "${SUDO+set}" ]]; then
        need_root_or_sudo
    fi
    if [[ -n "$SUDO" ]]; then
        "$SUDO" "$@"
    else
        "$@"
    fi
}

# have_systemd: true only when systemd manages this system (it is PID 1), which is false in a
# chroot, in most containers and on this build machine. Same test as sd_booted(3).
have_systemd() {
    [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1
}

# apt_install_missing PKG...: installs the Debian packages not yet installed, without
# recommends and without questions. The package lists are refreshed only when they are
# missing or older than 6 hours, so a second run does nothing and needs no network.
apt_install_missing() {
    local pkg missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
            missing+=("$pkg")
        fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    step "installing ${missing[*]}"
    if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -360 -print -quit 2>/dev/null)" ]]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
}

# pg_version: prints the newest installed PostgreSQL major version (e.g. "15").
pg_version() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)"
    [[ -n "$dir" ]] || die "PostgreSQL is not installed (no /usr/lib/postgresql/<version>)"
    printf '%s\n' "$dir"
}

# pg_start_if_stopped: makes sure the "<version> main" cluster is online: through systemd when
# it runs, else with pg_ctlcluster directly (chroots, containers). Creates the cluster when the
# package left none. Waits until it accepts connections (pg_isready, 30 s).
pg_start_if_stopped() {
    local ver status
    ver="$(pg_version)"
    if ! as_root pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
        step "creating PostgreSQL cluster $ver main"
        as_root pg_createcluster "$ver" main >/dev/null
    fi
    status="$(as_root pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $4 }')"
    if [[ "$status" != online* ]]; then
        step "starting PostgreSQL $ver main"
        if have_systemd; then
            as_root systemctl start "postgresql@$ver-main.service"
        else
            as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start
        fi
    fi
    local port
    port="$(as_root pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $3 }')"
    local i
    for ((i = 0; i < 60; i++)); do
        if pg_isready -q -h /var/run/postgresql -p "$port" 2>/dev/null || pg_isready -q -h 127.0.0.1 -p "$port"; then
            return 0
        fi
        sleep 0.5
    done
    die "PostgreSQL $ver main did not accept connections within 30 s"
}

# pg_admin_psql ARGS...: psql as the postgres superuser, quiet, stopping at the first error:
# peer authentication over the local socket as the postgres system user, which Debian's
# pg_hba.conf allows out of the box (as root directly, else through sudo). Nothing here relies
# on a pg_hba.conf line the scripts did not write. Secrets go in on stdin (see psql_set), since
# sudo does not pass the caller's environment and a command line is visible to every user.
pg_admin_psql() {
    id postgres >/dev/null 2>&1 || die "no postgres system user: is PostgreSQL installed here?"
    # From /, which the postgres user can read (psql warns about an unreadable working directory).
    (cd / && as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "${POSTGRES_PORT:-5432}" "$@")
}

# psql_set NAME VALUE: prints the psql meta-command setting variable NAME to VALUE, quoted for
# psql (a quote doubled, a backslash escaped), to be fed to pg_admin_psql on stdin before the
# SQL that uses :'NAME'.
psql_set() {
    local value="${2//\\/\\\\}"
    value="${value//\'/\'\'}"
    printf '%s %s %s\n' '\set' "$1" "'$value'"
}

# pg_ensure_role_db USER PASSWORD DB: a LOGIN role with no other privilege (NOSUPERUSER
# NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS), its password set to PASSWORD, and a
# database DB owned by it that only it (and superusers) may connect to. Idempotent; the
# password travels on psql's stdin, not the command line.
pg_ensure_role_db() {
    local user="$1" password="$2" db="$3"
    [[ -n "$user" && -n "$password" && -n "$db" ]] || die "pg_ensure_role_db USER PASSWORD DB"
    step "PostgreSQL role $user and database $db"
    {
        psql_set role "$user"
        psql_set password "$password"
        psql_set db "$db"
        cat <<'SQL'
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'db', :'role') \gexec
SQL
    } | pg_admin_psql -d postgres
}

# rabbit_running: true when the local RabbitMQ node answers.
rabbit_running() {
    as_root rabbitmqctl -q status >/dev/null 2>&1
}

# rabbit_start_if_stopped: starts the local RabbitMQ node unless it answers: through systemd
# when it runs, else `rabbitmq-server -detached` (Debian's wrapper drops to the rabbitmq
# user). Then waits until the node has fully booted (rabbitmqctl await_startup, 90 s).
rabbit_start_if_stopped() {
    if ! rabbit_running; then
        step "starting RabbitMQ"
        if have_systemd; then
            as_root systemctl start rabbitmq-server.service
        else
            as_root rabbitmq-server -detached
        fi
    fi
    local i
    for ((i = 0; i < 45; i++)); do
        if as_root rabbitmqctl -q await_startup --timeout 2 >/dev/null 2>&1; then
            return 0
        fi
        sleep 2
    done
    die "RabbitMQ did not finish booting within 90 s"
}

# rabbit_ensure_vhost VHOST: creates VHOST when missing.
rabbit_ensure_vhost() {
    local vhost="$1"
    if ! as_root rabbitmqctl -q list_vhosts name | grep -qxF -- "$vhost"; then
        as_root rabbitmqctl -q add_vhost "$vhost"
    fi
}

# rabbit_ensure_user USER PASSWORD VHOST CONFIGURE WRITE READ: USER exists with PASSWORD and no
# tags (so no management UI access), VHOST exists, and USER's permissions on it are exactly the
# three regular expressions given (use '^$' for none). Idempotent.
rabbit_ensure_user() {
    local user="$1" password="$2" vhost="$3" configure="$4" write="$5" read="$6"
    [[ $# -eq 6 && -n "$user" && -n "$password" ]] || die "rabbit_ensure_user USER PASSWORD VHOST CONFIGURE WRITE READ"
    step "RabbitMQ user $user on vhost $vhost"
    rabbit_ensure_vhost "$vhost"
    if as_root rabbitmqctl -q list_users | awk '{ print $1 }' | grep -qxF -- "$user"; then
        # change_password only when it differs: authenticate_user checks it without a login.
        if ! as_root rabbitmqctl -q authenticate_user -- "$user" "$password" >/dev/null 2>&1; then
            as_root rabbitmqctl -q change_password -- "$user" "$password"
        fi
    else
        as_root rabbitmqctl -q add_user -- "$user" "$password"
    fi
    as_root rabbitmqctl -q set_user_tags "$user"
    as_root rabbitmqctl -q set_permissions -p "$vhost" -- "$user" "$configure" "$write" "$read"
}

# rabbit_delete_user USER: removes USER if it exists.
rabbit_delete_user() {
    as_root rabbitmqctl -q delete_user -- "$1" >/dev/null 2>&1 || true
}

# rabbit_delete_vhost VHOST: removes VHOST (and its queues) if it exists.
rabbit_delete_vhost() {
    as_root rabbitmqctl -q delete_vhost -- "$1" >/dev/null 2>&1 || true
}

# wait_for_tcp HOST PORT [SECONDS]: polls every 0.2 s until a TCP connection succeeds.
wait_for_tcp() {
    local host="$1" port="$2" seconds="${3:-30}" i
    for ((i = 0; i < seconds * 5; i++)); do
        if (: <"/dev/tcp/$host/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# wait_for_http URL [SECONDS]: polls every 0.2 s until URL answers with a 2xx status.
wait_for_http() {
    local url="$1" seconds="${2:-30}" i
    for ((i = 0; i < seconds * 5; i++)); do
        if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}
