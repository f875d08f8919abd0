//! Patched (PATCHES.md): the one strict parser of a request head (RFC 9112 §2–3, §5–7).
//!
//! Anything ambiguous is refused with the status nginx gives the same input, and the
//! connection is then closed: no byte after a refused head is ever parsed as a request.
//! The caller hands over the head's lines (each without its CRLF); line endings, sizes and
//! deadlines are checked while reading (see `conn.rs`).
use ascii::AsciiString;

use crate::common::{HTTPVersion, Header, HeaderField, Method};

/// Why a head is refused: the status to answer and a detail safe to show the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub detail: &'static str,
}

pub(crate) fn refuse(status: u16, detail: &'static str) -> Refusal {
    Refusal { status, detail }
}

/// How the request body is delimited (RFC 9112 §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// No body.
    Empty,
    /// `Content-Length: n`.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// A request head that passed every check.
#[derive(Debug)]
pub(crate) struct Head {
    pub method: Method,
    pub target: String,
    pub version: HTTPVersion,
    pub headers: Vec<Header>,
    pub framing: Framing,
    /// `Expect: 100-continue` was sent.
    pub expects_continue: bool,
    /// The client asked for the connection to end after this request (or is HTTP/1.0
    /// without keep-alive).
    pub wants_close: bool,
}

/// tchar of RFC 9110 §5.6.2.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

/// Parses `METHOD SP request-target SP HTTP-version`, exactly.
pub(crate) fn parse_request_line(line: &[u8]) -> Result<(Method, String, HTTPVersion), Refusal> {
    let bad = || refuse(400, "the request line is malformed");
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if !is_token(method) {
        return Err(bad());
    }
    if target.is_empty() || !target.iter().all(|&b| (0x21..=0x7e).contains(&b)) {
        return Err(bad());
    }
    let version = parse_version(version)?;
    // Both are ASCII by the checks above.
    let method = std::str::from_utf8(method)
        .ok()
        .and_then(|m| m.parse::<Method>().ok())
        .ok_or_else(bad)?;
    let target = String::from_utf8(target.to_vec()).map_err(|_| bad())?;
    Ok((method, target, version))
}

/// `HTTP/1.0` and `HTTP/1.1`; any other well-formed `HTTP/d.d` is 505, anything else 400.
fn parse_version(version: &[u8]) -> Result<HTTPVersion, Refusal> {
    match version {
        b"HTTP/1.1" => Ok(HTTPVersion(1, 1)),
        b"HTTP/1.0" => Ok(HTTPVersion(1, 0)),
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            Err(refuse(
                505,
                "only HTTP/1.0 and HTTP/1.1 are served on this port",
            ))
        }
        _ => Err(refuse(400, "the request line is malformed")),
    }
}

/// Parses one header line (`name ":" OWS value OWS`), refusing obs-fold, empty or non-token
/// names, whitespace before the colon, and control characters or non-ASCII bytes anywhere.
pub(crate) fn parse_header_line(line: &[u8]) -> Result<Header, Refusal> {
    if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
        return Err(refuse(400, "folded header lines (obs-fold) are not accepted"));
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| refuse(400, "a header line has no colon"))?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if !is_token(name) {
        return Err(refuse(400, "a header name is empty or not a token"));
    }
    let value = trim_ows(value);
    if !value
        .iter()
        .all(|&b| b == b'\t' || (0x20..=0x7e).contains(&b))
    {
        return Err(refuse(
            400,
            "a header value holds a control character or a non-ASCII byte",
        ));
    }
    // Both are ASCII by the checks above.
    let field = HeaderField::from_bytes(name.to_vec())
        .map_err(|_| refuse(400, "a header name is not ASCII"))?;
    let value = AsciiString::from_ascii(value.to_vec())
        .map_err(|_| refuse(400, "a header value is not ASCII"))?;
    Ok(Header { field, value })
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

fn values<'h>(headers: &'h [Header], name: &'static str) -> impl Iterator<Item = &'h str> {
    headers
        .iter()
        .filter(move |h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// Checks the request as a whole: Host, singleton headers, the body's framing, `Expect` and
/// `Connection`.
pub(crate) fn check_head(
    method: Method,
    target: String,
    version: HTTPVersion,
    headers: Vec<Header>,
    singletons: &[&str],
) -> Result<Head, Refusal> {
    let http11 = version == HTTPVersion(1, 1);
    let hosts = values(&headers, "Host").count();
    if hosts > 1 {
        return Err(refuse(400, "more than one Host header"));
    }
    if http11 && hosts == 0 {
        return Err(refuse(400, "an HTTP/1.1 request needs a Host header"));
    }
    for name in singletons {
        let mut found = headers
            .iter()
            .filter(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str());
        if let Some(first) = found.next() {
            if found.any(|other| other != first) {
                return Err(Refusal {
                    status: 400,
                    detail: "a header that may appear once is repeated with another value",
                });
            }
        }
    }
    let framing = framing(&headers, http11)?;
    let expects_continue = match values(&headers, "Expect").collect::<Vec<_>>().as_slice() {
        [] => false,
        [one] if one.eq_ignore_ascii_case("100-continue") => true,
        _ => return Err(refuse(417, "the only expectation served is 100-continue")),
    };
    let mut close = false;
    let mut keep_alive = false;
    for value in values(&headers, "Connection") {
        for option in value.split(',').map(str::trim) {
            close |= option.eq_ignore_ascii_case("close");
            keep_alive |= option.eq_ignore_ascii_case("keep-alive");
        }
    }
    let wants_close = close || (!http11 && !keep_alive);
    Ok(Head {
        method,
        target,
        version,
        headers,
        framing,
        expects_continue,
        wants_close,
    })
}

/// RFC 9112 §6.1–6.3, strictly: one framing header, said once, in plain form.
fn framing(headers: &[Header], http11: bool) -> Result<Framing, Refusal> {
    let lengths: Vec<&str> = values(headers, "Content-Length").collect();
    let encodings: Vec<&str> = values(headers, "Transfer-Encoding").collect();
    match (lengths.as_slice(), encodings.as_slice()) {
        ([], []) => Ok(Framing::Empty),
        ([_, ..], [_, ..]) => Err(refuse(
            400,
            "Content-Length and Transfer-Encoding together are ambiguous",
        )),
        ([length], []) => parse_length(length).map(Framing::Length),
        (_, []) => Err(refuse(400, "more than one Content-Length header")),
        ([], _) if !http11 => Err(refuse(
            400,
            "Transfer-Encoding is not defined for HTTP/1.0",
        )),
        ([], [encoding]) => parse_encoding(encoding),
        ([], _) => Err(refuse(400, "more than one Transfer-Encoding header")),
    }
}

/// `1*DIGIT` that fits in a u64; nothing else (no sign, no hex, no list, no spaces).
fn parse_length(value: &str) -> Result<u64, Refusal> {
    let bad = || refuse(400, "Content-Length must be plain decimal digits");
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    value.parse::<u64>().map_err(|_| bad())
}

/// Exactly `chunked` (any case). Another coding is one we do not implement (501); `chunked`
/// twice, or an empty member, is malformed (400).
fn parse_encoding(value: &str) -> Result<Framing, Refusal> {
    let codings: Vec<&str> = value.split(',').map(str::trim).collect();
    if codings.iter().any(|c| c.is_empty()) {
        return Err(refuse(400, "Transfer-Encoding is malformed"));
    }
    if codings.iter().any(|c| !c.eq_ignore_ascii_case("chunked")) {
        return Err(refuse(
            501,
            "the only transfer coding served is chunked",
        ));
    }
    if codings.len() > 1 {
        return Err(refuse(400, "chunked may be applied only once"));
    }
    Ok(Framing::Chunked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(lines: &[&str]) -> Result<Head, Refusal> {
        let (method, target, version) = parse_request_line(lines[0].as_bytes())?;
        let headers = lines[1..]
            .iter()
            .map(|l| parse_header_line(l.as_bytes()))
            .collect::<Result<Vec<_>, _>>()?;
        check_head(method, target, version, headers, &["Host", "Content-Type"])
    }

    #[track_caller]
    fn status(lines: &[&str]) -> u16 {
        match head(lines) {
            Ok(_) => 200,
            Err(r) => r.status,
        }
    }

    #[test]
    fn framing_is_strict() {
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a"]), 200);
        assert_eq!(status(&["GET / HTTP/1.0"]), 200);
        assert_eq!(status(&["GET / HTTP/1.1"]), 400);
        assert_eq!(status(&["GET / HTTP/2.0", "Host: a"]), 505);
        assert_eq!(status(&["GET / HTTP/0.9"]), 505);
        assert_eq!(status(&["GET / http/1.1", "Host: a"]), 400);
        assert_eq!(status(&["GET /", "Host: a"]), 400);
        assert_eq!(status(&["GET  / HTTP/1.1", "Host: a"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Content-Length: 5", "Transfer-Encoding: chunked"]), 400);
        for cl in ["0x37", "-1", "+55", "55,56", "5 5", "", "99999999999999999999999"] {
            assert_eq!(status(&["POST / HTTP/1.1", "Host: a", &format!("Content-Length: {cl}")]), 400, "{cl}");
        }
        assert_eq!(status(&["POST / HTTP/1.1", "Host: a", "Content-Length: 5", "Content-Length: 5"]), 400);
        assert_eq!(status(&["POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked"]), 200);
        assert_eq!(status(&["POST / HTTP/1.1", "Host: a", "Transfer-Encoding: gzip"]), 501);
        assert_eq!(status(&["POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked, identity"]), 501);
        assert_eq!(status(&["POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked, chunked"]), 400);
        assert_eq!(status(&["POST / HTTP/1.0", "Transfer-Encoding: chunked"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", " folded"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "X: a\0b"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", ": x"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host : a"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Host: a"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Content-Type: x", "Content-Type: y"]), 400);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Content-Type: x", "Content-Type: x"]), 200);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Expect: 100-continue"]), 200);
        assert_eq!(status(&["GET / HTTP/1.1", "Host: a", "Expect: tea"]), 417);
    }
}
