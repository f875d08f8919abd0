//! The order id: a UUID carried as the AMQP `message_id` and stored UNIQUE by billing, so a
//! message delivered twice, or a request retried with the same `Idempotency-Key`, is one order.
use crate::OrderError;
use sha2::{Digest, Sha256};
use std::fmt;

/// Names the space of ids derived from idempotency keys, so they never equal a UUID made for
/// any other purpose from the same text.
const IDEMPOTENCY_NAMESPACE: [u8; 16] = [
    0x6d, 0x6f, 0x76, 0x69, 0x65, 0x2d, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x2d, 0x6b, 0x65, 0x79, 0x31,
];

/// The longest `Idempotency-Key` accepted, in bytes.
pub const IDEMPOTENCY_KEY_BYTES_MAX: usize = 255;

/// A UUID (RFC 9562): version 4 when random, version 8 when derived from a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderId([u8; 16]);

impl OrderId {
    /// A fresh random id (UUIDv4) from the operating system's random source.
    pub fn random() -> OrderId {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the kernel's random source is always available");
        OrderId(with_version(bytes, 4))
    }

    /// The id for a client's `Idempotency-Key`: the same key always gives the same id
    /// (UUIDv8 from SHA-256 of a fixed namespace and the key, as in RFC 9562 appendix B.2).
    /// The key must be 1 to 255 visible ASCII characters.
    pub fn from_idempotency_key(key: &str) -> Result<OrderId, OrderError> {
        let visible = key.bytes().all(|b| b.is_ascii_graphic());
        if key.is_empty() || key.len() > IDEMPOTENCY_KEY_BYTES_MAX || !visible {
            return Err(OrderError::field(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            ));
        }
        let digest = Sha256::new()
            .chain_update(IDEMPOTENCY_NAMESPACE)
            .chain_update(key.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Ok(OrderId(with_version(bytes, 8)))
    }

    /// Reads the hyphenated form (`8-4-4-4-12` hex digits, any case).
    pub fn parse(text: &str) -> Option<OrderId> {
        let text = text.as_bytes();
        if text.len() != 36 || [8, 13, 18, 23].iter().any(|&i| text[i] != b'-') {
            return None;
        }
        let mut hex = text.iter().filter(|&&b| b != b'-');
        let mut bytes = [0u8; 16];
        for byte in &mut bytes {
            let high = hex_value(*hex.next()?)?;
            let low = hex_value(*hex.next()?)?;
            *byte = high << 4 | low;
        }
        Some(OrderId(bytes))
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Sets the version nibble and the RFC 9562 variant bits.
fn with_version(mut bytes: [u8; 16], version: u8) -> [u8; 16] {
    bytes[6] = (bytes[6] & 0x0f) | (version << 4);
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    bytes
}

/// Lowercase hyphenated, the form PostgreSQL's `uuid` reads and prints.
impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_are_version_4_and_distinct() {
        let a = OrderId::random().to_string();
        let b = OrderId::random().to_string();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn the_same_key_gives_the_same_id() {
        let a = OrderId::from_idempotency_key("order-42").unwrap();
        assert_eq!(a, OrderId::from_idempotency_key("order-42").unwrap());
        assert_ne!(a, OrderId::from_idempotency_key("order-43").unwrap());
        assert_eq!(&a.to_string()[14..15], "8");
        // Pinned: a change here would let a retry made across an upgrade create a second order.
        assert_eq!(a.to_string(), "82e307b2-7499-834e-9c70-389a5cc0bfe5");
    }

    #[test]
    fn bad_keys_are_refused() {
        for key in ["", "a b", "é", "tab\t", &"k".repeat(256)] {
            let err = OrderId::from_idempotency_key(key).unwrap_err();
            assert_eq!(err.field_name(), Some("Idempotency-Key"), "{key:?}");
        }
        assert!(OrderId::from_idempotency_key(&"k".repeat(255)).is_ok());
    }

    #[test]
    fn parse_round_trips_and_refuses_garbage() {
        let id = OrderId::random();
        assert_eq!(OrderId::parse(&id.to_string()), Some(id));
        assert_eq!(
            OrderId::parse("6F9619FF-8B86-D011-B42D-00CF4FC964FF").map(|i| i.to_string()),
            Some("6f9619ff-8b86-d011-b42d-00cf4fc964ff".to_owned())
        );
        for bad in [
            "",
            "x",
            "6f9619ff8b86d011b42d00cf4fc964ff",
            "6f9619ff-8b86-d011-b42d-00cf4fc964fg",
            "6f9619ff-8b86-d011-b42d+00cf4fc964ff",
        ] {
            assert_eq!(OrderId::parse(bad), None, "{bad}");
        }
    }
}
