//! The harness itself against the real servers: what every other test relies on.
use amiquip::{AmqpProperties, ConsumerMessage, ConsumerOptions, Exchange, Publish};
use std::time::Duration;
use testkit::{TestBroker, TestDb};

#[test]
fn a_test_database_is_private_blockable_and_dropped() {
    let db = TestDb::create();
    let name = db.name.clone();
    let mut client = db.client();
    client.batch_execute("CREATE TABLE t (x int)").unwrap();
    db.block_connections();
    assert!(
        client.batch_execute("SELECT 1").is_err(),
        "session terminated"
    );
    assert!(db.try_client().is_err(), "new connections refused");
    db.allow_connections();
    db.client().batch_execute("SELECT * FROM t").unwrap();
    drop(db);
    assert!(!TestDb::exists(&name), "{name} dropped");
}

#[test]
fn the_test_role_is_no_superuser_and_services_log_in_as_it() {
    let db = TestDb::create();
    let env = db.env("INVENTORY_DATABASE");
    let user = &env.iter().find(|(k, _)| k == "POSTGRES_USER").unwrap().1;
    let row = db
        .client()
        .query_one(
            "SELECT current_user::text, rolsuper, rolcreatedb, pg_get_userbyid(datdba)::text \
             FROM pg_roles, pg_database WHERE rolname = current_user AND datname = current_database()",
            &[],
        )
        .unwrap();
    let (me, superuser, createdb, owner): (String, bool, bool, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(
        &me, user,
        "the test's own connection and the services' are the same role"
    );
    assert!(
        !superuser && createdb,
        "{me}: superuser {superuser}, createdb {createdb}"
    );
    assert_eq!(&owner, user, "the test role owns the test's database");
}

#[test]
fn a_test_vhost_carries_the_billing_queue_and_survives_a_cut() {
    let broker = TestBroker::create();
    let mut connection = broker.connect();
    let channel = connection.open_channel(None).unwrap();
    let queue = broker::queue::declare(
        &channel,
        order::queue::DEFAULT_QUEUE,
        order::queue::QueueType::default(),
    )
    .unwrap();
    Exchange::direct(&channel)
        .publish(Publish::with_properties(
            b"{}",
            order::queue::DEFAULT_QUEUE,
            AmqpProperties::default().with_delivery_mode(2),
        ))
        .unwrap();
    let consumer = queue.consume(ConsumerOptions::default()).unwrap();
    match consumer.receiver().recv_timeout(Duration::from_secs(5)) {
        Ok(ConsumerMessage::Delivery(d)) => {
            assert_eq!(d.body, b"{}");
            consumer.reject(d, false).unwrap();
        }
        other => panic!("expected a delivery, got {other:?}"),
    }
    // The rejected message is dead-lettered by the broker.
    let dead = channel
        .queue_declare_passive(order::queue::dead_letter_queue_name("billing_queue"))
        .unwrap();
    assert!(testkit::wait_until(Duration::from_secs(5), || {
        dead.declared_message_count().is_some() && {
            let again = channel.queue_declare_passive("billing_queue.dead").unwrap();
            again.declared_message_count() == Some(1)
        }
    }));
    broker.close_connections();
    assert!(testkit::wait_until(Duration::from_secs(5), || channel
        .queue_declare_passive("billing_queue")
        .is_err()));
    let _ = connection.close();
    broker.connect().close().unwrap();
}

#[test]
fn least_privilege_users_find_the_queues_provisioning_declared() {
    let broker = TestBroker::create();
    let mut admin = broker.connect();
    broker::queue::open_declared(
        &mut admin,
        "billing_queue",
        order::queue::QueueType::default(),
    )
    .unwrap();
    // As scripts/setup_billing.sh sets them: the gateway may only publish, billing only consume.
    let publisher = broker.add_user("^$", "^amq\\.default$", "^$");
    let consumer = broker.add_user("^$", "^$", "^billing_queue(\\.dead)?$");
    for user in [publisher, consumer] {
        let mut connection = broker::connect(&user, Duration::from_secs(5), 10).unwrap();
        broker::queue::open_declared(
            &mut connection,
            "billing_queue",
            order::queue::QueueType::default(),
        )
        .unwrap_or_else(|e| panic!("{user:?}: {e}"));
        let _ = connection.close();
    }
    let _ = admin.close();
}
