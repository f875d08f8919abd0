//! The gateway: the one entry point of the system. It proxies `/api/movies*` to inventory over
//! HTTP, turns `POST /api/billing` into a confirmed persistent message on RabbitMQ, and serves
//! its OpenAPI spec and docs. One thread per request in flight (reused for the next one),
//! behind a cap on requests in flight; the HTTP plumbing is the `edge` crate's.
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
mod health;
mod idempotency;
mod in_flight;
pub mod limits;
mod orders;
mod proxy;
pub mod publisher;
mod routes;
mod threads;
mod upstreams;

pub use config::{Config, ConfigError};
pub use error::Error;

use edge::Exchange;
use health::Health;
use idempotency::IdempotencyKeys;
use in_flight::InFlight;
use limits::{FDS_RESERVED, IN_FLIGHT_WAIT_MAX, REFUSALS_QUEUED_MAX};
use proxy::Upstream;
use publisher::Publisher;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use threads::RequestThreads;
use tiny_http::{Request, Server};

/// The name on the gateway's log lines.
pub const SERVICE: &str = "gateway";

/// What every request thread shares: the inventory agent, the publisher handle, the
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
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    in_flight: Arc<InFlight>,
    threads: Arc<RequestThreads>,
    accept: JoinHandle<()>,
    refusals: JoinHandle<()>,
    publisher: JoinHandle<()>,
    drain_timeout: Duration,
}

/// A request past the in-flight cap, and until when it may wait for a place.
type Refusal = (Request, Instant);

/// Binds the listener and starts the accept loop, the refusal thread and the publisher
/// thread. The broker is connected on the first order (or health probe), so the gateway starts
/// without it.
pub fn start(config: Config) -> Result<Running, Error> {
    let cannot =
        |what: &str, e: &dyn std::fmt::Display| Error::Start(format!("cannot {what}: {e}"));
    let listen = format!("listen on {}", config.listen);
    let listener = edge::listener::bind(config.listen).map_err(|e| cannot(&listen, &e))?;
    let server =
        edge::server::start(listener, SERVICE, FDS_RESERVED).map_err(|e| cannot(&listen, &e))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Start("the listener has no IP address".into()))?;
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
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let in_flight = Arc::new(InFlight::default());
    let threads = Arc::new(RequestThreads::new(context));
    let (refuse, refused) = mpsc::sync_channel(REFUSALS_QUEUED_MAX);
    let refusals = {
        let (in_flight, threads) = (in_flight.clone(), threads.clone());
        std::thread::Builder::new()
            .name("refusals".into())
            .spawn(move || refusal_loop(&refused, &in_flight, &threads))
            .map_err(|e| cannot("start the refusal thread", &e))?
    };
    let accept = {
        let (server, stopping, in_flight, threads) = (
            server.clone(),
            stopping.clone(),
            in_flight.clone(),
            threads.clone(),
        );
        std::thread::Builder::new()
            .name("accept".into())
            .spawn(move || accept_loop(&server, &stopping, &in_flight, &threads, &refuse))
            .map_err(|e| cannot("start the accept thread", &e))?
    };
    Ok(Running {
        addr,
        server,
        stopping,
        in_flight,
        threads,
        accept,
        refusals,
        publisher: publisher_thread,
        drain_timeout,
    })
}

impl Running {
    /// The address actually bound (the real port when configured with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in flight finish (publishes included; at most
    /// [`limits::shutdown_drain_timeout`]), then closes the broker connection. Returns whether
    /// every request finished in time.
    pub fn shutdown(self) -> bool {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        let _ = self.accept.join();
        // The accept loop dropped its sender: the refusal thread ends once its queue is empty.
        let _ = self.refusals.join();
        // Closes the listening socket: new connections are refused from here on.
        drop(self.server);
        let drained = self.in_flight.wait_idle(self.drain_timeout);
        self.threads.stop();
        // The last pool handle: once its threads end, every publisher handle is gone.
        drop(self.threads);
        if drained {
            // The publisher thread ends after closing the broker connection cleanly.
            let _ = self.publisher.join();
        }
        drained
    }
}

/// Hands each request to a request thread, or past the in-flight cap to the refusal thread;
/// answers nothing itself, so no client can hold it. After a shutdown request, hands on what
/// tiny_http already accepted, then returns.
fn accept_loop(
    server: &Server,
    stopping: &AtomicBool,
    in_flight: &Arc<InFlight>,
    threads: &RequestThreads,
    refuse: &SyncSender<Refusal>,
) {
    loop {
        let request = if stopping.load(Ordering::SeqCst) {
            match server.try_recv() {
                Ok(Some(request)) => request,
                _ => return,
            }
        } else {
            match server.recv() {
                Ok(request) => request,
                // Unblocked by shutdown, or a failed accept: look at the flag again.
                Err(_) => continue,
            }
        };
        match InFlight::try_enter(in_flight) {
            Some(slot) => threads.run(request, slot),
            None => match refuse.try_send((request, Instant::now() + IN_FLIGHT_WAIT_MAX)) {
                Ok(()) => {}
                // Even the 503 costs too much now: dropping the request closes its connection.
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {}
            },
        }
    }
}

/// Past the cap: each request waits for a place until its deadline, then runs like any other
/// or gets 503 with `Retry-After` (written here, never on the accept thread).
fn refusal_loop(refused: &Receiver<Refusal>, in_flight: &Arc<InFlight>, threads: &RequestThreads) {
    for (request, deadline) in refused {
        match InFlight::enter_by(in_flight, deadline) {
            Some(slot) => threads.run(request, slot),
            None => {
                // Not logged beyond the access line: a flood of these is the moment a log
                // must not grow.
                let exchange = Exchange::begin(SERVICE, &request);
                exchange.finish(request, Error::Busy.problem().into_response());
            }
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
