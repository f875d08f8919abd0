//! Why a body is not a valid order, in words safe to show the client who sent it.
use std::fmt;

/// A rejected order body or order key. The message names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderError {
    field: Option<&'static str>,
    message: String,
}

impl OrderError {
    pub(crate) fn body(message: impl Into<String>) -> OrderError {
        OrderError {
            field: None,
            message: message.into(),
        }
    }

    pub(crate) fn field(field: &'static str, message: impl fmt::Display) -> OrderError {
        OrderError {
            field: Some(field),
            message: format!("{field} {message}"),
        }
    }

    /// The field at fault, when one field is (`None` for malformed JSON or a non-object).
    pub fn field_name(&self) -> Option<&'static str> {
        self.field
    }
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OrderError {}
