//! The HTTP edge both HTTP services stand on: the listening socket and its limits, the patched
//! tiny_http (strict framing, bounded connections and pipelining), bounded body reading,
//! request ids, problem+json answers, the access-log line and signal handling. Each service
//! keeps only its routes, its handlers and its `Error`.
#![forbid(unsafe_code)]

pub mod body;
pub mod limits;

pub use tiny_http;
