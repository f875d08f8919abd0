//! `scripts/move-queue.sh` (with the `move-queue` binary) on a vhost of the test's own: the
//! orders of a classic `billing_queue` and its dead-letter queue end up in quorum queues of the
//! same names, every one of them exactly once; a second run changes nothing.
use amiquip::{AmqpProperties, Channel, Confirm, ConfirmSmoother, Exchange, Publish};
use order::queue::QueueType;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use testkit::TestBroker;

const QUEUE: &str = "billing_queue";
const DEAD_QUEUE: &str = "billing_queue.dead";
/// Orders on the queue to move: more than one batch of the tool.
const ORDERS: usize = 1_234;
const DEAD_ORDERS: usize = 3;

/// Publishes messages with ids `prefix-N` and waits for every confirm.
fn publish(channel: &Channel, queue: &str, prefix: &str, count: usize) -> BTreeSet<String> {
    let confirms = channel.listen_for_publisher_confirms().expect("listen");
    channel.enable_publisher_confirms().expect("confirms");
    let exchange = Exchange::direct(channel);
    let mut ids = BTreeSet::new();
    for n in 0..count {
        let id = format!("{prefix}-{n}");
        let properties = AmqpProperties::default()
            .with_delivery_mode(order::queue::DELIVERY_MODE_PERSISTENT)
            .with_message_id(id.clone());
        exchange
            .publish(Publish::with_properties(id.as_bytes(), queue, properties))
            .expect("publish");
        ids.insert(id);
    }
    let (mut smoother, mut acked) = (ConfirmSmoother::new(), 0);
    while acked < count {
        let raw = confirms
            .recv_timeout(Duration::from_secs(30))
            .expect("confirmed in time");
        for confirm in smoother.process(raw) {
            assert!(matches!(confirm, Confirm::Ack(_)), "{confirm:?}");
            acked += 1;
        }
    }
    ids
}

/// Every message id on `queue`, taken off it; panics on a duplicate.
fn drain(channel: &Channel, queue: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    while let Some(get) = channel.basic_get(queue, true).expect("basic_get") {
        let id = get.delivery.properties.message_id().clone().expect("an id");
        assert!(ids.insert(id.clone()), "{id} is on {queue} twice");
    }
    ids
}

fn run_script(broker: &TestBroker) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/move-queue.sh");
    let output = Command::new(script)
        .arg("quorum")
        .env("MOVE_QUEUE_BIN", env!("CARGO_BIN_EXE_move-queue"))
        .env("MOVE_QUEUE_SKIP_ENV", "1")
        .env_remove("RABBIT_HOSTS")
        .env_remove("RABBIT_PORT")
        .env_remove("BILLING_QUEUE")
        .env("RABBIT_HOST", "127.0.0.1")
        .env("RABBIT_VHOST", &broker.vhost)
        .env("RABBIT_ADMIN_USER", &broker.user)
        .env("RABBIT_ADMIN_PASSWORD", &broker.password)
        .output()
        .expect("run scripts/move-queue.sh");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{:?}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn a_classic_queue_moves_to_a_quorum_queue_with_every_order_exactly_once() {
    let broker = TestBroker::create();
    let mut connection = broker.connect();
    let channel = connection.open_channel(None).expect("channel");
    broker::queue::declare(&channel, QUEUE, QueueType::Classic).expect("a classic queue");
    let orders = publish(&channel, QUEUE, "order", ORDERS);
    let dead = publish(&channel, DEAD_QUEUE, "dead", DEAD_ORDERS);
    drop(channel);

    let stdout = run_script(&broker);
    assert!(
        stdout.contains(&format!("{ORDERS} messages moved, {ORDERS} back")),
        "{stdout}"
    );
    let types = testkit::rabbitmqctl(&[
        "list_queues",
        "-p",
        &broker.vhost,
        "--no-table-headers",
        "name",
        "type",
    ]);
    let mut types: Vec<&str> = types.lines().map(str::trim).collect();
    types.sort_unstable();
    let types: Vec<Vec<&str>> = types
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        types,
        [[QUEUE, "quorum"], [DEAD_QUEUE, "quorum"]],
        "no .moving queue is left"
    );

    // A second run finds nothing to do.
    let again = run_script(&broker);
    assert!(again.contains("billing_queue is a quorum queue"), "{again}");

    let channel = connection.open_channel(None).expect("channel");
    broker::queue::declare(&channel, QUEUE, QueueType::Quorum)
        .expect("the queues now have the quorum definition");
    assert_eq!(drain(&channel, QUEUE), orders);
    assert_eq!(drain(&channel, DEAD_QUEUE), dead);
}
