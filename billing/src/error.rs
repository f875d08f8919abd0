//! The one error type of the billing worker.
use std::fmt;

/// Why the worker could not do something. Database and broker errors are operating errors:
/// the worker logs them and retries with backoff; only `Config` and `QueueMismatch` end the
/// process.
#[derive(Debug)]
pub enum Error {
    /// An environment variable is missing or malformed.
    Config {
        /// The variable, e.g. `POSTGRES_PASSWORD`.
        variable: &'static str,
        /// What is wrong with it, e.g. `is not set`.
        problem: String,
    },
    /// PostgreSQL refused, dropped or failed a request that is not the fault of one order.
    Db(postgres::Error),
    /// No RabbitMQ node could be reached or accepted the handshake.
    BrokerConnect(broker::ConnectError),
    /// The queue exists with another type than `BILLING_QUEUE_TYPE`: retrying cannot help,
    /// the worker stops (see the message for the fix).
    QueueMismatch(String),
    /// RabbitMQ refused or dropped the connection or the channel.
    Broker(amiquip::Error),
    /// The broker ended the consumer without an error (queue deleted, consumer cancelled).
    ConsumerEnded(&'static str),
    /// An order row seen by `ON CONFLICT` was gone when read back (deleted meanwhile): the
    /// batch is written again, which inserts it.
    Vanished(String),
    /// The operating system refused a thread or a signal handler.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { variable, problem } => write!(f, "{variable} {problem}"),
            Error::Db(e) => match e.as_db_error() {
                // The crate's own Display says only "db error"; the server's words say why.
                Some(db) => write!(
                    f,
                    "database: {} {} ({})",
                    db.severity(),
                    db.message(),
                    db.code().code()
                ),
                None => match std::error::Error::source(e) {
                    Some(cause) => write!(f, "database: {e}: {cause}"),
                    None => write!(f, "database: {e}"),
                },
            },
            Error::BrokerConnect(e) => write!(f, "broker: {e}"),
            Error::QueueMismatch(why) => write!(f, "{why}"),
            Error::Broker(e) => write!(f, "broker: {e}"),
            Error::ConsumerEnded(why) => write!(f, "broker: consumer ended: {why}"),
            Error::Vanished(id) => write!(
                f,
                "database: the order {id} was deleted while its batch was written"
            ),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Db(e)
    }
}

impl From<amiquip::Error> for Error {
    fn from(e: amiquip::Error) -> Error {
        Error::Broker(e)
    }
}

impl From<broker::ConnectError> for Error {
    fn from(e: broker::ConnectError) -> Error {
        Error::BrokerConnect(e)
    }
}

impl From<broker::DeclareError> for Error {
    fn from(e: broker::DeclareError) -> Error {
        match e {
            broker::DeclareError::Mismatch { .. } => Error::QueueMismatch(e.to_string()),
            broker::DeclareError::Amqp(e) => Error::Broker(e),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}
