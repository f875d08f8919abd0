//! A database session terminated while the worker was idle costs no request an error: the
//! worker sees the connection is closed before sending anything and reconnects, whatever the
//! method (issue 13). Real PostgreSQL, the real binary, one worker so its one session is known.
mod support;

use std::time::Duration;
use support::Inventory;
use testkit::wait_until;

/// Ends every inventory session of the test's database, as an operator or a failover would,
/// and waits until PostgreSQL no longer lists them.
fn terminate_sessions(inv: &Inventory) {
    let mut client = inv.db.client();
    let terminated: i64 = client
        .query_one(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = 'inventory'",
            &[],
        )
        .expect("pg_terminate_backend")
        .get(0);
    assert_eq!(terminated, 1, "the one worker's session");
    assert!(wait_until(Duration::from_secs(5), || {
        let left: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND application_name = 'inventory'",
                &[],
            )
            .expect("pg_stat_activity")
            .get(0);
        left == 0
    }));
}

#[test]
fn every_method_succeeds_right_after_the_session_was_terminated() {
    let inv = Inventory::start(1);
    let id = inv.create("Before", "");

    terminate_sessions(&inv);
    let reply = inv.send_json("POST", "/api/movies", r#"{"title":"After"}"#);
    assert_eq!(
        reply.status, 201,
        "POST after a terminated session: {reply:?}"
    );
    let created = reply.json()["id"].as_i64().expect("an id");

    terminate_sessions(&inv);
    let reply = inv.delete(&format!("/api/movies/{created}"));
    assert_eq!(
        reply.status, 200,
        "DELETE after a terminated session: {reply:?}"
    );

    terminate_sessions(&inv);
    let reply = inv.send_json(
        "PATCH",
        &format!("/api/movies/{id}"),
        r#"{"title":"Again"}"#,
    );
    assert_eq!(
        reply.status, 200,
        "PATCH after a terminated session: {reply:?}"
    );

    terminate_sessions(&inv);
    let reply = inv.get(&format!("/api/movies/{id}"));
    assert_eq!(
        reply.status, 200,
        "GET after a terminated session: {reply:?}"
    );
    assert_eq!(reply.json()["title"], "Again");

    terminate_sessions(&inv);
    let reply = inv.delete("/api/movies");
    assert_eq!(
        reply.status, 200,
        "DELETE all after a terminated session: {reply:?}"
    );
    assert_eq!(reply.json()["deleted"], 1, "{reply:?}");
}
