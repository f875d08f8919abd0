//! The movies proxy: ureq agents shared by the threads, every timeout explicit, inventory's answers (4xx
//! and 5xx included) passed on byte for byte with the headers that matter. With several
//! inventories (`INVENTORY_URL` a list, `upstreams.rs`) each request goes to the next healthy
//! one, and is sent to another only when it provably never reached the first: its connection
//! was refused or never completed (nothing was written). After that point nothing is re-sent,
//! whatever the method: a `POST` that may have reached inventory is answered 502 or 504.
use crate::error::Error;
use crate::limits::{
    HEALTH_PROBE_TIMEOUT, UPSTREAM_AGENTS, UPSTREAM_CONNECT_TIMEOUT, UPSTREAM_IDLE_CONNECTIONS_MAX,
    UPSTREAM_IDLE_CONNECTION_AGE_MAX, UPSTREAM_INPUT_BUFFER_BYTES, UPSTREAM_OUTPUT_BUFFER_BYTES,
    UPSTREAM_RESPONSE_HEADER_BYTES_MAX,
};
use crate::metrics;
use crate::transport::LeanConnector;
use crate::upstreams::Upstreams;
use edge::request::{header, read_body};
use std::io::Read;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};
use tiny_http::{Request, Response, ResponseBox, StatusCode};
use ureq::http;
use ureq::unversioned::resolver::DefaultResolver;

/// Request headers forwarded to inventory (besides `X-Request-Id`, which is always ours).
const FORWARDED_REQUEST_HEADERS: [&str; 2] = ["Content-Type", "Accept"];

/// Response headers passed back to the client. Hop-by-hop headers (`Connection`,
/// `Transfer-Encoding`, `Keep-Alive`...) and `Server`/`Date` are not: tiny_http writes its own.
const FORWARDED_RESPONSE_HEADERS: [&str; 4] = ["Content-Type", "Location", "Allow", "Retry-After"];

/// Inventory as the gateway sees it: its base URLs and [`UPSTREAM_AGENTS`] agents, each thread
/// always calling through the same one.
pub struct Upstream {
    /// Replaced by fresh ones, which closes every pooled connection, once they have not been
    /// used for a whole [`UPSTREAM_IDLE_CONNECTION_AGE_MAX`] (`close_idle_connections`):
    /// ureq drops a connection past that age only when it is next used, so after a burst
    /// the pools kept up to [`UPSTREAM_IDLE_CONNECTIONS_MAX`] sockets and their buffers.
    agents: RwLock<Vec<ureq::Agent>>,
    /// `USED`, `UNUSED` or `REPLACED`: what happened to the agents since the last look.
    use_state: AtomicU8,
    call_timeout: Duration,
    upstreams: Upstreams,
}

/// The agent served a request since `close_idle_connections` last looked.
const USED: u8 = 0;
/// No request since the last look.
const UNUSED: u8 = 1;
/// Replaced while unused: its pool holds nothing.
const REPLACED: u8 = 2;

/// One inventory's `/health` as the gateway's `/health` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamHealth {
    /// Whether it is ejected (it refused a connection within the ejection time).
    pub ejected: bool,
    /// Whether it answered `GET /health` with 200 in time.
    pub up: bool,
}

impl Upstream {
    /// The inventories of `base_urls`, called with `call_timeout` (see [`new_agent`]).
    pub fn new(base_urls: &[String], call_timeout: Duration) -> Upstream {
        Upstream {
            agents: RwLock::new(new_agents(call_timeout)),
            use_state: AtomicU8::new(REPLACED),
            call_timeout,
            upstreams: Upstreams::new(base_urls),
        }
    }

    /// This thread's agent, for one call (a cheap clone: it shares its pool).
    fn agent(&self) -> ureq::Agent {
        thread_local! {
            /// Which of the agents this thread calls through, given out in turn.
            static SHARD: usize = {
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                NEXT.fetch_add(1, Ordering::Relaxed) % UPSTREAM_AGENTS
            };
        }
        if self.use_state.load(Ordering::Relaxed) != USED {
            self.use_state.store(USED, Ordering::Relaxed);
        }
        let agents = self.agents.read().unwrap_or_else(PoisonError::into_inner);
        let shard = SHARD.with(|shard| *shard);
        // `new_agents` makes UPSTREAM_AGENTS of them and `shard` is below that.
        agents[shard % agents.len()].clone()
    }

    /// Called every [`UPSTREAM_IDLE_CONNECTION_AGE_MAX`]: when no request used the agent
    /// since the last call, every pooled connection is at least that old, and the agent is
    /// replaced, closing them. Returns whether it was (so memory may be given back).
    pub fn close_idle_connections(&self) -> bool {
        match self.use_state.load(Ordering::Relaxed) {
            USED => {
                self.use_state.store(UNUSED, Ordering::Relaxed);
                false
            }
            // Marked replaced first: a request from now on marks the agents used again, and
            // is not overwritten, so the agents it pooled a connection in are looked at again.
            UNUSED
                if self
                    .use_state
                    .compare_exchange(UNUSED, REPLACED, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok() =>
            {
                let fresh = new_agents(self.call_timeout);
                let old = std::mem::replace(
                    &mut *self.agents.write().unwrap_or_else(PoisonError::into_inner),
                    fresh,
                );
                // Closed here, outside the lock; a call still holding a clone closes its
                // connection when it ends.
                drop(old);
                true
            }
            _ => false,
        }
    }

    /// Forwards the request (method, path, query, body, Content-Type, Accept, X-Request-Id) and
    /// streams inventory's answer back. The caller has checked that the target is origin-form
    /// under `/api/movies` and that inventory serves the method there.
    pub fn forward(&self, request: &mut Request, request_id: &str) -> Result<ResponseBox, Error> {
        let body = read_body(request).map_err(Error::Body)?;
        let method = http::Method::from_bytes(request.method().as_str().as_bytes())
            .map_err(|_| Error::Invalid("the request method cannot be forwarded".into()))?;
        // A body goes only where there is one, or where the method requires one (POST with an
        // empty body is sent with Content-Length: 0); a bodiless GET stays bodiless, and
        // without a body there is no Content-Type to describe it.
        let needs_body = matches!(
            method,
            http::Method::POST | http::Method::PUT | http::Method::PATCH
        );
        let send_body = (needs_body || !body.is_empty()) && method != http::Method::HEAD;
        let headers: Vec<(&str, String)> = FORWARDED_REQUEST_HEADERS
            .into_iter()
            .filter(|name| *name != "Content-Type" || send_body)
            .filter_map(|name| Some((name, header(request, name)?.to_owned())))
            .collect();
        let invalid = |_| Error::Invalid("the request cannot be forwarded: invalid target".into());
        let mut refused = None;
        let agent = self.agent();
        for index in self.upstreams.order(Instant::now()) {
            let url = format!("{}{}", self.upstreams.base_url(index), request.url());
            let mut builder = http::Request::builder().method(method.clone()).uri(url);
            for (name, value) in &headers {
                builder = builder.header(*name, value.as_str());
            }
            builder = builder.header("X-Request-Id", request_id);
            let started = Instant::now();
            let result = if send_body {
                agent.run(builder.body(body.as_slice()).map_err(invalid)?)
            } else {
                agent.run(builder.body(()).map_err(invalid)?)
            };
            metrics::UPSTREAM_DURATION.observe_duration(started.elapsed());
            match result {
                Ok(response) => {
                    self.upstreams.restore(index);
                    if response.status().is_server_error() {
                        metrics::UPSTREAM_5XX.inc();
                    }
                    return Ok(relay(response));
                }
                Err(error) if never_reached(&error) => {
                    self.upstreams.eject(index, Instant::now());
                    refused = Some(error);
                }
                Err(error) => return Err(upstream_error(error)),
            }
        }
        // Every inventory refused the connection (or none could be tried).
        Err(refused.map_or_else(
            || Error::Upstream("no inventory to send the request to".into()),
            upstream_error,
        ))
    }

    /// Every inventory's `GET /health`, probed at once (one thread each, when the system
    /// gives one), each bounded by [`HEALTH_PROBE_TIMEOUT`].
    pub fn health(&self) -> Vec<UpstreamHealth> {
        let ejected = self.upstreams.ejected(Instant::now());
        std::thread::scope(|scope| {
            let probes: Vec<_> = (0..self.upstreams.count())
                .map(|index| {
                    std::thread::Builder::new()
                        .name("health-probe".into())
                        .spawn_scoped(scope, move || self.is_healthy(index))
                })
                .collect();
            probes
                .into_iter()
                .zip(ejected)
                .enumerate()
                .map(|(index, (probe, ejected))| {
                    let up = match probe {
                        Ok(thread) => thread.join().unwrap_or(false),
                        // No thread to spare: this probe on this thread.
                        Err(_) => self.is_healthy(index),
                    };
                    UpstreamHealth { ejected, up }
                })
                .collect()
        })
    }

    /// Whether inventory `index` answers `GET /health` with 200 in time.
    fn is_healthy(&self, index: usize) -> bool {
        let url = format!("{}/health", self.upstreams.base_url(index));
        let request = self
            .agent()
            .get(url)
            .config()
            .timeout_global(Some(HEALTH_PROBE_TIMEOUT))
            .build();
        match request.call() {
            Ok(mut response) => {
                // Drain the small body so the connection goes back to the pool.
                let _ = response
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_vec();
                response.status() == 200
            }
            Err(_) => false,
        }
    }
}

/// [`UPSTREAM_AGENTS`] agents, each with a pool of its own.
fn new_agents(call_timeout: Duration) -> Vec<ureq::Agent> {
    (0..UPSTREAM_AGENTS)
        .map(|_| new_agent(call_timeout))
        .collect()
}

/// One agent and its pool. Every timeout is written out: ureq has none by default.
/// `call_timeout` bounds each phase of a call: sending, waiting for the answer, reading it
/// (504 past it).
fn new_agent(call_timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        // 4xx and 5xx from inventory are answers to pass on, not errors.
        .http_status_as_error(false)
        .https_only(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .allow_non_standard_methods(true)
        .user_agent(concat!("gateway/", env!("CARGO_PKG_VERSION")))
        // No Accept or Accept-Encoding of ureq's own: we forward the client's.
        .accept("")
        .accept_encoding("")
        .no_delay(true)
        .max_idle_connections(UPSTREAM_IDLE_CONNECTIONS_MAX / UPSTREAM_AGENTS)
        .max_idle_connections_per_host(UPSTREAM_IDLE_CONNECTIONS_MAX / UPSTREAM_AGENTS)
        // Dropped before inventory's keep-alive timeout can close them under us.
        .max_idle_age(UPSTREAM_IDLE_CONNECTION_AGE_MAX)
        .max_response_header_size(UPSTREAM_RESPONSE_HEADER_BYTES_MAX)
        .input_buffer_size(UPSTREAM_INPUT_BUFFER_BYTES)
        .output_buffer_size(UPSTREAM_OUTPUT_BUFFER_BYTES)
        // No resolve, global or per-call timeout: with any of them ureq resolves the host
        // on a new thread for every call, even an IP address (the benchmark saw two threads
        // per proxied request). INVENTORY_URL names an IP on the private network; a host
        // name is resolved inline, bounded by the system resolver's own timeouts. Each
        // phase below is bounded instead, so a silent inventory still gets 504.
        .timeout_resolve(None)
        .timeout_global(None)
        .timeout_per_call(None)
        .timeout_connect(Some(UPSTREAM_CONNECT_TIMEOUT))
        .timeout_send_request(Some(call_timeout))
        .timeout_send_body(Some(call_timeout))
        .timeout_recv_response(Some(call_timeout))
        .timeout_recv_body(Some(call_timeout))
        .timeout_per_read(Some(call_timeout))
        .timeout_per_write(Some(call_timeout))
        .build();
    // ureq's TCP transport with fewer system calls per call (`transport.rs`).
    ureq::Agent::with_parts(config, LeanConnector, DefaultResolver::default())
}

/// Inventory's answer as a tiny_http response: its status, body (streamed, with its length
/// when it sent one) and the forwarded headers.
fn relay(response: http::Response<ureq::Body>) -> ResponseBox {
    let (parts, body) = response.into_parts();
    let length = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let headers = FORWARDED_RESPONSE_HEADERS
        .iter()
        .flat_map(|name| parts.headers.get_all(*name).iter().map(move |v| (*name, v)))
        .filter_map(|(name, value)| edge::response::header(name, value.to_str().ok()?))
        .collect();
    let reader: Box<dyn Read + Send> = Box::new(body.into_reader());
    Response::new(
        StatusCode(parts.status.as_u16()),
        headers,
        reader,
        length,
        None,
    )
    // Keep inventory's framing: Content-Length when it sent one, whatever the size.
    .with_chunked_threshold(usize::MAX)
}

/// Whether the request provably never reached inventory: the connection was refused, timed
/// out or failed before it was established, so not one byte of the request was written, and
/// sending it to another inventory cannot make it happen twice. A reset or an error after the
/// connection was made is not such a proof.
fn never_reached(error: &ureq::Error) -> bool {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => true,
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => true,
        // Only connect(2) reports these: they come before anything is written.
        ureq::Error::Io(io) => matches!(
            io.kind(),
            ErrorKind::ConnectionRefused
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::AddrNotAvailable
        ),
        _ => false,
    }
}

/// 502 for an inventory that cannot be reached or talks nonsense, 504 for one too slow.
fn upstream_error(error: ureq::Error) -> Error {
    let error = match error {
        // Slower than the connect timeout to accept a connection means down, not slow.
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            Error::Upstream(format!("connect: {error}"))
        }
        ureq::Error::Timeout(_) => Error::UpstreamTimeout(error.to_string()),
        ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::TimedOut => {
            Error::UpstreamTimeout(error.to_string())
        }
        ureq::Error::Http(_) | ureq::Error::BadUri(_) => {
            Error::Invalid("the request cannot be forwarded: invalid target or header".into())
        }
        other => Error::Upstream(other.to_string()),
    };
    match error {
        Error::Upstream(_) => metrics::UPSTREAM_CONNECT.inc(),
        Error::UpstreamTimeout(_) => metrics::UPSTREAM_TIMEOUT.inc(),
        _ => {}
    }
    error
}
