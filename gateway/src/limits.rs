//! Every bound the gateway enforces, on one screen, besides the HTTP edge's own
//! (`edge::limits`: sockets, heads, bodies, responses). The reasons are in the doc comments;
//! the table in docs/ARCHITECTURE.md repeats them.
use edge::limits::{KEEP_ALIVE_TIMEOUT, REQUEST_BODY_TIMEOUT, RESPONSE_PROGRESS_WINDOW};
use std::time::Duration;

/// Requests handled at once (one worker thread each), so a flood cannot run the machine out
/// of threads or memory. Each may hold a connection to inventory, so the upstream pool is as
/// large (`UPSTREAM_IDLE_CONNECTIONS_MAX`): with fewer pooled connections than concurrent
/// calls, a connection was opened and closed per request (measured: 149 µs of gateway CPU per
/// proxied request at 256 connections against 55 at 32). Orders need many in flight: the
/// publisher confirms them in batches as large as what waits (at 64, 3,400 orders/s at 4,000
/// connections; the raw publish loop does 14,000/s with 1,000 unconfirmed).
pub const IN_FLIGHT_REQUESTS_MAX: usize = 256;

/// Past the in-flight cap (every worker busy) a request waits this long for one, queued
/// without a thread, then gets 503 with `Retry-After`: overload protection, not a concurrency
/// limit. Above the wait of a full but healthy queue: at 4,000 connections and ~7,000
/// requests/s a request waits ~0.6 s (connections ÷ throughput), and with 1 s the slowest
/// tenth of a percent got 503 while the machine kept up.
pub const IN_FLIGHT_WAIT_MAX: Duration = Duration::from_secs(2);

/// Worker threads: one per request in flight. Connections ready while every worker is busy
/// wait in a queue and cost no thread.
pub const WORKERS_MAX: usize = IN_FLIGHT_REQUESTS_MAX;

/// Workers started as soon as requests wait. Past them, up to `WORKERS_MAX`, more start when
/// no worker took a waiting connection for `edge::limits::WORKERS_STALL_AFTER` (all blocked:
/// a hung inventory) or while the machine's CPU is idle enough
/// (`edge::limits::WORKERS_GROW_IDLE_PERCENT`: the workers wait on inventory or the broker and
/// free cores can run more), and end again when it is busy. With the cores busy, more threads
/// only add scheduling: at 1,000 connections, 256 workers cost 71 µs of gateway CPU per
/// proxied request against 44 with 24–32 (interleaved A/B runs on this 2-core machine, where
/// wrk, inventory and PostgreSQL share the cores). 32 is what two inventories of 16 workers
/// serve at once.
pub const WORKERS_EAGER_MAX: usize = 32;

/// Extra workers at once for requests that waited `IN_FLIGHT_WAIT_MAX` in the queue while
/// every worker stayed busy (a slow inventory): each answers its 503 and ends.
pub const LATE_WORKERS_MAX: usize = 64;

/// File descriptors the gateway holds besides client connections: one inventory connection
/// per request in flight, the idle ones pooled, and the broker connection with one being
/// closed (each a socket plus mio's epoll and wake-up descriptors: 4 is generous).
/// `edge::server::start` checks `RLIMIT_NOFILE` against it and the client connection cap.
pub const FDS_RESERVED: usize = IN_FLIGHT_REQUESTS_MAX + UPSTREAM_IDLE_CONNECTIONS_MAX + 2 * 4;

/// Inventory is on the same private network; slower than this to connect means it is down
/// (the client gets 502 well within a second).
pub const UPSTREAM_CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Inventories `INVENTORY_URL` may list: a request whose connections are refused tries each,
/// so the list bounds the work one request can cause.
pub const UPSTREAMS_MAX: usize = 16;

/// An inventory that refused a connection gets no requests for this long (unless every
/// inventory is ejected): a dead one then costs one refused connect per 5 s, not one per
/// request, and a restarted one gets its share back within 5 s.
pub const UPSTREAM_EJECTION_TIME: Duration = Duration::from_secs(5);

/// Whole upstream call, body included; past it the client gets 504, not a hang. Default of
/// `GATEWAY_UPSTREAM_TIMEOUT_MS`.
pub const UPSTREAM_CALL_TIMEOUT_DEFAULT: Duration = Duration::from_secs(10);

/// Bounds of `GATEWAY_UPSTREAM_TIMEOUT_MS` and `GATEWAY_CONFIRM_TIMEOUT_MS`: above the connect
/// timeouts, and short enough that a client is never left hanging.
pub const CONFIGURABLE_TIMEOUT_MIN: Duration = Duration::from_millis(1000);
/// See [`CONFIGURABLE_TIMEOUT_MIN`].
pub const CONFIGURABLE_TIMEOUT_MAX: Duration = Duration::from_secs(120);

/// How far a pooled inventory connection's socket timeouts may be from the time a call has
/// left before they are set again (`transport.rs`): ureq sets them on every call, a few
/// microseconds apart, two system calls per request. A silent inventory's 504 comes at most
/// this much earlier or later than `GATEWAY_UPSTREAM_TIMEOUT_MS`.
pub const UPSTREAM_TIMEOUT_SLACK: Duration = Duration::from_millis(10);

/// The inventory probe of `GET /health`; a health check must answer quickly.
pub const HEALTH_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Idle upstream connections kept for reuse: one per request in flight (split evenly over
/// the `UPSTREAM_AGENTS` pools).
pub const UPSTREAM_IDLE_CONNECTIONS_MAX: usize = IN_FLIGHT_REQUESTS_MAX;

/// ureq agents, each with its own pool, a worker thread always calling through the same one.
/// A ureq pool is one mutex, held while it checks a pooled connection (three system calls)
/// and scans the pool: with one agent, 32 threads proxying queued on it, 2.4 futex calls per
/// request, each a sleep or a wake-up.
pub const UPSTREAM_AGENTS: usize = 16;

/// An idle pooled connection to inventory older than this is not reused. Inventory closes
/// idle keep-alive connections after `edge::limits::KEEP_ALIVE_TIMEOUT` (5 s); reusing one just as it
/// closes fails the request with 502 (ureq 3.5 probes a pooled connection before reuse but
/// does not retry a request whose reused connection turns out closed), so we drop them first.
pub const UPSTREAM_IDLE_CONNECTION_AGE_MAX: Duration = Duration::from_secs(4);

/// Response headers from inventory larger than this are a broken upstream (502). Inventory's
/// heads are a few hundred bytes; nginx's `proxy_buffer_size`, which must hold an upstream's
/// whole head, is 4 or 8 KiB.
pub const UPSTREAM_RESPONSE_HEADER_BYTES_MAX: usize = 16 * 1024;

/// ureq's read buffer, one per pooled inventory connection (ureq's default is 128 KiB, and
/// with its 128 KiB write buffer a full pool held 64 MiB): it holds a whole response head,
/// and the body streams through it.
pub const UPSTREAM_INPUT_BUFFER_BYTES: usize = 2 * UPSTREAM_RESPONSE_HEADER_BYTES_MAX;

/// ureq's write buffer, one per pooled inventory connection: it must hold the longest line of
/// a forwarded request head, which is at most the client's whole head (a request line or an
/// `Accept` header as long as `edge::limits::HEAD_BYTES_MAX` allows), with room for the
/// inventory URL's path.
pub const UPSTREAM_OUTPUT_BUFFER_BYTES: usize = 65 * 1024;

/// How long a client waits for RabbitMQ's publisher confirm before it gets 503. A broker that
/// lost its quorum answers neither ack nor nack; only this timeout catches it. Default of
/// `GATEWAY_CONFIRM_TIMEOUT_MS`.
pub const PUBLISH_CONFIRM_TIMEOUT_DEFAULT: Duration = Duration::from_secs(5);

/// Orders waiting for the publisher thread. Bounded so a stalled broker cannot make the queue
/// grow without limit; it never fills while the in-flight cap holds.
pub const PUBLISH_QUEUE_CAPACITY: usize = IN_FLIGHT_REQUESTS_MAX;

/// Orders published in one batch before the publisher stops to collect their confirms.
pub const PUBLISH_BATCH_MAX: usize = IN_FLIGHT_REQUESTS_MAX;

/// Publishes of one order, the first included, while its client waits: an order whose
/// confirm was lost with its connection, or that the broker nacked, is published again on a
/// new connection (billing writes an order id once). With the pauses after a nack (0.2, 0.4
/// and 0.8 s) the tries span a quorum queue's leader election: in the cluster scenario, with
/// two tries 200 ms apart, 84 of 20,000 orders were nacked twice; with three, 10 thrice.
pub const PUBLISH_TRIES_MAX: u32 = 4;

/// The pause before publishing nacked orders again, doubling at each try: a channel opened
/// while a quorum queue elects its leader nacks as well, so the next try waits for it.
pub const NACK_RETRY_PAUSE_MIN: Duration = Duration::from_millis(200);

/// TCP connect and AMQP handshake, each. Short: a client is waiting for its order.
pub const BROKER_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// AMQP heartbeat; a frozen broker is noticed after about two of them.
pub const BROKER_HEARTBEAT_SECS: u16 = 5;

/// After a failed connect, the publisher waits at least this long before the next attempt
/// (it doubles up to `BROKER_RECONNECT_DELAY_MAX`), so a flood of orders against a dead
/// broker does not become a flood of connection attempts.
pub const BROKER_RECONNECT_DELAY_MIN: Duration = Duration::from_millis(50);

/// The longest wait between two connect attempts; short, so the first order after the broker
/// comes back succeeds.
pub const BROKER_RECONNECT_DELAY_MAX: Duration = Duration::from_secs(1);

/// `Idempotency-Key`s remembered with the fingerprint of their first order, to answer a key
/// reused for another order with 422. Each costs ~120 bytes (16-byte id, 32-byte fingerprint,
/// time, map and queue slots), so at most ~12 MiB. At the measured peak of ~6,300 keyed
/// orders/s they cover ~16 s of retries; at the original's ~100 orders/s, ~17 minutes. Past
/// it the oldest are forgotten first, and billing still records a conflicting order.
pub const IDEMPOTENCY_KEYS_MAX: usize = 100_000;
/// How long a key stays bound to its first order here: Stripe keeps keys 24 hours. In
/// practice `IDEMPOTENCY_KEYS_MAX` ends most keys' memory sooner.
pub const IDEMPOTENCY_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// `Retry-After` sent with a 503, in seconds.
pub const RETRY_AFTER_SECS: u32 = 1;

/// SIGTERM waits for requests in flight (proxied calls and publishes included) this much
/// longer than a request takes when its client keeps up: `REQUEST_BODY_TIMEOUT`, then the
/// longer of the two configured timeouts, then one `RESPONSE_PROGRESS_WINDOW` (an answer
/// still streaming to a slow reader after that is cut). The margin covers the last blocked
/// socket write after a deadline passes.
pub const SHUTDOWN_DRAIN_MARGIN: Duration = Duration::from_secs(5);

/// The whole SIGTERM wait, from the bounds above.
pub fn shutdown_drain_timeout(upstream_timeout: Duration, confirm_timeout: Duration) -> Duration {
    REQUEST_BODY_TIMEOUT
        + upstream_timeout.max(confirm_timeout)
        + RESPONSE_PROGRESS_WINDOW
        + SHUTDOWN_DRAIN_MARGIN
}

/// The SIGTERM wait with the default timeouts, written out for `docs/ARCHITECTURE.md`'s
/// limits table (a test below checks it against [`shutdown_drain_timeout`]).
pub const SHUTDOWN_DRAIN_TIMEOUT_DEFAULT: Duration = Duration::from_secs(30);

const _: () = assert!(UPSTREAM_CONNECT_TIMEOUT.as_millis() < 1000);
const _: () = assert!(UPSTREAM_IDLE_CONNECTIONS_MAX % UPSTREAM_AGENTS == 0);
const _: () = assert!(UPSTREAM_RESPONSE_HEADER_BYTES_MAX < UPSTREAM_INPUT_BUFFER_BYTES);
const _: () = assert!(edge::limits::HEAD_BYTES_MAX + 1024 <= UPSTREAM_OUTPUT_BUFFER_BYTES);
// Below inventory's keep-alive timeout by a margin for scheduling.
const _: () =
    assert!(UPSTREAM_IDLE_CONNECTION_AGE_MAX.as_millis() + 1000 <= KEEP_ALIVE_TIMEOUT.as_millis());
const _: () = assert!(REQUEST_BODY_TIMEOUT.as_millis() < CONFIGURABLE_TIMEOUT_MAX.as_millis());
const _: () = assert!(UPSTREAM_CONNECT_TIMEOUT.as_millis() < CONFIGURABLE_TIMEOUT_MIN.as_millis());
const _: () = assert!(HEALTH_PROBE_TIMEOUT.as_millis() <= CONFIGURABLE_TIMEOUT_MAX.as_millis());
const _: () =
    assert!(CONFIGURABLE_TIMEOUT_MIN.as_millis() <= UPSTREAM_CALL_TIMEOUT_DEFAULT.as_millis());
const _: () =
    assert!(UPSTREAM_CALL_TIMEOUT_DEFAULT.as_millis() <= CONFIGURABLE_TIMEOUT_MAX.as_millis());
const _: () =
    assert!(CONFIGURABLE_TIMEOUT_MIN.as_millis() <= PUBLISH_CONFIRM_TIMEOUT_DEFAULT.as_millis());
const _: () =
    assert!(PUBLISH_CONFIRM_TIMEOUT_DEFAULT.as_millis() <= CONFIGURABLE_TIMEOUT_MAX.as_millis());
const _: () =
    assert!(BROKER_CONNECT_TIMEOUT.as_millis() < PUBLISH_CONFIRM_TIMEOUT_DEFAULT.as_millis());
const _: () =
    assert!(BROKER_RECONNECT_DELAY_MIN.as_millis() <= BROKER_RECONNECT_DELAY_MAX.as_millis());
const _: () = assert!(PUBLISH_QUEUE_CAPACITY >= IN_FLIGHT_REQUESTS_MAX);
const _: () = assert!(LATE_WORKERS_MAX >= 1 && LATE_WORKERS_MAX <= IN_FLIGHT_REQUESTS_MAX);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_drain_is_the_one_documented() {
        assert_eq!(
            shutdown_drain_timeout(
                UPSTREAM_CALL_TIMEOUT_DEFAULT,
                PUBLISH_CONFIRM_TIMEOUT_DEFAULT
            ),
            SHUTDOWN_DRAIN_TIMEOUT_DEFAULT
        );
    }
}
