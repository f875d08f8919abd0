//! Issue 12's attack tests against the real gateway (with the real inventory behind it): one
//! unauthenticated client must not crash it, freeze it for others or leave threads, fds or
//! CLOSE-WAIT sockets behind. The attacks themselves are testkit's, shared with inventory.
mod support;

use std::sync::{Mutex, MutexGuard};
use support::Stack;
use testkit::conformance::{self as attack, Usage};

/// What the freezing attack pipelines: the largest answer the gateway has.
const PIPELINED: &[u8] = b"GET /openapi.yaml HTTP/1.1\r\nHost: attacker\r\n\r\n";
/// Above the idle level after an attack: a request thread or two still within their idle
/// time, a pooled connection to inventory.
const SLACK: Usage = Usage { threads: 4, fds: 8 };

/// One client before the idle level is taken: a burst would fill the pool of inventory
/// connections, which then counts as idle.
const WARM_BURST: usize = 1;

/// One attack at a time: each measures latency and resources, which a neighbour would skew.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn a_thousand_reset_connections_do_not_crash_the_gateway() {
    let _turn = one_at_a_time();
    let mut stack = Stack::start();
    attack::resets_do_not_crash(&mut stack.gateway);
}

#[test]
fn a_client_pipelining_600_requests_without_reading_does_not_slow_others() {
    let _turn = one_at_a_time();
    let mut stack = Stack::start();
    attack::an_unread_pipeline_does_not_slow_others(&mut stack.gateway, PIPELINED);
}

#[test]
fn http2_requests_leave_no_close_wait_sockets_fds_or_threads() {
    let _turn = one_at_a_time();
    let mut stack = Stack::start();
    attack::http2_requests_leave_nothing_behind(&mut stack.gateway, WARM_BURST, SLACK);
}

#[test]
fn under_slowloris_and_every_attack_at_once_health_stays_quick_and_resources_return() {
    let _turn = one_at_a_time();
    let mut stack = Stack::start();
    attack::everything_at_once(&mut stack.gateway, PIPELINED, WARM_BURST, SLACK);
}

#[test]
fn a_thousand_idle_keep_alive_connections_cost_no_thread_each() {
    let _turn = one_at_a_time();
    let mut stack = Stack::start();
    attack::idle_connections_cost_no_thread(&mut stack.gateway, WARM_BURST, SLACK);
}
