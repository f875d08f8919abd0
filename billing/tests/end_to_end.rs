//! Through the real gateway and inventory binaries: the original resilience scenario (with
//! billing stopped, orders are still accepted, "queued" only after the broker's confirm, and
//! once billing starts again every one of them is written), and an `Idempotency-Key` reused
//! for another order where the gateway cannot know (another gateway, a restart).
mod support;

use std::time::Duration;
use support::{Setup, QUEUE, STEP_TIMEOUT};
use testkit::{Service, TestDb};

/// Orders posted while the worker is stopped (issue 5, case 1).
const POSTED_ORDERS: i64 = 20;

fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        // A refusal is an answer the failure message shows, not an error.
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

#[test]
fn orders_posted_while_billing_is_stopped_are_written_when_it_starts() {
    let setup = Setup::new();
    let inventory_db = TestDb::create();
    let mut inventory_env = inventory_db.env("INVENTORY_DATABASE");
    inventory_env.push(("INVENTORY_LISTEN".into(), "127.0.0.1:0".into()));
    let inventory = Service::start("inventory", &inventory_env);
    let mut gateway_env = setup.broker.env("GATEWAY");
    gateway_env.extend([
        ("GATEWAY_LISTEN".into(), "127.0.0.1:0".into()),
        ("INVENTORY_URL".into(), inventory.url()),
        ("BILLING_QUEUE".into(), QUEUE.into()),
    ]);
    let gateway = Service::start("gateway", &gateway_env);

    // The worker ran once (so the table exists), then was stopped.
    let mut worker = setup.start_billing();
    assert!(worker.terminate().success());

    let agent = client();
    let url = format!("{}/api/billing", gateway.url());
    for user_id in 1..=POSTED_ORDERS {
        let body = String::from_utf8(support::order_body(user_id)).expect("ASCII");
        let mut response = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .unwrap_or_else(|e| panic!("POST {url} {body}: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert_eq!(status, 200, "POST {url} {body} -> {status} {text}");
        assert!(
            text.contains("queued"),
            "POST {url} {body} -> {status} {text}"
        );
    }
    assert_eq!(setup.counts(), (0, 0), "no worker, no rows");
    // A quorum queue's counts reach `rabbitmqctl list_queues` a moment after the confirms.
    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(QUEUE).0
            == POSTED_ORDERS as u64),
        "{:?}",
        setup.queue_depth(QUEUE)
    );

    let worker = setup.start_billing();
    setup.assert_drained(POSTED_ORDERS, &worker);
    let users: i64 = setup
        .client()
        .query_one("SELECT count(DISTINCT user_id) FROM orders", &[])
        .expect("count users")
        .get(0);
    assert_eq!(users, POSTED_ORDERS);

    // What happened shows on the three /metrics pages.
    let page = |url: String| {
        let url = format!("{url}/metrics");
        let mut response = agent.get(&url).call().expect("GET /metrics");
        assert_eq!(response.status().as_u16(), 200, "{url}");
        response.body_mut().read_to_string().expect("a text page")
    };
    let gateway_page = page(gateway.url());
    for line in [
        format!("gateway_orders_published_total {POSTED_ORDERS}"),
        format!("gateway_orders_confirmed_total {POSTED_ORDERS}"),
        format!(
            "http_requests_total{{route=\"/api/billing\",method=\"POST\",status=\"2xx\"}} \
             {POSTED_ORDERS}"
        ),
        "gateway_build_info{version=".to_owned(),
        "process_open_fds ".to_owned(),
    ] {
        assert!(gateway_page.contains(&line), "{line} in\n{gateway_page}");
    }
    let billing_page = page(worker.metrics_url());
    for line in [
        format!("billing_orders_written_total {POSTED_ORDERS}"),
        format!("billing_messages_consumed_total {POSTED_ORDERS}"),
        format!("billing_publish_to_commit_lag_seconds_count {POSTED_ORDERS}"),
        "billing_duplicates_skipped_total 0".to_owned(),
        "process_resident_memory_bytes ".to_owned(),
    ] {
        assert!(billing_page.contains(&line), "{line} in\n{billing_page}");
    }
    assert!(page(inventory.url()).contains("inventory_build_info{version="));
}

/// A gateway on the test's vhost; inventory is not needed for orders.
fn start_gateway(setup: &Setup) -> Service {
    let mut env = setup.broker.env("GATEWAY");
    env.extend([
        ("GATEWAY_LISTEN".into(), "127.0.0.1:0".into()),
        ("INVENTORY_URL".into(), "http://127.0.0.1:9".into()),
        ("BILLING_QUEUE".into(), QUEUE.into()),
    ]);
    Service::start("gateway", &env)
}

/// POSTs `body` with `key` to `gateway`; (status, body as JSON).
fn order(gateway: &Service, key: &str, body: &str) -> (u16, serde_json::Value) {
    let url = format!("{}/api/billing", gateway.url());
    let mut response = client()
        .post(&url)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .send(body)
        .unwrap_or_else(|e| panic!("POST {url} {body}: {e}"));
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("POST {url} {body} -> {status} {text}: {e}"));
    (status, json)
}

#[test]
fn a_key_reused_for_another_order_is_refused_by_its_gateway_and_recorded_by_billing_elsewhere() {
    let setup = Setup::new();
    let worker = setup.start_billing();
    let mut first_gateway = start_gateway(&setup);
    let second_gateway = start_gateway(&setup);
    let key = "checkout-2041";
    let a = r#"{"user_id": "88", "number_of_items": 1, "total_amount": "10.00"}"#;
    let b = r#"{"user_id": "88", "number_of_items": 7, "total_amount": "99.99"}"#;
    let c = r#"{"user_id": "88", "total_amount": "5.00"}"#;

    let (status, first) = order(&first_gateway, key, a);
    assert_eq!(status, 200, "{first}");
    let order_id = first["order_id"].as_str().expect("an order id").to_owned();
    // The gateway that saw the key knows: 422, nothing queued.
    let (status, refused) = order(&first_gateway, key, b);
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["order_id"], order_id.as_str());
    // Another gateway cannot know: queued under the same id, and billing keeps the first.
    let (status, queued) = order(&second_gateway, key, b);
    assert_eq!(
        (status, queued["order_id"].as_str()),
        (200, Some(order_id.as_str()))
    );
    // The same order again through it is a retry there.
    assert_eq!(order(&second_gateway, key, b).0, 200);
    // Nor does the first gateway after a restart.
    assert!(first_gateway.terminate().success());
    first_gateway = start_gateway(&setup);
    assert_eq!(order(&first_gateway, key, c).0, 200);

    assert!(
        testkit::wait_until(STEP_TIMEOUT, || setup.queue_depth(QUEUE) == (0, 0)
            && setup.conflicts().len() == 2),
        "queue {:?}, conflicts {:#?}\nstderr:\n{}",
        setup.queue_depth(QUEUE),
        setup.conflicts(),
        worker.stderr_lines().join("\n")
    );
    assert_eq!(
        setup.orders(),
        [(
            "88".to_owned(),
            Some(1),
            "10.00".to_owned(),
            Some(order_id.clone())
        )],
        "the first order stands"
    );
    let recorded: Vec<(String, Option<i32>, String)> = setup
        .conflicts()
        .into_iter()
        .map(|c| {
            assert_eq!(c.order_id, order_id);
            (c.user_id, c.number_of_items, c.total_amount)
        })
        .collect();
    assert_eq!(
        recorded,
        [
            ("88".to_owned(), Some(7), "99.99".to_owned()),
            ("88".to_owned(), None, "5.00".to_owned()),
        ]
    );
    // One line per message (b came twice), one row per distinct conflicting order.
    let lines = worker.stderr_lines();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("billing: conflict: order_id="))
            .count(),
        3,
        "{lines:#?}"
    );
}
