//! Reading a request: its headers, its request id, its target, and its body within bounds.
use crate::limits::{REQUEST_BODY_BYTES_MAX, REQUEST_BODY_TIMEOUT, REQUEST_ID_BYTES_MAX};
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io::{ErrorKind, Read};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tiny_http::Request;

/// The value of the first header called `name` (case-insensitive), if any. Headers that must
/// not repeat (`limits::SINGLETON_HEADERS`) are refused by tiny_http when they do.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The client's `X-Request-Id` when it is 1 to [`REQUEST_ID_BYTES_MAX`] characters of
/// `[A-Za-z0-9._-]` (safe to log, echo and forward), else a fresh one, so every log line and
/// response can be matched.
pub fn request_id(request: &Request) -> String {
    match header(request, "X-Request-Id") {
        Some(id) if is_sane_request_id(id) => id.to_owned(),
        _ => fresh_request_id(),
    }
}

fn is_sane_request_id(id: &str) -> bool {
    (1..=REQUEST_ID_BYTES_MAX).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// 32 hex digits, like nginx's `$request_id`. Unique, not secret: two SipHash outputs under
/// keys std seeds from the OS once per thread and changes for every `RandomState`, so this
/// cannot fail the way a read of the OS random source can.
fn fresh_request_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(nanos);
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// The path and query of an origin-form target (`/path?query`); `None` for any other form
/// (`*`, `host:port`, `http://host/path`), which no route serves.
pub fn origin_form(target: &str) -> Option<(&str, Option<&str>)> {
    if !target.starts_with('/') {
        return None;
    }
    Some(match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    })
}

/// The segments of a path, one trailing slash ignored: `/api/movies/` and `/api/movies` are
/// both `["api", "movies"]`; `//` leaves an empty segment, which no route has.
pub fn segments(path: &str) -> Vec<&str> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/').collect()
}

/// Whether a `Content-Type` names JSON: `application/json` or a `+json` type such as
/// `application/merge-patch+json` (RFC 6839), any parameters, any case.
pub fn is_json_media_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Why a request body could not be read; each service maps it into its own `Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger (or declared larger) than [`REQUEST_BODY_BYTES_MAX`]: `413`.
    TooLarge,
    /// Not all there within [`REQUEST_BODY_TIMEOUT`]: `408`.
    Timeout,
    /// A broken chunked encoding, a client that hung up: `400`.
    Unreadable(String),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge => write!(
                f,
                "the request body is larger than {REQUEST_BODY_BYTES_MAX} bytes"
            ),
            BodyError::Timeout => write!(
                f,
                "the request body did not arrive in time ({} s)",
                REQUEST_BODY_TIMEOUT.as_secs()
            ),
            BodyError::Unreadable(why) => write!(f, "the request body could not be read: {why}"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Reads the body but never more than [`REQUEST_BODY_BYTES_MAX`], whatever `Content-Length`
/// claims, and never for longer than [`REQUEST_BODY_TIMEOUT`] (each read is also bounded by
/// the socket's `SO_RCVTIMEO`). Chunked bodies arrive here already decoded by tiny_http.
pub fn read_body(request: &mut Request) -> Result<Vec<u8>, BodyError> {
    let declared = request.body_length().map(|n| n as u64);
    if declared.is_some_and(|n| n > REQUEST_BODY_BYTES_MAX) {
        return Err(BodyError::TooLarge);
    }
    if declared == Some(0) {
        // No body (every GET): nothing to read, and no 16 KiB buffer to zero for it.
        return Ok(Vec::new());
    }
    let deadline = Instant::now() + REQUEST_BODY_TIMEOUT;
    read_bounded(request.as_reader(), declared, deadline)
}

/// A declared length is read exactly, never a read past it (so an empty body is no read at
/// all); a chunked body up to one byte past the cap, which proves the client sent too much.
fn read_bounded(
    reader: &mut dyn Read,
    declared: Option<u64>,
    deadline: Instant,
) -> Result<Vec<u8>, BodyError> {
    let limit = declared.unwrap_or(REQUEST_BODY_BYTES_MAX + 1);
    let mut reader = reader.take(limit);
    let mut body = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(BodyError::Timeout);
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(BodyError::Timeout)
            }
            Err(e) => return Err(BodyError::Unreadable(e.to_string())),
        }
    }
    if body.len() as u64 > REQUEST_BODY_BYTES_MAX {
        return Err(BodyError::TooLarge);
    }
    if declared.is_some_and(|n| (body.len() as u64) < n) {
        return Err(BodyError::Unreadable(
            "it ended before its Content-Length".into(),
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::time::Duration;

    #[test]
    fn request_ids_are_taken_only_when_sane() {
        #[track_caller]
        fn check(id: &str, sane: bool) {
            assert_eq!(is_sane_request_id(id), sane, "{id:?}");
        }
        check("abc-123_X.y", true);
        check("0f8fad5b-d9cb-469f-a165-70867728950e", true);
        check(&"a".repeat(REQUEST_ID_BYTES_MAX), true);
        check(&"a".repeat(REQUEST_ID_BYTES_MAX + 1), false);
        check("", false);
        check("has space", false);
        check("new\nline", false);
        check("a<script>", false);
        check("é", false);
    }

    #[test]
    fn fresh_request_ids_are_sane_and_distinct() {
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| fresh_request_id()).collect();
        assert_eq!(ids.len(), 1000);
        for id in ids {
            assert!(is_sane_request_id(&id) && id.len() == 32, "{id}");
        }
    }

    #[test]
    fn only_origin_form_targets_have_a_path() {
        #[track_caller]
        fn check(target: &str, expected: Option<(&str, Option<&str>)>) {
            assert_eq!(origin_form(target), expected, "{target:?}");
        }
        check("/api/movies", Some(("/api/movies", None)));
        check(
            "/api/movies?title=a?b",
            Some(("/api/movies", Some("title=a?b"))),
        );
        check("/?", Some(("/", Some(""))));
        check("*", None);
        check("127.0.0.1:5000", None);
        check("http://10.0.0.5:5000/api/movies", None);
        check("", None);
    }

    #[test]
    fn one_trailing_slash_is_optional() {
        #[track_caller]
        fn check(path: &str, expected: &[&str]) {
            assert_eq!(segments(path), expected, "{path:?}");
        }
        check("/api/movies", &["api", "movies"]);
        check("/api/movies/", &["api", "movies"]);
        check("/api/movies/7", &["api", "movies", "7"]);
        check("/api/movies/7/", &["api", "movies", "7"]);
        check("/health/", &["health"]);
        check("/api/movies//", &["api", "movies", ""]);
        check("//api/movies", &["", "api", "movies"]);
        check("/", &[""]);
    }

    #[test]
    fn json_media_types_are_recognised() {
        #[track_caller]
        fn check(value: &str, json: bool) {
            assert_eq!(is_json_media_type(value), json, "{value:?}");
        }
        check("application/json", true);
        check("Application/JSON; charset=utf-8", true);
        check(" application/json ;charset=UTF-8", true);
        check("application/merge-patch+json", true);
        check("text/plain", false);
        check("text/json", false);
        check("application/jsonx", false);
        check("application/jsonp", false);
        check("application/x-www-form-urlencoded", false);
        check("", false);
    }

    /// A reader that gives `chunks` one by one, then fails with `error`.
    struct Script {
        chunks: Vec<Vec<u8>>,
        error: Option<ErrorKind>,
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.chunks.is_empty() {
                return match self.error {
                    Some(kind) => Err(io::Error::new(kind, "scripted")),
                    None => Ok(0),
                };
            }
            let n = self.chunks[0].len().min(buf.len());
            buf[..n].copy_from_slice(&self.chunks[0][..n]);
            self.chunks[0].drain(..n);
            if self.chunks[0].is_empty() {
                self.chunks.remove(0);
            }
            Ok(n)
        }
    }

    #[test]
    fn a_body_is_read_within_its_bounds() {
        #[track_caller]
        fn check(
            chunks: &[usize],
            error: Option<ErrorKind>,
            declared: Option<u64>,
            expected: Result<usize, BodyError>,
        ) {
            let mut reader = Script {
                chunks: chunks.iter().map(|n| vec![b'x'; *n]).collect(),
                error,
            };
            let deadline = Instant::now() + Duration::from_secs(60);
            let got = read_bounded(&mut reader, declared, deadline).map(|body| body.len());
            assert_eq!(got, expected, "{chunks:?} {error:?} {declared:?}");
        }
        let cap = REQUEST_BODY_BYTES_MAX as usize;
        let stalled = Some(ErrorKind::TimedOut);
        // Chunked: up to the cap.
        check(&[], None, None, Ok(0));
        check(&[3, 4], None, None, Ok(7));
        check(&[16 * 1024; 64], None, None, Ok(cap));
        check(&[16 * 1024; 65], None, None, Err(BodyError::TooLarge));
        check(&[5], stalled, None, Err(BodyError::Timeout));
        check(
            &[5],
            Some(ErrorKind::WouldBlock),
            None,
            Err(BodyError::Timeout),
        );
        check(
            &[5],
            Some(ErrorKind::ConnectionReset),
            None,
            Err(BodyError::Unreadable("scripted".into())),
        );
        // A declared length: exactly that, and no read after it (the reader would stall).
        check(&[], stalled, Some(0), Ok(0));
        check(&[3, 4], stalled, Some(7), Ok(7));
        check(&[3, 4, 9], stalled, Some(7), Ok(7));
        check(&[3], stalled, Some(7), Err(BodyError::Timeout));
        check(
            &[3],
            None,
            Some(7),
            Err(BodyError::Unreadable(
                "it ended before its Content-Length".into(),
            )),
        );
    }

    #[test]
    fn a_body_past_its_deadline_is_a_timeout() {
        let mut reader = Script {
            chunks: vec![vec![1]],
            error: None,
        };
        let past = Instant::now() - Duration::from_millis(1);
        assert_eq!(
            read_bounded(&mut reader, None, past),
            Err(BodyError::Timeout)
        );
    }
}
