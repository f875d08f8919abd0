//! The consume loop: broker sessions with reconnection, batches written in one statement,
//! and acks sent only after the COMMIT of the rows they cover.
use crate::backoff::Backoff;
use crate::batch::{logged_message_id, parse_delivery, Batch};
use crate::config::Config;
use crate::error::Error;
use crate::limits::{
    BROKER_CONNECT_TIMEOUT, BROKER_HEARTBEAT_SECS, PREFETCH_COUNT, SHUTDOWN_POLL_INTERVAL,
};
use crate::metrics;
use crate::shutdown::Shutdown;
use crate::store::{Conflict, OrderRow, Store, Written};
use amiquip::{Consumer, ConsumerMessage, ConsumerOptions, Delivery, FieldTable};
use broker::Connector;
use std::time::Instant;

/// Consumes until `shutdown` is requested. Database and broker failures are logged and
/// retried with capped backoff; a lost broker node is followed by the next one of
/// `RABBIT_HOSTS`. Only a queue of the other type than `BILLING_QUEUE_TYPE` gives up
/// (`Err`): no retry can fix it.
pub fn run(config: &Config, shutdown: &Shutdown) -> Result<(), Error> {
    let mut store = Store::new(&config.postgres);
    if !connect_store(&mut store, shutdown) {
        return Ok(());
    }
    let mut connector = Connector::new(
        config.broker.clone(),
        BROKER_CONNECT_TIMEOUT,
        BROKER_HEARTBEAT_SECS,
    );
    let mut backoff = Backoff::new();
    let mut sessions = 0u64;
    while !shutdown.is_requested() {
        match consume(
            config,
            &mut connector,
            &mut store,
            shutdown,
            &mut backoff,
            &mut sessions,
        ) {
            Ok(()) => return Ok(()),
            Err(e @ Error::QueueMismatch(_)) => return Err(e),
            Err(e) => {
                let delay = backoff.next_delay();
                eprintln!("billing: {e}; reconnecting in {}ms", delay.as_millis());
                if !shutdown.sleep(delay) {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// The database comes first: consuming with nowhere to write would only hold messages.
/// Returns false if shutdown was requested before it could connect.
fn connect_store(store: &mut Store, shutdown: &Shutdown) -> bool {
    let mut backoff = Backoff::new();
    loop {
        match store.connect() {
            Ok(()) => return true,
            Err(e) => {
                let delay = backoff.next_delay();
                eprintln!("billing: {e}; retrying in {}ms", delay.as_millis());
                if !shutdown.sleep(delay) {
                    return false;
                }
            }
        }
    }
}

/// One broker session, from connect to shutdown (`Ok`) or to the loss of the connection
/// (`Err`). Deliveries still in the batch when the session ends are dropped unacked: their
/// tags die with the channel, and the broker redelivers the messages.
fn consume(
    config: &Config,
    connector: &mut Connector,
    store: &mut Store,
    shutdown: &Shutdown,
    backoff: &mut Backoff,
    sessions: &mut u64,
) -> Result<(), Error> {
    let (mut connection, node) = connector.connect()?;
    // Declared when the user may configure the queues, else checked: a deployed worker's
    // user may only consume, and provisioning declares the queues.
    let channel = broker::queue::open_declared(&mut connection, &config.queue, config.queue_type)?;
    // prefetch_size 0: no byte limit; global false: the count is per consumer.
    channel.qos(0, PREFETCH_COUNT, false)?;
    let consumer = channel.basic_consume(
        config.queue.as_str(),
        ConsumerOptions {
            no_local: false,
            no_ack: false,
            exclusive: false,
            arguments: FieldTable::default(),
        },
    )?;
    println!(
        "{} on {node}",
        edge::ready::consuming(crate::SERVICE, &config.queue)
    );
    if *sessions > 0 {
        metrics::BROKER_RECONNECTS.inc();
    }
    *sessions += 1;
    backoff.reset();
    let dead_letter_queue = order::queue::dead_letter_queue_name(&config.queue);
    let flusher = Flusher {
        consumer: &consumer,
        dead_letter_queue: &dead_letter_queue,
        shutdown,
    };
    let mut batch = Batch::new();
    loop {
        let wait = batch.wait(Instant::now(), SHUTDOWN_POLL_INTERVAL);
        match consumer.receiver().recv_timeout(wait) {
            Ok(ConsumerMessage::Delivery(delivery)) => batch.push(delivery, Instant::now()),
            Ok(message) => return Err(consumer_ended(message)),
            Err(e) if e.is_timeout() => {}
            Err(_) => return Err(Error::ConsumerEnded("the delivery channel was closed")),
        }
        if shutdown.is_requested() {
            // Stop the flow first; what the broker already pushed past the batch is
            // requeued when the channel and connection close on drop, below.
            consumer.cancel()?;
            flusher.flush(store, batch.take())?;
            return Ok(());
        }
        if batch.is_due(Instant::now()) {
            flusher.flush(store, batch.take())?;
        }
    }
}

fn consumer_ended(message: ConsumerMessage) -> Error {
    match message {
        ConsumerMessage::ServerClosedChannel(e) | ConsumerMessage::ServerClosedConnection(e) => {
            Error::Broker(e)
        }
        ConsumerMessage::ServerCancelled => {
            Error::ConsumerEnded("the broker cancelled the consumer (queue deleted?)")
        }
        ConsumerMessage::ClientCancelled
        | ConsumerMessage::ClientClosedChannel
        | ConsumerMessage::ClientClosedConnection => Error::ConsumerEnded("closed by the worker"),
        ConsumerMessage::Delivery(_) => unreachable!("deliveries are handled by the caller"),
    }
}

/// One line per conflicting message: an operator greps for it, then reads
/// `order_conflicts` (`billing_conflicts_total` counts them).
fn log_conflict(row: &OrderRow, conflict: &Conflict) {
    let existing = conflict
        .existing
        .map_or_else(|| "unreadable".to_owned(), |f| f.to_string());
    let order = &row.order;
    let items = order
        .number_of_items()
        .map_or_else(|| "-".to_owned(), |n| n.to_string());
    eprintln!(
        "billing: conflict: order_id={} was already written for another order \
         (fingerprint {existing}); this message (fingerprint {}, user_id={} \
         number_of_items={items} total_amount={}) is not written over it and is recorded in \
         order_conflicts",
        row.order_id,
        order.fingerprint(),
        order.user_id(),
        order.total_amount()
    );
}

/// Writes batches and settles their deliveries on one channel.
struct Flusher<'a> {
    consumer: &'a Consumer<'a>,
    dead_letter_queue: &'a str,
    shutdown: &'a Shutdown,
}

impl Flusher<'_> {
    /// Dead-letters the messages that can never be written, writes the others in one
    /// transaction (waiting out a database outage), and after the COMMIT acks them all with
    /// one `ack_multiple`. Each delivery is settled once: it is moved into `reject` or covered
    /// by the single ack. If shutdown is requested during an outage, nothing is acked.
    /// `Err` only for broker errors: the caller then abandons the channel.
    fn flush(&self, store: &mut Store, deliveries: Vec<Delivery>) -> Result<(), Error> {
        if deliveries.is_empty() {
            return Ok(());
        }
        let started = Instant::now();
        let received = deliveries.len();
        metrics::MESSAGES_CONSUMED.add(received as u64);
        metrics::BATCH_SIZE.observe(received as f64);
        let mut dead_lettered = 0;
        let mut valid: Vec<Delivery> = Vec::with_capacity(received);
        let mut rows: Vec<OrderRow> = Vec::with_capacity(received);
        for delivery in deliveries {
            match parse_delivery(&delivery) {
                Ok(row) => {
                    valid.push(delivery);
                    rows.push(row);
                }
                Err(reason) => {
                    self.dead_letter(delivery, &reason)?;
                    metrics::DEAD_LETTERED_INVALID.inc();
                    dead_lettered += 1;
                }
            }
        }
        let mut written = Written::default();
        if !rows.is_empty() {
            let Some(result) = self.write_until_committed(store, &rows) else {
                return Ok(());
            };
            written = result;
            for conflict in &written.conflicts {
                log_conflict(&rows[conflict.index], conflict);
            }
            metrics::ORDERS_WRITTEN.add(written.inserted);
            metrics::DUPLICATES_SKIPPED.add(written.duplicates);
            metrics::CONFLICTS.add(written.conflicts.len() as u64);
            metrics::DEAD_LETTERED_REFUSED.add(written.refused.len() as u64);
            // Committed: every valid delivery's publish-to-commit lag, from the gateway's
            // AMQP timestamp (a message without one is not measured).
            for delivery in &valid {
                if let Some(timestamp) = *delivery.properties.timestamp() {
                    metrics::observe_lag(timestamp);
                }
            }
            dead_lettered += written.refused.len();
            self.settle(valid, &mut written)?;
        }
        println!(
            "batch messages={received} inserted={} duplicates={} conflicts={} \
             dead_lettered={dead_lettered} duration_ms={}",
            written.inserted,
            written.duplicates,
            written.conflicts.len(),
            started.elapsed().as_millis()
        );
        Ok(())
    }

    /// Retries while the database is unavailable; `None` if shutdown is requested meanwhile.
    fn write_until_committed(&self, store: &mut Store, rows: &[OrderRow]) -> Option<Written> {
        let mut backoff = Backoff::new();
        loop {
            let started = Instant::now();
            match store.write(rows) {
                Ok(written) => {
                    metrics::COMMIT_DURATION.observe_duration(started.elapsed());
                    return Some(written);
                }
                Err(e) => {
                    metrics::DB_WRITE_FAILURES.inc();
                    let delay = backoff.next_delay();
                    eprintln!(
                        "billing: cannot write {} orders, none acked: {e}; retrying in {}ms",
                        rows.len(),
                        delay.as_millis()
                    );
                    if !self.shutdown.sleep(delay) {
                        eprintln!(
                            "billing: stopping with {} orders unwritten; unacked, the broker \
                             keeps them",
                            rows.len()
                        );
                        return None;
                    }
                }
            }
        }
    }

    /// After the COMMIT: rejects the rows the database refused, then acks the rest with one
    /// `ack_multiple` on the last. The rejects go first because the ack covers every lower tag.
    /// Conflicts are acked: they are recorded in `order_conflicts`, committed like the rows.
    fn settle(&self, valid: Vec<Delivery>, written: &mut Written) -> Result<(), Error> {
        let mut valid: Vec<Option<Delivery>> = valid.into_iter().map(Some).collect();
        for (index, reason) in written.refused.drain(..) {
            let delivery = valid[index]
                .take()
                .expect("the store reports each refused row once, by its index");
            self.dead_letter(delivery, &reason)?;
        }
        if let Some(last) = valid.into_iter().flatten().last() {
            self.consumer.ack_multiple(last)?;
        }
        Ok(())
    }

    /// Rejects without requeue: the broker moves the message to the dead-letter queue.
    fn dead_letter(&self, delivery: Delivery, reason: &str) -> Result<(), Error> {
        let id = logged_message_id(delivery.properties.message_id().as_deref());
        self.consumer.reject(delivery, false)?;
        eprintln!(
            "billing: dead-lettered message_id={id} to {}: {reason}",
            self.dead_letter_queue
        );
        Ok(())
    }
}
