//! Shared by the gateway's integration tests: the real gateway in front of the real inventory
//! (on a database of the test's own) and the machine's RabbitMQ (on a vhost and user of the
//! test's own), plus a raw HTTP/1.1 client with exact control of headers and bodies.
#![allow(dead_code)]

use amiquip::AmqpProperties;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use testkit::{Service, TestBroker, TestDb};

/// Generous bound on any single exchange in these tests.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// The queue of every test (each test has its own vhost, so the default name is private).
pub const QUEUE: &str = order::queue::DEFAULT_QUEUE;

/// A gateway, the inventory behind it, and what they use. Field order is drop order: the
/// services stop before their database and vhost are removed.
pub struct Stack {
    pub gateway: Service,
    pub inventory: Service,
    pub db: TestDb,
    pub broker: TestBroker,
}

impl Stack {
    pub fn start() -> Stack {
        Stack::start_with(&[])
    }

    /// The stack with extra or overriding gateway variables.
    pub fn start_with(extra: &[(&str, &str)]) -> Stack {
        let db = TestDb::create();
        let broker = TestBroker::create();
        let inventory = start_inventory(&db);
        let gateway = start_gateway(&inventory.url(), &broker, extra);
        Stack {
            gateway,
            inventory,
            db,
            broker,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        addr_of(&self.gateway)
    }

    pub fn inventory_addr(&self) -> SocketAddr {
        addr_of(&self.inventory)
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Reply {
        send(self.addr(), method, path, headers, body)
    }

    /// An order with `Content-Type: application/json` and extra headers.
    pub fn order(&self, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("Content-Type", "application/json")];
        all.extend_from_slice(headers);
        self.send("POST", "/api/billing", &all, Some(body.as_bytes()))
    }

    /// Every message now on the test's queue, taken off it.
    pub fn drain_queue(&self) -> Vec<Message> {
        drain_queue(&self.broker)
    }
}

pub fn start_inventory(db: &TestDb) -> Service {
    let mut env = db.env("INVENTORY_DATABASE");
    env.push(("INVENTORY_LISTEN".into(), "127.0.0.1:0".into()));
    env.push(("INVENTORY_THREADS".into(), "8".into()));
    Service::start("inventory", &env)
}

pub fn start_gateway(inventory_url: &str, broker: &TestBroker, extra: &[(&str, &str)]) -> Service {
    let mut env = broker.env("GATEWAY");
    env.push(("GATEWAY_LISTEN".into(), "127.0.0.1:0".into()));
    env.push(("INVENTORY_URL".into(), inventory_url.to_owned()));
    for (name, value) in extra {
        env.retain(|(n, _)| n != name);
        env.push((name.to_string(), value.to_string()));
    }
    Service::start("gateway", &env)
}

pub fn addr_of(service: &Service) -> SocketAddr {
    let addr = service.addr();
    addr.parse()
        .unwrap_or_else(|_| panic!("service address {addr:?} is not IP:PORT"))
}

/// A message as it sits on the queue.
#[derive(Debug)]
pub struct Message {
    pub body: Vec<u8>,
    pub properties: AmqpProperties,
}

/// Takes every message off the test's queue (they are confirmed, so they are there).
pub fn drain_queue(broker: &TestBroker) -> Vec<Message> {
    let mut connection = broker.connect();
    let channel = connection.open_channel(None).expect("open a channel");
    // Declared with the one definition, so an untouched queue reads as empty.
    order::queue::declare(&channel, QUEUE).expect("declare the test queue");
    let mut messages = Vec::new();
    while let Some(get) = channel.basic_get(QUEUE, true).expect("basic_get") {
        messages.push(Message {
            body: get.delivery.body,
            properties: get.delivery.properties,
        });
    }
    let _ = connection.close();
    messages
}

/// A response as read off the wire.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked when it came chunked.
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

    pub fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .count()
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

/// One request with `Connection: close` and `Content-Length` when there is a body (unless the
/// caller frames it with its own header).
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

/// Reads one response to EOF (the request said `Connection: close`).
pub fn read_reply(stream: &mut TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{what}: read: {e}; got {:?}", String::from_utf8_lossy(&raw)));
    parse_reply(&raw, what)
}

/// Parses one whole response (head and body) as read off the wire.
pub fn parse_reply(raw: &[u8], what: &str) -> Reply {
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|end| end + 4)
        .unwrap_or_else(|| {
            panic!(
                "{what}: no response head in {:?}",
                String::from_utf8_lossy(raw)
            )
        });
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
    let mut reply = Reply {
        status,
        headers,
        body: raw[head_end..].to_vec(),
        request: what.to_owned(),
    };
    if what.starts_with("HEAD ") {
        assert!(
            reply.body.is_empty(),
            "{what}: a body after HEAD: {reply:?}"
        );
    } else if reply
        .header("Transfer-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        reply.body = dechunk(&reply.body, what);
    } else if let Some(length) = reply
        .header("Content-Length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        assert_eq!(
            reply.body.len(),
            length,
            "{what}: body length vs Content-Length: {reply:?}"
        );
    }
    reply
}

fn dechunk(mut data: &[u8], what: &str) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .unwrap_or_else(|| panic!("{what}: truncated chunk size"));
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or_else(|_| panic!("{what}: bad chunk size {size_text:?}"));
        data = &data[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// A listener that accepts connections and never answers: an inventory that hangs.
pub struct SilentListener {
    pub addr: SocketAddr,
    accepted: std::sync::Arc<std::sync::Mutex<Vec<TcpStream>>>,
}

impl SilentListener {
    pub fn start() -> SilentListener {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local_addr");
        let accepted = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = accepted.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                // Held open, never read from nor written to.
                keep.lock().expect("no panic while holding it").push(stream);
            }
        });
        SilentListener { addr, accepted }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn accepted(&self) -> usize {
        self.accepted
            .lock()
            .expect("no panic while holding it")
            .len()
    }
}

/// A loopback port on which nothing listens (connections are refused).
pub fn refusing_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local_addr").port();
    drop(listener);
    port
}
