//! The tiny_http server with the edge's limits: each request runs on the worker thread that
//! read it, start to finish; idle keep-alive connections wait in epoll, not on a thread. The
//! process's open-files limit is raised to its hard limit and checked against what the caps
//! need before the server starts.
use crate::limits::{
    CONNECTIONS_MAX, FDS_BASE, HEADER_LINES_MAX, HEAD_BYTES_MAX, HEAD_TIMEOUT, IDLE_THREAD_TIMEOUT,
    KEEP_ALIVE_PARK_AFTER, KEEP_ALIVE_TIMEOUT, LINGER_BYTES_MAX, LINGER_TIMEOUT, MALLOC_ARENAS_MAX,
    PIPELINED_REQUESTS_MAX, REQUEST_LINE_BYTES_MAX, SINGLETON_HEADERS, WORKERS_GROW_IDLE_PERCENT,
    WORKERS_RETIRE_IDLE_PERCENT, WORKERS_STALL_AFTER,
};
use crate::log;
use std::io;
use std::net::TcpListener;
use std::time::Duration;
use tiny_http::{Request, Server, ServerLimits};

/// How many worker threads a service runs, and the descriptors it holds besides client
/// connections (database or upstream connections).
#[derive(Debug, Clone, Copy)]
pub struct Sizing {
    /// Most requests served at once, one worker thread each.
    pub workers_max: usize,
    /// Workers started as soon as a connection is ready with none idle; past them, more
    /// start only when the queue stalls for [`WORKERS_STALL_AFTER`] (every worker blocked).
    pub workers_eager_max: usize,
    /// Workers kept when idle.
    pub workers_min: usize,
    /// Descriptors the service holds besides client connections.
    pub fds_reserved: usize,
    /// A request ready this long while every worker is busy gets a worker of its own (at
    /// most `late_workers_max` more), whose handler refuses it (`Request::queued`); `None`:
    /// requests wait for a worker however long.
    pub queue_wait_max: Option<Duration>,
    /// See `queue_wait_max`.
    pub late_workers_max: usize,
}

/// The server on `listener` (from [`crate::listener::bind`]), running `handler` on each
/// request. Fails with a message naming the fix when the open-files limit, even raised to
/// its hard limit, cannot hold [`CONNECTIONS_MAX`] and the service's own descriptors.
pub fn start<H>(
    listener: TcpListener,
    service: &str,
    sizing: Sizing,
    handler: H,
) -> io::Result<Server>
where
    H: Fn(Request) + Send + Sync + 'static,
{
    tiny_http::limit_malloc_arenas(MALLOC_ARENAS_MAX);
    let (soft, hard) = tiny_http::raise_open_files_limit()?;
    let needed = fds_needed(sizing.fds_reserved);
    check_open_files(service, soft, hard, needed)?;
    let shown = |n: u64| {
        if n == u64::MAX {
            "unlimited".to_owned()
        } else {
            n.to_string()
        }
    };
    log::event(
        service,
        format_args!(
            "at most {CONNECTIONS_MAX} client connections and {} worker threads ({} at once, more \
             when they are all blocked or cores are idle; open files limit {}, hard {}, \
             {needed} needed)",
            sizing.workers_max,
            sizing.workers_eager_max.min(sizing.workers_max),
            shown(soft),
            shown(hard)
        ),
    );
    Server::from_listener_with_handler(listener, server_limits(sizing), handler)
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Every bound of the vendored tiny_http, written out.
pub fn server_limits(sizing: Sizing) -> ServerLimits {
    ServerLimits {
        connections_max: CONNECTIONS_MAX,
        pipelined_requests_max: PIPELINED_REQUESTS_MAX,
        idle_timeout: KEEP_ALIVE_TIMEOUT,
        head_timeout: HEAD_TIMEOUT,
        request_line_bytes_max: REQUEST_LINE_BYTES_MAX,
        head_bytes_max: HEAD_BYTES_MAX,
        header_lines_max: HEADER_LINES_MAX,
        singleton_headers: SINGLETON_HEADERS,
        linger_bytes_max: LINGER_BYTES_MAX,
        linger_timeout: LINGER_TIMEOUT,
        idle_threads_min: sizing.workers_min.min(sizing.workers_max),
        idle_thread_timeout: IDLE_THREAD_TIMEOUT,
        workers_max: sizing.workers_max,
        workers_eager_max: sizing.workers_eager_max.min(sizing.workers_max),
        stall_after: WORKERS_STALL_AFTER,
        grow_when_idle_percent: WORKERS_GROW_IDLE_PERCENT,
        retire_below_idle_percent: WORKERS_RETIRE_IDLE_PERCENT,
        park_after: KEEP_ALIVE_PARK_AFTER,
        queue_wait_max: sizing.queue_wait_max,
        overflow_workers_max: sizing.late_workers_max,
    }
}

/// Descriptors the process needs: one per client connection, the service's reserve and
/// [`FDS_BASE`]. The systemd units' `LimitNOFILE` is set above this.
pub fn fds_needed(fds_reserved: usize) -> u64 {
    (CONNECTIONS_MAX + fds_reserved + FDS_BASE) as u64
}

fn check_open_files(service: &str, soft: u64, hard: u64, needed: u64) -> io::Result<()> {
    if soft >= needed {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "the open files limit is {soft} (hard limit {hard}) but {service} needs {needed} \
         ({CONNECTIONS_MAX} client connections, its own descriptors and {FDS_BASE} more): raise \
         it (LimitNOFILE= in the systemd unit, or ulimit -n {needed})"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_below_what_the_caps_need_is_a_clear_refusal() {
        let needed = fds_needed(300);
        assert_eq!(needed, (CONNECTIONS_MAX + 300 + FDS_BASE) as u64);
        assert!(check_open_files("svc", needed, needed, needed).is_ok());
        assert!(check_open_files("svc", u64::MAX, u64::MAX, needed).is_ok());
        let error = check_open_files("svc", 1024, 4096, needed).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("the open files limit is 1024 (hard limit 4096)"),
            "{text}"
        );
        assert!(text.contains(&format!("svc needs {needed}")), "{text}");
        assert!(text.contains("LimitNOFILE="), "{text}");
    }

    #[test]
    fn the_server_gets_every_edge_limit() {
        let limits = server_limits(Sizing {
            workers_max: 7,
            workers_eager_max: 8,
            workers_min: 9,
            fds_reserved: 0,
            queue_wait_max: Some(Duration::from_secs(3)),
            late_workers_max: 5,
        });
        assert_eq!(limits.queue_wait_max, Some(Duration::from_secs(3)));
        assert_eq!(limits.overflow_workers_max, 5);
        assert_eq!(limits.connections_max, CONNECTIONS_MAX);
        assert_eq!(limits.workers_max, 7);
        assert_eq!(limits.idle_threads_min, 7, "never more kept than allowed");
        assert_eq!(
            limits.workers_eager_max, 7,
            "never more started than allowed"
        );
        assert_eq!(limits.stall_after, WORKERS_STALL_AFTER);
        assert_eq!(limits.grow_when_idle_percent, WORKERS_GROW_IDLE_PERCENT);
        assert_eq!(
            limits.retire_below_idle_percent,
            WORKERS_RETIRE_IDLE_PERCENT
        );
        assert_eq!(limits.park_after, KEEP_ALIVE_PARK_AFTER);
        assert_eq!(limits.pipelined_requests_max, PIPELINED_REQUESTS_MAX);
        assert_eq!(limits.head_timeout, HEAD_TIMEOUT);
        assert_eq!(limits.singleton_headers, SINGLETON_HEADERS);
    }
}
