#!/usr/bin/env bash
# scripts/deps.sh: the crates linked into the three release binaries, from cargo's own view of
# the dependency metadata (`cargo tree -e normal --target x86_64-unknown-linux-musl`: normal
# dependencies only, resolved for the release target, features as cargo unifies them, which a
# plain `cargo metadata` graph does not show), with every crate's licence and who brings it.
#
#     scripts/deps.sh counts   distinct crates (name + version) per binary and across the three
#     scripts/deps.sh doc      writes docs/DEPENDENCIES.md and the counts block of README.md
#     scripts/deps.sh check    fails when either is stale, when a crate in the tree has no
#                              reason in docs/dependency-reasons.txt or a reason names a crate
#                              no longer in the tree, when a licence is not compatible with
#                              MIT OR Apache-2.0, or when Cargo.lock holds a crate version
#                              that an advisory of docs/advisories.txt lists
#
# Needs cargo and mawk-compatible awk (Debian's default); reads Cargo.lock as it is (--locked).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
export LC_ALL=C

readonly TARGET=x86_64-unknown-linux-musl
readonly BINARIES=(gateway inventory billing)
readonly REASONS=docs/dependency-reasons.txt
readonly ADVISORIES=docs/advisories.txt
readonly DOC=docs/DEPENDENCIES.md
readonly README_BEGIN='<!-- scripts/deps.sh doc: crate counts, begin -->'
readonly README_END='<!-- scripts/deps.sh doc: crate counts, end -->'
# SPDX licences compatible with distributing the binaries under MIT OR Apache-2.0: permissive,
# no copyleft. An expression passes when its OR/AND logic holds with these as true.
readonly LICENCES_ALLOWED=(
    MIT MIT-0 Apache-2.0 "Apache-2.0 WITH LLVM-exception" BSD-2-Clause BSD-3-Clause ISC Zlib
    0BSD BSL-1.0 CC0-1.0 Unlicense Unicode-3.0 Unicode-DFS-2016
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# tree_rows: one tab-separated row per (crate, binary, our direct dependency bringing it):
# name, version, licence, binary, bringer, kind (ours, vendored or registry). Paths are
# walked without deduplication, so a crate two of our dependencies bring names both.
tree_rows() {
    local bin
    for bin in "${BINARIES[@]}"; do
        cargo tree --locked -e normal --target "$TARGET" -p "$bin" --prefix depth --no-dedupe \
            --format '{p}|{l}' |
            awk -v bin="$bin" -v root="$REPO_ROOT/" '
                {
                    match($0, /^[0-9]+/)
                    depth = substr($0, 1, RLENGTH) + 0
                    line = substr($0, RLENGTH + 1)
                    bar = index(line, "|")
                    pkg = substr(line, 1, bar - 1)
                    licence = substr(line, bar + 1)
                    split(pkg, word, " ")
                    name[depth] = word[1]
                    # Ours: a path dependency in this repository outside vendor/.
                    path = ""
                    if (match(pkg, /\(\/[^)]*\)/)) path = substr(pkg, RSTART + 1, RLENGTH - 2) "/"
                    ours[depth] = (path != "" && index(path, root) == 1 && index(path, root "vendor/") != 1)
                    bringer = ""
                    for (k = 0; k <= depth; k++) if (!ours[k]) { bringer = name[k]; break }
                    if (ours[depth]) bringer = "-"
                    if (licence == "") licence = "(none)"
                    kind = ours[depth] ? "ours" : (index(path, root "vendor/") == 1 ? "vendored" : "registry")
                    printf "%s\t%s\t%s\t%s\t%s\t%s\n", word[1], substr(word[2], 2), licence, bin, bringer, kind
                }'
    done | sort -u
}

# crates: one row per distinct crate: name, version, licence, binaries (g/i/b), bringers, kind.
crates() {
    awk -F'\t' '
        function add(list, item) { return index(" " list " ", " " item " ") ? list : (list == "" ? item : list " " item) }
        {
            key = $1 "\t" $2
            if (!(key in licence)) { order[++n] = key; licence[key] = $3; kind[key] = $6 }
            bins[key] = add(bins[key], substr($4, 1, 1))
            if ($5 != "-") by[key] = add(by[key], $5)
        }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]
                printf "%s\t%s\t%s\t%s\t%s\n", k, licence[k], bins[k], by[k], kind[k]
            }
        }' "$work/rows" | sort
}

counts_text() {
    local bin total ours parts=()
    for bin in "${BINARIES[@]}"; do
        parts+=("$bin $(awk -F'\t' -v b="$bin" '$4 == b { print $1, $2 }' "$work/rows" | sort -u | wc -l)")
    done
    total="$(wc -l <"$work/crates")"
    ours="$(awk -F'\t' '$6 == "ours"' "$work/crates" | wc -l)"
    printf '**%d distinct crates** (name and version) across the three release binaries, %d of them ours (%s, %s, %s)\n' \
        "$total" "$ours" "${parts[0]}" "${parts[1]}" "${parts[2]}"
}

# reasons_table: docs/dependency-reasons.txt as name<TAB>reason rows ("bad<TAB>line" for a
# line that is not "name: reason").
reasons_table() {
    awk '/^[[:space:]]*(#|$)/ { next }
         { i = index($0, ":"); if (i < 2) { print "bad\t" NR; next }
           name = substr($0, 1, i - 1); text = substr($0, i + 1); sub(/^[[:space:]]+/, "", text)
           print name "\t" text }' "$REASONS"
}

write_doc() {
    local out="$1"
    {
        printf '# Dependencies\n\n'
        cat <<EOF
Generated by \`scripts/deps.sh doc\` (do not edit by hand): every crate linked into the release
binaries, as \`cargo tree -e normal --target $TARGET -p <binary>\` resolves them, with
its licence from its manifest, the binaries it is in (g = gateway, i = inventory, b = billing),
which of our direct dependencies brings it, and why we accept it (hand-kept, one line a crate
name, in \`$REASONS\`). \`scripts/test.sh\` runs \`scripts/deps.sh check\`, which fails when
this file is stale, a crate has no reason, a reason names a crate no longer here, a licence is
not compatible with MIT OR Apache-2.0, or \`Cargo.lock\` holds a version an advisory of
\`$ADVISORIES\` lists. Crates patched in \`vendor/\` are marked *vendored*.

EOF
        printf '%s.\n\n' "$(counts_text)"
        printf '## What each direct dependency brings\n\n'
        printf '| our dependency | crates in its subtree (itself included) |\n|---|---|\n'
        awk -F'\t' '$6 != "ours" { n = split($5, b, " "); for (i = 1; i <= n; i++) c[b[i]]++ }
                    END { for (k in c) printf "| `%s` | %d |\n", k, c[k] }' "$work/crates" | sort
        printf '\nA crate two dependencies bring counts for both.\n\n'
        printf '## Every crate\n\n'
        printf '| crate | version | licence | in | brought by | why we accept it |\n|---|---|---|---|---|---|\n'
        awk -F'\t' '
            FILENAME == ARGV[1] { reason[$1] = $2; next }
            {
                mark = $6 == "vendored" ? " *vendored*" : ""
                why = $6 == "ours" ? "ours (this workspace)" : reason[$1]
                by = $6 == "ours" ? "-" : $5
                gsub(/ /, ", ", by)
                gsub(/\|/, "\\|", why)
                printf "| `%s`%s | %s | %s | %s | %s | %s |\n", $1, mark, $2, $3, $4, by, why
            }' "$work/reasons" "$work/crates"
    } >"$out"
}

# readme_with_counts OUT: README.md with the marked counts block regenerated.
readme_with_counts() {
    if ! grep -qxF "$README_BEGIN" README.md || ! grep -qxF "$README_END" README.md; then
        die "README.md lacks the lines $README_BEGIN and $README_END"
    fi
    awk -v begin="$README_BEGIN" -v end="$README_END" -v text="$(counts_text)" '
        $0 == begin { print; print text "."; skip = 1; next }
        $0 == end { skip = 0 }
        !skip { print }' README.md >"$1"
}

# licence_ok EXPRESSION: true when the SPDX expression holds with the allowed licences as true.
licence_ok() {
    local expr="$1" arith="" token allowed id
    expr="${expr//\// OR }" # legacy "MIT/Apache-2.0"
    expr="${expr//(/ ( }"
    expr="${expr//)/ ) }"
    expr="$(sed -E 's/ WITH /_WITH_/g' <<<"$expr")"
    for token in $expr; do
        case "$token" in
            OR) arith+="||" ;;
            AND) arith+="&&" ;;
            "(" | ")") arith+="$token" ;;
            *)
                allowed=0
                for id in "${LICENCES_ALLOWED[@]}"; do
                    [[ "${id// WITH /_WITH_}" == "$token" ]] && allowed=1
                done
                arith+="$allowed"
                ;;
        esac
    done
    [[ -n "$arith" ]] && ((arith))
}

check_licences() {
    local name version licence bad=0
    while IFS=$'\t' read -r name version licence _; do
        if ! licence_ok "$licence" 2>/dev/null; then
            warn "$name $version: licence \"$licence\" is not in the allow-list of scripts/deps.sh"
            bad=1
        fi
    done <"$work/crates"
    return "$bad"
}

check_reasons() {
    local bad=0 missing stale
    if grep -q '^bad' "$work/reasons"; then
        warn "$REASONS: line(s) $(awk -F'\t' '$1 == "bad" { print $2 }' "$work/reasons" | paste -sd, -) are not \"name: reason\""
        bad=1
    fi
    missing="$(awk -F'\t' 'FILENAME == ARGV[1] { r[$1] = $2; next } $6 != "ours" && r[$1] == "" { print $1 }' "$work/reasons" "$work/crates" | sort -u)"
    stale="$(awk -F'\t' 'FILENAME == ARGV[1] { if ($6 != "ours") t[$1] = 1; next } $1 != "bad" && !($1 in t) { print $1 }' "$work/crates" "$work/reasons")"
    [[ -z "$missing" ]] || { warn "no reason in $REASONS for: $(paste -sd' ' - <<<"$missing")"; bad=1; }
    [[ -z "$stale" ]] || { warn "$REASONS names crates no longer in the tree: $(paste -sd' ' - <<<"$stale")"; bad=1; }
    return "$bad"
}

# Every Cargo.lock entry (build and dev dependencies too) against docs/advisories.txt lines
# "ID CRATE RANGE description": RANGE is * or comma-separated <, <=, >, >=, = constraints.
check_advisories() {
    awk '
        function cmp(a, b,   x, y, i, n) {
            sub(/[-+].*/, "", a); sub(/[-+].*/, "", b)
            split(a, x, "."); split(b, y, ".")
            for (i = 1; i <= 3; i++) { if (x[i] + 0 < y[i] + 0) return -1; if (x[i] + 0 > y[i] + 0) return 1 }
            return 0
        }
        function hit(v, range,   c, n, i, op, want, r) {
            if (range == "*") return 1
            n = split(range, c, ",")
            for (i = 1; i <= n; i++) {
                match(c[i], /^[<>=]+/); op = substr(c[i], 1, RLENGTH); want = substr(c[i], RLENGTH + 1)
                r = cmp(v, want)
                if (op == "<" && !(r < 0)) return 0
                if (op == "<=" && !(r <= 0)) return 0
                if (op == ">" && !(r > 0)) return 0
                if (op == ">=" && !(r >= 0)) return 0
                if (op == "=" && r != 0) return 0
                if (op == "") return 0
            }
            return 1
        }
        FNR == NR { if ($0 ~ /^[[:space:]]*(#|$)/) next; id[++n] = $1; crate[n] = $2; range[n] = $3; next }
        /^name = / { name = $3; gsub(/"/, "", name) }
        /^version = / { v = $3; gsub(/"/, "", v)
            for (i = 1; i <= n; i++) if (crate[i] == name && hit(v, range[i])) {
                printf "%s %s is listed by %s (%s)\n", name, v, id[i], range[i]; found = 1 }
        }
        END { exit found }' "$ADVISORIES" Cargo.lock >"$work/advised" || {
        while IFS= read -r line; do warn "$line"; done <"$work/advised"
        return 1
    }
}

collect() {
    tree_rows >"$work/rows"
    crates >"$work/crates"
    reasons_table >"$work/reasons"
}

case "${1:-}" in
    counts)
        collect
        counts_text
        ;;
    doc)
        collect
        write_doc "$DOC"
        readme_with_counts "$work/README.md"
        cp "$work/README.md" README.md
        step "wrote $DOC and the counts in README.md: $(counts_text)"
        ;;
    check)
        collect
        failed=0
        write_doc "$work/doc.md"
        cmp -s "$work/doc.md" "$DOC" || { warn "$DOC is stale: run scripts/deps.sh doc"; failed=1; }
        readme_with_counts "$work/README.md"
        cmp -s "$work/README.md" README.md || { warn "the crate counts in README.md are stale: run scripts/deps.sh doc"; failed=1; }
        check_reasons || failed=1
        check_licences || failed=1
        check_advisories || failed=1
        [[ $failed -eq 0 ]] || die "dependency check failed (see above)"
        step "$(wc -l <"$work/crates") crates: each with a reason and an allowed licence, no advised version in Cargo.lock, $DOC current"
        ;;
    *) die "usage: scripts/deps.sh counts|doc|check" ;;
esac
