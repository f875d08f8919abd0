//! Every bound the inventory enforces, on one screen, besides the HTTP edge's own
//! (`edge::limits`: sockets, heads, bodies, responses); mirrored in docs/ARCHITECTURE.md.
use std::time::Duration;

use edge::limits::REQUEST_BODY_BYTES_MAX;

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

const _: () = assert!(DB_CONNECT_TIMEOUT.as_millis() < 2000);
const _: () = assert!(THREADS_DEFAULT <= THREADS_MAX);
const _: () = assert!(DESCRIPTION_CHARS_MAX * 4 < REQUEST_BODY_BYTES_MAX as usize);

// --- GET /api/movies: how a long listing is streamed (listing.rs, store.rs) ---

/// A listing of at most this many movies is read with one statement and sent whole, with its
/// length, as before streaming: one round trip where a cursor takes four or more (the
/// 100-movie list of `scripts/bench.sh` fell from ~5,000 to ~1,900 requests/s through a
/// cursor). Its rows are held at once: at most ~3.3 MB of the largest movies, ~170 KB of
/// typical ones.
pub const LISTING_WHOLE_ROWS_MAX: usize = 128;

/// Rows per `FETCH`. Bounds what one listing holds in memory (a batch of rows and their
/// `Movie`s, at most `LISTING_BATCH_ROWS * MOVIE_JSON_BYTES_MAX` bytes of JSON, typically
/// ~40 KB) and how long the transaction may sit idle while the client takes that batch. Each
/// `FETCH` costs a round trip, so fewer rows per batch make a long list slower to produce.
pub const LISTING_BATCH_ROWS: usize = 32;

/// Encoded JSON made ready per refill of the body (it may run over by one movie); tiny_http
/// takes it in pieces of its own write buffer.
pub const LISTING_CHUNK_BYTES: usize = 32 * 1024;

/// The listing's transaction is ended by PostgreSQL (the session terminated, so the answer is
/// cut) when the worker goes this long between two `FETCH`es. Only a stuck worker gets there:
/// a client reading at the edge's minimum progress takes a whole batch of the largest movies
/// sooner (asserted below), and one reading slower has its answer cut by the edge first. Each
/// `FETCH` itself is bounded by `DB_STATEMENT_TIMEOUT`.
pub const LISTING_IDLE_IN_TRANSACTION_TIMEOUT: Duration = Duration::from_secs(300);

/// The longest JSON a movie can encode to: every character of a maximal title and description
/// escaped as `\u00XX` (6 bytes), plus the id and the punctuation.
pub const MOVIE_JSON_BYTES_MAX: usize = (TITLE_CHARS_MAX + DESCRIPTION_CHARS_MAX) * 6 + 64;

/// The longest a batch of the largest movies takes a client reading at the edge's minimum
/// progress: one progress window per minimum amount, rounded up, plus the window in which the
/// edge notices a stall.
const LISTING_BATCH_DRAIN_SECS_MAX: u64 = ((LISTING_BATCH_ROWS * MOVIE_JSON_BYTES_MAX) as u64)
    .div_ceil(edge::limits::RESPONSE_PROGRESS_BYTES_MIN)
    * edge::limits::RESPONSE_PROGRESS_WINDOW.as_secs()
    + edge::limits::RESPONSE_PROGRESS_WINDOW.as_secs();

const _: () = assert!(LISTING_BATCH_ROWS >= 1);
const _: () = assert!(LISTING_WHOLE_ROWS_MAX * MOVIE_JSON_BYTES_MAX <= 4 * 1024 * 1024);
const _: () =
    assert!(LISTING_IDLE_IN_TRANSACTION_TIMEOUT.as_secs() >= LISTING_BATCH_DRAIN_SECS_MAX);
