//! Socket options the standard library does not offer, and TCP socket creation, on `libc`.
//! Replaces the `net2` crate (unmaintained, RUSTSEC-2020-0016), which mio 0.6.23 used for
//! these alone; the semantics are net2 0.2.39's on Unix (vendor/mio/PATCHES.md).

use std::mem;
use std::net::{self, SocketAddr};
use std::os::unix::io::{AsRawFd, FromRawFd, RawFd};
use std::time::Duration;

use libc::{self, c_int, c_void, socklen_t};

use io;

/// What mio needs of a TCP stream that `std::net::TcpStream` lacks, named as net2's
/// `TcpStreamExt`.
pub trait TcpStreamExt {
    /// `connect(2)` on a socket made by `new_tcp_socket` (non-blocking: `EINPROGRESS` is the
    /// caller's to handle).
    fn connect(&self, addr: &SocketAddr) -> io::Result<()>;
    fn set_recv_buffer_size(&self, size: usize) -> io::Result<()>;
    fn recv_buffer_size(&self) -> io::Result<usize>;
    fn set_send_buffer_size(&self, size: usize) -> io::Result<()>;
    fn send_buffer_size(&self) -> io::Result<usize>;
    fn set_keepalive(&self, keepalive: Option<Duration>) -> io::Result<()>;
    fn keepalive(&self) -> io::Result<Option<Duration>>;
    fn set_only_v6(&self, only_v6: bool) -> io::Result<()>;
    fn only_v6(&self) -> io::Result<bool>;
    fn set_linger(&self, dur: Option<Duration>) -> io::Result<()>;
    fn linger(&self) -> io::Result<Option<Duration>>;
}

#[cfg(any(target_os = "macos", target_os = "ios"))]
const KEEPALIVE_IDLE: c_int = libc::TCP_KEEPALIVE;
#[cfg(not(any(target_os = "macos", target_os = "ios")))]
const KEEPALIVE_IDLE: c_int = libc::TCP_KEEPIDLE;

impl TcpStreamExt for net::TcpStream {
    fn connect(&self, addr: &SocketAddr) -> io::Result<()> {
        let (storage, len) = sockaddr(addr);
        let ptr = &storage as *const libc::sockaddr_storage as *const libc::sockaddr;
        cvt(unsafe { libc::connect(self.as_raw_fd(), ptr, len) }).map(|_| ())
    }

    fn set_recv_buffer_size(&self, size: usize) -> io::Result<()> {
        set_opt(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_RCVBUF, size as c_int)
    }

    fn recv_buffer_size(&self) -> io::Result<usize> {
        get_opt::<c_int>(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_RCVBUF).map(|n| n as usize)
    }

    fn set_send_buffer_size(&self, size: usize) -> io::Result<()> {
        set_opt(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_SNDBUF, size as c_int)
    }

    fn send_buffer_size(&self) -> io::Result<usize> {
        get_opt::<c_int>(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_SNDBUF).map(|n| n as usize)
    }

    fn set_keepalive(&self, keepalive: Option<Duration>) -> io::Result<()> {
        let fd = self.as_raw_fd();
        set_opt(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, keepalive.is_some() as c_int)?;
        match keepalive {
            Some(idle) => set_opt(fd, libc::IPPROTO_TCP, KEEPALIVE_IDLE, secs(idle)),
            None => Ok(()),
        }
    }

    fn keepalive(&self) -> io::Result<Option<Duration>> {
        let fd = self.as_raw_fd();
        if get_opt::<c_int>(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE)? == 0 {
            return Ok(None);
        }
        let idle = get_opt::<c_int>(fd, libc::IPPROTO_TCP, KEEPALIVE_IDLE)?;
        Ok(Some(Duration::from_secs(idle as u64)))
    }

    fn set_only_v6(&self, only_v6: bool) -> io::Result<()> {
        set_opt(self.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, only_v6 as c_int)
    }

    fn only_v6(&self) -> io::Result<bool> {
        get_opt::<c_int>(self.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY).map(|n| n != 0)
    }

    fn set_linger(&self, dur: Option<Duration>) -> io::Result<()> {
        let linger = libc::linger {
            l_onoff: dur.is_some() as c_int,
            l_linger: dur.map_or(0, secs),
        };
        set_opt(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_LINGER, linger)
    }

    fn linger(&self) -> io::Result<Option<Duration>> {
        let linger = get_opt::<libc::linger>(self.as_raw_fd(), libc::SOL_SOCKET, libc::SO_LINGER)?;
        if linger.l_onoff == 0 {
            Ok(None)
        } else {
            Ok(Some(Duration::from_secs(linger.l_linger as u64)))
        }
    }
}

/// What mio needs of a UDP socket that `std::net::UdpSocket` lacks, named as net2's
/// `UdpSocketExt`.
pub trait UdpSocketExt {
    fn set_only_v6(&self, only_v6: bool) -> io::Result<()>;
    fn only_v6(&self) -> io::Result<bool>;
}

impl UdpSocketExt for net::UdpSocket {
    fn set_only_v6(&self, only_v6: bool) -> io::Result<()> {
        set_opt(self.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, only_v6 as c_int)
    }

    fn only_v6(&self) -> io::Result<bool> {
        get_opt::<c_int>(self.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY).map(|n| n != 0)
    }
}

/// A new, unconnected, close-on-exec TCP socket of `addr`'s family (net2's
/// `TcpBuilder::new_v4`/`new_v6` followed by `to_tcp_stream`).
pub fn new_tcp_socket(addr: &SocketAddr) -> io::Result<net::TcpStream> {
    let family = match *addr {
        SocketAddr::V4(..) => libc::AF_INET,
        SocketAddr::V6(..) => libc::AF_INET6,
    };
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let kind = libc::SOCK_STREAM | libc::SOCK_CLOEXEC;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let kind = libc::SOCK_STREAM;
    let fd = cvt(unsafe { libc::socket(family, kind, 0) })?;
    // The fd is new and owned by nobody else; owned before the fcntl, so an error there closes it.
    let stream = unsafe { net::TcpStream::from_raw_fd(fd) };
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    cvt(unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) })?;
    Ok(stream)
}

/// `addr` as the C socket address `connect(2)` takes, and its length.
fn sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, socklen_t) {
    // All zeroes is a valid sockaddr_storage; the fields the family needs are set below.
    let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
    let len = match *addr {
        SocketAddr::V4(ref a) => {
            // sockaddr_storage is large and aligned enough for every socket address type.
            let sin = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in) };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            // The octets in memory order are network byte order.
            sin.sin_addr = libc::in_addr { s_addr: u32::from_ne_bytes(a.ip().octets()) };
            mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(ref a) => {
            let sin6 = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in6) };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_flowinfo = a.flowinfo();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_scope_id = a.scope_id();
            mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as socklen_t)
}

/// Seconds as the C int the kernel takes, saturating (net2 truncated the same way).
fn secs(dur: Duration) -> c_int {
    if dur.as_secs() > c_int::max_value() as u64 {
        c_int::max_value()
    } else {
        dur.as_secs() as c_int
    }
}

fn set_opt<T: Copy>(fd: RawFd, level: c_int, name: c_int, value: T) -> io::Result<()> {
    let ptr = &value as *const T as *const c_void;
    cvt(unsafe { libc::setsockopt(fd, level, name, ptr, mem::size_of::<T>() as socklen_t) })
        .map(|_| ())
}

fn get_opt<T: Copy>(fd: RawFd, level: c_int, name: c_int) -> io::Result<T> {
    let mut value: T = unsafe { mem::zeroed() };
    let mut len = mem::size_of::<T>() as socklen_t;
    let ptr = &mut value as *mut T as *mut c_void;
    cvt(unsafe { libc::getsockopt(fd, level, name, ptr, &mut len) })?;
    // As net2 did: every option read here has a fixed size, which the kernel returns whole.
    assert_eq!(len as usize, mem::size_of::<T>(), "the kernel returned an option of another size");
    Ok(value)
}

fn cvt(ret: c_int) -> io::Result<c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}
