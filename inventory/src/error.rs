//! The one error type of the crate; `Error::status()` is the only place a status is chosen,
//! and `Error::into_response` the one place an error becomes an answer.
use std::fmt;

use edge::{BodyError, Problem};

/// Why a request (or the service) failed. Client-facing variants carry a message safe to show
/// that names the field or value at fault; internal causes are logged, never sent.
#[derive(Debug)]
pub enum Error {
    /// The request is malformed: bad JSON, a bad field, a bad id or query parameter.
    Invalid(String),
    /// No such path, or no movie with that id.
    NotFound(String),
    /// The path exists but not with this method; carries the `Allow` header value.
    MethodNotAllowed(&'static str),
    /// The body was too large (or declared so), too slow or broken (`edge::limits`).
    Body(BodyError),
    /// A body was sent with a Content-Type other than JSON.
    UnsupportedMediaType(String),
    /// The database is down, refuses connections or timed out; carries the cause for the log.
    Unavailable(String),
    /// The database rejected a statement for another reason: a bug, answered 500.
    Db(postgres::Error),
    /// The listen address could not be bound or the server could not start.
    Bind(std::io::Error),
}

impl Error {
    /// The HTTP status of the answer for this error.
    pub fn status(&self) -> u16 {
        match self {
            Error::Invalid(_) => 400,
            Error::NotFound(_) => 404,
            Error::MethodNotAllowed(_) => 405,
            Error::Body(BodyError::Timeout) => 408,
            Error::Body(BodyError::TooLarge) => 413,
            Error::Body(BodyError::Unreadable(_)) => 400,
            Error::UnsupportedMediaType(_) => 415,
            Error::Unavailable(_) => 503,
            Error::Db(_) | Error::Bind(_) => 500,
        }
    }

    /// The `detail` member of the problem document: what a client may see.
    pub fn detail(&self) -> String {
        match self {
            Error::Invalid(message) | Error::NotFound(message) => message.clone(),
            Error::UnsupportedMediaType(message) => message.clone(),
            Error::MethodNotAllowed(allow) => edge::problem::allows_only(allow),
            Error::Body(error) => error.to_string(),
            Error::Unavailable(_) => "the database is unavailable; retry later".to_owned(),
            Error::Db(_) | Error::Bind(_) => "internal error; it has been logged".to_owned(),
        }
    }

    /// The problem document (`Exchange::refuse` sends it, logging a 5xx cause in full).
    pub fn problem(&self) -> Problem {
        let mut problem = Problem::new(self.status(), self.detail());
        if let Error::MethodNotAllowed(allow) = self {
            problem = problem.header("Allow", *allow);
        }
        problem
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unavailable(cause) => write!(f, "database unavailable: {cause}"),
            Error::Db(error) => match error.as_db_error() {
                Some(db) => write!(f, "database error {}: {}", db.code().code(), db.message()),
                None => write!(f, "database error: {error}"),
            },
            Error::Bind(error) => write!(f, "cannot listen: {error}"),
            other => f.write_str(&other.detail()),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(error: Error, status: u16, detail_contains: &str) {
        assert_eq!(error.status(), status, "{error:?}");
        assert!(
            error.detail().contains(detail_contains),
            "{:?}",
            error.detail()
        );
    }

    #[test]
    fn each_reason_has_one_status() {
        check(Error::Invalid("title is required".into()), 400, "title");
        check(Error::NotFound("no movie with id 7".into()), 404, "7");
        check(Error::MethodNotAllowed("GET, HEAD"), 405, "GET, HEAD");
        check(Error::Body(BodyError::Timeout), 408, "in time");
        check(Error::Body(BodyError::TooLarge), 413, "1048576");
        check(
            Error::Body(BodyError::Unreadable("bad chunk".into())),
            400,
            "bad chunk",
        );
        check(
            Error::UnsupportedMediaType("text/plain".into()),
            415,
            "text/plain",
        );
        check(
            Error::Unavailable("secret cause".into()),
            503,
            "unavailable",
        );
        let io = || std::io::Error::other("secret cause");
        check(Error::Bind(io()), 500, "internal");
    }

    #[test]
    fn a_405_problem_says_what_is_allowed() {
        let response = Error::MethodNotAllowed("GET, HEAD")
            .problem()
            .into_response();
        assert_eq!(response.status_code().0, 405);
        assert!(response
            .headers()
            .iter()
            .any(|h| h.field.equiv("Allow") && h.value.as_str() == "GET, HEAD"));
    }

    #[test]
    fn internal_causes_stay_out_of_the_detail() {
        assert!(!Error::Unavailable("password=x".into())
            .detail()
            .contains("password"));
        assert!(Error::Unavailable("password=x".into())
            .to_string()
            .contains("password"));
    }
}
