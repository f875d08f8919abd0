#!/usr/bin/env bash
# scripts/vendor-diff.sh: regenerates vendor/tiny_http.diff, the difference between
# the pristine tiny_http 0.12.0 from crates.io (checked against its SHA-256) and our patched copy,
# so an auditor reads one diff next to PATCHES.md. With --check, fails when the committed diff
# is stale instead of rewriting it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly CRATE=tiny_http VERSION=0.12.0
readonly SHA256=389915df6413a2e74fb181895f933386023c71110878cd0825588928e64cdc82
readonly VENDORED="$REPO_ROOT/vendor/$CRATE"
readonly DIFF="$REPO_ROOT/vendor/$CRATE.diff"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step "downloading $CRATE $VERSION from crates.io"
curl -sSfL --retry 3 -o "$work/$CRATE.crate" "https://static.crates.io/crates/$CRATE/$CRATE-$VERSION.crate"
echo "$SHA256  $work/$CRATE.crate" | sha256sum -c --quiet - || die "$CRATE-$VERSION.crate does not match its SHA-256"
tar -xzf "$work/$CRATE.crate" -C "$work"
mkdir -p "$work/a" "$work/b"
cp -r "$work/$CRATE-$VERSION/src" "$work/$CRATE-$VERSION/Cargo.toml" "$work/a/"
cp -r "$VENDORED/src" "$VENDORED/Cargo.toml" "$work/b/"
# diff exits 1 when the trees differ, which they do by design.
(cd "$work" && diff -ruN a b >"$work/raw.diff") || [[ $? -eq 1 ]] || die "diff failed"
# Without the file times diff puts on its ---/+++ lines, so a fresh clone gives the same diff.
sed -E $'s/^(---|\\+\\+\\+) ([^\t]*)\t.*$/\\1 \\2/' "$work/raw.diff" >"$work/new.diff"
if [[ "${1:-}" == "--check" ]]; then
    cmp -s "$work/new.diff" "$DIFF" || die "$DIFF is stale: run scripts/vendor-diff.sh"
    step "$DIFF is up to date"
else
    cp "$work/new.diff" "$DIFF"
    step "wrote $DIFF ($(grep -c '^[-+][^-+]' "$DIFF") changed lines)"
fi
