//! Patched (PATCHES.md): every bound the server enforces on a client, chosen by the caller
//! (the `edge` crate's `limits.rs` names each value and gives its reason).
use std::time::Duration;

/// The bounds of [`crate::Server::from_listener_with_limits`].
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Open client connections; past it a new connection gets a short `503` and is closed.
    pub connections_max: usize,
    /// Requests one connection may pipeline (send before it has waited for their answers);
    /// past it the connection reads nothing more and is closed once those are answered.
    pub pipelined_requests_max: usize,
    /// A keep-alive connection with no byte of a new request for this long is closed.
    pub idle_timeout: Duration,
    /// The whole request head (request line and headers) must arrive within this, counted
    /// from its first byte; else `408` and the connection closes.
    pub head_timeout: Duration,
    /// Longest request line (`414` past it).
    pub request_line_bytes_max: usize,
    /// Longest request head, all lines together (`431` past it).
    pub head_bytes_max: usize,
    /// Most header lines in one request (`431` past them).
    pub header_lines_max: usize,
    /// Headers that may appear at most once with one value (`400` otherwise), besides the
    /// framing headers `Content-Length` and `Transfer-Encoding`, which are always checked.
    pub singleton_headers: &'static [&'static str],
    /// After an answer that leaves a body unread, the connection closes; before it does, at
    /// most this many bytes are read and thrown away (never parsed), so the client sees the
    /// answer rather than a reset.
    pub linger_bytes_max: u64,
    /// ... and for at most this long.
    pub linger_timeout: Duration,
    /// Threads kept waiting for connections when idle; more are started on demand and end
    /// after `idle_thread_timeout` without work.
    pub idle_threads_min: usize,
    /// See `idle_threads_min`.
    pub idle_thread_timeout: Duration,
    /// Most threads serving connections at once (each runs one request at a time, start to
    /// finish); connections ready while all are busy wait in a queue, costing no thread.
    /// Only for a server built with a handler; with `recv()` every connection may hold one.
    pub workers_max: usize,
    /// Workers started as soon as a connection is queued while none is idle. Past this many
    /// (up to `workers_max`), another starts only when the queue is stalled: its first
    /// connection has waited `stall_after` and no worker took one meanwhile (every worker is
    /// blocked, on a slow upstream for instance). When the workers are merely busy, the queue
    /// moves and more threads would only add scheduling on the same cores.
    pub workers_eager_max: usize,
    /// See `workers_eager_max`.
    pub stall_after: Duration,
    /// Past `workers_eager_max`, workers are also added (as many again at most, every quarter
    /// of a second) while connections wait and the machine's CPU was at least this idle
    /// (percent, `/proc/stat`): the workers are waiting on something (a slow upstream) and
    /// cores are free to run more. Below `retire_below_idle_percent`, with connections still
    /// waiting, workers past the eager ones end, as many at most: busy cores get no more
    /// threads than they need.
    pub grow_when_idle_percent: u64,
    /// See `grow_when_idle_percent`.
    pub retire_below_idle_percent: u64,
    /// How long a worker waits for the next request on an idle keep-alive connection before
    /// parking it in the kernel (epoll) and taking another; not at all when others wait.
    pub park_after: Duration,
    /// A connection queued this long while every worker is busy gets a worker beyond
    /// `workers_max` (the handler refuses a request that waited so long, `Request::queued`);
    /// `None`: connections wait for a worker however long it takes.
    pub queue_wait_max: Option<Duration>,
    /// Most such extra workers at once.
    pub overflow_workers_max: usize,
}

impl Default for ServerLimits {
    /// Conservative values for a caller that names none (tests of the vendored crate).
    fn default() -> ServerLimits {
        ServerLimits {
            connections_max: 1024,
            pipelined_requests_max: 16,
            idle_timeout: Duration::from_secs(5),
            head_timeout: Duration::from_secs(10),
            request_line_bytes_max: 16 * 1024,
            head_bytes_max: 64 * 1024,
            header_lines_max: 128,
            singleton_headers: &["Host", "Content-Type"],
            linger_bytes_max: 64 * 1024,
            linger_timeout: Duration::from_secs(1),
            idle_threads_min: 4,
            idle_thread_timeout: Duration::from_secs(5),
            workers_max: 256,
            workers_eager_max: 256,
            stall_after: Duration::from_millis(10),
            grow_when_idle_percent: 25,
            retire_below_idle_percent: 10,
            park_after: Duration::from_millis(20),
            queue_wait_max: None,
            overflow_workers_max: 0,
        }
    }
}
