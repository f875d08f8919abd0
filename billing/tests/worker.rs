//! The billing binary against the real RabbitMQ and PostgreSQL: a vhost and a database per
//! test, faults injected from outside (kill -9, a refused database, cut connections).
mod support;

use std::time::{Duration, Instant};
use support::{orders, Message, Setup, DEAD_QUEUE, STEP_TIMEOUT};

/// Orders of the drain scenarios (issue 5 cases 2, 5–8).
const DRAIN_ORDERS: i64 = 5_000;

#[test]
fn orders_queued_before_start_are_all_written() {
    let setup = Setup::new();
    setup.publish(&orders(DRAIN_ORDERS));
    let worker = setup.start_billing();
    setup.assert_drained(DRAIN_ORDERS, &worker);
    assert!(worker.count_lines("batch messages=") >= (DRAIN_ORDERS as usize).div_ceil(100));
}

#[test]
fn an_order_is_stored_as_sent() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let id = order::OrderId::random().to_string();
    setup.publish(&[Message::keyed(
        &id,
        br#"{"user_id": "88", "number_of_items": 2, "total_amount": 45}"#,
    )]);
    let confirmed = Instant::now();
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 == 1));
    let latency = confirmed.elapsed();
    eprintln!("broker confirm to row in the table: {latency:?}");
    // The promise is 100 ms on an idle system; the bound leaves room for a busy CI machine.
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    let row = setup
        .client()
        .query_one(
            "SELECT user_id, number_of_items, total_amount::text, order_id::text FROM orders",
            &[],
        )
        .expect("one row");
    let stored: (String, i32, String, String) = (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(stored, ("88".to_owned(), 2, "45.00".to_owned(), id));
    drop(worker);
}

#[test]
fn poison_messages_are_dead_lettered_and_the_others_written() {
    let setup = Setup::new();
    let mut messages: Vec<Message> = (1..=5).map(Message::order).collect();
    messages.push(Message::raw(b"not json"));
    messages.push(Message::raw(b"[1]"));
    messages.push(Message::raw(
        b"{\"user_id\": 1, \"number_of_items\": 0, \"total_amount\": 1}",
    ));
    messages.push(Message::raw(b"\0"));
    messages.push(Message::with_id(99, Some("not-a-uuid")));
    messages.extend((6..=10).map(Message::order));
    setup.publish(&messages);
    let worker = setup.start_billing();
    setup.assert_drained(10, &worker);
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(DEAD_QUEUE).0 == 5),
        "dead-letter queue: {:?}",
        setup.queue_depth(DEAD_QUEUE)
    );
    let dead = setup.drain_queue(DEAD_QUEUE);
    let bodies: Vec<&[u8]> = dead.iter().map(|(_, body)| body.as_slice()).collect();
    assert!(bodies.contains(&b"not json".as_slice()), "{bodies:?}");
    assert!(bodies.contains(&b"[1]".as_slice()), "{bodies:?}");
    let reasons = worker.stderr_lines();
    let dead_lines: Vec<&String> = reasons
        .iter()
        .filter(|l| l.contains("dead-lettered"))
        .collect();
    assert_eq!(dead_lines.len(), 5, "{reasons:#?}");
    assert!(
        dead_lines.iter().any(|l| l.contains("number_of_items")),
        "{dead_lines:#?}"
    );
    assert!(
        dead_lines
            .iter()
            .any(|l| l.contains("message_id is not a UUID")),
        "{dead_lines:#?}"
    );
}

#[test]
fn an_order_the_database_refuses_is_dead_lettered_alone() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    // The worker created the table; a rule the message format does not know about makes
    // user 13 an order the database refuses.
    setup
        .client()
        .batch_execute("ALTER TABLE orders ADD CONSTRAINT no_user_13 CHECK (user_id <> '13')")
        .expect("add constraint");
    setup.publish(&(10..=16).map(Message::order).collect::<Vec<_>>());
    setup.assert_drained(6, &worker);
    assert!(testkit::wait_until(STEP_TIMEOUT, || {
        setup.queue_depth(DEAD_QUEUE).0 == 1
    }));
    let dead = setup.drain_queue(DEAD_QUEUE);
    assert_eq!(dead[0].1, support::order_body(13));
    assert!(worker
        .stderr_lines()
        .iter()
        .any(|l| l.contains("dead-lettered") && l.contains("no_user_13")));
}

#[test]
fn the_same_message_id_twice_makes_one_row() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let id = order::OrderId::random().to_string();
    // Twice in one batch, then once more in a later batch.
    setup.publish(&[
        Message::with_id(1, Some(&id)),
        Message::with_id(1, Some(&id)),
        Message::order(2),
    ]);
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 == 2));
    setup.publish(&[Message::with_id(1, Some(&id)), Message::order(3)]);
    setup.assert_drained(3, &worker);
    let rows: i64 = setup
        .client()
        .query_one(
            "SELECT count(*) FROM orders WHERE order_id = $1::text::uuid",
            &[&id],
        )
        .expect("count")
        .get(0);
    assert_eq!(rows, 1);
}

#[test]
fn a_message_without_message_id_is_dead_lettered_and_never_written() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    // Twice, as a redelivery after a lost ack or a re-publish would bring it: without an id
    // the two cannot be told from two orders, so neither is written.
    setup.publish(&[
        Message::with_id(7, None),
        Message::order(8),
        Message::with_id(7, None),
    ]);
    setup.assert_drained(1, &worker);
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(DEAD_QUEUE).0 == 2),
        "dead-letter queue: {:?}",
        setup.queue_depth(DEAD_QUEUE)
    );
    let users: Vec<String> = setup.orders().into_iter().map(|o| o.0).collect();
    assert_eq!(users, ["8"]);
    let lines = worker.stderr_lines();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("dead-lettered") && l.contains("no message_id"))
            .count(),
        2,
        "{lines:#?}"
    );
}

#[test]
fn a_consume_only_user_is_enough() {
    let setup = Setup::new();
    // The test's own user declares the queues, as provisioning does on the VMs.
    let mut messages = orders(10);
    messages.push(Message::raw(b"not json"));
    setup.publish(&messages);
    let queues = "^billing_queue(\\.dead)?$";
    let consumer = setup.broker.add_user("^$", "^$", queues);
    let env: Vec<(String, String)> = setup
        .billing_env()
        .into_iter()
        .map(|(name, value)| match name.as_str() {
            "BILLING_RABBIT_USER" => (name, consumer.user.clone()),
            "BILLING_RABBIT_PASSWORD" => (name, consumer.password.clone()),
            _ => (name, value),
        })
        .collect();
    let worker = testkit::Service::start("billing", &env);
    setup.assert_drained(10, &worker);
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(DEAD_QUEUE).0 == 1),
        "dead-lettering needs no write permission: {:#?}",
        worker.stderr_lines()
    );
}

#[test]
fn kill_9_during_a_drain_loses_and_duplicates_nothing() {
    let setup = Setup::new();
    setup.publish(&orders(DRAIN_ORDERS));
    let mut worker = setup.start_billing();
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 > 0));
    worker.kill9();
    let at_kill = setup.counts().0;
    eprintln!("rows at kill -9: {at_kill}");
    let worker = setup.start_billing();
    setup.assert_drained(DRAIN_ORDERS, &worker);
}

#[test]
fn a_database_outage_is_waited_out_without_restart() {
    let setup = Setup::new();
    setup.publish(&orders(DRAIN_ORDERS));
    let worker = setup.start_billing();
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 > 0));
    let rows_before_outage = setup.counts();
    setup.db.block_connections();
    eprintln!("rows at the outage: {:?}", rows_before_outage);
    // Three failed attempts: the write, then reconnects refused while the outage lasts.
    let noticed = testkit::wait_until(STEP_TIMEOUT, || {
        worker
            .stderr_lines()
            .iter()
            .filter(|l| l.contains("cannot write"))
            .count()
            >= 3
    });
    setup.db.allow_connections();
    assert!(noticed, "the worker never hit the outage");
    setup.assert_drained(DRAIN_ORDERS, &worker);
    eprintln!("worker stderr:\n{}", worker.stderr_lines().join("\n"));
    assert_eq!(
        worker.count_lines("billing consuming"),
        1,
        "the broker session survived"
    );
}

#[test]
fn a_cut_broker_connection_is_reestablished() {
    let setup = Setup::new();
    setup.publish(&orders(DRAIN_ORDERS));
    let worker = setup.start_billing();
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 > 0));
    eprintln!("rows at the cut: {:?}", setup.counts());
    setup.broker.close_connections();
    assert!(
        wait_for_line_count(&worker, "billing consuming", 2),
        "no reconnect: {:#?}",
        worker.stderr_lines()
    );
    setup.assert_drained(DRAIN_ORDERS, &worker);
    eprintln!("worker stderr:\n{}", worker.stderr_lines().join("\n"));
}

#[test]
fn three_workers_write_each_order_once() {
    let setup = Setup::new();
    let workers = [
        setup.start_billing(),
        setup.start_billing(),
        setup.start_billing(),
    ];
    setup.publish(&orders(DRAIN_ORDERS));
    setup.assert_drained(DRAIN_ORDERS, &workers[0]);
    for (n, worker) in workers.iter().enumerate() {
        assert!(
            worker.count_lines("batch messages=") > 0,
            "worker {n} wrote nothing"
        );
    }
}

#[test]
fn sigterm_commits_the_batch_in_hand_and_exits_0() {
    let setup = Setup::new();
    setup.publish(&orders(DRAIN_ORDERS));
    let mut worker = setup.start_billing();
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 > 0));
    let asked = Instant::now();
    let status = worker.terminate();
    let took = asked.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(3), "exit took {took:?}");
    assert!(worker.wait_for_line("billing stopped", STEP_TIMEOUT));
    eprintln!("SIGTERM to exit: {took:?}, rows then: {:?}", setup.counts());
    let worker = setup.start_billing();
    setup.assert_drained(DRAIN_ORDERS, &worker);
}

/// Waits until `needle` has appeared on `n` stdout lines of the worker.
fn wait_for_line_count(worker: &testkit::Service, needle: &str, n: usize) -> bool {
    testkit::wait_until(STEP_TIMEOUT, || worker.count_lines(needle) >= n)
}

/// Orders of the drain benchmark: as many as the prototype in FINDINGS.md drained.
const BENCH_ORDERS: i64 = 20_000;

/// The issue's floor for a release build (the prototype did ~33,000/s).
const BENCH_ORDERS_PER_SEC_MIN: f64 = 10_000.0;

#[test]
#[ignore = "benchmark: cargo test --release -p billing --test worker -- --ignored --nocapture"]
fn drain_throughput() {
    let setup = Setup::new();
    setup.publish(&orders(BENCH_ORDERS));
    let worker = setup.start_billing();
    let started = Instant::now();
    testkit::wait_until(support::DRAIN_TIMEOUT, || setup.counts().0 >= BENCH_ORDERS);
    let wall = started.elapsed();
    setup.assert_drained(BENCH_ORDERS, &worker);
    let span = first_and_last_created(&setup);
    let rate = BENCH_ORDERS as f64 / span.as_secs_f64();
    eprintln!(
        "drained {BENCH_ORDERS} orders: {rate:.0} orders/s between the first and last commit \
         ({span:?}); {:.0} orders/s from the ready line to the last row seen ({wall:?})",
        BENCH_ORDERS as f64 / wall.as_secs_f64()
    );
    let batches: Vec<(u64, u64)> = worker
        .stdout_lines()
        .iter()
        .filter_map(|line| Some((field(line, "messages=")?, field(line, "duration_ms=")?)))
        .collect();
    let in_flush: u64 = batches.iter().map(|(_, ms)| ms).sum();
    eprintln!(
        "{} batches, {:.1} messages each, {in_flush} ms spent in flush (parse, write, ack)",
        batches.len(),
        BENCH_ORDERS as f64 / batches.len() as f64
    );
    if !cfg!(debug_assertions) {
        assert!(rate >= BENCH_ORDERS_PER_SEC_MIN, "{rate:.0} orders/s");
    }
}

/// Time between the first and the last row's `created_at` (each batch's commit clock),
/// so polling and process start do not count.
fn first_and_last_created(setup: &Setup) -> Duration {
    let row = setup
        .client()
        .query_one(
            "SELECT extract(epoch FROM max(created_at) - min(created_at))::float8 FROM orders",
            &[],
        )
        .expect("created_at span");
    Duration::from_secs_f64(row.get::<_, f64>(0))
}

/// The number after `key` in a log line such as `batch messages=100 ... duration_ms=3`.
fn field(line: &str, key: &str) -> Option<u64> {
    let rest = &line[line.find(key)? + key.len()..];
    rest.split_whitespace().next()?.parse().ok()
}
