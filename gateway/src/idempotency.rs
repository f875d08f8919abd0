//! The `Idempotency-Key`s this gateway has seen lately, each with the fingerprint of the order
//! it was first used for. A key reused for the same order is a retry (same `order_id`, 200); a
//! key reused for a different order is refused (422) instead of being queued under the first
//! order's id. What this memory cannot know (another gateway, a restart, a key forgotten) billing
//! still catches: it records such an order in `order_conflicts` and never writes over the first.
use crate::limits::{IDEMPOTENCY_KEYS_MAX, IDEMPOTENCY_WINDOW};
use order::{Fingerprint, OrderId};
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Keys (by the order id derived from them) and the fingerprint first sent with each, at most
/// [`IDEMPOTENCY_KEYS_MAX`] of them, none older than [`IDEMPOTENCY_WINDOW`]; the oldest are
/// forgotten first. Shared by the request threads; each holds the lock for one map operation.
pub struct IdempotencyKeys {
    keys: Mutex<Keys>,
}

/// The key was first used, within the window, for another order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyConflict;

struct Keys {
    max: usize,
    window: Duration,
    seen: HashMap<OrderId, (Fingerprint, Instant)>,
    /// Ids in the order they were first seen, with that time: the front is forgotten first.
    /// An entry whose id expired and was seen again is stale (`seen` has the truth); being
    /// expired itself, it goes with the next `forget_expired` that reaches it.
    arrivals: VecDeque<(OrderId, Instant)>,
}

impl Default for IdempotencyKeys {
    fn default() -> IdempotencyKeys {
        IdempotencyKeys::new()
    }
}

impl IdempotencyKeys {
    /// An empty memory with the gateway's bounds.
    pub fn new() -> IdempotencyKeys {
        IdempotencyKeys::with_bounds(IDEMPOTENCY_KEYS_MAX, IDEMPOTENCY_WINDOW)
    }

    fn with_bounds(max: usize, window: Duration) -> IdempotencyKeys {
        assert!(max >= 1, "a memory of no key would refuse nothing");
        IdempotencyKeys {
            keys: Mutex::new(Keys {
                max,
                window,
                seen: HashMap::new(),
                arrivals: VecDeque::new(),
            }),
        }
    }

    /// Records that the key behind `id` is used for the order of `fingerprint` at `now`, unless
    /// it was used for another order within the window: then nothing changes and the caller
    /// refuses the request. The same fingerprint again is a retry and is accepted.
    pub fn claim(
        &self,
        id: OrderId,
        fingerprint: Fingerprint,
        now: Instant,
    ) -> Result<(), KeyConflict> {
        // Nothing in here panics between two writes, so a poisoned lock holds consistent data.
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        keys.forget_expired(now);
        let window = keys.window;
        match keys.seen.get(&id) {
            // Expired but not yet at the front (threads may arrive a little out of order).
            Some((_, at)) if now.saturating_duration_since(*at) >= window => {
                keys.seen.remove(&id);
                keys.remember(id, fingerprint, now);
                Ok(())
            }
            Some((first, _)) if *first == fingerprint => Ok(()),
            Some(_) => Err(KeyConflict),
            None => {
                keys.remember(id, fingerprint, now);
                Ok(())
            }
        }
    }

    /// How many keys are remembered now.
    #[cfg(test)]
    fn len(&self) -> usize {
        let keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        keys.seen.len()
    }
}

impl Keys {
    fn forget_expired(&mut self, now: Instant) {
        while let Some(&(id, at)) = self.arrivals.front() {
            if now.saturating_duration_since(at) < self.window {
                break;
            }
            self.forget_front(id, at);
        }
    }

    fn remember(&mut self, id: OrderId, fingerprint: Fingerprint, now: Instant) {
        while self.seen.len() >= self.max {
            let (old, at) = self
                .arrivals
                .front()
                .copied()
                .expect("every remembered key has its arrival queued");
            self.forget_front(old, at);
        }
        self.seen.insert(id, (fingerprint, now));
        self.arrivals.push_back((id, now));
    }

    /// Drops the oldest arrival, and its key unless the key was seen again since.
    fn forget_front(&mut self, id: OrderId, at: Instant) {
        self.arrivals.pop_front();
        if self
            .seen
            .get(&id)
            .is_some_and(|(_, seen_at)| *seen_at == at)
        {
            self.seen.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(key: &str) -> OrderId {
        OrderId::from_idempotency_key(key).expect("a valid key")
    }

    fn fingerprint(body: &str) -> Fingerprint {
        order::Order::parse(body.as_bytes())
            .expect("a valid order")
            .fingerprint()
    }

    const A: &str = r#"{"user_id": "88", "number_of_items": 1, "total_amount": "10.00"}"#;
    const A_SPELT_OTHERWISE: &str =
        r#"{"user_id": 88, "number_of_items": "1", "total_amount": 10}"#;
    const B: &str = r#"{"user_id": "88", "number_of_items": 7, "total_amount": "99.99"}"#;

    #[test]
    fn a_key_is_bound_to_its_first_order() {
        let keys = IdempotencyKeys::new();
        let now = Instant::now();
        assert_eq!(keys.claim(id("k"), fingerprint(A), now), Ok(()));
        assert_eq!(keys.claim(id("k"), fingerprint(A), now), Ok(()));
        assert_eq!(
            keys.claim(id("k"), fingerprint(A_SPELT_OTHERWISE), now),
            Ok(())
        );
        assert_eq!(keys.claim(id("k"), fingerprint(B), now), Err(KeyConflict));
        assert_eq!(
            keys.claim(id("k"), fingerprint(A), now),
            Ok(()),
            "still A's"
        );
        assert_eq!(keys.claim(id("other"), fingerprint(B), now), Ok(()));
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn past_the_window_a_key_is_forgotten() {
        let window = Duration::from_secs(60);
        let keys = IdempotencyKeys::with_bounds(10, window);
        let start = Instant::now();
        keys.claim(id("k"), fingerprint(A), start).expect("new");
        let almost = start + window - Duration::from_millis(1);
        assert_eq!(
            keys.claim(id("k"), fingerprint(B), almost),
            Err(KeyConflict)
        );
        let past = start + window;
        assert_eq!(keys.claim(id("k"), fingerprint(B), past), Ok(()));
        assert_eq!(keys.claim(id("k"), fingerprint(A), past), Err(KeyConflict));
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn past_the_maximum_the_oldest_key_is_forgotten_first() {
        let keys = IdempotencyKeys::with_bounds(3, Duration::from_secs(3600));
        let now = Instant::now();
        for key in ["k1", "k2", "k3", "k4"] {
            keys.claim(id(key), fingerprint(A), now).expect("new");
        }
        assert_eq!(keys.len(), 3);
        // k1 was forgotten: another order under it is no longer known to conflict.
        assert_eq!(keys.claim(id("k1"), fingerprint(B), now), Ok(()));
        // That forgot k2, the oldest left; k3 and k4 are still bound.
        assert_eq!(keys.claim(id("k2"), fingerprint(B), now), Ok(()));
        assert_eq!(keys.claim(id("k4"), fingerprint(B), now), Err(KeyConflict));
        assert_eq!(keys.len(), 3);
    }

    #[test]
    fn memory_stays_bounded_under_many_keys() {
        let keys = IdempotencyKeys::with_bounds(100, Duration::from_secs(3600));
        let start = Instant::now();
        for n in 0..10_000u64 {
            let at = start + Duration::from_millis(n);
            keys.claim(id(&format!("key-{n}")), fingerprint(A), at)
                .expect("new");
        }
        assert_eq!(keys.len(), 100);
        let inner = keys.keys.lock().expect("not poisoned");
        assert_eq!(inner.arrivals.len(), 100);
    }
}
