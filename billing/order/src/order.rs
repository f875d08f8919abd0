//! An order as the client sent it, parsed once into values that cannot be wrong.
use crate::{Amount, Fingerprint, OrderError, UserId};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A valid order: a user id, a count of items when given (at least 1), an exact non-negative
/// amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    user_id: UserId,
    number_of_items: Option<i32>,
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
    /// Parses a request or message body: a JSON object with
    /// - `user_id` (required): 1 to 64 visible ASCII characters, as a JSON string, or as a JSON
    ///   number written with digits only (`88` and `"88"` are the same user);
    /// - `number_of_items` (optional; absent or `null` means not given): a whole number from 1
    ///   to 2147483647, as a JSON number or a string of digits;
    /// - `total_amount` (required): a decimal from 0 to 9999999999.99 with at most two
    ///   fraction digits, as a JSON number or a string (`45`, `"45.00"`).
    ///
    /// Nothing else: an unknown or repeated field is refused.
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
        let user_id = user_id_field(raw.user_id)?;
        let number_of_items = match raw.number_of_items.filter(|raw| raw.get() != "null") {
            None => None,
            Some(raw) => Some(count_field("number_of_items", raw)?),
        };
        let total_amount = Amount::parse_decimal(&number_text("total_amount", raw.total_amount)?)
            .map_err(|reason| OrderError::field("total_amount", reason))?;
        Ok(Order {
            user_id,
            number_of_items,
            total_amount,
        })
    }

    /// An order from values already taken apart (a stored row), checked by the same rules as
    /// [`Order::parse`]: billing reads an existing row back this way to compare fingerprints.
    pub fn from_parts(
        user_id: &str,
        number_of_items: Option<i32>,
        total_amount: &str,
    ) -> Result<Order, OrderError> {
        let user_id = UserId::parse(user_id).map_err(|r| OrderError::field("user_id", r))?;
        if number_of_items.is_some_and(|n| n < 1) {
            return Err(OrderError::field("number_of_items", "must be at least 1"));
        }
        let total_amount = Amount::parse_decimal(total_amount)
            .map_err(|reason| OrderError::field("total_amount", reason))?;
        Ok(Order {
            user_id,
            number_of_items,
            total_amount,
        })
    }

    /// The paying user.
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// How many items, at least 1; `None` when the client did not say.
    pub fn number_of_items(&self) -> Option<i32> {
        self.number_of_items
    }

    /// The exact amount to bill.
    pub fn total_amount(&self) -> Amount {
        self.total_amount
    }

    /// What makes two orders the same order: equal for `{"user_id": 88, "number_of_items": 2,
    /// "total_amount": 45}` and `{"user_id": "88", "number_of_items": "2", "total_amount":
    /// "45.00"}`, different as soon as one value differs.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_canonical(
            self.user_id.as_str(),
            self.number_of_items,
            self.total_amount.cents(),
        )
    }
}

/// The user id: a JSON string as it decodes, or a JSON number's digits.
fn user_id_field(raw: Option<&RawValue>) -> Result<UserId, OrderError> {
    const FIELD: &str = "user_id";
    let raw = raw
        .filter(|raw| raw.get() != "null")
        .ok_or_else(|| OrderError::field(FIELD, "is required"))?
        .get();
    let text = match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw)
            .map_err(|_| OrderError::field(FIELD, "is not a valid JSON string"))?,
        Some(b'0'..=b'9') if raw.bytes().all(|b| b.is_ascii_digit()) => raw.to_owned(),
        Some(b'-' | b'0'..=b'9') => {
            return Err(OrderError::field(
                FIELD,
                "given as a JSON number must be digits only (no sign, fraction or exponent); \
                 send any other id as a string",
            ))
        }
        _ => return Err(OrderError::field(FIELD, "must be a string or a number")),
    };
    UserId::parse(&text).map_err(|reason| OrderError::field(FIELD, reason))
}

/// The text of a number given as a JSON number or as a JSON string.
fn number_text(field: &'static str, raw: Option<&RawValue>) -> Result<String, OrderError> {
    let raw = raw
        .filter(|raw| raw.get() != "null")
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

/// A count from 1 to `i32::MAX`, given as digits.
fn count_field(field: &'static str, raw: &RawValue) -> Result<i32, OrderError> {
    let text = number_text(field, Some(raw))?;
    if text.starts_with('-') {
        return Err(OrderError::field(field, "must not be negative"));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OrderError::field(field, "must be a whole number of digits"));
    }
    let digits = text.trim_start_matches('0');
    // More than 10 significant digits is past i32::MAX whatever they are.
    let count: i64 = if digits.len() > 10 {
        i64::MAX
    } else {
        digits.parse().unwrap_or(0)
    };
    if count < 1 {
        return Err(OrderError::field(field, "must be at least 1"));
    }
    i32::try_from(count).map_err(|_| OrderError::field(field, "must be at most 2147483647"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(body: &str, expected: Result<(&str, Option<i32>, &str), &str>) {
        let got = Order::parse(body.as_bytes()).map(|o| {
            (
                o.user_id().to_string(),
                o.number_of_items(),
                o.total_amount().to_string(),
            )
        });
        match (got, expected) {
            (Ok((u, n, a)), Ok((eu, en, ea))) => {
                assert_eq!((u.as_str(), n, a.as_str()), (eu, en, ea), "{body}")
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
            Ok(("88", Some(2), "45.00")),
        );
        check(
            r#"{"user_id": 88, "number_of_items": 2, "total_amount": 45}"#,
            Ok(("88", Some(2), "45.00")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":19.99}"#,
            Ok(("1", Some(1), "19.99")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":"0.5"}"#,
            Ok(("1", Some(1), "0.50")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":0}"#,
            Ok(("1", Some(1), "0.00")),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":9999999999.99}"#,
            Ok(("1", Some(1), "9999999999.99")),
        );
        check(
            r#"{"user_id":"0009","number_of_items":"0003","total_amount":"0001.10"}"#,
            Ok(("0009", Some(3), "1.10")),
        );
        check(
            r#"{"user_id":9223372036854775807,"number_of_items":2147483647,"total_amount":1}"#,
            Ok(("9223372036854775807", Some(i32::MAX), "1.00")),
        );
        check(
            " \n{\"total_amount\":1,\"number_of_items\":1,\"user_id\":1} ",
            Ok(("1", Some(1), "1.00")),
        );
    }

    #[test]
    fn the_originals_bodies_are_orders() {
        // ../shared/seed/original-postdata.json, its load-test body.
        check(
            r#"{"user_id":"loadtest","number_of_items":"1","total_amount":"10"}"#,
            Ok(("loadtest", Some(1), "10.00")),
        );
        // Its spec requires only user_id and total_amount.
        check(
            r#"{"user_id":"loadtest","total_amount":"10"}"#,
            Ok(("loadtest", None, "10.00")),
        );
        check(
            r#"{"user_id":"u","number_of_items":null,"total_amount":"10"}"#,
            Ok(("u", None, "10.00")),
        );
        check(
            r#"{"user_id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","total_amount":1}"#,
            Ok(("6f9619ff-8b86-d011-b42d-00cf4fc964ff", None, "1.00")),
        );
        check(
            r#"{"user_id":"0","number_of_items":1,"total_amount":1}"#,
            Ok(("0", Some(1), "1.00")),
        );
        check(
            r#"{"user_id":0,"number_of_items":1,"total_amount":1}"#,
            Ok(("0", Some(1), "1.00")),
        );
        check(
            r#"{"user_id":"-5","number_of_items":1,"total_amount":1}"#,
            Ok(("-5", Some(1), "1.00")),
        );
        check(
            r#"{"user_id":"\u0041","total_amount":1}"#,
            Ok(("A", None, "1.00")),
        );
        check(
            &format!(r#"{{"user_id":"{}","total_amount":1}}"#, "u".repeat(64)),
            Ok((&"u".repeat(64), None, "1.00")),
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
            r#"{"user_id":1,"number_of_items":1}"#,
            Err("total_amount is required"),
        );
        check(
            r#"{"user_id":1,"number_of_items":1,"total_amount":null}"#,
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
            r#"{"user_id":-5,"number_of_items":1,"total_amount":1}"#,
            Err("user_id given as a JSON number must be digits only"),
        );
        check(
            r#"{"user_id":1.5,"number_of_items":1,"total_amount":1}"#,
            Err("user_id given as a JSON number must be digits only"),
        );
        check(
            r#"{"user_id":1e3,"number_of_items":1,"total_amount":1}"#,
            Err("user_id given as a JSON number must be digits only"),
        );
        check(
            r#"{"user_id":"","number_of_items":1,"total_amount":1}"#,
            Err("user_id must be 1 to 64 characters"),
        );
        check(
            &format!(r#"{{"user_id":"{}","total_amount":1}}"#, "u".repeat(65)),
            Err("user_id must be 1 to 64 characters"),
        );
        check(
            &format!(r#"{{"user_id":{},"total_amount":1}}"#, "9".repeat(65)),
            Err("user_id must be 1 to 64 characters"),
        );
        check(
            r#"{"user_id":" 1","number_of_items":1,"total_amount":1}"#,
            Err("user_id must be visible ASCII"),
        );
        check(
            r#"{"user_id":"é","number_of_items":1,"total_amount":1}"#,
            Err("user_id must be visible ASCII"),
        );
        check(
            "{\"user_id\":\"1\\u0000\",\"number_of_items\":1,\"total_amount\":1}",
            Err("user_id must be visible ASCII"),
        );
        check(
            r#"{"user_id":true,"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a string or a number"),
        );
        check(
            r#"{"user_id":[1],"number_of_items":1,"total_amount":1}"#,
            Err("user_id must be a string or a number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":0,"total_amount":1}"#,
            Err("number_of_items must be at least 1"),
        );
        check(
            r#"{"user_id":1,"number_of_items":"000","total_amount":1}"#,
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
            r#"{"user_id":1,"number_of_items":"","total_amount":1}"#,
            Err("number_of_items must be a whole number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":"two","total_amount":1}"#,
            Err("number_of_items must be a whole number"),
        );
        check(
            r#"{"user_id":1,"number_of_items":true,"total_amount":1}"#,
            Err("number_of_items must be a number or a string"),
        );
        check(
            r#"{"user_id":1,"number_of_items":2147483648,"total_amount":1}"#,
            Err("number_of_items must be at most"),
        );
        check(
            r#"{"user_id":1,"number_of_items":92233720368547758070,"total_amount":1}"#,
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
            r#"{"user_id":1,"number_of_items":1,"total_amount":"abc"}"#,
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
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused() {
        assert!(Order::parse(b"{\"user_id\":\"\xff\"}").is_err());
    }

    #[track_caller]
    fn fingerprint(body: &str) -> Fingerprint {
        Order::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("{body}: {e}"))
            .fingerprint()
    }

    #[test]
    fn the_same_order_however_spelled_has_one_fingerprint() {
        let canonical =
            fingerprint(r#"{"user_id":"88","number_of_items":2,"total_amount":"45.00"}"#);
        for same in [
            r#"{"user_id": 88, "number_of_items": "2", "total_amount": 45}"#,
            r#"{"total_amount": 45.0, "user_id": "88", "number_of_items": "0002"}"#,
            r#"{"user_id":"\u0038\u0038","number_of_items":2,"total_amount":"045.00"}"#,
        ] {
            assert_eq!(fingerprint(same), canonical, "{same}");
        }
        for different in [
            r#"{"user_id":"088","number_of_items":2,"total_amount":"45.00"}"#,
            r#"{"user_id":"89","number_of_items":2,"total_amount":"45.00"}"#,
            r#"{"user_id":"88","number_of_items":3,"total_amount":"45.00"}"#,
            r#"{"user_id":"88","total_amount":"45.00"}"#,
            r#"{"user_id":"88","number_of_items":2,"total_amount":"45.01"}"#,
        ] {
            assert_ne!(fingerprint(different), canonical, "{different}");
        }
        assert_eq!(
            canonical.to_string(),
            "b44d98986227b2049a87b9ef8d4b3f9695f462670e7e643c531c7338785a049d"
        );
        let stored = Order::from_parts("88", Some(2), "45.00").expect("a stored row");
        assert_eq!(stored.fingerprint(), canonical);
        assert!(Order::from_parts("88", Some(0), "45.00").is_err());
        assert!(Order::from_parts("", Some(1), "45.00").is_err());
        assert!(Order::from_parts("88", None, "NaN").is_err());
    }
}
