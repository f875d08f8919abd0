#!/usr/bin/env bash
# scripts/vendor-diff.sh: regenerates vendor/<crate>.diff for every vendored crate, the whole
# difference between the pristine release from crates.io (checked against its SHA-256) and our
# patched copy in vendor/<crate>, so an auditor reads one diff next to each PATCHES.md.
#
#     scripts/vendor-diff.sh            rewrite every vendor/<crate>.diff
#     scripts/vendor-diff.sh --check    fail when a committed diff or a PATCHES.md is stale
#
# The diff: `diff -ru --unidirectional-new-file` in the C locale, without file times, so a
# fresh clone gives the same bytes. A file we added is shown in full; a file we removed is one
# "Only in a/...: name" line (the pristine release has its text). The copy is what git would
# commit (tracked files plus untracked ones not ignored), so a local target/ or Cargo.lock
# from running a crate's own tests is not part of it; PATCHES.md is ours and not diffed.
# Outside a git work tree, every file but target/.
#
# PATCHES.md stays with its diff: it must start with "# <crate> <version>, patched" and hold
# the line "Diff SHA-256: <hex>" naming the SHA-256 of vendor/<crate>.diff. Any change to a
# copy changes its diff and so that hash, and --check fails until PATCHES.md is edited to
# name the new one: whoever changes a vendored file has to open its PATCHES.md (the script
# prints the line to paste, and never writes PATCHES.md itself).
#
# The pristine .crate comes from the local cargo cache when it is there with the right hash,
# else from crates.io (a fresh machine's cache does not hold a crate that is patched away).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# crate, upstream version, SHA-256 of the .crate (as in the crates.io index and Cargo.lock).
readonly VENDORED_CRATES=(
    "tiny_http 0.12.0 389915df6413a2e74fb181895f933386023c71110878cd0825588928e64cdc82"
    "amiquip 0.4.2 57e34be7db1d0210da6ac2dde4236e0177daa321a589715e495e8b2226325f9f"
    "amq-protocol 1.4.0 d687fc53c2d85f31d22d91d8b62a7a6f8fc2b0e8dfd2c23d52a0433db4d01f2b"
    "mio 0.6.23 4afd66f5b91bf2a3bc13fad0e21caedac168ca4c707504e75585648ae80e4cc4"
    "nom 4.2.3 2ad2a91a8e869eeb30b9cb3119ae87773a8f4ae617f41b1eb9c154b2905f7bd6"
)

mode="write"
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    *) die "usage: scripts/vendor-diff.sh [--check]" ;;
esac

export LC_ALL=C
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# fetch_crate CRATE VERSION SHA256 FILE: the pristine .crate into FILE, its hash checked.
fetch_crate() {
    local crate="$1" version="$2" sha="$3" file="$4" cached
    for cached in "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$crate-$version.crate"; do
        if [[ -f "$cached" ]] && echo "$sha  $cached" | sha256sum -c --quiet - >/dev/null 2>&1; then
            cp "$cached" "$file"
            return 0
        fi
    done
    step "downloading $crate $version from crates.io"
    curl -sSfL --retry 3 -o "$file" "https://static.crates.io/crates/$crate/$crate-$version.crate"
    echo "$sha  $file" | sha256sum -c --quiet - || die "$crate-$version.crate does not match its SHA-256"
}

# vendored_files CRATE: NUL-separated paths of vendor/CRATE's files. Outside a git work tree
# (an unpacked archive) every file but a target/ directory counts.
vendored_files() {
    if git -C "$REPO_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard -- "vendor/$1/")
    else
        (cd "$REPO_ROOT" && find "vendor/$1" -path "vendor/$1/target" -prune -o -type f -print0)
    fi
}

# copy_vendored CRATE DEST: the files of vendor/CRATE that git would commit, PATCHES.md aside.
copy_vendored() {
    local crate="$1" dest="$2" path
    mkdir -p "$dest"
    vendored_files "$crate" |
        while IFS= read -r -d '' path; do
            [[ -f "$REPO_ROOT/$path" ]] || continue # tracked but deleted in the work tree
            [[ "$path" == "vendor/$crate/PATCHES.md" ]] && continue
            mkdir -p "$dest/$(dirname "${path#"vendor/$crate/"}")"
            cp -p "$REPO_ROOT/$path" "$dest/${path#"vendor/$crate/"}"
        done
}

# make_diff CRATE VERSION SHA256 OUT: the deterministic diff of the copy against the release.
make_diff() {
    local crate="$1" version="$2" sha="$3" out="$4"
    local dir="$work/$crate"
    mkdir -p "$dir"
    fetch_crate "$crate" "$version" "$sha" "$dir/pristine.crate"
    tar -xzf "$dir/pristine.crate" -C "$dir"
    mv "$dir/$crate-$version" "$dir/a"
    copy_vendored "$crate" "$dir/b"
    # diff exits 1 when the trees differ, which they do by design.
    (cd "$dir" && diff -ru --unidirectional-new-file a b >"$dir/raw.diff") || [[ $? -eq 1 ]] ||
        die "diff failed for $crate"
    # Without the file times diff puts on its ---/+++ lines.
    sed -E $'s/^(---|\\+\\+\\+) ([^\t]*)\t.*$/\\1 \\2/' "$dir/raw.diff" >"$out"
}

stale=0
for row in "${VENDORED_CRATES[@]}"; do
    read -r crate version sha <<<"$row"
    diff_file="$REPO_ROOT/vendor/$crate.diff"
    patches="$REPO_ROOT/vendor/$crate/PATCHES.md"
    [[ -d "$REPO_ROOT/vendor/$crate" ]] || die "vendor/$crate is missing (listed in VENDORED_CRATES)"
    make_diff "$crate" "$version" "$sha" "$work/$crate.diff"
    if [[ "$mode" == check ]]; then
        if ! cmp -s "$work/$crate.diff" "$diff_file"; then
            warn "vendor/$crate.diff is stale: run scripts/vendor-diff.sh, then update vendor/$crate/PATCHES.md"
            stale=1
            continue
        fi
    else
        cp "$work/$crate.diff" "$diff_file"
        step "wrote vendor/$crate.diff ($(grep -c '^[-+][^-+]' "$diff_file" || true) changed lines)"
    fi
    hash="$(sha256sum "$diff_file" | cut -d' ' -f1)"
    if [[ ! -f "$patches" ]] || ! head -n 1 "$patches" | grep -qxF "# $crate $version, patched"; then
        warn "vendor/$crate/PATCHES.md must start with \"# $crate $version, patched\""
        stale=1
    elif ! grep -qxF "Diff SHA-256: $hash" "$patches"; then
        warn "vendor/$crate/PATCHES.md does not describe the current diff: say what changed and set its line to \"Diff SHA-256: $hash\""
        stale=1
    fi
done
# A directory under vendor/ that the table does not list would escape the audit.
for dir in "$REPO_ROOT"/vendor/*/; do
    name="$(basename "$dir")"
    printf '%s\n' "${VENDORED_CRATES[@]}" | grep -q "^$name " ||
        { warn "vendor/$name is not listed in VENDORED_CRATES of scripts/vendor-diff.sh"; stale=1; }
done
[[ $stale -eq 0 ]] || die "vendored crates and their diffs or PATCHES.md disagree (see above)"
step "every vendored crate matches its diff and its PATCHES.md (${#VENDORED_CRATES[@]} crates)"
