//! Inventory's own metrics (the HTTP request counts are the edge's): atomics bumped where
//! things happen, written on `GET /metrics`.
use crate::error::Error;
use edge::metrics::{Counter, Text};
use edge::metrics_listener::{Listener, Page};
use std::net::SocketAddr;

/// The route templates requests are counted under (anything else is `other`).
pub const ROUTES: &[&str] = &["/api/movies", "/api/movies/{id}", "/health", "/metrics"];

/// Statements or connections that failed because the database was not serving (503).
pub static DB_UNAVAILABLE: Counter = Counter::new();
/// Statements the database rejected for another reason (500: a bug).
pub static DB_STATEMENT_ERRORS: Counter = Counter::new();
/// Connections opened after a worker's first one (after an outage or a closed session).
pub static DB_RECONNECTS: Counter = Counter::new();
/// Movies read from the database into answers.
pub static ROWS_RETURNED: Counter = Counter::new();

/// Inventory's families, after the edge's request counts.
pub fn write(text: &mut Text) {
    let errors = "inventory_db_errors_total";
    text.family(
        errors,
        "counter",
        "Database failures: unavailable (down, refusing, timed out, connection lost; answered \
         503) or statement (rejected otherwise; answered 500).",
    );
    text.sample(errors, &[("kind", "unavailable")], DB_UNAVAILABLE.get());
    text.sample(errors, &[("kind", "statement")], DB_STATEMENT_ERRORS.get());
    text.counter(
        "inventory_db_reconnects_total",
        "Database connections opened after a connection was lost or closed.",
        &DB_RECONNECTS,
    );
    text.counter(
        "inventory_rows_returned_total",
        "Movies read from the database into answers.",
        &ROWS_RETURNED,
    );
}

/// The page `GET /metrics` answers.
pub const PAGE: Page = Page {
    service: crate::SERVICE,
    version: env!("CARGO_PKG_VERSION"),
    write,
};

/// Starts the listener of `INVENTORY_METRICS_LISTEN`.
pub fn listen(addr: SocketAddr) -> Result<Listener, Error> {
    Listener::start(addr, PAGE).map_err(Error::Bind)
}
