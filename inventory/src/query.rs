//! The query string of `GET /api/movies`: a title filter and optional paging.
use crate::error::Error;
use crate::limits::{PAGE_LIMIT_MAX, TITLE_CHARS_MAX};
use crate::movie::quoted;

/// A parsed `?title=&limit=&offset=`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// Case-insensitive substring of the title; `%`, `_` and `\` are literal characters.
    pub title: Option<String>,
    /// At most this many movies (1..=PAGE_LIMIT_MAX); none means all, as the original API.
    pub limit: Option<i64>,
    /// Skip this many movies (>= 0) in id order.
    pub offset: i64,
}

impl ListQuery {
    /// Parses the part after `?` (None when the URL has no `?`). Unknown or repeated
    /// parameters are rejected by name rather than silently ignored.
    pub fn parse(query: Option<&str>) -> Result<ListQuery, Error> {
        let mut parsed = ListQuery::default();
        let (mut seen_title, mut seen_limit, mut seen_offset) = (false, false, false);
        for pair in query
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
        {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(raw_key).ok_or_else(|| bad_encoding(raw_key))?;
            let value = decode(raw_value).ok_or_else(|| bad_encoding(raw_value))?;
            let seen = match key.as_str() {
                "title" => &mut seen_title,
                "limit" => &mut seen_limit,
                "offset" => &mut seen_offset,
                _ => {
                    return Err(Error::Invalid(format!(
                        "unknown query parameter {}; expected title, limit or offset",
                        quoted(&key)
                    )))
                }
            };
            if std::mem::replace(seen, true) {
                return Err(Error::Invalid(format!(
                    "query parameter {key} is given more than once"
                )));
            }
            match key.as_str() {
                "title" => parsed.title = Some(parse_title(value)?),
                "limit" => parsed.limit = Some(parse_limit(&value)?),
                _ => parsed.offset = parse_offset(&value)?,
            }
        }
        Ok(parsed)
    }
}

fn parse_title(value: String) -> Result<String, Error> {
    if value.chars().count() > TITLE_CHARS_MAX {
        return Err(Error::Invalid(format!(
            "query parameter title must be at most {TITLE_CHARS_MAX} characters"
        )));
    }
    if value.contains('\0') {
        return Err(Error::Invalid(
            "query parameter title must not contain NUL characters".to_owned(),
        ));
    }
    Ok(value)
}

fn parse_limit(value: &str) -> Result<i64, Error> {
    decimal(value)
        .filter(|n| (1..=PAGE_LIMIT_MAX).contains(n))
        .ok_or_else(|| {
            Error::Invalid(format!(
                "query parameter limit must be an integer from 1 to {PAGE_LIMIT_MAX}, got {}",
                quoted(value)
            ))
        })
}

fn parse_offset(value: &str) -> Result<i64, Error> {
    decimal(value).ok_or_else(|| {
        Error::Invalid(format!(
            "query parameter offset must be an integer from 0 to {}, got {}",
            i64::MAX,
            quoted(value)
        ))
    })
}

/// ASCII digits only, fitting an i64.
fn decimal(value: &str) -> Option<i64> {
    let digits_only = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    value.parse::<i64>().ok().filter(|_| digits_only)
}

fn bad_encoding(raw: &str) -> Error {
    Error::Invalid(format!(
        "the query string has bad percent-encoding or is not UTF-8 near {}",
        quoted(raw)
    ))
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; the result must
/// be UTF-8. None on a malformed escape or invalid UTF-8.
fn decode(raw: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut input = raw.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = hex(input.next()?)?;
                let low = hex(input.next()?)?;
                bytes.push(high << 4 | low);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(query: Option<&str>, expected: Result<(Option<&str>, Option<i64>, i64), &str>) {
        let got = ListQuery::parse(query);
        match (got, expected) {
            (Ok(q), Ok((title, limit, offset))) => {
                assert_eq!(
                    (q.title.as_deref(), q.limit, q.offset),
                    (title, limit, offset),
                    "{query:?}"
                )
            }
            (Err(Error::Invalid(message)), Err(fragment)) => {
                assert!(
                    message.contains(fragment),
                    "{query:?}: {message:?} lacks {fragment:?}"
                )
            }
            (got, expected) => panic!("{query:?}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn query_strings() {
        check(None, Ok((None, None, 0)));
        check(Some(""), Ok((None, None, 0)));
        check(Some("title=ma"), Ok((Some("ma"), None, 0)));
        check(Some("title="), Ok((Some(""), None, 0)));
        check(Some("title"), Ok((Some(""), None, 0)));
        check(Some("title=the+matrix"), Ok((Some("the matrix"), None, 0)));
        check(Some("title=%25_%5C"), Ok((Some("%_\\"), None, 0)));
        check(Some("title=%C3%A9t%C3%A9"), Ok((Some("été"), None, 0)));
        check(Some("title=%e2%9c%93"), Ok((Some("✓"), None, 0)));
        check(Some("title=a%2Bb%26c%3Dd"), Ok((Some("a+b&c=d"), None, 0)));
        check(Some("limit=10&offset=20"), Ok((None, Some(10), 20)));
        check(Some("limit=1"), Ok((None, Some(1), 0)));
        check(Some("limit=1000"), Ok((None, Some(1000), 0)));
        check(Some("offset=0"), Ok((None, None, 0)));
        check(
            Some("offset=9223372036854775807"),
            Ok((None, None, i64::MAX)),
        );
        check(Some("&&limit=5&"), Ok((None, Some(5), 0)));
        check(
            Some("title=x&limit=2&offset=1"),
            Ok((Some("x"), Some(2), 1)),
        );
        check(
            Some("limit=0"),
            Err("limit must be an integer from 1 to 1000, got \"0\""),
        );
        check(
            Some("limit=1001"),
            Err("limit must be an integer from 1 to 1000"),
        );
        check(Some("limit=-5"), Err("limit must be"));
        check(Some("limit=abc"), Err("limit must be"));
        check(Some("limit="), Err("limit must be"));
        check(Some("limit=+5"), Err("limit must be"));
        check(Some("limit=99999999999999999999"), Err("limit must be"));
        check(Some("offset=-1"), Err("offset must be an integer from 0"));
        check(Some("offset=x"), Err("offset must be"));
        check(Some("offset="), Err("offset must be"));
        check(Some("offset=9223372036854775808"), Err("offset must be"));
        check(
            Some("limit=1&limit=2"),
            Err("limit is given more than once"),
        );
        check(
            Some("title=a&title=b"),
            Err("title is given more than once"),
        );
        check(Some("sort=title"), Err("unknown query parameter \"sort\""));
        check(Some("title=%zz"), Err("bad percent-encoding"));
        check(Some("title=%4"), Err("bad percent-encoding"));
        check(Some("title=%ff"), Err("not UTF-8"));
        check(Some("title=%00"), Err("NUL"));
        check(
            Some(&format!("title={}", "a".repeat(256))),
            Err("at most 255"),
        );
    }
}
