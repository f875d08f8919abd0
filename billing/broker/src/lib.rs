//! The broker connection, once for the gateway (publisher) and billing (consumer): which
//! RabbitMQ nodes to try and in what order, how a connection is opened (bounded in time,
//! `TCP_NODELAY`, heartbeat), and `billing_queue` declared from the order contract.
#![forbid(unsafe_code)]

pub mod connect;
pub mod queue;
pub mod settings;

pub use connect::{connect, BrokerConfig, ConnectError, Connector};
pub use hostlist::HostPort;
pub use queue::DeclareError;
