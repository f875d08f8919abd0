//! The listening socket, set up so that no client can hold a worker forever.
//!
//! tiny_http sets no timeout on the sockets it accepts and gives no access to them, and a
//! worker reading a body (or writing a response) blocks on that socket. On Linux an accepted
//! socket inherits SO_RCVTIMEO, SO_SNDTIMEO and TCP_NODELAY from its listening socket, so they
//! are set on the listener (std's safe `OwnedFd` conversions make the listener a `TcpStream`
//! for the setters). SO_RCVTIMEO also bounds `accept()` itself: the vendored tiny_http
//! (gateway/edge/vendor/tiny_http, PATCHES.md item 3) just accepts again after such a timeout,
//! where upstream 0.12 ended its accept loop for good.
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;

use crate::limits::{CLIENT_READ_TIMEOUT, CLIENT_WRITE_TIMEOUT};

/// Binds `addr` with the client timeouts (and TCP_NODELAY) set for every accepted socket.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpStream::from(OwnedFd::from(TcpListener::bind(addr)?));
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
