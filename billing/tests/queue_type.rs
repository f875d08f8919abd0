//! `BILLING_QUEUE_TYPE`: a quorum queue (the default) stops a poison message from looping, and a
//! queue already declared with the other type stops billing and the gateway at start with a
//! message that names the fix, instead of a retry loop or a 503 on every order.
mod support;

use amiquip::{AmqpProperties, Exchange, Publish};
use order::queue::{QueueType, DELIVERY_LIMIT};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use support::{Setup, DEAD_QUEUE, QUEUE, STEP_TIMEOUT};
use testkit::Service;

/// Runs `binary` with exactly `env` until it exits; (status, stderr). Killed (by its PID)
/// and reported if it is still running after `STEP_TIMEOUT`.
fn run_to_exit(binary: &str, env: &[(String, String)]) -> (ExitStatus, String) {
    let mut child = Command::new(testkit::binary(binary))
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    let deadline = Instant::now() + STEP_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("{binary} kept running with a queue of the other type");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr);
    (status, stderr)
}

#[test]
fn a_classic_queue_stops_a_quorum_configured_billing_and_gateway_at_start_naming_the_fix() {
    let setup = Setup::new();
    let mut connection = setup.broker.connect();
    let channel = connection.open_channel(None).expect("open a channel");
    broker::queue::declare(&channel, QUEUE, QueueType::Classic).expect("declare it classic");

    let (status, stderr) = run_to_exit("billing", &setup.billing_env());
    assert_eq!(status.code(), Some(2), "billing: {stderr}");
    for needle in [
        "queue billing_queue.dead already exists",
        "BILLING_QUEUE_TYPE=quorum",
        "scripts/move-queue.sh",
    ] {
        assert!(
            stderr.contains(needle),
            "billing stderr lacks {needle:?}: {stderr}"
        );
    }

    let mut gateway_env = setup.broker.env("GATEWAY");
    gateway_env.extend([
        ("GATEWAY_LISTEN".into(), "127.0.0.1:0".into()),
        ("INVENTORY_URL".into(), "http://127.0.0.1:9".into()),
    ]);
    let (status, stderr) = run_to_exit("gateway", &gateway_env);
    assert_eq!(status.code(), Some(1), "gateway: {stderr}");
    assert!(stderr.contains("BILLING_QUEUE_TYPE=quorum"), "{stderr}");
    assert!(stderr.contains("scripts/move-queue.sh"), "{stderr}");

    // Told the queue's type, both run.
    let mut classic = setup.billing_env();
    classic.push(("BILLING_QUEUE_TYPE".into(), "classic".into()));
    let _billing = Service::start("billing", &classic);
    gateway_env.push(("BILLING_QUEUE_TYPE".into(), "classic".into()));
    let _gateway = Service::start("gateway", &gateway_env);
}

#[test]
fn a_quorum_queue_dead_letters_a_message_redelivered_past_its_delivery_limit() {
    let setup = Setup::new();
    let mut connection = setup.broker.connect();
    let channel = connection.open_channel(None).expect("open a channel");
    broker::queue::declare(&channel, QUEUE, QueueType::Quorum).expect("declare it quorum");
    let properties = AmqpProperties::default().with_message_id("poison".into());
    Exchange::direct(&channel)
        .publish(Publish::with_properties(b"{}", QUEUE, properties))
        .expect("publish");

    // A worker that dies on this message returns it unacked each time; a nack with requeue
    // does the same, faster.
    let mut deliveries = 0;
    let deadline = Instant::now() + STEP_TIMEOUT;
    while Instant::now() < deadline {
        match channel.basic_get(QUEUE, false).expect("basic_get") {
            Some(get) => {
                deliveries += 1;
                assert!(deliveries <= DELIVERY_LIMIT + 1, "still delivered: a loop");
                get.nack(&channel, true).expect("nack with requeue");
            }
            None if deliveries > DELIVERY_LIMIT => break,
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    assert_eq!(
        deliveries,
        DELIVERY_LIMIT + 1,
        "delivered, then dead-lettered"
    );
    let dead = testkit::wait_until(STEP_TIMEOUT, || {
        channel
            .queue_declare_passive(DEAD_QUEUE)
            .is_ok_and(|q| q.declared_message_count() == Some(1))
    });
    assert!(dead, "the message reached {DEAD_QUEUE}");
    let get = channel
        .basic_get(DEAD_QUEUE, true)
        .expect("basic_get")
        .expect("the dead letter");
    assert_eq!(
        get.delivery.properties.message_id().as_deref(),
        Some("poison")
    );
}
