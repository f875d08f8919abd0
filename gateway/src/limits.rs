//! Every bound the gateway enforces, on one screen. The reasons are in the doc comments; the
//! table in docs/ARCHITECTURE.md repeats them.
use std::time::Duration;

/// Largest request body we read; an order or a movie is a few hundred bytes.
pub const REQUEST_BODY_BYTES_MAX: u64 = 1024 * 1024;

/// Whole time a client may take to send a body; a stalled or trickled upload gets 408 and
/// gives its request thread back after this (plus at most one CLIENT_READ_TIMEOUT).
pub const REQUEST_BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest a single read from a client socket may block (SO_RCVTIMEO, inherited from the
/// listener). It closes idle keep-alive connections and connections that never finish their
/// request head, so they cannot pile up against the in-flight cap (the gateway is public).
pub const CLIENT_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest a single write to a client socket may block (SO_SNDTIMEO). A client that stops
/// reading holds its thread for RESPONSE_WRITE_TIMEOUT plus a few of these (tiny_http
/// flushes its buffers again on the error path).
pub const CLIENT_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// Whole time a client may take to receive its response, relayed inventory bodies included
/// (inventory writes its own from memory within the same 5 s); past it the thread gives up.
/// SO_SNDTIMEO alone bounds one write, and a client reading a trickle makes every write
/// progress.
pub const RESPONSE_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Requests handled at once (one thread each). Past it a client gets 503 at once instead of
/// the machine running out of threads or memory under a flood.
pub const IN_FLIGHT_REQUESTS_MAX: usize = 256;

/// A request thread with no new request for this long ends; under load threads are reused
/// instead of respawned, idle the gateway shrinks back to its few permanent threads.
pub const REQUEST_THREAD_IDLE_MAX: Duration = Duration::from_secs(10);

/// Inventory is on the same private network; slower than this to connect means it is down
/// (the client gets 502 well within a second).
pub const UPSTREAM_CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Whole upstream call, body included; past it the client gets 504, not a hang. Default of
/// `GATEWAY_UPSTREAM_TIMEOUT_MS`.
pub const UPSTREAM_CALL_TIMEOUT_DEFAULT: Duration = Duration::from_secs(10);

/// Bounds of `GATEWAY_UPSTREAM_TIMEOUT_MS` and `GATEWAY_CONFIRM_TIMEOUT_MS`: above the connect
/// timeouts, and short enough that a client is never left hanging.
pub const CONFIGURABLE_TIMEOUT_MIN: Duration = Duration::from_millis(1000);
/// See [`CONFIGURABLE_TIMEOUT_MIN`].
pub const CONFIGURABLE_TIMEOUT_MAX: Duration = Duration::from_secs(120);

/// The inventory probe of `GET /health`; a health check must answer quickly.
pub const HEALTH_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Idle upstream connections kept for reuse (one per concurrent request is plenty).
pub const UPSTREAM_IDLE_CONNECTIONS_MAX: usize = 64;

/// An idle pooled connection to inventory older than this is not reused. Inventory closes
/// idle keep-alive connections after its CLIENT_READ_TIMEOUT (5 s); reusing one just as it
/// closes fails the request with 502 (ureq 3.5 probes a pooled connection before reuse but
/// does not retry a request whose reused connection turns out closed), so we drop them first.
pub const UPSTREAM_IDLE_CONNECTION_AGE_MAX: Duration = Duration::from_secs(4);

/// Response headers from inventory larger than this are a broken upstream (502).
pub const UPSTREAM_RESPONSE_HEADER_BYTES_MAX: usize = 64 * 1024;

/// How long a client waits for RabbitMQ's publisher confirm before it gets 503. A broker that
/// lost its quorum answers neither ack nor nack; only this timeout catches it. Default of
/// `GATEWAY_CONFIRM_TIMEOUT_MS`.
pub const PUBLISH_CONFIRM_TIMEOUT_DEFAULT: Duration = Duration::from_secs(5);

/// Orders waiting for the publisher thread. Bounded so a stalled broker cannot make the queue
/// grow without limit; it never fills while the in-flight cap holds.
pub const PUBLISH_QUEUE_CAPACITY: usize = IN_FLIGHT_REQUESTS_MAX;

/// Orders published in one batch before the publisher stops to collect their confirms.
pub const PUBLISH_BATCH_MAX: usize = IN_FLIGHT_REQUESTS_MAX;

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

/// `Retry-After` sent with a 503, in seconds.
pub const RETRY_AFTER_SECS: u32 = 1;

/// SIGTERM waits for requests in flight (proxied calls and publishes included) this much
/// longer than the longest a request can take: REQUEST_BODY_TIMEOUT, then the longer of the
/// two configured timeouts, then RESPONSE_WRITE_TIMEOUT. The margin covers the last blocked
/// socket read or write after a deadline passes.
pub const SHUTDOWN_DRAIN_MARGIN: Duration = Duration::from_secs(5);

/// Longest method or URL written to the request log (a URL can be as long as a client likes).
pub const LOG_TEXT_CHARS_MAX: usize = 2048;

/// Longest `X-Request-Id` taken from a client; longer ones are replaced by a generated id.
pub const REQUEST_ID_BYTES_MAX: usize = 128;

const _: () = assert!(UPSTREAM_CONNECT_TIMEOUT.as_millis() < 1000);
// Below inventory's keep-alive read timeout (inventory/src/limits.rs CLIENT_READ_TIMEOUT, 5 s)
// by a margin for scheduling.
const _: () = assert!(UPSTREAM_IDLE_CONNECTION_AGE_MAX.as_millis() + 1000 <= 5000);
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
