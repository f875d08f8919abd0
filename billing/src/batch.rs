//! The deliveries gathered for one write: when a batch is due, and what each message holds.
use crate::limits::{BATCH_ORDERS_MAX, BATCH_WAIT_MAX};
use crate::store::OrderRow;
use amiquip::Delivery;
use order::{Order, OrderId};
use std::time::{Duration, Instant};

/// Longest part of a message_id quoted in the log; ids come from any publisher.
const LOGGED_ID_CHARS_MAX: usize = 80;

/// Deliveries of one channel, in delivery-tag order, not yet acked or rejected.
/// Dropped with its channel: tags are meaningless on any other channel.
#[derive(Debug, Default)]
pub struct Batch {
    deliveries: Vec<Delivery>,
    /// When the first delivery arrived plus BATCH_WAIT_MAX.
    deadline: Option<Instant>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch {
            deliveries: Vec::with_capacity(BATCH_ORDERS_MAX),
            deadline: None,
        }
    }

    /// Adds a delivery; the first one starts the clock.
    pub fn push(&mut self, delivery: Delivery, now: Instant) {
        assert!(
            self.deliveries.len() < BATCH_ORDERS_MAX,
            "a full batch is written first"
        );
        if let Some(last) = self.deliveries.last() {
            // `ack_multiple` on the last tag relies on this.
            assert!(
                last.delivery_tag() < delivery.delivery_tag(),
                "AMQP delivery tags grow along a channel"
            );
        }
        self.deadline.get_or_insert(now + BATCH_WAIT_MAX);
        self.deliveries.push(delivery);
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.deliveries.is_empty()
    }

    /// Whether the batch must be written now: full, or its first order has waited enough.
    pub fn is_due(&self, now: Instant) -> bool {
        self.deliveries.len() >= BATCH_ORDERS_MAX || self.deadline.is_some_and(|d| now >= d)
    }

    /// How long to wait for more deliveries: until the deadline, or `idle` when empty.
    pub fn wait(&self, now: Instant, idle: Duration) -> Duration {
        match self.deadline {
            Some(deadline) => deadline.saturating_duration_since(now),
            None => idle,
        }
    }

    /// Empties the batch, handing over its deliveries in tag order.
    pub fn take(&mut self) -> Vec<Delivery> {
        self.deadline = None;
        std::mem::replace(&mut self.deliveries, Vec::with_capacity(BATCH_ORDERS_MAX))
    }
}

/// The order a message carries, or why it can never be written (it is then dead-lettered).
/// The body follows the gateway's rules (`order::Order::parse`); the message_id, when present,
/// must be a UUID: it is the deduplication key.
pub fn parse_message(message_id: Option<&str>, body: &[u8]) -> Result<OrderRow, String> {
    let order_id = match message_id {
        None => None,
        Some(id) => Some(OrderId::parse(id).ok_or_else(|| "message_id is not a UUID".to_owned())?),
    };
    let order = Order::parse(body).map_err(|e| e.to_string())?;
    Ok(OrderRow { order, order_id })
}

/// The order a delivery carries; see `parse_message`.
pub fn parse_delivery(delivery: &Delivery) -> Result<OrderRow, String> {
    parse_message(delivery.properties.message_id().as_deref(), &delivery.body)
}

/// A message_id as it may appear in a log line: quoted, escaped and shortened.
pub fn logged_message_id(message_id: Option<&str>) -> String {
    match message_id {
        None => "-".to_owned(),
        Some(id) if id.chars().count() > LOGGED_ID_CHARS_MAX => {
            let head: String = id.chars().take(LOGGED_ID_CHARS_MAX).collect();
            format!("{head:?}...")
        }
        Some(id) => format!("{id:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b6f3c9e-6f1e-4c39-9d0a-2a7c1f7e5b11";
    const GOOD: &[u8] = br#"{"user_id": 88, "number_of_items": 2, "total_amount": "45.00"}"#;

    #[track_caller]
    fn check(message_id: Option<&str>, body: &[u8], expected: Result<(), &str>) {
        let result = parse_message(message_id, body);
        match (result, expected) {
            (Ok(row), Ok(())) => {
                assert_eq!(row.order_id.map(|id| id.to_string()).as_deref(), message_id);
            }
            (Err(reason), Err(fragment)) => {
                assert!(reason.contains(fragment), "{reason:?} lacks {fragment:?}");
            }
            (result, expected) => {
                panic!("{message_id:?} {body:?}: {result:?}, expected {expected:?}")
            }
        }
    }

    #[test]
    fn messages_parse_into_rows_or_reasons() {
        check(Some(ID), GOOD, Ok(()));
        check(None, GOOD, Ok(()));
        check(Some("not-a-uuid"), GOOD, Err("message_id"));
        check(Some(""), GOOD, Err("message_id"));
        check(Some(ID), b"not json", Err("JSON"));
        check(Some(ID), b"[1]", Err("object"));
        check(Some(ID), b"\0", Err("JSON"));
        check(
            Some(ID),
            br#"{"user_id": 0, "number_of_items": 1, "total_amount": 1}"#,
            Err("user_id"),
        );
        check(
            Some(ID),
            br#"{"user_id": 1, "number_of_items": 1}"#,
            Err("total_amount"),
        );
    }

    #[test]
    fn logged_ids_are_quoted_and_bounded() {
        assert_eq!(logged_message_id(None), "-");
        assert_eq!(logged_message_id(Some("a\nb")), "\"a\\nb\"");
        let long = "x".repeat(1000);
        assert!(logged_message_id(Some(&long)).len() < 100);
    }
}
