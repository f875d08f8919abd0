//! Past one broker node: the gateway and billing, given two RabbitMQ nodes in `RABBIT_HOSTS`,
//! connect to the first; once it is stopped they move to the second without a restart, and
//! every order answered `200 queued` is written once. The nodes are the test's own (private
//! names, ports and directories); two independent nodes suffice to show the move.
use std::time::Duration;
use testkit::{RabbitNode, Service, TestDb};

/// Orders sent while the first node is up, and after it stopped.
const ORDERS_BEFORE: i64 = 5;
const ORDERS_AFTER: i64 = 20;
/// Longest wait for billing to write what was confirmed.
const WRITTEN_TIMEOUT: Duration = Duration::from_secs(60);

fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(15)))
        .build()
        .new_agent()
}

/// POSTs an order for `user_id`; (status, body).
fn post_order(gateway: &Service, user_id: i64) -> (u16, String) {
    let url = format!("{}/api/billing", gateway.url());
    let body = format!(r#"{{"user_id": {user_id}, "number_of_items": 1, "total_amount": "1.00"}}"#);
    let mut response = client()
        .post(&url)
        .header("Content-Type", "application/json")
        .send(body.as_str())
        .unwrap_or_else(|e| panic!("POST {url} {body}: {e}"));
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// (rows, distinct order ids) in `orders`, 0 while the table does not exist.
fn counts(db: &TestDb) -> (i64, i64) {
    let mut client = db.client();
    let exists: bool = client
        .query_one("SELECT to_regclass('orders') IS NOT NULL", &[])
        .expect("look up the table")
        .get(0);
    if !exists {
        return (0, 0);
    }
    let row = client
        .query_one("SELECT count(*), count(DISTINCT order_id) FROM orders", &[])
        .expect("count orders");
    (row.get(0), row.get(1))
}

fn broker_env(prefix: &str, hosts: &str) -> Vec<(String, String)> {
    vec![
        ("RABBIT_HOSTS".into(), hosts.to_owned()),
        (format!("{prefix}_RABBIT_USER"), "guest".into()),
        (format!("{prefix}_RABBIT_PASSWORD"), "guest".into()),
    ]
}

#[test]
fn after_its_broker_node_stops_the_gateway_and_billing_move_to_the_next_one() {
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(RabbitNode::start);
        let second = scope.spawn(RabbitNode::start);
        (
            first.join().expect("first node boots"),
            second.join().expect("second node boots"),
        )
    });
    let hosts = format!("127.0.0.1:{},127.0.0.1:{}", first.port, second.port);
    let db = TestDb::create();
    let mut billing_env = db.env("BILLING_DATABASE");
    billing_env.extend(broker_env("BILLING", &hosts));
    let billing = Service::start("billing", &billing_env);
    let mut gateway_env = broker_env("GATEWAY", &hosts);
    gateway_env.extend([
        ("GATEWAY_LISTEN".into(), "127.0.0.1:0".into()),
        ("INVENTORY_URL".into(), "http://127.0.0.1:9".into()),
    ]);
    let gateway = Service::start("gateway", &gateway_env);
    let on_first = format!(
        "billing consuming billing_queue on 127.0.0.1:{}",
        first.port
    );
    assert!(
        billing.stdout_lines().contains(&on_first),
        "{:?}",
        billing.stdout_lines()
    );

    for user_id in 1..=ORDERS_BEFORE {
        let (status, body) = post_order(&gateway, user_id);
        assert_eq!(status, 200, "order {user_id} with both nodes up: {body}");
    }
    assert!(
        testkit::wait_until(WRITTEN_TIMEOUT, || counts(&db).0 == ORDERS_BEFORE),
        "rows: {:?}",
        counts(&db)
    );

    first.stop();
    let mut queued = ORDERS_BEFORE;
    for user_id in ORDERS_BEFORE + 1..=ORDERS_BEFORE + ORDERS_AFTER {
        let (status, body) = post_order(&gateway, user_id);
        assert_eq!(
            status,
            200,
            "order {user_id} after the first node stopped: {body}\ngateway stderr:\n{}",
            gateway.stderr_lines().join("\n")
        );
        queued += 1;
    }
    let on_second = format!(
        "billing consuming billing_queue on 127.0.0.1:{}",
        second.port
    );
    assert!(
        billing.wait_for_line(&on_second, WRITTEN_TIMEOUT),
        "billing did not move to the second node: {:?}",
        billing.stderr_lines()
    );
    assert!(
        testkit::wait_until(WRITTEN_TIMEOUT, || counts(&db).0 == queued),
        "every queued order is written: {:?} of {queued}",
        counts(&db)
    );
    assert_eq!(counts(&db), (queued, queued), "each order once");
    assert!(
        gateway
            .stderr_lines()
            .iter()
            .any(|l| l.contains(&format!("connected to 127.0.0.1:{}", second.port))),
        "{:?}",
        gateway.stderr_lines()
    );
}
