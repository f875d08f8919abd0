//! Every bound the billing worker keeps, on one screen.
use std::time::Duration;

/// Unacked messages the broker may push to one worker. Large enough that a full batch is
/// always waiting while the previous one commits; small enough that a crash leaves little to
/// redeliver and other workers get their share (a prototype drained ~33,000/s at 200).
pub const PREFETCH_COUNT: u16 = 200;
/// Orders written by one multi-row INSERT and acked by one `ack_multiple`. Past ~100 rows the
/// statement gets no faster and a failing batch costs more to retry row by row.
pub const BATCH_ORDERS_MAX: usize = 100;
/// Longest a partial batch waits for more orders before it is written; on an idle system this
/// is the delay an order sees (the promise is 100 ms, gateway to table).
pub const BATCH_WAIT_MAX: Duration = Duration::from_millis(20);
/// How often an idle worker looks at the shutdown flag; SIGTERM is answered within this.
pub const SHUTDOWN_POLL_INTERVAL: Duration = Duration::from_millis(50);

/// First wait after a failed connect or write; doubled on each further failure.
pub const RETRY_BACKOFF_MIN: Duration = Duration::from_millis(100);
/// Cap of the doubling: a database or broker back from an outage is used within this.
pub const RETRY_BACKOFF_MAX: Duration = Duration::from_secs(2);

/// TCP connect and AMQP handshake; the broker is on the private network, slower means down.
pub const BROKER_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// AMQP heartbeat; a frozen broker is noticed after two missed beats (the default 60 s would
/// leave the worker waiting two minutes).
pub const BROKER_HEARTBEAT_SECS: u16 = 10;

/// TCP connect and startup of a PostgreSQL session.
pub const DB_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Data sent to PostgreSQL and not acknowledged for this long means the server or the network
/// is gone; without it a write to a frozen server would wait for the kernel's ~15 minutes.
pub const DB_TCP_USER_TIMEOUT: Duration = Duration::from_secs(15);
/// Idle time before TCP keepalive probes start, so a silent peer is noticed between batches.
pub const DB_KEEPALIVES_IDLE: Duration = Duration::from_secs(30);
/// Any one statement; a batch of 100 rows takes a few milliseconds, so past this the database
/// is stuck (a lock, a full disk) and the batch is retried rather than waited on forever.
pub const DB_STATEMENT_TIMEOUT: Duration = Duration::from_secs(10);
/// Any one statement of the schema step at start, including the wait for another worker's:
/// migrating an old `orders` table rewrites it (a few seconds per million rows), and nothing is
/// consumed meanwhile anyway.
pub const DB_MIGRATION_STATEMENT_TIMEOUT: Duration = Duration::from_secs(600);

const _: () = assert!(BATCH_ORDERS_MAX <= PREFETCH_COUNT as usize);
const _: () = assert!(DB_STATEMENT_TIMEOUT.as_secs() <= DB_MIGRATION_STATEMENT_TIMEOUT.as_secs());
const _: () = assert!(BATCH_ORDERS_MAX >= 1);
const _: () = assert!(RETRY_BACKOFF_MIN.as_millis() <= RETRY_BACKOFF_MAX.as_millis());
const _: () = assert!(BATCH_WAIT_MAX.as_millis() < 100);
