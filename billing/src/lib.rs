//! billing: consumes the billing queue and writes each order into PostgreSQL exactly once,
//! acking a message only after the transaction holding its row has committed.
//!
//! Flow: `worker::run` connects the `Store`, then loops over broker sessions; a session
//! gathers deliveries into a `Batch` (up to BATCH_ORDERS_MAX, or BATCH_WAIT_MAX after the
//! first), writes it with one statement, and acks it with one `ack_multiple` after COMMIT.
#![forbid(unsafe_code)]

pub mod backoff;
pub mod batch;
pub mod config;
pub mod error;
pub mod limits;
pub mod shutdown;
pub mod store;
pub mod worker;

pub use config::Config;
pub use error::Error;
pub use shutdown::Shutdown;

use std::thread::JoinHandle;

/// Consumes on the calling thread until `shutdown` is requested; then the batch in hand is
/// committed and acked and the function returns. Outages are retried, never returned; only a
/// queue of the other type than `BILLING_QUEUE_TYPE` is (`Error::QueueMismatch`).
pub fn run(config: &Config, shutdown: &Shutdown) -> Result<(), Error> {
    worker::run(config, shutdown)
}

/// A worker on its own thread, for running the service in-process.
pub struct Running {
    shutdown: Shutdown,
    thread: JoinHandle<()>,
}

/// Starts `run` on a new thread.
pub fn start(config: Config) -> Result<Running, Error> {
    let shutdown = Shutdown::new();
    let flag = shutdown.clone();
    let thread = std::thread::Builder::new()
        .name("billing".to_owned())
        .spawn(move || {
            if let Err(e) = run(&config, &flag) {
                eprintln!("billing: {e}");
            }
        })?;
    Ok(Running { shutdown, thread })
}

impl Running {
    /// The flag that stops the worker (for signal handlers).
    pub fn shutdown(&self) -> &Shutdown {
        &self.shutdown
    }

    /// Asks the worker to stop and waits until it has.
    pub fn stop(self) {
        self.shutdown.request();
        // A panic of the worker thread was already printed; there is nothing left to stop.
        let _ = self.thread.join();
    }
}
