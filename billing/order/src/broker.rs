//! Opening an AMQP connection the way both services need it: bounded in time, and with
//! `TCP_NODELAY`, which amiquip leaves off (a confirmed publish then waits ~40 ms on Nagle).
use amiquip::{Auth, Connection, ConnectionOptions, ConnectionTuning};
use std::fmt;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Where and as whom to connect.
#[derive(Clone, PartialEq, Eq)]
pub struct BrokerConfig {
    pub host: String,
    pub port: u16,
    pub vhost: String,
    pub user: String,
    pub password: String,
}

/// Never prints the password.
impl fmt::Debug for BrokerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "amqp://{}@{}:{}/{}",
            self.user, self.host, self.port, self.vhost
        )
    }
}

/// Why a connection could not be opened.
#[derive(Debug)]
pub enum ConnectError {
    /// The TCP connection failed (refused, unreachable, timed out, name not resolved).
    Tcp(std::io::Error),
    /// The AMQP handshake failed (bad credentials, unknown vhost, timeout).
    Amqp(amiquip::Error),
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::Tcp(e) => write!(f, "cannot reach the broker: {e}"),
            ConnectError::Amqp(e) => write!(f, "broker handshake failed: {e}"),
        }
    }
}

impl std::error::Error for ConnectError {}

/// Connects within `timeout` (TCP connect and AMQP handshake each), with `TCP_NODELAY` and a
/// heartbeat of `heartbeat_secs`, so a dead peer is noticed in about two heartbeats.
pub fn connect(
    config: &BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
) -> Result<Connection, ConnectError> {
    let addrs = (config.host.as_str(), config.port)
        .to_socket_addrs()
        .map_err(ConnectError::Tcp)?;
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address for host");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return open(stream, config, timeout, heartbeat_secs),
            Err(e) => last = e,
        }
    }
    Err(ConnectError::Tcp(last))
}

fn open(
    stream: TcpStream,
    config: &BrokerConfig,
    timeout: Duration,
    heartbeat_secs: u16,
) -> Result<Connection, ConnectError> {
    stream.set_nodelay(true).map_err(ConnectError::Tcp)?;
    let stream = mio::net::TcpStream::from_stream(stream).map_err(ConnectError::Tcp)?;
    let options = ConnectionOptions::default()
        .auth(Auth::Plain {
            username: config.user.clone(),
            password: config.password.clone(),
        })
        .virtual_host(config.vhost.as_str())
        .heartbeat(heartbeat_secs)
        .connection_timeout(Some(timeout));
    Connection::insecure_open_stream(stream, options, ConnectionTuning::default())
        .map_err(ConnectError::Amqp)
}
