//! # Simple usage
//!
//! ## Creating the server
//!
//! The easiest way to create a server is to call `Server::http()`.
//!
//! The `http()` function returns an `IoResult<Server>` which will return an error
//! in the case where the server creation fails (for example if the listening port is already
//! occupied).
//!
//! ```no_run
//! let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! ```
//!
//! A newly-created `Server` will immediately start listening for incoming connections and HTTP
//! requests.
//!
//! ## Receiving requests
//!
//! Calling `server.recv()` will block until the next request is available.
//! This function returns an `IoResult<Request>`, so you need to handle the possible errors.
//!
//! ```no_run
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//!
//! loop {
//!     // blocks until the next request is received
//!     let request = match server.recv() {
//!         Ok(rq) => rq,
//!         Err(e) => { println!("error: {}", e); break }
//!     };
//!
//!     // do something with the request
//!     // ...
//! }
//! ```
//!
//! In a real-case scenario, you will probably want to spawn multiple worker tasks and call
//! `server.recv()` on all of them. Like this:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::thread;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! let server = Arc::new(server);
//! let mut guards = Vec::with_capacity(4);
//!
//! for _ in (0 .. 4) {
//!     let server = server.clone();
//!
//!     let guard = thread::spawn(move || {
//!         loop {
//!             let rq = server.recv().unwrap();
//!
//!             // ...
//!         }
//!     });
//!
//!     guards.push(guard);
//! }
//! ```
//!
//! If you don't want to block, you can call `server.try_recv()` instead.
//!
//! ## Handling requests
//!
//! The `Request` object returned by `server.recv()` contains informations about the client's request.
//! The most useful methods are probably `request.method()` and `request.url()` which return
//! the requested method (`GET`, `POST`, etc.) and url.
//!
//! To handle a request, you need to create a `Response` object. See the docs of this object for
//! more infos. Here is an example of creating a `Response` from a file:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! ```
//!
//! All that remains to do is call `request.respond()`:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! # let request = server.recv().unwrap();
//! # let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! let _ = request.respond(response);
//! ```
// Patched (PATCHES.md): `unsafe` is allowed in `sys.rs` alone (four Linux calls std lacks).
#![deny(unsafe_code)]
#![deny(rust_2018_idioms)]
#![allow(clippy::match_like_matches_macro)]
// Vendored: upstream code that today's compiler warns about, left as it was.
#![allow(dead_code, unused_imports)]


use std::error::Error;
use std::io::Error as IoError;
use std::io::ErrorKind as IoErrorKind;
use std::io::Result as IoResult;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use connection::Connection;
use util::MessagesQueue;

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use limits::ServerLimits;
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use request::Request;
pub use response::{Response, ResponseBox};
pub use sys::{
    limit_malloc_arenas, raise_open_files_limit, readable_now, release_free_memory,
    set_listen_backlog,
};

mod common;
mod conn;
mod head;
mod limits;
mod connection;
mod request;
mod response;
mod sys;
mod util;
mod workers;

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket and the reading
///  part of all the client's connections. Requests that have already been returned by
///  the `recv()` function will not close and the responses will be transferred to the client.
pub struct Server {
    // should be false as long as the server exists
    // when set to true, all the subtasks will close within a few hundreds ms
    close: Arc<AtomicBool>,

    // queue for messages received by child threads
    messages: Arc<MessagesQueue<Message>>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,

    // Patched (PATCHES.md): open client connections.
    open: Arc<conn::OpenConnections>,
}

enum Message {
    Error(IoError),
    NewRequest(Request),
}

impl From<IoError> for Message {
    fn from(e: IoError) -> Message {
        Message::Error(e)
    }
}

impl From<Request> for Message {
    fn from(rq: Request) -> Message {
        Message::NewRequest(rq)
    }
}

// this trait is to make sure that Server implements Share and Send
#[doc(hidden)]
trait MustBeShareDummy: Sync + Send {}
#[doc(hidden)]
impl MustBeShareDummy for Server {}

pub struct IncomingRequests<'a> {
    server: &'a Server,
}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// If `Some`, then the server will use SSL to encode the communications.
    pub ssl: Option<SslConfig>,
}

/// Configuration of the server for SSL.
#[derive(Debug, Clone)]
pub struct SslConfig {
    /// Contains the public certificate to send to clients.
    pub certificate: Vec<u8>,
    /// Contains the ultra-secret private key used to decode communications.
    pub private_key: Vec<u8>,
}

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: None,
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            ssl: None,
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener(listener, config.ssl)
    }

    /// Builds a new server using the specified TCP listener.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Self::from_listener_with_limits(listener, ssl_config, ServerLimits::default())
    }

    /// Patched (PATCHES.md): the server with every client bound chosen by the caller; its
    /// requests are taken with `recv()`.
    pub fn from_listener_with_limits<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
        limits: ServerLimits,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Self::start(listener.into(), ssl_config, limits, None)
    }

    /// Patched (PATCHES.md): the server that runs `handler` on each request, on the worker
    /// thread that read it (at most `limits.workers_max` at once); `recv()` gets nothing.
    pub fn from_listener_with_handler<L, H>(
        listener: L,
        limits: ServerLimits,
        handler: H,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        L: Into<Listener>,
        H: Fn(Request) + Send + Sync + 'static,
    {
        Self::start(listener.into(), None, limits, Some(Arc::new(handler)))
    }

    fn start(
        listener: Listener,
        ssl_config: Option<SslConfig>,
        limits: ServerLimits,
        handler: Option<workers::Dispatch>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            log::debug!("Server listening on {}", local_addr);
            (listener, local_addr)
        };

        // Patched (PATCHES.md): TLS is not served (the features and their code are removed).
        if ssl_config.is_some() {
            return Err("this tiny_http is built without TLS".into());
        }

        // Patched (PATCHES.md): the accept loop only accepts. It never writes: a connection
        // past `connections_max` goes to the refusal thread (a short 503, then close), or is
        // closed at once when even that thread is behind. Each connection is queued for the
        // workers (`workers.rs`), which answer its refused heads themselves.
        let messages = MessagesQueue::with_capacity(8);
        let open = Arc::new(conn::OpenConnections(AtomicUsize::new(0)));
        let refusals = start_refusal_thread()?;
        // With `recv()` an accept error is handed out like a request; with a handler nobody
        // takes from the queue, so it is not queued there (it would grow for every failed
        // accept, 100 a second under EMFILE).
        let report_accept_errors = handler.is_none();
        let mut limits = limits;
        let (dispatch, workers_max) = match handler {
            Some(handler) => (handler, limits.workers_max),
            None => {
                // With `recv()`, a connection waits for its answers on its worker: any
                // connection may need one, at once (none is started late).
                let queue = messages.clone();
                let push: workers::Dispatch = Arc::new(move |rq: Request| queue.push(rq.into()));
                limits.workers_eager_max = limits.connections_max;
                (push, limits.connections_max)
            }
        };
        let limits = Arc::new(limits);
        let workers =
            workers::Workers::start(limits.clone(), dispatch, workers_max, close_trigger.clone())?;

        let inside_close_trigger = close_trigger.clone();
        let inside_messages = messages.clone();
        let inside_open = open.clone();
        thread::Builder::new()
            .name("http-accept".into())
            .spawn(move || {
                while !inside_close_trigger.load(Relaxed) {
                    match server.accept() {
                        Ok((sock, _)) => {
                            if open.0.load(Relaxed) >= limits.connections_max {
                                // Full: refuse off this thread; drop (close) when behind.
                                let _ = refusals.try_send(sock);
                                continue;
                            }
                            open.0.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
                            workers.enqueue(conn::Conn::new(sock, limits.clone(), open.clone()));
                        }
                        // SO_RCVTIMEO on the listener bounds accept(); just accept again.
                        Err(e)
                            if matches!(
                                e.kind(),
                                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                            ) => {}
                        // EMFILE and the like: report, pause, resume (upstream stopped for good).
                        Err(e) => {
                            log::error!("Error accepting new client: {}", e);
                            if report_accept_errors {
                                inside_messages.push(e.into());
                            }
                            thread::sleep(ACCEPT_ERROR_PAUSE);
                        }
                    }
                }
            })?;

        // result
        Ok(Server {
            messages,
            close: close_trigger,
            listening_addr: local_addr,
            open: inside_open,
        })
    }

    /// Returns an iterator for all the incoming requests.
    ///
    /// The iterator will return `None` if the server socket is shutdown.
    #[inline]
    pub fn incoming_requests(&self) -> IncomingRequests<'_> {
        IncomingRequests { server: self }
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    /// Patched (PATCHES.md): counted (upstream's was `unimplemented!()`, a panic).
    pub fn num_connections(&self) -> usize {
        self.open.0.load(Relaxed)
    }

    /// Blocks until an HTTP request has been submitted and returns it.
    pub fn recv(&self) -> IoResult<Request> {
        match self.messages.pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(rq),
            None => Err(IoError::new(IoErrorKind::Other, "thread unblocked")),
        }
    }

    /// Same as `recv()` but doesn't block longer than timeout
    pub fn recv_timeout(&self, timeout: Duration) -> IoResult<Option<Request>> {
        match self.messages.pop_timeout(timeout) {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Same as `recv()` but doesn't block.
    pub fn try_recv(&self) -> IoResult<Option<Request>> {
        match self.messages.try_pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Unblock thread stuck in recv() or incoming_requests().
    /// If there are several such threads, only one is unblocked.
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

impl Iterator for IncomingRequests<'_> {
    type Item = Request;
    fn next(&mut self) -> Option<Request> {
        self.server.recv().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.close.store(true, Relaxed);
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            ListenAddr::Unix(addr) => {
                // TODO: use connect_addr when its stabilized.
                match addr.as_pathname() {
                    Some(path) => std::os::unix::net::UnixStream::connect(path).map(Connection::from),
                    None => Err(IoError::new(IoErrorKind::Other, "unnamed socket")),
                }
            }
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr {
            if let Some(path) = addr.as_pathname() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Pause after a failed accept (EMFILE) before the next one.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(10);
/// Connections waiting for their 503 when the server is full; more are closed unanswered.
const REFUSALS_QUEUED_MAX: usize = 64;
/// Bound on writing one 503 and on lingering after it.
const REFUSAL_IO_TIMEOUT: Duration = Duration::from_millis(500);

/// Patched (PATCHES.md): the thread that answers connections past `connections_max` with a
/// short problem+json 503 and closes them, so the accept thread never writes.
fn start_refusal_thread() -> std::io::Result<mpsc::SyncSender<Connection>> {
    let (sender, receiver) = mpsc::sync_channel::<Connection>(REFUSALS_QUEUED_MAX);
    thread::Builder::new()
        .name("http-refuse".into())
        .spawn(move || {
            let mut body = Vec::new();
            let _ = response::problem_response(
                503,
                "the server has too many open connections; retry",
            )
            .with_header(
                Header::from_bytes(&b"Retry-After"[..], &b"1"[..])
                    .expect("a constant, valid header"),
            )
            .write_to(&mut body, &HTTPVersion(1, 1), false, true);
            for sock in receiver {
                let _ = sock.set_write_timeout(Some(REFUSAL_IO_TIMEOUT));
                if sock.write_shared(&body).is_ok() {
                    let _ = sock.shutdown(Shutdown::Write);
                    // Linger briefly so the answer is read rather than reset.
                    let _ = sock.set_read_timeout(Some(REFUSAL_IO_TIMEOUT));
                    let until = std::time::Instant::now() + REFUSAL_IO_TIMEOUT;
                    let mut scratch = [0u8; 4096];
                    while std::time::Instant::now() < until {
                        match sock.read_shared(&mut scratch) {
                            Ok(0) | Err(_) => break,
                            Ok(_) => {}
                        }
                    }
                }
            }
        })?;
    Ok(sender)
}
