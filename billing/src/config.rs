//! The worker's settings, read once from environment variables at start.
use crate::error::Error;
use broker::BrokerConfig;
use order::queue::QueueType;
use std::env::VarError;
use std::fmt;
use std::net::SocketAddr;

/// One environment variable: its name, its default (`None`: required) and its meaning. The
/// one table that drives both parsing and `--help`; an empty value counts as unset.
pub struct Variable {
    pub name: &'static str,
    pub default: Option<&'static str>,
    pub meaning: &'static str,
}

const fn var(name: &'static str, default: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        default: Some(default),
        meaning,
    }
}

const fn required(name: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        default: None,
        meaning,
    }
}

/// Every variable billing reads.
pub const VARIABLES: &[Variable] = &[
    var(
        "POSTGRES_HOST",
        "127.0.0.1",
        "PostgreSQL host, or host[:port],... of a primary and its standbys: the read-write one is used",
    ),
    var("POSTGRES_PORT", "5432", "PostgreSQL port of entries without one"),
    required("POSTGRES_USER", "PostgreSQL user"),
    required("POSTGRES_PASSWORD", "PostgreSQL password"),
    var(
        "BILLING_DATABASE",
        "orders",
        "database holding the table orders",
    ),
    var(
        "RABBIT_HOSTS",
        "RABBIT_HOST:RABBIT_PORT",
        "RabbitMQ nodes host[:port],... tried in turn (not with RABBIT_HOST or RABBIT_PORT)",
    ),
    var("RABBIT_HOST", "127.0.0.1", "RabbitMQ host"),
    var("RABBIT_PORT", "5672", "RabbitMQ port"),
    var("RABBIT_VHOST", "/", "RabbitMQ virtual host"),
    required("BILLING_RABBIT_USER", "RabbitMQ user of the worker"),
    required("BILLING_RABBIT_PASSWORD", "RabbitMQ password of the worker"),
    var(
        "BILLING_QUEUE",
        order::queue::DEFAULT_QUEUE,
        "queue to consume; rejected messages go to <queue>.dead",
    ),
    var(
        "BILLING_QUEUE_TYPE",
        "quorum",
        "quorum (replicated, RabbitMQ >= 3.10) or classic",
    ),
    var(
        "BILLING_METRICS_LISTEN",
        "127.0.0.1:9099",
        "address:port of GET /metrics (Prometheus), the only thing billing serves",
    ),
];

/// Usage text for `--help`, from [`VARIABLES`].
pub fn help() -> String {
    let mut text = String::from(
        "Consumes the billing queue and writes each order into PostgreSQL exactly once,\n\
         acknowledging a message only after the transaction holding its row has committed.\n\n\
         Usage: billing [--help | --version]\n\nEnvironment variables (empty = unset):\n",
    );
    for v in VARIABLES {
        let default = v.default.unwrap_or("(required)");
        text.push_str(&format!(
            "  {:<24} {} (default: {default})\n",
            v.name, v.meaning
        ));
    }
    text.push_str(
        "\nSIGTERM or SIGINT: stop consuming, commit and ack the batch in hand, exit 0.\n",
    );
    text
}

/// Where the orders are written.
#[derive(Clone)]
pub struct PostgresConfig {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
    /// Database holding the table `orders`.
    pub database: String,
}

/// Never prints the password.
impl fmt::Debug for PostgresConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }
}

/// Everything the worker needs to know, passed explicitly (no globals).
#[derive(Clone, Debug)]
pub struct Config {
    /// The orders database.
    pub postgres: PostgresConfig,
    /// The broker and the worker's credentials on it.
    pub broker: BrokerConfig,
    /// The queue consumed; its dead-letter queue is `<queue>.dead`.
    pub queue: String,
    /// Where `GET /metrics` is served.
    pub metrics_listen: SocketAddr,
    /// Its type (`BILLING_QUEUE_TYPE`).
    pub queue_type: QueueType,
}

impl Config {
    /// Reads the process environment; the error names the first bad variable.
    pub fn from_env() -> Result<Config, Error> {
        Config::from_lookup(|variable| match std::env::var(variable) {
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(Error::Config {
                variable,
                problem: "is not valid UTF-8".to_owned(),
            }),
        })
    }

    /// Reads settings through `lookup` (the environment, or a table in tests).
    pub fn from_lookup(
        lookup: impl Fn(&'static str) -> Result<Option<String>, Error>,
    ) -> Result<Config, Error> {
        let vars = Vars { lookup: &lookup };
        let postgres = PostgresConfig {
            host: vars.value("POSTGRES_HOST")?,
            port: vars.port("POSTGRES_PORT")?,
            user: vars.value("POSTGRES_USER")?,
            password: vars.value("POSTGRES_PASSWORD")?,
            database: vars.value("BILLING_DATABASE")?,
        };
        let broker = BrokerConfig {
            nodes: broker::settings::nodes(
                vars.get("RABBIT_HOSTS")?.as_deref(),
                vars.get("RABBIT_HOST")?.as_deref(),
                vars.get("RABBIT_PORT")?.as_deref(),
            )
            .map_err(|(variable, problem)| Error::Config { variable, problem })?,
            vhost: vars.value("RABBIT_VHOST")?,
            user: vars.value("BILLING_RABBIT_USER")?,
            password: vars.value("BILLING_RABBIT_PASSWORD")?,
        };
        let queue = vars.value("BILLING_QUEUE")?;
        let queue = order::queue::parse_queue_name(&queue).map_err(|problem| Error::Config {
            variable: "BILLING_QUEUE",
            problem,
        })?;
        let queue_type = match vars.get("BILLING_QUEUE_TYPE")? {
            None => QueueType::default(),
            Some(text) => QueueType::parse(&text).map_err(|problem| Error::Config {
                variable: "BILLING_QUEUE_TYPE",
                problem,
            })?,
        };
        hostlist::parse(&postgres.host, postgres.port).map_err(|problem| Error::Config {
            variable: "POSTGRES_HOST",
            problem,
        })?;
        let listen = vars.value("BILLING_METRICS_LISTEN")?;
        let metrics_listen = listen.parse().map_err(|_| Error::Config {
            variable: "BILLING_METRICS_LISTEN",
            problem: format!("is not an address:port such as 127.0.0.1:9099: {listen:?}"),
        })?;
        Ok(Config {
            postgres,
            broker,
            queue,
            metrics_listen,
            queue_type,
        })
    }
}

struct Vars<'a, F> {
    lookup: &'a F,
}

impl<F> Vars<'_, F>
where
    F: Fn(&'static str) -> Result<Option<String>, Error>,
{
    /// An empty value counts as unset: `.env` files often carry `NAME=`.
    fn get(&self, variable: &'static str) -> Result<Option<String>, Error> {
        Ok((self.lookup)(variable)?.filter(|value| !value.is_empty()))
    }

    /// The value, else the default of [`VARIABLES`]; an error when required and unset.
    fn value(&self, variable: &'static str) -> Result<String, Error> {
        let default = VARIABLES
            .iter()
            .find(|v| v.name == variable)
            .unwrap_or_else(|| panic!("{variable} is in VARIABLES"))
            .default;
        match (self.get(variable)?, default) {
            (Some(value), _) => Ok(value),
            (None, Some(default)) => Ok(default.to_owned()),
            (None, None) => Err(Error::Config {
                variable,
                problem: "is not set".to_owned(),
            }),
        }
    }

    fn port(&self, variable: &'static str) -> Result<u16, Error> {
        let text = self.value(variable)?;
        match text.parse::<u16>() {
            Ok(port) if port > 0 => Ok(port),
            _ => Err(Error::Config {
                variable,
                problem: format!("is not a port number (1-65535): {text:?}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: &[(&str, &str)] = &[
        ("POSTGRES_USER", "u"),
        ("POSTGRES_PASSWORD", "p"),
        ("BILLING_RABBIT_USER", "ru"),
        ("BILLING_RABBIT_PASSWORD", "rp"),
    ];

    fn parse(vars: &[(&str, &str)]) -> Result<Config, String> {
        Config::from_lookup(|name| {
            Ok(vars
                .iter()
                .rev()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned()))
        })
        .map_err(|e| e.to_string())
    }

    #[track_caller]
    fn check_error(extra: &[(&str, &str)], expected: &str) {
        let vars: Vec<(&str, &str)> = REQUIRED.iter().chain(extra).copied().collect();
        match parse(&vars) {
            Ok(config) => panic!("{extra:?}: expected error {expected:?}, got {config:?}"),
            Err(e) => assert_eq!(e, expected, "{extra:?}"),
        }
    }

    #[test]
    fn defaults_apply_when_only_credentials_are_set() {
        let config = parse(REQUIRED).expect("required variables are set");
        assert_eq!(config.postgres.host, "127.0.0.1");
        assert_eq!(config.postgres.port, 5432);
        assert_eq!(config.postgres.database, "orders");
        assert_eq!(format!("{:?}", config.broker.nodes), "[127.0.0.1:5672]");
        assert_eq!(config.queue_type, QueueType::Quorum);
        assert_eq!(config.broker.vhost, "/");
        assert_eq!(config.queue, "billing_queue");
        assert_eq!(config.metrics_listen.to_string(), "127.0.0.1:9099");
    }

    #[test]
    fn every_variable_is_in_the_help() {
        let help = help();
        for v in VARIABLES {
            assert!(help.contains(v.name), "{}", v.name);
        }
    }

    #[test]
    fn settings_override_defaults() {
        let mut vars = REQUIRED.to_vec();
        vars.extend([
            ("POSTGRES_PORT", "6543"),
            ("BILLING_DATABASE", "orders_test"),
            ("RABBIT_VHOST", "v1"),
            ("BILLING_QUEUE", "q1"),
            ("BILLING_QUEUE_TYPE", "classic"),
            ("RABBIT_HOSTS", "r1,r2:5673"),
            ("POSTGRES_HOST", "db1,db2:5433"),
        ]);
        let config = parse(&vars).expect("valid settings");
        assert_eq!(config.postgres.port, 6543);
        assert_eq!(config.postgres.database, "orders_test");
        assert_eq!(config.broker.vhost, "v1");
        assert_eq!(config.queue, "q1");
        assert_eq!(config.queue_type, QueueType::Classic);
        assert_eq!(format!("{:?}", config.broker.nodes), "[r1:5672, r2:5673]");
    }

    #[test]
    fn bad_settings_name_the_variable() {
        let long_queue = "q".repeat(251);
        check_error(&[("POSTGRES_PASSWORD", "")], "POSTGRES_PASSWORD is not set");
        check_error(
            &[("BILLING_RABBIT_USER", "")],
            "BILLING_RABBIT_USER is not set",
        );
        check_error(
            &[("POSTGRES_PORT", "0")],
            "POSTGRES_PORT is not a port number (1-65535): \"0\"",
        );
        check_error(
            &[("RABBIT_PORT", "70000")],
            "RABBIT_PORT is not a port number (1-65535): \"70000\"",
        );
        check_error(
            &[("BILLING_QUEUE", long_queue.as_str())],
            "BILLING_QUEUE must be 1 to 250 bytes",
        );
        check_error(
            &[("BILLING_QUEUE_TYPE", "lazy")],
            "BILLING_QUEUE_TYPE must be quorum or classic, not \"lazy\"",
        );
        check_error(
            &[("RABBIT_HOSTS", "a:1,,b")],
            "RABBIT_HOSTS entry 2 (\"\") has no host",
        );
        check_error(
            &[("POSTGRES_HOST", "db1,db2:x")],
            "POSTGRES_HOST entry 2 (\"db2:x\") has no port number 1-65535 after the colon",
        );
    }

    #[test]
    fn missing_credentials_are_reported_first_to_last() {
        assert_eq!(
            parse(&[]).err().as_deref(),
            Some("POSTGRES_USER is not set")
        );
    }
}
