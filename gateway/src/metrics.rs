//! The gateway's own metrics (the HTTP request counts are the edge's): atomics bumped where
//! things happen, written on `GET /metrics`.
use crate::error::Error;
use edge::metrics::{Counter, Gauge, Histogram, Text, DURATION_BUCKETS};
use edge::metrics_listener::{Listener, Page};
use std::net::SocketAddr;

/// The route templates requests are counted under (anything else is `other`).
pub const ROUTES: &[&str] = &[
    "/api/movies",
    "/api/movies/{id}",
    "/api/billing",
    "/health",
    "/metrics",
    "/openapi.yaml",
    "/docs",
];

/// Requests holding a place under the in-flight cap.
pub static IN_FLIGHT: Gauge = Gauge::new();
/// Past the cap: answered 503 after waiting for a worker.
pub static REFUSED_BUSY: Counter = Counter::new();

/// Inventory could not be reached (connect refused, connect timeout, reset).
pub static UPSTREAM_CONNECT: Counter = Counter::new();
/// Inventory too slow (504).
pub static UPSTREAM_TIMEOUT: Counter = Counter::new();
/// Inventory answered 5xx (passed on).
pub static UPSTREAM_5XX: Counter = Counter::new();
/// Time inventory took to answer (up to its response head).
pub static UPSTREAM_DURATION: Histogram = Histogram::new(DURATION_BUCKETS);

/// Orders handed to the broker (basic.publish done).
pub static ORDERS_PUBLISHED: Counter = Counter::new();
/// Orders the broker confirmed (ack, not returned): the client got 200.
pub static ORDERS_CONFIRMED: Counter = Counter::new();
/// Orders the broker refused (nack) or returned as unroutable.
pub static ORDERS_NACKED: Counter = Counter::new();
/// Orders published again on a new connection: the old one was lost before their confirm,
/// or the broker nacked them.
pub static ORDERS_REPUBLISHED: Counter = Counter::new();
/// Orders without a confirm in time.
pub static ORDERS_TIMED_OUT: Counter = Counter::new();
/// Orders that failed otherwise: broker unreachable, connection lost, publish queue full.
pub static ORDERS_FAILED: Counter = Counter::new();
/// Broker connections opened after a first one.
pub static BROKER_RECONNECTS: Counter = Counter::new();
/// Failed attempts to open a broker connection.
pub static BROKER_CONNECT_FAILURES: Counter = Counter::new();
/// `Idempotency-Key`s reused with a different order (422).
pub static IDEMPOTENCY_CONFLICTS: Counter = Counter::new();

/// The gateway's families, after the edge's request counts.
pub fn write(text: &mut Text) {
    text.gauge(
        "gateway_requests_in_flight",
        "Requests holding a place under the in-flight cap.",
        IN_FLIGHT.get(),
    );
    text.family(
        "gateway_requests_refused_total",
        "counter",
        "Requests refused at the in-flight cap: 503 after waiting for a worker (busy).",
    );
    let refused = "gateway_requests_refused_total";
    text.sample(refused, &[("reason", "busy")], REFUSED_BUSY.get());
    let failures = "gateway_upstream_failures_total";
    text.family(
        failures,
        "counter",
        "Inventory calls that failed: connect (unreachable, 502), timeout (504), 5xx (its \
         own 5xx, passed on).",
    );
    text.sample(failures, &[("kind", "connect")], UPSTREAM_CONNECT.get());
    text.sample(failures, &[("kind", "timeout")], UPSTREAM_TIMEOUT.get());
    text.sample(failures, &[("kind", "5xx")], UPSTREAM_5XX.get());
    text.histogram(
        "gateway_upstream_duration_seconds",
        "Time inventory took to answer a proxied request (to its response head).",
        &UPSTREAM_DURATION,
    );
    text.counter(
        "gateway_orders_published_total",
        "Orders published to the broker.",
        &ORDERS_PUBLISHED,
    );
    text.counter(
        "gateway_orders_confirmed_total",
        "Orders the broker confirmed (the client got 200).",
        &ORDERS_CONFIRMED,
    );
    text.counter(
        "gateway_orders_nacked_total",
        "Orders the broker refused (nack) or returned unroutable.",
        &ORDERS_NACKED,
    );
    text.counter(
        "gateway_orders_republished_total",
        "Orders published again on a new connection after a lost confirm or a nack.",
        &ORDERS_REPUBLISHED,
    );
    text.counter(
        "gateway_orders_timed_out_total",
        "Orders without a publisher confirm in time.",
        &ORDERS_TIMED_OUT,
    );
    text.counter(
        "gateway_orders_failed_total",
        "Orders that failed otherwise: broker unreachable, connection lost, queue full.",
        &ORDERS_FAILED,
    );
    text.counter(
        "gateway_broker_reconnects_total",
        "Broker connections opened after the first one.",
        &BROKER_RECONNECTS,
    );
    text.counter(
        "gateway_broker_connect_failures_total",
        "Failed attempts to open a broker connection.",
        &BROKER_CONNECT_FAILURES,
    );
    text.counter(
        "gateway_idempotency_conflicts_total",
        "Idempotency-Keys reused with a different order (422).",
        &IDEMPOTENCY_CONFLICTS,
    );
}

/// The page `GET /metrics` answers.
pub const PAGE: Page = Page {
    service: crate::SERVICE,
    version: env!("CARGO_PKG_VERSION"),
    write,
};

/// Starts the listener of `GATEWAY_METRICS_LISTEN`.
pub fn listen(addr: SocketAddr) -> Result<Listener, Error> {
    Listener::start(addr, PAGE).map_err(|e| {
        Error::Start(format!(
            "cannot listen on {addr} (GATEWAY_METRICS_LISTEN): {e}"
        ))
    })
}
