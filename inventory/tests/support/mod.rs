//! Shared by the integration tests: a fresh database and the real binary per test, and a
//! small raw HTTP/1.1 client from testkit (exact control of headers and bodies, no client-side
//! magic).
#![allow(dead_code)]

use std::net::SocketAddr;

use testkit::{Service, TestDb};

// Not every test binary uses every part of the client.
#[allow(unused_imports)]
pub use testkit::raw_http::{
    connect, exchange, parse_reply, read_reply, read_to_close, send, Reply, IO_TIMEOUT,
};

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
