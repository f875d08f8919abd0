//! Every bound the HTTP edge enforces on a client, for the gateway and inventory alike, on one
//! screen. The reasons are in the doc comments; docs/ARCHITECTURE.md's table repeats them.
use std::time::Duration;

/// Open client connections per service. An idle keep-alive connection costs a socket and a
/// few hundred bytes (it waits in epoll, not on a thread), so thousands are cheap; past it a
/// new connection gets a short `503` and is closed. The service raises its soft
/// `RLIMIT_NOFILE` to the hard one at start and refuses to start when even that cannot hold
/// these, its own descriptors and `FDS_BASE` (`server::fds_needed`; the systemd units set
/// `LimitNOFILE` above it).
pub const CONNECTIONS_MAX: usize = 8192;

/// Connections the kernel holds for a service before it accepts them (the listen backlog;
/// std binds with 128). A burst of thousands of clients connecting at once (the benchmark
/// opens 4,000) overflowed 128 and the clients waited for SYN retransmits, seconds; nginx
/// asks for 511. The kernel caps it at `net.core.somaxconn` (4096 by default since Linux
/// 5.4), so this asks for that much.
pub const LISTEN_BACKLOG: u32 = 4096;

/// glibc malloc arenas per process (glibc's default is 8 per core). After 4,000 connections
/// and 256 busy workers the gateway's RSS stayed at 17.7 MiB (idle 3.7) with the default,
/// the freed memory spread over 16 arenas in partly used pages; with 2 it fell back to
/// 5.3 MiB within 10 s, at the same throughput (each thread's cache serves small
/// allocations without an arena lock). The deployed static musl binaries have no arenas.
pub const MALLOC_ARENAS_MAX: u32 = 2;

/// File descriptors a process uses besides client connections and the service's own reserve:
/// stdio, the listener, the signal socket pair, the executable, a margin for libraries.
pub const FDS_BASE: usize = 32;

/// Requests one connection may pipeline: read while earlier ones were unanswered or unread
/// (the count restarts whenever the client waits for its answers). A client pipelining more is
/// closed once those are answered, so one connection cannot take every request thread (nginx closes past `keepalive_requests`; hyper reads the next request
/// only after answering the current one).
pub const PIPELINED_REQUESTS_MAX: usize = 16;

/// A keep-alive connection with no byte of a new request for this long is closed. The gateway
/// drops its pooled connections to inventory before this (`UPSTREAM_IDLE_CONNECTION_AGE_MAX`).
pub const KEEP_ALIVE_TIMEOUT: Duration = Duration::from_secs(5);

/// The whole request head (request line and headers) must arrive within this, counted from
/// its first byte; else `408` and the connection closes. Per-read timeouts alone let a
/// slowloris client send one byte every few seconds forever.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest request line (`414` past it): our paths and queries are short; 16 KiB is what
/// upstream tiny_http was patched to before.
pub const REQUEST_LINE_BYTES_MAX: usize = 16 * 1024;

/// Longest request head, all lines together (`431` past it): our requests have a few short
/// headers, but a client behind proxies may carry large cookies or tracing headers; nginx
/// serves heads up to 4 × 8 KiB by default, and we allow twice that.
pub const HEAD_BYTES_MAX: usize = 64 * 1024;

/// Most header lines in one request (`431` past them): 20,000 short lines grew tiny_http by
/// 200 MB before it was capped.
pub const HEADER_LINES_MAX: usize = 128;

/// Headers that may appear only once (or repeated with the same value): two different
/// `Content-Type`s or `Host`s are ambiguous, and a repeated `Idempotency-Key` or
/// `X-Request-Id` could make the gateway and inventory (or two log readers) disagree on which
/// counts. `Content-Length` and `Transfer-Encoding` are always checked by tiny_http.
pub const SINGLETON_HEADERS: &[&str] = &["Content-Type", "Host", "Idempotency-Key", "X-Request-Id"];

/// After an answer that leaves a body unread (`413`, `415`), at most this many bytes of it are
/// read and thrown away (never parsed) before the connection closes, so the client sees the
/// answer rather than a reset (nginx's `lingering_close`).
pub const LINGER_BYTES_MAX: u64 = 64 * 1024;

/// ... and for at most this long (nginx's `lingering_time` is 30 s; ours is a private API).
pub const LINGER_TIMEOUT: Duration = Duration::from_secs(1);

/// Worker threads kept waiting when there is no load (a service may keep more: inventory
/// keeps one per database connection).
pub const IDLE_THREADS_MIN: usize = 4;

/// A worker thread beyond the service's minimum with no connection for this long ends, so
/// after a burst the thread count is back to idle within a few seconds, while the burst's
/// keep-alive connections (`KEEP_ALIVE_TIMEOUT`) are still open, parked.
pub const IDLE_THREAD_TIMEOUT: Duration = Duration::from_secs(2);

/// Past a service's eager workers (`server::Sizing::workers_eager_max`), more workers start
/// (as many again at most) only when the ready queue has not moved for this long: no worker
/// took a connection while the first one waited. Short, so requests behind workers blocked on
/// a hung upstream start within a tenth of a second; long next to the gap between two takes
/// of a busy pool (tens of microseconds) and to most scheduling pauses on busy cores (10 ms
/// was not: at 4,000 connections on 2 cores such pauses grew the gateway to its 256 workers).
pub const WORKERS_STALL_AFTER: Duration = Duration::from_millis(50);

/// Past the eager workers, more start (as many again, every quarter of a second) while
/// requests wait and the machine's CPU was at least this idle, in percent: the workers wait
/// on something else (inventory on its own machine, the broker) and free cores can run more.
pub const WORKERS_GROW_IDLE_PERCENT: u64 = 25;

/// Below this idle share, with requests still waiting, the workers past the eager ones end
/// (as many at a time): on busy cores more threads only add scheduling. Apart from the grow
/// threshold, so the pool does not swing at every sweep.
pub const WORKERS_RETIRE_IDLE_PERCENT: u64 = 10;

/// A worker waits this long on its idle keep-alive connection for the next request before
/// parking it in epoll (not at all when other connections wait for a worker): a client that
/// sends its next request at once is served without a hand-off between threads, and an idle
/// one costs no thread after this.
pub const KEEP_ALIVE_PARK_AFTER: Duration = Duration::from_millis(20);

/// Longest a single read from a client socket may block (`SO_RCVTIMEO`, inherited from the
/// listener). Bounds each read of a head or body; the deadlines above bound the sum.
pub const CLIENT_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest a single write to a client socket may block (`SO_SNDTIMEO`): a client that reads
/// nothing gives its thread back after this.
pub const CLIENT_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// Largest request body read; an order or a movie is a few hundred bytes (`413` past it).
pub const REQUEST_BODY_BYTES_MAX: u64 = 1024 * 1024;

/// Whole time a client may take to send a body; a stalled or trickled upload gets `408` and
/// gives its thread back after this (plus at most one `CLIENT_READ_TIMEOUT`).
pub const REQUEST_BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// A response stream is cut (the connection reset, never a clean end) when the client took
/// less than `RESPONSE_PROGRESS_BYTES_MIN` within this window, like nginx's `send_timeout`:
/// a slow client that keeps reading gets a whole large list, one that stalls or trickles
/// gives its thread back. Time spent producing the bytes (a database fetch, an upstream read)
/// does not count against the client.
pub const RESPONSE_PROGRESS_WINDOW: Duration = Duration::from_secs(10);

/// See `RESPONSE_PROGRESS_WINDOW`: 32 KiB in 10 s is about 26 kbit/s, below any real link.
pub const RESPONSE_PROGRESS_BYTES_MIN: u64 = 32 * 1024;

/// Longest `X-Request-Id` taken from a client; a longer one is replaced by a generated id.
pub const REQUEST_ID_BYTES_MAX: usize = 128;

/// Longest method or URL written to a log line (a URL can be as long as the head allows).
pub const LOG_TEXT_CHARS_MAX: usize = 2048;

/// Longest access line, newline included: `PIPE_BUF` on Linux, the most a pipe writes whole,
/// so lines the request threads write at once, without a lock, never interleave. A longer
/// method and target are cut to fit (`log::access_line`).
pub const ACCESS_LINE_BYTES_MAX: usize = 4096;

const _: () = assert!(PIPELINED_REQUESTS_MAX >= 1 && PIPELINED_REQUESTS_MAX <= 64);
const _: () = assert!(CLIENT_READ_TIMEOUT.as_millis() <= HEAD_TIMEOUT.as_millis());
const _: () = assert!(CLIENT_READ_TIMEOUT.as_millis() <= REQUEST_BODY_TIMEOUT.as_millis());
const _: () = assert!(CLIENT_WRITE_TIMEOUT.as_millis() < RESPONSE_PROGRESS_WINDOW.as_millis());
const _: () = assert!(IDLE_THREAD_TIMEOUT.as_millis() < KEEP_ALIVE_TIMEOUT.as_millis());
const _: () = assert!(LINGER_TIMEOUT.as_millis() < CLIENT_READ_TIMEOUT.as_millis());
const _: () = assert!(IDLE_THREADS_MIN < CONNECTIONS_MAX);
const _: () = assert!(KEEP_ALIVE_PARK_AFTER.as_millis() < KEEP_ALIVE_TIMEOUT.as_millis());
const _: () = assert!(REQUEST_LINE_BYTES_MAX < HEAD_BYTES_MAX);
const _: () = assert!(REQUEST_ID_BYTES_MAX < LOG_TEXT_CHARS_MAX);
