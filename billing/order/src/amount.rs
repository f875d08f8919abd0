//! Money as an exact count of cents: `19.99` stays `19.99` from the request to the database.
use std::fmt;

/// The largest amount `numeric(12,2)` holds: 9,999,999,999.99.
pub const AMOUNT_CENTS_MAX: i64 = 999_999_999_999;

/// A non-negative amount with two fraction digits, at most [`AMOUNT_CENTS_MAX`] cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount {
    cents: i64,
}

impl Amount {
    /// Parses the decimal text of an amount: digits, optionally `.` and one or two digits.
    /// Signs, exponents, `NaN`, blanks and a third fraction digit are refused.
    pub(crate) fn parse_decimal(text: &str) -> Result<Amount, &'static str> {
        if text.starts_with('-') {
            return Err("must not be negative");
        }
        if text.contains(['e', 'E']) {
            return Err("must be a plain decimal without an exponent");
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (text.contains('.') && !digits(fraction)) {
            return Err("must be a decimal number such as 45.00");
        }
        if fraction.len() > 2 {
            return Err("must have at most 2 decimal places");
        }
        let whole = whole.trim_start_matches('0');
        // 10 digits is the most numeric(12,2) holds; longer can only be too large.
        if whole.len() > 10 {
            return Err("must be at most 9999999999.99");
        }
        let whole: i64 = whole.parse().unwrap_or(0);
        let fraction: i64 = format!("{fraction:0<2}")
            .parse()
            .expect("one or two ASCII digits padded to two parse as an integer");
        let cents = whole * 100 + fraction;
        if cents > AMOUNT_CENTS_MAX {
            return Err("must be at most 9999999999.99");
        }
        Ok(Amount { cents })
    }

    /// The amount in cents.
    pub fn cents(&self) -> i64 {
        self.cents
    }
}

/// `45.00`: the text PostgreSQL's `numeric` reads exactly.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.cents / 100, self.cents % 100)
    }
}
