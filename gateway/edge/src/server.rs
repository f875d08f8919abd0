//! The tiny_http server with the edge's limits, its connection cap fitted to the process's
//! file-descriptor limit.
use crate::limits::{
    CONNECTIONS_MAX, FDS_BASE, HEADER_LINES_MAX, HEAD_BYTES_MAX, HEAD_TIMEOUT, IDLE_THREADS_MIN,
    IDLE_THREAD_TIMEOUT, KEEP_ALIVE_TIMEOUT, LINGER_BYTES_MAX, LINGER_TIMEOUT,
    PIPELINED_REQUESTS_MAX, REQUEST_LINE_BYTES_MAX, SINGLETON_HEADERS,
};
use crate::log;
use std::io;
use std::net::TcpListener;
use tiny_http::{Server, ServerLimits};

/// The server on `listener` (from [`crate::listener::bind`]). `fds_reserved` is how many file
/// descriptors the service itself may hold besides client connections (database or upstream
/// connections); the connection cap is lowered so that all of them fit under
/// `RLIMIT_NOFILE`. The effective cap is logged.
pub fn start(listener: TcpListener, service: &str, fds_reserved: usize) -> io::Result<Server> {
    let nofile = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| open_files_limit(&text));
    let connections_max = connections_max(nofile, fds_reserved);
    let text = nofile.map_or("unlimited".to_owned(), |n| n.to_string());
    log::event(
        service,
        format_args!("at most {connections_max} client connections (open files limit {text})"),
    );
    Server::from_listener_with_limits(listener, None, server_limits(connections_max))
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Every bound of the vendored tiny_http, written out.
pub fn server_limits(connections_max: usize) -> ServerLimits {
    ServerLimits {
        connections_max,
        pipelined_requests_max: PIPELINED_REQUESTS_MAX,
        idle_timeout: KEEP_ALIVE_TIMEOUT,
        head_timeout: HEAD_TIMEOUT,
        request_line_bytes_max: REQUEST_LINE_BYTES_MAX,
        head_bytes_max: HEAD_BYTES_MAX,
        header_lines_max: HEADER_LINES_MAX,
        singleton_headers: SINGLETON_HEADERS,
        linger_bytes_max: LINGER_BYTES_MAX,
        linger_timeout: LINGER_TIMEOUT,
        idle_threads_min: IDLE_THREADS_MIN,
        idle_thread_timeout: IDLE_THREAD_TIMEOUT,
    }
}

/// [`CONNECTIONS_MAX`], or fewer when the open-files limit leaves less room (one descriptor
/// a connection, after [`FDS_BASE`] and the service's reserve); at least one.
pub fn connections_max(open_files_limit: Option<u64>, fds_reserved: usize) -> usize {
    let Some(limit) = open_files_limit else {
        return CONNECTIONS_MAX;
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    limit
        .saturating_sub(FDS_BASE + fds_reserved)
        .clamp(1, CONNECTIONS_MAX)
}

/// The soft "Max open files" of a `/proc/<pid>/limits` text; `None` when unlimited or absent.
fn open_files_limit(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    soft.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROC_LIMITS: &str = "\
Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max open files            1024                 524288               files     
Max locked memory         8388608              8388608              bytes     
";

    #[test]
    fn the_soft_open_files_limit_is_read() {
        #[track_caller]
        fn check(text: &str, expected: Option<u64>) {
            assert_eq!(open_files_limit(text), expected, "{text:?}");
        }
        check(PROC_LIMITS, Some(1024));
        check(
            "Max open files            unlimited            unlimited            files\n",
            None,
        );
        check(
            "Max cpu time              unlimited            unlimited\n",
            None,
        );
        check("", None);
    }

    #[test]
    fn the_connection_cap_fits_under_the_open_files_limit() {
        #[track_caller]
        fn check(limit: Option<u64>, reserved: usize, expected: usize) {
            assert_eq!(
                connections_max(limit, reserved),
                expected,
                "{limit:?} {reserved}"
            );
        }
        check(None, 300, CONNECTIONS_MAX);
        check(Some(1_048_576), 300, CONNECTIONS_MAX);
        check(Some(1024), 300, 1024 - FDS_BASE - 300);
        check(Some(1024), 0, 1024 - FDS_BASE);
        check(Some(100), 300, 1);
        check(Some(u64::MAX), 0, CONNECTIONS_MAX);
    }

    #[test]
    fn the_server_gets_every_edge_limit() {
        let limits = server_limits(7);
        assert_eq!(limits.connections_max, 7);
        assert_eq!(limits.pipelined_requests_max, PIPELINED_REQUESTS_MAX);
        assert_eq!(limits.head_timeout, HEAD_TIMEOUT);
        assert_eq!(limits.singleton_headers, SINGLETON_HEADERS);
    }
}
