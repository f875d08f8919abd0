//! `billing_queue` and its dead-letter queue, declared from the order contract's one definition
//! of their arguments (`order::queue`): RabbitMQ closes the channel of anyone who redeclares a
//! queue with different ones, so a queue of the other type is reported as such, with the fix.
use amiquip::{AmqpValue, Channel, Connection, FieldTable, Queue, QueueDeclareOptions};
use order::queue::QueueType;
use order::queue::{arguments, dead_letter_arguments, dead_letter_queue_name, ArgumentValue};
use std::fmt;

/// AMQP reply code of a refused permission; the broker closes the channel with it.
const ACCESS_REFUSED: u16 = 403;
/// AMQP reply code of a redeclaration with other arguments (another queue type among them).
const PRECONDITION_FAILED: u16 = 406;

/// Why the queues could not be declared.
#[derive(Debug)]
pub enum DeclareError {
    /// The queue exists with other arguments than this version declares for `kind`: most
    /// likely it is of the other type. Retrying cannot help; an operator must act.
    Mismatch {
        /// The queue (or dead-letter queue) refused.
        queue: String,
        /// The type the service was configured with.
        kind: QueueType,
        /// The broker's words.
        message: String,
    },
    /// Any other broker error (connection lost, access refused...).
    Amqp(amiquip::Error),
}

impl fmt::Display for DeclareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeclareError::Mismatch {
                queue,
                kind,
                message,
            } => write!(
                f,
                "queue {queue} already exists with other arguments than a {kind} queue \
                 (BILLING_QUEUE_TYPE={kind}); the broker says: {message}. Fix: set \
                 BILLING_QUEUE_TYPE to the type the queue was declared with, or move its orders \
                 to a {kind} queue with scripts/move-queue.sh (README, \"Moving to a quorum \
                 queue\")"
            ),
            DeclareError::Amqp(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DeclareError {}

impl From<amiquip::Error> for DeclareError {
    fn from(e: amiquip::Error) -> DeclareError {
        DeclareError::Amqp(e)
    }
}

fn field_table(arguments: Vec<(&'static str, ArgumentValue)>) -> FieldTable {
    let mut table = FieldTable::default();
    for (name, value) in arguments {
        let value = match value {
            ArgumentValue::Text(text) => AmqpValue::LongString(text),
            ArgumentValue::Integer(n) => AmqpValue::LongLongInt(n),
        };
        table.insert(name.into(), value);
    }
    table
}

fn declare_one<'a>(
    channel: &'a Channel,
    queue: &str,
    kind: QueueType,
    arguments: FieldTable,
) -> Result<Queue<'a>, DeclareError> {
    let options = QueueDeclareOptions {
        durable: true,
        exclusive: false,
        auto_delete: false,
        arguments,
    };
    channel.queue_declare(queue, options).map_err(|e| match e {
        amiquip::Error::ServerClosedChannel {
            code: PRECONDITION_FAILED,
            message,
            ..
        } => DeclareError::Mismatch {
            queue: queue.to_owned(),
            kind,
            message,
        },
        other => DeclareError::Amqp(other),
    })
}

/// Declares `<queue>.dead` and `<queue>` (durable, of type `kind`, dead-lettering to
/// `<queue>.dead`) and returns `<queue>`. Both the gateway and billing call this, so whichever
/// starts first creates the queues the other expects.
pub fn declare<'a>(
    channel: &'a Channel,
    queue: &str,
    kind: QueueType,
) -> Result<Queue<'a>, DeclareError> {
    let dead = dead_letter_queue_name(queue);
    declare_one(
        channel,
        &dead,
        kind,
        field_table(dead_letter_arguments(kind)),
    )?;
    declare_one(channel, queue, kind, field_table(arguments(queue, kind)))
}

/// Opens a channel on which `<queue>` and `<queue>.dead` are known to exist as [`declare`]
/// defines them: declared here when the user may configure them, otherwise checked passively.
/// Deployed users have least privilege (the gateway's may only publish, billing's only
/// consume), so there provisioning declares the queues and the services only check them
/// (a passive declaration cannot see the type: provisioning checks it).
pub fn open_declared(
    connection: &mut Connection,
    queue: &str,
    kind: QueueType,
) -> Result<Channel, DeclareError> {
    let channel = connection.open_channel(None)?;
    match declare(&channel, queue, kind).map(drop) {
        Ok(()) => return Ok(channel),
        Err(DeclareError::Amqp(amiquip::Error::ServerClosedChannel {
            code: ACCESS_REFUSED,
            ..
        })) => {}
        Err(e) => return Err(e),
    }
    let channel = connection.open_channel(None)?;
    channel.queue_declare_passive(dead_letter_queue_name(queue))?;
    channel.queue_declare_passive(queue)?;
    Ok(channel)
}
