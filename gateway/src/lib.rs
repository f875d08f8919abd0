//! The gateway: the one entry point of the system. It proxies `/api/movies*` to inventory over
//! HTTP, turns `POST /api/billing` into a confirmed persistent message on RabbitMQ, and serves
//! its OpenAPI spec and docs. Each request runs start to finish on the worker thread that read
//! it, behind a cap on requests in flight; the HTTP plumbing is the `edge` crate's.
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
mod health;
mod idempotency;
pub mod limits;
pub mod metrics;
mod orders;
mod proxy;
pub mod publisher;
mod routes;
mod transport;
mod upstreams;

pub use config::{Config, ConfigError};
pub use error::Error;

use edge::in_flight::InFlight;
use edge::server::Sizing;
use edge::Exchange;
use health::Health;
use idempotency::IdempotencyKeys;
use limits::{FDS_RESERVED, IN_FLIGHT_WAIT_MAX, LATE_WORKERS_MAX, WORKERS_EAGER_MAX, WORKERS_MAX};
use proxy::Upstream;
use publisher::Publisher;
use std::net::SocketAddr;
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tiny_http::{Request, Server};

/// The name on the gateway's log lines.
pub const SERVICE: &str = "gateway";

/// What every request shares: the inventory agent, the publisher handle, the
/// `Idempotency-Key`s seen lately and the last health result.
pub struct Context {
    upstream: Upstream,
    publisher: Publisher,
    keys: IdempotencyKeys,
    health: Health,
}

/// A started gateway: listening, with its publisher thread running.
pub struct Running {
    addr: SocketAddr,
    server: Server,
    /// The one strong handle: the server's workers hold a weak one, so once this is dropped
    /// (after the drain) the publisher handle goes with the last request, whatever clients
    /// are still connected.
    context: Arc<Context>,
    in_flight: Arc<InFlight>,
    publisher: JoinHandle<()>,
    drain_timeout: Duration,
    metrics: Option<edge::metrics_listener::Listener>, // issue 17
}

/// Binds the listener, starts the publisher thread and the server. The broker is connected
/// on the first order (or health probe), so the gateway starts without it.
pub fn start(config: Config) -> Result<Running, Error> {
    let cannot =
        |what: &str, e: &dyn std::fmt::Display| Error::Start(format!("cannot {what}: {e}"));
    edge::metrics::serve_routes(metrics::ROUTES); // issue 17
    let metrics = config.metrics_listen.map(metrics::listen).transpose()?; // issue 17
    let listen = format!("listen on {}", config.listen);
    let listener = edge::listener::bind(config.listen).map_err(|e| cannot(&listen, &e))?;
    let drain_timeout =
        limits::shutdown_drain_timeout(config.upstream_timeout, config.confirm_timeout);
    let (publisher, publisher_thread) = Publisher::start(
        config.broker,
        config.queue,
        config.queue_type,
        config.confirm_timeout,
    )
    .map_err(|e| cannot("start the publisher", &e))?;
    let context = Arc::new(Context {
        upstream: Upstream::new(&config.inventory_urls, config.upstream_timeout),
        publisher,
        keys: IdempotencyKeys::new(),
        health: Health::default(),
    });
    close_idle_upstream_connections(Arc::downgrade(&context));
    let in_flight = Arc::new(InFlight::new(limits::IN_FLIGHT_REQUESTS_MAX));
    let sizing = Sizing {
        workers_max: WORKERS_MAX,
        workers_eager_max: WORKERS_EAGER_MAX,
        workers_min: edge::limits::IDLE_THREADS_MIN,
        fds_reserved: FDS_RESERVED,
        queue_wait_max: Some(IN_FLIGHT_WAIT_MAX),
        late_workers_max: LATE_WORKERS_MAX,
    };
    let handler = {
        let (context, in_flight) = (Arc::downgrade(&context), in_flight.clone());
        move |request| serve(&context, &in_flight, request)
    };
    let server =
        edge::server::start(listener, SERVICE, sizing, handler).map_err(|e| cannot(&listen, &e))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Start("the listener has no IP address".into()))?;
    Ok(Running {
        addr,
        server,
        context,
        in_flight,
        publisher: publisher_thread,
        drain_timeout,
        metrics, // issue 17
    })
}

/// Every `UPSTREAM_IDLE_CONNECTION_AGE_MAX`, closes the pooled inventory connections when
/// none was used meanwhile (`Upstream::close_idle_connections`) and gives the memory they
/// held back to the system: after a burst, the gateway returns to its idle descriptors and
/// memory. The thread ends with the gateway (its context). Without a thread to spare, the
/// pool keeps its connections until the next request ages them out, as ureq does.
fn close_idle_upstream_connections(context: Weak<Context>) {
    let spawned = std::thread::Builder::new()
        .name("upstream-idle".into())
        .spawn(move || loop {
            std::thread::sleep(limits::UPSTREAM_IDLE_CONNECTION_AGE_MAX);
            let Some(context) = context.upgrade() else {
                return;
            };
            if context.upstream.close_idle_connections() {
                tiny_http::release_free_memory();
            }
        });
    if let Err(e) = spawned {
        edge::log::event(
            SERVICE,
            format!("cannot start the upstream-idle thread: {e}"),
        );
    }
}

impl Running {
    /// The address actually bound (the real port when configured with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address of the metrics listener, when `GATEWAY_METRICS_LISTEN` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|m| m.addr())
    }

    /// Stops the gateway ([`Running::shutdown`]), then its metrics listener. Returns whether
    /// every request finished in time.
    pub fn stop(mut self) -> bool {
        let metrics = self.metrics.take();
        let drained = self.shutdown();
        if let Some(metrics) = metrics {
            metrics.stop();
        }
        drained
    }

    /// Stops accepting and reading requests, lets requests in flight finish (publishes
    /// included; at most [`limits::shutdown_drain_timeout`]), then closes the broker
    /// connection. Returns whether every request finished in time.
    pub fn shutdown(self) -> bool {
        // Closes the listening socket and idle connections; no further request is read.
        drop(self.server);
        let drained = self.in_flight.wait_idle(self.drain_timeout);
        drop(self.context);
        if drained {
            // The publisher thread ends after closing the broker connection cleanly, once the
            // last request holding the context is done (none is, when drained).
            let _ = self.publisher.join();
        }
        drained
    }
}

/// Runs one request on the worker thread that read it, within the in-flight cap: a request
/// that waited [`IN_FLIGHT_WAIT_MAX`] for a worker (queued, or for a place) gets `503` with
/// `Retry-After`.
fn serve(context: &Weak<Context>, in_flight: &Arc<InFlight>, request: Request) {
    let deadline = Instant::now() + IN_FLIGHT_WAIT_MAX.saturating_sub(request.queued());
    let slot = if request.queued() >= IN_FLIGHT_WAIT_MAX {
        None
    } else {
        InFlight::enter_by(in_flight, deadline)
    };
    let context = context.upgrade();
    match (slot, context) {
        (Some(_slot), Some(context)) => {
            metrics::IN_FLIGHT.add(1);
            handle(&context, request);
            metrics::IN_FLIGHT.add(-1);
        }
        // Past the cap, or shutting down (the context is gone once the drain is over).
        _ => {
            metrics::REFUSED_BUSY.inc();
            // Not logged beyond the access line: a flood of these is the moment a log must
            // not grow.
            let exchange = Exchange::begin(SERVICE, &request);
            exchange.finish(request, Error::Busy.problem().into_response());
        }
    }
}

/// Routes one request and sends the answer.
fn handle(context: &Context, mut request: Request) {
    let exchange = Exchange::begin(SERVICE, &request);
    let response = routes::route(context, &mut request, exchange.request_id())
        .unwrap_or_else(|error| exchange.refuse(error.problem(), &error));
    exchange.finish(request, response);
}
