//! The log: one access line per answered request on stdout, service events on stderr, and
//! client text made safe to put in either.
use crate::limits::LOG_TEXT_CHARS_MAX;
use std::fmt::{Display, Write as _};
use std::io::Write;
use std::time::Duration;

/// Writes the access line of one request to stdout:
/// `<METHOD> <target> <status> <milliseconds>ms rid=<request id>`, five fields split by
/// single spaces whatever the client sent. A closed stdout is ignored (where `println!`
/// would panic).
pub fn access(method: &str, target: &str, status: u16, elapsed: Duration, request_id: &str) {
    let mut line = access_line(method, target, status, elapsed, request_id);
    line.push('\n');
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(line.as_bytes());
    let _ = out.flush();
}

/// The text of an access line (see [`access`]).
pub fn access_line(
    method: &str,
    target: &str,
    status: u16,
    elapsed: Duration,
    request_id: &str,
) -> String {
    format!(
        "{} {} {status} {}ms rid={}",
        loggable(method),
        loggable(target),
        elapsed.as_millis(),
        loggable(request_id)
    )
}

/// Writes `<service>: <message>` to stderr: a failure, a 5xx in full, a start-up fact.
pub fn event(service: &str, message: impl Display) {
    let line = format!("{service}: {message}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Client text made safe for a one-line, space-separated log: control characters and spaces
/// escaped as `%XX` (their UTF-8 bytes), at most [`LOG_TEXT_CHARS_MAX`] characters, then
/// `...`. A `%` stays, so percent-encoded targets read as sent.
pub fn loggable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(LOG_TEXT_CHARS_MAX));
    for (i, c) in text.chars().enumerate() {
        if i == LOG_TEXT_CHARS_MAX {
            out.push_str("...");
            break;
        }
        if c.is_control() || c == ' ' {
            let mut utf8 = [0u8; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_text_becomes_one_bounded_field() {
        #[track_caller]
        fn check(text: &str, expected: &str) {
            assert_eq!(loggable(text), expected, "{text:?}");
        }
        check("/api/movies?title=ma", "/api/movies?title=ma");
        check("/a\u{1b}[2J\nb", "/a%1B[2J%0Ab");
        check("/a b", "/a%20b");
        check("/100%25", "/100%25");
        check("/\u{85}", "/%C2%85");
        check("/é", "/é");
        check("", "");
        let long = "x".repeat(LOG_TEXT_CHARS_MAX + 5);
        assert_eq!(
            loggable(&long),
            format!("{}...", &long[..LOG_TEXT_CHARS_MAX])
        );
    }

    #[test]
    fn an_access_line_has_five_fields() {
        #[track_caller]
        fn check(method: &str, target: &str, status: u16, rid: &str, expected: &str) {
            let line = access_line(method, target, status, Duration::from_millis(3), rid);
            assert_eq!(line, expected);
            assert_eq!(line.split(' ').count(), 5, "{line}");
        }
        check(
            "GET",
            "/api/movies?limit=5",
            200,
            "req-42",
            "GET /api/movies?limit=5 200 3ms rid=req-42",
        );
        check("POST", "/a b\n", 404, "x", "POST /a%20b%0A 404 3ms rid=x");
        check("GET /", "/", 400, "", "GET%20/ / 400 3ms rid=");
    }
}
