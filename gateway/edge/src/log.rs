//! The log: one access line per answered request on stdout, service events on stderr, and
//! client text made safe to put in either.
use crate::limits::{ACCESS_LINE_BYTES_MAX, LOG_TEXT_CHARS_MAX};
use std::fmt::{Display, Write as _};
use std::fs::File;
use std::io::Write;
use std::os::fd::AsFd;
use std::sync::OnceLock;
use std::time::Duration;

/// Writes the access line of one request to stdout:
/// `<METHOD> <target> <status> <milliseconds>ms rid=<request id>`, five fields split by
/// single spaces whatever the client sent. A closed stdout is ignored (where `println!`
/// would panic).
pub fn access(method: &str, target: &str, status: u16, elapsed: Duration, request_id: &str) {
    let mut line = access_line(method, target, status, elapsed, request_id);
    line.push('\n');
    match stdout_file() {
        Some(mut out) => {
            let _ = out.write_all(line.as_bytes());
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(line.as_bytes());
            let _ = out.flush();
        }
    }
}

/// Standard output as a `File` (a duplicate of descriptor 1), so that each access line is one
/// `write(2)` without std's stdout lock, which every request thread took: under load the
/// threads queued on it (a futex wait and wake per request). A line is never longer than
/// `PIPE_BUF` (`ACCESS_LINE_BYTES_MAX`), which a pipe writes whole, and a write to a file
/// moves the file offset atomically, so lines from different threads never interleave. `None` when the
/// descriptor cannot be duplicated; then std's locked stdout is used.
fn stdout_file() -> Option<&'static File> {
    static OUT: OnceLock<Option<File>> = OnceLock::new();
    OUT.get_or_init(|| {
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .map(File::from)
    })
    .as_ref()
}

/// The text of an access line (see [`access`]), shorter than [`ACCESS_LINE_BYTES_MAX`]
/// with its newline: when the method and target (each up to [`LOG_TEXT_CHARS_MAX`]
/// characters, a character up to 12 bytes once escaped) would make it longer, each is cut
/// to half of what the other fields leave, at a character boundary, and ends in `...`.
pub fn access_line(
    method: &str,
    target: &str,
    status: u16,
    elapsed: Duration,
    request_id: &str,
) -> String {
    let (mut method, mut target) = (loggable(method), loggable(target));
    let rest = format!(
        " {status} {}ms rid={}",
        elapsed.as_millis(),
        loggable(request_id)
    );
    // Two spaces, the newline, and room for two "...".
    let room = ACCESS_LINE_BYTES_MAX.saturating_sub(rest.len() + 3 + 6);
    if method.len() + target.len() > room {
        clip(&mut method, room / 2);
        clip(&mut target, room / 2);
    }
    format!("{method} {target}{rest}")
}

/// Cuts `text` to at most `bytes` bytes at a character boundary, then adds `...`.
fn clip(text: &mut String, bytes: usize) {
    if text.len() > bytes {
        let mut end = bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
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

    #[test]
    fn an_access_line_fits_one_atomic_write() {
        // The longest method and target the log keeps, in 4-byte characters and in escapes.
        let wide = "\u{1F600}".repeat(LOG_TEXT_CHARS_MAX + 1);
        let escaped = "\u{85}".repeat(LOG_TEXT_CHARS_MAX + 1);
        let rid = "\n".repeat(crate::limits::REQUEST_ID_BYTES_MAX);
        for (method, target) in [(&wide, &escaped), (&escaped, &wide), (&wide, &wide)] {
            let line = access_line(method, target, 200, Duration::from_secs(100_000), &rid);
            assert!(line.len() < ACCESS_LINE_BYTES_MAX, "{} bytes", line.len());
            assert_eq!(line.split(' ').count(), 5, "{line}");
            assert!(line.contains("... "), "cut and marked: {line}");
        }
    }
}
