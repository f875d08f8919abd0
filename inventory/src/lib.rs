//! inventory: the movies CRUD API on PostgreSQL, served by tiny_http.
//!
//! Each request runs start to finish on the edge's worker thread that read it; there are
//! `INVENTORY_THREADS` workers, each with its own PostgreSQL connection (no connection is
//! shared, nothing is locked per request). The HTTP plumbing (listener, limits, bodies,
//! answers, log) is the `edge` crate's; see `store` for how an outage is ridden out.
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
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use config::Config;
use edge::in_flight::InFlight;
use edge::listener;
use edge::server::Sizing;
pub use error::Error;
use tiny_http::Server;
use worker::Handler;

/// The name on inventory's log lines.
pub const SERVICE: &str = "inventory";

/// A started service.
pub struct Running {
    local_addr: SocketAddr,
    server: Server,
    in_flight: Arc<InFlight>,
    stopper: Stopper,
    metrics: Option<edge::metrics_listener::Listener>, // issue 17
}

/// Asks a running service to stop; cheap to clone and send to a signal thread.
#[derive(Clone)]
pub struct Stopper {
    stopping: Arc<(Mutex<bool>, Condvar)>,
    listener: Arc<TcpListener>,
}

impl Stopper {
    /// Stops accepting connections; requests already read finish, then `Running::wait`
    /// returns.
    pub fn stop(&self) {
        let (flag, changed) = &*self.stopping;
        let mut stopping = flag.lock().unwrap_or_else(|e| e.into_inner());
        if !*stopping {
            *stopping = true;
            if let Err(error) = listener::stop_accepting(&self.listener) {
                edge::log::event(
                    SERVICE,
                    format_args!("could not close the listening socket: {error}"),
                );
            }
        }
        changed.notify_all();
    }

    fn wait(&self) {
        let (flag, changed) = &*self.stopping;
        let stopping = flag.lock().unwrap_or_else(|e| e.into_inner());
        let _stopped = changed
            .wait_while(stopping, |stopping| !*stopping)
            .unwrap_or_else(|e| e.into_inner());
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
    // One worker per database connection, all kept: a thread that ended would close its
    // connection, and the next would pay for a new one.
    let sizing = Sizing {
        workers_max: config.threads,
        workers_eager_max: config.threads,
        workers_min: config.threads,
        fds_reserved: config.threads * limits::DB_CONNECTION_FDS,
        // A request waits for a worker however long: it is served (or times out at the
        // client) rather than refused.
        queue_wait_max: None,
        late_workers_max: 0,
    };
    let in_flight = Arc::new(InFlight::new(config.threads));
    let handler = Handler::new(pg, schema_ready, in_flight.clone());
    let server = edge::server::start(listener, SERVICE, sizing, move |request| {
        handler.handle(request)
    })
    .map_err(Error::Bind)?;
    Ok(Running {
        local_addr,
        server,
        in_flight,
        stopper: Stopper {
            stopping: Arc::new((Mutex::new(false), Condvar::new())),
            listener: stop_handle,
        },
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

    /// Waits for `Stopper::stop`, closes the server (no further request is read) and waits
    /// until the requests already read are answered.
    pub fn wait(self) {
        self.stopper.wait();
        drop(self.server);
        while !self.in_flight.wait_idle(DRAIN_LOG_INTERVAL) {
            eprintln!("inventory: waiting for the requests in flight to finish");
        }
    }
}

/// While stopping, how often inventory says it still waits for requests in flight.
const DRAIN_LOG_INTERVAL: Duration = Duration::from_secs(5);
