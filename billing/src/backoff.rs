//! Capped exponential backoff between attempts to reach the database or the broker.
use crate::limits::{RETRY_BACKOFF_MAX, RETRY_BACKOFF_MIN};
use std::time::Duration;

/// Delays of RETRY_BACKOFF_MIN, doubling up to RETRY_BACKOFF_MAX; `reset` after a success.
#[derive(Debug)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::new()
    }
}

impl Backoff {
    /// Starts at the shortest delay.
    pub fn new() -> Backoff {
        Backoff {
            next: RETRY_BACKOFF_MIN,
        }
    }

    /// The delay to wait now; the following one is twice as long, within the cap.
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (delay * 2).min(RETRY_BACKOFF_MAX);
        delay
    }

    /// After a success the next failure waits the shortest delay again.
    pub fn reset(&mut self) {
        self.next = RETRY_BACKOFF_MIN;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_and_reset() {
        let mut backoff = Backoff::new();
        let delays: Vec<Duration> = (0..10).map(|_| backoff.next_delay()).collect();
        assert_eq!(delays[0], RETRY_BACKOFF_MIN);
        assert_eq!(delays[1], RETRY_BACKOFF_MIN * 2);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(delays[9], RETRY_BACKOFF_MAX);
        backoff.reset();
        assert_eq!(backoff.next_delay(), RETRY_BACKOFF_MIN);
    }
}
