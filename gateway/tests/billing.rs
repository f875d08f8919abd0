//! Orders against the real broker: a 200 only after the confirm, the message exactly as
//! specified on the test's queue, every bad order refused, faults answered 503, recovery.
mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};
use support::confirm_cutter::ConfirmCutter;
use support::{start_gateway, SilentListener, Stack};
use testkit::TestBroker;

const SEED_ORDER: &str = r#"{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}"#;

#[test]
fn a_valid_order_is_queued_persistent_with_its_ids_and_the_body_as_sent() {
    let stack = Stack::start();
    let reply = stack.order(SEED_ORDER, &[("X-Request-Id", "order-rid-1")]);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.header("Content-Type"),
        Some("application/json"),
        "{reply:?}"
    );
    let body = reply.json();
    assert_eq!(body["message"], "Order queued for processing", "{reply:?}");
    assert_eq!(body["status"], "queued", "{reply:?}");
    let order_id = body["order_id"].as_str().expect("an order id").to_owned();
    assert!(order::OrderId::parse(&order_id).is_some(), "{reply:?}");

    let messages = stack.drain_queue();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert_eq!(message.body, SEED_ORDER.as_bytes());
    let p = &message.properties;
    assert_eq!(*p.delivery_mode(), Some(2), "persistent: {p:?}");
    assert_eq!(
        p.content_type().as_deref(),
        Some("application/json"),
        "{p:?}"
    );
    assert_eq!(p.message_id().as_deref(), Some(order_id.as_str()), "{p:?}");
    assert_eq!(p.correlation_id().as_deref(), Some("order-rid-1"), "{p:?}");
    assert_eq!(
        fingerprint_header(message).as_deref(),
        Some(fingerprint(SEED_ORDER).as_str()),
        "{p:?}"
    );

    // The trailing-slash form the original audit uses works the same.
    let reply = stack.send(
        "POST",
        "/api/billing/",
        &[("Content-Type", "application/json; charset=utf-8")],
        Some(br#"{"user_id": 1, "number_of_items": 1, "total_amount": 19.99}"#),
    );
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        stack.drain_queue()[0].body,
        br#"{"user_id": 1, "number_of_items": 1, "total_amount": 19.99}"#
    );
}

#[test]
fn every_bad_order_is_refused_naming_the_field_and_nothing_is_queued() {
    let stack = Stack::start();
    #[track_caller]
    fn check(stack: &Stack, body: &str, fragment: &str) {
        stack.order(body, &[]).assert_problem(400, fragment);
    }
    check(&stack, "{not json", "JSON");
    check(&stack, "[1]", "object");
    check(&stack, "\"order\"", "object");
    check(&stack, "", "JSON");
    check(
        &stack,
        r#"{"number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "1.00", "coupon": "x"}"#,
        "coupon",
    );
    check(
        &stack,
        r#"{"user_id": "", "number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": "a b", "number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        &format!(
            r#"{{"user_id": "{}", "total_amount": "1.00"}}"#,
            "u".repeat(65)
        ),
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": -5, "number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": true, "number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": 1.5, "number_of_items": 1, "total_amount": "1.00"}"#,
        "user_id",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 0, "total_amount": "1.00"}"#,
        "number_of_items",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": -1, "total_amount": "1.00"}"#,
        "number_of_items",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 2.5, "total_amount": "1.00"}"#,
        "number_of_items",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "-1.00"}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "1.001"}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": 1e3}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "NaN"}"#,
        "total_amount",
    );
    // The original stored any text as an amount; an amount here is a number.
    check(
        &stack,
        r#"{"user_id": "u", "total_amount": "abc"}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "10000000000.00"}"#,
        "total_amount",
    );
    check(
        &stack,
        r#"{"user_id": 1, "number_of_items": 1, "total_amount": "1\u0000"}"#,
        "total_amount",
    );

    stack
        .send(
            "POST",
            "/api/billing",
            &[("Content-Type", "text/plain")],
            Some(SEED_ORDER.as_bytes()),
        )
        .assert_problem(415, "application/json");
    stack
        .send("POST", "/api/billing", &[], Some(SEED_ORDER.as_bytes()))
        .assert_problem(415, "application/json");
    let big = format!(
        r#"{{"user_id": 1, "number_of_items": 1, "total_amount": "1.00", "pad": "{}"}}"#,
        "x".repeat(1024 * 1024)
    );
    stack.order(&big, &[]).assert_problem(413, "1048576");
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let reply = stack.send(method, "/api/billing", &[], None);
        reply.assert_problem(405, "POST");
        assert_eq!(reply.header("Allow"), Some("POST"), "{reply:?}");
    }
    stack
        .order(SEED_ORDER, &[("Idempotency-Key", "")])
        .assert_problem(400, "Idempotency-Key");
    let long_key = "k".repeat(256);
    stack
        .order(SEED_ORDER, &[("Idempotency-Key", &long_key)])
        .assert_problem(400, "Idempotency-Key");
    assert!(stack.drain_queue().is_empty());
}

/// The bodies of the original system: its load test's `original-postdata.json` (every value a
/// string, the user a name), its README's example, and the smallest order its spec allows.
const ORIGINAL_BODIES: [&str; 3] = [
    r#"{"user_id":"loadtest","number_of_items":"1","total_amount":"10"}"#,
    r#"{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}"#,
    r#"{"user_id": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "total_amount": "10"}"#,
];

#[test]
fn the_originals_bodies_are_queued() {
    let stack = Stack::start();
    for body in ORIGINAL_BODIES {
        let reply = stack.order(body, &[]);
        assert_eq!(reply.status, 200, "{body}: {reply:?}");
        assert_eq!(reply.json()["status"], "queued", "{body}: {reply:?}");
    }
    let messages = stack.drain_queue();
    let bodies: Vec<&[u8]> = messages.iter().map(|m| m.body.as_slice()).collect();
    let expected: Vec<&[u8]> = ORIGINAL_BODIES.iter().map(|b| b.as_bytes()).collect();
    assert_eq!(bodies, expected);
    for (message, body) in messages.iter().zip(ORIGINAL_BODIES) {
        assert_eq!(fingerprint_header(message), Some(fingerprint(body)));
    }
}

#[test]
fn the_same_idempotency_key_twice_gives_one_order_id() {
    let stack = Stack::start();
    let key = ("Idempotency-Key", "checkout-7f3a");
    let first = stack.order(SEED_ORDER, &[key]);
    let second = stack.order(SEED_ORDER, &[key]);
    let other = stack.order(SEED_ORDER, &[("Idempotency-Key", "checkout-other")]);
    for reply in [&first, &second, &other] {
        assert_eq!(reply.status, 200, "{reply:?}");
    }
    assert_eq!(first.json()["order_id"], second.json()["order_id"]);
    assert_ne!(first.json()["order_id"], other.json()["order_id"]);
    let ids: Vec<String> = stack
        .drain_queue()
        .iter()
        .filter_map(|m| m.properties.message_id().clone())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!(ids[0], ids[1], "billing stores one order for both: {ids:?}");
}

#[test]
fn the_same_idempotency_key_with_the_same_order_however_spelled_gets_the_same_order_id() {
    let stack = Stack::start();
    let key = ("Idempotency-Key", "spelling-1");
    let as_strings = r#"{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}"#;
    let as_numbers = r#"{"total_amount": 45, "number_of_items": 2, "user_id": 88}"#;
    let first = stack.order(as_strings, &[key]);
    let second = stack.order(as_numbers, &[key]);
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(second.status, 200, "{second:?}");
    assert_eq!(first.json()["order_id"], second.json()["order_id"]);
    let messages = stack.drain_queue();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        fingerprint_header(&messages[0]),
        fingerprint_header(&messages[1])
    );
}

#[test]
fn the_same_idempotency_key_with_a_different_order_gets_422_and_is_not_queued() {
    let stack = Stack::start();
    let key = ("Idempotency-Key", "checkout-reused");
    let first_order = r#"{"user_id": "88", "number_of_items": 1, "total_amount": "10.00"}"#;
    let other_order = r#"{"user_id": "88", "number_of_items": 7, "total_amount": "99.99"}"#;
    let first = stack.order(first_order, &[key]);
    assert_eq!(first.status, 200, "{first:?}");
    let order_id = first.json()["order_id"]
        .as_str()
        .expect("an order id")
        .to_owned();
    for _ in 0..2 {
        let reply = stack.order(other_order, &[key]);
        reply.assert_problem(
            422,
            "Idempotency-Key was already used for a different order",
        );
        assert_eq!(reply.json()["order_id"], order_id.as_str(), "{reply:?}");
        assert!(
            reply.json()["detail"]
                .as_str()
                .is_some_and(|d| d.contains(&order_id)),
            "{reply:?}"
        );
    }
    // The key still stands for the first order: retrying it is fine.
    let retry = stack.order(first_order, &[key]);
    assert_eq!(retry.status, 200, "{retry:?}");
    assert_eq!(retry.json()["order_id"], order_id.as_str());
    let bodies: Vec<Vec<u8>> = stack.drain_queue().into_iter().map(|m| m.body).collect();
    assert_eq!(bodies, [first_order.as_bytes(), first_order.as_bytes()]);
}

#[test]
fn concurrent_requests_with_one_key_and_two_orders_queue_only_one_of_them() {
    let stack = Stack::start();
    let addr = stack.addr();
    let orders = [
        r#"{"user_id": "race", "total_amount": "1.00"}"#,
        r#"{"user_id": "race", "total_amount": "2.00"}"#,
    ];
    let replies: Vec<(usize, support::Reply)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..20)
            .map(|i| {
                scope.spawn(move || {
                    let reply = support::send(
                        addr,
                        "POST",
                        "/api/billing",
                        &[
                            ("Content-Type", "application/json"),
                            ("Idempotency-Key", "race-key"),
                        ],
                        Some(orders[i % 2].as_bytes()),
                    );
                    (i % 2, reply)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("client thread"))
            .collect()
    });
    let accepted: HashSet<usize> = replies
        .iter()
        .filter(|(_, reply)| reply.status == 200)
        .map(|(which, _)| *which)
        .collect();
    assert_eq!(accepted.len(), 1, "one order wins the key: {replies:?}");
    for (which, reply) in &replies {
        let expected = if accepted.contains(which) { 200 } else { 422 };
        assert_eq!(reply.status, expected, "{reply:?}");
    }
    let winner = orders[*accepted.iter().next().expect("one")];
    let messages = stack.drain_queue();
    assert_eq!(messages.len(), 10);
    assert!(messages.iter().all(|m| m.body == winner.as_bytes()));
}

/// The `order-fingerprint` header of a queued message.
fn fingerprint_header(message: &support::Message) -> Option<String> {
    match message
        .properties
        .headers()
        .as_ref()?
        .get(order::FINGERPRINT_HEADER)?
    {
        amiquip::AmqpValue::LongString(text) => Some(text.clone()),
        other => panic!("order-fingerprint is not a string: {other:?}"),
    }
}

/// What the gateway must send in that header for `body`.
fn fingerprint(body: &str) -> String {
    order::Order::parse(body.as_bytes())
        .expect("a valid order")
        .fingerprint()
        .to_string()
}

#[test]
fn an_unreachable_broker_gives_503_with_retry_after_in_bounded_time() {
    let broker = TestBroker::create();
    let port = support::refusing_port().to_string();
    let gateway = start_gateway("http://127.0.0.1:9", &broker, &[("RABBIT_PORT", &port)]);
    for _ in 0..3 {
        let started = Instant::now();
        let reply = support::send(
            support::addr_of(&gateway),
            "POST",
            "/api/billing",
            &[("Content-Type", "application/json")],
            Some(SEED_ORDER.as_bytes()),
        );
        reply.assert_problem(503, "retry");
        assert_eq!(reply.header("Retry-After"), Some("1"), "{reply:?}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
    let health = support::send(support::addr_of(&gateway), "GET", "/health", &[], None);
    health.assert_problem(503, "unavailable");
    assert_eq!(health.json()["broker"], "down", "{health:?}");
}

#[test]
fn a_broker_that_accepts_and_never_answers_gives_503_at_the_confirm_timeout() {
    let frozen = SilentListener::start();
    let broker = TestBroker::create();
    let port = frozen.addr.port().to_string();
    let gateway = start_gateway(
        "http://127.0.0.1:9",
        &broker,
        &[
            ("RABBIT_PORT", &port),
            ("GATEWAY_CONFIRM_TIMEOUT_MS", "1000"),
        ],
    );
    let started = Instant::now();
    let reply = support::send(
        support::addr_of(&gateway),
        "POST",
        "/api/billing",
        &[("Content-Type", "application/json")],
        Some(SEED_ORDER.as_bytes()),
    );
    reply.assert_problem(503, "retry");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[test]
fn orders_succeed_again_after_the_broker_closes_the_gateways_connections() {
    let stack = Stack::start();
    let first = stack.order(SEED_ORDER, &[]);
    assert_eq!(first.status, 200, "{first:?}");
    let mut answered = HashSet::from([order_id(&first)]);
    for round in 0..3 {
        stack.broker.close_connections();
        let reply = stack.order(SEED_ORDER, &[]);
        assert_eq!(reply.status, 200, "round {round}: {reply:?}");
        answered.insert(order_id(&reply));
    }
    // An order published just as the broker closed the connection is published again, so it
    // may be on the queue twice (billing writes an order id once).
    let queued: HashSet<String> = message_ids(&stack.drain_queue()).into_iter().collect();
    assert_eq!(queued, answered);
    assert_eq!(answered.len(), 4);
}

#[test]
fn an_order_whose_confirm_is_lost_with_the_connection_is_published_again_and_confirmed() {
    let cutter = ConfirmCutter::start();
    let port = cutter.port.to_string();
    let stack = Stack::start_with(&[("RABBIT_PORT", &port)]);
    let first = stack.order(SEED_ORDER, &[]);
    assert_eq!(first.status, 200, "{first:?}");

    // The broker confirms the next order, and the gateway's connection is cut before the
    // confirm reaches it: the gateway publishes it again on a new connection.
    cutter.arm(1);
    let second = stack.order(SEED_ORDER, &[]);
    assert_eq!(second.status, 200, "{second:?}");
    assert_eq!(cutter.cuts(), 1, "the confirm was lost once");
    let second_id = second.json()["order_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    // It reached the queue before the cut, and again: billing writes an order id once.
    assert_eq!(
        message_ids(&stack.drain_queue()),
        [order_id(&first), second_id.clone(), second_id],
    );
    assert!(stack.gateway.wait_for_stderr_lines(
        "publishing them again on a new connection",
        1,
        Duration::from_secs(5)
    ));

    // Lost at every try, an order gets 503 (it may be on the queue: the 503 says to retry
    // with an Idempotency-Key); the next one is queued as usual.
    cutter.arm(4);
    let third = stack.order(SEED_ORDER, &[]);
    third.assert_problem(503, "retry");
    assert_eq!(cutter.cuts(), 5);
    assert_eq!(
        stack.drain_queue().len(),
        4,
        "on the queue from each connection"
    );
    let fourth = stack.order(SEED_ORDER, &[]);
    assert_eq!(fourth.status, 200, "{fourth:?}");
    assert_eq!(message_ids(&stack.drain_queue()), [order_id(&fourth)]);
    assert_metrics(
        &stack,
        &[
            "gateway_orders_published_total 8",
            "gateway_orders_republished_total 4",
            "gateway_orders_confirmed_total 3",
            "gateway_orders_failed_total 1",
        ],
    );
}

#[test]
fn a_nacked_order_is_tried_four_times_and_then_gets_503() {
    let stack = Stack::start();
    // A full queue that refuses publishes: RabbitMQ nacks them.
    let policy = r#"{"max-length": 1, "overflow": "reject-publish"}"#;
    let vhost = stack.broker.vhost.as_str();
    testkit::rabbitmqctl(&["set_policy", "-p", vhost, "full", "^billing_queue$", policy]);
    let applied =
        || testkit::rabbitmqctl(&["list_queues", "-p", vhost, "name", "policy"]).contains("full");
    assert!(testkit::wait_until(Duration::from_secs(10), applied));
    // A quorum queue refuses the publishes that come once it is over its limit, not at it.
    let mut queued = Vec::new();
    let refused = (0..5)
        .map(|_| stack.order(SEED_ORDER, &[]))
        .find(|reply| {
            if reply.status == 200 {
                queued.push(order_id(reply));
            }
            reply.status != 200
        })
        .expect("a full queue refuses an order");
    refused.assert_problem(503, "retry");
    assert!(stack.gateway.wait_for_stderr_lines(
        "the broker refused the order (nack)",
        1,
        Duration::from_secs(5)
    ));
    assert!(stack.gateway.wait_for_stderr_lines(
        "publishing them again on a new connection",
        1,
        Duration::from_secs(5)
    ));
    testkit::rabbitmqctl(&["clear_policy", "-p", vhost, "full"]);
    let last = stack.order(SEED_ORDER, &[]);
    assert_eq!(last.status, 200, "{last:?}");
    queued.push(order_id(&last));
    assert_eq!(message_ids(&stack.drain_queue()), queued);
    assert_metrics(
        &stack,
        &[
            &format!("gateway_orders_published_total {}", queued.len() + 4),
            "gateway_orders_republished_total 3",
            "gateway_orders_nacked_total 1",
            &format!("gateway_orders_confirmed_total {}", queued.len()),
        ],
    );
}

/// The gateway's `/metrics` page has each of these lines.
#[track_caller]
fn assert_metrics(stack: &Stack, lines: &[&str]) {
    let metrics = stack.send("GET", "/metrics", &[], None);
    let page = String::from_utf8_lossy(&metrics.body);
    for line in lines {
        assert!(page.contains(&format!("{line}\n")), "{line} in\n{page}");
    }
}

fn order_id(reply: &support::Reply) -> String {
    reply.json()["order_id"].as_str().expect("an id").to_owned()
}

fn message_ids(messages: &[support::Message]) -> Vec<String> {
    messages
        .iter()
        .map(|m| m.properties.message_id().clone().expect("a message id"))
        .collect()
}

#[test]
fn two_hundred_concurrent_orders_are_all_confirmed_queued_and_distinct() {
    let stack = Stack::start();
    let addr = stack.addr();
    let started = Instant::now();
    let replies: Vec<support::Reply> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..200)
            .map(|i| {
                scope.spawn(move || {
                    let body = format!(
                        r#"{{"user_id": {}, "number_of_items": 1, "total_amount": "9.99"}}"#,
                        i + 1
                    );
                    support::send(
                        addr,
                        "POST",
                        "/api/billing",
                        &[("Content-Type", "application/json")],
                        Some(body.as_bytes()),
                    )
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("client thread"))
            .collect()
    });
    let elapsed = started.elapsed();
    let mut answered = HashSet::new();
    for reply in &replies {
        assert_eq!(reply.status, 200, "{reply:?}");
        answered.insert(reply.json()["order_id"].as_str().expect("an id").to_owned());
    }
    assert_eq!(answered.len(), 200);
    let messages = stack.drain_queue();
    let queued: HashSet<String> = messages
        .iter()
        .filter_map(|m| m.properties.message_id().clone())
        .collect();
    assert_eq!(messages.len(), 200, "no duplicates, none missing");
    assert_eq!(queued, answered);
    eprintln!("200 concurrent confirmed orders in {elapsed:?}");
}
