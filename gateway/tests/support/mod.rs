//! Shared by the gateway's integration tests: the real gateway in front of the real inventory
//! (on a database of the test's own) and the machine's RabbitMQ (on a vhost and user of the
//! test's own), plus testkit's raw HTTP/1.1 client with exact control of headers and bodies.
#![allow(dead_code)]

pub mod confirm_cutter;

use amiquip::AmqpProperties;
use std::net::{SocketAddr, TcpStream};
use testkit::{Service, TestBroker, TestDb};

// Not every test binary uses every part of the client.
#[allow(unused_imports)]
pub use testkit::raw_http::{
    connect, exchange, parse_reply, read_reply, read_to_close, send, Reply, IO_TIMEOUT,
};

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
    broker::queue::declare(&channel, QUEUE, order::queue::QueueType::default())
        .expect("declare the test queue");
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
