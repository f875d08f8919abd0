//! A listener of its own for `GET /metrics` (and nothing else: 404 or 405 problem answers),
//! on a thread of its own, through `Exchange` like every other answer. Billing always has
//! one; the gateway and inventory have one when `*_METRICS_LISTEN` is set, so that on the VMs
//! the metrics can be reached from the private network only while the main port stays
//! public (their main port then answers `/metrics` with 404).
use crate::metrics::{self, Text, CONTENT_TYPE};
use crate::{Exchange, Problem};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use tiny_http::{Method, Request, ResponseBox, Server};

/// Descriptors the service holds besides scrapers' connections are the main server's
/// business; a scraper needs few.
const FDS_RESERVED: usize = 16;
/// Scrapes answered at once (a scrape takes microseconds; Prometheus scrapes one at a time).
const WORKERS_MAX: usize = 2;

/// Whether this process serves `/metrics` on a listener of its own.
static OWN_LISTENER: AtomicBool = AtomicBool::new(false);

/// Whether `/metrics` has a listener of its own (the main port then answers it with 404).
pub fn has_own_listener() -> bool {
    OWN_LISTENER.load(Ordering::Relaxed)
}

/// What the listener serves: the service's name and version, and its own families.
#[derive(Clone, Copy)]
pub struct Page {
    pub service: &'static str,
    pub version: &'static str,
    pub write: fn(&mut Text),
}

impl Page {
    /// The whole page, as `metrics::render` writes it.
    pub fn render(&self) -> Vec<u8> {
        metrics::render(self.service, self.version, self.write).into_bytes()
    }
}

/// The metrics listener, running.
pub struct Listener {
    addr: SocketAddr,
    server: Server,
}

impl Listener {
    /// Binds `addr` and serves `page` on a worker thread of its own.
    pub fn start(addr: SocketAddr, page: Page) -> io::Result<Listener> {
        let listener = crate::listener::bind(addr)?;
        let name = format!("{} metrics", page.service);
        let sizing = crate::server::Sizing {
            workers_max: WORKERS_MAX,
            workers_eager_max: WORKERS_MAX,
            workers_min: 1,
            fds_reserved: FDS_RESERVED,
            queue_wait_max: None,
            late_workers_max: 0,
        };
        let server = crate::server::start(listener, &name, sizing, move |request| {
            let exchange = Exchange::begin(page.service, &request);
            let response = answer(&request, page);
            exchange.finish(request, response);
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("the listener has no IP address"))?;
        OWN_LISTENER.store(true, Ordering::Relaxed);
        Ok(Listener { addr, server })
    }

    /// The address actually bound (the real port when configured with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving: the listening socket and idle connections close.
    pub fn stop(self) {
        drop(self.server);
    }
}

fn answer(request: &Request, page: Page) -> ResponseBox {
    let path = crate::request::origin_form(request.url()).map(|(path, _)| path);
    match path.map(crate::request::segments).as_deref() {
        Some(["metrics"]) => match request.method() {
            Method::Get | Method::Head => crate::response::bytes(200, CONTENT_TYPE, page.render()),
            _ => Problem::new(405, crate::problem::allows_only("GET, HEAD"))
                .header("Allow", "GET, HEAD")
                .into_response(),
        },
        _ => Problem::new(404, "this listener serves only GET /metrics").into_response(),
    }
}
