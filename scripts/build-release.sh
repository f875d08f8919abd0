#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the three services as static Linux binaries (musl, no shared library, no loader:
# they run on any x86_64 Linux) and copies them to dist/ (git-ignored), which the Vagrant
# provisioning and scripts/deploy.sh install from. For each it prints the size, the proof
# that it is statically linked, and its --version; --help must exit 0 too.
#
#     scripts/build-release.sh
#
# Environment: CARGO_TARGET_DIR (default target/) as cargo reads it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly target=x86_64-unknown-linux-musl
readonly binaries=(gateway inventory billing)
cd "$REPO_ROOT"

command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup (https://rustup.rs)"
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    step "adding the Rust target $target"
    rustup target add "$target"
fi

step "cargo build --release --target $target"
started=$SECONDS
bin_args=()
for name in "${binaries[@]}"; do bin_args+=(--bin "$name"); done
cargo build --release --locked --target "$target" "${bin_args[@]}"
step "built in $((SECONDS - started)) s"

out_dir="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$target/release"
mkdir -p dist
for name in "${binaries[@]}"; do
    install -m 0755 "$out_dir/$name" "dist/$name"
done

# Static: no program interpreter (dynamic loader) and no NEEDED shared library.
is_static() {
    local bin="$1"
    if command -v readelf >/dev/null 2>&1; then
        ! readelf -lW "$bin" | grep -q 'Requesting program interpreter' &&
            ! readelf -dW "$bin" | grep -q '(NEEDED)'
    else
        file -b "$bin" | grep -qE 'statically linked|static-pie linked'
    fi
}

status=0
printf '\n%-10s %-20s %-8s %s\n' binary size linking "file(1)"
for name in "${binaries[@]}"; do
    bin="dist/$name"
    size="$(stat -c %s "$bin")"
    if is_static "$bin"; then linking="static"; else linking="DYNAMIC"; status=1; fi
    printf '%-10s %-20s %-8s %s\n' "$name" "$(numfmt --to=iec-i --suffix=B "$size") ($size)" \
        "$linking" "$(file -b "$bin" 2>/dev/null | cut -d, -f1-2,4 || true)"
done
printf '\n'
for name in "${binaries[@]}"; do
    bin="dist/$name"
    if version="$("$bin" --version)" && "$bin" --help >/dev/null; then
        printf '%-10s --version: %s; --help: exit 0\n' "$name" "$version"
    else
        warn "dist/$name --version or --help did not exit 0"
        status=1
    fi
    if ldd_out="$(ldd "$bin" 2>&1)"; then :; fi
    printf '%-10s ldd: %s\n' "$name" "$(printf '%s' "$ldd_out" | head -n 1 | sed 's/^[[:space:]]*//')"
done
[[ "$status" == 0 ]] || die "a binary is not static or does not answer --version/--help"
step "dist/ ready: ${binaries[*]}"
