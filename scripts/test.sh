#!/usr/bin/env bash
# The one test command: sets up PostgreSQL and RabbitMQ like scripts/run-local.sh, then runs
# every check. Exits non-zero at the first failure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/provision.sh"
. "$REPO_ROOT/scripts/lib/local.sh"
cd "$REPO_ROOT"
started=$SECONDS

use_loopback
prepare_local_stack
# What cargo test's harness logs in as: the test role of .env (password over TCP, no superuser)
# and, for a user other than root, RabbitMQ's CLI through the Erlang cookie.
pg_ensure_test_role
rabbit_cli_for_user
ensure_rust
apt_install_missing shellcheck vagrant python3

step "the limits table of docs/ARCHITECTURE.md matches the constants in the code (name and value)"
python3 scripts/check-limits-table.py >/dev/null || python3 scripts/check-limits-table.py
step "the benchmark's arithmetic, verdicts, markers and perf grouping: unit tests of scripts/bench/ (no services)"
python3 -m unittest discover --quiet -s scripts/bench -p 'test_*.py'
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo build (the integration tests start these binaries)"
cargo build --workspace --bins
step "cargo test --workspace"
cargo test --workspace
step "the vendored tiny_http: its own unit tests"
CARGO_TARGET_DIR="$REPO_ROOT/target/vendor" cargo test --quiet --manifest-path vendor/tiny_http/Cargo.toml
step "every vendored crate: its diff against the pristine release and its PATCHES.md are current"
scripts/vendor-diff.sh --check
step "dependencies: a reason and an allowed licence for every crate, no advised version, docs current"
scripts/deps.sh check
step "shellcheck scripts/ and .ci/run"
shellcheck -x scripts/*.sh scripts/lib/*.sh scripts/clients/*.sh .ci/run
step "vagrant validate --ignore-provider (the Vagrantfile's three VMs; no hypervisor needed)"
CLUSTER=0 VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate --ignore-provider
step "CLUSTER=1 vagrant validate --ignore-provider (the cluster of docs/SCALING.md, 13 VMs)"
CLUSTER=1 VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate --ignore-provider
step "scripts/clients-test.sh (newman, OpenAPI validator, schemathesis, headless Chromium, README curl examples, Prometheus)"
scripts/clients-test.sh
step "scripts/original-contract-test.sh (the original's own spec and bodies: schemathesis, documented differences excluded)"
scripts/original-contract-test.sh
step "scripts/bench.sh --quick (a few seconds per step, so the benchmark cannot rot)"
scripts/bench.sh --quick
# Last: it runs the release binaries that clients-test.sh built (about 1.5 min more).
if [[ "$(id -u)" == 0 ]]; then
    step "scripts/cluster-test.sh (3 RabbitMQ nodes, PostgreSQL failover, nodes killed under load)"
    CLUSTER_BIN="$REPO_ROOT/target/release" scripts/cluster-test.sh
else
    step "scripts/cluster-test.sh NOT RUN: it needs root (private RabbitMQ nodes, pg_createcluster)"
fi
step "all checks passed in $((SECONDS - started)) s"
