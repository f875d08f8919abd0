//! Building answers: a body with its content type, JSON, a header from trusted text.
use crate::problem::Problem;
use serde::Serialize;
use tiny_http::{Header, Response, ResponseBox, StatusCode};

/// A complete response with the given status, content type and body.
pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> ResponseBox {
    let response = Response::from_data(body).with_status_code(StatusCode(status));
    match header("Content-Type", content_type) {
        Some(h) => response.with_header(h),
        None => response,
    }
    .boxed()
}

/// A JSON response; a value that cannot be encoded (never one of ours) is a `500` problem.
pub fn json(status: u16, value: &impl Serialize) -> ResponseBox {
    match serde_json::to_vec(value) {
        Ok(body) => bytes(status, "application/json", body),
        Err(_) => Problem::new(500, "the answer could not be encoded").into_response(),
    }
}

/// A header, or `None` when the name or value is not visible ASCII (never for our constants).
pub fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[track_caller]
    fn check(response: ResponseBox, status: u16, content_type: &str, body: &str) {
        assert_eq!(response.status_code().0, status);
        let types: Vec<String> = response
            .headers()
            .iter()
            .filter(|h| h.field.equiv("Content-Type"))
            .map(|h| h.value.to_string())
            .collect();
        assert_eq!(types, [content_type]);
        let mut text = String::new();
        response
            .into_reader()
            .read_to_string(&mut text)
            .expect("in memory");
        assert_eq!(text, body);
    }

    #[test]
    fn answers_carry_their_type_and_body() {
        check(
            bytes(200, "text/plain", b"hi".to_vec()),
            200,
            "text/plain",
            "hi",
        );
        check(
            json(201, &serde_json::json!({"id": 1})),
            201,
            "application/json",
            r#"{"id":1}"#,
        );
        let map: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let failed = json(200, &map);
        assert_eq!(failed.status_code().0, 500);
        assert!(header("X-Request-Id", "bad\nvalue").is_none());
    }
}
