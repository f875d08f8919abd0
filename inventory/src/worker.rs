//! A worker thread: takes requests from the shared server and answers them with its own
//! database connection (the edge's `Exchange` sends the answer and writes the log line).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use edge::Exchange;
use tiny_http::{Request, Server};

use crate::limits::{ACCEPT_ERROR_LOG_INTERVAL, WORKER_POLL_INTERVAL};
use crate::routes::route;
use crate::store::Db;
use crate::SERVICE;

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
            edge::log::event(
                SERVICE,
                format_args!("accepting a connection failed: {error}"),
            );
            self.accept_error_logged = Some(Instant::now());
        }
    }

    fn handle(&mut self, mut request: Request) {
        let exchange = Exchange::begin(SERVICE, &request);
        let reply = match route(&mut self.db, &mut request) {
            Ok(reply) => reply,
            Err(error) => exchange.refuse(error.problem(), &error),
        };
        exchange.finish(request, reply);
    }
}
