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
pub mod metrics;
pub mod shutdown;
pub mod store;
pub mod worker;

pub use config::Config;
pub use error::Error;
pub use shutdown::Shutdown;

use std::net::SocketAddr;
use std::thread::JoinHandle;

/// The name on billing's log lines.
pub const SERVICE: &str = "billing";

/// A started billing: the worker on its thread, the metrics listener on its own.
pub struct Running {
    shutdown: Shutdown,
    worker: JoinHandle<Result<(), Error>>,
    metrics: edge::metrics_listener::Listener,
}

/// Binds the metrics listener, then starts the worker, which consumes until stopped;
/// outages are retried, never returned. Fails only when the listener cannot be bound or a
/// thread cannot be started.
pub fn start(config: Config) -> Result<Running, Error> {
    let addr = config.metrics_listen;
    edge::metrics::serve_routes(metrics::ROUTES);
    let page = edge::metrics_listener::Page {
        service: SERVICE,
        version: env!("CARGO_PKG_VERSION"),
        write: metrics::write,
    };
    let metrics = edge::metrics_listener::Listener::start(addr, page).map_err(|e| {
        let why = format!("cannot listen on {addr} (BILLING_METRICS_LISTEN): {e}");
        Error::Io(std::io::Error::new(e.kind(), why))
    })?;
    let shutdown = Shutdown::new();
    let flag = shutdown.clone();
    let worker = std::thread::Builder::new()
        .name("worker".to_owned())
        .spawn(move || {
            // Outages are retried inside; only a queue of the other type than
            // BILLING_QUEUE_TYPE comes back: the process stops and `stop` returns it.
            let result = worker::run(&config, &flag);
            flag.request();
            result
        });
    let worker = match worker {
        Ok(worker) => worker,
        Err(e) => {
            metrics.stop();
            return Err(e.into());
        }
    };
    Ok(Running {
        shutdown,
        worker,
        metrics,
    })
}

impl Running {
    /// Where `GET /metrics` is served (the real port when configured with port 0).
    pub fn metrics_addr(&self) -> SocketAddr {
        self.metrics.addr()
    }

    /// The flag that stops the worker (for signal handlers).
    pub fn shutdown(&self) -> &Shutdown {
        &self.shutdown
    }

    /// Asks the worker to stop (it commits and acks the batch in hand), waits until it has,
    /// then closes the metrics listener. `Err` when the worker stopped by itself on a queue
    /// of the other type (`Error::QueueMismatch`).
    pub fn stop(self) -> Result<(), Error> {
        self.shutdown.request();
        // A panic of the worker thread was already printed; there is nothing left to stop.
        let result = self.worker.join().unwrap_or(Ok(()));
        self.metrics.stop();
        result
    }
}
