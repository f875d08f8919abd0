//! Orders against the real broker: a 200 only after the confirm, the message exactly as
//! specified on the test's queue, every bad order refused, faults answered 503, recovery.
mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};
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
        r#"{"user_id": 1, "total_amount": "1.00"}"#,
        "number_of_items",
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
        r#"{"user_id": 0, "number_of_items": 1, "total_amount": "1.00"}"#,
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
    assert_eq!(stack.order(SEED_ORDER, &[]).status, 200);
    for round in 0..3 {
        stack.broker.close_connections();
        let reply = stack.order(SEED_ORDER, &[]);
        assert_eq!(reply.status, 200, "round {round}: {reply:?}");
    }
    assert_eq!(stack.drain_queue().len(), 4);
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
