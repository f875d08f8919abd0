//! The listening socket, set up so that no client can hold a thread forever.
//!
//! tiny_http sets no timeout on the sockets it accepts and gives no access to them, and a
//! thread reading a request (or writing a response) blocks on that socket. On Linux an
//! accepted socket inherits `SO_RCVTIMEO`, `SO_SNDTIMEO` and `TCP_NODELAY` from its listening
//! socket, so they are set on the listener (std's safe `OwnedFd` conversions make the listener
//! a `TcpStream` for the setters). `SO_RCVTIMEO` also bounds `accept()` itself: the vendored
//! tiny_http just accepts again after such a timeout.
use crate::limits::{CLIENT_READ_TIMEOUT, CLIENT_WRITE_TIMEOUT, LISTEN_BACKLOG};
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;

/// Binds `addr` with the client timeouts (and `TCP_NODELAY`) set for every accepted socket,
/// and an accept queue of [`LISTEN_BACKLOG`].
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    tiny_http::set_listen_backlog(&listener, LISTEN_BACKLOG)?;
    let socket = TcpStream::from(OwnedFd::from(listener));
    socket.set_read_timeout(Some(CLIENT_READ_TIMEOUT))?;
    socket.set_write_timeout(Some(CLIENT_WRITE_TIMEOUT))?;
    // Responses are written as several writes; Nagle would hold the last one for an ACK.
    socket.set_nodelay(true)?;
    Ok(TcpListener::from(OwnedFd::from(socket)))
}

/// Stops accepting: shutting a listening socket down makes every later `accept()` fail and
/// new connections be refused, while accepted connections carry on.
pub fn stop_accepting(listener: &TcpListener) -> io::Result<()> {
    let socket = TcpStream::from(OwnedFd::from(listener.try_clone()?));
    socket.shutdown(Shutdown::Both)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_sockets_inherit_the_client_timeouts() {
        let listener = bind("127.0.0.1:0".parse().expect("an address")).expect("bind");
        let addr = listener.local_addr().expect("local_addr");
        let _client = TcpStream::connect(addr).expect("connect");
        let (accepted, _) = listener.accept().expect("accept");
        assert_eq!(
            accepted.read_timeout().ok(),
            Some(Some(CLIENT_READ_TIMEOUT))
        );
        assert_eq!(
            accepted.write_timeout().ok(),
            Some(Some(CLIENT_WRITE_TIMEOUT))
        );
        assert_eq!(accepted.nodelay().ok(), Some(true));
        stop_accepting(&listener).expect("shutdown");
        assert!(listener.accept().is_err(), "no accept after stop_accepting");
    }

    #[test]
    fn a_burst_of_connections_waits_in_the_accept_queue() {
        // Past the backlog the kernel drops the SYN and the client retries after a second:
        // every connect below must complete at once while nothing accepts. std's 128 fails.
        let somaxconn: usize = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(128);
        let burst = (LISTEN_BACKLOG as usize).min(somaxconn).min(1000);
        assert!(
            burst > 200,
            "net.core.somaxconn {somaxconn} is too small for the test"
        );
        let listener = bind("127.0.0.1:0".parse().expect("an address")).expect("bind");
        let addr = listener.local_addr().expect("local_addr");
        let clients: Vec<TcpStream> = (0..burst)
            .map(|i| {
                TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(500))
                    .unwrap_or_else(|e| panic!("connection {i} of {burst} not queued: {e}"))
            })
            .collect();
        assert_eq!(clients.len(), burst);
    }
}
