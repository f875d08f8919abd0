//! The count of requests in flight, its cap, and the waits on it: for a free place (past the
//! cap) and for none left (at shutdown). The gateway caps its requests with it; inventory,
//! whose workers are its cap, only counts them for the shutdown drain.
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Counts requests in flight, at most `cap`.
pub struct InFlight {
    cap: usize,
    state: Mutex<State>,
    /// Notified when a place is given back and some thread waits (for a place or for none
    /// in flight): std's condvar makes a futex call per notification otherwise, one per
    /// request.
    freed: Condvar,
}

struct State {
    count: usize,
    /// Threads waiting on `freed`.
    waiting: usize,
}

/// One request's place under the cap, given back on drop.
pub struct Slot(Arc<InFlight>);

impl InFlight {
    /// No request in flight yet; at most `cap` at once.
    pub fn new(cap: usize) -> InFlight {
        InFlight {
            cap,
            state: Mutex::new(State {
                count: 0,
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// A place as soon as one is free, waiting until `deadline` at the most.
    pub fn enter_by(this: &Arc<InFlight>, deadline: Instant) -> Option<Slot> {
        let mut state = this.lock();
        while state.count >= this.cap {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = this.wait(state, left);
        }
        state.count += 1;
        Some(Slot(this.clone()))
    }

    /// Waits until no request is in flight, for `timeout` at the most; whether none is.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        while state.count > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self.wait(state, left);
        }
        true
    }

    /// Waits on `freed` for `timeout` at the most, counted in `waiting` meanwhile.
    fn wait<'a>(
        &self,
        mut state: MutexGuard<'a, State>,
        timeout: Duration,
    ) -> MutexGuard<'a, State> {
        state.waiting += 1;
        let mut state = self
            .freed
            .wait_timeout(state, timeout)
            .unwrap_or_else(|e| e.into_inner())
            .0;
        state.waiting -= 1;
        state
    }

    /// The count; a thread that panicked while holding it left a valid number behind.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        assert!(state.count > 0, "a slot is given back once");
        state.count -= 1;
        let waiting = state.waiting;
        drop(state);
        if waiting > 0 {
            self.0.freed.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_holds_and_a_waiter_gets_the_place_given_back() {
        const CAP: usize = 8;
        let in_flight = Arc::new(InFlight::new(CAP));
        let mut slots: Vec<Slot> = (0..CAP)
            .map(|_| InFlight::enter_by(&in_flight, Instant::now()).expect("below the cap"))
            .collect();
        assert!(InFlight::enter_by(&in_flight, Instant::now()).is_none());
        let soon = Instant::now() + Duration::from_millis(20);
        assert!(InFlight::enter_by(&in_flight, soon).is_none());

        let waiter = {
            let in_flight = in_flight.clone();
            std::thread::spawn(move || {
                InFlight::enter_by(&in_flight, Instant::now() + Duration::from_secs(30)).is_some()
            })
        };
        drop(slots.pop());
        assert!(waiter.join().expect("no panic"), "the freed place");
        assert!(!in_flight.wait_idle(Duration::from_millis(1)));
        slots.clear();
        assert!(in_flight.wait_idle(Duration::from_millis(1)));
    }

    #[test]
    fn the_drain_wakes_when_the_last_place_is_given_back() {
        let in_flight = Arc::new(InFlight::new(4));
        let slot = InFlight::enter_by(&in_flight, Instant::now()).expect("below the cap");
        let drain = {
            let in_flight = in_flight.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                (
                    in_flight.wait_idle(Duration::from_secs(30)),
                    started.elapsed(),
                )
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(slot);
        let (idle, waited) = drain.join().expect("no panic");
        assert!(idle);
        assert!(
            waited < Duration::from_secs(10),
            "woken, not timed out: {waited:?}"
        );
    }
}
