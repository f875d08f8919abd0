//! The configuration: environment variables, read once before any socket is bound.
use std::fmt;
use std::net::SocketAddr;

use crate::limits::{THREADS_DEFAULT, THREADS_MAX};
use edge::config::{off_unless_set, required, var, Variable};

/// Listen address unless INVENTORY_LISTEN says otherwise.
pub const LISTEN_DEFAULT: &str = "127.0.0.1:5000";
/// Database name unless INVENTORY_DATABASE says otherwise.
pub const DATABASE_DEFAULT: &str = "movies";
/// PostgreSQL host unless POSTGRES_HOST says otherwise.
pub const POSTGRES_HOST_DEFAULT: &str = "127.0.0.1";
/// PostgreSQL port unless POSTGRES_PORT says otherwise.
pub const POSTGRES_PORT_DEFAULT: u16 = 5432;

/// Everything the service needs to start, parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// Address the HTTP server binds (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Worker threads, each with its own database connection.
    pub threads: usize,
    /// PostgreSQL host name or address.
    pub postgres_host: String,
    /// PostgreSQL port.
    pub postgres_port: u16,
    /// PostgreSQL user.
    pub postgres_user: String,
    /// PostgreSQL password (an empty one counts as unset, like every variable).
    pub postgres_password: String,
    /// Database holding the `movies` table.
    pub database: String,
    /// A listener of its own for `/metrics` (`INVENTORY_METRICS_LISTEN`), if set.
    pub metrics_listen: Option<SocketAddr>,
}

// The password stays out of logs and panic messages.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("threads", &self.threads)
            .field("postgres_host", &self.postgres_host)
            .field("postgres_port", &self.postgres_port)
            .field("postgres_user", &self.postgres_user)
            .field("postgres_password", &"<hidden>")
            .field("database", &self.database)
            .field("metrics_listen", &self.metrics_listen)
            .finish()
    }
}

/// A variable that is missing or malformed; `Display` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A required variable is not set.
    Missing(&'static str),
    /// A variable is set to something unusable; the text says what is expected.
    Invalid {
        /// The variable.
        name: &'static str,
        /// What was expected.
        expected: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing(name) => write!(f, "{name} is not set"),
            ConfigError::Invalid { name, expected } => {
                write!(f, "{name} is invalid: expected {expected}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// Every variable of inventory: name, default and meaning. Drives both the parsing below
/// and `--help`; an empty value means unset.
pub const VARIABLES: &[Variable] = &[
    var(
        "INVENTORY_LISTEN",
        LISTEN_DEFAULT,
        "address:port to listen on (port 0 picks a free port)",
    ),
    var("INVENTORY_DATABASE", DATABASE_DEFAULT, "database holding the movies table"),
    var(
        "INVENTORY_THREADS",
        "16",
        "worker threads, 1 to 256, one database connection each",
    ),
    var(
        "POSTGRES_HOST",
        POSTGRES_HOST_DEFAULT,
        "PostgreSQL host, or host[:port],... of a primary and its standbys: the writable one is used",
    ),
    var("POSTGRES_PORT", "5432", "PostgreSQL port of entries without one"),
    required("POSTGRES_USER", "PostgreSQL user"),
    required("POSTGRES_PASSWORD", "PostgreSQL password"),
    off_unless_set(
        "INVENTORY_METRICS_LISTEN",
        "address:port of a listener serving only GET /metrics; unset: /metrics is on INVENTORY_LISTEN",
    ),
];

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (the environment, or a table in tests).
    /// An empty optional variable counts as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        // The value, else the table's default; empty means unset.
        let get = |name: &str| edge::config::value(VARIABLES, name, lookup(name));
        let optional = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let address = |name: &'static str, text: String| {
            text.parse::<SocketAddr>()
                .map_err(|_| ConfigError::Invalid {
                    name,
                    expected: "an address:port such as 127.0.0.1:5000",
                })
        };
        let listen = address(
            "INVENTORY_LISTEN",
            get("INVENTORY_LISTEN").unwrap_or_default(),
        )?;
        let metrics_listen = get("INVENTORY_METRICS_LISTEN")
            .map(|text| address("INVENTORY_METRICS_LISTEN", text))
            .transpose()?;
        let threads = match optional("INVENTORY_THREADS") {
            None => THREADS_DEFAULT,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=THREADS_MAX).contains(n))
                .ok_or(ConfigError::Invalid {
                    name: "INVENTORY_THREADS",
                    expected: "an integer from 1 to 256",
                })?,
        };
        let postgres_port =
            match optional("POSTGRES_PORT") {
                None => POSTGRES_PORT_DEFAULT,
                Some(text) => text.parse::<u16>().ok().filter(|port| *port != 0).ok_or(
                    ConfigError::Invalid {
                        name: "POSTGRES_PORT",
                        expected: "a port from 1 to 65535",
                    },
                )?,
            };
        let postgres_host = get("POSTGRES_HOST").unwrap_or_default();
        // A primary and its standbys: store::connection_config connects to the writable one.
        hostlist::parse(&postgres_host, postgres_port).map_err(|_| ConfigError::Invalid {
            name: "POSTGRES_HOST",
            expected: "host[:port] or a comma-separated list of them",
        })?;
        let postgres_user = get("POSTGRES_USER").ok_or(ConfigError::Missing("POSTGRES_USER"))?;
        let postgres_password =
            get("POSTGRES_PASSWORD").ok_or(ConfigError::Missing("POSTGRES_PASSWORD"))?;
        Ok(Config {
            listen,
            threads,
            postgres_host,
            postgres_port,
            postgres_user,
            postgres_password,
            database: get("INVENTORY_DATABASE").unwrap_or_default(),
            metrics_listen,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: &[(&str, &str)] = &[("POSTGRES_USER", "u"), ("POSTGRES_PASSWORD", "p")];

    fn lookup_in<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .rev()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[track_caller]
    fn check(extra: &[(&str, &str)], expected: Result<(&str, usize, u16, &str), ConfigError>) {
        let vars: Vec<(&str, &str)> = REQUIRED.iter().chain(extra).copied().collect();
        let got = Config::from_lookup(lookup_in(&vars))
            .map(|c| (c.listen.to_string(), c.threads, c.postgres_port, c.database));
        let expected = expected.map(|(l, t, p, d)| (l.to_owned(), t, p, d.to_owned()));
        assert_eq!(got, expected, "env {extra:?}");
    }

    #[test]
    fn variables_parse_or_name_the_culprit() {
        let invalid = |name, expected| Err(ConfigError::Invalid { name, expected });
        check(&[], Ok(("127.0.0.1:5000", 16, 5432, "movies")));
        check(
            &[
                ("INVENTORY_LISTEN", "0.0.0.0:0"),
                ("INVENTORY_THREADS", "4"),
            ],
            Ok(("0.0.0.0:0", 4, 5432, "movies")),
        );
        check(
            &[("INVENTORY_LISTEN", "")],
            Ok(("127.0.0.1:5000", 16, 5432, "movies")),
        );
        check(
            &[("POSTGRES_PORT", "6543"), ("INVENTORY_DATABASE", "m2")],
            Ok(("127.0.0.1:5000", 16, 6543, "m2")),
        );
        let listen = "an address:port such as 127.0.0.1:5000";
        check(
            &[("INVENTORY_LISTEN", "localhost")],
            invalid("INVENTORY_LISTEN", listen),
        );
        check(
            &[("INVENTORY_LISTEN", "1.2.3.4:99999")],
            invalid("INVENTORY_LISTEN", listen),
        );
        let threads = "an integer from 1 to 256";
        check(
            &[("INVENTORY_THREADS", "0")],
            invalid("INVENTORY_THREADS", threads),
        );
        check(
            &[("INVENTORY_THREADS", "257")],
            invalid("INVENTORY_THREADS", threads),
        );
        check(
            &[("INVENTORY_THREADS", "-1")],
            invalid("INVENTORY_THREADS", threads),
        );
        check(
            &[("INVENTORY_THREADS", "x")],
            invalid("INVENTORY_THREADS", threads),
        );
        let port = "a port from 1 to 65535";
        check(&[("POSTGRES_PORT", "0")], invalid("POSTGRES_PORT", port));
        check(
            &[("POSTGRES_PORT", "65536")],
            invalid("POSTGRES_PORT", port),
        );
        check(
            &[("INVENTORY_METRICS_LISTEN", "nowhere")],
            invalid("INVENTORY_METRICS_LISTEN", listen),
        );
    }

    #[test]
    fn missing_credentials_are_named() {
        let only_user = lookup_in(&[("POSTGRES_USER", "u")]);
        assert_eq!(
            Config::from_lookup(only_user).map(|_| ()),
            Err(ConfigError::Missing("POSTGRES_PASSWORD"))
        );
        let empty_password = lookup_in(&[("POSTGRES_USER", "u"), ("POSTGRES_PASSWORD", "")]);
        assert_eq!(
            Config::from_lookup(empty_password).map(|_| ()),
            Err(ConfigError::Missing("POSTGRES_PASSWORD"))
        );
        assert_eq!(
            Config::from_lookup(lookup_in(&[])).map(|_| ()),
            Err(ConfigError::Missing("POSTGRES_USER"))
        );
        assert_eq!(
            Config::from_lookup(lookup_in(&[("POSTGRES_USER", "")])).map(|_| ()),
            Err(ConfigError::Missing("POSTGRES_USER"))
        );
        assert_eq!(
            edge::config::value(VARIABLES, "INVENTORY_THREADS", None),
            Some(THREADS_DEFAULT.to_string())
        );
        assert_eq!(
            edge::config::value(VARIABLES, "POSTGRES_PORT", None),
            Some(POSTGRES_PORT_DEFAULT.to_string())
        );
        assert_eq!(
            ConfigError::Missing("POSTGRES_PASSWORD").to_string(),
            "POSTGRES_PASSWORD is not set"
        );
    }

    #[test]
    fn debug_hides_the_password() {
        let config = Config::from_lookup(lookup_in(REQUIRED)).expect("valid table");
        assert!(!format!("{config:?}").contains("\"p\""));
    }
}
