//! Patched (PATCHES.md): one client connection, replacing upstream's `client.rs` and its
//! sequential readers and writers.
//!
//! A connection thread reads request heads, one after the other, and hands each request out
//! through the server's queue. It reads the next head only once the previous request's body
//! has been read to its end; an answer given before that (413, 415, an early 400) ends the
//! connection, so no byte of an unread body is ever parsed as a request. Answers are written
//! in request order by whichever thread answers (`Conn::write_turn`). When the connection
//! ends, the connection thread waits for the answers still owed, then closes, lingering
//! briefly (reading and discarding, never parsing) so the client sees the last answer rather
//! than a reset. No `unwrap` here: every socket event is a value.
use std::cell::Cell;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::os::unix::io::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::connection::Connection;
use crate::head::{self, Framing, Refusal};
use crate::limits::ServerLimits;
use crate::request::Request;

/// Bytes read from the socket at once.
const READ_BUFFER_BYTES: usize = 8 * 1024;

thread_local! {
    /// The read buffer of the last connection this thread parked, for the next connection it
    /// reads. Past `workers_eager_max` connections a worker parks each connection after its
    /// answer and takes a queued one: without this, every request freed one 8 KiB buffer and
    /// allocated and zeroed another (3.5 µs of the gateway's CPU per order at 4,000
    /// connections). One buffer a thread at most; its bytes past `end` are never read.
    static SPARE_BUFFER: Cell<Option<Box<[u8]>>> = const { Cell::new(None) };
}
/// Longest chunk-size line (with extensions) or trailer line of a chunked body.
const CHUNK_LINE_BYTES_MAX: usize = 4 * 1024;
/// Most trailer lines after a chunked body.
const TRAILER_LINES_MAX: usize = 32;
/// Upper bound on how long the connection thread waits for the answers it still owes before
/// it closes anyway (each answer is bounded by the service's own deadlines, far below this).
const ANSWERS_OWED_WAIT_MAX: Duration = Duration::from_secs(300);
/// Largest the read buffer grows to for an incomplete head: above `head_bytes_max` as
/// callers set it (a longer head is refused as it is parsed, before the buffer is full).
const INPUT_BYTES_MAX: usize = 256 * 1024;
/// Empty lines tolerated before a request line (RFC 9112 §2.2: robustness).
const LEADING_EMPTY_LINES_MAX: usize = 4;

/// The token of the next connection (its key while parked; never reused, unlike an fd).
static NEXT_TOKEN: AtomicU64 = AtomicU64::new(1);

/// Counts open connections; one is given back when its `Conn` is dropped.
pub(crate) struct OpenConnections(pub AtomicUsize);

/// What the connection thread, the body reader and the answering thread share.
pub(crate) struct Conn {
    stream: Connection,
    peer: Option<SocketAddr>,
    limits: Arc<ServerLimits>,
    input: Mutex<Input>,
    state: Mutex<State>,
    changed: Condvar,
    open: Arc<OpenConnections>,
    /// This connection's key in the poller.
    token: u64,
    /// Added to the poller's epoll set once (re-armed after that).
    registered: AtomicBool,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.open.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Bytes read from the socket and not yet consumed, and where the head being read stands.
struct Input {
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    /// The first byte of the head being read arrived then (it may arrive over several
    /// wake-ups of a parked connection: its deadline does not restart).
    head_started: Option<Instant>,
    /// An idle connection with no byte of a new head by then is closed.
    idle_until: Instant,
}

/// Where the connection stands.
struct State {
    /// Answers given so far, in order: the answer to request `n` may be written when
    /// `answered == n`.
    answered: u64,
    /// Requests (and refusals) handed out so far; the next gets this number.
    handed_out: u64,
    /// The body of the latest request handed out.
    body: BodyState,
    /// No further request will be read: close once every answer is written.
    closing: bool,
    /// Aborted: nothing more is read or written.
    broken: bool,
    /// Threads waiting on `changed`: it is notified only when there are some (std's condvar
    /// makes a futex call per notification otherwise, several per request).
    waiters: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyState {
    /// Being read (or not yet) by the request's handler.
    Pending,
    /// Read to its end: the next head starts at the next byte.
    Complete,
    /// Answered (or dropped) before it was read to its end: the connection must close.
    Abandoned,
}

impl Conn {
    pub(crate) fn new(
        stream: Connection,
        limits: Arc<ServerLimits>,
        open: Arc<OpenConnections>,
    ) -> Arc<Conn> {
        let mut peer_stream = stream;
        // A client that reset before we looked has no address (ENOTCONN): that is not an
        // error worth a panic, the connection just has no peer to report.
        let peer = peer_stream.peer_addr().ok().flatten();
        // Between requests a read waits at most the idle timeout (see `LineReader::line`).
        let _ = peer_stream.set_read_timeout(Some(limits.idle_timeout.max(Duration::from_millis(1))));
        let idle_until = Instant::now() + limits.idle_timeout;
        Arc::new(Conn {
            stream: peer_stream,
            peer,
            limits,
            input: Mutex::new(Input {
                // Taken when first read, on the worker that reads it (its spare, if any).
                buf: Box::new([]),
                start: 0,
                end: 0,
                head_started: None,
                idle_until,
            }),
            state: Mutex::new(State {
                answered: 0,
                handed_out: 0,
                body: BodyState::Complete,
                closing: false,
                broken: false,
                waiters: 0,
            }),
            changed: Condvar::new(),
            open,
            token: NEXT_TOKEN.fetch_add(1, Ordering::Relaxed),
            registered: AtomicBool::new(false),
        })
    }

    pub(crate) fn peer(&self) -> Option<SocketAddr> {
        self.peer
    }

    pub(crate) fn token(&self) -> u64 {
        self.token
    }

    pub(crate) fn raw_fd(&self) -> RawFd {
        self.stream.as_raw_fd()
    }

    /// Records that the connection is in the poller's set; returns whether it already was.
    pub(crate) fn mark_registered(&self) -> bool {
        self.registered.swap(true, Ordering::AcqRel)
    }

    /// An idle connection gives its read buffer back while parked (it is empty then): a
    /// parked connection costs its socket and a few hundred bytes.
    pub(crate) fn release_buffer(&self) {
        let mut input = self.input();
        if input.start == input.end {
            let buf = std::mem::replace(&mut input.buf, Box::new([]));
            input.start = 0;
            input.end = 0;
            if buf.len() == READ_BUFFER_BYTES {
                SPARE_BUFFER.with(|spare| spare.set(Some(buf)));
            }
        }
    }

    /// Closes an idle connection (parked past its deadline, or the server closing).
    pub(crate) fn close_idle(&self) {
        self.state().closing = true;
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding it aborts the process (panic = "abort"); in tests, the state
        // is still consistent enough to close the connection.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn input(&self) -> MutexGuard<'_, Input> {
        self.input.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Ends the connection at once: no terminating chunk, no further answer.
    pub(crate) fn abort(&self) {
        let mut state = self.state();
        state.broken = true;
        state.closing = true;
        if state.body == BodyState::Pending {
            state.body = BodyState::Abandoned;
        }
        let waiters = state.waiters;
        drop(state);
        let _ = self.stream.shutdown(Shutdown::Both);
        self.notify(waiters);
    }

    /// The request numbered `seq` is being answered: its body, if still unread, is
    /// abandoned, which closes the connection after this answer. Returns whether the
    /// connection will close after this answer (so the answer must say `Connection: close`).
    pub(crate) fn settle_body(&self, seq: u64) -> bool {
        let mut state = self.state();
        if seq + 1 == state.handed_out && state.body == BodyState::Pending {
            state.body = BodyState::Abandoned;
            state.closing = true;
            self.notify(state.waiters);
        }
        state.closing && seq + 1 == state.handed_out
    }

    /// Waits until the answer to request `seq` may be written; `false` when the connection
    /// broke meanwhile.
    pub(crate) fn wait_turn(&self, seq: u64) -> bool {
        let mut state = self.state();
        while state.answered < seq && !state.broken {
            state = self.wait_changed(state, None);
        }
        !state.broken
    }

    /// The answer to request `seq` is written (or failed, then `broken`).
    pub(crate) fn finish_turn(&self, seq: u64, broken: bool) {
        let mut state = self.state();
        if state.answered == seq {
            state.answered += 1;
        }
        if broken {
            state.broken = true;
            state.closing = true;
        }
        let waiters = state.waiters;
        drop(state);
        if broken {
            let _ = self.stream.shutdown(Shutdown::Both);
        }
        self.notify(waiters);
    }

    /// The last answer is written: no further request is read, and the client sees the end
    /// of the stream at once rather than after the idle timeout.
    pub(crate) fn end_writes(&self) {
        let mut state = self.state();
        state.closing = true;
        let waiters = state.waiters;
        drop(state);
        let _ = self.stream.shutdown(Shutdown::Write);
        self.notify(waiters);
    }

    /// Wakes the threads waiting on `changed`, when the state (read under its lock after the
    /// change) counted any: a waiter counts itself before it releases the lock to wait.
    fn notify(&self, waiters: usize) {
        if waiters > 0 {
            self.changed.notify_all();
        }
    }

    /// Waits on `changed` (for `timeout` at the most), counted in `waiters` meanwhile.
    fn wait_changed<'a>(
        &self,
        mut state: MutexGuard<'a, State>,
        timeout: Option<Duration>,
    ) -> MutexGuard<'a, State> {
        state.waiters += 1;
        let mut state = match timeout {
            None => self.changed.wait(state).unwrap_or_else(|e| e.into_inner()),
            Some(timeout) => {
                self.changed
                    .wait_timeout(state, timeout)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
        state.waiters -= 1;
        state
    }

    /// A writer straight to the socket (each write bounded by SO_SNDTIMEO).
    pub(crate) fn writer(&self) -> impl Write + '_ {
        StreamRef(&self.stream)
    }

    fn body_read_to_end(&self, seq: u64) {
        let mut state = self.state();
        if seq + 1 == state.handed_out && state.body == BodyState::Pending {
            state.body = BodyState::Complete;
            self.notify(state.waiters);
        }
    }

    fn set_read_timeout(&self, timeout: Duration) {
        // Zero would mean "no timeout" to the OS.
        let timeout = timeout.max(Duration::from_millis(1));
        let _ = self.stream.set_read_timeout(Some(timeout));
    }
}

/// `Read` and `Write` through a shared reference to the socket.
struct StreamRef<'a>(&'a Connection);

impl Read for StreamRef<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read_shared(buf)
    }
}

impl Write for StreamRef<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_shared(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Input {
    fn buffered(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Reads more from the socket; `Ok(0)` at end of stream.
    fn fill(&mut self, stream: &Connection) -> io::Result<usize> {
        if self.buf.is_empty() {
            self.buf = SPARE_BUFFER
                .with(Cell::take)
                .unwrap_or_else(|| vec![0; READ_BUFFER_BYTES].into_boxed_slice());
        }
        if self.start > 0 && self.end == self.buf.len() {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            // Full with one incomplete head (read whole before it is parsed): grow, up to
            // what the head limit can need (the parser refuses a longer head before that).
            let grown = (self.buf.len() * 2).min(INPUT_BYTES_MAX);
            if grown > self.buf.len() {
                let mut buf = vec![0; grown].into_boxed_slice();
                buf[..self.end].copy_from_slice(&self.buf[..self.end]);
                self.buf = buf;
            }
        }
        loop {
            match stream.read_shared(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// How reading a head ended, when it did not give a head.
enum HeadEnd {
    /// The client went away or stayed idle before sending a byte: close quietly.
    Quiet,
    /// Refuse with this answer, then close.
    Refuse(Refusal),
    /// The head is not whole yet and nothing more is buffered (only when reading without
    /// blocking): the input is as it was before the attempt.
    NeedMore,
}

/// How a worker runs a connection (`workers.rs`).
pub(crate) struct Policy<'a> {
    /// Whether to wait (`park_after` at most) for the next request on an idle connection;
    /// `false` when other connections wait for a worker: it parks at once.
    pub linger: &'a dyn Fn() -> bool,
    pub park_after: Duration,
    /// The server is closing: no further request is read.
    pub close: &'a AtomicBool,
    /// When the connection was queued for this worker.
    pub ready_since: Option<Instant>,
}

/// How serving a connection ended.
pub(crate) enum Served {
    /// Closed (or left to close once its answers are written).
    Closed,
    /// Every answer written, waiting for (the rest of) a head: to be parked until readable
    /// or `until`. Past `until`, a connection with part of a head is given back to a worker
    /// (which answers `408`), an idle one is closed.
    Park { until: Instant, head_started: bool },
    /// Half-closed after its last answer: the poller throws away what the client still sends
    /// (at most `linger_bytes_max`) until it closes or `until`, then closes.
    Linger { until: Instant },
}

/// Runs one connection: reads heads, hands requests to `push`, and returns when the
/// connection closes or goes idle.
pub(crate) fn serve(conn: Arc<Conn>, push: &dyn Fn(Request), policy: &Policy<'_>) -> Served {
    let mut ready_since = policy.ready_since;
    // Requests read since the client last waited for its answers (nothing owed and nothing
    // unread): a pipeline. Counting it, rather than the answers owed at this instant, makes
    // the cap independent of how fast the answers happen to be written.
    let mut pipelined = 0usize;
    loop {
        if !wait_for_body(&conn) {
            break;
        }
        {
            let unread = !conn.input().buffered().is_empty();
            let mut state = conn.state();
            if state.closing || state.broken {
                break;
            }
            if state.handed_out == state.answered && !unread {
                pipelined = 0;
            }
            // Too many requests pipelined on this connection: read nothing more.
            if pipelined >= conn.limits.pipelined_requests_max {
                state.closing = true;
                break;
            }
            if policy.close.load(Ordering::Acquire) {
                state.closing = true;
                break;
            }
        }
        let head = match next_head(&conn, policy) {
            Ok(head) => head,
            Err(Next::Park { until, head_started }) => return Served::Park { until, head_started },
            Err(Next::End(HeadEnd::Refuse(refusal))) => {
                refuse_and_close(&conn, &refusal);
                break;
            }
            Err(Next::End(_)) => break,
        };
        if conn.state().closing {
            // An answer said `Connection: close` while this head arrived: it is not run.
            break;
        }
        // Reads of the body are bounded per call like an idle connection (read_head left the
        // socket's timeout there).
        let wants_close = head.wants_close;
        let seq = {
            let mut state = conn.state();
            let seq = state.handed_out;
            state.handed_out += 1;
            state.body = match head.framing {
                Framing::Empty | Framing::Length(0) => BodyState::Complete,
                _ => BodyState::Pending,
            };
            if wants_close {
                state.closing = true;
            }
            seq
        };
        pipelined += 1;
        let queued = ready_since.take().map_or(Duration::ZERO, |t| t.elapsed());
        push(Request::from_head(conn.clone(), seq, head, queued));
        // Idle from here (with a handler, the answer is written by now).
        conn.input().idle_until = Instant::now() + conn.limits.idle_timeout;
        if wants_close {
            break;
        }
    }
    if close(&conn) {
        Served::Linger {
            until: Instant::now() + conn.limits.linger_timeout,
        }
    } else {
        Served::Closed
    }
}

/// Waits until the latest request's body is read to its end (`true`) or abandoned.
fn wait_for_body(conn: &Conn) -> bool {
    let mut state = conn.state();
    while state.body == BodyState::Pending && !state.broken {
        state = conn.wait_changed(state, None);
    }
    if state.body == BodyState::Abandoned {
        state.closing = true;
        return false;
    }
    !state.broken
}

/// Why `next_head` gave no head.
enum Next {
    /// Wait in the poller (see `Served::Park`).
    Park { until: Instant, head_started: bool },
    End(HeadEnd),
}

/// The next request head. With every answer written, a head is parsed only once it is
/// whole in the buffer: until then the worker waits for more bytes `park_after` at most
/// (not at all when other connections wait), then parks the connection, so a client that
/// sends its head slowly (or not at all) holds no thread. With answers still owed (only
/// with `recv()`), the head is read blocking, as before.
fn next_head(conn: &Conn, policy: &Policy<'_>) -> Result<head::Head, Next> {
    loop {
        let owed = {
            let state = conn.state();
            state.handed_out != state.answered
        };
        if owed {
            return read_head(conn, false).map_err(Next::End);
        }
        match read_head(conn, true) {
            Err(HeadEnd::NeedMore) => {}
            other => return other.map_err(Next::End),
        }
        let (head_started, deadline) = {
            let input = conn.input();
            match input.head_started {
                Some(t) => (true, t + conn.limits.head_timeout),
                None => (false, input.idle_until),
            }
        };
        let now = Instant::now();
        let expired = now >= deadline;
        if expired && head_started {
            // The blocking read sees the deadline passed: 408.
            return read_head(conn, false).map_err(Next::End);
        }
        // An idle connection past its deadline is still read if its request is there: it may
        // have waited in the queue for a worker, which is not the client's doing.
        let window = if expired || !(policy.linger)() {
            Duration::ZERO
        } else {
            policy.park_after.min(deadline - now)
        };
        match crate::sys::readable_within(conn.raw_fd(), window) {
            Ok(true) => {
                let mut input = conn.input();
                match input.fill(&conn.stream) {
                    Ok(0) | Err(_) => return Err(Next::End(HeadEnd::Quiet)),
                    Ok(_) => {}
                }
            }
            // Idle past its deadline with nothing sent: a quiet close.
            Ok(false) if expired => return Err(Next::End(HeadEnd::Quiet)),
            Ok(false) => {
                return Err(Next::Park {
                    until: deadline,
                    head_started,
                })
            }
            Err(_) => return Err(Next::End(HeadEnd::Quiet)),
        }
    }
}

/// Reads and checks one request head within the idle timeout (before its first byte) and
/// the head timeout (from its first byte). With `nonblocking`, reads nothing from the socket:
/// `NeedMore` when the buffer holds no whole head (the buffer then is as it was).
fn read_head(conn: &Conn, nonblocking: bool) -> Result<head::Head, HeadEnd> {
    let limits = &conn.limits;
    let input = conn.input();
    let (saved_start, saved_end) = (input.start, input.end);
    let first_byte = input.head_started;
    let idle_deadline = input.idle_until;
    let mut reader = LineReader {
        conn,
        input,
        first_byte,
        idle_deadline,
        head_bytes: 0,
        timeout_shortened: false,
        nonblocking,
    };
    let result = read_head_lines(&mut reader);
    let mut input = reader.input;
    match &result {
        Err(HeadEnd::NeedMore) => {
            // Nothing was read from the socket, so the bytes are still where they were.
            input.start = saved_start;
            input.end = saved_end;
            input.head_started = reader.first_byte;
        }
        _ => input.head_started = None,
    }
    drop(input);
    if reader.timeout_shortened {
        conn.set_read_timeout(limits.idle_timeout);
    }
    result
}

fn read_head_lines(reader: &mut LineReader<'_>) -> Result<head::Head, HeadEnd> {
    let limits = &reader.conn.limits;
    let mut empty_lines = 0;
    let request_line = loop {
        let line = reader.line(limits.request_line_bytes_max, 414)?;
        if !line.is_empty() {
            break line;
        }
        empty_lines += 1;
        if empty_lines > LEADING_EMPTY_LINES_MAX {
            return Err(HeadEnd::Refuse(head::refuse(400, "the request line is missing")));
        }
    };
    let (method, target, version) =
        head::parse_request_line(&request_line).map_err(HeadEnd::Refuse)?;
    let mut headers = Vec::new();
    loop {
        let line = reader.line(limits.head_bytes_max, 431)?;
        if line.is_empty() {
            break;
        }
        if headers.len() >= limits.header_lines_max {
            return Err(HeadEnd::Refuse(head::refuse(
                431,
                "the request has too many header lines",
            )));
        }
        headers.push(head::parse_header_line(&line).map_err(HeadEnd::Refuse)?);
    }
    head::check_head(method, target, version, headers, limits.singleton_headers)
        .map_err(HeadEnd::Refuse)
}

/// Reads CRLF-terminated lines of a head under its size and time limits.
struct LineReader<'c> {
    conn: &'c Conn,
    input: MutexGuard<'c, Input>,
    first_byte: Option<Instant>,
    idle_deadline: Instant,
    head_bytes: usize,
    /// The socket's read timeout was changed from the idle timeout for this head.
    timeout_shortened: bool,
    /// Never read from the socket: `NeedMore` instead.
    nonblocking: bool,
}

impl LineReader<'_> {
    /// One line without its CRLF. A bare LF or a CR elsewhere is refused (400); a line
    /// longer than `line_max` gets `too_long_status`; the whole head is bounded by
    /// `head_bytes_max` (431).
    fn line(&mut self, line_max: usize, too_long_status: u16) -> Result<Vec<u8>, HeadEnd> {
        let limits = &self.conn.limits;
        let mut line = Vec::new();
        loop {
            let buffered = self.input.buffered();
            if !buffered.is_empty() {
                self.first_byte.get_or_insert_with(Instant::now);
                let (take, done) = match buffered.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (buffered.len(), false),
                };
                line.extend_from_slice(&buffered[..take]);
                self.input.consume(take);
                self.head_bytes += take;
                if self.head_bytes > limits.head_bytes_max {
                    return Err(HeadEnd::Refuse(head::refuse(
                        431,
                        "the request head is too large",
                    )));
                }
                // The CRLF does not count against the line's length.
                let content = line.len() - if done { 2.min(line.len()) } else { 0 };
                if content > line_max {
                    let detail = if too_long_status == 414 {
                        "the request line is too long"
                    } else {
                        "a header line is too long"
                    };
                    return Err(HeadEnd::Refuse(head::refuse(too_long_status, detail)));
                }
                if done {
                    line.pop(); // the LF
                    if line.pop() != Some(b'\r') {
                        return Err(HeadEnd::Refuse(head::refuse(
                            400,
                            "lines of a request head must end with CRLF",
                        )));
                    }
                    if line.contains(&b'\r') {
                        return Err(HeadEnd::Refuse(head::refuse(
                            400,
                            "a bare CR in the request head",
                        )));
                    }
                    return Ok(line);
                }
                continue;
            }
            if self.nonblocking {
                return Err(HeadEnd::NeedMore);
            }
            let deadline = match self.first_byte {
                Some(first) => first + limits.head_timeout,
                None => self.idle_deadline,
            };
            let now = Instant::now();
            if now >= deadline {
                return Err(self.timed_out());
            }
            // The socket's read timeout is the idle timeout between requests (set once when
            // the head is complete); it is shortened only for a head that arrives in pieces,
            // so a request that comes in one segment costs no setsockopt.
            if self.first_byte.is_some() || self.timeout_shortened {
                self.conn.set_read_timeout((deadline - now).min(limits.idle_timeout));
                self.timeout_shortened = true;
            }
            match self.input.fill(&self.conn.stream) {
                Ok(0) => return Err(HeadEnd::Quiet),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(self.timed_out())
                }
                Err(_) => return Err(HeadEnd::Quiet),
            }
        }
    }

    fn timed_out(&self) -> HeadEnd {
        match self.first_byte {
            None => HeadEnd::Quiet,
            Some(_) => HeadEnd::Refuse(head::refuse(
                408,
                "the request head did not arrive in time",
            )),
        }
    }
}

/// Writes the refusal in its turn (after the answers owed), then marks the connection to
/// close.
fn refuse_and_close(conn: &Conn, refusal: &Refusal) {
    let seq = {
        let mut state = conn.state();
        let seq = state.handed_out;
        state.handed_out += 1;
        state.closing = true;
        seq
    };
    if !conn.wait_turn(seq) {
        return;
    }
    let written = crate::response::problem_response(refusal.status, refusal.detail)
        .write_to(&mut conn.writer(), &crate::HTTPVersion(1, 1), false, true);
    conn.finish_turn(seq, written.is_err());
}

/// Waits for the answers still owed, then half-closes; `true` when the connection should
/// linger (the poller reads and discards, never parses, for a bounded time) so the client
/// reads the last answer instead of a reset; `false` when it is already shut (broken).
fn close(conn: &Conn) -> bool {
    let deadline = Instant::now() + ANSWERS_OWED_WAIT_MAX;
    {
        let mut state = conn.state();
        state.closing = true;
        while state.answered < state.handed_out && !state.broken {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            state = conn.wait_changed(state, Some(deadline - now));
        }
        if state.broken {
            return false;
        }
    }
    let _ = conn.stream.shutdown(Shutdown::Write);
    true
}

impl Conn {
    /// Lingering: throws away what the client sent, without waiting. `Some(bytes)` thrown
    /// away while the connection stays open within `budget` bytes; `None` once it is done
    /// (the client closed, an error, or the budget spent): then it is to be closed.
    pub(crate) fn discard(&self, budget: u64) -> Option<u64> {
        let mut scratch = [0u8; 4096];
        let mut discarded = 0u64;
        loop {
            match crate::sys::recv_nowait(self.raw_fd(), &mut scratch) {
                Ok(0) => return None,
                Ok(n) => {
                    discarded += n as u64;
                    if discarded >= budget {
                        return None;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Some(discarded),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    }
}

/// A request body, delimited as its head said; reaching its end lets the connection read
/// the next head.
pub(crate) struct Body {
    conn: Arc<Conn>,
    seq: u64,
    kind: BodyKind,
}

enum BodyKind {
    Done,
    Length { remaining: u64 },
    Chunked { remaining_in_chunk: u64, state: ChunkState },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    /// Before a chunk-size line.
    Size,
    /// Inside chunk data.
    Data,
    /// After chunk data: its CRLF.
    DataEnd,
}

fn invalid(detail: &'static str) -> io::Error {
    io::Error::new(ErrorKind::InvalidData, detail)
}

impl Body {
    pub(crate) fn new(conn: Arc<Conn>, seq: u64, framing: Framing) -> Body {
        let kind = match framing {
            Framing::Empty | Framing::Length(0) => BodyKind::Done,
            Framing::Length(n) => BodyKind::Length { remaining: n },
            Framing::Chunked => BodyKind::Chunked {
                remaining_in_chunk: 0,
                state: ChunkState::Size,
            },
        };
        Body { conn, seq, kind }
    }

    fn finish(&mut self) {
        self.kind = BodyKind::Done;
        self.conn.body_read_to_end(self.seq);
    }

    /// Reads a CRLF-terminated line of the chunked framing (bounded), without its CRLF.
    fn chunk_line(input: &mut Input, stream: &Connection) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        loop {
            let buffered = input.buffered();
            if buffered.is_empty() {
                if input.fill(stream)? == 0 {
                    return Err(io::Error::new(
                        ErrorKind::UnexpectedEof,
                        "the client closed the connection inside a chunked body",
                    ));
                }
                continue;
            }
            let (take, done) = match buffered.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buffered.len(), false),
            };
            line.extend_from_slice(&buffered[..take]);
            input.consume(take);
            if line.len() > CHUNK_LINE_BYTES_MAX {
                return Err(invalid("a chunk-size or trailer line is too long"));
            }
            if done {
                line.pop();
                if line.pop() != Some(b'\r') || line.contains(&b'\r') {
                    return Err(invalid("chunked framing lines must end with CRLF"));
                }
                return Ok(line);
            }
        }
    }
}

/// `1*HEXDIG [ chunk-ext ]` → the size; a size that does not fit in a u64 is refused.
fn parse_chunk_size(line: &[u8]) -> io::Result<u64> {
    let digits_end = line
        .iter()
        .position(|b| !b.is_ascii_hexdigit())
        .unwrap_or(line.len());
    let (digits, rest) = line.split_at(digits_end);
    if digits.is_empty() || digits.len() > 16 {
        return Err(invalid("a chunk size is not 1 to 16 hexadecimal digits"));
    }
    // chunk-ext: BWS ";" ... — anything else after the digits is malformed.
    let rest_ok = rest.is_empty() || {
        let trimmed: &[u8] = {
            let mut r = rest;
            while let [b' ' | b'\t', tail @ ..] = r {
                r = tail;
            }
            r
        };
        trimmed.first() == Some(&b';')
            && trimmed
                .iter()
                .all(|&b| b == b'\t' || (0x20..=0x7e).contains(&b))
    };
    if !rest_ok {
        return Err(invalid("a chunk-size line is malformed"));
    }
    let text = std::str::from_utf8(digits).map_err(|_| invalid("a chunk size is not ASCII"))?;
    u64::from_str_radix(text, 16).map_err(|_| invalid("a chunk size is too large"))
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // A finished body answers without the input lock, which the connection thread holds
        // while it waits for the next head.
        if buf.is_empty() || matches!(self.kind, BodyKind::Done) {
            return Ok(0);
        }
        let conn = self.conn.clone();
        let mut input = conn.input();
        loop {
            match &mut self.kind {
                BodyKind::Done => return Ok(0),
                BodyKind::Length { remaining } => {
                    if input.buffered().is_empty() && input.fill(&conn.stream)? == 0 {
                        return Err(io::Error::new(
                            ErrorKind::UnexpectedEof,
                            "the client closed the connection before the whole body",
                        ));
                    }
                    let available = input.buffered();
                    let n = available.len().min(buf.len()).min(*remaining as usize);
                    buf[..n].copy_from_slice(&available[..n]);
                    input.consume(n);
                    *remaining -= n as u64;
                    if *remaining == 0 {
                        drop(input);
                        self.finish();
                    }
                    return Ok(n);
                }
                BodyKind::Chunked {
                    remaining_in_chunk,
                    state,
                } => match *state {
                    ChunkState::Size => {
                        let line = Self::chunk_line(&mut input, &conn.stream)?;
                        let size = parse_chunk_size(&line)?;
                        if size == 0 {
                            // Trailers: checked like header lines, then dropped.
                            let mut lines = 0;
                            loop {
                                let line = Self::chunk_line(&mut input, &conn.stream)?;
                                if line.is_empty() {
                                    break;
                                }
                                lines += 1;
                                if lines > TRAILER_LINES_MAX
                                    || head::parse_header_line(&line).is_err()
                                {
                                    return Err(invalid("a trailer line is malformed"));
                                }
                            }
                            drop(input);
                            self.finish();
                            return Ok(0);
                        }
                        *remaining_in_chunk = size;
                        *state = ChunkState::Data;
                    }
                    ChunkState::Data => {
                        if input.buffered().is_empty() && input.fill(&conn.stream)? == 0 {
                            return Err(io::Error::new(
                                ErrorKind::UnexpectedEof,
                                "the client closed the connection inside a chunk",
                            ));
                        }
                        let available = input.buffered();
                        let n = available
                            .len()
                            .min(buf.len())
                            .min(<usize as std::convert::TryFrom<u64>>::try_from(*remaining_in_chunk).unwrap_or(usize::MAX));
                        buf[..n].copy_from_slice(&available[..n]);
                        input.consume(n);
                        *remaining_in_chunk -= n as u64;
                        if *remaining_in_chunk == 0 {
                            *state = ChunkState::DataEnd;
                        }
                        return Ok(n);
                    }
                    ChunkState::DataEnd => {
                        let line = Self::chunk_line(&mut input, &conn.stream)?;
                        if !line.is_empty() {
                            return Err(invalid("chunk data is not followed by CRLF"));
                        }
                        *state = ChunkState::Size;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sizes_are_strict() {
        assert_eq!(parse_chunk_size(b"1a").ok(), Some(26));
        assert_eq!(parse_chunk_size(b"0").ok(), Some(0));
        assert_eq!(parse_chunk_size(b"5;name=value").ok(), Some(5));
        assert!(parse_chunk_size(b"").is_err());
        assert!(parse_chunk_size(b"-1").is_err());
        assert!(parse_chunk_size(b"0x5").is_err());
        assert!(parse_chunk_size(b"5 x").is_err());
        assert!(parse_chunk_size(b"fffffffffffffffff").is_err());
    }

    #[test]
    fn a_parked_connections_buffer_serves_the_next_connection_read_on_the_thread() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let limits = Arc::new(ServerLimits::default());
        let open = Arc::new(OpenConnections(AtomicUsize::new(0)));
        let mut clients = Vec::new();
        let mut conns = Vec::new();
        for bytes in [&b"aa"[..], &b"b"[..]] {
            let mut client = std::net::TcpStream::connect(addr).expect("connect");
            client.write_all(bytes).expect("write");
            let (server, _) = listener.accept().expect("accept");
            conns.push(Conn::new(Connection::from(server), limits.clone(), open.clone()));
            clients.push(client);
        }
        let (first, second) = (&conns[0], &conns[1]);
        assert!(second.input().buf.is_empty(), "no buffer before the first read");
        // Served, then parked: its buffer goes to this thread's spare.
        while first.input().buffered().len() < 2 {
            assert!(first.input().fill(&first.stream).expect("read") > 0);
        }
        first.input().consume(2);
        let kept = first.input().buf.as_ptr();
        first.release_buffer();
        assert!(first.input().buf.is_empty(), "a parked connection holds no buffer");
        // The next connection read on this thread reads into that buffer.
        assert_eq!(second.input().fill(&second.stream).expect("read"), 1);
        assert_eq!(second.input().buffered(), b"b");
        assert_eq!(second.input().buf.as_ptr(), kept, "the parked one's buffer");
        // Not a new allocation (those are zeroed): the first connection's bytes are still
        // there, past what this one has read (and never read as its own).
        assert_eq!(&second.input().buf[..2], b"ba");
        // The spare is taken: the next read of the first connection gets a buffer of its own.
        clients[0].write_all(b"c").expect("write");
        assert_eq!(first.input().fill(&first.stream).expect("read"), 1);
        assert_eq!(first.input().buffered(), b"c");
        assert_ne!(first.input().buf.as_ptr(), kept);
        // A buffer with bytes not yet read stays with its connection.
        second.release_buffer();
        assert_eq!(second.input().buffered(), b"b");
    }
}
