//! A raw HTTP/1.1 client, so tests control every header and byte: nothing is added, reordered
//! or repaired on the way out, and the answer is checked as the server wrote it. Every failure
//! panics with the request line (`what`) and what was read, as a test wants.
use serde_json::Value;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Generous bound on any single exchange in these tests.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

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

    fn is_chunked(&self) -> bool {
        self.header("Transfer-Encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    }

    fn content_length(&self) -> Option<usize> {
        self.header("Content-Length")
            .and_then(|v| v.parse::<usize>().ok())
    }
}

/// One request with `Connection: close` and `Content-Length` when there is a body (unless the
/// caller frames it with its own header). The server's close ends the answer, so bytes past
/// the declared length are caught too.
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
    let what = format!("{method} {path}");
    let mut stream = connect(addr);
    stream
        .write_all(&bytes)
        .unwrap_or_else(|e| panic!("{what}: write: {e}"));
    read_to_close(&mut stream, &what)
}

/// Writes raw bytes on a new connection and reads one response with [`read_reply`], so the
/// bytes need not ask for `Connection: close`.
pub fn exchange(addr: SocketAddr, bytes: &[u8], what: &str) -> Reply {
    let mut stream = connect(addr);
    stream
        .write_all(bytes)
        .unwrap_or_else(|e| panic!("{what}: write: {e}"));
    read_reply(&mut stream, what)
}

/// A loopback connection with [`IO_TIMEOUT`] on connect, reads and writes.
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

/// Reads one response without waiting for the server to close when it need not: the head, then
/// Content-Length bytes of body. A chunked body, a body of no declared length and the answer to
/// a HEAD are read up to EOF. Checked as [`parse_reply`] does.
pub fn read_reply(stream: &mut TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(end) = head_end(&raw) {
            break end;
        }
        let n = read_some(stream, &mut chunk).unwrap_or_else(|e| {
            panic!("{what}: read: {e}; got {:?}", String::from_utf8_lossy(&raw))
        });
        assert!(
            n > 0,
            "{what}: connection closed before a response head; got {:?}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&chunk[..n]);
    };
    let reply = parse_head(&raw[..head_end], what);
    let length = if is_head_request(what) || reply.is_chunked() {
        None
    } else {
        reply.content_length()
    };
    loop {
        if length.is_some_and(|len| raw.len() - head_end >= len) {
            break;
        }
        match read_some(stream, &mut chunk) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(e) if length.is_none() => panic!("{what}: read body: {e}"),
            Err(e) => panic!(
                "{what}: read body ({} of {length:?}): {e}",
                raw.len() - head_end
            ),
        }
    }
    if let Some(len) = length {
        raw.truncate(head_end + len);
    }
    with_body(reply, &raw[head_end..], what)
}

/// Reads one response to EOF (for a request that said `Connection: close`).
pub fn read_to_close(stream: &mut TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{what}: read: {e}; got {:?}", String::from_utf8_lossy(&raw)));
    parse_reply(&raw, what)
}

/// Parses one whole response (head and body) as read off the wire: no body after a HEAD, a
/// chunked body de-chunked, otherwise exactly Content-Length bytes when it is declared.
pub fn parse_reply(raw: &[u8], what: &str) -> Reply {
    let head_end = head_end(raw).unwrap_or_else(|| {
        panic!(
            "{what}: no response head in {:?}",
            String::from_utf8_lossy(raw)
        )
    });
    let reply = parse_head(&raw[..head_end], what);
    with_body(reply, &raw[head_end..], what)
}

/// Where the body starts: just past the first empty line.
fn head_end(raw: &[u8]) -> Option<usize> {
    raw.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|end| end + 4)
}

fn is_head_request(what: &str) -> bool {
    what.starts_with("HEAD ")
}

/// Reads what is there, retrying a read interrupted by a signal.
fn read_some(stream: &mut TcpStream, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match stream.read(buf) {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

/// The status and headers of a head (status line to the empty line), with no body yet.
fn parse_head(head: &[u8], what: &str) -> Reply {
    let head = String::from_utf8_lossy(head).into_owned();
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
    Reply {
        status,
        headers,
        body: Vec::new(),
        request: what.to_owned(),
    }
}

/// Gives `reply` the body that followed its head, checked against the head's framing.
fn with_body(mut reply: Reply, body: &[u8], what: &str) -> Reply {
    reply.body = body.to_vec();
    if is_head_request(what) {
        assert!(
            reply.body.is_empty(),
            "{what}: a body after HEAD: {reply:?}"
        );
    } else if reply.is_chunked() {
        reply.body = dechunk(&reply.body, what);
    } else if let Some(length) = reply.content_length() {
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
        let (chunk, rest) = data
            .split_at_checked(size)
            .unwrap_or_else(|| panic!("{what}: truncated chunk of {size} bytes"));
        body.extend_from_slice(chunk);
        data = rest.get(2..).unwrap_or_default();
    }
}
