//! The queue half of the order contract: the queue's name and the rule for it, its type, the
//! arguments both queues are declared with, and the properties every order message carries.
//! Data only: the `broker` crate turns it into AMQP declarations (RabbitMQ closes the channel
//! of anyone who redeclares a queue with different arguments, so there is one definition).
use std::fmt;

/// The queue orders travel on unless `BILLING_QUEUE` says otherwise.
pub const DEFAULT_QUEUE: &str = "billing_queue";

/// What is appended to the queue's name for its dead-letter queue.
pub const DEAD_LETTER_SUFFIX: &str = ".dead";

/// AMQP names (queue names included) are short strings: at most 255 bytes.
pub const AMQP_NAME_BYTES_MAX: usize = 255;

/// Longest queue name: its dead-letter queue's name must be an AMQP name too.
pub const QUEUE_NAME_BYTES_MAX: usize = AMQP_NAME_BYTES_MAX - DEAD_LETTER_SUFFIX.len();

/// Deliveries of one message before a quorum queue dead-letters it instead of delivering it
/// again: a message that kills its worker (poison) stops looping. A message is delivered again
/// only when the channel holding it unacked closes (a worker crashed or a broker node was
/// lost); twenty such losses of one message are not bad luck.
pub const DELIVERY_LIMIT: i64 = 20;

/// AMQP delivery mode of a message the broker writes to disk.
pub const DELIVERY_MODE_PERSISTENT: u8 = 2;

/// The `content-type` of every order message: the client's JSON body, byte for byte.
pub const CONTENT_TYPE: &str = "application/json";

/// Where the broker moves a message billing rejected: `<queue>.dead`.
pub fn dead_letter_queue_name(queue: &str) -> String {
    format!("{queue}{DEAD_LETTER_SUFFIX}")
}

/// Checks a queue name (`BILLING_QUEUE`): 1 to [`QUEUE_NAME_BYTES_MAX`] bytes. The error is a
/// sentence to append to the variable's name.
pub fn parse_queue_name(name: &str) -> Result<String, String> {
    if name.is_empty() || name.len() > QUEUE_NAME_BYTES_MAX {
        return Err(format!("must be 1 to {QUEUE_NAME_BYTES_MAX} bytes"));
    }
    Ok(name.to_owned())
}

/// The RabbitMQ queue type (`BILLING_QUEUE_TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueType {
    /// Replicated over the cluster's nodes (Raft), with a delivery limit and at-least-once
    /// dead-lettering. The default: a confirmed order survives the loss of a node, and poison
    /// cannot loop. It needs RabbitMQ 3.10 or later.
    #[default]
    Quorum,
    /// One node's queue, as before quorum queues: for a broker older than 3.10, or an existing
    /// classic queue not yet moved (`scripts/move-queue.sh`).
    Classic,
}

impl QueueType {
    /// `quorum` or `classic`. The error is a sentence to append to the variable's name.
    pub fn parse(text: &str) -> Result<QueueType, String> {
        match text {
            "quorum" => Ok(QueueType::Quorum),
            "classic" => Ok(QueueType::Classic),
            _ => Err(format!("must be quorum or classic, not {text:?}")),
        }
    }

    /// The value of `x-queue-type`.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueType::Quorum => "quorum",
            QueueType::Classic => "classic",
        }
    }
}

impl fmt::Display for QueueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of one queue argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentValue {
    /// An AMQP long string.
    Text(String),
    /// An AMQP signed 64-bit integer.
    Integer(i64),
}

/// The arguments of `<queue>`: dead-lettering to `<queue>.dead` through the default exchange
/// (it routes by queue name: no binding needed) and, for a quorum queue, its type, the delivery
/// limit and at-least-once dead-lettering, which RabbitMQ allows only with
/// `x-overflow: reject-publish` (a full queue then refuses a publish with a nack instead of
/// dropping its oldest message; no length limit is set, so it is never full).
pub fn arguments(queue: &str, kind: QueueType) -> Vec<(&'static str, ArgumentValue)> {
    let text = |s: &str| ArgumentValue::Text(s.to_owned());
    let mut arguments = vec![
        ("x-dead-letter-exchange", text("")),
        (
            "x-dead-letter-routing-key",
            ArgumentValue::Text(dead_letter_queue_name(queue)),
        ),
    ];
    if kind == QueueType::Quorum {
        arguments.extend([
            ("x-queue-type", text("quorum")),
            ("x-delivery-limit", ArgumentValue::Integer(DELIVERY_LIMIT)),
            ("x-dead-letter-strategy", text("at-least-once")),
            ("x-overflow", text("reject-publish")),
        ]);
    }
    arguments
}

/// The arguments of `<queue>.dead`: the same type as `<queue>`, so that dead letters are
/// replicated as the orders were.
pub fn dead_letter_arguments(kind: QueueType) -> Vec<(&'static str, ArgumentValue)> {
    match kind {
        QueueType::Quorum => vec![("x-queue-type", ArgumentValue::Text("quorum".to_owned()))],
        QueueType::Classic => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_leave_room_for_the_dead_letter_suffix() {
        assert_eq!(QUEUE_NAME_BYTES_MAX, 250);
        assert!(parse_queue_name(&"q".repeat(250)).is_ok());
        assert_eq!(
            parse_queue_name(&"q".repeat(251)),
            Err("must be 1 to 250 bytes".to_owned())
        );
        assert_eq!(
            parse_queue_name(""),
            Err("must be 1 to 250 bytes".to_owned())
        );
    }

    #[test]
    fn queue_types_parse_strictly() {
        assert_eq!(QueueType::parse("quorum"), Ok(QueueType::Quorum));
        assert_eq!(QueueType::parse("classic"), Ok(QueueType::Classic));
        assert_eq!(
            QueueType::parse("Quorum"),
            Err("must be quorum or classic, not \"Quorum\"".to_owned())
        );
        assert_eq!(QueueType::default(), QueueType::Quorum);
    }

    #[test]
    fn a_quorum_queue_has_a_delivery_limit_and_safe_dead_lettering() {
        let quorum = arguments("q", QueueType::Quorum);
        let get = |name: &str| quorum.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
        assert_eq!(get("x-delivery-limit"), Some(&ArgumentValue::Integer(20)));
        assert_eq!(
            get("x-dead-letter-strategy"),
            Some(&ArgumentValue::Text("at-least-once".into()))
        );
        assert_eq!(
            get("x-overflow"),
            Some(&ArgumentValue::Text("reject-publish".into()))
        );
        assert_eq!(
            get("x-dead-letter-routing-key"),
            Some(&ArgumentValue::Text("q.dead".into()))
        );
        assert_eq!(arguments("q", QueueType::Classic).len(), 2);
    }
}
