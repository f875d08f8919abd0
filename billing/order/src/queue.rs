//! `billing_queue` and its dead-letter queue, declared from one definition of their arguments:
//! RabbitMQ closes the channel of anyone who redeclares a queue with different ones.
use amiquip::{AmqpValue, Channel, Connection, FieldTable, Queue, QueueDeclareOptions};

/// The queue orders travel on unless `BILLING_QUEUE` says otherwise.
pub const DEFAULT_QUEUE: &str = "billing_queue";

/// Where the broker moves a message billing rejected: `<queue>.dead`.
pub fn dead_letter_queue_name(queue: &str) -> String {
    format!("{queue}.dead")
}

/// Declares `<queue>.dead` (durable) and `<queue>` (durable, dead-lettering through the
/// default exchange to `<queue>.dead`), and returns `<queue>`. Both the gateway and billing call
/// this, so whichever starts first creates the queues the other expects.
pub fn declare<'a>(channel: &'a Channel, queue: &str) -> amiquip::Result<Queue<'a>> {
    let dead = dead_letter_queue_name(queue);
    channel.queue_declare(
        dead.as_str(),
        QueueDeclareOptions {
            durable: true,
            exclusive: false,
            auto_delete: false,
            arguments: FieldTable::default(),
        },
    )?;
    let mut arguments = FieldTable::default();
    // "" is the default exchange: it routes by queue name, so no binding is needed.
    arguments.insert(
        "x-dead-letter-exchange".into(),
        AmqpValue::LongString(String::new()),
    );
    arguments.insert(
        "x-dead-letter-routing-key".into(),
        AmqpValue::LongString(dead),
    );
    channel.queue_declare(
        queue,
        QueueDeclareOptions {
            durable: true,
            exclusive: false,
            auto_delete: false,
            arguments,
        },
    )
}

/// AMQP reply code of a refused permission; the broker closes the channel with it.
const ACCESS_REFUSED: u16 = 403;

/// Opens a channel on which `<queue>` and `<queue>.dead` are known to exist as [`declare`]
/// defines them: declared here when the user may configure them, otherwise checked passively.
/// Deployed users have least privilege (the gateway's may only publish, billing's only
/// consume), so there provisioning declares the queues and the services only check them.
pub fn open_declared(connection: &mut Connection, queue: &str) -> amiquip::Result<Channel> {
    let channel = connection.open_channel(None)?;
    let declared = declare(&channel, queue).map(drop);
    match declared {
        Ok(()) => return Ok(channel),
        Err(amiquip::Error::ServerClosedChannel {
            code: ACCESS_REFUSED,
            ..
        }) => {}
        Err(e) => return Err(e),
    }
    let channel = connection.open_channel(None)?;
    channel.queue_declare_passive(dead_letter_queue_name(queue))?;
    channel.queue_declare_passive(queue)?;
    Ok(channel)
}
