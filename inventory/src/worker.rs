//! What a worker thread does with a request: runs it start to finish with the thread's own
//! database connection (created on the thread's first request, kept while the thread lives;
//! the edge keeps `INVENTORY_THREADS` workers, so as many connections). The edge's `Exchange`
//! sends the answer and writes the log line.
use std::cell::RefCell;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use edge::in_flight::InFlight;
use edge::Exchange;
use tiny_http::Request;

use crate::routes::route;
use crate::store::Db;
use crate::SERVICE;

thread_local! {
    /// This worker thread's database connection: never shared, nothing locked per request.
    static DB: ThreadDb = const { ThreadDb(RefCell::new(None)) };
}

/// The connection a worker thread keeps until it ends.
struct ThreadDb(RefCell<Option<Db>>);

impl Drop for ThreadDb {
    /// Runs as the worker thread ends, which is only at shutdown (the pool is fixed). Closing
    /// the connection here would run tokio's `block_on` (`postgres::Client`'s drop), whose
    /// context thread-local may already be gone at this point: that is a panic in a
    /// thread-local destructor, which aborts the process (SIGTERM exited 134 instead of 0, seen
    /// in CI). So the connection is left to close with the process; PostgreSQL sees the
    /// socket close as the process exits.
    fn drop(&mut self) {
        std::mem::forget(self.0.get_mut().take());
    }
}

/// What every worker needs to open its connection, and the count of requests in flight
/// (waited for at shutdown).
pub struct Handler {
    pg: postgres::Config,
    schema_ready: Arc<AtomicBool>,
    in_flight: Arc<InFlight>,
}

impl Handler {
    pub fn new(
        pg: postgres::Config,
        schema_ready: Arc<AtomicBool>,
        in_flight: Arc<InFlight>,
    ) -> Handler {
        Handler {
            pg,
            schema_ready,
            in_flight,
        }
    }

    /// Routes one request on this thread's connection and sends the answer.
    pub fn handle(&self, mut request: Request) {
        // Inventory's cap is its worker count: a place is always free here.
        let _slot = InFlight::enter_by(&self.in_flight, Instant::now());
        DB.with(|ThreadDb(cell)| {
            let mut db = cell.borrow_mut();
            let db = db.get_or_insert_with(|| Db::new(self.pg.clone(), self.schema_ready.clone()));
            let exchange = Exchange::begin(SERVICE, &request);
            let reply = match route(db, &mut request) {
                Ok(reply) => reply,
                Err(error) => exchange.refuse(error.problem(), &error),
            };
            exchange.finish(request, reply);
        });
    }
}
