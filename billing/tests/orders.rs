//! The order contract as billing applies it: the original system's bodies, redeliveries told
//! from conflicts by the fingerprint, the fingerprint header, and the migration of an `orders`
//! table of the first schema. Real RabbitMQ and PostgreSQL, a vhost and a database per test.
mod support;

use order::{Order, OrderId};
use support::{Message, Setup, DEAD_QUEUE, QUEUE, STEP_TIMEOUT};
use testkit::Service;

/// The load-test body of the original system (`original-postdata.json` of the Python project
/// this one replaces): every field a string, the user id a name.
const ORIGINAL_POSTDATA: &[u8] =
    br#"{"user_id":"loadtest","number_of_items":"1","total_amount":"10"}"#;
/// The example of the original README.
const ORIGINAL_README_ORDER: &[u8] =
    br#"{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}"#;
/// The original spec requires only `user_id` and `total_amount`.
const ORIGINAL_MINIMAL_ORDER: &[u8] =
    br#"{"user_id": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "total_amount": "19.99"}"#;

/// Waits until every message published so far is settled (none ready, none unacked).
#[track_caller]
fn wait_settled(setup: &Setup, worker: &Service) {
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(QUEUE) == (0, 0)),
        "queue not drained: {:?}\nstderr:\n{}",
        setup.queue_depth(QUEUE),
        worker.stderr_lines().join("\n")
    );
}

/// The sum of `key`'s numbers over the worker's batch lines (`batch ... duplicates=1 ...`).
fn total(worker: &Service, key: &str) -> u64 {
    worker
        .stdout_lines()
        .iter()
        .filter(|line| line.starts_with("batch "))
        .filter_map(|line| {
            let rest = &line[line.find(key)? + key.len()..];
            rest.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum()
}

fn fingerprint(body: &[u8]) -> String {
    Order::parse(body)
        .expect("a valid order")
        .fingerprint()
        .to_string()
}

fn id() -> String {
    OrderId::random().to_string()
}

#[test]
fn the_originals_bodies_are_written() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let ids = [id(), id(), id()];
    setup.publish(&[
        Message::keyed(&ids[0], ORIGINAL_POSTDATA),
        Message::keyed(&ids[1], ORIGINAL_README_ORDER),
        Message::keyed(&ids[2], ORIGINAL_MINIMAL_ORDER),
    ]);
    setup.assert_drained(3, &worker);
    let row = |user: &str, items: Option<i32>, amount: &str, id: &str| {
        (
            user.to_owned(),
            items,
            amount.to_owned(),
            Some(id.to_owned()),
        )
    };
    assert_eq!(
        setup.orders(),
        [
            row("loadtest", Some(1), "10.00", &ids[0]),
            row("88", Some(2), "45.00", &ids[1]),
            // Absent number_of_items is stored as NULL: nothing invented.
            row(
                "6f9619ff-8b86-d011-b42d-00cf4fc964ff",
                None,
                "19.99",
                &ids[2]
            ),
        ]
    );
}

#[test]
fn a_redelivered_order_is_one_row_and_a_different_order_under_its_id_is_a_recorded_conflict() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let key = id();
    let first = br#"{"user_id": "88", "number_of_items": 1, "total_amount": "10.00"}"#;
    // The same order spelled otherwise: a retry, not a conflict.
    let same = br#"{"user_id": 88, "number_of_items": "1", "total_amount": 10}"#;
    let other = br#"{"user_id": "88", "number_of_items": 7, "total_amount": "99.99"}"#;
    setup.publish(&[Message::keyed(&key, first)]);
    setup.assert_drained(1, &worker);
    setup.publish(&[
        Message::keyed(&key, same),
        Message::keyed(&key, other),
        Message::keyed(&key, other),
    ]);
    wait_settled(&setup, &worker);
    // Redelivered later, once more: still one conflict row.
    setup.publish(&[Message::keyed(&key, other)]);
    wait_settled(&setup, &worker);

    assert_eq!(
        setup.orders(),
        [(
            "88".to_owned(),
            Some(1),
            "10.00".to_owned(),
            Some(key.clone())
        )],
        "the first order stays, untouched"
    );
    let conflicts = setup.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    let conflict = &conflicts[0];
    assert_eq!(conflict.order_id, key);
    assert_eq!(
        (
            conflict.user_id.as_str(),
            conflict.number_of_items,
            conflict.total_amount.as_str()
        ),
        ("88", Some(7), "99.99")
    );
    assert_eq!(conflict.fingerprint, fingerprint(other));
    assert_eq!(
        conflict.existing_fingerprint.as_deref(),
        Some(fingerprint(first).as_str())
    );
    let lines = worker.stderr_lines();
    let conflict_lines: Vec<&String> = lines.iter().filter(|l| l.contains("conflict")).collect();
    assert_eq!(conflict_lines.len(), 3, "one per message: {lines:#?}");
    assert!(conflict_lines[0].contains(&key), "{conflict_lines:#?}");
    assert_eq!(
        setup.queue_depth(DEAD_QUEUE),
        (0, 0),
        "nothing dead-lettered"
    );
    assert_eq!(
        total(&worker, "duplicates="),
        1,
        "{:#?}",
        worker.stdout_lines()
    );
    assert_eq!(
        total(&worker, "conflicts="),
        3,
        "{:#?}",
        worker.stdout_lines()
    );
}

#[test]
fn two_orders_under_one_id_in_one_batch_write_the_first_and_record_the_second() {
    let setup = Setup::new();
    // Published before the worker starts, so they arrive in one batch.
    let key = id();
    let first = br#"{"user_id": "a", "total_amount": "1.00"}"#;
    let second = br#"{"user_id": "b", "total_amount": "2.00"}"#;
    setup.publish(&[
        Message::keyed(&key, first),
        Message::order(1),
        Message::keyed(&key, second),
        Message::keyed(&key, first),
    ]);
    let worker = setup.start_billing();
    setup.assert_drained(2, &worker);
    wait_settled(&setup, &worker);
    let users: Vec<String> = setup.orders().into_iter().map(|o| o.0).collect();
    assert_eq!(users, ["a", "1"]);
    let conflicts = setup.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    assert_eq!(conflicts[0].user_id, "b");
    assert_eq!(conflicts[0].fingerprint, fingerprint(second));
}

#[test]
fn a_fingerprint_header_that_does_not_match_the_body_is_dead_lettered() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let mut mismatched = Message::keyed(&id(), ORIGINAL_POSTDATA);
    mismatched.fingerprint = Some(fingerprint(ORIGINAL_README_ORDER));
    let mut garbage = Message::keyed(&id(), ORIGINAL_POSTDATA);
    garbage.fingerprint = Some("not a fingerprint".to_owned());
    setup.publish(&[
        mismatched,
        garbage,
        Message::keyed(&id(), ORIGINAL_README_ORDER),
    ]);
    setup.assert_drained(1, &worker);
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(DEAD_QUEUE).0 == 2),
        "dead-letter queue: {:?}",
        setup.queue_depth(DEAD_QUEUE)
    );
    let lines = worker.stderr_lines();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("dead-lettered") && l.contains("order-fingerprint"))
            .count(),
        2,
        "{lines:#?}"
    );
}

/// `orders` as the first release of billing created it.
const FIRST_SCHEMA: &str = "\
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL CHECK (user_id > 0),
    number_of_items integer NOT NULL CHECK (number_of_items >= 1),
    total_amount numeric(12,2) NOT NULL CHECK (total_amount >= 0 AND total_amount <> 'NaN'),
    order_id uuid UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
)";

#[test]
fn an_orders_table_of_the_first_schema_is_migrated_without_losing_a_row() {
    let setup = Setup::new();
    let old_id = id();
    let max_id = id();
    let mut client = setup.client();
    client.batch_execute(FIRST_SCHEMA).expect("old schema");
    client
        .execute(
            "INSERT INTO orders (user_id, number_of_items, total_amount, order_id) VALUES \
             (88, 2, 45.00, $1::text::uuid), (7, 1, 0.50, NULL), \
             (9223372036854775807, 2147483647, 9999999999.99, $2::text::uuid)",
            &[&old_id, &max_id],
        )
        .expect("old rows");
    let before: Vec<(i64, String)> = client
        .query("SELECT id, created_at::text FROM orders ORDER BY id", &[])
        .expect("old rows")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();

    let worker = setup.start_billing();
    assert_eq!(
        worker.count_lines("migrated table orders (3 rows)"),
        1,
        "{:#?}",
        worker.stdout_lines()
    );
    let after: Vec<(i64, String)> = client
        .query("SELECT id, created_at::text FROM orders ORDER BY id", &[])
        .expect("migrated rows")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(after, before, "every row kept, with its id and time");
    assert_eq!(
        setup.orders(),
        [
            ("88".into(), Some(2), "45.00".into(), Some(old_id.clone())),
            ("7".into(), Some(1), "0.50".into(), None),
            (
                "9223372036854775807".into(),
                Some(i32::MAX),
                "9999999999.99".into(),
                Some(max_id.clone())
            ),
        ]
    );

    // An old order redelivered, as its first publisher spelled it: a duplicate, since
    // 88 and "88" are one user. Another order under an old id: a conflict. A new order of the
    // original's kind: written.
    setup.publish(&[
        Message::keyed(
            &old_id,
            br#"{"user_id": 88, "number_of_items": 2, "total_amount": "45.00"}"#,
        ),
        Message::keyed(
            &max_id,
            br#"{"user_id": 1, "number_of_items": 1, "total_amount": "1.00"}"#,
        ),
        Message::keyed(&id(), br#"{"user_id": "loadtest", "total_amount": "10"}"#),
    ]);
    assert!(testkit::wait_until(STEP_TIMEOUT, || setup.counts().0 == 4));
    wait_settled(&setup, &worker);
    let conflicts = setup.conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    assert_eq!(conflicts[0].order_id, max_id);
    assert_eq!(
        total(&worker, "duplicates="),
        1,
        "{:#?}",
        worker.stdout_lines()
    );
    assert_eq!(
        total(&worker, "conflicts="),
        1,
        "{:#?}",
        worker.stdout_lines()
    );
    assert_eq!(setup.orders()[3].1, None, "absent number_of_items is NULL");

    // The new rules hold in the table itself, for anyone writing to it.
    for (user_id, accepted) in [("~!", true), (" x", false), ("é", false), ("", false)] {
        let result = client.execute(
            "INSERT INTO orders (user_id, number_of_items, total_amount) VALUES ($1, NULL, 1)",
            &[&user_id],
        );
        assert_eq!(result.is_ok(), accepted, "{user_id:?}: {result:?}");
    }

    // A restart finds nothing to migrate.
    drop(worker);
    let worker = setup.start_billing();
    assert_eq!(worker.count_lines("migrated table orders"), 0);
}
