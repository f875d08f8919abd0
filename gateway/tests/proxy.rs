//! The movies proxy against the real inventory: fidelity for every route (errors included),
//! the seed's proxy defects fixed, and inventory faults answered 502/504 in bounded time.
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::{send, start_gateway, SilentListener, Stack};
use testkit::TestBroker;

const JSON: (&str, &str) = ("Content-Type", "application/json");

/// The same request straight to inventory and through the gateway gives the same status,
/// body bytes and forwarded headers.
#[track_caller]
fn check_same(
    stack: &Stack,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) {
    let direct = send(stack.inventory_addr(), method, path, headers, body);
    let proxied = stack.send(method, path, headers, body);
    assert_eq!(
        proxied.status, direct.status,
        "\ndirect: {direct:?}\nproxied: {proxied:?}"
    );
    assert_eq!(
        proxied.body, direct.body,
        "\ndirect: {direct:?}\nproxied: {proxied:?}"
    );
    for name in ["Content-Type", "Location", "Allow"] {
        assert_eq!(
            proxied.header(name),
            direct.header(name),
            "{name}\ndirect: {direct:?}\nproxied: {proxied:?}"
        );
    }
}

fn create(stack: &Stack, title: &str) -> i64 {
    let body = serde_json::json!({"title": title, "description": "d"}).to_string();
    let reply = stack.send("POST", "/api/movies", &[JSON], Some(body.as_bytes()));
    assert_eq!(reply.status, 201, "{reply:?}");
    let id = reply.json()["id"].as_i64().expect("an id");
    assert_eq!(
        reply.header("Location"),
        Some(format!("/api/movies/{id}").as_str()),
        "{reply:?}"
    );
    id
}

#[test]
fn every_inventory_route_is_proxied_with_its_status_body_and_headers() {
    let stack = Stack::start();
    let matrix = create(&stack, "The Matrix");
    create(&stack, "Mamma Mia, Amélie 🎬 \"quoted\"");
    create(&stack, "Alien");

    // Reads and errors: byte for byte what inventory answers directly.
    let movie = format!("/api/movies/{matrix}");
    for path in [
        "/api/movies",
        "/api/movies/",
        "/api/movies?title=ma",
        "/api/movies?limit=1&offset=1",
        movie.as_str(),
    ] {
        check_same(&stack, "GET", path, &[], None);
    }
    check_same(&stack, "HEAD", "/api/movies", &[], None);
    check_same(&stack, "GET", "/api/movies/999999", &[], None);
    check_same(&stack, "GET", "/api/movies/abc", &[], None);
    check_same(&stack, "GET", "/api/movies/-1", &[], None);
    check_same(&stack, "GET", "/api/movies?limit=0", &[], None);
    check_same(&stack, "PATCH", "/api/movies", &[JSON], Some(b"{}"));
    check_same(&stack, "POST", "/api/movies", &[JSON], Some(b"{not json"));
    check_same(&stack, "POST", "/api/movies", &[JSON], Some(b"[1]"));
    check_same(
        &stack,
        "POST",
        "/api/movies",
        &[JSON],
        Some(br#"{"title": ""}"#),
    );
    check_same(
        &stack,
        "POST",
        "/api/movies",
        &[JSON],
        Some(br#"{"title": "x", "rating": 5}"#),
    );
    check_same(
        &stack,
        "POST",
        "/api/movies",
        &[("Content-Type", "text/plain")],
        Some(b"title"),
    );
    check_same(
        &stack,
        "PUT",
        "/api/movies/999999",
        &[JSON],
        Some(br#"{"title": "x"}"#),
    );
    check_same(&stack, "DELETE", "/api/movies/999999", &[], None);

    // The query string reaches inventory (the seed dropped it and returned everything).
    let found = stack.send("GET", "/api/movies?title=MA", &[], None).json();
    let titles: Vec<&str> = found
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|m| m["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["The Matrix", "Mamma Mia, Amélie 🎬 \"quoted\""],
        "{found}"
    );

    // Writes: the answer inventory gives, through the gateway.
    let updated = stack.send(
        "PUT",
        &movie,
        &[JSON],
        Some(br#"{"title": "The Matrix Reloaded"}"#),
    );
    assert_eq!(updated.status, 200, "{updated:?}");
    assert_eq!(
        updated.json()["title"],
        "The Matrix Reloaded",
        "{updated:?}"
    );
    assert_eq!(updated.json()["description"], "d", "{updated:?}");
    let patched = stack.send("PATCH", &movie, &[JSON], Some(br#"{"description": "e"}"#));
    assert_eq!(patched.json()["description"], "e", "{patched:?}");
    let deleted = stack.send("DELETE", &movie, &[], None);
    assert!(matches!(deleted.status, 200 | 204), "{deleted:?}");
    check_same(&stack, "GET", &movie, &[], None);
    let all = stack.send("DELETE", "/api/movies", &[], None);
    assert_eq!(all.status, 200, "{all:?}");
    assert_eq!(all.json()["deleted"], 2, "{all:?}");
    check_same(&stack, "GET", "/api/movies", &[], None);
}

#[test]
fn a_chunked_request_body_is_proxied_and_answered() {
    let stack = Stack::start();
    let body = br#"{"title": "Chunked", "description": "in two chunks"}"#;
    let (a, b) = body.split_at(10);
    let mut chunked = Vec::new();
    for part in [a, b] {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let reply = stack.send(
        "POST",
        "/api/movies",
        &[JSON, ("Transfer-Encoding", "chunked")],
        Some(&chunked),
    );
    assert_eq!(reply.status, 201, "{reply:?}");
    assert_eq!(reply.json()["title"], "Chunked", "{reply:?}");
}

#[test]
fn a_get_with_a_json_content_type_and_no_body_is_proxied_normally() {
    let stack = Stack::start();
    create(&stack, "Heat");
    let reply = stack.send("GET", "/api/movies", &[JSON], None);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()[0]["title"], "Heat", "{reply:?}");
}

#[test]
fn server_date_and_connection_appear_once_and_the_request_id_round_trips() {
    let stack = Stack::start();
    let reply = stack.send(
        "GET",
        "/api/movies",
        &[("X-Request-Id", "trace-42.a_b")],
        None,
    );
    assert_eq!(reply.status, 200, "{reply:?}");
    for name in ["Server", "Date", "Content-Type", "X-Request-Id"] {
        assert_eq!(reply.header_count(name), 1, "{name}: {reply:?}");
    }
    assert!(reply.header_count("Connection") <= 1, "{reply:?}");
    assert!(reply.header("Keep-Alive").is_none(), "{reply:?}");
    assert_eq!(
        reply.header("X-Request-Id"),
        Some("trace-42.a_b"),
        "{reply:?}"
    );
    // Inventory saw the same id, and the gateway logged it.
    assert!(stack
        .inventory
        .wait_for_line("rid=trace-42.a_b", Duration::from_secs(5)));
    assert!(stack
        .gateway
        .wait_for_line("GET /api/movies 200 ", Duration::from_secs(5)));
    assert!(stack
        .gateway
        .wait_for_line("rid=trace-42.a_b", Duration::from_secs(5)));

    // An insane id is replaced, never echoed.
    let reply = stack.send(
        "GET",
        "/api/movies",
        &[("X-Request-Id", "a b<script>")],
        None,
    );
    let id = reply.header("X-Request-Id").expect("an id");
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{reply:?}"
    );
}

#[test]
fn a_stopped_inventory_gives_502_within_a_second_and_health_says_so() {
    let mut stack = Stack::start();
    assert_eq!(stack.send("GET", "/health", &[], None).status, 200);
    stack.inventory.kill9();
    let started = Instant::now();
    let reply = stack.send("GET", "/api/movies", &[], None);
    reply.assert_problem(502, "inventory");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let health = stack.send("GET", "/health", &[], None);
    health.assert_problem(503, "unavailable");
    assert_eq!(health.json()["inventory"], "down", "{health:?}");
    assert_eq!(health.json()["broker"], "up", "{health:?}");
}

#[test]
fn an_inventory_that_never_answers_gives_504_at_the_timeout() {
    let silent = SilentListener::start();
    let broker = TestBroker::create();
    let gateway = start_gateway(
        &silent.url(),
        &broker,
        &[("GATEWAY_UPSTREAM_TIMEOUT_MS", "1000")],
    );
    let started = Instant::now();
    let reply = send(support::addr_of(&gateway), "GET", "/api/movies", &[], None);
    reply.assert_problem(504, "in time");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert!(silent.accepted() >= 1);
}

#[test]
fn a_sigstopped_inventory_gives_504_and_the_next_request_works_after_sigcont() {
    let stack = Stack::start_with(&[("GATEWAY_UPSTREAM_TIMEOUT_MS", "1000")]);
    create(&stack, "Before");
    stack.inventory.signal("STOP");
    let reply = stack.send("GET", "/api/movies", &[], None);
    stack.inventory.signal("CONT");
    reply.assert_problem(504, "in time");
    let after = stack.send("GET", "/api/movies", &[], None);
    assert_eq!(after.status, 200, "{after:?}");
}

#[test]
fn unknown_paths_are_404_problems_and_docs_are_served() {
    let stack = Stack::start();
    stack
        .send("GET", "/nope", &[], None)
        .assert_problem(404, "no such");
    stack
        .send("GET", "/api/moviesx", &[], None)
        .assert_problem(404, "no such");
    let refused = stack.send("POST", "/health", &[], None);
    refused.assert_problem(405, "GET, HEAD");
    assert_eq!(refused.header("Allow"), Some("GET, HEAD"), "{refused:?}");
    let spec = stack.send("GET", "/openapi.yaml", &[], None);
    assert_eq!(spec.status, 200, "{spec:?}");
    assert!(
        String::from_utf8_lossy(&spec.body).starts_with("openapi: 3"),
        "{spec:?}"
    );
    let docs = stack.send("GET", "/docs", &[], None);
    assert_eq!(docs.status, 200, "{docs:?}");
    assert_eq!(
        docs.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        String::from_utf8_lossy(&docs.body).contains("/openapi.yaml"),
        "{docs:?}"
    );
}

#[test]
fn head_and_a_trailing_slash_work_on_every_path_of_the_gateway() {
    let stack = Stack::start();
    for path in [
        "/health",
        "/health/",
        "/openapi.yaml",
        "/openapi.yaml/",
        "/docs",
        "/docs/",
        "/api/movies",
        "/api/movies/",
    ] {
        let get = stack.send("GET", path, &[], None);
        assert_eq!(get.status, 200, "GET {path}: {get:?}");
        let head = stack.send("HEAD", path, &[], None);
        assert_eq!(head.status, 200, "HEAD {path}: {head:?}");
        assert!(head.body.is_empty(), "HEAD {path}: {head:?}");
        assert_eq!(
            head.header("Content-Type"),
            get.header("Content-Type"),
            "{path}"
        );
    }
    let reply = stack.send("POST", "/api/billing/", &[JSON], Some(b"{}"));
    reply.assert_problem(400, "");
}

#[test]
fn methods_inventory_does_not_serve_are_405_at_the_gateway_and_never_forwarded() {
    let stack = Stack::start();
    let id = create(&stack, "Alien");
    let movie = format!("/api/movies/{id}");
    let cases = [
        ("CONNECT", "/api/movies", "GET, HEAD, POST, DELETE"),
        ("TRACE", "/api/movies/", "GET, HEAD, POST, DELETE"),
        ("PUT", "/api/movies", "GET, HEAD, POST, DELETE"),
        ("OPTIONS", "/api/movies", "GET, HEAD, POST, DELETE"),
        ("BREW", "/api/movies", "GET, HEAD, POST, DELETE"),
        ("TRACE", movie.as_str(), "GET, HEAD, PUT, PATCH, DELETE"),
        ("POST", movie.as_str(), "GET, HEAD, PUT, PATCH, DELETE"),
        ("CONNECT", movie.as_str(), "GET, HEAD, PUT, PATCH, DELETE"),
        ("PUT", "/health", "GET, HEAD"),
        ("DELETE", "/docs/", "GET, HEAD"),
        ("GET", "/api/billing", "POST"),
    ];
    for (method, path, allow) in cases {
        let reply = stack.send(method, path, &[], None);
        reply.assert_problem(405, allow);
        assert_eq!(
            reply.header("Allow"),
            Some(allow),
            "{method} {path}: {reply:?}"
        );
    }
    // Shapes inventory has no route for are 404 here, without a word about inventory.
    for path in ["/api/movies/1/2", "/api/movies//", "/api/moviesx"] {
        stack
            .send("GET", path, &[], None)
            .assert_problem(404, "no such resource");
    }
    // Inventory logged only the POST that created the movie.
    assert!(
        stack
            .inventory
            .wait_for_line("POST /api/movies 201 ", Duration::from_secs(5)),
        "{:?}",
        stack.inventory.stdout_lines()
    );
    let forwarded: Vec<String> = stack
        .inventory
        .stdout_lines()
        .into_iter()
        .filter(|l| l.contains(" /api/movies"))
        .collect();
    assert_eq!(forwarded.len(), 1, "{forwarded:?}");
}

/// Connections from this machine to `port` in a given TCP state (`/proc/net/tcp`, IPv4).
fn connections_to(port: u16, state: &str) -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp is readable");
    let remote = format!(":{port:04X}");
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.len() > 3 && fields[2].ends_with(&remote) && fields[3] == state
        })
        .count()
}

#[test]
fn proxied_requests_reuse_pooled_connections_to_inventory() {
    // A body of known length must be read to its end for ureq to pool its connection; when it
    // was not, every request opened (and closed) a connection of its own, at twice the CPU.
    let stack = Stack::start();
    let id = create(&stack, "Pooled");
    let port = stack.inventory_addr().port();
    const TIME_WAIT: &str = "06";
    let before = connections_to(port, TIME_WAIT);
    for _ in 0..100 {
        let reply = stack.send("GET", &format!("/api/movies/{id}"), &[], None);
        assert_eq!(reply.status, 200, "{reply:?}");
    }
    let closed = connections_to(port, TIME_WAIT).saturating_sub(before);
    assert!(
        closed < 10,
        "{closed} connections to inventory were opened and closed for 100 sequential requests"
    );
}

/// What an upstream does with a keep-alive connection after its one answer.
#[derive(Clone, Copy, Debug)]
enum AfterAnswer {
    /// Closes it (as an inventory that restarts or times the connection out).
    Close,
    /// Sends bytes nobody asked for, then keeps it open.
    Babble,
}

/// An upstream on a raw socket that answers the first request of each connection with `200`
/// and `{}` (keep-alive), then does `after`. Returns its URL and its count of connections.
fn one_answer_upstream(after: AfterAnswer) -> (String, std::sync::Arc<AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local_addr"));
    let connections = std::sync::Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
                if stream.write_all(answer.as_bytes()).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
                if let AfterAnswer::Babble = after {
                    let extra = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nbabble";
                    let _ = stream.write_all(extra.as_bytes());
                    // Held open; whatever comes next is read and never answered.
                    let _ = std::io::copy(&mut stream, &mut std::io::sink());
                }
            });
        }
    });
    (url, connections)
}

#[test]
fn a_pooled_connection_that_inventory_closed_or_spoke_on_is_not_reused() {
    // The gateway's transport checks a pooled connection with one poll (transport.rs): one
    // with anything to read, its end or bytes nobody asked for, is dropped, not sent the next
    // request (which would get 502, or the stray bytes as its answer). 20 requests in turn
    // over the 16 agents: at least 4 find a connection their agent pooled.
    const REQUESTS: usize = 20;
    let broker = TestBroker::create();
    for after in [AfterAnswer::Close, AfterAnswer::Babble] {
        let (url, connections) = one_answer_upstream(after);
        let gateway = start_gateway(&url, &broker, &[]);
        let addr = support::addr_of(&gateway);
        for i in 0..REQUESTS {
            let reply = send(addr, "GET", "/api/movies/1", &[], None);
            assert_eq!(reply.status, 200, "{after:?}, request {i}: {reply:?}");
            assert_eq!(reply.body, b"{}", "{after:?}, request {i}: {reply:?}");
            // The upstream closes or babbles 20 ms after its answer.
            std::thread::sleep(Duration::from_millis(60));
        }
        assert_eq!(
            connections.load(Ordering::SeqCst),
            REQUESTS,
            "{after:?}: a connection per request"
        );
    }
}

#[test]
fn pooled_inventory_connections_are_closed_once_idle() {
    // After a burst, the gateway's pool to inventory holds a connection per request that
    // was in flight; they are closed (with their buffers) once unused for
    // UPSTREAM_IDLE_CONNECTION_AGE_MAX (4 s), checked every 4 s: within 8 s and a margin.
    let stack = Stack::start();
    let id = create(&stack, "pooled");
    let pid = stack.gateway.pid();
    let idle = testkit::conformance::usage(pid).fds;
    let clients = 64;
    let start = std::sync::Barrier::new(clients);
    std::thread::scope(|scope| {
        for _ in 0..clients {
            scope.spawn(|| {
                start.wait();
                for _ in 0..10 {
                    let reply = stack.send("GET", &format!("/api/movies/{id}"), &[], None);
                    assert_eq!(reply.status, 200, "{reply:?}");
                }
            });
        }
    });
    let loaded = testkit::conformance::usage(pid).fds;
    assert!(
        loaded > idle + 4,
        "the burst should leave pooled connections: {idle} fds idle, {loaded} after"
    );
    let deadline = Instant::now() + Duration::from_secs(12);
    loop {
        let now = testkit::conformance::usage(pid).fds;
        if now <= idle + 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{now} fds 12 s after the burst ({idle} idle, {loaded} after it)"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // And the next request opens a new connection and is served.
    assert_eq!(
        stack
            .send("GET", &format!("/api/movies/{id}"), &[], None)
            .status,
        200
    );
}
