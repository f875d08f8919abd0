//! Billing's metrics, served by the edge's metrics listener at `BILLING_METRICS_LISTEN`
//! (billing serves nothing else).
use edge::metrics::{Counter, Histogram, Text, DURATION_BUCKETS};
use std::time::{SystemTime, UNIX_EPOCH};

/// The one route of the metrics listener.
pub const ROUTES: &[&str] = &["/metrics"];

/// Deliveries received from the queue (each counted once per delivery, redeliveries too).
pub static MESSAGES_CONSUMED: Counter = Counter::new();
/// Orders inserted (committed).
pub static ORDERS_WRITTEN: Counter = Counter::new();
/// Orders already there with the same fingerprint (a redelivery): acked, not written again.
pub static DUPLICATES_SKIPPED: Counter = Counter::new();
/// Orders whose id was already there with another fingerprint: recorded in `order_conflicts`.
pub static CONFLICTS: Counter = Counter::new();
/// Messages that could not be read as an order: dead-lettered.
pub static DEAD_LETTERED_INVALID: Counter = Counter::new();
/// Orders the database refused by a constraint: dead-lettered.
pub static DEAD_LETTERED_REFUSED: Counter = Counter::new();
/// Broker sessions opened after the first one.
pub static BROKER_RECONNECTS: Counter = Counter::new();
/// Database sessions opened after the first one.
pub static DB_RECONNECTS: Counter = Counter::new();
/// Batch writes that failed (database unavailable or erroring); retried.
pub static DB_WRITE_FAILURES: Counter = Counter::new();

/// Batch sizes: 1 to the most a batch holds (`BATCH_ORDERS_MAX` = 100).
pub static BATCH_SIZE: Histogram = Histogram::new(&[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]);
/// The write of a batch, from its first statement to its COMMIT.
pub static COMMIT_DURATION: Histogram = Histogram::new(DURATION_BUCKETS);
/// Publish (the AMQP timestamp the gateway sets, whole seconds) to COMMIT.
pub static LAG: Histogram =
    Histogram::new(&[0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0]);

/// Records the lag of a committed order published at `timestamp` (seconds since the epoch).
pub fn observe_lag(timestamp: u64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    LAG.observe(now - timestamp as f64);
}

/// Billing's families.
pub fn write(text: &mut Text) {
    text.counter(
        "billing_messages_consumed_total",
        "Deliveries received from the queue (redeliveries included).",
        &MESSAGES_CONSUMED,
    );
    text.counter(
        "billing_orders_written_total",
        "Orders inserted and committed.",
        &ORDERS_WRITTEN,
    );
    text.counter(
        "billing_duplicates_skipped_total",
        "Orders already written with the same fingerprint (redeliveries): acked, not written again.",
        &DUPLICATES_SKIPPED,
    );
    text.counter(
        "billing_conflicts_total",
        "Orders whose id was already written for another order: recorded in order_conflicts.",
        &CONFLICTS,
    );
    let dead = "billing_dead_lettered_total";
    text.family(
        dead,
        "counter",
        "Messages moved to the dead-letter queue: invalid (not an order) or refused (by a \
         database constraint).",
    );
    text.sample(dead, &[("reason", "invalid")], DEAD_LETTERED_INVALID.get());
    text.sample(dead, &[("reason", "refused")], DEAD_LETTERED_REFUSED.get());
    text.histogram(
        "billing_batch_size",
        "Deliveries per batch written.",
        &BATCH_SIZE,
    );
    text.histogram(
        "billing_commit_duration_seconds",
        "Time to write a batch, from its first statement to its COMMIT.",
        &COMMIT_DURATION,
    );
    text.histogram(
        "billing_publish_to_commit_lag_seconds",
        "Time from an order's publish (its AMQP timestamp, whole seconds) to its COMMIT.",
        &LAG,
    );
    text.counter(
        "billing_broker_reconnects_total",
        "Broker sessions opened after the first one.",
        &BROKER_RECONNECTS,
    );
    text.counter(
        "billing_db_reconnects_total",
        "Database sessions opened after the first one.",
        &DB_RECONNECTS,
    );
    text.counter(
        "billing_db_write_failures_total",
        "Batch writes that failed (database unavailable or erroring) and were retried.",
        &DB_WRITE_FAILURES,
    );
}
