//! Issue 12's conformance suite against the real gateway, with the real inventory behind it on
//! a database of the test's own and a RabbitMQ vhost of its own: testkit's one table of
//! raw-socket cases, each on a fresh connection, each checked for its exact answer and for the
//! absence of any smuggled request (no movie deleted or created, no order queued, no log line).
mod support;

use testkit::conformance::{self, check_problem_json, Kind, Subject};
use testkit::raw_http;
use testkit::{Service, TestBroker, TestDb};

/// Enough inventory workers that cases left hanging by a non-conforming gateway (up to
/// `CASES_AT_ONCE` at a time) cannot starve the others.
const INVENTORY_THREADS: &str = "32";

fn start_inventory(db: &TestDb) -> Service {
    let mut env = db.env("INVENTORY_DATABASE");
    env.push(("INVENTORY_LISTEN".into(), "127.0.0.1:0".into()));
    env.push(("INVENTORY_THREADS".into(), INVENTORY_THREADS.into()));
    Service::start("inventory", &env)
}

#[test]
fn the_gateway_answers_every_conformance_case_as_the_spec_says() {
    let db = TestDb::create();
    let broker = TestBroker::create();
    let inventory = start_inventory(&db);
    let gateway = support::start_gateway(&inventory.url(), &broker, &[]);
    let queued = || -> Vec<String> {
        support::drain_queue(&broker)
            .into_iter()
            .filter_map(|m| m.properties.message_id().clone())
            .collect()
    };
    let report = conformance::run(&Subject {
        kind: Kind::Gateway,
        service: &gateway,
        upstream: Some(&inventory),
        db: &db,
        queued_message_ids: Some(&queued),
    });
    report.assert_passed();
}

/// The health answer the gateway writes itself when inventory is down is problem+json too
/// (its component states may be extension members).
#[test]
fn health_503_with_inventory_down_is_problem_json() {
    let broker = TestBroker::create();
    let down = format!("http://127.0.0.1:{}", support::refusing_port());
    let gateway = support::start_gateway(&down, &broker, &[]);
    let addr = support::addr_of(&gateway);
    for path in ["/health", "/health/"] {
        let reply = raw_http::send(addr, "GET", path, &[], None);
        assert_eq!(reply.status, 503, "{reply:?}");
        let answer = conformance::Answer {
            status: reply.status,
            head: String::new(),
            headers: reply.headers.clone(),
            body: reply.body.clone(),
        };
        check_problem_json(&answer, false).unwrap_or_else(|why| panic!("{why}: {reply:?}"));
        let head = raw_http::send(addr, "HEAD", path, &[], None);
        assert_eq!(head.status, 503, "{head:?}");
    }
}
