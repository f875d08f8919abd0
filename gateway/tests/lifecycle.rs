//! The process around the routes: graceful SIGTERM, the in-flight cap, --version/--help and
//! configuration errors.
mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::{addr_of, refusing_port, send, start_gateway, SilentListener};
use testkit::TestBroker;

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let silent = SilentListener::start();
    let broker = TestBroker::create();
    let mut gateway = start_gateway(
        &silent.url(),
        &broker,
        &[("GATEWAY_UPSTREAM_TIMEOUT_MS", "2000")],
    );
    let addr = addr_of(&gateway);
    let client = std::thread::spawn(move || send(addr, "GET", "/api/movies", &[], None));
    assert!(
        testkit::wait_until(Duration::from_secs(5), || silent.accepted() >= 1),
        "the request reached upstream"
    );
    gateway.signal("TERM");
    let reply = client.join().expect("client thread");
    // Answered (here 504 from the silent upstream), not cut off by the shutdown.
    reply.assert_problem(504, "in time");
    let status = gateway
        .wait_exit(Duration::from_secs(10))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}");
    assert!(
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "no longer accepting"
    );
}

#[test]
fn past_the_in_flight_cap_a_request_waits_for_a_place_then_gets_503() {
    const CAP: usize = gateway::limits::IN_FLIGHT_REQUESTS_MAX;
    const WAIT: Duration = gateway::limits::IN_FLIGHT_WAIT_MAX;
    let silent = SilentListener::start();
    let broker = TestBroker::create();
    let gateway = start_gateway(
        &silent.url(),
        &broker,
        &[("GATEWAY_UPSTREAM_TIMEOUT_MS", "5000")],
    );
    let addr = addr_of(&gateway);
    let hanging: Vec<_> = (0..CAP)
        .map(|_| std::thread::spawn(move || send(addr, "GET", "/api/movies", &[], None)))
        .collect();
    assert!(
        testkit::wait_until(Duration::from_secs(10), || silent.accepted() >= CAP),
        "only {} requests reached upstream",
        silent.accepted()
    );
    let started = Instant::now();
    let refused = send(addr, "GET", "/api/movies", &[], None);
    refused.assert_problem(503, "too many");
    assert_eq!(refused.header("Retry-After"), Some("1"), "{refused:?}");
    let waited = started.elapsed();
    assert!(
        waited >= WAIT && waited < WAIT + Duration::from_secs(1),
        "{waited:?}"
    );
    for thread in hanging {
        thread
            .join()
            .expect("client thread")
            .assert_problem(504, "in time");
    }
    // The slots are given back.
    send(addr, "GET", "/nope", &[], None).assert_problem(404, "no such");
}

/// tiny_http 0.12 drains an unread body on drop into `vec![0; declared_length]`: a client that
/// declares a huge Content-Length aborts the process ("memory allocation of … bytes failed").
/// Passes only with the patched `EqualReader::drop` (a fixed buffer) described in the report.
#[test]
fn a_huge_declared_body_is_refused_and_the_gateway_lives_on() {
    let broker = TestBroker::create();
    let gateway = start_gateway("http://127.0.0.1:9", &broker, &[]);
    let addr = addr_of(&gateway);
    for (path, status) in [
        ("/api/billing", "413"),
        ("/api/movies", "413"),
        ("/nope", "404"),
    ] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: 100000000000000\r\n\r\n{{}}"
        );
        let mut stream = support::connect(addr);
        std::io::Write::write_all(&mut stream, head.as_bytes()).expect("write");
        let mut answer = [0u8; 12];
        std::io::Read::read_exact(&mut stream, &mut answer).expect("a status line");
        assert_eq!(
            String::from_utf8_lossy(&answer),
            format!("HTTP/1.1 {status}"),
            "{path}"
        );
        drop(stream);
    }
    // Still alive, still answering.
    send(addr, "GET", "/nope", &[], None).assert_problem(404, "no such");
    assert!(gateway
        .stderr_lines()
        .iter()
        .all(|l| !l.contains("memory allocation")));
}

#[test]
fn version_help_and_configuration_errors() {
    let binary = testkit::binary("gateway");
    let version = Command::new(&binary)
        .arg("--version")
        .output()
        .expect("runs");
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("gateway {}", env!("CARGO_PKG_VERSION"))
    );

    let help = Command::new(&binary).arg("--help").output().expect("runs");
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for name in [
        "GATEWAY_LISTEN",
        "INVENTORY_URL",
        "RABBIT_HOSTS",
        "RABBIT_HOST",
        "RABBIT_PORT",
        "RABBIT_VHOST",
        "BILLING_QUEUE",
        "BILLING_QUEUE_TYPE",
        "GATEWAY_RABBIT_USER",
        "GATEWAY_RABBIT_PASSWORD",
        "GATEWAY_UPSTREAM_TIMEOUT_MS",
        "GATEWAY_CONFIRM_TIMEOUT_MS",
    ] {
        assert!(help.contains(name), "--help lacks {name}:\n{help}");
    }

    #[track_caller]
    fn check(env: &[(&str, &str)], line: &str) {
        let output = Command::new(testkit::binary("gateway"))
            .env_clear()
            .envs(env.iter().copied())
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("gateway: configuration error: {line}\n")
        );
    }
    check(&[], "GATEWAY_RABBIT_USER is not set");
    let user = ("GATEWAY_RABBIT_USER", "u");
    let password = ("GATEWAY_RABBIT_PASSWORD", "p");
    check(&[user], "GATEWAY_RABBIT_PASSWORD is not set");
    check(
        &[user, password, ("RABBIT_PORT", "x")],
        "RABBIT_PORT is not a port number (1-65535): \"x\"",
    );
    check(
        &[user, password, ("INVENTORY_URL", "ftp://x")],
        "INVENTORY_URL must start with http://, got \"ftp://x\"",
    );
}

/// The open-files limit the caps need: the systemd unit grants it, and a process held below it
/// (soft and hard) refuses to start with a message naming the fix instead of failing later
/// with EMFILE under load.
#[test]
fn the_open_files_limit_is_checked_at_start_and_granted_by_the_unit() {
    let needed = edge::server::fds_needed(gateway::limits::FDS_RESERVED);
    let granted = testkit::open_files::granted_by_unit("gateway");
    assert!(granted >= needed, "LimitNOFILE={granted} < {needed}");
    testkit::open_files::assert_refused_below(
        "gateway",
        &[
            ("GATEWAY_LISTEN", "127.0.0.1:0"),
            ("GATEWAY_RABBIT_USER", "u"),
            ("GATEWAY_RABBIT_PASSWORD", "p"),
        ],
        needed,
    );
}

#[test]
fn with_a_metrics_listener_of_its_own_the_public_port_hides_metrics() {
    let broker = TestBroker::create();
    let down = format!("http://127.0.0.1:{}", refusing_port());
    let gateway = start_gateway(&down, &broker, &[("GATEWAY_METRICS_LISTEN", "127.0.0.1:0")]);
    let public = addr_of(&gateway);
    let metrics: std::net::SocketAddr = gateway
        .metrics_url()
        .trim_start_matches("http://")
        .parse()
        .expect("IP:PORT");
    send(public, "GET", "/api/movies/7", &[], None).assert_problem(502, "");
    send(public, "GET", "/metrics", &[], None).assert_problem(404, "");
    send(metrics, "POST", "/metrics", &[], None).assert_problem(405, "");
    send(metrics, "GET", "/api/movies", &[], None).assert_problem(404, "");
    let page = send(metrics, "GET", "/metrics", &[], None);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some(edge::metrics::CONTENT_TYPE)
    );
    let page = String::from_utf8(page.body).expect("text");
    for line in [
        "gateway_upstream_failures_total{kind=\"connect\"} 1\n",
        "http_requests_total{route=\"/api/movies/{id}\",method=\"GET\",status=\"5xx\"} 1\n",
        "http_requests_total{route=\"/metrics\",method=\"GET\",status=\"4xx\"} 1\n",
        "http_requests_total{route=\"/metrics\",method=\"POST\",status=\"4xx\"} 1\n",
        // The listener counts under the service's one table of route templates.
        "http_requests_total{route=\"/api/movies\",method=\"GET\",status=\"4xx\"} 1\n",
        "gateway_requests_in_flight 0\n",
    ] {
        assert!(page.contains(line), "{line} in\n{page}");
    }
}
