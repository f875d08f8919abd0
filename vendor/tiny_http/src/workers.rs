//! Patched (PATCHES.md): the threads that serve connections, and where an idle keep-alive
//! connection waits for its next request: in the kernel (one epoll set), not on a thread.
//!
//! A connection is either *ready* (queued for a worker, first in first out), *on a worker*
//! (which reads each request, runs it start to finish and writes its answer), or *parked*
//! (waiting for bytes, armed once in epoll). A worker whose connection has no whole head to
//! read waits for it `park_after` at most, and not at all when other connections are queued,
//! then parks it: an idle keep-alive connection or a slow head (slowloris) holds no thread.
//! The poller thread moves a parked connection back to the ready queue when it is readable;
//! at its deadline it closes an idle one quietly and gives one with part of a head to a
//! worker, which answers `408`. A connection closing after its last answer lingers here too
//! (the poller throws away what the client still sends), so a lingering close holds no
//! worker either. At most `workers_max`
//! workers run; a connection ready while all are busy waits in the queue, costing no thread,
//! and the handler learns how long it waited (`Request::queued`). Past `workers_eager_max`,
//! more workers start only when the queue stalls or the machine's cores are idle, and end
//! when they are busy (`ServerLimits::workers_eager_max`).
use std::collections::{HashMap, VecDeque};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::conn::{self, Conn, Served};
use crate::limits::ServerLimits;
use crate::request::Request;
use crate::sys::{Epoll, Token};

/// How often the poller looks for connections idle past their deadline, for connections
/// queued too long (`queue_wait_max`), and for shutdown.
const SWEEP_INTERVAL: Duration = Duration::from_millis(250);

/// After a burst of at least this many parked connections, once at most a quarter of the most
/// parked remain (the burst's keep-alive connections have closed), the allocator's free
/// memory is given back (`sys::release_free_memory`): what the connections and the workers
/// that served them allocated. A service whose workers never end (inventory) had no other
/// moment for it.
const TRIM_AFTER_PARKED: usize = 256;

/// What is done with each request read.
pub(crate) type Dispatch = Arc<dyn Fn(Request) + Send + Sync>;

pub(crate) struct Workers {
    limits: Arc<ServerLimits>,
    dispatch: Dispatch,
    /// Most worker threads at once.
    workers_max: usize,
    state: Mutex<State>,
    /// Notified when a connection is queued or the server closes.
    work: Condvar,
    epoll: Epoll,
    parked: Mutex<HashMap<Token, Parked>>,
    close: Arc<AtomicBool>,
}

struct State {
    ready: VecDeque<(Arc<Conn>, Instant)>,
    /// Workers waiting for a connection.
    idle: usize,
    /// Workers running (busy or idle).
    threads: usize,
    /// When a worker last took a connection from the queue (the queue moves while it is
    /// recent; see `ServerLimits::workers_eager_max`).
    last_taken: Instant,
    /// Workers past the eager ones to end (the cores are busy; `adapt_to_cpu`).
    retire: usize,
    /// A worker beyond the minimum ended: from this instant, once the workers are back at
    /// their minimum, the poller gives free memory back (`sys::release_free_memory`).
    trim_after: Option<Instant>,
}

struct Parked {
    conn: Arc<Conn>,
    until: Instant,
    waiting: Waiting,
}

#[derive(Clone, Copy)]
enum Waiting {
    /// For (the rest of) a head. When part of one arrived, past `until` a worker answers
    /// `408`; else the connection is closed quietly.
    Head { started: bool },
    /// Lingering: what arrives is thrown away, at most this many bytes more.
    Linger { budget: u64 },
}

impl Workers {
    /// Starts the poller thread and `limits.idle_threads_min` workers.
    pub(crate) fn start(
        limits: Arc<ServerLimits>,
        dispatch: Dispatch,
        workers_max: usize,
        close: Arc<AtomicBool>,
    ) -> io::Result<Arc<Workers>> {
        let workers = Arc::new(Workers {
            limits,
            dispatch,
            workers_max: workers_max.max(1),
            state: Mutex::new(State {
                ready: VecDeque::new(),
                idle: 0,
                threads: 0,
                last_taken: Instant::now(),
                retire: 0,
                trim_after: None,
            }),
            work: Condvar::new(),
            epoll: Epoll::new()?,
            parked: Mutex::new(HashMap::new()),
            close,
        });
        let poller = workers.clone();
        thread::Builder::new()
            .name("http-poll".into())
            .spawn(move || poller.poll_loop())?;
        for _ in 0..workers.limits.idle_threads_min.min(workers.workers_max) {
            let mut state = workers.state();
            state.threads += 1;
            drop(state);
            if !workers.spawn_worker() {
                break;
            }
        }
        Ok(workers)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // No code panics while holding it; the queue stays consistent if one did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn parked(&self) -> MutexGuard<'_, HashMap<Token, Parked>> {
        self.parked.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a connection that has (or soon will have) a request to read.
    pub(crate) fn enqueue(self: &Arc<Self>, conn: Arc<Conn>) {
        let now = Instant::now();
        let mut state = self.state();
        state.ready.push_back((conn, now));
        // Each queued connection needs an idle worker of its own, else a new one: at once up
        // to `workers_eager_max`; past it the poller starts more when the queue stalls.
        if state.idle >= state.ready.len() {
            drop(state);
            self.work.notify_one();
        } else if state.threads < self.limits.workers_eager_max.min(self.workers_max) {
            state.threads += 1;
            drop(state);
            self.spawn_worker();
        }
    }

    /// Whether the queue has not moved for `stall_after`: its first connection waited that
    /// long, and no worker took one meanwhile.
    fn stalled(&self, state: &State, now: Instant) -> bool {
        let after = self.limits.stall_after;
        state.ready.front().is_some_and(|(_, since)| now.saturating_duration_since(*since) >= after)
            && now.saturating_duration_since(state.last_taken) >= after
    }

    /// For the poller: on a stalled queue, starts more workers, as many as the eager ones at
    /// most (within `workers_max` and the connections waiting without an idle worker), so
    /// whatever blocks the workers, the requests behind them start; a pool that stays blocked
    /// grows again at each stall. Growing by steps, not to a worker per waiting connection,
    /// keeps a mere scheduling pause of busy workers (a stall too, seen at 4,000 connections
    /// on 2 cores) from doubling the threads. Returns whether a stall could start more:
    /// connections wait, none for an idle worker, and there is room past the eager ones (the
    /// poller then looks again after `stall_after`).
    fn watch_stall(self: &Arc<Self>) -> bool {
        if self.limits.workers_eager_max >= self.workers_max {
            // Every worker starts at once (inventory, `recv()`): no lock to take.
            return false;
        }
        let mut state = self.state();
        let waiting = state.ready.len().saturating_sub(state.idle);
        let room = self.workers_max.saturating_sub(state.threads);
        if waiting == 0 || room == 0 || state.threads < self.limits.workers_eager_max {
            return false;
        }
        let now = Instant::now();
        if !self.stalled(&state, now) {
            return true;
        }
        let wanted = waiting.min(room).min(self.limits.workers_eager_max.max(1));
        state.threads += wanted;
        // The stall clock starts again: these workers take their connections first.
        state.last_taken = now;
        drop(state);
        for _ in 0..wanted {
            if !self.spawn_worker() {
                break;
            }
        }
        wanted < waiting.min(room)
    }

    /// For the poller's sweep: grows or shrinks the workers past the eager ones by the
    /// machine's idle CPU since the last sweep (`ServerLimits::grow_when_idle_percent`), while
    /// connections wait without an idle worker.
    fn adapt_to_cpu(self: &Arc<Self>, idle_percent: Option<u64>) {
        let eager = self.limits.workers_eager_max;
        let mut state = self.state();
        let waiting = state.ready.len().saturating_sub(state.idle);
        if state.threads < eager || waiting == 0 {
            state.retire = 0;
            return;
        }
        let Some(idle) = idle_percent else {
            return;
        };
        let step = eager.max(1);
        if idle >= self.limits.grow_when_idle_percent {
            state.retire = 0;
            let wanted = waiting.min(step).min(self.workers_max.saturating_sub(state.threads));
            state.threads += wanted;
            drop(state);
            for _ in 0..wanted {
                if !self.spawn_worker() {
                    break;
                }
            }
        } else if idle < self.limits.retire_below_idle_percent {
            state.retire = state.threads.saturating_sub(eager).min(step);
        }
    }

    /// Whether all the eager workers run and connections wait without an idle one: the
    /// sweep then reads the CPU's idle share for `adapt_to_cpu`.
    fn waiting_past_eager(&self) -> bool {
        let state = self.state();
        state.threads >= self.limits.workers_eager_max && state.ready.len() > state.idle
    }

    /// Starts a worker counted in `threads` already; `false` (and uncounted) if the OS
    /// refused the thread, which leaves the queue to the workers running.
    fn spawn_worker(self: &Arc<Self>) -> bool {
        let this = self.clone();
        let spawned = thread::Builder::new()
            .name("http-worker".into())
            .spawn(move || this.worker_loop());
        if spawned.is_err() {
            self.state().threads -= 1;
            log::error!("cannot start a worker thread");
        }
        spawned.is_ok()
    }

    fn worker_loop(self: Arc<Self>) {
        while let Some((conn, since)) = self.next_ready() {
            self.run(conn, since);
        }
    }

    /// The next ready connection, or `None` when this worker should end: the server is
    /// closing, or it has been idle for `idle_thread_timeout` with more than the minimum
    /// running.
    fn next_ready(&self) -> Option<(Arc<Conn>, Instant)> {
        let mut state = self.state();
        loop {
            if self.close.load(Ordering::Acquire) {
                // Requests not yet read are not started: their connections close.
                state.ready.clear();
                state.threads -= 1;
                return None;
            }
            // A worker started for late connections (past `workers_max`) ends once none is.
            if state.threads > self.workers_max && !self.front_is_late(&state) {
                state.threads -= 1;
                return None;
            }
            // Not while a connection is late: the worker that would end is the one it waits
            // for (a late worker, started for it on busy cores, ended as it started).
            if state.retire > 0
                && state.threads > self.limits.workers_eager_max
                && !self.front_is_late(&state)
            {
                state.retire -= 1;
                state.threads -= 1;
                state.trim_after = Some(Instant::now() + SWEEP_INTERVAL);
                return None;
            }
            if let Some(ready) = state.ready.pop_front() {
                state.last_taken = Instant::now();
                return Some(ready);
            }
            state.idle += 1;
            let (next, timeout) = self
                .work
                .wait_timeout(state, self.limits.idle_thread_timeout)
                .unwrap_or_else(|e| e.into_inner());
            state = next;
            state.idle -= 1;
            if timeout.timed_out()
                && state.ready.is_empty()
                && state.threads > self.limits.idle_threads_min
            {
                state.threads -= 1;
                // The load that started the extra workers is ending: once they are gone
                // (their thread-local caches freed after this returns), the poller gives
                // the memory back.
                state.trim_after = Some(Instant::now() + SWEEP_INTERVAL);
                return None;
            }
        }
    }

    fn front_is_late(&self, state: &State) -> bool {
        match (self.limits.queue_wait_max, state.ready.front()) {
            (Some(max), Some((_, since))) => since.elapsed() >= max,
            _ => false,
        }
    }

    /// Connections queued for `queue_wait_max` with every worker busy get workers beyond
    /// `workers_max` (at most `overflow_workers_max` more): their handler sees how long they
    /// waited (`Request::queued`) and refuses them at once, rather than after the slow work
    /// that holds every worker has ended.
    fn start_late_workers(self: &Arc<Self>) {
        let Some(max) = self.limits.queue_wait_max else {
            return;
        };
        let mut state = self.state();
        let late = state
            .ready
            .iter()
            .take_while(|(_, since)| since.elapsed() >= max)
            .count();
        let room = (self.workers_max + self.limits.overflow_workers_max).saturating_sub(state.threads);
        let wanted = late.saturating_sub(state.idle).min(room);
        state.threads += wanted;
        drop(state);
        for _ in 0..wanted {
            if !self.spawn_worker() {
                break;
            }
        }
    }

    /// Serves one connection until it closes or goes idle (then parks it).
    fn run(self: &Arc<Self>, conn: Arc<Conn>, since: Instant) {
        let linger = || self.state().ready.is_empty();
        let policy = conn::Policy {
            linger: &linger,
            park_after: self.limits.park_after,
            close: &self.close,
            ready_since: Some(since),
        };
        let dispatch = &*self.dispatch;
        match conn::serve(conn.clone(), dispatch, &policy) {
            Served::Closed => {}
            Served::Park {
                until,
                head_started,
            } => self.park(conn, until, Waiting::Head { started: head_started }),
            Served::Linger { until } => {
                let budget = self.limits.linger_bytes_max;
                self.park(conn, until, Waiting::Linger { budget });
            }
        }
    }

    /// Arms the connection in epoll; it is closed if the kernel refuses.
    fn park(&self, conn: Arc<Conn>, until: Instant, waiting: Waiting) {
        let token = conn.token();
        conn.release_buffer();
        let first = !conn.mark_registered();
        self.parked().insert(
            token,
            Parked {
                conn: conn.clone(),
                until,
                waiting,
            },
        );
        if let Err(e) = self.epoll.arm_once(conn.raw_fd(), token, !first) {
            log::error!("cannot wait for a connection to be readable: {}", e);
            self.parked().remove(&token);
            conn.close_idle();
        }
    }

    fn poll_loop(self: Arc<Self>) {
        let mut ready = Vec::with_capacity(crate::sys::EVENTS_PER_WAIT);
        let mut next_sweep = Instant::now() + SWEEP_INTERVAL;
        // The most connections parked at once since memory was last given back.
        let mut parked_peak = 0usize;
        // The machine's CPU ticks at the last sweep, while the workers adapt to it.
        let mut cpu_before: Option<(u64, u64)> = None;
        while !self.close.load(Ordering::Acquire) {
            let timeout = if self.watch_stall() {
                self.limits.stall_after.min(SWEEP_INTERVAL)
            } else {
                SWEEP_INTERVAL
            };
            if let Err(e) = self.epoll.wait(&mut ready, timeout) {
                log::error!("epoll_wait failed: {}", e);
                thread::sleep(SWEEP_INTERVAL);
            }
            for token in ready.drain(..) {
                let parked = self.parked().remove(&token);
                match parked {
                    Some(Parked {
                        conn,
                        waiting: Waiting::Head { .. },
                        ..
                    }) => self.enqueue(conn),
                    Some(Parked {
                        conn,
                        until,
                        waiting: Waiting::Linger { budget },
                    }) => match conn.discard(budget) {
                        Some(n) => {
                            let budget = budget - n;
                            self.park(conn, until, Waiting::Linger { budget });
                        }
                        None => conn.close_idle(),
                    },
                    None => {}
                }
            }
            let now = Instant::now();
            if now >= next_sweep {
                next_sweep = now + SWEEP_INTERVAL;
                self.start_late_workers();
                let cpu_now = if self.waiting_past_eager() {
                    crate::sys::cpu_ticks()
                } else {
                    None
                };
                let idle = cpu_before
                    .zip(cpu_now)
                    .and_then(|(before, after)| crate::sys::idle_percent(before, after));
                self.adapt_to_cpu(idle);
                cpu_before = cpu_now;
                let expired: Vec<Parked> = {
                    let mut parked = self.parked();
                    let tokens: Vec<Token> = parked
                        .iter()
                        .filter(|(_, p)| p.until <= now)
                        .map(|(token, _)| *token)
                        .collect();
                    tokens
                        .iter()
                        .filter_map(|token| parked.remove(token))
                        .collect()
                };
                for p in expired {
                    match p.waiting {
                        // A worker answers 408 (its deadline has passed).
                        Waiting::Head { started: true } => self.enqueue(p.conn),
                        _ => p.conn.close_idle(),
                    }
                }
                let parked = self.parked().len();
                parked_peak = parked_peak.max(parked);
                let workers_gone = {
                    let mut state = self.state();
                    let gone = state.trim_after.is_some_and(|t| now >= t)
                        && state.threads <= self.limits.idle_threads_min;
                    if gone {
                        state.trim_after = None;
                    }
                    gone
                };
                if workers_gone || (parked_peak >= TRIM_AFTER_PARKED && parked <= parked_peak / 4) {
                    crate::sys::release_free_memory();
                    parked_peak = parked;
                }
            }
        }
        // Closing: the idle connections close now; busy workers finish their request.
        let parked: Vec<Parked> = self.parked().drain().map(|(_, p)| p).collect();
        for p in parked {
            p.conn.close_idle();
        }
        self.work.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use crate::{Response, Server, ServerLimits};
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// A test server: each request sleeps `work_ms` (changeable), and the most handlers
    /// seen running at once is kept (resettable).
    struct Subject {
        server: Server,
        most: Arc<AtomicUsize>,
        work_ms: Arc<AtomicU64>,
    }

    impl Subject {
        fn start(limits: ServerLimits, work_ms: u64) -> Subject {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let running = Arc::new(AtomicUsize::new(0));
            let most = Arc::new(AtomicUsize::new(0));
            let work = Arc::new(AtomicU64::new(work_ms));
            let (seen, sleep) = (most.clone(), work.clone());
            let server = Server::from_listener_with_handler(listener, limits, move |request| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                seen.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(sleep.load(Ordering::SeqCst)));
                running.fetch_sub(1, Ordering::SeqCst);
                let _ = request.respond(Response::from_string("ok"));
            })
            .expect("server");
            Subject {
                server,
                most,
                work_ms: work,
            }
        }

        fn port(&self) -> u16 {
            self.server.server_addr().to_ip().expect("an IP listener").port()
        }

        /// `clients` keep-alive connections, each sending requests one after the other
        /// until `until` (and at least one).
        fn load(&self, clients: usize, until: Instant) {
            let port = self.port();
            let threads: Vec<_> = (0..clients)
                .map(|_| std::thread::spawn(move || requests(port, until)))
                .collect();
            for thread in threads {
                thread.join().expect("client");
            }
        }

        fn most(&self) -> usize {
            self.most.load(Ordering::SeqCst)
        }
    }

    fn limits(eager: usize, stall_after_ms: u64, grow_idle: u64, retire_idle: u64) -> ServerLimits {
        ServerLimits {
            idle_threads_min: 1,
            workers_max: 8,
            workers_eager_max: eager,
            stall_after: Duration::from_millis(stall_after_ms),
            grow_when_idle_percent: grow_idle,
            retire_below_idle_percent: retire_idle,
            ..ServerLimits::default()
        }
    }

    fn requests(port: u16, until: Instant) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        loop {
            stream.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n").expect("write");
            let mut answer = Vec::new();
            let mut byte = [0u8; 1];
            while !answer.ends_with(b"\r\n\r\nok") {
                let n = stream.read(&mut byte).expect("read");
                assert_eq!(n, 1, "the server closed: {}", String::from_utf8_lossy(&answer));
                answer.push(byte[0]);
            }
            if Instant::now() >= until {
                return;
            }
        }
    }

    // The CPU's idle share is never enough to grow (101 %) nor low enough to retire (0 %)
    // unless a test says so.
    const NEVER: u64 = 101;

    #[test]
    fn workers_blocked_past_the_eager_ones_get_company_once_the_queue_stalls() {
        // Two eager workers, each request blocked 300 ms: without more workers the six
        // requests would take three rounds (900 ms). The stall adds two workers at a time.
        let subject = Subject::start(limits(2, 20, NEVER, 0), 300);
        let started = Instant::now();
        subject.load(6, started);
        assert_eq!(subject.most(), 6, "every blocked request got a worker");
        assert!(started.elapsed() < Duration::from_millis(800), "{:?}", started.elapsed());
    }

    #[test]
    fn busy_workers_whose_queue_moves_get_no_more_threads() {
        // Eight clients for two eager workers, each request 2 ms: a worker takes a queued
        // connection every millisecond, far inside the stall time, so no third one starts.
        let subject = Subject::start(limits(2, 200, NEVER, 0), 2);
        subject.load(8, Instant::now() + Duration::from_millis(600));
        assert_eq!(subject.most(), 2, "only the eager workers ran");
    }

    #[test]
    fn with_idle_cores_waiting_connections_get_more_workers() {
        // The same load, but the CPU counts as idle enough (0 %): the workers are waiting
        // on something, so more of them serve more connections at once.
        let subject = Subject::start(limits(2, 200, 0, 0), 2);
        subject.load(8, Instant::now() + Duration::from_millis(600));
        assert!(subject.most() > 2, "{} at most", subject.most());
    }

    #[test]
    fn with_busy_cores_the_workers_past_the_eager_ones_end() {
        // A stall grows the pool to six; then requests get quick, connections still wait,
        // and the CPU counts as busy (below 101 %): the pool is back to its two eager
        // workers within a few sweeps.
        let subject = Subject::start(limits(2, 20, NEVER, NEVER), 300);
        subject.load(6, Instant::now());
        assert_eq!(subject.most(), 6);
        subject.work_ms.store(2, Ordering::SeqCst);
        subject.load(8, Instant::now() + Duration::from_millis(1000));
        subject.most.store(0, Ordering::SeqCst);
        subject.load(8, Instant::now() + Duration::from_millis(400));
        assert_eq!(subject.most(), 2, "only the eager workers ran");
    }

    #[test]
    fn on_busy_cores_a_late_connection_still_gets_its_worker() {
        // Both workers blocked (3 s each), the CPU counting as busy: the workers past the
        // eager one are to end. A third connection, queued past `queue_wait_max`, gets a
        // worker beyond the cap whose handler refuses it at once: that worker must not be the
        // one that ends (it did: each late worker retired as it started, and the connection
        // waited for a blocked worker, ~3 s).
        // Above a sweep (250 ms), so the second blocked client, which the stall rule gives a
        // worker at the poller's next wake-up, is not late itself.
        const WAIT: Duration = Duration::from_millis(600);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let limits = ServerLimits {
            queue_wait_max: Some(WAIT),
            overflow_workers_max: 2,
            workers_max: 2,
            ..limits(1, 20, NEVER, NEVER)
        };
        let server = Server::from_listener_with_handler(listener, limits, |request| {
            let answer = if request.queued() >= WAIT {
                "late"
            } else {
                std::thread::sleep(Duration::from_secs(3));
                "ok"
            };
            let _ = request.respond(Response::from_string(answer));
        })
        .expect("server");
        let port = server.server_addr().to_ip().expect("an IP listener").port();
        let ask = move || {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
            stream.write_all(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").expect("write");
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            answer
        };
        let blocked: Vec<_> = (0..2).map(|_| std::thread::spawn(ask)).collect();
        // Both on a worker (the second once the queue stalled). While the third waits, two
        // sweeps read the CPU as busy and mark a worker past the eager one to end.
        std::thread::sleep(Duration::from_millis(500));
        let started = Instant::now();
        let answer = ask();
        assert!(answer.ends_with("late"), "{}", answer);
        // WAIT and a sweep or two; without the fix the late workers ended as they started and
        // the answer came when a blocked worker was free (~2.5 s).
        assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
        for client in blocked {
            assert!(client.join().expect("client").ends_with("ok"));
        }
    }
}
