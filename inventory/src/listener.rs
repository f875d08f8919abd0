//! The listening socket, set up so that no client can hold a worker forever.
//!
//! tiny_http 0.12 sets no timeout on the sockets it accepts and gives no access to them, and
//! a worker reading a body (or writing a response) blocks on that socket. On Linux an
//! accepted socket inherits SO_RCVTIMEO, SO_SNDTIMEO and TCP_NODELAY from its listening
//! socket, so they are set on the listener (std's safe `OwnedFd` conversions make the
//! listener a `TcpStream` for the setters). SO_RCVTIMEO also bounds `accept()`, and tiny_http's
//! accept loop ends for good on the first accept error, so a loopback connection every
//! ACCEPT_WAKE_INTERVAL keeps `accept()` from ever waiting that long.
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};

use crate::limits::{
    ACCEPT_WAKE_CONNECT_TIMEOUT, ACCEPT_WAKE_INTERVAL, CLIENT_READ_TIMEOUT, CLIENT_WRITE_TIMEOUT,
};

/// Binds `addr` with the client timeouts (and TCP_NODELAY) set for every accepted socket.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpStream::from(OwnedFd::from(TcpListener::bind(addr)?));
    socket.set_read_timeout(Some(CLIENT_READ_TIMEOUT))?;
    socket.set_write_timeout(Some(CLIENT_WRITE_TIMEOUT))?;
    // Responses are written as several writes; Nagle would hold the last one for an ACK.
    socket.set_nodelay(true)?;
    Ok(TcpListener::from(OwnedFd::from(socket)))
}

/// Stops accepting: shutting a listening socket down makes the pending and every later
/// `accept()` fail and new connections be refused, while accepted connections carry on.
pub fn stop_accepting(listener: &TcpListener) -> io::Result<()> {
    let socket = TcpStream::from(OwnedFd::from(listener.try_clone()?));
    socket.shutdown(Shutdown::Both)
}

/// The thread that keeps `accept()` from timing out.
pub struct AcceptWaker {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl AcceptWaker {
    /// Starts connecting to `listening` every ACCEPT_WAKE_INTERVAL.
    pub fn spawn(listening: SocketAddr) -> io::Result<AcceptWaker> {
        let target = match listening {
            SocketAddr::V4(a) if a.ip().is_unspecified() => {
                SocketAddr::from((Ipv4Addr::LOCALHOST, a.port()))
            }
            SocketAddr::V6(a) if a.ip().is_unspecified() => {
                SocketAddr::from((Ipv6Addr::LOCALHOST, a.port()))
            }
            other => other,
        };
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = thread::Builder::new()
            .name("accept-waker".to_owned())
            .spawn(move || loop {
                match stopped.recv_timeout(ACCEPT_WAKE_INTERVAL) {
                    Err(RecvTimeoutError::Timeout) => {
                        // Failure is harmless: a refused connect means we are stopping.
                        let _ = TcpStream::connect_timeout(&target, ACCEPT_WAKE_CONNECT_TIMEOUT);
                    }
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                }
            })?;
        Ok(AcceptWaker { stop, thread })
    }

    /// Stops the thread and waits for it.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}
