//! `POST /api/billing`: an order validated, published persistent, and answered "queued" only
//! after the broker's confirm.
use crate::error::Error;
use crate::publisher::{Message, Publisher};
use edge::request::{header, is_json_media_type, read_body};
use order::{Order, OrderId};
use tiny_http::{Request, ResponseBox};

/// Validates the order and publishes the client's body as sent; 200 once confirmed.
pub fn accept_order(
    publisher: &Publisher,
    request: &mut Request,
    request_id: &str,
) -> Result<ResponseBox, Error> {
    let content_type = header(request, "Content-Type").unwrap_or_default();
    if !is_json_media_type(content_type) {
        return Err(Error::UnsupportedMediaType(content_type.to_owned()));
    }
    let body = read_body(request).map_err(Error::Body)?;
    let order_id = match header(request, "Idempotency-Key") {
        Some(key) => {
            OrderId::from_idempotency_key(key).map_err(|e| Error::Invalid(e.to_string()))?
        }
        None => OrderId::random(),
    };
    // Parsed only to refuse a bad order here; what is queued is the body, byte for byte.
    Order::parse(&body).map_err(|e| Error::Invalid(e.to_string()))?;
    publisher.publish(Message {
        order_id,
        correlation_id: request_id.to_owned(),
        body,
    })?;
    Ok(edge::response::json(
        200,
        &serde_json::json!({
            "message": "Order queued for processing",
            "status": "queued",
            "order_id": order_id.to_string(),
        }),
    ))
}
