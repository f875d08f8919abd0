//! The gateway's settings, read once from the environment before any socket is bound.
use crate::limits::{CONFIGURABLE_TIMEOUT_MAX, CONFIGURABLE_TIMEOUT_MIN};
use broker::BrokerConfig;
use edge::config::{off_unless_set, required, var, Variable};
use order::queue::QueueType;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// Every setting of the gateway. Built by [`Config::from_env`], passed explicitly.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the gateway listens (`GATEWAY_LISTEN`); port 0 picks a free port.
    pub listen: SocketAddr,
    /// Base URLs of the inventories (`INVENTORY_URL`, comma-separated), each
    /// `http://host:port` without a trailing slash.
    pub inventory_urls: Vec<String>,
    /// The broker and the gateway's credentials on it.
    pub broker: BrokerConfig,
    /// The queue orders are published to (`BILLING_QUEUE`).
    pub queue: String,
    /// Its type (`BILLING_QUEUE_TYPE`), declared as the order contract defines it.
    pub queue_type: QueueType,
    /// Whole inventory call (`GATEWAY_UPSTREAM_TIMEOUT_MS`); past it 504.
    pub upstream_timeout: Duration,
    /// Wait for the broker's confirm (`GATEWAY_CONFIRM_TIMEOUT_MS`); past it 503.
    pub confirm_timeout: Duration,
    /// A listener of its own for `/metrics` (`GATEWAY_METRICS_LISTEN`), if set.
    pub metrics_listen: Option<SocketAddr>,
}

/// Every variable of the gateway: name, default and meaning. Drives both the parsing below
/// and `--help`; an empty value means unset.
pub const VARIABLES: &[Variable] = &[
    var(
        "GATEWAY_LISTEN",
        "127.0.0.1:8080",
        "address and port to listen on",
    ),
    var(
        "INVENTORY_URL",
        "http://127.0.0.1:5000",
        "base URL of inventory (http only); a comma-separated list spreads requests",
    ),
    off_unless_set(
        "RABBIT_HOSTS",
        "RabbitMQ nodes host[:port],... tried in turn (unset: RABBIT_HOST:RABBIT_PORT)",
    ),
    var("RABBIT_HOST", "127.0.0.1", "RabbitMQ host"),
    var("RABBIT_PORT", "5672", "RabbitMQ port"),
    var("RABBIT_VHOST", "/", "RabbitMQ virtual host"),
    var(
        "BILLING_QUEUE",
        order::queue::DEFAULT_QUEUE,
        "queue orders are published to",
    ),
    var(
        "BILLING_QUEUE_TYPE",
        "quorum",
        "quorum (replicated, RabbitMQ >= 3.10) or classic",
    ),
    required("GATEWAY_RABBIT_USER", "RabbitMQ user of the gateway"),
    required("GATEWAY_RABBIT_PASSWORD", "its password"),
    var(
        "GATEWAY_UPSTREAM_TIMEOUT_MS",
        "10000",
        "whole inventory call before 504 (1000-120000)",
    ),
    var(
        "GATEWAY_CONFIRM_TIMEOUT_MS",
        "5000",
        "wait for the broker's confirm before 503 (1000-120000)",
    ),
    off_unless_set(
        "GATEWAY_METRICS_LISTEN",
        "address:port of a listener serving only GET /metrics; unset: /metrics is on GATEWAY_LISTEN",
    ),
];

/// A missing or malformed variable; the message names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a table in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        // The value, else the table's default; empty means unset.
        let get = |name: &str| edge::config::value(VARIABLES, name, lookup(name));
        let optional = |name: &str| get(name).unwrap_or_default();
        let required =
            |name: &str| get(name).ok_or_else(|| ConfigError(format!("{name} is not set")));
        let address = |name: &str, listen: String| {
            listen.parse::<SocketAddr>().map_err(|_| {
                ConfigError(format!(
                    "{name} must be an address like 127.0.0.1:8080, got {listen:?}"
                ))
            })
        };
        let listen = address("GATEWAY_LISTEN", optional("GATEWAY_LISTEN"))?;
        let metrics_listen = get("GATEWAY_METRICS_LISTEN")
            .map(|text| address("GATEWAY_METRICS_LISTEN", text))
            .transpose()?;
        let inventory_urls =
            crate::upstreams::parse(&optional("INVENTORY_URL")).map_err(ConfigError)?;
        // RABBIT_HOSTS, BILLING_QUEUE and BILLING_QUEUE_TYPE: rules shared with billing.
        let raw = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let nodes = broker::settings::nodes(
            raw("RABBIT_HOSTS").as_deref(),
            raw("RABBIT_HOST").as_deref(),
            raw("RABBIT_PORT").as_deref(),
        )
        .map_err(|(variable, why)| ConfigError(format!("{variable} {why}")))?;
        let queue = order::queue::parse_queue_name(&optional("BILLING_QUEUE"))
            .map_err(|why| ConfigError(format!("BILLING_QUEUE {why}")))?;
        let queue_type = QueueType::parse(&optional("BILLING_QUEUE_TYPE"))
            .map_err(|why| ConfigError(format!("BILLING_QUEUE_TYPE {why}")))?;
        let broker = BrokerConfig {
            nodes,
            vhost: optional("RABBIT_VHOST"),
            user: required("GATEWAY_RABBIT_USER")?,
            password: required("GATEWAY_RABBIT_PASSWORD")?,
        };
        let timeout = |name: &str| parse_timeout(name, &optional(name));
        Ok(Config {
            listen,
            inventory_urls,
            broker,
            queue,
            queue_type,
            upstream_timeout: timeout("GATEWAY_UPSTREAM_TIMEOUT_MS")?,
            confirm_timeout: timeout("GATEWAY_CONFIRM_TIMEOUT_MS")?,
            metrics_listen,
        })
    }
}

/// Milliseconds within [`CONFIGURABLE_TIMEOUT_MIN`]..=[`CONFIGURABLE_TIMEOUT_MAX`].
fn parse_timeout(name: &str, text: &str) -> Result<Duration, ConfigError> {
    let (min, max) = (
        CONFIGURABLE_TIMEOUT_MIN.as_millis(),
        CONFIGURABLE_TIMEOUT_MAX.as_millis(),
    );
    match text.parse::<u64>() {
        Ok(ms) if (min..=max).contains(&u128::from(ms)) => Ok(Duration::from_millis(ms)),
        _ => Err(ConfigError(format!(
            "{name} must be a number of milliseconds from {min} to {max}, got {text:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{PUBLISH_CONFIRM_TIMEOUT_DEFAULT, UPSTREAM_CALL_TIMEOUT_DEFAULT};

    #[track_caller]
    fn check(vars: &[(&str, &str)], expected: Result<(&str, &str), &str>) {
        let lookup = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        match (Config::from_lookup(lookup), expected) {
            (Ok(config), Ok((listen, url))) => {
                assert_eq!(config.listen.to_string(), listen);
                assert_eq!(config.inventory_urls.join(","), url);
            }
            (Err(error), Err(message)) => assert_eq!(error.to_string(), message),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    const CREDENTIALS: [(&str, &str); 2] = [
        ("GATEWAY_RABBIT_USER", "gateway"),
        ("GATEWAY_RABBIT_PASSWORD", "secret"),
    ];

    #[test]
    fn defaults_apply_when_only_credentials_are_set() {
        check(
            &CREDENTIALS,
            Ok(("127.0.0.1:8080", "http://127.0.0.1:5000")),
        );
    }

    #[test]
    fn empty_means_unset_and_the_table_holds_the_defaults() {
        let mut vars = CREDENTIALS.to_vec();
        vars.extend([
            ("GATEWAY_LISTEN", ""),
            ("INVENTORY_URL", ""),
            ("GATEWAY_METRICS_LISTEN", ""),
        ]);
        check(&vars, Ok(("127.0.0.1:8080", "http://127.0.0.1:5000")));
        let config = Config::from_lookup(|_| None::<String>);
        assert!(config.is_err());
        let timeouts = [
            ("GATEWAY_UPSTREAM_TIMEOUT_MS", UPSTREAM_CALL_TIMEOUT_DEFAULT),
            (
                "GATEWAY_CONFIRM_TIMEOUT_MS",
                PUBLISH_CONFIRM_TIMEOUT_DEFAULT,
            ),
        ];
        for (name, default) in timeouts {
            let text = edge::config::value(VARIABLES, name, None).expect("a default");
            assert_eq!(text, default.as_millis().to_string(), "{name}");
        }
    }

    #[test]
    fn missing_credentials_name_the_variable() {
        check(&[], Err("GATEWAY_RABBIT_USER is not set"));
        check(
            &[("GATEWAY_RABBIT_USER", "gateway")],
            Err("GATEWAY_RABBIT_PASSWORD is not set"),
        );
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let with = |name, value| {
            let mut vars = CREDENTIALS.to_vec();
            vars.push((name, value));
            vars
        };
        check(
            &with("INVENTORY_URL", "http://10.0.0.1:5000/"),
            Ok(("127.0.0.1:8080", "http://10.0.0.1:5000")),
        );
        check(
            &with("INVENTORY_URL", "https://x:1"),
            Err("INVENTORY_URL must start with http://, got \"https://x:1\""),
        );
        check(
            &with("GATEWAY_LISTEN", "nowhere"),
            Err("GATEWAY_LISTEN must be an address like 127.0.0.1:8080, got \"nowhere\""),
        );
        check(
            &with("GATEWAY_CONFIRM_TIMEOUT_MS", "10"),
            Err("GATEWAY_CONFIRM_TIMEOUT_MS must be a number of milliseconds from 1000 to 120000, got \"10\""),
        );
        check(
            &with("RABBIT_PORT", "0"),
            Err("RABBIT_PORT is not a port number (1-65535): \"0\""),
        );
    }
}
