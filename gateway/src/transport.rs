//! How the gateway's ureq agents talk TCP to inventory: ureq's own TCP transport, less the
//! system calls it makes on every call. A keep-alive proxied request made 14 system calls
//! (`strace`), 8 now; the 6 that went were ureq's own bookkeeping:
//!
//! - the check that a pooled connection is still usable, taken from the pool and again when
//!   given back: `ioctl(FIONBIO)`, a one-byte `recv`, `ioctl(FIONBIO)`, twice. Here one
//!   `poll` without waiting each time (`tiny_http::readable_now`): anything to read (bytes
//!   nobody asked for, the end of the stream, an error) means the connection is not reused.
//! - `setsockopt(SO_SNDTIMEO)` and `setsockopt(SO_RCVTIMEO)`: ureq sets the time left of the
//!   phase, a few microseconds shorter on every call. Here the socket keeps its timeouts
//!   while they are within [`UPSTREAM_TIMEOUT_SLACK`] of the time left, so an inventory that
//!   does not answer gets its 504 at most that much earlier or later.
//!
//! Reading and writing are as in ureq 3.5 (`unversioned::transport::tcp`, which this
//! follows): `TCP_NODELAY`, and a timed-out socket call reported as the phase's timeout.
//! Connecting differs in one way: each address is tried with the whole connect timeout (ureq
//! splits it between them), as `INVENTORY_URL` names one address per inventory. The interface is ureq's
//! `unversioned` one, not covered by semver: `Cargo.lock` pins the version it was written for.
use crate::limits::UPSTREAM_TIMEOUT_SLACK;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::Duration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, ShutdownHandle, Transport,
};
use ureq::{Error, Timeout};

/// Makes a [`LeanTransport`] per new connection to inventory.
#[derive(Debug, Default)]
pub struct LeanConnector;

impl Connector<()> for LeanConnector {
    type Out = LeanTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        _chained: Option<()>,
    ) -> Result<Option<LeanTransport>, Error> {
        let timeout = details.timeout.not_zero().map(|t| *t);
        let stream = connect_any(&details.addrs, timeout)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let config = details.config;
        let transport = LeanTransport {
            stream: Arc::new(stream),
            buffers: LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
            read_timeout: None,
            write_timeout: None,
        };
        // So that `Agent::shutdown` can interrupt a call blocked on this socket.
        (details.register_shutdown)(Arc::downgrade(&transport.stream) as Weak<dyn ShutdownHandle>)?;
        Ok(Some(transport))
    }
}

/// The first address that accepts, each tried within the whole connect timeout (an
/// inventory's URL names one address; a host name may resolve to several, and then a
/// connection to a dead host may take that long for each).
fn connect_any(addrs: &[SocketAddr], timeout: Option<Duration>) -> Result<TcpStream, Error> {
    let mut last = None;
    for addr in addrs {
        let attempt = match timeout {
            Some(timeout) => TcpStream::connect_timeout(addr, timeout),
            None => TcpStream::connect(addr),
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if is_timeout(&e) => last = Some(Error::Timeout(Timeout::Connect)),
            Err(e) => last = Some(Error::Io(e)),
        }
    }
    Err(last.unwrap_or(Error::ConnectionFailed))
}

/// A socket timeout: `WouldBlock` is how `SO_RCVTIMEO` and `SO_SNDTIMEO` report it.
fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// One connection to inventory, as ureq's pool keeps it.
pub struct LeanTransport {
    /// Shared (weakly) with the agent's shutdown handle: ureq implements `ShutdownHandle` for
    /// `TcpStream` (a `shutdown(Both)`).
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// The socket's `SO_RCVTIMEO` and `SO_SNDTIMEO` as last set (`None`: not yet).
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
}

/// Sets a socket timeout (`None`: none) unless the one it has is within
/// [`UPSTREAM_TIMEOUT_SLACK`] of `wanted`. `current` is `None` until one was set: a new socket
/// has none, so a call without a timeout sets nothing.
fn keep_or_set(
    current: &mut Option<Duration>,
    wanted: Option<Duration>,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> io::Result<()> {
    // `Duration::abs_diff` needs Rust 1.81; the workspace's minimum is 1.80.
    let near = |a: Duration, b: Duration| a.max(b) - a.min(b) <= UPSTREAM_TIMEOUT_SLACK;
    let keep = match (*current, wanted) {
        (Some(now), Some(wanted)) => near(now, wanted),
        (None, None) => true,
        _ => false,
    };
    if keep {
        return Ok(());
    }
    set(wanted)?;
    *current = wanted;
    Ok(())
}

/// `NextTimeout` as a socket timeout: `None` when it does not apply, and never zero (which
/// would mean no timeout at all); an expired one is reported before any I/O.
fn socket_timeout(timeout: NextTimeout) -> Result<Option<Duration>, Error> {
    if timeout.after.is_zero() {
        return Err(Error::Timeout(timeout.reason));
    }
    Ok(timeout.not_zero().map(|t| *t))
}

impl Transport for LeanTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let timeout = timeout.for_write();
        let socket = &self.stream;
        keep_or_set(&mut self.write_timeout, socket_timeout(timeout)?, |t| {
            socket.set_write_timeout(t)
        })?;
        let output = &self.buffers.output()[..amount];
        match (&*self.stream).write_all(output) {
            Ok(()) => Ok(()),
            Err(e) if is_timeout(&e) => Err(Error::Timeout(timeout.reason)),
            Err(e) => Err(e.into()),
        }
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        let timeout = timeout.for_read();
        let socket = &self.stream;
        keep_or_set(&mut self.read_timeout, socket_timeout(timeout)?, |t| {
            socket.set_read_timeout(t)
        })?;
        let input = self.buffers.input_append_buf();
        let read = loop {
            match (&*self.stream).read(input) {
                // A signal during the read: the socket timeout still bounds the next one.
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let amount = match read {
            Ok(amount) => amount,
            Err(e) if is_timeout(&e) => return Err(Error::Timeout(timeout.reason)),
            Err(e) => return Err(e.into()),
        };
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        matches!(tiny_http::readable_now(&self.stream), Ok(false))
    }
}

impl fmt::Debug for LeanTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeanTransport")
            .field("peer", &self.stream.peer_addr().ok())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_timeout_within_the_slack_of_the_sockets_is_kept() {
        let set = Cell::new(0);
        let mut current = None;
        let record = |_| {
            set.set(set.get() + 1);
            Ok(())
        };
        let ten = Duration::from_secs(10);
        keep_or_set(&mut current, None, record).unwrap();
        assert_eq!(
            (set.get(), current),
            (0, None),
            "a new socket has no timeout"
        );
        keep_or_set(&mut current, Some(ten), record).unwrap();
        assert_eq!((set.get(), current), (1, Some(ten)));
        keep_or_set(&mut current, Some(ten - UPSTREAM_TIMEOUT_SLACK), record).unwrap();
        keep_or_set(&mut current, Some(ten + UPSTREAM_TIMEOUT_SLACK), record).unwrap();
        assert_eq!(
            (set.get(), current),
            (1, Some(ten)),
            "within the slack: no call"
        );
        let later = ten - UPSTREAM_TIMEOUT_SLACK - Duration::from_millis(1);
        keep_or_set(&mut current, Some(later), record).unwrap();
        assert_eq!((set.get(), current), (2, Some(later)), "past it: set");
        keep_or_set(&mut current, None, record).unwrap();
        assert_eq!((set.get(), current), (3, None), "none after one: cleared");
    }

    #[test]
    fn a_failed_set_leaves_the_timeout_unknown() {
        let mut current = None;
        let failed = keep_or_set(&mut current, Some(Duration::from_secs(1)), |_| {
            Err(io::ErrorKind::InvalidInput.into())
        });
        assert!(failed.is_err());
        assert_eq!(current, None);
    }
}
