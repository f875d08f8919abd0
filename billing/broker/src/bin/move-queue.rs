//! `move-queue`: moves the orders of `billing_queue` and `billing_queue.dead` into queues of
//! another type (classic to quorum, or back), keeping their names, without losing any: a
//! message leaves its old queue (ack) only after the broker confirmed its copy in the new one.
//! Run by `scripts/move-queue.sh`, which documents the procedure (README, "Moving to a quorum
//! queue").
//!
//! For each of the two queues: copy it into `<name>.moving` (declared with the new type's
//! arguments), delete it once empty, declare it again with the new type, copy `<name>.moving`
//! back, delete `<name>.moving`. A queue that already has the new type is left alone, so a
//! second run finishes an interrupted one.
#![forbid(unsafe_code)]
use amiquip::{
    Channel, Confirm, ConfirmSmoother, Connection, Publish, QueueDeclareOptions, QueueDeleteOptions,
};
use broker::{BrokerConfig, DeclareError};
use order::queue::{
    arguments, dead_letter_arguments, dead_letter_queue_name, parse_queue_name, QueueType,
};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Messages fetched before their copies' confirms are awaited and the originals acked at once.
const MOVE_BATCH_MAX: usize = 500;
/// Wait for the confirms of one batch.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(30);
/// TCP connect and AMQP handshake.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// AMQP heartbeat of the tool's connection.
const HEARTBEAT_SECS: u16 = 10;
/// Longest wait for a queue about to be deleted to show no consumer and no message.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often it is looked at meanwhile.
const SETTLE_POLL_INTERVAL: Duration = Duration::from_millis(100);
/// Exit code of a bad setting or a refused move.
const EXIT_USAGE: u8 = 2;

const HELP: &str = "\
Usage: move-queue quorum|classic

Moves BILLING_QUEUE and BILLING_QUEUE.dead to queues of the given type, keeping their names
and every message (each leaves its old queue only after its copy is confirmed). Stop the
billing workers first; stop the gateways or give them the new BILLING_QUEUE_TYPE (an order
published while a queue is being recreated gets 503, never a false \"queued\").

Environment: RABBIT_HOSTS (or RABBIT_HOST, RABBIT_PORT), RABBIT_VHOST (default /),
RABBIT_ADMIN_USER, RABBIT_ADMIN_PASSWORD (a user that may configure, read and write the
queues), BILLING_QUEUE (default billing_queue).
";

fn main() -> ExitCode {
    let kind = match std::env::args().nth(1).as_deref().map(QueueType::parse) {
        Some(Ok(kind)) => kind,
        _ => {
            eprint!("{HELP}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (config, queue) = match settings() {
        Ok(settings) => settings,
        Err(why) => {
            eprintln!("move-queue: configuration error: {why}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match run(&config, &queue, kind) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("move-queue: {why}");
            ExitCode::FAILURE
        }
    }
}

fn settings() -> Result<(BrokerConfig, String), String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let required = |name: &str| var(name).ok_or(format!("{name} is not set"));
    let nodes = broker::settings::nodes(
        var("RABBIT_HOSTS").as_deref(),
        var("RABBIT_HOST").as_deref(),
        var("RABBIT_PORT").as_deref(),
    )
    .map_err(|(variable, why)| format!("{variable} {why}"))?;
    let queue = parse_queue_name(
        &var("BILLING_QUEUE").unwrap_or_else(|| order::queue::DEFAULT_QUEUE.to_owned()),
    )
    .map_err(|why| format!("BILLING_QUEUE {why}"))?;
    let config = BrokerConfig {
        nodes,
        vhost: var("RABBIT_VHOST").unwrap_or_else(|| "/".to_owned()),
        user: required("RABBIT_ADMIN_USER")?,
        password: required("RABBIT_ADMIN_PASSWORD")?,
    };
    Ok((config, queue))
}

fn run(config: &BrokerConfig, queue: &str, kind: QueueType) -> Result<(), String> {
    let mut connection =
        broker::connect(config, CONNECT_TIMEOUT, HEARTBEAT_SECS).map_err(|e| e.to_string())?;
    // The dead-letter queue first: the new main queue dead-letters into it.
    let dead = dead_letter_queue_name(queue);
    move_queue(&mut connection, &dead, kind, || dead_letter_arguments(kind))?;
    move_queue(&mut connection, queue, kind, || arguments(queue, kind))?;
    let _ = connection.close();
    Ok(())
}

type Arguments = Vec<(&'static str, order::queue::ArgumentValue)>;

/// Moves one queue to `kind` (nothing to do when it already is), keeping its name.
fn move_queue(
    connection: &mut Connection,
    name: &str,
    kind: QueueType,
    args: impl Fn() -> Arguments,
) -> Result<(), String> {
    let amqp = |e: amiquip::Error| format!("{name}: {e}");
    let channel = connection.open_channel(None).map_err(amqp)?;
    let existing = channel.queue_declare_passive(name).map_err(amqp)?;
    if existing.declared_consumer_count().unwrap_or(0) > 0 {
        return Err(format!(
            "{name} has consumers: stop the billing workers first"
        ));
    }
    let moving = format!("{name}.moving");
    let channel = connection.open_channel(None).map_err(amqp)?;
    match declare(&channel, name, kind, args()) {
        Ok(()) => {
            // Already of the new type. An earlier run may have stopped after recreating it:
            // bring back what it left in `<name>.moving`.
            let channel = connection.open_channel(None).map_err(amqp)?;
            if channel.queue_declare_passive(moving.as_str()).is_ok() {
                let moved = copy(connection, &moving, name)?;
                delete_empty(connection, &moving, kind)?;
                println!("move-queue: {name}: {moved} messages back from {moving}");
            }
            println!("move-queue: {name} is a {kind} queue");
            return Ok(());
        }
        Err(DeclareError::Mismatch { .. }) => {}
        Err(e) => return Err(format!("{name}: {e}")),
    }
    let channel = connection.open_channel(None).map_err(amqp)?;
    declare(&channel, &moving, kind, args()).map_err(|e| format!("{moving}: {e}"))?;
    let out = copy(connection, name, &moving)?;
    delete_empty(connection, name, other(kind))?;
    let channel = connection.open_channel(None).map_err(amqp)?;
    declare(&channel, name, kind, args()).map_err(|e| format!("{name}: {e}"))?;
    let back = copy(connection, &moving, name)?;
    delete_empty(connection, &moving, kind)?;
    println!("move-queue: {name} is now a {kind} queue: {out} messages moved, {back} back");
    Ok(())
}

/// The type a queue being moved to `kind` has now.
fn other(kind: QueueType) -> QueueType {
    match kind {
        QueueType::Quorum => QueueType::Classic,
        QueueType::Classic => QueueType::Quorum,
    }
}

fn declare(
    channel: &Channel,
    name: &str,
    kind: QueueType,
    args: Arguments,
) -> Result<(), DeclareError> {
    let mut table = amiquip::FieldTable::default();
    for (key, value) in args {
        let value = match value {
            order::queue::ArgumentValue::Text(t) => amiquip::AmqpValue::LongString(t),
            order::queue::ArgumentValue::Integer(n) => amiquip::AmqpValue::LongLongInt(n),
        };
        table.insert(key.into(), value);
    }
    let options = QueueDeclareOptions {
        durable: true,
        exclusive: false,
        auto_delete: false,
        arguments: table,
    };
    match channel.queue_declare(name, options) {
        Ok(_) => Ok(()),
        Err(amiquip::Error::ServerClosedChannel {
            code: 406, message, ..
        }) => Err(DeclareError::Mismatch {
            queue: name.to_owned(),
            kind,
            message,
        }),
        Err(e) => Err(DeclareError::Amqp(e)),
    }
}

/// Deletes a queue once it is empty and has no consumer. A classic queue is deleted with the
/// `if-empty` and `if-unused` flags, so the broker refuses if a message arrived meanwhile. A
/// quorum queue supports neither flag: it is checked just before, and the count the broker
/// reports on deletion must be 0 (nothing publishes to a `.moving` queue but this tool; for
/// the queue itself, the gateways are stopped during a move to classic).
fn delete_empty(connection: &mut Connection, name: &str, kind: QueueType) -> Result<(), String> {
    let fail = |e: amiquip::Error| format!("cannot delete {name}: {e}");
    let channel = connection.open_channel(None).map_err(fail)?;
    // A quorum queue counts the channel that just emptied it with basic.get as a consumer for
    // a moment after that channel closed: wait that out, within a bound.
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        let queue = channel.queue_declare_passive(name).map_err(fail)?;
        let consumers = queue.declared_consumer_count().unwrap_or(0);
        let messages = queue.declared_message_count().unwrap_or(0);
        if consumers == 0 && messages == 0 {
            break;
        }
        if Instant::now() >= deadline {
            return Err(if consumers > 0 {
                format!("{name} has consumers: stop the billing workers first")
            } else {
                format!("{name} is not empty: a publisher is still running?")
            });
        }
        std::thread::sleep(SETTLE_POLL_INTERVAL);
    }
    let guarded = kind == QueueType::Classic;
    let left = channel
        .queue_delete(
            name,
            QueueDeleteOptions {
                if_unused: guarded,
                if_empty: guarded,
            },
        )
        .map_err(fail)?;
    if left > 0 {
        return Err(format!(
            "{name} held {left} messages when deleted: a publisher was running during the move"
        ));
    }
    Ok(())
}

/// Copies every message of `from` into `to` (same body and properties), acking each original
/// only after the broker confirmed its copy. Returns how many were moved.
fn copy(connection: &mut Connection, from: &str, to: &str) -> Result<u64, String> {
    let fail = |e: amiquip::Error| format!("moving {from} to {to}: {e}");
    let channel = connection.open_channel(None).map_err(fail)?;
    let confirms = channel.listen_for_publisher_confirms().map_err(fail)?;
    let returns = channel.listen_for_returns().map_err(fail)?;
    channel.enable_publisher_confirms().map_err(fail)?;
    let mut smoother = ConfirmSmoother::new();
    let mut moved = 0;
    loop {
        let mut batch = Vec::with_capacity(MOVE_BATCH_MAX);
        while batch.len() < MOVE_BATCH_MAX {
            match channel.basic_get(from, false).map_err(fail)? {
                Some(get) => batch.push(get),
                None => break,
            }
        }
        if batch.is_empty() {
            return Ok(moved);
        }
        for get in &batch {
            let publish = Publish {
                body: &get.delivery.body,
                routing_key: to.to_owned(),
                mandatory: true,
                immediate: false,
                properties: get.delivery.properties.clone(),
            };
            channel.basic_publish("", publish).map_err(fail)?;
        }
        let mut confirmed = 0;
        while confirmed < batch.len() {
            let raw = confirms
                .recv_timeout(CONFIRM_TIMEOUT)
                .map_err(|_| format!("no confirm from the broker for {to}: nothing acked"))?;
            for confirm in smoother.process(raw) {
                match confirm {
                    Confirm::Ack(_) => confirmed += 1,
                    Confirm::Nack(_) => {
                        return Err(format!(
                            "the broker refused a copy into {to}: nothing acked"
                        ))
                    }
                }
            }
        }
        if returns.try_recv().is_ok() {
            return Err(format!(
                "{to} does not exist: copies were returned, nothing acked"
            ));
        }
        // One ack for the whole batch: it covers every earlier tag of this channel.
        let last = batch.pop().expect("the batch is not empty");
        last.ack_multiple(&channel).map_err(fail)?;
        moved += batch.len() as u64 + 1;
    }
}
