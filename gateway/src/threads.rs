//! The request threads: one per request in flight, as the design card asks, but kept for the
//! next request rather than respawned (creating and tearing down a thread cost more CPU than
//! proxying the request). The in-flight cap bounds them; each idle thread ends after
//! [`REQUEST_THREAD_IDLE_MAX`] of its own without work, so after a burst they all go promptly.
use crate::in_flight::Slot;
use crate::limits::REQUEST_THREAD_IDLE_MAX;
use crate::{handle, Context, SERVICE};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;
use tiny_http::Request;

/// A request with its place under the cap.
type Job = (Request, Slot);

/// The pool; shared by the accept thread and the refusal thread.
pub struct RequestThreads {
    context: Arc<Context>,
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Notified when a job is queued or the pool stops.
    wake: Condvar,
}

/// Invariant: `jobs.len() <= idle`, so every queued job has an idle thread bound to take it.
#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    idle: usize,
    stopping: bool,
}

impl RequestThreads {
    /// An empty pool; threads are started by [`RequestThreads::run`].
    pub fn new(context: Arc<Context>) -> RequestThreads {
        RequestThreads {
            context,
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                wake: Condvar::new(),
            }),
        }
    }

    /// Gives the request to an idle thread, or to a new one. Never blocks on the request.
    pub fn run(&self, request: Request, slot: Slot) {
        let mut state = self.shared.lock();
        if state.idle > state.jobs.len() {
            state.jobs.push_back((request, slot));
            drop(state);
            self.shared.wake.notify_one();
            return;
        }
        drop(state);
        self.spawn((request, slot));
    }

    /// Ends the idle threads now, and each busy one after its request.
    pub fn stop(&self) {
        self.shared.lock().stopping = true;
        self.shared.wake.notify_all();
    }

    fn spawn(&self, job: Job) {
        let (context, shared) = (self.context.clone(), self.shared.clone());
        let spawned = std::thread::Builder::new()
            .name("request".into())
            .spawn(move || {
                let mut job = Some(job);
                while let Some((request, slot)) = job.take() {
                    handle(&context, request);
                    drop(slot);
                    job = shared.next_job();
                }
            });
        // The job is dropped with the closure: its connection closes, its slot is given back.
        if let Err(e) = spawned {
            edge::log::event(SERVICE, format_args!("cannot start a request thread: {e}"));
        }
    }
}

impl Shared {
    /// The next job of a thread that just finished one, or `None` when it should end: idle
    /// for [`REQUEST_THREAD_IDLE_MAX`], or the pool is stopping.
    fn next_job(&self) -> Option<Job> {
        let mut state = self.lock();
        state.idle += 1;
        let deadline = Instant::now() + REQUEST_THREAD_IDLE_MAX;
        loop {
            if let Some(job) = state.jobs.pop_front() {
                state.idle -= 1;
                return Some(job);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if state.stopping || left.is_zero() {
                // No job is queued, so the invariant holds with one idle thread fewer.
                state.idle -= 1;
                return None;
            }
            state = self
                .wake
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The state; no code panics while holding it, and it stays consistent if one did.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
