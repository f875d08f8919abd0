#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Copies one service to any Linux host with systemd and (re)starts it: the static binary from
# dist/, its systemd unit and its settings file, over scp; then, on the host, as root (sudo
# when the SSH user is not root): creates the service's system user, installs
# /usr/local/bin/SERVICE, /etc/SERVICE.env (0600) and /etc/systemd/system/SERVICE.service,
# enables it and restarts it, and checks that it is active.
#
#     scripts/deploy.sh [--dry-run] SSH_HOST SERVICE
#
#   SSH_HOST  what ssh accepts: host, user@host or a Host from ~/.ssh/config
#   SERVICE   gateway, inventory or billing
#   --dry-run print the settings file and the commands instead of running them
#
# The settings come from .env, and the environment wins over it, so point the service at its
# peers like this:
#     RABBIT_HOST=10.0.0.12 INVENTORY_URL=http://10.0.0.11:5000 scripts/deploy.sh web1 gateway
# The database, RabbitMQ users and firewall are the host's business (setup_inventory.sh and
# setup_billing.sh show what they need). DEPLOY_SSH_OPTS adds options to ssh and scp
# (e.g. "-p 2222 -i ~/.ssh/deploy").
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

dry_run=0
if [[ "${1:-}" == "--dry-run" ]]; then
    dry_run=1
    shift
fi
if [[ $# -ne 2 || "$1" == -* ]]; then
    awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2
    exit 2
fi
host="$1" service="$2"
service_env_vars "$service" >/dev/null # dies on an unknown service

binary="$DIST_DIR/$service"
unit="$REPO_ROOT/scripts/systemd/$service.service"
[[ -x "$binary" ]] || die "$binary missing: run scripts/build-release.sh first"
[[ -f "$unit" ]] || die "$unit missing"
load_env "$REPO_ROOT/.env"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 0700 "$work"
render_env_file "$service" >"$work/$service.env"
chmod 0600 "$work/$service.env"

read -r -a ssh_opts <<<"${DEPLOY_SSH_OPTS:-}"
# scp takes -P for the port where ssh takes -p.
scp_opts=()
for ((i = 0; i < ${#ssh_opts[@]}; i++)); do
    if [[ "${ssh_opts[i]}" == "-p" ]]; then scp_opts+=(-P); else scp_opts+=("${ssh_opts[i]}"); fi
done
remote_dir="/tmp/deploy-$service-$$"

# Runs on the host, as root: the same layout as the Vagrant provisioning.
# shellcheck disable=SC2016 # expanded on the host, not here
remote_script='set -eu
service="$1" dir="$2"
if ! id "$service" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin "$service"
fi
install -o root -g root -m 0755 "$dir/$service" "/usr/local/bin/$service"
install -o root -g root -m 0600 "$dir/$service.env" "/etc/$service.env"
install -o root -g root -m 0644 "$dir/$service.service" "/etc/systemd/system/$service.service"
rm -rf "$dir"
systemctl daemon-reload
systemctl enable --quiet "$service.service"
systemctl restart "$service.service"
sleep 2
if systemctl is-active --quiet "$service.service"; then
    echo "$service.service is active: $(/usr/local/bin/$service --version)"
else
    journalctl -u "$service.service" -n 20 --no-pager >&2 || true
    echo "$service.service is not active" >&2
    exit 1
fi
'
printf '%s' "$remote_script" >"$work/install.sh"
remote_cmd="sh $remote_dir/install.sh $service $remote_dir"
# A terminal for sudo's password prompt, when we have one.
tty_opt=()
[[ -t 0 ]] && tty_opt=(-t)

if [[ "$dry_run" == 1 ]]; then
    step "dry run: /etc/$service.env would hold"
    sed 's/^/    /' "$work/$service.env"
    step "dry run: commands"
    printf '    ssh %s %s mkdir -m 0700 %s\n' "${ssh_opts[*]}" "$host" "$remote_dir"
    printf '    scp %s %s %s %s %s %s:%s/\n' "${scp_opts[*]}" "$binary" "$unit" "$work/$service.env" \
        "$work/install.sh" "$host" "$remote_dir"
    printf '    ssh %s %s %s (through sudo unless the SSH user is root), install.sh:\n' \
        "${tty_opt[*]} ${ssh_opts[*]}" "$host" "$remote_cmd"
    sed 's/^/    | /' "$work/install.sh"
    exit 0
fi

step "copying $service ($("$binary" --version)) to $host:$remote_dir"
# shellcheck disable=SC2029 # remote_dir and remote_cmd are meant to expand here
ssh "${ssh_opts[@]}" "$host" "mkdir -m 0700 $remote_dir"
scp -q "${scp_opts[@]}" "$binary" "$unit" "$work/$service.env" "$work/install.sh" "$host:$remote_dir/"
step "installing and restarting $service on $host"
# shellcheck disable=SC2029
ssh "${tty_opt[@]}" "${ssh_opts[@]}" "$host" \
    "if [ \"\$(id -u)\" = 0 ]; then $remote_cmd; else sudo $remote_cmd; fi"
step "done: on $host, 'systemctl status $service' and 'journalctl -u $service -f'"
