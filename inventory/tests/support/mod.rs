//! Shared by the integration tests: a fresh database and the real binary per test, and a
//! small raw HTTP/1.1 client (exact control of headers and bodies, no client-side magic).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;
use testkit::{Service, TestDb};

/// Generous bound on any single exchange in these tests.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A test's own database and an inventory started on it.
pub struct Inventory {
    // Field order: the service is stopped before its database is dropped.
    pub service: Service,
    pub db: TestDb,
    pub addr: SocketAddr,
}

impl Inventory {
    /// A fresh database and the service on `127.0.0.1:0` with `threads` workers.
    pub fn start(threads: usize) -> Inventory {
        let db = TestDb::create();
        let service = start_on(&db, threads);
        let addr = addr_of(&service);
        Inventory { service, db, addr }
    }

    /// Sends one request on a new connection and reads the whole answer.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Reply {
        send(self.addr, method, path, headers, body)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], None)
    }

    pub fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, &[], None)
    }

    /// A JSON body with `Content-Type: application/json`.
    pub fn send_json(&self, method: &str, path: &str, body: &str) -> Reply {
        self.send(
            method,
            path,
            &[("Content-Type", "application/json")],
            Some(body.as_bytes()),
        )
    }

    /// Creates a movie and returns its id.
    pub fn create(&self, title: &str, description: &str) -> i64 {
        let body = serde_json::json!({"title": title, "description": description}).to_string();
        let reply = self.send_json("POST", "/api/movies", &body);
        assert_eq!(reply.status, 201, "POST {body}: {reply:?}");
        reply.json()["id"]
            .as_i64()
            .expect("a created movie has an integer id")
    }
}

/// Starts the binary on `db` (listening on a free loopback port).
pub fn start_on(db: &TestDb, threads: usize) -> Service {
    Service::start("inventory", &env_for(db, threads))
}

pub fn env_for(db: &TestDb, threads: usize) -> Vec<(String, String)> {
    let mut env = db.env("INVENTORY_DATABASE");
    env.push(("INVENTORY_LISTEN".to_owned(), "127.0.0.1:0".to_owned()));
    env.push(("INVENTORY_THREADS".to_owned(), threads.to_string()));
    env
}

pub fn addr_of(service: &Service) -> SocketAddr {
    let addr = service.addr();
    addr.parse()
        .unwrap_or_else(|_| panic!("service address {addr:?} is not ADDRESS:PORT"))
}

/// A response as read off the wire.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The request line, for failure messages.
    pub request: String,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} -> {} {:?} {}",
            self.request,
            self.status,
            self.headers,
            String::from_utf8_lossy(&self.body)
        )
    }
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }

    /// Asserts an RFC 9457 problem document with this status whose detail contains `fragment`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, fragment: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("Content-Type"),
            Some("application/problem+json"),
            "{self:?}"
        );
        let body = self.json();
        assert_eq!(body["status"], status, "{self:?}");
        assert!(
            body["type"].is_string() && body["title"].is_string(),
            "{self:?}"
        );
        let detail = body["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains(fragment),
            "detail lacks {fragment:?}: {self:?}"
        );
    }
}

/// One request with `Connection: close`; the server's close ends the answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Reply {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        if !headers.iter().any(|(n, _)| {
            n.eq_ignore_ascii_case("Content-Length") || n.eq_ignore_ascii_case("Transfer-Encoding")
        }) {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    exchange(addr, &bytes, &format!("{method} {path}"))
}

/// Writes raw bytes, reads until the server closes, parses the response.
pub fn exchange(addr: SocketAddr, bytes: &[u8], what: &str) -> Reply {
    let mut stream = connect(addr);
    stream
        .write_all(bytes)
        .unwrap_or_else(|e| panic!("{what}: write: {e}"));
    read_reply(&mut stream, what)
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
        .unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .expect("set_read_timeout");
    stream
        .set_write_timeout(Some(IO_TIMEOUT))
        .expect("set_write_timeout");
    stream
}

/// Reads one response: the head, then Content-Length bytes (or up to EOF).
pub fn read_reply(stream: &mut TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).unwrap_or_else(|e| {
            panic!("{what}: read: {e}; got {:?}", String::from_utf8_lossy(&raw))
        });
        assert!(
            n > 0,
            "{what}: connection closed before a response head; got {:?}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{what}: bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[head_end..].to_vec();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    loop {
        if length.is_some_and(|len| body.len() >= len) {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if length.is_none() => panic!("{what}: read body: {e}"),
            Err(e) => panic!("{what}: read body ({} of {length:?}): {e}", body.len()),
        }
    }
    if let Some(len) = length {
        body.truncate(len);
    }
    Reply {
        status,
        headers,
        body,
        request: what.to_owned(),
    }
}
