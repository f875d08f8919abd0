//! The gateway is public: idle, half-sent, stalled and trickling clients must not hold its
//! threads (or its in-flight slots) for longer than the client timeouts.
mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use support::{Reply, Stack};

/// What "served quickly" means here: blocked would mean waiting for a 5 s timeout; the margin
/// is for a loaded two-core machine.
const QUICK: Duration = Duration::from_secs(3);

#[track_caller]
fn assert_quick(started: Instant, what: &str) {
    assert!(
        started.elapsed() < QUICK,
        "{what} took {:?}",
        started.elapsed()
    );
}

/// Many idle connections, request heads that never end, uploads stalled mid-body and one
/// trickling its body byte by byte: everyone else is served at once meanwhile; the uploads get
/// 408 at the body deadline and the idle connections are closed by the gateway.
#[test]
fn idle_half_sent_and_stalled_clients_do_not_stop_other_clients() {
    let stack = Stack::start();
    let addr = stack.addr();
    let idle: Vec<TcpStream> = (0..100).map(|_| support::connect(addr)).collect();
    let mut half_heads: Vec<TcpStream> = (0..20).map(|_| support::connect(addr)).collect();
    for stream in &mut half_heads {
        stream
            .write_all(b"POST /api/billing HTTP/1.1\r\nHost: x\r\nContent-")
            .expect("write");
    }
    // Bodies over 1 KiB are read by the gateway's request thread (smaller ones by tiny_http).
    let uploads = [
        ("POST", "/api/billing"),
        ("POST", "/api/movies"),
        ("PUT", "/api/movies/1"),
    ];
    let mut stalled: Vec<TcpStream> = uploads
        .iter()
        .map(|(method, path)| {
            let mut stream = support::connect(addr);
            let head = format!(
                "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                 Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"user_id\":"
            );
            stream.write_all(head.as_bytes()).expect("write");
            stream
        })
        .collect();
    // Each read succeeds well within the socket's read timeout; only the body deadline ends it.
    let trickle = support::connect(addr);
    let trickle_started = Instant::now();
    let trickler = {
        let mut stream = trickle.try_clone().expect("clone the trickling stream");
        std::thread::spawn(move || {
            let head = b"POST /api/billing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                         Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
            stream.write_all(head).expect("write the head");
            for _ in 0..100 {
                if stream.write_all(b" ").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };

    for n in 0..20 {
        let started = Instant::now();
        stack
            .send("GET", "/nope", &[], None)
            .assert_problem(404, "no such");
        let listed = stack.send("GET", "/api/movies", &[], None);
        assert_eq!(listed.status, 200, "{listed:?}");
        let queued = stack.order(
            r#"{"user_id": 1, "number_of_items": 1, "total_amount": "1.00"}"#,
            &[],
        );
        assert_eq!(queued.status, 200, "{queued:?}");
        assert_quick(started, &format!("round {n}"));
    }

    // REQUEST_BODY_TIMEOUT is 5 s; a stalled read may end one CLIENT_READ_TIMEOUT later.
    for (n, stream) in stalled.iter_mut().enumerate() {
        read_one_reply(stream, &format!("stalled upload {n}")).assert_problem(408, "in time");
    }
    let mut trickle = trickle;
    read_one_reply(&mut trickle, "trickling upload").assert_problem(408, "in time");
    let took = trickle_started.elapsed();
    assert!(
        took >= Duration::from_secs(4) && took < Duration::from_secs(8),
        "the trickling upload was answered after {took:?}"
    );
    // Ends the trickling writes. (The gateway would otherwise go on draining the declared
    // rest of the body after its 408: tiny_http discards an unread body when the request is
    // dropped.)
    let _ = trickle.shutdown(std::net::Shutdown::Both);
    trickler.join().expect("trickling thread");

    // CLIENT_READ_TIMEOUT (5 s) closes idle connections and never-ending heads: reading them
    // ends (EOF, or a reset) long before the test's own 30 s read timeout.
    let started = Instant::now();
    for mut stream in idle.into_iter().chain(half_heads) {
        let mut rest = Vec::new();
        if let Err(e) = stream.read_to_end(&mut rest) {
            assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "an idle connection stayed open: {e}"
            );
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    let started = Instant::now();
    assert_eq!(stack.send("GET", "/api/movies", &[], None).status, 200);
    assert_quick(started, "a request after the slow clients");
    // One order per round, none from the slow clients.
    assert_eq!(stack.drain_queue().len(), 20);
}

/// A keep-alive connection left idle is closed by the gateway after the read timeout, and
/// with no connection for longer than that (so `accept()` timed out on the listener's
/// SO_RCVTIMEO), the gateway still accepts and serves, as does a pooled upstream connection
/// left idle as long.
#[test]
fn after_idling_past_the_read_timeout_the_gateway_serves_again() {
    let stack = Stack::start();
    let addr = stack.addr();
    assert_eq!(stack.send("GET", "/api/movies", &[], None).status, 200);
    let mut kept = support::connect(addr);
    kept.write_all(b"GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("write");
    let first = read_one_reply(&mut kept, "keep-alive request");
    assert_eq!(first.status, 200, "{first:?}");
    let idle_since = Instant::now();
    let mut rest = Vec::new();
    let closed = kept.read_to_end(&mut rest);
    let idled = idle_since.elapsed();
    assert!(
        closed.is_ok() && rest.is_empty(),
        "{closed:?} {:?}",
        String::from_utf8_lossy(&rest)
    );
    assert!(
        idled >= Duration::from_secs(4) && idled < Duration::from_secs(12),
        "closed after {idled:?}"
    );
    // Make sure no connection arrived for a whole read timeout.
    std::thread::sleep(Duration::from_secs(6).saturating_sub(idle_since.elapsed()));
    let started = Instant::now();
    let listed = stack.send("GET", "/api/movies", &[], None);
    assert_eq!(listed.status, 200, "{listed:?}");
    stack
        .send("GET", "/nope", &[], None)
        .assert_problem(404, "no such");
    assert_quick(started, "requests after idling");
}

/// Reads one response without waiting for the connection to close: the head, then exactly
/// Content-Length bytes of body.
fn read_one_reply(stream: &mut TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(head_end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or_else(|| panic!("{what}: no Content-Length in {head:?}"));
            if raw.len() >= head_end + 4 + length {
                break;
            }
        }
        let n = stream
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("{what}: read: {e}; got {raw:?}"));
        assert!(
            n > 0,
            "{what}: closed early: {:?}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&buf[..n]);
    }
    support::parse_reply(&raw, what)
}
