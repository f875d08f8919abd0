//! The original resilience scenario through the real gateway and inventory binaries:
//! with billing stopped, orders are still accepted ("queued" only after the broker's
//! confirm), and once billing starts again every one of them is written.
mod support;

use std::time::Duration;
use support::{Setup, QUEUE};
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
    assert_eq!(setup.queue_depth(QUEUE).0, POSTED_ORDERS as u64);

    let worker = setup.start_billing();
    setup.assert_drained(POSTED_ORDERS, &worker);
    let users: i64 = setup
        .client()
        .query_one("SELECT count(DISTINCT user_id) FROM orders", &[])
        .expect("count users")
        .get(0);
    assert_eq!(users, POSTED_ORDERS);
}
