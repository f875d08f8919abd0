//! The HTTP conformance suite of issue 12 and the hostile clients of its attack tests: one table
//! of raw-socket cases (RFC 9112 §2–9 framing, limits, keep-alive, pipelining, HEAD and paths),
//! run against the real gateway and the real inventory. Each case checks the exact answer and,
//! by a smuggled request with a visible effect (a movie deleted, a movie created, an order
//! queued, an access-log line), that no second request ran behind it.
//!
//! The spec is the one issue 12 sets; where it is silent, nginx's answer. Case names are
//! sentences; `cargo test -- --nocapture` prints one line per case.
use crate::{raw_http, Service, TestDb};
use serde_json::Value;
use std::collections::HashSet;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Longest request line served (`414` past it).
pub const REQUEST_LINE_BYTES_MAX: usize = 16 * 1024;
/// Largest request head served (`431` past it).
pub const REQUEST_HEAD_BYTES_MAX: usize = 64 * 1024;
/// Most header lines served (`431` past it).
pub const HEADER_LINES_MAX: usize = 128;
/// Most requests a connection may have waiting; past it the connection is closed.
pub const PIPELINED_REQUESTS_MAX: usize = 16;
/// A request head must be complete this long after its first byte (`408` past it).
pub const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// An idle keep-alive connection is closed, without a word, after this long.
pub const KEEP_ALIVE_IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request body read (`413` past it).
pub const REQUEST_BODY_BYTES_MAX: u64 = 1024 * 1024;

/// Every answer in the table is due this long after its request (none waits on a timeout).
const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// Where the spec says close, the socket ends (EOF or reset) this long after the answer.
const CLOSED_WITHIN: Duration = Duration::from_secs(2);
/// Cases run at once, each on its own connection (the slow ones overlap the rest).
const CASES_AT_ONCE: usize = 16;
/// How long the last access-log line may take to appear before the smuggling checks.
const LOG_SETTLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Pipelined requests sent by the case that goes over [`PIPELINED_REQUESTS_MAX`].
const PIPELINED_SENT: usize = 40;

/// The service a case runs against.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Gateway,
    Inventory,
}

/// The service under test and what the smuggling checks look at.
pub struct Subject<'a> {
    pub kind: Kind,
    /// The service the cases connect to.
    pub service: &'a Service,
    /// Inventory behind the gateway: its access log must not show unforwardable requests, and
    /// its address must not show in any answer.
    pub upstream: Option<&'a Service>,
    /// The movies database (the smuggled requests delete and create movies in it).
    pub db: &'a TestDb,
    /// The `message_id`s of every order on the test's queue (gateway: the smuggled
    /// `POST /api/billing` must not have queued one).
    pub queued_message_ids: Option<&'a dyn Fn() -> Vec<String>>,
}

/// One raw-socket exchange of the table.
pub struct Case {
    /// What the case is about, for the report (`framing`, `limits`, …).
    pub family: &'static str,
    /// A sentence: what the service does with this input.
    pub name: &'static str,
    /// `None`: run against both services.
    pub only: Option<Kind>,
    pub steps: Vec<Step>,
    /// At the gateway, the request must not reach inventory (its log shows none of its ids).
    pub not_forwarded: bool,
}

/// What a case does on its connection, in order.
pub enum Step {
    /// Writes these bytes, placeholders filled by [`Probe::fill`].
    Send(Bytes),
    /// Writes a request head one byte a second, never finishing it, until the service speaks.
    Trickle,
    /// Reads an interim (1xx) answer head with this status.
    Interim(u16),
    /// Reads one final answer and checks it.
    Answer(Want),
    /// Reads the answers to [`PIPELINED_SENT`] pipelined `GET /health` (ids `RID1…`): an
    /// in-order prefix of at most [`PIPELINED_REQUESTS_MAX`], then the close; the rest never ran.
    PipelineCapped,
    /// The service closes the connection (EOF or reset) within [`CLOSED_WITHIN`], sending
    /// nothing more.
    Closed,
    /// The service closes the connection without sending a byte, after the idle timeout.
    ClosedSilently,
}

/// The bytes of a [`Step::Send`]: a template, or made by a function for the large ones.
pub enum Bytes {
    Text(&'static [u8]),
    Made(fn(&Probe) -> Vec<u8>),
}

/// What an answer must be. Every status of 400 and up must also be problem+json whose `title`
/// is the reason phrase and whose `status` is the status.
#[derive(Clone, Copy, Debug)]
pub struct Want {
    pub status: u16,
    /// `Some(true)`: says `Connection: close`; `Some(false)`: does not; `None`: either.
    pub close: Option<bool>,
    /// `X-Request-Id` must be the case's id number `n` (`{RIDn}`).
    pub rid: Option<usize>,
    /// The answer to a HEAD: no body is read.
    pub head: bool,
    /// An `Allow` header must be present.
    pub allow: bool,
    /// Same `Content-Type` (and `Content-Length`, when both have one) as the answer before.
    pub like_previous: bool,
}

/// The expected answer with this status; refine it with the methods below.
pub fn want(status: u16) -> Want {
    Want {
        status,
        close: None,
        rid: None,
        head: false,
        allow: false,
        like_previous: false,
    }
}

impl Want {
    pub fn close(self) -> Want {
        Want {
            close: Some(true),
            ..self
        }
    }
    pub fn keep(self) -> Want {
        Want {
            close: Some(false),
            ..self
        }
    }
    pub fn rid(self, n: usize) -> Want {
        Want {
            rid: Some(n),
            ..self
        }
    }
    pub fn head(self) -> Want {
        Want { head: true, ..self }
    }
    pub fn allow(self) -> Want {
        Want {
            allow: true,
            ..self
        }
    }
    pub fn like_previous(self) -> Want {
        Want {
            like_previous: true,
            ..self
        }
    }
}

/// What one run of a case may name: a unique tag and a movie of its own.
pub struct Probe {
    /// Unique per case and run; request ids and the smuggled titles derive from it.
    pub tag: String,
    /// A movie made for this case: the smuggled request deletes it.
    pub movie: i64,
    pub kind: Kind,
}

impl Probe {
    /// The case's request id number `n` (`{RIDn}`).
    pub fn rid(&self, n: usize) -> String {
        format!("{}-{n}", self.tag)
    }

    /// The request id of every smuggled request.
    pub fn smuggled_rid(&self) -> String {
        format!("{}-s", self.tag)
    }

    /// A title a case may legitimately create (`{TITLE}`); the smuggled one is the bare tag.
    pub fn title(&self) -> String {
        format!("{}-new", self.tag)
    }

    /// Where a POST is answered by the service itself (`{POST}`): the gateway's own route,
    /// inventory's collection.
    pub fn local_post_path(&self) -> &'static str {
        match self.kind {
            Kind::Gateway => "/api/billing",
            Kind::Inventory => "/api/movies",
        }
    }

    /// Requests that must never run (`{SMUGGLE}`): delete the case's movie, create a movie
    /// titled with the tag and, at the gateway, queue an order keyed by the tag. Each carries
    /// the smuggled request id.
    pub fn smuggled(&self) -> Vec<u8> {
        let rid = self.smuggled_rid();
        let movie = format!(r#"{{"title":"{}"}}"#, self.tag);
        let mut bytes = format!(
            "DELETE /api/movies/{id} HTTP/1.1\r\nHost: smuggled\r\nX-Request-Id: {rid}\r\n\r\n\
             POST /api/movies HTTP/1.1\r\nHost: smuggled\r\nX-Request-Id: {rid}\r\n\
             Content-Type: application/json\r\nContent-Length: {len}\r\n\r\n{movie}",
            id = self.movie,
            len = movie.len(),
        );
        if self.kind == Kind::Gateway {
            let order = r#"{"user_id":1,"number_of_items":1,"total_amount":"1.00"}"#;
            bytes.push_str(&format!(
                "POST /api/billing HTTP/1.1\r\nHost: smuggled\r\nX-Request-Id: {rid}\r\n\
                 Idempotency-Key: {key}\r\nContent-Type: application/json\r\n\
                 Content-Length: {len}\r\n\r\n{order}",
                key = self.tag,
                len = order.len(),
            ));
        }
        bytes.into_bytes()
    }

    /// The template with `{SMUGGLE}`, `{SMUGGLE_LEN}`, `{MOVIE}` (the case's movie path),
    /// `{MOVIE_LIST}` (a list holding only the case's movie),
    /// `{POST}`, `{TITLE}` and `{RID1}`…`{RID9}` replaced.
    pub fn fill(&self, template: &[u8]) -> Vec<u8> {
        let smuggled = self.smuggled();
        let mut pairs: Vec<(String, Vec<u8>)> = vec![
            ("{SMUGGLE_LEN}".into(), smuggled.len().to_string().into()),
            ("{SMUGGLE}".into(), smuggled),
            (
                "{MOVIE}".into(),
                format!("/api/movies/{}", self.movie).into(),
            ),
            (
                "{MOVIE_LIST}".into(),
                format!("/api/movies?title=target%20{}", self.tag).into(),
            ),
            ("{POST}".into(), self.local_post_path().into()),
            ("{TITLE}".into(), self.title().into()),
        ];
        for n in 1..=9 {
            pairs.push((format!("{{RID{n}}}"), self.rid(n).into()));
        }
        let mut out = template.to_vec();
        for (needle, with) in pairs {
            out = replace(&out, needle.as_bytes(), &with);
        }
        out
    }
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut at = 0;
    while at < haystack.len() {
        if haystack[at..].starts_with(needle) {
            out.extend_from_slice(with);
            at += needle.len();
        } else {
            out.push(haystack[at]);
            at += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const FRAMING: &str = "framing (400)";
const CHUNKED: &str = "chunked body (400)";
const CODING: &str = "transfer coding (501)";
const VERSION: &str = "version (505)";
const EXPECT: &str = "expect (417/100)";
const LIMITS: &str = "limits (414/431/408/idle)";
const EARLY: &str = "early answers close";
const KEEP_ALIVE: &str = "keep-alive and pipelining";
const PATHS: &str = "HEAD, slash, methods";

fn case(family: &'static str, name: &'static str, steps: Vec<Step>) -> Case {
    Case {
        family,
        name,
        only: None,
        steps,
        not_forwarded: false,
    }
}

impl Case {
    fn only(self, kind: Kind) -> Case {
        Case {
            only: Some(kind),
            ..self
        }
    }
    fn not_forwarded(self) -> Case {
        Case {
            not_forwarded: true,
            ..self
        }
    }
    fn is_slow(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::Trickle | Step::ClosedSilently))
    }
}

fn text(bytes: &'static [u8]) -> Step {
    Step::Send(Bytes::Text(bytes))
}

fn made(make: fn(&Probe) -> Vec<u8>) -> Step {
    Step::Send(Bytes::Made(make))
}

/// One problem+json answer with `Connection: close`, then the close; nothing after it runs.
fn refused(family: &'static str, name: &'static str, status: u16, bytes: &'static [u8]) -> Case {
    case(
        family,
        name,
        vec![
            text(bytes),
            Step::Answer(want(status).close()),
            Step::Closed,
        ],
    )
}

fn refused_made(
    family: &'static str,
    name: &'static str,
    status: u16,
    make: fn(&Probe) -> Vec<u8>,
) -> Case {
    case(
        family,
        name,
        vec![made(make), Step::Answer(want(status).close()), Step::Closed],
    )
}

/// A GET then a HEAD of `path` on one connection: the HEAD has no body and the same headers.
fn head_like_get(name: &'static str, get: &'static [u8], head: &'static [u8]) -> Case {
    case(
        PATHS,
        name,
        vec![
            text(get),
            Step::Answer(want(200).keep()),
            text(head),
            Step::Answer(want(200).head().like_previous()),
        ],
    )
}

/// One request answered with `status`, the connection left open.
fn served(family: &'static str, name: &'static str, status: u16, bytes: &'static [u8]) -> Case {
    case(
        family,
        name,
        vec![text(bytes), Step::Answer(want(status).keep())],
    )
}

/// A 405 with `Allow` that never reaches inventory.
fn not_allowed(name: &'static str, bytes: &'static [u8]) -> Case {
    case(
        PATHS,
        name,
        vec![text(bytes), Step::Answer(want(405).allow())],
    )
    .not_forwarded()
}

/// The whole table, for both services (`only` marks the rows for one).
pub fn cases() -> Vec<Case> {
    let mut all = framing_cases();
    all.extend(chunked_cases());
    all.extend(coding_and_version_cases());
    all.extend(limit_cases());
    all.extend(early_answer_cases());
    all.extend(keep_alive_cases());
    all.extend(path_cases());
    all
}

fn framing_cases() -> Vec<Case> {
    vec![
        refused(FRAMING, "content_length_then_chunked_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "chunked_then_content_length_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_equal_content_lengths_are_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_different_content_lengths_are_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 0\r\nContent-Length: {SMUGGLE_LEN}\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_content_length_list_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: 55,56\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_hex_content_length_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: 0x37\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_negative_content_length_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: -1\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_plus_signed_content_length_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: +0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_content_length_with_inner_space_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: 0 0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_empty_content_length_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: \r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_content_length_overflowing_u64_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Length: 18446744073709551616\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "transfer_encoding_on_http_1_0_is_400", 400,
            b"POST /api/movies HTTP/1.0\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_transfer_encoding_headers_are_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "chunked_twice_in_one_transfer_encoding_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_obs_folded_line_with_space_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\r\n b\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_obs_folded_line_with_tab_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\r\n\tb\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_obs_folded_transfer_encoding_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 5\r\nX-Note: x\r\n Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "whitespace_before_the_first_header_line_is_400", 400,
            b"GET /health HTTP/1.1\r\n X-Note: a\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_bare_lf_after_the_request_line_is_400", 400,
            b"GET /health HTTP/1.1\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_bare_lf_after_a_header_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\nX-Note: a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_bare_lf_ending_the_head_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\n\n{SMUGGLE}"),
        refused(FRAMING, "a_head_of_bare_lfs_is_400", 400,
            b"GET /health HTTP/1.1\nHost: conformance\n\n{SMUGGLE}"),
        refused(FRAMING, "a_lone_cr_in_a_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\rb\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_lone_cr_ending_the_request_line_is_400", 400,
            b"GET /health HTTP/1.1\rHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "nul_in_a_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\x00b\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "nul_in_a_name_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-No\x00te: a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_control_character_in_a_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\x01b\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "del_in_a_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\x7fb\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_control_character_in_a_name_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-No\x1bte: a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_empty_header_name_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\n: x\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_space_between_name_and_colon_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note : a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_space_before_the_colon_of_content_length_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length : {SMUGGLE_LEN}\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_non_token_character_in_a_name_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX(Note): a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_space_inside_a_name_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX Note: a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "non_ascii_in_a_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: caf\xc3\xa9\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "non_ascii_in_the_target_is_400", 400,
            b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "http_1_1_without_host_is_400", 400,
            b"GET /health HTTP/1.1\r\nX-Note: a\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_equal_host_lines_are_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_different_host_lines_are_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nHost: other\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "content_type_repeated_with_another_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "idempotency_key_repeated_with_another_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nIdempotency-Key: a\r\nIdempotency-Key: b\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "x_request_id_repeated_with_another_value_is_400", 400,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\nX-Request-Id: {RID2}\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_spaces_after_the_method_are_400", 400,
            b"GET  /health HTTP/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "two_spaces_before_the_version_are_400", 400,
            b"GET /health  HTTP/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_request_line_without_target_is_400", 400,
            b"GET HTTP/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_lowercase_version_is_400", 400,
            b"GET /health http/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_version_with_trailing_garbage_is_400", 400,
            b"GET /health HTTP/1.1x\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_trailing_space_after_the_version_is_400", 400,
            b"GET /health HTTP/1.1 \r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "a_space_before_the_method_is_400", 400,
            b" GET /health HTTP/1.1\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(FRAMING, "an_http_0_9_simple_request_is_400", 400,
            b"GET /health\r\n{SMUGGLE}"),
        // nginx skips empty lines before a request line (RFC 9112 §2.2 allows it).
        served(FRAMING, "a_blank_line_before_the_request_line_is_skipped", 200,
            b"\r\nGET /health HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        served(FRAMING, "a_tab_inside_a_value_is_accepted", 200,
            b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Note: a\tb\r\n\r\n"),
    ]
}

fn chunked_cases() -> Vec<Case> {
    vec![
        refused(CHUNKED, "a_chunk_size_that_is_not_hex_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n{SMUGGLE}"),
        refused(CHUNKED, "a_chunk_size_overflowing_u64_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000002\r\n{}\r\n0\r\n\r\n{SMUGGLE}"),
        refused(CHUNKED, "chunk_data_without_its_crlf_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n{SMUGGLE}"),
        refused(CHUNKED, "bare_lf_in_chunk_lines_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\n0\n\n{SMUGGLE}"),
        refused(CHUNKED, "a_negative_chunk_size_is_400", 400,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n{SMUGGLE}"),
        case(CHUNKED, "transfer_encoding_chunked_is_case_insensitive", vec![
            made(|p| {
                let body = format!(r#"{{"title":"{}"}}"#, p.title());
                format!(
                    "POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\n\
                     Transfer-Encoding: Chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
                    body.len()
                )
                .into_bytes()
            }),
            Step::Answer(want(201).keep()),
        ]),
    ]
}

fn coding_and_version_cases() -> Vec<Case> {
    vec![
        refused(CODING, "transfer_encoding_gzip_is_501", 501,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{SMUGGLE}"),
        refused(CODING, "transfer_encoding_identity_is_501", 501,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\n\r\n{SMUGGLE}"),
        refused(CODING, "transfer_encoding_chunked_then_identity_is_501", 501,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(CODING, "transfer_encoding_gzip_then_chunked_is_501", 501,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n{SMUGGLE}"),
        refused(VERSION, "http_2_0_is_505", 505,
            b"GET /health HTTP/2.0\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(VERSION, "http_0_9_as_a_version_is_505", 505,
            b"GET /health HTTP/0.9\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(VERSION, "http_1_2_is_505", 505,
            b"GET /health HTTP/1.2\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(VERSION, "http_3_0_is_505", 505,
            b"GET /health HTTP/3.0\r\nHost: conformance\r\n\r\n{SMUGGLE}"),
        refused(VERSION, "the_http_2_preface_is_505", 505,
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n{SMUGGLE}"),
        refused(EXPECT, "an_expectation_other_than_100_continue_is_417", 417,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 0\r\nExpect: 200-ok\r\n\r\n{SMUGGLE}"),
        case(EXPECT, "expect_100_continue_gets_100_then_the_answer", vec![
            made(|p| {
                let body = format!(r#"{{"title":"{}"}}"#, p.title());
                format!(
                    "POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
                    body.len()
                )
                .into_bytes()
            }),
            Step::Interim(100),
            made(|p| format!(r#"{{"title":"{}"}}"#, p.title()).into_bytes()),
            Step::Answer(want(201)),
        ]),
    ]
}

fn limit_cases() -> Vec<Case> {
    vec![
        refused_made(LIMITS, "a_request_line_over_16_kib_is_414", 414, |p| {
            let mut bytes = format!(
                "GET /{} HTTP/1.1\r\nHost: conformance\r\n\r\n",
                "a".repeat(REQUEST_LINE_BYTES_MAX)
            )
            .into_bytes();
            bytes.extend(p.smuggled());
            bytes
        }),
        refused_made(LIMITS, "a_head_over_64_kib_is_431", 431, |p| {
            // Five lines of 14 KiB: each line is short enough, the head is not.
            let mut head = String::from("GET /health HTTP/1.1\r\nHost: conformance\r\n");
            for n in 0..5 {
                head.push_str(&format!("X-Fill-{n}: {}\r\n", "a".repeat(14 * 1024)));
            }
            assert!(head.len() > REQUEST_HEAD_BYTES_MAX);
            let mut bytes = (head + "\r\n").into_bytes();
            bytes.extend(p.smuggled());
            bytes
        }),
        refused_made(LIMITS, "more_than_128_header_lines_are_431", 431, |p| {
            let mut bytes = head_of_lines(HEADER_LINES_MAX + 1);
            bytes.extend(p.smuggled());
            bytes
        }),
        case(
            LIMITS,
            "exactly_128_header_lines_are_served",
            vec![
                made(|_| head_of_lines(HEADER_LINES_MAX)),
                Step::Answer(want(200).keep()),
            ],
        ),
        case(
            LIMITS,
            "a_request_line_just_under_16_kib_is_served",
            vec![
                made(|_| {
                    // The line without its CRLF is 16 KiB less 8 bytes.
                    let query =
                        "a".repeat(REQUEST_LINE_BYTES_MAX - 8 - "GET /health? HTTP/1.1".len());
                    format!("GET /health?{query} HTTP/1.1\r\nHost: conformance\r\n\r\n")
                        .into_bytes()
                }),
                Step::Answer(want(200).keep()),
            ],
        ),
        case(
            LIMITS,
            "a_head_of_48_kib_is_served",
            vec![
                made(|_| {
                    let mut head = String::from("GET /health HTTP/1.1\r\nHost: conformance\r\n");
                    for n in 0..6 {
                        head.push_str(&format!("X-Fill-{n}: {}\r\n", "a".repeat(8 * 1024 - 16)));
                    }
                    assert!(head.len() > 40 * 1024 && head.len() < REQUEST_HEAD_BYTES_MAX);
                    (head + "\r\n").into_bytes()
                }),
                Step::Answer(want(200).keep()),
            ],
        ),
        case(
            LIMITS,
            "a_head_trickled_for_10_s_is_408_and_closed",
            vec![Step::Trickle, Step::Answer(want(408).close()), Step::Closed],
        ),
        case(
            LIMITS,
            "an_idle_keep_alive_connection_is_closed_silently",
            vec![
                text(b"GET /health HTTP/1.1\r\nHost: conformance\r\n\r\n"),
                Step::Answer(want(200).keep()),
                Step::ClosedSilently,
            ],
        ),
        // nginx closes a connection that never sent a byte without an answer, as an idle one.
        case(
            LIMITS,
            "a_connection_that_never_sends_is_closed_silently",
            vec![Step::ClosedSilently],
        ),
    ]
}

/// `GET /health` with `lines` header lines in all (Host and fillers).
fn head_of_lines(lines: usize) -> Vec<u8> {
    let mut head = String::from("GET /health HTTP/1.1\r\nHost: conformance\r\n");
    for n in 1..lines {
        head.push_str(&format!("X-Fill-{n}: a\r\n"));
    }
    (head + "\r\n").into_bytes()
}

/// A POST to `path` declaring a 2 MiB body, with a complete request hidden after its first
/// 64 KiB.
fn oversized_with_hidden_request(p: &Probe, path: &str) -> Vec<u8> {
    let mut bytes = format!(
        "POST {path} HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        2 * REQUEST_BODY_BYTES_MAX
    )
    .into_bytes();
    bytes.extend(vec![b' '; 64 * 1024]);
    bytes.extend(p.smuggled());
    bytes
}

fn early_answer_cases() -> Vec<Case> {
    vec![
        refused(EARLY, "a_declared_body_over_1_mib_is_413_and_closed", 413,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{SMUGGLE}"),
        refused(EARLY, "a_huge_declared_body_is_413_and_closed", 413,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 1000000000000000\r\n\r\n{SMUGGLE}"),
        refused_made(EARLY, "a_request_hidden_after_64_kib_of_an_oversized_movie_never_runs", 413,
            |p| oversized_with_hidden_request(p, "/api/movies")),
        refused_made(EARLY, "a_request_hidden_after_64_kib_of_an_oversized_order_never_runs", 413,
            |p| oversized_with_hidden_request(p, "/api/billing"))
        .only(Kind::Gateway),
        // nginx answers 413 at once, without `100 Continue`, when the declared body is too large.
        refused(EARLY, "an_oversized_body_expecting_100_continue_gets_413_without_100", 413,
            b"POST /api/movies HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\nExpect: 100-continue\r\n\r\n{SMUGGLE}"),
        refused(EARLY, "a_body_of_the_wrong_content_type_is_415_and_closed", 415,
            b"POST {POST} HTTP/1.1\r\nHost: conformance\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}{SMUGGLE}"),
        refused(EARLY, "a_body_sent_as_the_wrong_content_type_never_runs_as_a_request", 415,
            b"POST {POST} HTTP/1.1\r\nHost: conformance\r\nContent-Type: text/plain\r\nContent-Length: {SMUGGLE_LEN}\r\n\r\n{SMUGGLE}"),
        case(EARLY, "a_body_sent_to_a_get_only_path_is_405_and_closed", vec![
            text(b"PUT /health HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}{SMUGGLE}"),
            Step::Answer(want(405).close().allow()),
            Step::Closed,
        ]),
        refused(EARLY, "a_body_for_an_invalid_movie_id_is_400_and_closed", 400,
            b"PUT /api/movies/abc HTTP/1.1\r\nHost: conformance\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}{SMUGGLE}")
        .only(Kind::Inventory),
    ]
}

fn keep_alive_cases() -> Vec<Case> {
    vec![
        case(KEEP_ALIVE, "requests_one_after_another_are_answered_on_one_connection", vec![
            text(b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
            Step::Answer(want(200).keep().rid(1)),
            text(b"GET /no-such-path HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID2}\r\n\r\n"),
            Step::Answer(want(404).keep().rid(2)),
            text(b"GET {MOVIE} HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID3}\r\nConnection: close\r\n\r\n{SMUGGLE}"),
            Step::Answer(want(200).close().rid(3)),
            Step::Closed,
        ]),
        case(KEEP_ALIVE, "pipelined_requests_are_answered_in_order", vec![
            text(b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n\
                   GET /no-such-path HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID2}\r\n\r\n\
                   HEAD /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID3}\r\n\r\n\
                   GET {MOVIE} HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID4}\r\nConnection: close\r\n\r\n\
                   {SMUGGLE}"),
            Step::Answer(want(200).keep().rid(1)),
            Step::Answer(want(404).keep().rid(2)),
            Step::Answer(want(200).keep().rid(3).head()),
            Step::Answer(want(200).close().rid(4)),
            Step::Closed,
        ]),
        case(KEEP_ALIVE, "more_than_16_pipelined_requests_close_the_connection", vec![
            made(|p| {
                (1..=PIPELINED_SENT)
                    .map(|n| {
                        format!("GET /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {}\r\n\r\n", p.rid(n))
                    })
                    .collect::<String>()
                    .into_bytes()
            }),
            Step::PipelineCapped,
        ]),
        case(KEEP_ALIVE, "connection_close_is_answered_with_close_and_the_socket_closes", vec![
            text(b"GET /health HTTP/1.1\r\nHost: conformance\r\nConnection: close\r\n\r\n{SMUGGLE}"),
            Step::Answer(want(200).close()),
            Step::Closed,
        ]),
        case(KEEP_ALIVE, "http_1_0_without_keep_alive_closes_after_the_answer", vec![
            text(b"GET /health HTTP/1.0\r\n\r\n{SMUGGLE}"),
            Step::Answer(want(200)),
            Step::Closed,
        ]),
        // nginx keeps an HTTP/1.0 connection that asked for keep-alive.
        case(KEEP_ALIVE, "http_1_0_with_keep_alive_stays_open", vec![
            text(b"GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            Step::Answer(want(200).keep()),
            text(b"GET /health HTTP/1.1\r\nHost: conformance\r\nConnection: close\r\n\r\n"),
            Step::Answer(want(200).close()),
            Step::Closed,
        ]),
        served(KEEP_ALIVE, "an_unknown_path_is_a_404_problem_and_the_connection_stays", 404,
            b"GET /no-such-path HTTP/1.1\r\nHost: conformance\r\n\r\n"),
    ]
}

fn path_cases() -> Vec<Case> {
    vec![
        head_like_get("head_health_is_get_without_body",
            b"GET /health HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD /health HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        head_like_get("head_health_slash_is_get_without_body",
            b"GET /health/ HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD /health/ HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        // A list of the case's own movie: other cases create movies meanwhile.
        head_like_get("head_movies_is_get_without_body",
            b"GET {MOVIE_LIST} HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD {MOVIE_LIST} HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        head_like_get("head_of_a_movie_is_get_without_body",
            b"GET {MOVIE} HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD {MOVIE} HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        head_like_get("head_openapi_is_get_without_body",
            b"GET /openapi.yaml HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD /openapi.yaml HTTP/1.1\r\nHost: conformance\r\n\r\n")
        .only(Kind::Gateway),
        head_like_get("head_docs_is_get_without_body",
            b"GET /docs HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD /docs HTTP/1.1\r\nHost: conformance\r\n\r\n")
        .only(Kind::Gateway),
        head_like_get("head_openapi_slash_is_get_without_body",
            b"GET /openapi.yaml/ HTTP/1.1\r\nHost: conformance\r\n\r\n",
            b"HEAD /openapi.yaml/ HTTP/1.1\r\nHost: conformance\r\n\r\n")
        .only(Kind::Gateway),
        served(PATHS, "health_with_a_trailing_slash_is_served", 200,
            b"GET /health/ HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        served(PATHS, "movies_with_a_trailing_slash_are_served", 200,
            b"GET /api/movies/ HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        served(PATHS, "a_movie_with_a_trailing_slash_is_served", 200,
            b"GET {MOVIE}/ HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        served(PATHS, "openapi_with_a_trailing_slash_is_served", 200,
            b"GET /openapi.yaml/ HTTP/1.1\r\nHost: conformance\r\n\r\n")
        .only(Kind::Gateway),
        served(PATHS, "docs_with_a_trailing_slash_is_served", 200,
            b"GET /docs/ HTTP/1.1\r\nHost: conformance\r\n\r\n")
        .only(Kind::Gateway),
        // The issue names the gateway; nginx answers 405 to CONNECT (and TRACE) anywhere, so
        // inventory is held to it too.
        not_allowed("connect_to_an_authority_is_405",
            b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("connect_to_the_movies_is_405",
            b"CONNECT /api/movies HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("trace_of_the_movies_is_405",
            b"TRACE /api/movies HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("trace_of_a_movie_is_405",
            b"TRACE {MOVIE} HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("trace_of_health_is_405",
            b"TRACE /health HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("an_unknown_method_on_the_movies_is_405",
            b"BREW /api/movies HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        not_allowed("an_unknown_method_on_a_movie_is_405",
            b"PROPFIND {MOVIE} HTTP/1.1\r\nHost: conformance\r\nX-Request-Id: {RID1}\r\n\r\n"),
        served(PATHS, "a_path_below_a_movie_is_a_404_without_internal_addresses", 404,
            b"GET {MOVIE}/deeper HTTP/1.1\r\nHost: conformance\r\n\r\n"),
        served(PATHS, "a_missing_movie_is_a_404_without_internal_addresses", 404,
            b"GET /api/movies/999999999 HTTP/1.1\r\nHost: conformance\r\n\r\n"),
    ]
}

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

/// What a run found, one result per case.
pub struct Report {
    pub kind: Kind,
    pub results: Vec<(&'static str, &'static str, Result<(), String>)>,
    pub took: Duration,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, _, r)| r.is_err()).count()
    }

    /// One line per case, then passed/failed per family and the totals.
    pub fn summary(&self) -> String {
        let lines: String = self
            .results
            .iter()
            .map(|(family, name, result)| match result {
                Ok(()) => format!("ok   [{family}] {name}\n"),
                Err(why) => format!("FAIL [{family}] {name}: {why}\n"),
            })
            .collect();
        lines + &self.totals()
    }

    /// The failed cases, then the totals.
    pub fn failures(&self) -> String {
        let lines: String = self
            .results
            .iter()
            .filter_map(|(family, name, result)| {
                let why = result.as_ref().err()?;
                Some(format!("FAIL [{family}] {name}: {why}\n"))
            })
            .collect();
        lines + &self.totals()
    }

    /// Passed/failed per family, then overall.
    fn totals(&self) -> String {
        let mut families: Vec<&str> = Vec::new();
        for (family, _, _) in &self.results {
            if !families.contains(family) {
                families.push(family);
            }
        }
        let mut out = String::new();
        for family in families {
            let of: Vec<_> = self.results.iter().filter(|r| r.0 == family).collect();
            let passed = of.iter().filter(|r| r.2.is_ok()).count();
            out.push_str(&format!(
                "{:?} {family}: {passed}/{} passed\n",
                self.kind,
                of.len()
            ));
        }
        out.push_str(&format!(
            "{:?}: {} cases, {} failed, in {:.1} s\n",
            self.kind,
            self.results.len(),
            self.failed(),
            self.took.as_secs_f64()
        ));
        out
    }

    /// Panics with the failed cases unless every case passed.
    #[track_caller]
    pub fn assert_passed(&self) {
        assert!(
            self.results.len() >= 60,
            "the suite has {} cases for {:?}, fewer than 60",
            self.results.len(),
            self.kind
        );
        assert_eq!(
            self.failed(),
            0,
            "{} of {} conformance cases failed against {:?}:\n{}",
            self.failed(),
            self.results.len(),
            self.kind,
            self.failures()
        );
    }
}

/// What a finished case leaves for the smuggling checks.
struct Outcome {
    result: Result<(), String>,
    /// Request ids that must appear in no access log.
    forbidden_rids: Vec<String>,
}

/// Runs every case of the table that applies to `subject`, [`CASES_AT_ONCE`] at a time (the
/// slow ones first), then checks that no smuggled request had an effect. Prints the summary.
pub fn run(subject: &Subject) -> Report {
    let started = Instant::now();
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.only.map_or(true, |k| k == subject.kind))
        .collect();
    let movie_owner = subject.upstream.unwrap_or(subject.service);
    let run_tag = crate::unique_name().replace('_', "");
    let probes: Vec<Probe> = (0..cases.len())
        .map(|n| {
            let tag = format!("c{n}-{run_tag}");
            Probe {
                movie: create_movie(movie_owner, &format!("conformance target {tag}")),
                tag,
                kind: subject.kind,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&n| !cases[n].is_slow());

    let addr = socket_addr(subject.service);
    let secret = subject.upstream.map(|u| u.addr());
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..CASES_AT_ONCE {
            scope.spawn(|| loop {
                let Some(&n) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return;
                };
                let outcome = run_case(addr, &cases[n], &probes[n], secret.as_deref());
                outcomes.lock().expect("no panic while holding it")[n] = Some(outcome);
            });
        }
    });
    let outcomes: Vec<Outcome> = outcomes
        .into_inner()
        .expect("no panic while holding it")
        .into_iter()
        .map(|o| o.expect("every case ran"))
        .collect();

    let evidence = Evidence::gather(subject, &probes);
    let results = cases
        .iter()
        .zip(&probes)
        .zip(outcomes)
        .map(|((case, probe), outcome)| {
            let mut problems: Vec<String> = outcome.result.err().into_iter().collect();
            problems.extend(evidence.of(subject, case, probe, &outcome.forbidden_rids));
            let result = if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            };
            (case.family, case.name, result)
        })
        .collect();
    let report = Report {
        kind: subject.kind,
        results,
        took: started.elapsed(),
    };
    println!("{}", report.summary());
    report
}

fn socket_addr(service: &Service) -> SocketAddr {
    let addr = service.addr();
    addr.parse()
        .unwrap_or_else(|_| panic!("service address {addr:?} is not IP:PORT"))
}

/// Creates a movie straight at inventory and returns its id.
fn create_movie(inventory: &Service, title: &str) -> i64 {
    let body = serde_json::json!({ "title": title }).to_string();
    let reply = raw_http::send(
        socket_addr(inventory),
        "POST",
        "/api/movies",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    );
    assert_eq!(reply.status, 201, "creating a target movie: {reply:?}");
    reply.json()["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a created movie has an id: {reply:?}"))
}

/// Everything the smuggled requests could have changed, read once after all cases ran.
struct Evidence {
    /// Request ids in the access logs of the service and of inventory behind it.
    logged_rids: HashSet<String>,
    /// Request ids in inventory's access log (gateway runs only).
    upstream_rids: HashSet<String>,
    /// Target movies still there.
    movies_left: HashSet<i64>,
    /// Titles of movies that exist among the smuggled ones.
    smuggled_titles: HashSet<String>,
    /// `message_id`s of queued orders.
    queued: HashSet<String>,
}

impl Evidence {
    fn gather(subject: &Subject, probes: &[Probe]) -> Evidence {
        // A request sent now is logged after anything the cases made the service do.
        let sentinel = format!("sentinel-{}", crate::unique_name().replace('_', ""));
        let addr = socket_addr(subject.service);
        let reply = raw_http::send(
            addr,
            "GET",
            "/api/movies/999999998",
            &[("X-Request-Id", &sentinel)],
            None,
        );
        let logs: Vec<&Service> = std::iter::once(subject.service)
            .chain(subject.upstream)
            .collect();
        let logged = crate::wait_until(LOG_SETTLE_TIMEOUT, || {
            logs.iter()
                .all(|s| rids_in(&s.stdout_lines()).contains(&sentinel))
        });
        if !logged {
            eprintln!(
                "conformance: the sentinel request was not logged within \
                 {LOG_SETTLE_TIMEOUT:?} ({reply:?}); checking for smuggled requests anyway"
            );
        }

        let mut logged_rids = HashSet::new();
        for service in &logs {
            logged_rids.extend(rids_in(&service.stdout_lines()));
        }
        let upstream_rids = subject
            .upstream
            .map(|u| rids_in(&u.stdout_lines()))
            .unwrap_or_default();
        let mut db = subject.db.client();
        let ids: Vec<i64> = probes.iter().map(|p| p.movie).collect();
        let titles: Vec<String> = probes.iter().map(|p| p.tag.clone()).collect();
        let movies_left = db
            .query("SELECT id FROM movies WHERE id = ANY($1)", &[&ids])
            .expect("read the target movies")
            .iter()
            .map(|row| row.get(0))
            .collect();
        let smuggled_titles = db
            .query("SELECT title FROM movies WHERE title = ANY($1)", &[&titles])
            .expect("read the smuggled titles")
            .iter()
            .map(|row| row.get(0))
            .collect();
        let queued = subject
            .queued_message_ids
            .map(|ids| ids().into_iter().collect())
            .unwrap_or_default();
        Evidence {
            logged_rids,
            upstream_rids,
            movies_left,
            smuggled_titles,
            queued,
        }
    }

    /// What the evidence says ran although it must not have.
    fn of(
        &self,
        subject: &Subject,
        case: &Case,
        probe: &Probe,
        forbidden: &[String],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.movies_left.contains(&probe.movie) {
            problems.push(format!(
                "SMUGGLED: movie {} was deleted by a smuggled request",
                probe.movie
            ));
        }
        if self.smuggled_titles.contains(&probe.tag) {
            problems.push(format!(
                "SMUGGLED: a movie titled {:?} was created by a smuggled request",
                probe.tag
            ));
        }
        if subject.kind == Kind::Gateway {
            let key = order::OrderId::from_idempotency_key(&probe.tag)
                .expect("a tag is a valid Idempotency-Key")
                .to_string();
            if self.queued.contains(&key) {
                problems.push("SMUGGLED: an order was queued by a smuggled request".into());
            }
        }
        let smuggled = probe.smuggled_rid();
        let ran: Vec<&String> = std::iter::once(&smuggled)
            .chain(forbidden)
            .filter(|rid| self.logged_rids.contains(*rid))
            .collect();
        if !ran.is_empty() {
            problems.push(format!("SMUGGLED: the access log shows requests {ran:?}"));
        }
        if case.not_forwarded {
            let prefix = format!("{}-", probe.tag);
            let mut forwarded: Vec<&String> = self
                .upstream_rids
                .iter()
                .filter(|rid| rid.starts_with(&prefix))
                .collect();
            forwarded.sort();
            if !forwarded.is_empty() {
                problems.push(format!("forwarded to inventory: {forwarded:?}"));
            }
        }
        problems
    }
}

/// The `rid=` values of access-log lines.
fn rids_in(lines: &[String]) -> HashSet<String> {
    lines
        .iter()
        .filter_map(|line| {
            let (_, rest) = line.rsplit_once("rid=")?;
            Some(
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

fn run_case(addr: SocketAddr, case: &Case, probe: &Probe, secret: Option<&str>) -> Outcome {
    let mut forbidden_rids = Vec::new();
    let mut conn = match Conn::open(addr) {
        Ok(conn) => conn,
        Err(why) => {
            return Outcome {
                result: Err(why),
                forbidden_rids,
            }
        }
    };
    let mut result = Ok(());
    let mut previous: Option<Answer> = None;
    for (n, step) in case.steps.iter().enumerate() {
        let done = match step {
            Step::Send(bytes) => {
                let bytes = match bytes {
                    Bytes::Text(template) => probe.fill(template),
                    Bytes::Made(make) => make(probe),
                };
                conn.send(&bytes);
                Ok(())
            }
            Step::Trickle => conn.trickle(),
            Step::Interim(status) => conn.read_answer(true).and_then(|a| {
                if a.status == *status {
                    Ok(())
                } else {
                    Err(format!("got {} where {status} was due", a.describe()))
                }
            }),
            Step::Answer(want) => conn.read_answer(want.head).and_then(|answer| {
                let checked = check(want, &answer, previous.as_ref(), probe);
                previous = Some(answer);
                checked
            }),
            Step::PipelineCapped => conn.pipeline_capped(probe, &mut forbidden_rids),
            Step::Closed => conn.expect_closed(),
            Step::ClosedSilently => conn.expect_closed_silently(),
        };
        if let Err(why) = done {
            result = Err(format!("step {}: {why}{}", n + 1, conn.write_note()));
            break;
        }
    }
    if let Some(secret) = secret {
        if find(&conn.raw, secret.as_bytes()).is_some() {
            let leak = format!("an answer shows inventory's address {secret}");
            result = match result {
                Ok(()) => Err(leak),
                Err(why) => Err(format!("{why}; {leak}")),
            };
        }
    }
    Outcome {
        result,
        forbidden_rids,
    }
}

/// Checks one answer against what the case wants.
fn check(
    want: &Want,
    answer: &Answer,
    previous: Option<&Answer>,
    probe: &Probe,
) -> Result<(), String> {
    let mut problems = Vec::new();
    if answer.status != want.status {
        problems.push(format!(
            "status {} where {} was due",
            answer.status, want.status
        ));
    }
    if answer.status >= 400 && answer.status == want.status {
        problems.extend(check_problem_json(answer, want.head).err());
    }
    let close = answer.header_has_token("Connection", "close");
    match want.close {
        Some(true) if !close => problems.push("no `Connection: close`".to_owned()),
        Some(false) if close => {
            problems.push("`Connection: close` on a keep-alive answer".to_owned())
        }
        _ => {}
    }
    if let Some(n) = want.rid {
        let rid = probe.rid(n);
        if answer.header("X-Request-Id") != Some(rid.as_str()) {
            problems.push(format!(
                "X-Request-Id {:?} where {rid:?} was due (answers out of order?)",
                answer.header("X-Request-Id")
            ));
        }
    }
    if want.allow && answer.header("Allow").map_or(true, |a| a.trim().is_empty()) {
        problems.push("no Allow header".to_owned());
    }
    if want.like_previous {
        if let Some(before) = previous {
            for name in ["Content-Type", "Content-Length"] {
                let (now, then) = (answer.header(name), before.header(name));
                let differs = match name {
                    "Content-Type" => now != then,
                    _ => now.is_some() && then.is_some() && now != then,
                };
                if differs {
                    problems.push(format!("{name} {now:?} differs from the GET's {then:?}"));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", problems.join(", "), answer.describe()))
    }
}

/// Whether the answer is an RFC 9457 problem: the status line's reason phrase, the media type,
/// and a body whose `title` is that phrase and whose `status` the status (a HEAD answer has no
/// body to check).
pub fn check_problem_json(answer: &Answer, head: bool) -> Result<(), String> {
    let title = reason_phrase(answer.status);
    let status_line = answer.head.lines().next().unwrap_or_default();
    let reason = status_line.splitn(3, ' ').nth(2).unwrap_or_default();
    if !answer.head.is_empty() && reason != title {
        return Err(format!(
            "reason phrase {reason:?} where {title:?} (the problem title) was due"
        ));
    }
    let media_type = answer.header("Content-Type").map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    if media_type.as_deref() != Some("application/problem+json") {
        return Err(format!(
            "Content-Type {:?} where application/problem+json was due",
            answer.header("Content-Type")
        ));
    }
    if head {
        return Ok(());
    }
    let body: Value = serde_json::from_slice(&answer.body)
        .map_err(|e| format!("the problem body is not JSON ({e})"))?;
    if body["title"] != title || body["status"] != answer.status {
        return Err(format!(
            "problem title {} / status {} where {title:?} / {} were due",
            body["title"], body["status"], answer.status
        ));
    }
    Ok(())
}

/// RFC 9110's reason phrases, which are the problem titles.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        417 => "Expectation Failed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "(a status this suite does not expect)",
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Bytes for a failure message: escaped, at most a few hundred.
fn excerpt(bytes: &[u8]) -> String {
    const SHOWN_BYTES_MAX: usize = 300;
    let shown = &bytes[..bytes.len().min(SHOWN_BYTES_MAX)];
    let more = if bytes.len() > SHOWN_BYTES_MAX {
        "…"
    } else {
        ""
    };
    format!("{:?}{more}", String::from_utf8_lossy(shown))
}

/// An answer as read off the wire.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn header_has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    fn describe(&self) -> String {
        format!("{} {}", excerpt(self.head.as_bytes()), excerpt(&self.body))
    }
}

/// One client connection: what was read and not yet parsed, everything read, how it ended.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    raw: Vec<u8>,
    ended: Option<String>,
    write_error: Option<String>,
}

/// A read that did not return within its deadline.
struct TimedOut;

impl Conn {
    fn open(addr: SocketAddr) -> Result<Conn, String> {
        let stream = TcpStream::connect_timeout(&addr, ANSWER_WITHIN)
            .map_err(|e| format!("connect {addr}: {e}"))?;
        // Small writes go out at once: a trickled byte, a body after `100 Continue`.
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream
            .set_write_timeout(Some(ANSWER_WITHIN))
            .map_err(|e| e.to_string())?;
        Ok(Conn {
            stream,
            buf: Vec::new(),
            raw: Vec::new(),
            ended: None,
            write_error: None,
        })
    }

    /// Writes all of `bytes`; a refusing service may close before it has them all, which is
    /// noted, not fatal: its answer is still there to read.
    fn send(&mut self, bytes: &[u8]) {
        if let Err(e) = self.stream.write_all(bytes) {
            self.write_error.get_or_insert(e.to_string());
        }
    }

    fn write_note(&self) -> String {
        self.write_error
            .as_ref()
            .map(|e| format!(" (a write failed: {e})"))
            .unwrap_or_default()
    }

    /// Reads what comes before `deadline`: `Ok(0)` once the connection ended (EOF or reset).
    fn read_more(&mut self, deadline: Instant) -> Result<usize, TimedOut> {
        if self.ended.is_some() {
            return Ok(0);
        }
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(TimedOut);
            }
            self.stream
                .set_read_timeout(Some(left))
                .expect("a positive read timeout is accepted");
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    self.ended = Some("EOF".to_owned());
                    return Ok(0);
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    self.raw.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(TimedOut)
                }
                Err(e) => {
                    self.ended = Some(format!("reset ({e})"));
                    return Ok(0);
                }
            }
        }
    }

    fn ended(&self) -> &str {
        self.ended.as_deref().unwrap_or("open")
    }

    /// Reads one answer due within [`ANSWER_WITHIN`]; `head_only` for a HEAD or a 1xx.
    fn read_answer(&mut self, head_only: bool) -> Result<Answer, String> {
        let deadline = Instant::now() + ANSWER_WITHIN;
        let head_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            match self.read_more(deadline) {
                Ok(0) => {
                    return Err(format!(
                        "the connection ended ({}) before an answer; got {}",
                        self.ended(),
                        excerpt(&self.buf)
                    ))
                }
                Ok(_) => {}
                Err(TimedOut) => {
                    return Err(format!(
                        "no answer within {ANSWER_WITHIN:?}; got {}",
                        excerpt(&self.buf)
                    ))
                }
            }
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).into_owned();
        self.buf.drain(..head_end);
        let mut lines = head.trim_end().split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .or_else(|| status_line.strip_prefix("HTTP/1.0 "))
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| format!("not an HTTP/1.x status line: {}", excerpt(head.as_bytes())))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let mut answer = Answer {
            status,
            head,
            headers,
            body: Vec::new(),
        };
        if head_only || status < 200 || status == 204 || status == 304 {
            return Ok(answer);
        }
        if answer.header_has_token("Transfer-Encoding", "chunked") {
            loop {
                match dechunk(&self.buf)? {
                    Some((body, used)) => {
                        answer.body = body;
                        self.buf.drain(..used);
                        return Ok(answer);
                    }
                    None if self.read_more(deadline).map_err(|TimedOut| {
                        format!("the chunked body did not end within {ANSWER_WITHIN:?}")
                    })? == 0 =>
                    {
                        return Err(format!(
                            "the connection ended ({}) inside a chunked body: {}",
                            self.ended(),
                            answer.describe()
                        ))
                    }
                    None => {}
                }
            }
        }
        match answer.header("Content-Length").map(str::parse::<usize>) {
            Some(Ok(length)) => {
                while self.buf.len() < length {
                    let n = self.read_more(deadline).map_err(|TimedOut| {
                        format!("the body did not arrive within {ANSWER_WITHIN:?}")
                    })?;
                    if n == 0 {
                        return Err(format!(
                            "the connection ended ({}) after {} of {length} body bytes: {}",
                            self.ended(),
                            self.buf.len(),
                            answer.describe()
                        ));
                    }
                }
                answer.body = self.buf.drain(..length).collect();
                Ok(answer)
            }
            Some(Err(_)) => Err(format!("a bad Content-Length: {}", answer.describe())),
            None => {
                // Delimited by the close.
                while self.read_more(deadline).map_err(|TimedOut| {
                    format!("an answer without length did not end within {ANSWER_WITHIN:?}")
                })? > 0
                {}
                answer.body = std::mem::take(&mut self.buf);
                Ok(answer)
            }
        }
    }

    /// The service ends the connection soon, and sends nothing more before it does.
    fn expect_closed(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + CLOSED_WITHIN;
        loop {
            if !self.buf.is_empty() {
                // Give a second answer the chance to arrive whole, for the message.
                let _ = self.read_more(Instant::now() + Duration::from_millis(200));
                return Err(format!(
                    "more bytes after the answer (a second answer?): {}",
                    excerpt(&self.buf)
                ));
            }
            match self.read_more(deadline) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(TimedOut) => {
                    return Err(format!(
                        "the connection was still open {CLOSED_WITHIN:?} after the answer"
                    ))
                }
            }
        }
    }

    /// The service ends an idle connection after the idle timeout without a byte.
    fn expect_closed_silently(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let not_before = KEEP_ALIVE_IDLE_TIMEOUT - Duration::from_secs(1);
        let deadline = started + KEEP_ALIVE_IDLE_TIMEOUT + Duration::from_secs(3);
        match self.read_more(deadline) {
            Ok(0) if started.elapsed() < not_before => Err(format!(
                "closed after {:?} of idleness, before the {KEEP_ALIVE_IDLE_TIMEOUT:?} timeout",
                started.elapsed()
            )),
            Ok(0) => Ok(()),
            Ok(_) => {
                let _ = self.read_more(Instant::now() + Duration::from_millis(200));
                Err(format!(
                    "the idle connection got bytes after {:?}: {}",
                    started.elapsed(),
                    excerpt(&self.buf)
                ))
            }
            Err(TimedOut) => Err(format!(
                "the idle connection was still open after {:?}",
                started.elapsed()
            )),
        }
    }

    /// Sends a request head one byte a second until the service answers or closes, which must
    /// happen at the head deadline counted from the first byte.
    fn trickle(&mut self) -> Result<(), String> {
        let head = b"GET /health HTTP/1.1\r\nHost: conformance\r\nX-Slow: ";
        let started = Instant::now();
        let give_up = started + REQUEST_HEAD_TIMEOUT + Duration::from_secs(4);
        for sent in 0.. {
            let byte = head.get(sent).copied().unwrap_or(b'a');
            // A failed write means the service closed: the read below says how.
            let _ = self.stream.write_all(&[byte]);
            // The read paces the bytes: one a second until the service speaks.
            let pace = (Instant::now() + Duration::from_secs(1)).min(give_up);
            match self.read_more(pace) {
                Ok(_) => break,
                Err(TimedOut) if Instant::now() >= give_up => {
                    return Err(format!(
                        "nothing from the service {:?} after the first byte of a trickled head",
                        started.elapsed()
                    ))
                }
                Err(TimedOut) => {}
            }
        }
        let took = started.elapsed();
        let early = REQUEST_HEAD_TIMEOUT - Duration::from_secs(1);
        if took < early {
            return Err(format!(
                "answered or closed after {took:?}, before the {REQUEST_HEAD_TIMEOUT:?} head \
                 deadline, though a byte came every second (ended: {}): {}",
                self.ended(),
                excerpt(&self.buf)
            ));
        }
        Ok(())
    }

    /// Reads the answers to [`PIPELINED_SENT`] pipelined `GET /health`: a prefix, in order,
    /// of at most [`PIPELINED_REQUESTS_MAX`], then the close. The unanswered ones are
    /// recorded as ids that must not be in any log.
    fn pipeline_capped(
        &mut self,
        probe: &Probe,
        forbidden: &mut Vec<String>,
    ) -> Result<(), String> {
        let mut answered = 0;
        for n in 1..=PIPELINED_SENT {
            if self.buf.is_empty() {
                match self.read_more(Instant::now() + ANSWER_WITHIN) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(TimedOut) => {
                        return Err(format!(
                            "after {answered} answers, neither answer {n} nor the close came \
                             within {ANSWER_WITHIN:?}"
                        ))
                    }
                }
            }
            let answer = self.read_answer(false)?;
            let rid = probe.rid(n);
            if answer.status != 200 || answer.header("X-Request-Id") != Some(rid.as_str()) {
                return Err(format!(
                    "answer {n} is not the 200 of {rid}: {}",
                    answer.describe()
                ));
            }
            answered = n;
        }
        forbidden.extend((answered + 1..=PIPELINED_SENT).map(|n| probe.rid(n)));
        if answered > PIPELINED_REQUESTS_MAX {
            return Err(format!(
                "{answered} of {PIPELINED_SENT} pipelined requests were answered; at most \
                 {PIPELINED_REQUESTS_MAX} may wait on one connection"
            ));
        }
        self.expect_closed()
    }
}

/// The body of a complete chunked message at the start of `data` and the bytes it took, or
/// `None` while more is needed.
fn dechunk(data: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let Some(line_end) = find(&data[at..], b"\r\n") else {
            return Ok(None);
        };
        let line = String::from_utf8_lossy(&data[at..at + line_end]).into_owned();
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("a bad chunk size line {line:?} in the answer"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailer lines, then the empty line.
            loop {
                let Some(end) = find(&data[at..], b"\r\n") else {
                    return Ok(None);
                };
                at += end + 2;
                if end == 0 {
                    return Ok(Some((body, at)));
                }
            }
        }
        if data.len() < at + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&data[at..at + size]);
        if &data[at + size..at + size + 2] != b"\r\n" {
            return Err("chunk data not followed by CRLF in the answer".to_owned());
        }
        at += size + 2;
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile clients (the attack tests) and what they leave behind
// ---------------------------------------------------------------------------------------------

/// Threads and open file descriptors of a process, from `/proc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    pub threads: usize,
    pub fds: usize,
}

/// The process's threads and fds now (`/proc/PID/status`, `/proc/PID/fd`).
pub fn usage(pid: u32) -> Usage {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("/proc/{pid}/status (is the service still running?): {e}"));
    let threads = status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("/proc/PID/status has a Threads line");
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap_or_else(|e| panic!("/proc/{pid}/fd: {e}"))
        .count();
    Usage { threads, fds }
}

/// Server-side sockets on `port` in CLOSE-WAIT: the client closed, the service did not.
pub fn close_wait_sockets(port: u16) -> usize {
    const CLOSE_WAIT: &str = "08";
    socket_states(port)
        .iter()
        .filter(|s| *s == CLOSE_WAIT)
        .count()
}

/// The TCP state (hex, as `/proc/net/tcp` gives it) of every socket whose local port is `port`:
/// the listener and the service's side of each connection.
fn socket_states(port: u16) -> Vec<String> {
    let mut states = Vec::new();
    for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let table = std::fs::read_to_string(path).unwrap_or_default();
        for line in table.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields
                .get(1)
                .and_then(|a| a.rsplit_once(':'))
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok());
            if let (Some(p), Some(state)) = (local_port, fields.get(3)) {
                if p == port {
                    states.push((*state).to_owned());
                }
            }
        }
    }
    states
}

/// For a failure message: the service's fds by kind, its socket fds by where TCP has them
/// (a socket the peer reset and the service never closed is in no table), and the TCP states
/// of its port.
fn describe_fds(pid: u32, port: u16) -> String {
    use std::collections::BTreeMap;
    let mut tcp: BTreeMap<String, (u16, String)> = BTreeMap::new();
    for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let table = std::fs::read_to_string(path).unwrap_or_default();
        for line in table.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields
                .get(1)
                .and_then(|a| a.rsplit_once(':'))
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok());
            if let (Some(p), Some(state), Some(inode)) = (local_port, fields.get(3), fields.get(9))
            {
                tcp.insert((*inode).to_owned(), (p, (*state).to_owned()));
            }
        }
    }
    let unix: HashSet<String> = std::fs::read_to_string("/proc/net/unix")
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(6).map(str::to_owned))
        .collect();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let target = std::fs::read_link(entry.path())
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = match target.strip_prefix("socket:[") {
            Some(inode) => match tcp.get(inode.trim_end_matches(']')) {
                Some((p, state)) if *p == port => format!("socket on :{port} in state {state}"),
                Some((_, state)) => format!("outgoing socket in state {state}"),
                None if unix.contains(inode.trim_end_matches(']')) => "unix socket".to_owned(),
                None => "socket in no TCP table (reset or closed, fd still open)".to_owned(),
            },
            None => target.split(':').next().unwrap_or_default().to_owned(),
        };
        *kinds.entry(kind).or_default() += 1;
    }
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for state in socket_states(port) {
        *states.entry(state).or_default() += 1;
    }
    format!(
        "fds: {kinds:?}; TCP states on :{port} (01 ESTABLISHED, 06 TIME_WAIT, 08 CLOSE_WAIT, \
         0A LISTEN): {states:?}"
    )
}

/// Waits up to `within` for the service to be back at `idle` (plus `slack`) with no CLOSE-WAIT
/// socket; says what it saw last when it is not.
pub fn wait_for_idle(
    service: &Service,
    idle: Usage,
    slack: Usage,
    within: Duration,
) -> Result<(), String> {
    let port = socket_addr(service).port();
    let pid = service.pid();
    let mut last = (idle, 0);
    let back = crate::wait_until(within, || {
        last = (usage(pid), close_wait_sockets(port));
        last.0.threads <= idle.threads + slack.threads
            && last.0.fds <= idle.fds + slack.fds
            && last.1 == 0
    });
    if back {
        Ok(())
    } else {
        Err(format!(
            "{within:?} after the attack: {:?} and {} CLOSE-WAIT sockets; idle was {idle:?} \
             (slack {slack:?}); {}",
            last.0,
            last.1,
            describe_fds(pid, port)
        ))
    }
}

/// Closes `stream` with a reset (RST, not FIN): `SO_LINGER` 0, then close. std's `set_linger`
/// is unstable, so mio 0.6 (already in the tree, for amiquip) sets it.
pub fn reset(stream: TcpStream) {
    if let Ok(stream) = mio::net::TcpStream::from_stream(stream) {
        let _ = stream.set_linger(Some(Duration::ZERO));
    }
}

/// `count` connections that each send `request` and reset at once, most of them before the
/// service has accepted them. Fails when a connection is refused (the service is gone).
pub fn reset_connections(addr: SocketAddr, request: &[u8], count: usize) -> Result<(), String> {
    for n in 0..count {
        let mut stream = TcpStream::connect_timeout(&addr, ANSWER_WITHIN)
            .map_err(|e| format!("connection {n} of {count} resets: {e}"))?;
        let _ = stream.write_all(request);
        reset(stream);
    }
    Ok(())
}

/// One connection with `count` copies of `request` pipelined; the caller holds it and never
/// reads.
pub fn pipeline_without_reading(addr: SocketAddr, request: &[u8], count: usize) -> TcpStream {
    let mut stream = raw_http::connect(addr);
    stream
        .set_write_timeout(Some(ANSWER_WITHIN))
        .expect("set_write_timeout");
    let _ = stream.write_all(&request.repeat(count));
    stream
}

/// `count` connections that each sent `bytes` and then nothing (half a head, or a request the
/// service may never answer); the caller holds them.
pub fn open_with(addr: SocketAddr, bytes: &[u8], count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|_| {
            let mut stream = raw_http::connect(addr);
            let _ = stream.write_all(bytes);
            stream
        })
        .collect()
}

/// Half a request head, as a slowloris client sends it.
pub const HALF_HEAD: &[u8] = b"GET /health HTTP/1.1\r\nHost: attacker\r\nX-Slow: ";
/// A request in a version the services do not speak.
pub const HTTP2_REQUEST: &[u8] = b"GET /health HTTP/2.0\r\nHost: attacker\r\n\r\n";

/// Reads what the service sent on `streams` (up to `within`), then closes them with FIN: a
/// service that never closes its side is left in CLOSE-WAIT, as a real client leaves it.
pub fn read_and_close(streams: Vec<TcpStream>, within: Duration) {
    let mut open: Vec<TcpStream> = streams
        .into_iter()
        .filter(|s| s.set_nonblocking(true).is_ok())
        .collect();
    let mut chunk = [0u8; 16 * 1024];
    crate::wait_until(within, || {
        open.retain_mut(|s| loop {
            match s.read(&mut chunk) {
                Ok(0) => return false,
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        });
        open.is_empty()
    });
}

/// How long a normal client's `GET /health` (its own connection) takes, or why it failed.
pub fn health_latency(addr: SocketAddr) -> Result<Duration, String> {
    const LATENCY_TIMEOUT: Duration = Duration::from_secs(2);
    let started = Instant::now();
    let mut stream =
        TcpStream::connect_timeout(&addr, LATENCY_TIMEOUT).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(LATENCY_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(LATENCY_TIMEOUT)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: client\r\nConnection: close\r\n\r\n")
        .map_err(|e| format!("write: {e}"))?;
    let mut raw = Vec::new();
    let read = stream.read_to_end(&mut raw).map_err(|e| match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => {
            format!("no answer within {LATENCY_TIMEOUT:?}")
        }
        _ => e.to_string(),
    });
    let took = started.elapsed();
    let ok = raw.starts_with(b"HTTP/1.1 200 ") && raw.windows(4).any(|w| w == b"\r\n\r\n");
    match read {
        _ if ok => Ok(took),
        Ok(_) => Err(format!("after {took:?}: {}", excerpt(&raw))),
        Err(e) => Err(format!("after {took:?}: {e}; got {}", excerpt(&raw))),
    }
}

/// Latencies of a normal client's requests, to judge against the issue's 100 ms.
pub struct Latencies(pub Vec<Result<Duration, String>>);

impl Latencies {
    /// `count` requests one after another.
    pub fn measure(addr: SocketAddr, count: usize) -> Latencies {
        Latencies((0..count).map(|_| health_latency(addr)).collect())
    }

    /// Every request answered 200, the median within `median_max` and the slowest within
    /// `max`.
    #[track_caller]
    pub fn assert_quick(&self, median_max: Duration, max: Duration, during: &str) {
        let failed: Vec<&String> = self.0.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(
            failed.is_empty(),
            "during {during}: {} of {} GET /health failed: {failed:?}",
            failed.len(),
            self.0.len()
        );
        let mut took: Vec<Duration> = self
            .0
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        took.sort();
        assert!(!took.is_empty(), "during {during}: no GET /health measured");
        let median = took[took.len() / 2];
        let slowest = took[took.len() - 1];
        println!(
            "GET /health during {during}: median {median:?}, slowest {slowest:?} of {}",
            took.len()
        );
        assert!(
            median <= median_max && slowest <= max,
            "during {during}: GET /health median {median:?} (max {median_max:?}), slowest \
             {slowest:?} (max {max:?}); all: {took:?}"
        );
    }
}

/// A request of the reset attack.
pub const RESET_REQUEST: &[u8] = b"GET /health HTTP/1.1\r\nHost: attacker\r\n\r\n";
/// Connections reset in a row by the reset attack.
pub const RESETS: usize = 1000;
/// Requests pipelined, never read, by the freezing attack.
pub const PIPELINED_UNREAD: usize = 600;
/// HTTP/2.0 requests of the leaking attack, one connection each.
pub const HTTP2_CONNECTIONS: usize = 300;
/// Slowloris sockets, each holding half a head.
pub const SLOWLORIS_SOCKETS: usize = 500;
/// A normal client's `GET /health` during an attack: the issue's 100 ms, as a median…
pub const QUICK_MEDIAN: Duration = Duration::from_millis(100);
/// …and, for the slowest of [`LATENCY_SAMPLES`], room for a scheduling hiccup on a loaded
/// two-core machine (inventory's slowest reached 0.54–1.10 s in `scripts/test-fresh.sh` runs
/// made while other builds shared the two cores, with medians of a few ms), still below the
/// 2 s after which a probe counts as unanswered, as every probe was during the freeze.
pub const QUICK_MAX: Duration = Duration::from_millis(1500);
/// `GET /health` timed per measurement.
pub const LATENCY_SAMPLES: usize = 20;
/// Threads and fds are back at their idle level this long after the attack ends.
pub const BACK_TO_IDLE_WITHIN: Duration = Duration::from_secs(15);

/// Panics unless the service is still running, has not panicked (a debug build unwinds the
/// panic that aborts a release build), and answers `GET /health` 200 soon.
#[track_caller]
pub fn assert_alive_and_healthy(service: &mut Service, after: &str) {
    let addr = socket_addr(service);
    if let Some(status) = service.wait_exit(Duration::ZERO) {
        panic!(
            "the service died after {after}: {status}; stderr ends:\n{}",
            tail(&service.stderr_lines())
        );
    }
    let stderr = service.stderr_lines();
    let panics: Vec<&String> = stderr.iter().filter(|l| l.contains("panicked")).collect();
    assert!(
        panics.is_empty(),
        "{} threads of the service panicked during {after} (a release build aborts on the \
         first), e.g. {:?}",
        panics.len(),
        panics.first()
    );
    let mut last = Err(String::new());
    let healthy = crate::wait_until(Duration::from_secs(5), || {
        last = health_latency(addr);
        last.is_ok()
    });
    assert!(
        healthy,
        "GET /health after {after}: {last:?}; stderr ends:\n{}",
        tail(&service.stderr_lines())
    );
}

fn tail(lines: &[String]) -> String {
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Usage once `burst` clients at once have been served: what the service opens lazily
/// (inventory's per-worker database client, four fds each) is open before the idle level is
/// taken.
fn warm_usage(service: &Service, burst: usize) -> Usage {
    let addr = socket_addr(service);
    std::thread::scope(|scope| {
        for _ in 0..burst.max(1) {
            scope.spawn(|| health_latency(addr));
        }
    });
    usage(service.pid())
}

/// Idle keep-alive connections held open at once by [`idle_connections_cost_no_thread`].
pub const IDLE_CONNECTIONS: usize = 1000;
/// Client threads opening them.
const IDLE_CLIENT_THREADS: usize = 8;
/// Worker threads that may still run, started while the idle clients came (a new connection
/// finding every worker busy or still waiting on its previous one gets a new worker; they end
/// after a short idle time of their own): one a connection would be [`IDLE_CONNECTIONS`].
const IDLE_TRANSIENT_WORKERS_MAX: usize = 128;
/// Resident memory an idle keep-alive connection may cost the service (its socket is the
/// kernel's): a parked connection gives its read buffer back.
pub const IDLE_CONNECTION_RSS_MAX_KIB: u64 = 16;

/// The service's resident memory in KiB (`VmRSS`).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or_else(|| panic!("/proc/{pid}/status has no VmRSS (is the service running?)"))
}

/// [`IDLE_CONNECTIONS`] clients each get an answer to `GET /health` and keep their connection
/// open, idle: the service holds them without a thread each (threads stay at their idle level
/// plus `slack`) and with little memory, still serves others quickly, and each idle connection
/// still works when its client sends the next request.
pub fn idle_connections_cost_no_thread(service: &mut Service, burst: usize, slack: Usage) {
    let addr = socket_addr(service);
    let idle = warm_usage(service, burst);
    let rss_before = rss_kib(service.pid());
    // Opened from several threads at once, so the first is still within the keep-alive
    // timeout when the last is open.
    let mut open: Vec<TcpStream> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..IDLE_CLIENT_THREADS)
            .map(|t| {
                scope.spawn(move || {
                    (t..IDLE_CONNECTIONS)
                        .step_by(IDLE_CLIENT_THREADS)
                        .map(|i| {
                            let mut stream = raw_http::connect(addr);
                            stream
                                .write_all(b"GET /health HTTP/1.1\r\nHost: idle\r\n\r\n")
                                .expect("send");
                            let reply =
                                raw_http::read_reply(&mut stream, &format!("idle client {i}"));
                            assert_eq!(reply.status, 200, "idle client {i}: {reply:?}");
                            stream
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().expect("an idle client thread"))
            .collect()
    });
    // Past the workers' short wait every connection is parked. Workers started while the
    // clients came may still run (they end after a short idle time); there are far fewer of
    // them than connections.
    std::thread::sleep(Duration::from_millis(300));
    let held = usage(service.pid());
    let rss_held = rss_kib(service.pid());
    assert!(
        held.threads <= idle.threads + slack.threads + IDLE_TRANSIENT_WORKERS_MAX,
        "{IDLE_CONNECTIONS} idle connections: {} threads (idle level {})",
        held.threads,
        idle.threads
    );
    // At least a descriptor per idle connection: they are held open, not closed. (Not
    // measured against the idle level: the warm-up's own connections may still be closing
    // when that level is taken, which made the difference ten short on a loaded machine.)
    assert!(
        held.fds >= IDLE_CONNECTIONS,
        "the connections are open: {held:?} against {idle:?}"
    );
    let per_connection = rss_held.saturating_sub(rss_before) / IDLE_CONNECTIONS as u64;
    assert!(
        per_connection <= IDLE_CONNECTION_RSS_MAX_KIB,
        "{per_connection} KiB resident per idle connection ({rss_before} -> {rss_held} KiB)"
    );
    Latencies::measure(addr, LATENCY_SAMPLES).assert_quick(
        QUICK_MEDIAN,
        QUICK_MAX,
        &format!("{IDLE_CONNECTIONS} idle keep-alive connections"),
    );
    for (i, stream) in open.iter_mut().enumerate().step_by(IDLE_CONNECTIONS / 10) {
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: idle\r\n\r\n")
            .expect("send again");
        let reply = raw_http::read_reply(stream, &format!("idle client {i}, second request"));
        assert_eq!(reply.status, 200, "idle client {i}, woken: {reply:?}");
    }
    eprintln!(
        "{IDLE_CONNECTIONS} idle connections: threads {} -> {}, fds {} -> {}, RSS {rss_before} -> {rss_held} KiB",
        idle.threads, held.threads, idle.fds, held.fds
    );
    drop(open);
    assert_alive_and_healthy(service, "idle keep-alive connections");
}

/// [`RESETS`] connections that send a request and reset before being served; then the
/// service still runs and answers.
pub fn resets_do_not_crash(service: &mut Service) {
    let addr = socket_addr(service);
    let reset = reset_connections(addr, RESET_REQUEST, RESETS);
    assert!(reset.is_ok(), "{reset:?}");
    assert_alive_and_healthy(service, &format!("{RESETS} reset connections"));
}

/// One connection pipelines [`PIPELINED_UNREAD`] copies of `request` and never reads; a normal
/// client is served quickly all the while.
pub fn an_unread_pipeline_does_not_slow_others(service: &mut Service, request: &[u8]) {
    let addr = socket_addr(service);
    let _ = health_latency(addr);
    let pipe = pipeline_without_reading(addr, request, PIPELINED_UNREAD);
    Latencies::measure(addr, LATENCY_SAMPLES).assert_quick(
        QUICK_MEDIAN,
        QUICK_MAX,
        "an unread pipeline",
    );
    drop(pipe);
    assert_alive_and_healthy(service, "an unread pipeline");
}

/// [`HTTP2_CONNECTIONS`] `GET /health HTTP/2.0`, each on its own connection closed by the
/// client after reading what came: no CLOSE-WAIT socket, thread or fd is left behind. The
/// idle level is taken after a warm-up of `burst` clients at once.
pub fn http2_requests_leave_nothing_behind(service: &mut Service, burst: usize, slack: Usage) {
    let idle = warm_usage(service, burst);
    let streams = open_with(socket_addr(service), HTTP2_REQUEST, HTTP2_CONNECTIONS);
    read_and_close(streams, Duration::from_secs(3));
    let back = wait_for_idle(service, idle, slack, BACK_TO_IDLE_WITHIN);
    assert!(
        back.is_ok(),
        "{HTTP2_CONNECTIONS} HTTP/2.0 requests: {back:?}"
    );
    assert_alive_and_healthy(service, "HTTP/2.0 requests");
}

/// [`SLOWLORIS_SOCKETS`] half heads held open, an unread pipeline of `request`, HTTP/2.0
/// requests and the reset loop, all at once: a normal client is served quickly meanwhile, and
/// once every attacker socket is closed, threads and fds return to their idle level (taken
/// after a warm-up of `burst` clients at once).
pub fn everything_at_once(service: &mut Service, request: &[u8], burst: usize, slack: Usage) {
    let addr = socket_addr(service);
    let idle = warm_usage(service, burst);
    let slow = open_with(addr, HALF_HEAD, SLOWLORIS_SOCKETS);
    let pipe = pipeline_without_reading(addr, request, PIPELINED_UNREAD);
    let http2 = open_with(addr, HTTP2_REQUEST, HTTP2_CONNECTIONS);
    let (latencies, reset) = std::thread::scope(|scope| {
        let resets = scope.spawn(|| reset_connections(addr, RESET_REQUEST, RESETS));
        let latencies = Latencies::measure(addr, LATENCY_SAMPLES);
        (
            latencies,
            resets.join().expect("the reset loop does not panic"),
        )
    });
    // The half heads got nothing to read: closing them sends FIN.
    drop(slow);
    let mut attackers = http2;
    attackers.push(pipe);
    read_and_close(attackers, Duration::from_secs(3));
    assert!(reset.is_ok(), "the reset loop: {reset:?}");
    latencies.assert_quick(
        QUICK_MEDIAN,
        QUICK_MAX,
        "slowloris, an unread pipeline, HTTP/2.0 requests and resets",
    );
    let back = wait_for_idle(service, idle, slack, BACK_TO_IDLE_WITHIN);
    assert!(back.is_ok(), "after all attacks: {back:?}");
    assert_alive_and_healthy(service, "all attacks at once");
}
