//! Opening an AMQP connection to the first node of a list that answers, bounded in time and
//! with `TCP_NODELAY`, which amiquip leaves off (a confirmed publish then waits ~40 ms on
//! Nagle). After a connection is lost, the next attempt starts at the node after it.
use amiquip::{Auth, Connection, ConnectionOptions, ConnectionTuning};
use hostlist::HostPort;
use std::fmt;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Where and as whom to connect.
#[derive(Clone, PartialEq, Eq)]
pub struct BrokerConfig {
    /// The cluster's nodes, tried in this order (never empty).
    pub nodes: Vec<HostPort>,
    /// Virtual host.
    pub vhost: String,
    /// User name.
    pub user: String,
    /// Password; never printed.
    pub password: String,
}

/// Never prints the password.
impl fmt::Debug for BrokerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes: Vec<String> = self.nodes.iter().map(ToString::to_string).collect();
        write!(f, "amqp://{}@{}/{}", self.user, nodes.join(","), self.vhost)
    }
}

/// Why one node did not give a connection.
#[derive(Debug)]
pub enum NodeError {
    /// The TCP connection failed (refused, unreachable, timed out, name not resolved).
    Tcp(std::io::Error),
    /// The AMQP handshake failed (bad credentials, unknown vhost, timeout).
    Amqp(amiquip::Error),
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeError::Tcp(e) => write!(f, "cannot reach the broker: {e}"),
            NodeError::Amqp(e) => write!(f, "broker handshake failed: {e}"),
        }
    }
}

/// No node gave a connection: what each one said, in the order they were tried.
#[derive(Debug)]
pub struct ConnectError {
    /// Each node tried, with its failure.
    pub attempts: Vec<(HostPort, NodeError)>,
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.attempts.as_slice() {
            [(_, only)] => write!(f, "{only}"),
            attempts => {
                write!(f, "no broker node answered:")?;
                for (node, error) in attempts {
                    write!(f, " {node}: {error};")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ConnectError {}

/// Connects to the nodes of one [`BrokerConfig`] in turn, remembering where to start next.
#[derive(Debug)]
pub struct Connector {
    config: BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
    /// The node tried first by the next [`Connector::connect`].
    next: usize,
}

impl Connector {
    /// `timeout` bounds the TCP connect and the AMQP handshake of each node; the heartbeat of
    /// `heartbeat_secs` has a dead peer noticed in about two heartbeats.
    pub fn new(config: BrokerConfig, timeout: Duration, heartbeat_secs: u16) -> Connector {
        assert!(
            !config.nodes.is_empty(),
            "the settings parser never yields an empty node list"
        );
        Connector {
            config,
            timeout,
            heartbeat_secs,
            next: 0,
        }
    }

    /// The settings this connector uses.
    pub fn config(&self) -> &BrokerConfig {
        &self.config
    }

    /// Opens a connection to the first node that answers, starting with the node after the
    /// one of the previous connection (the first node on the first call): a connection is
    /// opened again only after the last one was lost, and then its node is the one most likely
    /// down. Every node is tried once per call; the node connected to is returned with it.
    pub fn connect(&mut self) -> Result<(Connection, HostPort), ConnectError> {
        let count = self.config.nodes.len();
        let mut attempts = Vec::new();
        for offset in 0..count {
            let index = (self.next + offset) % count;
            let node = &self.config.nodes[index];
            match open_node(node, &self.config, self.timeout, self.heartbeat_secs) {
                Ok(connection) => {
                    self.next = (index + 1) % count;
                    return Ok((connection, node.clone()));
                }
                Err(e) => attempts.push((node.clone(), e)),
            }
        }
        Err(ConnectError { attempts })
    }
}

/// One connection to the first node of `config` that answers (for tests and tools that do not
/// reconnect).
pub fn connect(
    config: &BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
) -> Result<Connection, ConnectError> {
    Connector::new(config.clone(), timeout, heartbeat_secs)
        .connect()
        .map(|(connection, _)| connection)
}

fn open_node(
    node: &HostPort,
    config: &BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
) -> Result<Connection, NodeError> {
    let addrs = (node.host.as_str(), node.port)
        .to_socket_addrs()
        .map_err(NodeError::Tcp)?;
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address for host");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return handshake(stream, config, timeout, heartbeat_secs),
            Err(e) => last = e,
        }
    }
    Err(NodeError::Tcp(last))
}

fn handshake(
    stream: TcpStream,
    config: &BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
) -> Result<Connection, NodeError> {
    stream.set_nodelay(true).map_err(NodeError::Tcp)?;
    let stream = mio::net::TcpStream::from_stream(stream).map_err(NodeError::Tcp)?;
    let options = ConnectionOptions::default()
        .auth(Auth::Plain {
            username: config.user.clone(),
            password: config.password.clone(),
        })
        .virtual_host(config.vhost.as_str())
        .heartbeat(heartbeat_secs)
        .connection_timeout(Some(timeout));
    Connection::insecure_open_stream(stream, options, ConnectionTuning::default())
        .map_err(NodeError::Amqp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A port on loopback that refuses connections: bound, then closed.
    fn refusing_port() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.local_addr().expect("bound").port()
    }

    #[test]
    fn every_node_is_tried_and_named_in_the_error() {
        let (a, b) = (refusing_port(), refusing_port());
        let config = BrokerConfig {
            nodes: vec![
                HostPort {
                    host: "127.0.0.1".into(),
                    port: a,
                },
                HostPort {
                    host: "127.0.0.1".into(),
                    port: b,
                },
            ],
            vhost: "/".into(),
            user: "u".into(),
            password: "secret".into(),
        };
        assert!(!format!("{config:?}").contains("secret"));
        let error = connect(&config, Duration::from_secs(1), 5).expect_err("nothing listens");
        let text = error.to_string();
        assert!(text.starts_with("no broker node answered:"), "{text}");
        assert!(text.contains(&format!("127.0.0.1:{a}")), "{text}");
        assert!(text.contains(&format!("127.0.0.1:{b}")), "{text}");
    }
}
