//! The one error type of the gateway, the one place a status is chosen, and the one function
//! that turns an error into an RFC 9457 `application/problem+json` response.
use crate::limits::{REQUEST_BODY_BYTES_MAX, REQUEST_BODY_TIMEOUT, RETRY_AFTER_SECS};
use std::fmt;

/// Why a request was not answered with success.
#[derive(Debug)]
pub enum Error {
    /// No route has this path.
    NotFound,
    /// The path exists but not with this method; carries the `Allow` header value.
    MethodNotAllowed(&'static str),
    /// The body is larger than [`REQUEST_BODY_BYTES_MAX`].
    BodyTooLarge,
    /// The client did not send its whole body within [`REQUEST_BODY_TIMEOUT`].
    BodyTimeout,
    /// The body could not be read (a broken chunked encoding, a client that hung up).
    BodyUnreadable(String),
    /// The body's `Content-Type` is not JSON.
    UnsupportedMediaType(String),
    /// The order or a header is invalid; the text names the field.
    Invalid(String),
    /// Inventory could not be reached or answered garbage.
    Upstream(String),
    /// Inventory did not answer within the timeout.
    UpstreamTimeout(String),
    /// RabbitMQ could not take the order: unreachable, nack, confirm timeout.
    Broker(String),
    /// Too many requests in flight; try again shortly.
    Busy,
    /// The gateway could not start (bind, threads); never an answer to a request.
    Start(String),
}

impl Error {
    /// The HTTP status of each reason; chosen here and nowhere else.
    pub fn status(&self) -> u16 {
        match self {
            Error::NotFound => 404,
            Error::MethodNotAllowed(_) => 405,
            Error::BodyTooLarge => 413,
            Error::BodyTimeout => 408,
            Error::BodyUnreadable(_) => 400,
            Error::UnsupportedMediaType(_) => 415,
            Error::Invalid(_) => 400,
            Error::Upstream(_) => 502,
            Error::UpstreamTimeout(_) => 504,
            Error::Broker(_) => 503,
            Error::Busy => 503,
            Error::Start(_) => 500,
        }
    }

    /// The extra headers a status calls for: `Allow` with 405, `Retry-After` with 503.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::MethodNotAllowed(allow) => vec![("Allow", (*allow).to_owned())],
            Error::Broker(_) | Error::Busy => vec![("Retry-After", RETRY_AFTER_SECS.to_string())],
            _ => Vec::new(),
        }
    }

    /// The `detail` of the problem document: safe to show the client, names the field or value.
    fn detail(&self) -> String {
        match self {
            Error::NotFound => "no such resource".into(),
            Error::MethodNotAllowed(allow) => format!("this resource allows only {allow}"),
            Error::BodyTooLarge => {
                format!("the request body is larger than {REQUEST_BODY_BYTES_MAX} bytes")
            }
            Error::BodyTimeout => format!(
                "the request body did not arrive in time ({} s)",
                REQUEST_BODY_TIMEOUT.as_secs()
            ),
            Error::BodyUnreadable(why) => format!("the request body could not be read: {why}"),
            Error::UnsupportedMediaType(got) => {
                format!("Content-Type must be application/json, got {got:?}")
            }
            Error::Invalid(why) => why.clone(),
            Error::Upstream(_) => "the inventory service is unreachable".into(),
            Error::UpstreamTimeout(_) => "the inventory service did not answer in time".into(),
            Error::Broker(_) => "the message broker did not confirm the order; retry, with the \
                                 same Idempotency-Key to be sure of one order only"
                .into(),
            Error::Busy => "too many requests in flight; retry".into(),
            Error::Start(_) => "the gateway is not running".into(),
        }
    }

    /// The problem document for this error.
    pub fn problem_json(&self) -> String {
        let status = self.status();
        serde_json::json!({
            "type": "about:blank",
            "title": reason_phrase(status),
            "status": status,
            "detail": self.detail(),
        })
        .to_string()
    }
}

/// The full internal reason, for the log (5xx are logged with it).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Upstream(why) => write!(f, "inventory unreachable: {why}"),
            Error::UpstreamTimeout(why) => write!(f, "inventory timed out: {why}"),
            Error::Broker(why) => write!(f, "broker: {why}"),
            Error::Start(why) => f.write_str(why),
            other => f.write_str(&other.detail()),
        }
    }
}

impl std::error::Error for Error {}

/// The standard reason phrase, used as the problem `title`.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(error: Error, status: u16, header: Option<(&str, &str)>, detail_part: &str) {
        assert_eq!(error.status(), status);
        let headers = error.headers();
        match header {
            Some((name, value)) => assert!(
                headers.iter().any(|(n, v)| *n == name && v == value),
                "{headers:?}"
            ),
            None => assert!(headers.is_empty(), "{headers:?}"),
        }
        let body: serde_json::Value =
            serde_json::from_str(&error.problem_json()).expect("problem is JSON");
        assert_eq!(body["status"], status);
        assert_eq!(body["type"], "about:blank");
        assert_eq!(body["title"], reason_phrase(status));
        let detail = body["detail"].as_str().expect("detail is a string");
        assert!(detail.contains(detail_part), "{detail}");
    }

    #[test]
    fn each_reason_has_its_status_and_headers() {
        check(Error::NotFound, 404, None, "no such");
        check(
            Error::MethodNotAllowed("POST"),
            405,
            Some(("Allow", "POST")),
            "POST",
        );
        check(Error::BodyTooLarge, 413, None, "1048576");
        check(Error::BodyTimeout, 408, None, "in time");
        check(
            Error::UnsupportedMediaType("text/plain".into()),
            415,
            None,
            "text/plain",
        );
        check(
            Error::Invalid("user_id must be positive".into()),
            400,
            None,
            "user_id",
        );
        check(Error::Upstream("refused".into()), 502, None, "unreachable");
        check(Error::UpstreamTimeout("read".into()), 504, None, "in time");
        check(
            Error::Broker("nack".into()),
            503,
            Some(("Retry-After", "1")),
            "retry",
        );
        check(Error::Busy, 503, Some(("Retry-After", "1")), "retry");
    }

    #[test]
    fn internal_reasons_never_reach_the_client() {
        let body = Error::Broker("amqp://gateway@10.0.0.5 refused".into()).problem_json();
        assert!(!body.contains("10.0.0.5"), "{body}");
    }
}
