//! What the billing tests share: a database and a vhost per test, the real billing binary,
//! a confirmed publisher, and row counts read with a deadline.
#![allow(dead_code)] // each test binary uses part of it

use amiquip::{AmqpProperties, Confirm, ConfirmSmoother, Connection, Exchange, Publish};
use std::cell::RefCell;
use std::time::{Duration, Instant};
use testkit::{Service, TestBroker, TestDb};

pub const QUEUE: &str = order::queue::DEFAULT_QUEUE;
pub const DEAD_QUEUE: &str = "billing_queue.dead";
/// Long enough for a debug build on a busy 2-core machine to drain 5,000 messages.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a test waits for one step (a log line, a restart) to happen.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(30);

/// A database and a vhost (with its user) made for one test, dropped after it.
pub struct Setup {
    pub db: TestDb,
    pub broker: TestBroker,
    counter: RefCell<Option<postgres::Client>>,
}

/// One message as a publisher other than the gateway might send it.
pub struct Message {
    pub message_id: Option<String>,
    pub body: Vec<u8>,
    /// The `order-fingerprint` header, as the gateway sends it; `None`: no header.
    pub fingerprint: Option<String>,
}

impl Message {
    /// A valid order for user `user_id`, keyed by a fresh UUID.
    pub fn order(user_id: i64) -> Message {
        Message {
            message_id: Some(order::OrderId::random().to_string()),
            body: order_body(user_id),
            fingerprint: None,
        }
    }

    /// The same order body with the given message_id (or none).
    pub fn with_id(user_id: i64, message_id: Option<&str>) -> Message {
        Message {
            message_id: message_id.map(str::to_owned),
            body: order_body(user_id),
            fingerprint: None,
        }
    }

    /// `body` under `message_id`, with the fingerprint header the gateway would send.
    pub fn keyed(message_id: &str, body: &[u8]) -> Message {
        let order = order::Order::parse(body).expect("a valid order");
        Message {
            message_id: Some(message_id.to_owned()),
            body: body.to_vec(),
            fingerprint: Some(order.fingerprint().to_string()),
        }
    }

    /// A body the order rules refuse, with a valid message_id.
    pub fn raw(body: &[u8]) -> Message {
        Message {
            message_id: Some(order::OrderId::random().to_string()),
            body: body.to_vec(),
            fingerprint: None,
        }
    }
}

/// `{"user_id": N, "number_of_items": 1 + N % 5, "total_amount": "12.34"}`.
pub fn order_body(user_id: i64) -> Vec<u8> {
    format!(
        r#"{{"user_id": {user_id}, "number_of_items": {}, "total_amount": "12.34"}}"#,
        1 + user_id % 5
    )
    .into_bytes()
}

/// `n` valid orders, users 1..=n, each with its own message_id.
pub fn orders(n: i64) -> Vec<Message> {
    (1..=n).map(Message::order).collect()
}

impl Setup {
    pub fn new() -> Setup {
        Setup {
            db: TestDb::create(),
            broker: TestBroker::create(),
            counter: RefCell::new(None),
        }
    }

    /// The environment billing runs with in this test: nothing inherited.
    pub fn billing_env(&self) -> Vec<(String, String)> {
        let mut env = self.db.env("BILLING_DATABASE");
        env.extend(self.broker.env("BILLING"));
        env.push(("BILLING_QUEUE".into(), QUEUE.into()));
        env
    }

    /// Starts the real billing binary and waits for `billing consuming`.
    pub fn start_billing(&self) -> Service {
        Service::start("billing", &self.billing_env())
    }

    /// Publishes persistent messages to the queue (declared first, as billing declares it)
    /// and returns once the broker has confirmed every one.
    pub fn publish(&self, messages: &[Message]) {
        let mut connection = self.broker.connect();
        publish_on(&mut connection, messages);
        // A failed close after every confirm arrived changes nothing for the test.
        let _ = connection.close();
    }

    /// The rows of `order_conflicts`: (order_id, user_id, number_of_items, total_amount,
    /// fingerprint, existing_fingerprint), oldest first; empty while the table is absent.
    pub fn conflicts(&self) -> Vec<ConflictRow> {
        let mut client = self.client();
        let exists: bool = client
            .query_one("SELECT to_regclass('order_conflicts') IS NOT NULL", &[])
            .expect("look for order_conflicts")
            .get(0);
        if !exists {
            return Vec::new();
        }
        client
            .query(
                "SELECT order_id::text, user_id, number_of_items, total_amount::text, \
                 fingerprint, existing_fingerprint FROM order_conflicts ORDER BY id",
                &[],
            )
            .expect("read order_conflicts")
            .iter()
            .map(|row| ConflictRow {
                order_id: row.get(0),
                user_id: row.get(1),
                number_of_items: row.get(2),
                total_amount: row.get(3),
                fingerprint: row.get(4),
                existing_fingerprint: row.get(5),
            })
            .collect()
    }

    /// The stored orders: (user_id, number_of_items, total_amount, order_id), by id.
    pub fn orders(&self) -> Vec<(String, Option<i32>, String, Option<String>)> {
        self.client()
            .query(
                "SELECT user_id, number_of_items, total_amount::text, order_id::text \
                 FROM orders ORDER BY id",
                &[],
            )
            .expect("read orders")
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
            .collect()
    }

    /// Rows in `orders`, and distinct non-null order ids; (0, 0) while the table is absent.
    /// Reconnects after an outage the test caused.
    pub fn counts(&self) -> (i64, i64) {
        let mut slot = self.counter.borrow_mut();
        for _ in 0..2 {
            let client = slot.get_or_insert_with(|| self.db.client());
            match count_rows(client) {
                Ok(counts) => return counts,
                Err(_) => *slot = None,
            }
        }
        panic!("cannot count the rows of {}", self.db.name);
    }

    /// Waits until exactly `n` rows are there, then checks they stay `n` with distinct ids.
    #[track_caller]
    pub fn assert_drained(&self, n: i64, worker: &Service) {
        let started = Instant::now();
        let reached = testkit::wait_until(DRAIN_TIMEOUT, || self.counts().0 >= n);
        let counts = self.counts();
        assert!(
            reached,
            "expected {n} rows within {DRAIN_TIMEOUT:?}, got {counts:?}\nstderr:\n{}",
            worker.stderr_lines().join("\n")
        );
        // Nothing left in flight: the queue drained, so no late duplicate can still come.
        assert!(
            testkit::wait_until(STEP_TIMEOUT, || self.queue_depth(QUEUE) == (0, 0)),
            "queue not drained: {:?}",
            self.queue_depth(QUEUE)
        );
        let counts = self.counts();
        assert_eq!(counts, (n, n), "rows and distinct order ids");
        eprintln!("{n} rows after {:?}", started.elapsed());
    }

    /// (ready, unacked) messages of a queue, from the management CLI (as the harness runs it,
    /// root or not).
    pub fn queue_depth(&self, queue: &str) -> (u64, u64) {
        let text = testkit::rabbitmqctl(&[
            "list_queues",
            "-p",
            &self.broker.vhost,
            "--no-table-headers",
            "name",
            "messages_ready",
            "messages_unacknowledged",
        ]);
        text.lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                match fields.as_slice() {
                    [name, ready, unacked] if *name == queue => {
                        Some((ready.parse().ok()?, unacked.parse().ok()?))
                    }
                    _ => None,
                }
            })
            .next()
            .unwrap_or((0, 0))
    }

    /// Takes every message waiting in a queue (acking them): (message_id, body) pairs.
    pub fn drain_queue(&self, queue: &str) -> Vec<(Option<String>, Vec<u8>)> {
        let mut connection = self.broker.connect();
        let channel = connection.open_channel(None).expect("open channel");
        let mut taken = Vec::new();
        while let Some(get) = channel.basic_get(queue, false).expect("basic_get") {
            taken.push((
                get.delivery.properties.message_id().clone(),
                get.delivery.body.clone(),
            ));
            get.ack(&channel).expect("ack");
        }
        let _ = connection.close();
        taken
    }

    /// A superuser connection to the test database.
    pub fn client(&self) -> postgres::Client {
        self.db.client()
    }
}

/// One row of `order_conflicts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub order_id: String,
    pub user_id: String,
    pub number_of_items: Option<i32>,
    pub total_amount: String,
    pub fingerprint: String,
    pub existing_fingerprint: Option<String>,
}

fn count_rows(client: &mut postgres::Client) -> Result<(i64, i64), postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('orders') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok((0, 0));
    }
    let row = client.query_one("SELECT count(*), count(DISTINCT order_id) FROM orders", &[])?;
    Ok((row.get(0), row.get(1)))
}

/// Publishes on an open connection, waiting for every confirm.
pub fn publish_on(connection: &mut Connection, messages: &[Message]) {
    let channel = connection.open_channel(None).expect("open channel");
    broker::queue::declare(&channel, QUEUE, order::queue::QueueType::default())
        .expect("declare the queue as billing does");
    let confirms = channel
        .listen_for_publisher_confirms()
        .expect("listen for confirms");
    channel
        .enable_publisher_confirms()
        .expect("enable confirms");
    let exchange = Exchange::direct(&channel);
    for message in messages {
        let mut properties = AmqpProperties::default()
            .with_delivery_mode(2)
            .with_content_type("application/json".to_owned());
        if let Some(id) = &message.message_id {
            properties = properties.with_message_id(id.clone());
        }
        if let Some(fingerprint) = &message.fingerprint {
            let mut headers = amiquip::FieldTable::default();
            headers.insert(
                order::FINGERPRINT_HEADER.into(),
                amiquip::AmqpValue::LongString(fingerprint.clone()),
            );
            properties = properties.with_headers(headers);
        }
        exchange
            .publish(Publish::with_properties(&message.body, QUEUE, properties))
            .expect("publish");
    }
    let mut smoother = ConfirmSmoother::new();
    let mut confirmed = 0;
    while confirmed < messages.len() {
        let confirm = confirms
            .recv_timeout(CONFIRM_TIMEOUT)
            .expect("the broker confirms within the timeout");
        for confirm in smoother.process(confirm) {
            match confirm {
                Confirm::Ack(_) => confirmed += 1,
                Confirm::Nack(nack) => panic!("the broker refused a message: {nack:?}"),
            }
        }
    }
    let _ = channel.close();
}
