//! tiny_http glue: headers in, bounded bodies, request ids, responses out, the request log.
use crate::error::Error;
use crate::limits::{LOG_TEXT_CHARS_MAX, REQUEST_BODY_BYTES_MAX, REQUEST_ID_BYTES_MAX};
use std::io::{Read, Write};
use std::time::Duration;
use tiny_http::{Header, Request, Response, ResponseBox, StatusCode};

/// The value of the first header called `name` (case-insensitive), if any.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Reads the body but never more than the cap, whatever Content-Length claims. Chunked bodies
/// arrive here already decoded by tiny_http.
pub fn read_body(request: &mut Request) -> Result<Vec<u8>, Error> {
    if request
        .body_length()
        .is_some_and(|n| n as u64 > REQUEST_BODY_BYTES_MAX)
    {
        return Err(Error::BodyTooLarge);
    }
    let mut body = Vec::new();
    // One byte past the cap proves the client sent too much.
    request
        .as_reader()
        .take(REQUEST_BODY_BYTES_MAX + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::BodyUnreadable(e.to_string()))?;
    if body.len() as u64 > REQUEST_BODY_BYTES_MAX {
        return Err(Error::BodyTooLarge);
    }
    Ok(body)
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
