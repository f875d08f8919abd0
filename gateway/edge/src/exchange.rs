//! One request and its answer: the request id, the answer sent under the progress deadline
//! with `X-Request-Id`, the access-log line and the request's count in `metrics`. The one
//! place either service responds.
use crate::body::with_progress_deadline;
use crate::log;
use crate::metrics;
use crate::problem::Problem;
use crate::request::request_id;
use crate::response::header;
use std::fmt::Display;
use std::io::{self, ErrorKind};
use std::time::Instant;
use tiny_http::{Request, ResponseBox};

/// What the log needs of a request, taken when it arrives (the request itself is consumed by
/// its answer).
#[derive(Debug)]
pub struct Exchange {
    service: &'static str,
    method: String,
    target: String,
    request_id: String,
    started: Instant,
    /// The metrics labels: route template and method, as indexes.
    route: usize,
    method_label: usize,
}

impl Exchange {
    /// Starts the clock and settles the request id (the client's if sane, else a fresh one).
    pub fn begin(service: &'static str, request: &Request) -> Exchange {
        Exchange {
            service,
            method: request.method().as_str().to_owned(),
            target: request.url().to_owned(),
            request_id: request_id(request),
            started: Instant::now(),
            route: metrics::route_index(request.url()),
            method_label: metrics::method_index(request.method().as_str()),
        }
    }

    /// The id every log line of this request and its answer carry.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The answer to a request that failed: the problem, after logging a 5xx with its `cause`
    /// in full (the client sees only the problem's safe `detail`).
    pub fn refuse(&self, problem: Problem, cause: impl Display) -> ResponseBox {
        if problem.status() >= 500 {
            self.log_failure(cause);
        }
        problem.into_response()
    }

    /// Logs why the request failed, in full, on stderr.
    pub fn log_failure(&self, why: impl Display) {
        log::event(
            self.service,
            format_args!(
                "{} {} rid={}: {why}",
                log::loggable(&self.method),
                log::loggable(&self.target),
                self.request_id
            ),
        );
    }

    /// Sends the answer with `X-Request-Id`, its body under the progress deadline, and writes
    /// the access line. A send cut by a deadline is logged (tiny_http has aborted the
    /// connection); one the client cut by leaving is not.
    pub fn finish(self, request: Request, response: ResponseBox) {
        let status = response.status_code().0;
        let response = match header("X-Request-Id", &self.request_id) {
            Some(h) => response.with_header(h),
            None => response,
        };
        match request.respond(with_progress_deadline(response)) {
            // The client went away: its business, and a flood of resets must not flood the log.
            Err(e) if is_client_gone(&e) => {}
            Err(e) => self.log_failure(format_args!("the answer was not sent whole: {e}")),
            Ok(()) => {}
        }
        let elapsed = self.started.elapsed();
        metrics::record_request(self.route, self.method_label, status, elapsed);
        log::access(
            &self.method,
            &self.target,
            status,
            elapsed,
            &self.request_id,
        );
    }
}

/// Whether a failed send means the client closed or reset the connection.
fn is_client_gone(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
    )
}
