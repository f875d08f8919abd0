//! The gateway: the one entry point of the system. It proxies `/api/movies*` to inventory over
//! HTTP, turns `POST /api/billing` into a confirmed persistent message on RabbitMQ, and serves
//! its OpenAPI spec and docs. One thread per request in flight (reused for the next one), behind
//! a cap on requests in flight.
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
pub mod http;
pub mod limits;
mod listener;
mod orders;
mod proxy;
pub mod publisher;
mod routes;

pub use config::{Config, ConfigError};
pub use error::Error;

use limits::{
    IN_FLIGHT_REQUESTS_MAX, REQUEST_BODY_TIMEOUT, REQUEST_THREAD_IDLE_MAX, RESPONSE_WRITE_TIMEOUT,
    SHUTDOWN_DRAIN_MARGIN,
};
use proxy::Upstream;
use publisher::Publisher;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tiny_http::{Request, Server};

/// What every request thread shares: the inventory agent and the publisher handle.
pub struct Context {
    upstream: Upstream,
    publisher: Publisher,
}

/// A started gateway: listening, with its publisher thread running.
pub struct Running {
    addr: SocketAddr,
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    in_flight: Arc<InFlight>,
    accept: JoinHandle<()>,
    publisher: JoinHandle<()>,
    context: Arc<Context>,
    drain_timeout: Duration,
}

/// Binds the listener and starts the accept loop and the publisher thread. The broker is
/// connected on the first order (or health probe), so the gateway starts without it.
pub fn start(config: Config) -> Result<Running, Error> {
    let cannot_listen = |e: &dyn std::fmt::Display| {
        Error::Start(format!("cannot listen on {}: {e}", config.listen))
    };
    // Bound ourselves so every accepted socket has the client timeouts (see `listener`).
    let listener = listener::bind(config.listen).map_err(|e| cannot_listen(&e))?;
    let server = Server::from_listener(listener, None).map_err(|e| cannot_listen(&e))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Start("the listener has no IP address".into()))?;
    let drain_timeout = REQUEST_BODY_TIMEOUT
        + config.upstream_timeout.max(config.confirm_timeout)
        + RESPONSE_WRITE_TIMEOUT
        + SHUTDOWN_DRAIN_MARGIN;
    let (publisher, publisher_thread) =
        Publisher::start(config.broker, config.queue, config.confirm_timeout)
            .map_err(|e| Error::Start(format!("cannot start the publisher thread: {e}")))?;
    let context = Arc::new(Context {
        upstream: Upstream::new(&config.inventory_url, config.upstream_timeout),
        publisher,
    });
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let in_flight = Arc::new(InFlight::default());
    let accept = {
        let (server, stopping, in_flight, context) = (
            server.clone(),
            stopping.clone(),
            in_flight.clone(),
            context.clone(),
        );
        std::thread::Builder::new()
            .name("accept".into())
            .spawn(move || accept_loop(&server, &stopping, &in_flight, &context))
            .map_err(|e| Error::Start(format!("cannot start the accept thread: {e}")))?
    };
    Ok(Running {
        addr,
        server,
        stopping,
        in_flight,
        accept,
        publisher: publisher_thread,
        context,
        drain_timeout,
    })
}

impl Running {
    /// The address actually bound (the real port when configured with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in flight finish (publishes included; at most the time
    /// one request is bounded by plus [`SHUTDOWN_DRAIN_MARGIN`]), then closes the broker connection. Returns whether every
    /// request finished in time.
    pub fn shutdown(self) -> bool {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        let _ = self.accept.join();
        // Closes the listening socket: new connections are refused from here on.
        drop(self.server);
        let drained = self.in_flight.wait_idle(self.drain_timeout);
        drop(self.context);
        if drained {
            // Every publisher handle is gone now, so the thread ends after closing cleanly.
            let _ = self.publisher.join();
        }
        drained
    }
}

/// Hands each request to a thread of its own, or answers 503 past the in-flight cap. After a
/// shutdown request, answers what tiny_http already accepted, then returns (which ends the
/// idle request threads).
fn accept_loop(
    server: &Server,
    stopping: &AtomicBool,
    in_flight: &Arc<InFlight>,
    context: &Arc<Context>,
) {
    let threads = RequestThreads::new(context.clone());
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
        match InFlight::enter(in_flight) {
            Some(slot) => threads.run(request, slot),
            None => handle_refused(request),
        }
    }
}

/// One thread per request in flight, as the design card asks, but kept for the next request
/// rather than respawned: creating and tearing down a thread cost more CPU than proxying the
/// request. The in-flight cap bounds the threads; one idle for [`REQUEST_THREAD_IDLE_MAX`] ends.
struct RequestThreads {
    context: Arc<Context>,
    jobs: mpsc::Sender<(Request, Slot)>,
    queue: Arc<Mutex<mpsc::Receiver<(Request, Slot)>>>,
    /// Threads waiting for a job and not yet promised one.
    idle: Arc<AtomicUsize>,
}

impl RequestThreads {
    fn new(context: Arc<Context>) -> RequestThreads {
        let (jobs, queue) = mpsc::channel();
        RequestThreads {
            context,
            jobs,
            queue: Arc::new(Mutex::new(queue)),
            idle: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Gives the request to an idle thread (promising it the job first, so every job sent has
    /// a thread waiting for it), or to a new one.
    fn run(&self, request: Request, slot: Slot) {
        let claimed = self
            .idle
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if claimed.is_ok() {
            if let Err(mpsc::SendError((request, slot))) = self.jobs.send((request, slot)) {
                self.spawn(request, slot);
            }
            return;
        }
        self.spawn(request, slot);
    }

    fn spawn(&self, request: Request, slot: Slot) {
        let (context, queue, idle) = (self.context.clone(), self.queue.clone(), self.idle.clone());
        let spawned = std::thread::Builder::new()
            .name("request".into())
            .spawn(move || {
                let mut job = Some((request, slot));
                while let Some((request, slot)) = job.take() {
                    handle(&context, request);
                    drop(slot);
                    idle.fetch_add(1, Ordering::SeqCst);
                    job = next_job(&queue, &idle);
                }
            });
        if let Err(e) = spawned {
            http::log_error(format_args!("cannot start a request thread: {e}"));
        }
    }
}

/// The next job of an idle request thread, or `None` when it should end: idle too long (and
/// no job promised to the idle threads is left over for it) or the gateway is stopping.
fn next_job(
    queue: &Mutex<mpsc::Receiver<(Request, Slot)>>,
    idle: &AtomicUsize,
) -> Option<(Request, Slot)> {
    loop {
        let waited = queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv_timeout(REQUEST_THREAD_IDLE_MAX);
        match waited {
            Ok(job) => return Some(job),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Leave only if another idle thread remains for every promised job.
                let left =
                    idle.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
                if left.is_ok() {
                    return None;
                }
            }
        }
    }
}

/// Routes one request, sends the answer with its `X-Request-Id`, writes the log line.
fn handle(context: &Context, mut request: Request) {
    let started = Instant::now();
    let request_id = http::request_id(&request);
    let method = request.method().as_str().to_owned();
    let url = request.url().to_owned();
    let response = match routes::route(context, &mut request, &request_id) {
        Ok(response) => response,
        Err(error) => {
            if error.status() >= 500 {
                let url = http::loggable(&url);
                http::log_error(format_args!("{method} {url} rid={request_id}: {error}"));
            }
            http::respond_problem(&error)
        }
    };
    send(request, response, &method, &url, &request_id, started);
}

/// The answer past the in-flight cap, given on the accept thread (no new thread for it).
fn handle_refused(request: Request) {
    let started = Instant::now();
    let request_id = http::request_id(&request);
    let method = request.method().as_str().to_owned();
    let url = request.url().to_owned();
    let response = http::respond_problem(&Error::Busy);
    send(request, response, &method, &url, &request_id, started);
}

fn send(
    request: Request,
    response: tiny_http::ResponseBox,
    method: &str,
    url: &str,
    request_id: &str,
    started: Instant,
) {
    let status = response.status_code().0;
    let response = match http::make_header("X-Request-Id", request_id) {
        Some(h) => response.with_header(h),
        None => response,
    };
    let response = http::with_write_deadline(response);
    if let Err(e) = request.respond(response) {
        let url = http::loggable(url);
        http::log_error(format_args!(
            "{method} {url} rid={request_id}: cannot send the response: {e}"
        ));
    }
    http::log_request(method, url, status, started.elapsed(), request_id);
}

/// Counts requests in flight; refuses past [`IN_FLIGHT_REQUESTS_MAX`]; lets shutdown wait for
/// zero.
#[derive(Default)]
struct InFlight {
    count: Mutex<usize>,
    idle: Condvar,
}

/// One request's place under the cap, given back on drop.
struct Slot(Arc<InFlight>);

impl InFlight {
    fn enter(this: &Arc<InFlight>) -> Option<Slot> {
        let mut count = this.count.lock().unwrap_or_else(|e| e.into_inner());
        if *count >= IN_FLIGHT_REQUESTS_MAX {
            return None;
        }
        *count += 1;
        Some(Slot(this.clone()))
    }

    fn wait_idle(&self, timeout: Duration) -> bool {
        let count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        let (count, _) = self
            .idle
            .wait_timeout_while(count, timeout, |count| *count > 0)
            .unwrap_or_else(|e| e.into_inner());
        *count == 0
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut count = self.0.count.lock().unwrap_or_else(|e| e.into_inner());
        *count -= 1;
        if *count == 0 {
            self.0.idle.notify_all();
        }
    }
}
