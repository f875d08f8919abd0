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
//! and the handler learns how long it waited (`Request::queued`).
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
        let mut state = self.state();
        state.ready.push_back((conn, Instant::now()));
        // Each queued connection needs an idle worker of its own, else a new one.
        if state.idle >= state.ready.len() {
            drop(state);
            self.work.notify_one();
        } else if state.threads < self.workers_max {
            state.threads += 1;
            drop(state);
            self.spawn_worker();
        }
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
            if let Some(ready) = state.ready.pop_front() {
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
        while !self.close.load(Ordering::Acquire) {
            if let Err(e) = self.epoll.wait(&mut ready, SWEEP_INTERVAL) {
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
