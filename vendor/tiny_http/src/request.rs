//! Patched (PATCHES.md): a request handed out by a connection thread. Upstream's version
//! (sequential readers and writers, `upgrade`, `into_writer`, the HTTPS notify channel) is
//! replaced by a handle on the connection (`conn.rs`) and the request's number on it, which
//! orders the answers.
use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::conn::{Body, Conn};
use crate::head::Head;
use crate::{HTTPVersion, Header, Method, Response};

/// Represents an HTTP request made by a client.
///
/// Answer it with [`Request::respond`]; a request dropped without an answer aborts its
/// connection (upstream wrote a `500` from whichever thread dropped it).
pub struct Request {
    conn: Arc<Conn>,
    /// This request's number on its connection; answers are written in this order.
    seq: u64,
    method: Method,
    path: String,
    http_version: HTTPVersion,
    headers: Vec<Header>,
    body_length: Option<usize>,
    body: Body,
    must_send_continue: bool,
    wants_close: bool,
    answered: bool,
    queued: Duration,
}

impl Request {
    pub(crate) fn from_head(conn: Arc<Conn>, seq: u64, head: Head, queued: Duration) -> Request {
        let body_length = match head.framing {
            crate::head::Framing::Length(n) => <usize as std::convert::TryFrom<u64>>::try_from(n).ok(),
            crate::head::Framing::Empty => Some(0),
            crate::head::Framing::Chunked => None,
        };
        let must_send_continue =
            head.expects_continue && head.framing != crate::head::Framing::Empty;
        Request {
            body: Body::new(conn.clone(), seq, head.framing),
            conn,
            seq,
            method: head.method,
            path: head.target,
            http_version: head.version,
            headers: head.headers,
            body_length,
            must_send_continue,
            wants_close: head.wants_close,
            answered: false,
            queued,
        }
    }

    /// Always false: TLS is not served (PATCHES.md).
    #[inline]
    pub fn secure(&self) -> bool {
        false
    }

    /// Returns the method requested by the client (eg. `GET`, `POST`, etc.).
    #[inline]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Returns the request target as the client sent it (path and query).
    #[inline]
    pub fn url(&self) -> &str {
        &self.path
    }

    /// Returns the headers sent by the client, in order, each checked by the head parser.
    #[inline]
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// Returns the HTTP version of the request (1.0 or 1.1).
    #[inline]
    pub fn http_version(&self) -> &HTTPVersion {
        &self.http_version
    }

    /// The declared body length: `Some(0)` without a body, `None` for a chunked one.
    #[inline]
    pub fn body_length(&self) -> Option<usize> {
        self.body_length
    }

    /// Patched (PATCHES.md): how long this request's connection waited for a worker thread
    /// after it became readable (zero when a worker was waiting on it): the caller refuses a
    /// request that waited too long rather than serve it late.
    pub fn queued(&self) -> Duration {
        self.queued
    }

    /// The client's address, when the socket still had one when it was accepted.
    #[inline]
    pub fn remote_addr(&self) -> Option<SocketAddr> {
        self.conn.peer()
    }

    /// The body, as framed by the head (chunked bodies arrive decoded). Sends `100 Continue`
    /// first when the client asked for it.
    pub fn as_reader(&mut self) -> &mut dyn Read {
        if self.must_send_continue {
            self.must_send_continue = false;
            if self.conn.wait_turn(self.seq) {
                let sent = self
                    .conn
                    .writer()
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                if sent.is_err() {
                    self.conn.abort();
                }
            }
        }
        &mut self.body
    }

    /// Sends the answer, after the answers to this connection's earlier requests. An error
    /// while writing (the client went away, a body reader failed) aborts the connection.
    pub fn respond<R>(mut self, response: Response<R>) -> Result<(), io::Error>
    where
        R: Read,
    {
        self.answered = true;
        // HTTP/1.0 has no chunked framing: an answer of unknown length ends with the
        // connection.
        let close_delimited =
            self.http_version <= HTTPVersion(1, 0) && response.data_length().is_none();
        let closing = self.conn.settle_body(self.seq) || self.wants_close || close_delimited;
        if !self.conn.wait_turn(self.seq) {
            return Err(io::Error::new(
                ErrorKind::ConnectionAborted,
                "the connection was closed before this answer",
            ));
        }
        let head_only = self.method == Method::Head;
        let result = response.write_to(
            self.conn.writer(),
            &self.http_version,
            head_only,
            closing,
        );
        self.conn.finish_turn(self.seq, result.is_err());
        if closing && result.is_ok() {
            self.conn.end_writes();
        }
        result
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> Result<(), fmt::Error> {
        write!(
            formatter,
            "Request({} {} from {:?})",
            self.method,
            self.path,
            self.conn.peer()
        )
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if !self.answered {
            self.conn.abort();
        }
    }
}
