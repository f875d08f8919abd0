//! The one error type of the gateway, the one place a status is chosen, and the one function
//! that turns an error into an RFC 9457 `application/problem+json` answer.
use crate::limits::RETRY_AFTER_SECS;
use edge::{BodyError, Problem};
use std::fmt;

/// Why a request was not answered with success.
#[derive(Debug)]
pub enum Error {
    /// No route has this path.
    NotFound,
    /// The path exists but not with this method; carries the `Allow` header value.
    MethodNotAllowed(&'static str),
    /// The body was too large, too slow or broken.
    Body(BodyError),
    /// The body's `Content-Type` is not JSON.
    UnsupportedMediaType(String),
    /// The order or a header is invalid; the text names the field.
    Invalid(String),
    /// The `Idempotency-Key` was used, within the window, for a different order; carries the
    /// order id that key stands for.
    IdempotencyConflict(String),
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
            Error::Body(BodyError::TooLarge) => 413,
            Error::Body(BodyError::Timeout) => 408,
            Error::Body(BodyError::Unreadable(_)) => 400,
            Error::UnsupportedMediaType(_) => 415,
            Error::Invalid(_) => 400,
            Error::IdempotencyConflict(_) => 422,
            Error::Upstream(_) => 502,
            Error::UpstreamTimeout(_) => 504,
            Error::Broker(_) => 503,
            Error::Busy => 503,
            Error::Start(_) => 500,
        }
    }

    /// The `detail` of the problem document: safe to show the client, names the field or value.
    fn detail(&self) -> String {
        match self {
            Error::NotFound => "no such resource".into(),
            Error::MethodNotAllowed(allow) => edge::problem::allows_only(allow),
            Error::Body(why) => why.to_string(),
            Error::UnsupportedMediaType(got) => {
                format!("Content-Type must be application/json, got {got:?}")
            }
            Error::Invalid(why) => why.clone(),
            Error::IdempotencyConflict(order_id) => format!(
                "this Idempotency-Key was already used for a different order (order_id \
                 {order_id}); that order stands and this one was not queued: send a new key \
                 for a new order, or the same order to retry"
            ),
            Error::Upstream(_) => "the inventory service is unreachable".into(),
            Error::UpstreamTimeout(_) => "the inventory service did not answer in time".into(),
            Error::Broker(_) => "the message broker did not confirm the order; retry, with the \
                                 same Idempotency-Key to be sure of one order only"
                .into(),
            Error::Busy => "too many requests in flight; retry".into(),
            Error::Start(_) => "the gateway is not running".into(),
        }
    }

    /// The problem document (`Exchange::refuse` sends it), with the headers its status calls
    /// for: `Allow` with 405, `Retry-After` with 503.
    pub fn problem(&self) -> Problem {
        let problem = Problem::new(self.status(), self.detail());
        match self {
            Error::MethodNotAllowed(allow) => problem.header("Allow", *allow),
            Error::Broker(_) | Error::Busy => {
                problem.header("Retry-After", RETRY_AFTER_SECS.to_string())
            }
            Error::IdempotencyConflict(order_id) => problem.member("order_id", order_id.as_str()),
            _ => problem,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(error: Error, status: u16, header: Option<(&str, &str)>, detail_part: &str) {
        assert_eq!(error.status(), status);
        let response = error.problem().into_response();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|h| !h.field.equiv("Content-Type"))
            .map(|h| (h.field.to_string(), h.value.to_string()))
            .collect();
        let expected: Vec<(String, String)> = header
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(headers, expected);
        let body: serde_json::Value =
            serde_json::from_str(&error.problem().to_json()).expect("problem is JSON");
        assert_eq!(body["status"], status);
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
        check(Error::Body(BodyError::TooLarge), 413, None, "1048576");
        check(Error::Body(BodyError::Timeout), 408, None, "in time");
        check(
            Error::Body(BodyError::Unreadable("bad chunk".into())),
            400,
            None,
            "bad chunk",
        );
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
        check(
            Error::IdempotencyConflict("82e307b2-7499-834e-9c70-389a5cc0bfe5".into()),
            422,
            None,
            "already used for a different order",
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
        let body = Error::Broker("amqp://gateway@10.0.0.5 refused".into())
            .problem()
            .to_json();
        assert!(!body.contains("10.0.0.5"), "{body}");
    }
}
