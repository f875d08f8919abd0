# shellcheck shell=bash
# scripts/lib/tools.sh: installers for the tools of the client checks (issue 7), used by
# scripts/clients-test.sh. Needs lib/common.sh first. Everything goes under the git-ignored
# $REPO_ROOT/.tools, pinned by files committed in scripts/clients/:
#
#   ensure_node_tools     Node.js and npm (Debian's packages when node is absent), then
#                         `npm ci` of scripts/clients/package.json + package-lock.json into
#                         .tools/node (newman, playwright-core); sets NODE_TOOLS_DIR
#   ensure_python_tools   a venv in .tools/venv made with Debian's python3, holding exactly
#                         scripts/clients/requirements.txt (schemathesis,
#                         openapi-spec-validator, and their pinned dependencies); sets VENV_DIR
#   ensure_chromium       Debian's chromium package; sets CHROMIUM (its path)
#
# Each reinstalls only when its pin file changed (a sha256 stamp next to the install), so a
# second run asks no registry.

TOOLS_DIR="$REPO_ROOT/.tools"
CLIENTS_DIR="$REPO_ROOT/scripts/clients"

# _tools_stamp FILE...: one line naming the content of the pin files.
_tools_stamp() {
    sha256sum "$@" | sha256sum | cut -d' ' -f1
}

ensure_node_tools() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        apt_install_missing nodejs npm
    fi
    NODE_TOOLS_DIR="$TOOLS_DIR/node"
    local stamp
    stamp="$(_tools_stamp "$CLIENTS_DIR/package.json" "$CLIENTS_DIR/package-lock.json")"
    if [[ "$(cat "$NODE_TOOLS_DIR/.stamp" 2>/dev/null)" != "$stamp" ]]; then
        step "installing newman and playwright-core (npm ci into .tools/node)"
        mkdir -p "$NODE_TOOLS_DIR"
        cp "$CLIENTS_DIR/package.json" "$CLIENTS_DIR/package-lock.json" "$NODE_TOOLS_DIR/"
        (cd "$NODE_TOOLS_DIR" && npm ci --no-audit --no-fund --loglevel=error)
        printf '%s\n' "$stamp" >"$NODE_TOOLS_DIR/.stamp"
    fi
    export NODE_PATH="$NODE_TOOLS_DIR/node_modules"
}

ensure_python_tools() {
    apt_install_missing python3 python3-venv
    VENV_DIR="$TOOLS_DIR/venv"
    local stamp
    stamp="$(_tools_stamp "$CLIENTS_DIR/requirements.txt")"
    if [[ "$(cat "$VENV_DIR/.stamp" 2>/dev/null)" != "$stamp" ]]; then
        step "installing schemathesis and openapi-spec-validator (pip into .tools/venv)"
        rm -rf "$VENV_DIR"
        /usr/bin/python3 -m venv "$VENV_DIR"
        "$VENV_DIR/bin/pip" install --quiet --no-input --disable-pip-version-check \
            --require-virtualenv -r "$CLIENTS_DIR/requirements.txt"
        printf '%s\n' "$stamp" >"$VENV_DIR/.stamp"
    fi
}

ensure_chromium() {
    apt_install_missing chromium
    CHROMIUM="$(command -v chromium || true)"
    [[ -x "$CHROMIUM" ]] || die "chromium is not on PATH after installing Debian's chromium package"
    export CHROMIUM
}
