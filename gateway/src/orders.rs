//! `POST /api/billing`: an order validated, published persistent, and answered "queued" only
//! after the broker's confirm. A retry with the same `Idempotency-Key` gets the same order id;
//! the same key with a different order gets 422.
use crate::error::Error;
use crate::idempotency::IdempotencyKeys;
use crate::publisher::{Message, Publisher};
use edge::request::{header, is_json_media_type, read_body};
use order::{Order, OrderId};
use std::time::Instant;
use tiny_http::{Request, ResponseBox};

/// Validates the order and publishes the client's body as sent, with the order's fingerprint;
/// 200 once confirmed.
pub fn accept_order(
    publisher: &Publisher,
    keys: &IdempotencyKeys,
    request: &mut Request,
    request_id: &str,
) -> Result<ResponseBox, Error> {
    let content_type = header(request, "Content-Type").unwrap_or_default();
    if !is_json_media_type(content_type) {
        return Err(Error::UnsupportedMediaType(content_type.to_owned()));
    }
    let body = read_body(request).map_err(Error::Body)?;
    let keyed_id = match header(request, "Idempotency-Key") {
        Some(key) => {
            Some(OrderId::from_idempotency_key(key).map_err(|e| Error::Invalid(e.to_string()))?)
        }
        None => None,
    };
    // Parsed to refuse a bad order here and to fingerprint it; what is queued is the body,
    // byte for byte.
    let order = Order::parse(&body).map_err(|e| Error::Invalid(e.to_string()))?;
    let fingerprint = order.fingerprint();
    let order_id = match keyed_id {
        Some(id) => {
            // Bound before publishing, so two requests racing with one key and two orders
            // cannot both be queued from this gateway.
            keys.claim(id, fingerprint, Instant::now()).map_err(|_| {
                crate::metrics::IDEMPOTENCY_CONFLICTS.inc();
                Error::IdempotencyConflict(id.to_string())
            })?;
            id
        }
        None => OrderId::random(),
    };
    publisher.publish(Message {
        order_id,
        correlation_id: request_id.to_owned(),
        fingerprint,
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
