//! A worker thread: takes requests from the shared server, answers them with its own database
//! connection, and writes the request log line.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tiny_http::{Header, Request, Server};

use crate::http::{log_line, loggable_path, problem, request_id};
use crate::limits::{ACCEPT_ERROR_LOG_INTERVAL, WORKER_POLL_INTERVAL};
use crate::routes::route;
use crate::store::Db;

/// What the workers share: the server and the stop flag.
#[derive(Clone)]
pub struct Shared {
    /// The tiny_http server; only its request queue is used from here.
    pub server: Arc<Server>,
    /// Set on SIGTERM/SIGINT: finish the request in hand and what is queued, then exit.
    pub stopping: Arc<AtomicBool>,
}

/// One worker; owns its database connection.
pub struct Worker {
    shared: Shared,
    db: Db,
    accept_error_logged: Option<Instant>,
}

impl Worker {
    /// A worker that will connect to the database on its first request.
    pub fn new(shared: Shared, db: Db) -> Worker {
        Worker {
            shared,
            db,
            accept_error_logged: None,
        }
    }

    /// Serves until stopping and the queue has nothing more for it.
    pub fn run(mut self) {
        loop {
            let next = self.shared.server.recv_timeout(WORKER_POLL_INTERVAL);
            let stopping = self.shared.stopping.load(Ordering::Acquire);
            match next {
                Ok(Some(request)) => self.handle(request),
                Ok(None) if stopping => return,
                Ok(None) => {}
                // tiny_http queues its accept errors. Once stopping they are expected (the
                // listener is shut down); before, they are EMFILE and the like, and the
                // vendored tiny_http keeps accepting, so they are only worth a log line.
                Err(_) if stopping => return,
                Err(error) => self.log_accept_error(&error),
            }
        }
    }

    fn log_accept_error(&mut self, error: &std::io::Error) {
        let due = self
            .accept_error_logged
            .map_or(true, |at| at.elapsed() >= ACCEPT_ERROR_LOG_INTERVAL);
        if due {
            eprintln!("inventory: accepting a connection failed: {error}");
            self.accept_error_logged = Some(Instant::now());
        }
    }

    fn handle(&mut self, mut request: Request) {
        let started = Instant::now();
        let method = request.method().to_string();
        let url = request.url().to_owned();
        let rid = request_id(&request);
        let mut reply = match route(&mut self.db, &mut request) {
            Ok(reply) => reply,
            Err(error) => problem(&error, &method, &url),
        };
        if let Some(header) = rid
            .as_deref()
            .and_then(|id| Header::from_bytes("X-Request-Id", id).ok())
        {
            reply.add_header(header);
        }
        let status = reply.status_code().0;
        if let Err(error) = request.respond(reply) {
            eprintln!(
                "inventory: {method} {}: writing the response failed: {error}",
                loggable_path(&url)
            );
        }
        let duration_ms = started.elapsed().as_millis();
        println!(
            "{}",
            log_line(&method, &url, status, duration_ms, rid.as_deref())
        );
    }
}
