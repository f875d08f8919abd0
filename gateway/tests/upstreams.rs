//! Several inventories behind one gateway (`INVENTORY_URL` a list): requests are spread over
//! them, a killed one is skipped without a 5xx (its refused connections prove the requests
//! never reached it), a request that reached an inventory is never sent to another, and
//! `/health` reports each inventory.
mod support;

use std::net::SocketAddr;
use support::{addr_of, send, start_gateway, start_inventory, SilentListener};
use testkit::raw_http::Reply;
use testkit::{TestBroker, TestDb};

const JSON: (&str, &str) = ("Content-Type", "application/json");
/// Requests sent in each phase.
const REQUESTS: usize = 20;

fn movie_count(db: &TestDb) -> i64 {
    db.client()
        .query_one("SELECT count(*) FROM movies", &[])
        .expect("count movies")
        .get(0)
}

fn create(gateway: SocketAddr, title: &str) -> Reply {
    let body = serde_json::json!({"title": title, "description": "d"}).to_string();
    send(
        gateway,
        "POST",
        "/api/movies",
        &[JSON],
        Some(body.as_bytes()),
    )
}

#[test]
fn requests_are_spread_over_the_inventories_and_a_killed_one_costs_no_5xx() {
    let db = TestDb::create();
    let broker = TestBroker::create();
    let mut first = start_inventory(&db);
    let second = start_inventory(&db);
    let urls = format!("{},{}", first.url(), second.url());
    let gateway = start_gateway(&urls, &broker, &[]);
    let addr = addr_of(&gateway);

    for _ in 0..REQUESTS {
        let reply = send(addr, "GET", "/api/movies", &[], None);
        assert_eq!(reply.status, 200, "{reply:?}");
    }
    let served = |inventory: &testkit::Service| inventory.count_lines("GET /api/movies");
    assert!(
        served(&first) >= REQUESTS / 4 && served(&second) >= REQUESTS / 4,
        "spread: {} and {}",
        served(&first),
        served(&second)
    );

    first.kill9();
    for i in 0..REQUESTS {
        let reply = send(addr, "GET", "/api/movies", &[], None);
        assert_eq!(reply.status, 200, "GET {i} after the kill: {reply:?}");
        let reply = create(addr, &format!("movie {i}"));
        assert_eq!(reply.status, 201, "POST {i} after the kill: {reply:?}");
    }
    assert_eq!(
        movie_count(&db),
        REQUESTS as i64,
        "each POST created one movie"
    );

    let health = send(addr, "GET", "/health", &[], None);
    assert_eq!(health.status, 200, "one inventory is enough: {health:?}");
    let each = health.json()["inventories"].clone();
    assert_eq!(each[0]["inventory"], 1, "{health:?}");
    assert_eq!(each[0]["status"], "down", "{health:?}");
    assert_eq!(each[0]["ejected"], true, "{health:?}");
    assert_eq!(each[1]["status"], "up", "{health:?}");
    assert_eq!(each[1]["ejected"], false, "{health:?}");
}

#[test]
fn a_post_that_reached_an_inventory_is_not_sent_to_another() {
    let db = TestDb::create();
    let broker = TestBroker::create();
    let silent = SilentListener::start();
    let inventory = start_inventory(&db);
    // The first request goes to the first URL: one that accepts and never answers.
    let urls = format!("{},{}", silent.url(), inventory.url());
    let gateway = start_gateway(&urls, &broker, &[("GATEWAY_UPSTREAM_TIMEOUT_MS", "1000")]);
    let reply = create(addr_of(&gateway), "once");
    assert_eq!(reply.status, 504, "{reply:?}");
    assert_eq!(silent.accepted(), 1);
    assert_eq!(movie_count(&db), 0, "not sent to the second inventory");
}
