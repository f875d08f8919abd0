//! Patched (PATCHES.md): the only `unsafe` code of this crate — five Linux calls that std does
//! not offer, each wrapped in a safe function whose arguments make the call sound:
//! `epoll` (idle keep-alive connections wait in the kernel, not on a thread), `poll` on one
//! socket (a worker waits briefly for the next request before parking its connection), and
//! `getrlimit`/`setrlimit` for `RLIMIT_NOFILE` (a server of thousands of connections raises
//! its soft open-files limit to the hard one, as nginx's `worker_rlimit_nofile` or Go's
//! runtime do), and `recv` with `MSG_DONTWAIT` (the poller throws away what a closing
//! client still sends, without ever blocking).
#![allow(unsafe_code)]

use std::convert::TryFrom;
use std::io;
use std::os::unix::io::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// An epoll instance; the descriptor is closed on drop.
pub(crate) struct Epoll(OwnedFd);

/// What a ready descriptor reported: the token it was registered with.
pub(crate) type Token = u64;

/// Most events taken from the kernel by one `wait`.
pub(crate) const EVENTS_PER_WAIT: usize = 256;

fn check(result: libc::c_int) -> io::Result<libc::c_int> {
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

/// Milliseconds for a C timeout argument, rounded up so a short wait is never a busy one.
fn millis(timeout: Duration) -> libc::c_int {
    let ms = timeout.as_nanos().div_ceil(1_000_000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

impl Epoll {
    pub(crate) fn new() -> io::Result<Epoll> {
        // SAFETY: no pointer argument; a non-negative result is a new descriptor we own.
        let fd = check(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) })?;
        // SAFETY: `fd` was just returned by the kernel and is owned by nobody else.
        Ok(Epoll(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    /// Arms `fd` for one readiness report (readable, or the peer hung up) under `token`:
    /// added the first time (`added == false`), re-armed after that.
    pub(crate) fn arm_once(&self, fd: RawFd, token: Token, added: bool) -> io::Result<()> {
        let mut event = libc::epoll_event {
            events: (libc::EPOLLIN | libc::EPOLLRDHUP | libc::EPOLLONESHOT) as u32,
            u64: token,
        };
        let op = if added {
            libc::EPOLL_CTL_MOD
        } else {
            libc::EPOLL_CTL_ADD
        };
        // SAFETY: `event` is a valid epoll_event for the duration of the call; the kernel
        // copies it. A bad `fd` is reported as an error, not undefined behaviour.
        check(unsafe { libc::epoll_ctl(self.0.as_raw_fd(), op, fd, &mut event) }).map(|_| ())
    }

    /// Waits up to `timeout` for ready descriptors; their tokens are appended to `ready`.
    pub(crate) fn wait(&self, ready: &mut Vec<Token>, timeout: Duration) -> io::Result<()> {
        let mut events = [libc::epoll_event { events: 0, u64: 0 }; EVENTS_PER_WAIT];
        // SAFETY: `events` is a writable array of EVENTS_PER_WAIT entries, the length given;
        // the kernel writes at most that many.
        let n = unsafe {
            libc::epoll_wait(
                self.0.as_raw_fd(),
                events.as_mut_ptr(),
                EVENTS_PER_WAIT as libc::c_int,
                millis(timeout),
            )
        };
        match check(n) {
            Ok(n) => {
                // `n` is at most EVENTS_PER_WAIT (see above), never negative here.
                let n = usize::try_from(n).unwrap_or(0).min(EVENTS_PER_WAIT);
                ready.extend(events[..n].iter().map(|e| e.u64));
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// Whether `fd` has something to read (data, end of stream or an error) within `timeout`.
pub(crate) fn readable_within(fd: RawFd, timeout: Duration) -> io::Result<bool> {
    let mut pollfd = libc::pollfd {
        fd,
        events: libc::POLLIN | libc::POLLRDHUP,
        revents: 0,
    };
    // SAFETY: one valid pollfd, count 1; the kernel writes only its `revents`.
    match check(unsafe { libc::poll(&mut pollfd, 1, millis(timeout)) }) {
        Ok(n) => Ok(n > 0),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether the socket has something to read right now (data, its end or an error), in one
/// system call (`poll` without waiting). For a pooled client connection that means it cannot
/// be reused: the server closed it or sent bytes nobody asked for. (ureq's own check makes
/// three: `ioctl(FIONBIO)`, a one-byte `recv`, `ioctl(FIONBIO)` again.)
pub fn readable_now(stream: &std::net::TcpStream) -> io::Result<bool> {
    readable_within(stream.as_raw_fd(), Duration::ZERO)
}

/// Reads what `fd` has without waiting (`MSG_DONTWAIT`): `WouldBlock` when nothing is there.
pub(crate) fn recv_nowait(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of `buf.len()` bytes, the length given.
    let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        // Non-negative and at most `buf.len()`.
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// Sets the accept queue of a listening socket to `backlog` connections (std binds with 128):
/// `listen(2)` again on a listening socket only changes its backlog. The kernel caps it at
/// `net.core.somaxconn`.
pub fn set_listen_backlog(listener: &std::net::TcpListener, backlog: u32) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let backlog = libc::c_int::try_from(backlog).unwrap_or(libc::c_int::MAX);
    // SAFETY: the descriptor is the listener's own, open for as long as `listener` lives.
    check(unsafe { libc::listen(listener.as_raw_fd(), backlog) }).map(drop)
}

/// Caps glibc's malloc arenas at `arenas` (its default is 8 per core: each thread that
/// allocates while the others hold theirs gets a new one, and after a burst of hundreds of
/// threads the freed memory was spread over so many arenas that `malloc_trim` could give
/// little of it back). Small allocations are served from each thread's cache without the
/// arena's lock. musl has a single allocator and nothing to cap: there this does nothing.
pub fn limit_malloc_arenas(arenas: u32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of the allocator's parameters, under its own lock.
    unsafe {
        libc::mallopt(
            libc::M_ARENA_MAX,
            libc::c_int::try_from(arenas).unwrap_or(libc::c_int::MAX),
        );
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = arenas;
}

/// Gives the allocator's free memory back to the system: with glibc, `malloc_trim(0)`, which
/// releases the free pages of every arena (each thread that allocated got one, and a burst
/// of thousands of connections left them large); musl's allocator returns free memory by
/// itself, so there this does nothing.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own arenas, under their locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The machine's CPU time since boot, idle (idle and iowait) and in all, in clock ticks: the
/// first line of `/proc/stat`. `None` where it cannot be read.
pub(crate) fn cpu_ticks() -> Option<(u64, u64)> {
    cpu_ticks_of(&std::fs::read_to_string("/proc/stat").ok()?)
}

/// [`cpu_ticks`] of a `/proc/stat` text: user, nice, system, idle, iowait, irq, softirq and
/// steal summed (guest time is already inside user).
fn cpu_ticks_of(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .take(8)
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    (ticks.len() >= 5).then(|| (ticks[3] + ticks[4], ticks.iter().sum()))
}

/// The share of the CPU idle between two [`cpu_ticks`] readings, in percent; `None` when no
/// tick passed.
pub(crate) fn idle_percent(before: (u64, u64), after: (u64, u64)) -> Option<u64> {
    let total = after.1.checked_sub(before.1).filter(|t| *t > 0)?;
    let idle = after.0.saturating_sub(before.0).min(total);
    Some(idle * 100 / total)
}

/// The soft and hard `RLIMIT_NOFILE` after raising the soft one to the hard one (when it
/// was lower); `u64::MAX` stands for unlimited.
pub fn raise_open_files_limit() -> io::Result<(u64, u64)> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit.
    check(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) })?;
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: `raised` is a valid rlimit, read by the kernel only.
        if check(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) }).is_ok() {
            limit.rlim_cur = limit.rlim_max;
        }
    }
    let as_u64 = |v: libc::rlim_t| {
        if v == libc::RLIM_INFINITY {
            u64::MAX
        } else {
            v
        }
    };
    Ok((as_u64(limit.rlim_cur), as_u64(limit.rlim_max)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::{TcpListener, TcpStream};
    use std::time::Instant;

    #[test]
    fn a_socket_is_reported_once_per_arming() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        let epoll = Epoll::new().unwrap();
        epoll.arm_once(server.as_raw_fd(), 7, false).unwrap();
        let mut ready = Vec::new();
        epoll.wait(&mut ready, Duration::from_millis(20)).unwrap();
        assert!(ready.is_empty(), "nothing sent yet");
        assert!(!readable_within(server.as_raw_fd(), Duration::from_millis(5)).unwrap());
        client.write_all(b"x").unwrap();
        epoll.wait(&mut ready, Duration::from_secs(5)).unwrap();
        assert_eq!(ready, [7]);
        ready.clear();
        // One-shot: not reported again until re-armed.
        epoll.wait(&mut ready, Duration::from_millis(20)).unwrap();
        assert!(ready.is_empty());
        epoll.arm_once(server.as_raw_fd(), 8, true).unwrap();
        epoll.wait(&mut ready, Duration::from_secs(5)).unwrap();
        assert_eq!(ready, [8]);
        let started = Instant::now();
        assert!(readable_within(server.as_raw_fd(), Duration::from_secs(5)).unwrap());
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn cpu_ticks_and_the_idle_share_come_from_proc_stat() {
        let stat = "cpu  100 5 50 800 45 0 0 0 0 0\ncpu0 50 2 25 400 20 0 0 0 0 0\n";
        assert_eq!(super::cpu_ticks_of(stat), Some((845, 1000)));
        assert_eq!(super::cpu_ticks_of("cpu0 1 2 3 4 5\n"), None, "the first line is the sum");
        assert_eq!(super::cpu_ticks_of("cpu  1 2 x 4 5\n"), None);
        assert_eq!(super::idle_percent((845, 1000), (905, 1200)), Some(30));
        assert_eq!(super::idle_percent((845, 1000), (845, 1000)), None, "no tick passed");
        assert!(super::cpu_ticks().is_some(), "this machine has /proc/stat");
    }

    #[test]
    fn the_open_files_limit_is_read_and_not_lowered() {
        let (soft, hard) = raise_open_files_limit().unwrap();
        assert!(soft >= 1 && soft <= hard, "{soft} {hard}");
    }
}
