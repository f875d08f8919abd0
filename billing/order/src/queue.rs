//! `billing_queue` and its dead-letter queue, declared from one definition of their arguments:
//! RabbitMQ closes the channel of anyone who redeclares a queue with different ones.
use amiquip::{AmqpValue, Channel, FieldTable, Queue, QueueDeclareOptions};

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
