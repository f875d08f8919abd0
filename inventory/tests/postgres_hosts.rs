//! `POSTGRES_HOST` as a list, connected with `target_session_attrs=read-write`: a host that
//! refuses is skipped, a read-only server (a standby) is refused, and once the server is
//! writable again (promoted) inventory uses it without a restart.
mod support;

use std::net::TcpListener;
use std::time::Duration;
use support::addr_of;
use testkit::raw_http::{send, Reply};
use testkit::{wait_until, Service, TestDb};

/// Longest wait for inventory to notice a change of the database.
const SWITCH_TIMEOUT: Duration = Duration::from_secs(20);

fn create(inventory: &Service, title: &str) -> Reply {
    let body = serde_json::json!({"title": title, "description": "d"}).to_string();
    send(
        addr_of(inventory),
        "POST",
        "/api/movies",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    )
}

fn health(inventory: &Service) -> u16 {
    send(addr_of(inventory), "GET", "/health", &[], None).status
}

#[test]
fn a_refusing_host_is_skipped_and_only_a_writable_server_is_used() {
    let refusing = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("bound").port()
    };
    let db = TestDb::create();
    let mut env = support::env_for(&db, 2);
    let port = env
        .iter()
        .find(|(name, _)| name == "POSTGRES_PORT")
        .map(|(_, value)| value.clone())
        .expect("TestDb sets POSTGRES_PORT");
    env.retain(|(name, _)| name != "POSTGRES_HOST");
    env.push((
        "POSTGRES_HOST".into(),
        format!("127.0.0.1:{refusing},127.0.0.1:{port}"),
    ));
    let inventory = Service::start("inventory", &env);
    assert_eq!(health(&inventory), 200);
    let reply = create(&inventory, "first");
    assert_eq!(reply.status, 201, "{reply:?}");

    // As a standby: read-only. Inventory refuses the session instead of failing writes on it.
    db.set_read_only(true);
    assert!(
        wait_until(SWITCH_TIMEOUT, || health(&inventory) == 503),
        "a read-only server is not used"
    );
    let reply = create(&inventory, "refused");
    assert_eq!(reply.status, 503, "{reply:?}");

    // Promoted: writable again, used without a restart.
    db.set_read_only(false);
    assert!(
        wait_until(SWITCH_TIMEOUT, || health(&inventory) == 200),
        "the writable server is used again"
    );
    let reply = create(&inventory, "second");
    assert_eq!(reply.status, 201, "{reply:?}");
}
