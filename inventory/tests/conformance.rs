//! Issue 12's conformance suite against the real inventory on a database of the test's own:
//! testkit's one table of raw-socket cases, each on a fresh connection, each checked for its
//! exact answer and for the absence of any smuggled request (no movie deleted or created, no
//! access-log line).
mod support;

use testkit::conformance::{self, check_problem_json, Kind, Subject};
use testkit::raw_http;
use testkit::TestDb;

/// Enough workers that cases left hanging by a non-conforming service (up to `CASES_AT_ONCE`
/// at a time) cannot starve the others.
const THREADS: usize = 32;

#[test]
fn inventory_answers_every_conformance_case_as_the_spec_says() {
    let db = TestDb::create();
    let service = support::start_on(&db, THREADS);
    let report = conformance::run(&Subject {
        kind: Kind::Inventory,
        service: &service,
        upstream: None,
        db: &db,
        queued_message_ids: None,
    });
    report.assert_passed();
}

/// The health answer inventory writes itself when its database is down is problem+json too.
#[test]
fn health_503_with_the_database_down_is_problem_json() {
    let inventory = support::Inventory::start(2);
    assert_eq!(inventory.get("/health").status, 200);
    inventory.db.block_connections();
    for path in ["/health", "/health/"] {
        let reply = inventory.get(path);
        assert_eq!(reply.status, 503, "{reply:?}");
        let answer = conformance::Answer {
            status: reply.status,
            head: String::new(),
            headers: reply.headers.clone(),
            body: reply.body.clone(),
        };
        check_problem_json(&answer, false).unwrap_or_else(|why| panic!("{why}: {reply:?}"));
        let head = raw_http::send(inventory.addr, "HEAD", path, &[], None);
        assert_eq!(head.status, 503, "{head:?}");
    }
    inventory.db.allow_connections();
}
