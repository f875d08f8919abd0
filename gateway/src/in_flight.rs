//! The count of requests in flight, its cap, and the waits on it: for a free place (past the
//! cap) and for none left (at shutdown).
use crate::limits::IN_FLIGHT_REQUESTS_MAX;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Counts requests in flight, at most [`IN_FLIGHT_REQUESTS_MAX`].
#[derive(Default)]
pub struct InFlight {
    count: Mutex<usize>,
    /// Notified whenever a place is given back.
    freed: Condvar,
}

/// One request's place under the cap, given back on drop.
pub struct Slot(Arc<InFlight>);

impl InFlight {
    /// A place now, if one is free.
    pub fn try_enter(this: &Arc<InFlight>) -> Option<Slot> {
        Self::enter_by(this, Instant::now())
    }

    /// A place as soon as one is free, waiting until `deadline` at the most.
    pub fn enter_by(this: &Arc<InFlight>, deadline: Instant) -> Option<Slot> {
        let mut count = this.lock();
        while *count >= IN_FLIGHT_REQUESTS_MAX {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            count = this
                .freed
                .wait_timeout(count, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *count += 1;
        crate::metrics::IN_FLIGHT.set(*count as i64);
        Some(Slot(this.clone()))
    }

    /// Waits until no request is in flight, for `timeout` at the most; whether none is.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let count = self.lock();
        let (count, _) = self
            .freed
            .wait_timeout_while(count, timeout, |count| *count > 0)
            .unwrap_or_else(|e| e.into_inner());
        *count == 0
    }

    /// The count; a thread that panicked while holding it left a valid number behind.
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.count.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut count = self.0.lock();
        assert!(*count > 0, "a slot is given back once");
        *count -= 1;
        crate::metrics::IN_FLIGHT.set(*count as i64);
        self.0.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_holds_and_a_waiter_gets_the_place_given_back() {
        let in_flight = Arc::new(InFlight::default());
        let mut slots: Vec<Slot> = (0..IN_FLIGHT_REQUESTS_MAX)
            .map(|_| InFlight::try_enter(&in_flight).expect("below the cap"))
            .collect();
        assert!(InFlight::try_enter(&in_flight).is_none());
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
}
