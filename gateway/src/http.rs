//! tiny_http glue: headers in, bounded bodies, request ids, responses out, the request log.
use crate::error::Error;
use crate::limits::{
    LOG_TEXT_CHARS_MAX, REQUEST_BODY_BYTES_MAX, REQUEST_BODY_TIMEOUT, REQUEST_ID_BYTES_MAX,
    RESPONSE_WRITE_TIMEOUT,
};
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};
use tiny_http::{Header, Request, Response, ResponseBox, StatusCode};

/// The value of the first header called `name` (case-insensitive), if any.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Reads the body but never more than the cap, whatever Content-Length claims, and never for
/// longer than [`REQUEST_BODY_TIMEOUT`] (each read is also bounded by the socket's
/// SO_RCVTIMEO). Chunked bodies arrive here already decoded by tiny_http.
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
            Err(e) => return Err(Error::BodyUnreadable(e.to_string())),
        }
    }
    if body.len() as u64 > REQUEST_BODY_BYTES_MAX {
        return Err(Error::BodyTooLarge);
    }
    Ok(body)
}

/// The response with a body that stops being readable once [`RESPONSE_WRITE_TIMEOUT`] has
/// passed, so tiny_http's copy to the socket ends there. SO_SNDTIMEO bounds one write, but a
/// client that reads a trickle (enough for each write to progress) could otherwise hold its
/// thread, and its in-flight slot, for as long as it likes.
pub fn with_write_deadline(response: ResponseBox) -> ResponseBox {
    let status = response.status_code();
    let headers = response.headers().to_vec();
    let length = response.data_length();
    let threshold = response.chunked_threshold();
    let body = DeadlineReader {
        inner: response.into_reader(),
        deadline: Instant::now() + RESPONSE_WRITE_TIMEOUT,
    };
    Response::new(status, headers, body, length, None)
        .with_chunked_threshold(threshold)
        .boxed()
}

/// A reader that fails with `TimedOut` once its deadline has passed.
struct DeadlineReader<R> {
    inner: R,
    deadline: Instant,
}

impl<R: Read> Read for DeadlineReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(std::io::Error::new(
                ErrorKind::TimedOut,
                "the client did not take its response in time",
            ));
        }
        self.inner.read(buf)
    }
}

/// The client's `X-Request-Id` when it is 1 to 128 characters of `[A-Za-z0-9._-]`, else a
/// fresh random id, so every log line and response can be matched.
pub fn request_id(request: &Request) -> String {
    match header(request, "X-Request-Id") {
        Some(id) if is_sane_request_id(id) => id.to_owned(),
        _ => order::OrderId::random().to_string(),
    }
}

/// Whether a client-chosen request id is safe to log and echo.
pub fn is_sane_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= REQUEST_ID_BYTES_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A header from trusted text; the names and values we build are always valid.
pub fn make_header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// A complete response with the given status, content type and body.
pub fn respond_bytes(status: u16, content_type: &str, body: Vec<u8>) -> ResponseBox {
    let mut response = Response::from_data(body).with_status_code(StatusCode(status));
    if let Some(h) = make_header("Content-Type", content_type) {
        response.add_header(h);
    }
    response.boxed()
}

/// A JSON response.
pub fn respond_json(status: u16, body: &serde_json::Value) -> ResponseBox {
    respond_bytes(status, "application/json", body.to_string().into_bytes())
}

/// The problem+json response of an error, with the headers its status calls for.
pub fn respond_problem(error: &Error) -> ResponseBox {
    let mut response = Response::from_data(error.problem_json().into_bytes())
        .with_status_code(StatusCode(error.status()));
    let headers = std::iter::once(("Content-Type", "application/problem+json".to_owned()))
        .chain(error.headers());
    for (name, value) in headers {
        if let Some(h) = make_header(name, &value) {
            response.add_header(h);
        }
    }
    response.boxed()
}

/// Writes the one log line of a request to stdout (ignoring a closed stdout rather than
/// panicking as `println!` would).
pub fn log_request(method: &str, url: &str, status: u16, elapsed: Duration, request_id: &str) {
    let line = format!(
        "{} {} {status} {}ms rid={request_id}\n",
        loggable(method),
        loggable(url),
        elapsed.as_millis()
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(line.as_bytes());
    let _ = out.flush();
}

/// Client text made safe for a one-line log: control characters replaced, length capped.
pub fn loggable(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(LOG_TEXT_CHARS_MAX)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(LOG_TEXT_CHARS_MAX).is_some() {
        out.push('…');
    }
    out
}

/// Writes one line to stderr.
pub fn log_error(message: impl std::fmt::Display) {
    let line = format!("gateway: {message}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Whether a `Content-Type` value names JSON (`application/json`, any parameters, any case).
pub fn is_json_media_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_taken_only_when_sane() {
        #[track_caller]
        fn check(id: &str, sane: bool) {
            assert_eq!(is_sane_request_id(id), sane, "{id:?}");
        }
        check("abc-123_X.y", true);
        check(&"a".repeat(128), true);
        check(&"a".repeat(129), false);
        check("", false);
        check("has space", false);
        check("new\nline", false);
        check("é", false);
    }

    #[test]
    fn log_text_is_one_bounded_line() {
        assert_eq!(loggable("/a\nb\x1b[31m"), "/a?b?[31m");
        let long = "x".repeat(LOG_TEXT_CHARS_MAX + 5);
        assert_eq!(loggable(&long).chars().count(), LOG_TEXT_CHARS_MAX + 1);
    }

    #[test]
    fn a_response_keeps_its_head_under_the_write_deadline_and_its_body_ends_there() {
        let response = respond_bytes(201, "application/json", b"{}".to_vec())
            .with_header(make_header("Location", "/x").expect("a valid header"));
        let response = with_write_deadline(response);
        assert_eq!(response.status_code().0, 201);
        assert_eq!(response.data_length(), Some(2));
        let names: Vec<String> = response
            .headers()
            .iter()
            .map(|h| h.field.to_string())
            .collect();
        assert_eq!(names, ["Content-Type", "Location"]);
        let mut body = String::new();
        response
            .into_reader()
            .read_to_string(&mut body)
            .expect("read before the deadline");
        assert_eq!(body, "{}");

        let mut late = DeadlineReader {
            inner: std::io::Cursor::new(vec![1u8; 4]),
            deadline: Instant::now(),
        };
        std::thread::sleep(Duration::from_millis(2));
        let error = late.read(&mut [0u8; 4]).expect_err("past the deadline");
        assert_eq!(error.kind(), ErrorKind::TimedOut);
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
        check("text/plain", false);
        check("application/jsonx", false);
        check("", false);
    }
}
