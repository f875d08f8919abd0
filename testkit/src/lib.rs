//! The harness every integration test shares: a database, a vhost and a user made for one
//! test and removed after it, and the real service binaries started on loopback and killed by
//! the PID the test started. No mocks: the PostgreSQL and RabbitMQ of the machine are used.
#![forbid(unsafe_code)]

mod broker;
pub mod conformance;
mod db;
pub mod open_files;
mod rabbit_node;
pub mod raw_http;
mod service;

pub use broker::{rabbitmqctl, TestBroker};
pub use db::TestDb;
pub use rabbit_node::RabbitNode;
pub use service::{binary, Service};

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Polls `check` every few milliseconds until it holds or `timeout` passes; tells which.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A name no other test, in this process or another, is using: `t_<pid>_<n>_<micros>`.
pub fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() % 1_000_000_000)
        .unwrap_or(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("t_{}_{n}_{micros}", std::process::id())
}
