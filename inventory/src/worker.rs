//! A worker thread: takes requests from the shared server, answers them with its own database
//! connection, and writes the request log line.
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tiny_http::{Header, Request, Server};

use crate::http::{log_line, loggable_path, problem, request_id};
use crate::limits::WORKER_POLL_INTERVAL;
use crate::routes::route;
use crate::store::Db;

/// What the workers share: the server, the stop flag and the first fatal error.
#[derive(Clone)]
pub struct Shared {
    /// The tiny_http server; only its request queue is used from here.
    pub server: Arc<Server>,
    /// Set on SIGTERM/SIGINT or a fatal error: finish what is queued, then exit.
    pub stopping: Arc<AtomicBool>,
    /// The accept loop's error if it ended while we were not stopping.
    pub failure: Arc<Mutex<Option<io::Error>>>,
}

/// One worker; owns its database connection.
pub struct Worker {
    shared: Shared,
    db: Db,
}

impl Worker {
    /// A worker that will connect to the database on its first request.
    pub fn new(shared: Shared, db: Db) -> Worker {
        Worker { shared, db }
    }

    /// Serves until stopping and no request arrives for one poll interval.
    pub fn run(mut self) {
        loop {
            match self.shared.server.recv_timeout(WORKER_POLL_INTERVAL) {
                Ok(Some(request)) => self.handle(request),
                Ok(None) => {
                    if self.shared.stopping.load(Ordering::Acquire) {
                        return;
                    }
                }
                // tiny_http reports the end of its accept loop once, as an error here.
                Err(error) => {
                    if !self.shared.stopping.swap(true, Ordering::AcqRel) {
                        eprintln!("inventory: the accept loop ended: {error}; stopping");
                        if let Ok(mut failure) = self.shared.failure.lock() {
                            failure.get_or_insert(error);
                        }
                    }
                }
            }
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
