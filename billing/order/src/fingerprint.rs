//! The fingerprint of an order: what makes two orders "the same order", whatever JSON spelled
//! them. The gateway uses it to refuse an `Idempotency-Key` reused for a different order;
//! billing to tell a redelivery (same id, same fingerprint) from a conflict (same id, other
//! fingerprint). It is computed here only, from the parsed order, and travels with the message
//! in the [`FINGERPRINT_HEADER`] header.
use sha2::{Digest, Sha256};
use std::fmt;

/// The AMQP header (in the message's `headers` table, a long string) carrying the fingerprint
/// the publisher computed; billing recomputes it from the body and compares.
pub const FINGERPRINT_HEADER: &str = "order-fingerprint";

/// SHA-256 of the order's canonical text (see [`Fingerprint::of_canonical`]), shown as 64
/// lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of the canonical text of an order. The text is, each line ending in
    /// `\n`:
    ///
    /// ```text
    /// order-fingerprint-v1
    /// user_id=<the id as text>
    /// number_of_items=<decimal, no leading zero; empty when absent>
    /// total_amount_cents=<decimal, no leading zero>
    /// ```
    ///
    /// A user id holds no `\n` (visible ASCII only), so the text is unambiguous. Changing it
    /// changes every fingerprint: billing's migration recomputes stored ones in SQL with the
    /// same text (`billing/src/store.rs`, `FINGERPRINT_SQL`), and a test holds the two equal.
    pub(crate) fn of_canonical(
        user_id: &str,
        number_of_items: Option<i32>,
        total_amount_cents: i64,
    ) -> Fingerprint {
        let items = number_of_items.map(|n| n.to_string()).unwrap_or_default();
        let text = format!(
            "order-fingerprint-v1\nuser_id={user_id}\nnumber_of_items={items}\n\
             total_amount_cents={total_amount_cents}\n"
        );
        Fingerprint(Sha256::digest(text.as_bytes()).into())
    }

    /// Reads 64 hex digits (either case), as carried in [`FINGERPRINT_HEADER`].
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            let high = (pair[0] as char).to_digit(16)?;
            let low = (pair[1] as char).to_digit(16)?;
            *byte = (high << 4 | low) as u8;
        }
        Some(Fingerprint(bytes))
    }
}

/// 64 lowercase hex digits.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_and_refuses_garbage() {
        let fingerprint = Fingerprint::of_canonical("88", Some(2), 4500);
        let text = fingerprint.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(Fingerprint::parse(&text), Some(fingerprint));
        assert_eq!(Fingerprint::parse(&text.to_uppercase()), Some(fingerprint));
        for bad in ["", "x", &text[..63], &format!("{text}0"), &"g".repeat(64)] {
            assert_eq!(Fingerprint::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_canonical_text_is_pinned() {
        // Pinned: gateways and workers of different versions must agree on these, and
        // billing's SQL backfill computes the same text.
        // Computed independently: printf 'order-fingerprint-v1\nuser_id=88\n...' | sha256sum
        assert_eq!(
            Fingerprint::of_canonical("88", Some(2), 4500).to_string(),
            "b44d98986227b2049a87b9ef8d4b3f9695f462670e7e643c531c7338785a049d"
        );
        assert_eq!(
            Fingerprint::of_canonical("loadtest", None, 1000).to_string(),
            "bd0587695ed1ca8d85ab33ba4d95af4de46c064544bb56c4253b3916961fd1be"
        );
    }
}
