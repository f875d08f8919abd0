//! Every bound the inventory enforces, on one screen, besides the HTTP edge's own
//! (`edge::limits`: sockets, heads, bodies, responses); mirrored in docs/ARCHITECTURE.md.
use std::time::Duration;

use edge::limits::{CLIENT_READ_TIMEOUT, REQUEST_BODY_BYTES_MAX};

/// Accept errors other than timeouts (EMFILE) are logged at most this often.
pub const ACCEPT_ERROR_LOG_INTERVAL: Duration = Duration::from_secs(1);
/// How often an idle worker looks at the shutdown flag.
pub const WORKER_POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Worker threads (and so PostgreSQL connections) unless INVENTORY_THREADS says otherwise.
pub const THREADS_DEFAULT: usize = 16;
/// Upper bound of INVENTORY_THREADS: PostgreSQL's default max_connections is 100.
pub const THREADS_MAX: usize = 256;

/// File descriptors one worker's database connection holds: its socket and the epoll, eventfd
/// and timer descriptors of the tokio runtime inside `postgres::Client` (measured: 16 workers
/// connected hold 64). `edge::server::start` fits the client connection cap under
/// `RLIMIT_NOFILE` with them.
pub const DB_CONNECTION_FDS: usize = 4;

/// The database is on the same private network: slower than this to connect means down,
/// and a request must get its 503 within 2 s.
pub const DB_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Server-side cap on one statement; every query here is a primary-key or bounded scan.
pub const DB_STATEMENT_TIMEOUT: Duration = Duration::from_secs(2);
/// TCP keepalive on database connections, to notice a vanished database host while idle.
pub const DB_KEEPALIVE_IDLE: Duration = Duration::from_secs(10);
/// Unacknowledged data to the database for longer than this closes the connection.
pub const DB_TCP_USER_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest title, in characters (Unicode scalar values, as PostgreSQL's varchar counts).
pub const TITLE_CHARS_MAX: usize = 255;
/// Longest description, in characters.
pub const DESCRIPTION_CHARS_MAX: usize = 4000;
/// Largest page a client may ask for with `limit`.
pub const PAGE_LIMIT_MAX: i64 = 1000;

const _: () = assert!(WORKER_POLL_INTERVAL.as_millis() < CLIENT_READ_TIMEOUT.as_millis());
const _: () = assert!(DB_CONNECT_TIMEOUT.as_millis() < 2000);
const _: () = assert!(THREADS_DEFAULT <= THREADS_MAX);
const _: () = assert!(DESCRIPTION_CHARS_MAX * 4 < REQUEST_BODY_BYTES_MAX as usize);
