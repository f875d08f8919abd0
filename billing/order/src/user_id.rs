//! The paying user's id: opaque text, as in the original system. Billing never computes with
//! it; real ids are UUIDs, names or numbers, so any short run of visible ASCII is one.
use std::fmt;

/// The longest user id, in bytes (= characters: only ASCII is allowed). A UUID is 36; 64 leaves
/// room for prefixed or hashed ids while keeping a log line and an index entry short.
pub const USER_ID_BYTES_MAX: usize = 64;

/// 1 to [`USER_ID_BYTES_MAX`] visible ASCII characters (`!` to `~`): no blank, no control
/// character, nothing a terminal or a log reader could render two ways.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserId(String);

impl UserId {
    /// Checks the text of an id; the error says why, without the field name.
    pub(crate) fn parse(text: &str) -> Result<UserId, &'static str> {
        if text.is_empty() || text.len() > USER_ID_BYTES_MAX {
            return Err("must be 1 to 64 characters long");
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("must be visible ASCII characters only (no blank, control or non-ASCII)");
        }
        Ok(UserId(text.to_owned()))
    }

    /// The id as given (`"88"` and `88` both give `88`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, valid: bool) {
        assert_eq!(UserId::parse(text).is_ok(), valid, "{text:?}");
    }

    #[test]
    fn visible_ascii_of_1_to_64_characters_is_an_id() {
        check("88", true);
        check("0", true);
        check("0009", true);
        check("loadtest", true);
        check("6f9619ff-8b86-d011-b42d-00cf4fc964ff", true);
        check("user@example.com", true);
        check("!~", true);
        check(&"u".repeat(64), true);
        check("", false);
        check(&"u".repeat(65), false);
        check("a b", false);
        check(" 1", false);
        check("1\n", false);
        check("tab\t", false);
        check("\u{7f}", false);
        check("\0", false);
        check("é", false);
    }
}
