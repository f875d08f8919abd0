//! inventory: the movies CRUD API on PostgreSQL, served by tiny_http.
//!
//! A fixed pool of worker threads takes requests from one shared `tiny_http::Server`; each
//! worker owns its PostgreSQL connection (no connection is shared, nothing is locked per
//! request). The HTTP plumbing (listener, limits, bodies, answers, log) is the `edge` crate's;
//! see `store` for how an outage is ridden out.
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
pub mod http;
pub mod limits;
pub mod listing;
pub mod metrics;
pub mod movie;
pub mod movies;
pub mod query;
pub mod routes;
pub mod store;
pub mod worker;

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use config::Config;
use edge::listener;
pub use error::Error;
use store::Db;
use worker::{Shared, Worker};

/// The name on inventory's log lines.
pub const SERVICE: &str = "inventory";

/// A started service.
pub struct Running {
    local_addr: SocketAddr,
    shared: Shared,
    stopper: Stopper,
    workers: Vec<JoinHandle<()>>,
    metrics: Option<edge::metrics_listener::Listener>, // issue 17
}

/// Asks a running service to stop; cheap to clone and send to a signal thread.
#[derive(Clone)]
pub struct Stopper {
    stopping: Arc<AtomicBool>,
    listener: Arc<TcpListener>,
}

impl Stopper {
    /// Stops accepting connections; workers finish the requests already received, then exit.
    pub fn stop(&self) {
        if !self.stopping.swap(true, Ordering::AcqRel) {
            if let Err(error) = listener::stop_accepting(&self.listener) {
                edge::log::event(
                    SERVICE,
                    format_args!("could not close the listening socket: {error}"),
                );
            }
        }
    }
}

/// Binds and starts the workers (`main` prints the ready line with [`Running::local_addr`]).
///
/// The database may be down at start: the service then starts anyway, answers 503 and
/// creates its table when the database comes back.
pub fn start(config: Config) -> Result<Running, Error> {
    edge::metrics::serve_routes(metrics::ROUTES); // issue 17
    let metrics = config.metrics_listen.map(metrics::listen).transpose()?; // issue 17
    let pg = store::connection_config(&config);
    let schema_ready = Arc::new(AtomicBool::new(false));
    prepare_schema(&pg, &schema_ready);

    let listener = listener::bind(config.listen).map_err(Error::Bind)?;
    let local_addr = listener.local_addr().map_err(Error::Bind)?;
    let stop_handle = Arc::new(listener.try_clone().map_err(Error::Bind)?);
    // Each worker holds a database connection besides the client connections.
    let fds_reserved = config.threads * limits::DB_CONNECTION_FDS;
    let server = edge::server::start(listener, SERVICE, fds_reserved).map_err(Error::Bind)?;
    let shared = Shared {
        server: Arc::new(server),
        stopping: Arc::new(AtomicBool::new(false)),
    };
    let mut workers = Vec::with_capacity(config.threads);
    for index in 0..config.threads {
        let worker = Worker::new(shared.clone(), Db::new(pg.clone(), schema_ready.clone()));
        let handle = thread::Builder::new()
            .name(format!("worker-{index}"))
            .spawn(move || worker.run())
            .map_err(Error::Bind)?;
        workers.push(handle);
    }
    Ok(Running {
        local_addr,
        stopper: Stopper {
            stopping: shared.stopping.clone(),
            listener: stop_handle,
        },
        shared,
        workers,
        metrics, // issue 17
    })
}

/// Creates the table now if the database is up, so it exists before the first request.
fn prepare_schema(pg: &postgres::Config, schema_ready: &AtomicBool) {
    let result = pg
        .connect(postgres::NoTls)
        .and_then(|mut client| store::ensure_schema(&mut client));
    match result {
        Ok(()) => schema_ready.store(true, Ordering::Release),
        Err(error) => eprintln!(
            "inventory: database unavailable at start ({error}); serving 503 until it is back"
        ),
    }
}

impl Running {
    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The address of the metrics listener, when `INVENTORY_METRICS_LISTEN` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|m| m.addr())
    }

    /// Stops accepting, lets the workers finish what they hold ([`Stopper::stop`], then
    /// [`Running::wait`]), then closes the metrics listener.
    pub fn stop(mut self) {
        let metrics = self.metrics.take();
        self.stopper.stop();
        self.wait();
        if let Some(metrics) = metrics {
            metrics.stop();
        }
    }

    /// A handle to stop the service from another thread.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Waits until the workers have exited (after `Stopper::stop`), then closes the server.
    pub fn wait(self) {
        for worker in self.workers {
            if worker.join().is_err() {
                eprintln!("inventory: a worker thread panicked");
            }
        }
        // Dropping the last `Arc<Server>` ends tiny_http's accept thread.
        drop(self.shared);
    }
}
