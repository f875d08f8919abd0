//! The deliveries gathered for one write: when a batch is due, and what each message holds.
use crate::limits::{BATCH_ORDERS_MAX, BATCH_WAIT_MAX};
use crate::store::OrderRow;
use amiquip::{AmqpValue, Delivery};
use order::{Fingerprint, Order, OrderId, FINGERPRINT_HEADER};
use std::time::{Duration, Instant};

/// Longest part of a message_id or header quoted in the log; they come from any publisher.
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
/// The body follows the gateway's rules (`order::Order::parse`). The message_id is required and
/// must be a UUID: it is the deduplication key, and without it a redelivery (after a lost ack)
/// could not be told from a new order. The fingerprint header, when present, must be the
/// body's: otherwise publisher and worker disagree on what the order is.
pub fn parse_message(
    message_id: Option<&str>,
    fingerprint: Option<&str>,
    body: &[u8],
) -> Result<OrderRow, String> {
    let Some(message_id) = message_id else {
        return Err(
            "the message has no message_id, so a redelivery of it could not be told \
                    from a new order; publish it again with a UUID message_id"
                .to_owned(),
        );
    };
    let order_id =
        OrderId::parse(message_id).ok_or_else(|| "message_id is not a UUID".to_owned())?;
    let order = Order::parse(body).map_err(|e| e.to_string())?;
    if let Some(sent) = fingerprint {
        let computed = order.fingerprint();
        if Fingerprint::parse(sent) != Some(computed) {
            return Err(format!(
                "header {FINGERPRINT_HEADER} is {:?}, but the body's fingerprint is {computed}",
                logged(sent)
            ));
        }
    }
    Ok(OrderRow { order, order_id })
}

/// The order a delivery carries; see `parse_message`.
pub fn parse_delivery(delivery: &Delivery) -> Result<OrderRow, String> {
    let fingerprint = match delivery
        .properties
        .headers()
        .as_ref()
        .and_then(|headers| headers.get(FINGERPRINT_HEADER))
    {
        None => None,
        Some(AmqpValue::LongString(text)) => Some(text.as_str()),
        Some(_) => return Err(format!("header {FINGERPRINT_HEADER} is not a string")),
    };
    parse_message(
        delivery.properties.message_id().as_deref(),
        fingerprint,
        &delivery.body,
    )
}

/// A message_id as it may appear in a log line: quoted, escaped and shortened.
pub fn logged_message_id(message_id: Option<&str>) -> String {
    match message_id {
        None => "-".to_owned(),
        Some(id) => format!("{:?}", logged(id)),
    }
}

/// Text from any publisher, shortened for a log line (the caller quotes it).
fn logged(text: &str) -> String {
    if text.chars().count() > LOGGED_ID_CHARS_MAX {
        let head: String = text.chars().take(LOGGED_ID_CHARS_MAX).collect();
        format!("{head}...")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b6f3c9e-6f1e-4c39-9d0a-2a7c1f7e5b11";
    const GOOD: &[u8] = br#"{"user_id": 88, "number_of_items": 2, "total_amount": "45.00"}"#;
    const OTHER: &[u8] = br#"{"user_id": 88, "number_of_items": 7, "total_amount": "99.99"}"#;

    #[track_caller]
    fn check(
        message_id: Option<&str>,
        fingerprint: Option<&str>,
        body: &[u8],
        expected: Result<(), &str>,
    ) {
        let result = parse_message(message_id, fingerprint, body);
        match (result, expected) {
            (Ok(row), Ok(())) => {
                assert_eq!(Some(row.order_id.to_string().as_str()), message_id);
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
        let good_fingerprint = Order::parse(GOOD).expect("valid").fingerprint().to_string();
        let other_fingerprint = Order::parse(OTHER)
            .expect("valid")
            .fingerprint()
            .to_string();
        check(Some(ID), None, GOOD, Ok(()));
        check(Some(ID), Some(&good_fingerprint), GOOD, Ok(()));
        check(
            Some(ID),
            Some(&good_fingerprint.to_uppercase()),
            GOOD,
            Ok(()),
        );
        check(
            Some(ID),
            Some(&other_fingerprint),
            GOOD,
            Err("order-fingerprint"),
        );
        check(Some(ID), Some("x"), GOOD, Err("order-fingerprint"));
        check(None, None, GOOD, Err("no message_id"));
        check(Some("not-a-uuid"), None, GOOD, Err("message_id"));
        check(Some(""), None, GOOD, Err("message_id"));
        check(Some(ID), None, b"not json", Err("JSON"));
        check(Some(ID), None, b"[1]", Err("object"));
        check(Some(ID), None, b"\0", Err("JSON"));
        check(
            Some(ID),
            None,
            br#"{"user_id": "", "number_of_items": 1, "total_amount": 1}"#,
            Err("user_id"),
        );
        check(
            Some(ID),
            None,
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
