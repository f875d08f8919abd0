//! tiny_http glue: reading bodies within bounds, building JSON and problem responses,
//! request ids and the request log line.
use std::io::{self, Cursor, ErrorKind, Read};
use std::time::Instant;

use serde::Serialize;
use tiny_http::{Header, Request, Response, StatusCode};

use crate::error::Error;
use crate::limits::{
    LOG_PATH_BYTES_MAX, REQUEST_BODY_BYTES_MAX, REQUEST_BODY_TIMEOUT, REQUEST_ID_BYTES_MAX,
    RESPONSE_WRITE_TIMEOUT,
};

/// Every response of the service: a body held in memory, written within a deadline.
pub type Reply = Response<Body>;

/// A response body that stops being readable once RESPONSE_WRITE_TIMEOUT has passed.
///
/// tiny_http copies the body to the socket chunk by chunk. SO_SNDTIMEO bounds one write
/// call, but a client that reads a trickle (enough to make each call progress) could hold a
/// worker for minutes on a large answer; failing the next read ends tiny_http's copy instead.
pub struct Body {
    data: Cursor<Vec<u8>>,
    deadline: Instant,
}

impl Body {
    fn new(data: Vec<u8>) -> Body {
        Body::with_deadline(data, Instant::now() + RESPONSE_WRITE_TIMEOUT)
    }

    fn with_deadline(data: Vec<u8>, deadline: Instant) -> Body {
        Body {
            data: Cursor::new(data),
            deadline,
        }
    }
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(io::Error::new(
                ErrorKind::TimedOut,
                "the client did not take its response in time",
            ));
        }
        self.data.read(buf)
    }
}

fn reply(status: u16, content_type: &str, data: Vec<u8>) -> Reply {
    let length = data.len();
    Response::new(
        StatusCode(status),
        vec![header("Content-Type", content_type)],
        Body::new(data),
        Some(length),
        None,
    )
}

/// A JSON response.
pub fn json(status: u16, value: &impl Serialize) -> Reply {
    let body = serde_json::to_vec(value).expect("movies and messages always serialise");
    reply(status, "application/json", body)
}

/// The RFC 9457 problem document for an error; 5xx causes are logged in full, never sent.
pub fn problem(error: &Error, method: &str, path: &str) -> Reply {
    let status = error.status();
    if status >= 500 {
        eprintln!("inventory: {method} {}: {error}", loggable_path(path));
    }
    let body = Problem {
        kind: "about:blank",
        title: reason(status),
        status,
        detail: error.detail(),
    };
    let body = serde_json::to_vec(&body).expect("a problem document always serialises");
    let mut response = reply(status, "application/problem+json", body);
    // (tiny_http drops a `Connection` header set here, so 413/408 cannot ask for a close.)
    if let Error::MethodNotAllowed(allow) = error {
        response.add_header(header("Allow", allow));
    }
    response
}

/// RFC 9457 problem details, members in the RFC's order.
#[derive(Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
}

/// A header from constant text; only our own constants reach this.
pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are constant visible ASCII")
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Requires a JSON Content-Type (`application/json` or `application/*+json`, any parameters).
pub fn require_json(request: &Request) -> Result<(), Error> {
    let content_type = header_value(request, "Content-Type");
    if content_type.is_some_and(is_json_media_type) {
        return Ok(());
    }
    Err(Error::UnsupportedMediaType(match content_type {
        None => "the body needs Content-Type: application/json; none was given".to_owned(),
        Some(value) => format!(
            "the body needs Content-Type: application/json, got {}",
            crate::movie::quoted(value)
        ),
    }))
}

fn is_json_media_type(content_type: &str) -> bool {
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    let media_type = media_type.to_ascii_lowercase();
    media_type == "application/json"
        || (media_type.starts_with("application/") && media_type.ends_with("+json"))
}

/// Reads the body, never more than the cap whatever Content-Length claims, and never for
/// longer than REQUEST_BODY_TIMEOUT (each read is also bounded by the socket's timeout).
pub fn read_body(request: &mut Request) -> Result<Vec<u8>, Error> {
    if request
        .body_length()
        .is_some_and(|n| n as u64 > REQUEST_BODY_BYTES_MAX)
    {
        return Err(Error::BodyTooLarge);
    }
    let deadline = Instant::now() + REQUEST_BODY_TIMEOUT;
    let mut body = Vec::new();
    // One byte past the cap proves the client sent too much.
    let mut reader = request.as_reader().take(REQUEST_BODY_BYTES_MAX + 1);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(Error::BodyTimeout);
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(Error::BodyTimeout)
            }
            Err(e) => {
                return Err(Error::Invalid(format!(
                    "the request body could not be read: {e}"
                )))
            }
        }
    }
    if body.len() as u64 > REQUEST_BODY_BYTES_MAX {
        return Err(Error::BodyTooLarge);
    }
    Ok(body)
}

/// The first value of a header, by case-insensitive name.
pub fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The client's X-Request-Id if it is 1..=128 visible ASCII characters (safe to log and echo).
pub fn request_id(request: &Request) -> Option<String> {
    header_value(request, "X-Request-Id")
        .map(str::trim)
        .filter(|id| valid_request_id(id))
        .map(str::to_owned)
}

fn valid_request_id(id: &str) -> bool {
    (1..=REQUEST_ID_BYTES_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// The request log line: `<METHOD> <path-with-query> <status> <duration_ms>ms rid=<id or ->`.
pub fn log_line(
    method: &str,
    path: &str,
    status: u16,
    duration_ms: u128,
    rid: Option<&str>,
) -> String {
    format!(
        "{method} {} {status} {duration_ms}ms rid={}",
        loggable_path(path),
        rid.unwrap_or("-")
    )
}

/// The path as it may appear in a log: control characters and spaces escaped, length capped.
pub fn loggable_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len().min(LOG_PATH_BYTES_MAX));
    for c in path.chars() {
        if out.len() >= LOG_PATH_BYTES_MAX {
            out.push_str("...");
            break;
        }
        if c.is_control() || c == ' ' {
            out.push_str(&format!("%{:02X}", u32::from(c) & 0xff));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_id(id: &str, valid: bool) {
        assert_eq!(valid_request_id(id), valid, "{id:?}");
    }

    #[test]
    fn request_ids_are_visible_ascii_and_short() {
        check_id("abc-123", true);
        check_id("0f8fad5b-d9cb-469f-a165-70867728950e", true);
        check_id(&"x".repeat(128), true);
        check_id(&"x".repeat(129), false);
        check_id("", false);
        check_id("a b", false);
        check_id("a\u{1b}b", false);
        check_id("é", false);
    }

    #[test]
    fn a_body_is_readable_only_until_its_deadline() {
        let mut fresh = Body::new(b"abc".to_vec());
        let mut read = Vec::new();
        assert_eq!(fresh.read_to_end(&mut read).ok(), Some(3));
        assert_eq!(read, b"abc");
        let past = Instant::now() - std::time::Duration::from_millis(1);
        let mut late = Body::with_deadline(b"abc".to_vec(), past);
        let error = late.read(&mut [0u8; 8]).expect_err("past its deadline");
        assert_eq!(error.kind(), ErrorKind::TimedOut);
    }

    #[track_caller]
    fn check_type(content_type: &str, json: bool) {
        assert_eq!(is_json_media_type(content_type), json, "{content_type:?}");
    }

    #[test]
    fn json_media_types() {
        check_type("application/json", true);
        check_type("Application/JSON", true);
        check_type("application/json; charset=utf-8", true);
        check_type(" application/json ;charset=UTF-8", true);
        check_type("application/merge-patch+json", true);
        check_type("text/plain", false);
        check_type("text/json", false);
        check_type("application/x-www-form-urlencoded", false);
        check_type("application/jsonp", false);
        check_type("", false);
    }

    #[track_caller]
    fn check_line(method: &str, path: &str, status: u16, rid: Option<&str>, expected: &str) {
        assert_eq!(log_line(method, path, status, 3, rid), expected);
    }

    #[test]
    fn log_lines() {
        check_line(
            "GET",
            "/api/movies?title=ma",
            200,
            Some("r1"),
            "GET /api/movies?title=ma 200 3ms rid=r1",
        );
        check_line(
            "POST",
            "/api/movies",
            201,
            None,
            "POST /api/movies 201 3ms rid=-",
        );
        check_line(
            "GET",
            "/a\u{1b}[2J\nb",
            404,
            None,
            "GET /a%1B[2J%0Ab 404 3ms rid=-",
        );
        let long = format!("/{}", "a".repeat(5000));
        assert!(log_line("GET", &long, 404, 1, None).len() < LOG_PATH_BYTES_MAX + 100);
    }
}
