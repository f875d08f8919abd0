//! The ready lines every service prints on stdout once it serves: the one definition the
//! test harness (`testkit`) imports, and that `scripts/lib/common.sh` repeats for the scripts
//! (`READY_*`; a testkit test checks both say the same).
use std::fmt::Display;

/// `<service> listening on http://ADDR`: the gateway and inventory serve on ADDR.
pub const LISTENING: &str = "listening on";
/// `<service> metrics listening on http://ADDR`: the listener of `GET /metrics`, when the
/// service has one of its own (billing always; the others when `*_METRICS_LISTEN` is set).
pub const METRICS_LISTENING: &str = "metrics listening on";
/// `billing consuming <queue>`: billing consumes (printed again after each reconnect).
pub const CONSUMING: &str = "consuming";

/// The line of a service listening on `addr`.
pub fn listening(service: &str, addr: impl Display) -> String {
    format!("{service} {LISTENING} http://{addr}")
}

/// The line of a service's metrics listener on `addr`.
pub fn metrics_listening(service: &str, addr: impl Display) -> String {
    format!("{service} {METRICS_LISTENING} http://{addr}")
}

/// The line of a service consuming `queue`.
pub fn consuming(service: &str, queue: &str) -> String {
    format!("{service} {CONSUMING} {queue}")
}
