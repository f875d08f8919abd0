//! Issue 12's attack tests against the real inventory: one unauthenticated client must not
//! crash it, freeze it for others or leave threads, fds or CLOSE-WAIT sockets behind. The
//! attacks themselves are testkit's, shared with the gateway.
mod support;

use std::sync::{Mutex, MutexGuard};
use support::Inventory;
use testkit::conformance::{self as attack, Usage};

/// Worker threads, as deployed (`INVENTORY_THREADS` defaults to 16).
const THREADS: usize = 16;
/// What the freezing attack pipelines.
const PIPELINED: &[u8] = b"GET /health HTTP/1.1\r\nHost: attacker\r\n\r\n";
/// Clients at once before the idle level is taken: enough that every worker is busy at the same
/// time and opens its database client (lazily made, four fds each).
const WARM_BURST: usize = 4 * THREADS;
/// Above the idle level after an attack: a few transient threads and fds.
const SLACK: Usage = Usage { threads: 4, fds: 8 };

/// One attack at a time: each measures latency and resources, which a neighbour would skew.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn a_thousand_reset_connections_do_not_crash_inventory() {
    let _turn = one_at_a_time();
    let mut inventory = Inventory::start(THREADS);
    attack::resets_do_not_crash(&mut inventory.service);
}

#[test]
fn a_client_pipelining_600_requests_without_reading_does_not_slow_others() {
    let _turn = one_at_a_time();
    let mut inventory = Inventory::start(THREADS);
    attack::an_unread_pipeline_does_not_slow_others(&mut inventory.service, PIPELINED);
}

#[test]
fn http2_requests_leave_no_close_wait_sockets_fds_or_threads() {
    let _turn = one_at_a_time();
    let mut inventory = Inventory::start(THREADS);
    attack::http2_requests_leave_nothing_behind(&mut inventory.service, WARM_BURST, SLACK);
}

#[test]
fn under_slowloris_and_every_attack_at_once_health_stays_quick_and_resources_return() {
    let _turn = one_at_a_time();
    let mut inventory = Inventory::start(THREADS);
    attack::everything_at_once(&mut inventory.service, PIPELINED, WARM_BURST, SLACK);
}

#[test]
fn a_thousand_idle_keep_alive_connections_cost_no_thread_each() {
    let _turn = one_at_a_time();
    let mut inventory = Inventory::start(THREADS);
    attack::idle_connections_cost_no_thread(&mut inventory.service, WARM_BURST, SLACK);
}
