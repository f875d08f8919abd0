//! The one shape of every service's settings: a table of environment variables (name,
//! default, meaning) that drives both the parsing and `--help`. An empty value means unset, in
//! every service, so a `.env` line `NAME=` leaves the default in force.
use std::fmt::Write as _;

/// What applies when a variable is unset (or empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// This value.
    Value(&'static str),
    /// Nothing: the feature it configures is off (e.g. a second listener).
    Off,
    /// Nothing: the service refuses to start.
    Required,
}

/// One environment variable of a service.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    pub name: &'static str,
    pub fallback: Fallback,
    pub meaning: &'static str,
}

/// A variable with a default.
pub const fn var(name: &'static str, default: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        fallback: Fallback::Value(default),
        meaning,
    }
}

/// A variable the service cannot start without.
pub const fn required(name: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        fallback: Fallback::Required,
        meaning,
    }
}

/// A variable whose feature is off unless it is set.
pub const fn off_unless_set(name: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        fallback: Fallback::Off,
        meaning,
    }
}

/// The table's entry for `name`; a name missing from the table is a bug (every service's
/// tests parse its whole table).
pub fn find(table: &'static [Variable], name: &str) -> &'static Variable {
    table
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the table of variables"))
}

/// The value of `name` given what the environment holds (`raw`): the value unless empty,
/// else the table's default; `None` when off or required and unset.
pub fn value(table: &'static [Variable], name: &str, raw: Option<String>) -> Option<String> {
    match (raw.filter(|v| !v.is_empty()), find(table, name).fallback) {
        (Some(value), _) => Some(value),
        (None, Fallback::Value(default)) => Some(default.to_owned()),
        (None, Fallback::Off | Fallback::Required) => None,
    }
}

/// The `--help` lines of a table: `  NAME  meaning (default: …)`, one a variable.
pub fn help(table: &[Variable]) -> String {
    let width = table.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for v in table {
        let fallback = match v.fallback {
            Fallback::Value(default) => format!("default: {default}"),
            Fallback::Off => "default: unset, off".to_owned(),
            Fallback::Required => "required".to_owned(),
        };
        let _ = writeln!(text, "  {:<width$}  {} ({fallback})", v.name, v.meaning);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Variable] = &[
        var("A", "1", "a number"),
        required("B", "a secret"),
        off_unless_set("C", "a switch"),
    ];

    #[test]
    fn empty_means_unset_and_the_table_gives_the_default() {
        assert_eq!(value(TABLE, "A", None).as_deref(), Some("1"));
        assert_eq!(value(TABLE, "A", Some(String::new())).as_deref(), Some("1"));
        assert_eq!(value(TABLE, "A", Some("7".into())).as_deref(), Some("7"));
        assert_eq!(value(TABLE, "B", Some(String::new())), None);
        assert_eq!(value(TABLE, "C", None), None);
        assert_eq!(value(TABLE, "C", Some("x".into())).as_deref(), Some("x"));
    }

    #[test]
    fn help_lists_every_variable() {
        assert_eq!(
            help(TABLE),
            "  A  a number (default: 1)\n  B  a secret (required)\n  C  a switch (default: unset, off)\n"
        );
    }
}
