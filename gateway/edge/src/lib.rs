//! The HTTP edge both HTTP services stand on: the listening socket and its limits, the patched
//! tiny_http (strict framing, bounded connections and pipelining), bounded body reading,
//! request ids, problem+json answers, the access-log line and signal handling. Each service
//! keeps only its routes, its handlers, its `Error` and its own limits.
#![forbid(unsafe_code)]

pub mod body;
pub mod config;
pub mod exchange;
pub mod in_flight;
pub mod limits;
pub mod listener;
pub mod log;
pub mod metrics;
pub mod metrics_listener;
pub mod problem;
pub mod ready;
pub mod request;
pub mod response;
pub mod server;
pub mod signals;

pub use exchange::Exchange;
pub use problem::Problem;
pub use request::BodyError;
pub use tiny_http;
