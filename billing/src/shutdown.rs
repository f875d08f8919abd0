//! The shutdown flag raised by SIGTERM/SIGINT, and the waits that give way to it.
use crate::limits::SHUTDOWN_POLL_INTERVAL;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Set once, never cleared: the worker finishes the batch in hand and returns.
#[derive(Clone, Debug, Default)]
pub struct Shutdown {
    flag: Arc<AtomicBool>,
}

impl Shutdown {
    /// A flag not yet raised.
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    /// The flag itself, for `signal_hook::flag::register`.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.flag)
    }

    /// Asks the worker to stop (what a signal does).
    pub fn request(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn is_requested(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Blocks until a stop is asked for.
    pub fn wait(&self) {
        while !self.is_requested() {
            std::thread::sleep(SHUTDOWN_POLL_INTERVAL);
        }
    }

    /// Sleeps `duration`, waking early to return `false` if a stop is asked for meanwhile.
    pub fn sleep(&self, duration: Duration) -> bool {
        let deadline = Instant::now() + duration;
        loop {
            if self.is_requested() {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(SHUTDOWN_POLL_INTERVAL));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleep_gives_way_to_a_stop_request() {
        let shutdown = Shutdown::new();
        assert!(shutdown.sleep(Duration::from_millis(1)));
        shutdown.request();
        let start = Instant::now();
        assert!(!shutdown.sleep(Duration::from_secs(10)));
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
