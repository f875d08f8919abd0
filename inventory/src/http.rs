//! Inventory's side of the HTTP edge (`edge`): its answers, and request bodies read within the
//! edge's bounds with their failures as inventory's `Error`.
use tiny_http::{Header, Request, ResponseBox};

use crate::error::Error;
use crate::movie::quoted;

/// Every answer of the service; a body may be in memory or streamed (the list).
pub type Reply = ResponseBox;

/// A JSON answer.
pub fn json(status: u16, value: &impl serde::Serialize) -> Reply {
    edge::response::json(status, value)
}

/// A header from our own text (constants, a movie's numeric id).
pub fn header(name: &str, value: &str) -> Header {
    edge::response::header(name, value)
        .expect("header names and values here are visible ASCII of our own")
}

/// Requires a JSON Content-Type (`application/json` or `application/*+json`, any parameters).
pub fn require_json(request: &Request) -> Result<(), Error> {
    let content_type = edge::request::header(request, "Content-Type");
    if content_type.is_some_and(edge::request::is_json_media_type) {
        return Ok(());
    }
    Err(Error::UnsupportedMediaType(match content_type {
        None => "the body needs Content-Type: application/json; none was given".to_owned(),
        Some(value) => format!(
            "the body needs Content-Type: application/json, got {}",
            quoted(value)
        ),
    }))
}

/// The body, within the edge's size and time bounds.
pub fn read_body(request: &mut Request) -> Result<Vec<u8>, Error> {
    edge::request::read_body(request).map_err(Error::Body)
}
