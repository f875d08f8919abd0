//! The gateway's settings, read once from the environment before any socket is bound.
use crate::limits::{
    CONFIGURABLE_TIMEOUT_MAX, CONFIGURABLE_TIMEOUT_MIN, PUBLISH_CONFIRM_TIMEOUT_DEFAULT,
    UPSTREAM_CALL_TIMEOUT_DEFAULT,
};
use broker::BrokerConfig;
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
}

/// Variable names, defaults and meanings, printed by `--help`.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "GATEWAY_LISTEN",
        "127.0.0.1:8080",
        "address and port to listen on",
    ),
    (
        "INVENTORY_URL",
        "http://127.0.0.1:5000",
        "base URL of inventory (http only); a comma-separated list spreads requests",
    ),
    (
        "RABBIT_HOSTS",
        "(unset)",
        "RabbitMQ nodes host[:port],... tried in turn (else RABBIT_HOST:RABBIT_PORT)",
    ),
    ("RABBIT_HOST", "127.0.0.1", "RabbitMQ host"),
    ("RABBIT_PORT", "5672", "RabbitMQ port"),
    ("RABBIT_VHOST", "/", "RabbitMQ virtual host"),
    (
        "BILLING_QUEUE",
        order::queue::DEFAULT_QUEUE,
        "queue orders are published to",
    ),
    (
        "BILLING_QUEUE_TYPE",
        "quorum",
        "quorum (replicated, RabbitMQ >= 3.10) or classic",
    ),
    (
        "GATEWAY_RABBIT_USER",
        "(required)",
        "RabbitMQ user of the gateway",
    ),
    ("GATEWAY_RABBIT_PASSWORD", "(required)", "its password"),
    (
        "GATEWAY_UPSTREAM_TIMEOUT_MS",
        "10000",
        "whole inventory call before 504 (1000-120000)",
    ),
    (
        "GATEWAY_CONFIRM_TIMEOUT_MS",
        "5000",
        "wait for the broker's confirm before 503 (1000-120000)",
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
        let optional = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.into());
        let required = |name: &str| match lookup(name) {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(ConfigError(format!("{name} is not set"))),
        };
        let listen = optional("GATEWAY_LISTEN", "127.0.0.1:8080");
        let listen = listen.parse().map_err(|_| {
            ConfigError(format!(
                "GATEWAY_LISTEN must be an address like 127.0.0.1:8080, got {listen:?}"
            ))
        })?;
        let inventory_urls =
            crate::upstreams::parse(&optional("INVENTORY_URL", "http://127.0.0.1:5000"))
                .map_err(ConfigError)?;
        // RABBIT_HOSTS, BILLING_QUEUE and BILLING_QUEUE_TYPE: rules shared with billing.
        let nodes = broker::settings::nodes(
            lookup("RABBIT_HOSTS").as_deref(),
            lookup("RABBIT_HOST").as_deref(),
            lookup("RABBIT_PORT").as_deref(),
        )
        .map_err(|(variable, why)| ConfigError(format!("{variable} {why}")))?;
        let queue =
            order::queue::parse_queue_name(&optional("BILLING_QUEUE", order::queue::DEFAULT_QUEUE))
                .map_err(|why| ConfigError(format!("BILLING_QUEUE {why}")))?;
        let queue_type = match lookup("BILLING_QUEUE_TYPE").filter(|v| !v.is_empty()) {
            None => QueueType::default(),
            Some(text) => QueueType::parse(&text)
                .map_err(|why| ConfigError(format!("BILLING_QUEUE_TYPE {why}")))?,
        };
        let broker = BrokerConfig {
            nodes,
            vhost: optional("RABBIT_VHOST", "/"),
            user: required("GATEWAY_RABBIT_USER")?,
            password: required("GATEWAY_RABBIT_PASSWORD")?,
        };
        let timeout = |name: &str, default: Duration| match lookup(name) {
            None => Ok(default),
            Some(text) => parse_timeout(name, &text),
        };
        Ok(Config {
            listen,
            inventory_urls,
            broker,
            queue,
            queue_type,
            upstream_timeout: timeout(
                "GATEWAY_UPSTREAM_TIMEOUT_MS",
                UPSTREAM_CALL_TIMEOUT_DEFAULT,
            )?,
            confirm_timeout: timeout(
                "GATEWAY_CONFIRM_TIMEOUT_MS",
                PUBLISH_CONFIRM_TIMEOUT_DEFAULT,
            )?,
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
