//! An order as the client sent it, parsed once into values that cannot be wrong.
use crate::{Amount, OrderError};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A valid order: a positive user, at least one item, an exact non-negative amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    user_id: i64,
    number_of_items: i32,
    total_amount: Amount,
}

/// The body's fields, kept as raw JSON text so numbers are never rounded through `f64`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrder<'a> {
    #[serde(borrow)]
    user_id: Option<&'a RawValue>,
    #[serde(borrow)]
    number_of_items: Option<&'a RawValue>,
    #[serde(borrow)]
    total_amount: Option<&'a RawValue>,
}

impl Order {
    /// Parses a request or message body: a JSON object with exactly `user_id` (a positive
    /// integer), `number_of_items` (an integer from 1) and `total_amount` (a decimal from 0 with
    /// at most two fraction digits, at most 9999999999.99). Each may be a JSON number or a
    /// string of digits (`{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}`).
    pub fn parse(body: &[u8]) -> Result<Order, OrderError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| OrderError::body("the body is not valid UTF-8"))?;
        let value: &RawValue = serde_json::from_str(text)
            .map_err(|e| OrderError::body(format!("the body is not valid JSON: {e}")))?;
        if !value.get().starts_with('{') {
            return Err(OrderError::body("the order must be a JSON object"));
        }
        let raw: RawOrder = serde_json::from_str(value.get())
            .map_err(|e| OrderError::body(format!("invalid order: {e}")))?;
        let user_id = integer_field("user_id", raw.user_id)?;
        let number_of_items = integer_field("number_of_items", raw.number_of_items)?;
        let number_of_items = i32::try_from(number_of_items)
            .map_err(|_| OrderError::field("number_of_items", "must be at most 2147483647"))?;
        let total_amount = Amount::parse_decimal(&number_text("total_amount", raw.total_amount)?)
            .map_err(|reason| OrderError::field("total_amount", reason))?;
        if user_id < 1 {
            return Err(OrderError::field("user_id", "must be a positive integer"));
        }
        if number_of_items < 1 {
            return Err(OrderError::field("number_of_items", "must be at least 1"));
        }
        Ok(Order {
            user_id,
            number_of_items,
            total_amount,
        })
    }

    /// The paying user, at least 1.
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    /// How many items, at least 1.
    pub fn number_of_items(&self) -> i32 {
        self.number_of_items
    }

    /// The exact amount to bill.
    pub fn total_amount(&self) -> Amount {
        self.total_amount
    }
}

/// The text of a number given as a JSON number or as a JSON string.
fn number_text(field: &'static str, raw: Option<&RawValue>) -> Result<String, OrderError> {
    let raw = raw
        .ok_or_else(|| OrderError::field(field, "is required"))?
        .get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw)
            .map_err(|_| OrderError::field(field, "is not a valid JSON string")),
        Some(b'-' | b'0'..=b'9') => Ok(raw.to_owned()),
        _ => Err(OrderError::field(
            field,
            "must be a number or a string of digits",
        )),
    }
}

/// A non-negative integer field; the caller checks its lower bound.
fn integer_field(field: &'static str, raw: Option<&RawValue>) -> Result<i64, OrderError> {
    let text = number_text(field, raw)?;
    if text.starts_with('-') {
        return Err(OrderError::field(field, "must not be negative"));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OrderError::field(field, "must be a whole number of digits"));
    }
    text.parse::<i64>()
        .map_err(|_| OrderError::field(field, "is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(body: &str, expected: Result<(i64, i32, &str), &str>) {
        let got = Order::parse(body.as_bytes()).map(|o| {
            (
                o.user_id(),
                o.number_of_items(),
                o.total_amount().to_string(),
            )
        });
        match (got, expected) {
            (Ok((u, n, a)), Ok((eu, en, ea))) => {
                assert_eq!((u, n, a.as_str()), (eu, en, ea), "{body}")
            }
            (Err(e), Err(want)) => assert!(
                e.to_string().contains(want),
                "{body}: error {e:?} does not contain {want:?}"
            ),
            (got, want) => panic!("{body}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn valid_orders_parse_exactly() {
        check(
            r#"{"user_id": "88", "number_of_items": "2", "total_amount": "45.00"}"#,
            Ok((88, 2, "45.00")),
        );
        check(
            r#"{"user_id": 88, "number_of_items": 2, "total_amount": 45}"#,
            Ok((88, 2, "45.00")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":19.99}"#,
            Ok((1, 1, "19.99")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"0.5"}"#,
            Ok((1, 1, "0.50")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":0}"#,
            Ok((1, 1, "0.00")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":9999999999.99}"#,
            Ok((1, 1, "9999999999.99")),
        );
        check(
            r#"{"user_id":"0009","number_of_items":1,"total_amount":"0001.10"}"#,
            Ok((9, 1, "1.10")),
        );
        check(
            r#"{"user_id":9223372036854775807,"number_of_items":2147483647,"total_amount":1}"#,
            Ok((i64::MAX, i32::MAX, "1.00")),
        );
        check(
            " \n{\"total_amount\":1,\"number_of_items\":1,\"user_id\":1} ",
            Ok((1, 1, "1.00")),
        );
    }

    #[test]
    fn invalid_orders_name_the_field() {
        check("", Err("not valid JSON"));
        check("{", Err("not valid JSON"));
        check("[1]", Err("must be a JSON object"));
        check("\"x\"", Err("must be a JSON object"));
        check("null", Err("must be a JSON object"));
        check(
            r#"{"number_of_items":1,"total_amount":1}"#,
            Err("user_id is required"),
        );
        check(
            r#"{"user_id":null,"number_of_items":1,"total_amount":1}"#,
            Err("user_id is required"),
        );
        check(
            r#"{"user_id":1,"total_amount":1}"#,
            Err("number_of_items is required"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1}"#,
            Err("total_amount is required"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":1,"x":2}"#,
            Err("unknown field `x`"),
        );
        check(
            r#"{"user_id":1,"user_id":2,"number_of_items":1,"total_amount":1}"#,
            Err("duplicate field `user_id`"),
        );
        check(
            r#"{"user_id":0,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a positive integer"),
        );
        check(
            r#"{"user_id":-5,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must not be negative"),
        );
        check(
            r#"{"user_id":1.5,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a whole number"),
        );
        check(
            r#"{"user_id":1e3,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a whole number"),
        );
        check(
            r#"{"user_id":"","number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a whole number"),
        );
        check(
            r#"{"user_id":" 1","number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a whole number"),
        );
        check(
            r#"{"user_id":true,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a number or a string"),
        );
        check(
            r#"{"user_id":[1],"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a number or a string"),
        );
        check(
            r#"{"user_id":92233720368547758070,"number_of_items":1,"total_amount":1}"#,
            Err("user_id is too large"),
        );
        check(
            r#"{"user_id":1,"number_of_items":0,"total_amount":1}"#,
            Err("number_of_items must be at least 1"),
        );
        check(
            r#"{"user_id":1,"number_of_items":-1,"total_amount":1}"#,
            Err("number_of_items must not be negative"),
        );
        check(
            r#"{"user_id":1,"number_of_items":2.5,"total_amount":1}"#,
            Err("number_of_items must be a whole number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":2147483648,"total_amount":1}"#,
            Err("number_of_items must be at most"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":-1}"#,
            Err("total_amount must not be negative"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"-0.01"}"#,
            Err("total_amount must not be negative"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":1.999}"#,
            Err("total_amount must have at most 2 decimal places"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":1e2}"#,
            Err("total_amount must be a plain decimal"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"NaN"}"#,
            Err("total_amount must be a decimal number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"1."}"#,
            Err("total_amount must be a decimal number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":".5"}"#,
            Err("total_amount must be a decimal number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"4 5"}"#,
            Err("total_amount must be a decimal number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":10000000000}"#,
            Err("total_amount must be at most"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"99999999999999999999999"}"#,
            Err("total_amount must be at most"),
        );
        check(
            "{\"user_id\":\"1\\u0000\",\"number_of_items\":1,\"total_amount\":1}",
            Err("user_id must be a whole number"),
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused() {
        assert!(Order::parse(b"{\"user_id\":\"\xff\"}").is_err());
    }
}
