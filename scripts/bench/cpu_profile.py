"""scripts/bench/cpu_profile.py: perf's samples grouped into components (issue 14).

scripts/bench.sh records the gateway (and nginx's workers) with
`perf record -F 999 --call-graph dwarf -p PIDS` during one 32-connection GET run and saves
`perf script -F comm,tid,ip,sym,dso --no-inline`; report.py counts the samples of each
component here and multiplies each share by the process's CPU µs per request of that run.

A sample is one call stack, leaf first. Its component, the first rule that applies:
  1. logging: any frame on the access log's write path (edge::log, Rust's stdout, which only the
     access lines use; nginx's ngx_http_log_*; in the kernel, a write to a regular file), the
     write() under it included;
  2. a leaf in the kernel: the first kernel frame, leaf upwards, that is scheduling or
     networking (SCHED, NET) decides; none: "kernel: other";
  3. a leaf in user space: the first frame, leaf upwards, that belongs to the allocator, the
     HTTP client, the HTTP server or our crates decides (so a memcpy called by ureq is the HTTP
     client's); none: "other".
Rust frames belong to the crate their path starts with (`<gateway::X as tiny_http::Y>::f` is the
gateway's); frames inlined into another are counted as that one (the binaries carry symbols,
no debug information). Debian's nginx keeps only its exported symbols: its static functions (most
of the upstream module, the access log's handler) are unnamed frames, so nginx's user-space
split is approximate (the nearest exported function decides); its kernel split is not.
"""
import re

COMPONENTS = ("sched", "net", "kernel", "server", "client", "alloc", "logging", "ours", "other")
COMPONENT_NAME = {
    "sched": "kernel: scheduling, context switches, wake-ups",
    "net": "kernel: TCP/IP over loopback, sockets",
    "kernel": "kernel: other (syscall entry and exit, epoll, futex, files and pipes, page faults)",
    "server": "user: HTTP server (tiny_http; nginx's ngx_http_* core and event loop)",
    "client": "user: HTTP client (ureq; nginx's upstream and proxy modules)",
    "alloc": "user: allocator (malloc, free, realloc; nginx's pools)",
    "logging": "logging: the access-log write path, its write() included",
    "ours": "user: our code (gateway, edge and the other crates of this repository)",
    "other": "other (libc, Rust's std, frames perf could not name)",
}

SCHED = re.compile(
    r"^(__)?schedule|^finish_task_switch|^__switch_to|^context_switch|^try_to_wake_up|^ttwu_"
    r"|^wake_up_(q|process)|^(en|de)queue_(task|entity)|^pick_next_|^put_prev_|^set_next_|^select_task_rq"
    r"|^update_(curr|load_avg|rq_clock|cfs)|^psi_|^check_preempt|^resched|^sched_|^__sched")
NET = re.compile(
    r"^_*(tcp|ip|ipv4|ipv6|ip6|udp|inet|sock|sk|skb|net|netif|dev|loopback|napi|neigh|nf|raw_v4"
    r"|process_backlog|validate_xmit|kfree_skb|consume_skb|alloc_skb|release_sock|lock_sock|security_sock"
    r"|sys_(sendto|recvfrom|sendmsg|recvmsg|accept|accept4|connect|socket|setsockopt|getsockopt|shutdown)"
    r"|x64_sys_(sendto|recvfrom|sendmsg|recvmsg|accept|accept4|connect|socket|setsockopt|getsockopt|shutdown))"
    r"(_|$)")
LOGGING = re.compile(r"^ngx_http_log_")
# A write to a regular file, in the kernel: under load the services and nginx write no file but
# their access log (Debian's nginx names none of its static functions, ngx_http_log_handler
# among them, so for nginx this is how its log shows).
LOGGING_KERNEL = re.compile(r"_file_write_iter$|_buffered_write_iter$|^generic_perform_write$")
LOGGING_CRATE_PATHS = ("edge::log::", "std::io::stdio::")
ALLOCATOR = re.compile(
    r"^(malloc|free|realloc|calloc|cfree|_int_malloc|_int_free|_int_realloc|malloc_consolidate|tcache_\w+"
    r"|__libc_(malloc|free|calloc|realloc)|unlink_chunk|sysmalloc|__rust_(alloc|dealloc|realloc|alloc_zeroed)"
    r"|__rdl_\w+|ngx_(palloc|pnalloc|pcalloc|alloc|calloc|pfree|palloc_small|palloc_large|palloc_block"
    r"|create_pool|destroy_pool|reset_pool))$")
ALLOCATOR_CRATE_PATHS = ("alloc::alloc::",)
# nginx's upstream side: its modules, the reading of the client's body that starts every proxied
# request (ngx_http_proxy_handler → ngx_http_read_client_request_body → the upstream), the
# writer of the upstream request and the pipe that relays the upstream's answer.
CLIENT_C = re.compile(r"^ngx_http_(upstream|proxy)_|^ngx_event_connect_peer|^ngx_http_read_client_request_body$"
                      r"|^ngx_chain_writer$|^ngx_event_pipe")
# nginx's socket I/O, used by both sides: the caller decides.
EITHER_SIDE_C = re.compile(r"^ngx_(writev|linux_sendfile_chain|unix_recv|unix_send|readv_chain|output_chain)")
SERVER_C = re.compile(r"^ngx_")
CLIENT_CRATES = {"ureq", "ureq_proto", "http", "httparse"}
SERVER_CRATES = {"tiny_http"}
OUR_CRATES = {"gateway", "edge", "inventory", "billing", "order", "broker", "hostlist", "testkit"}


def is_kernel(dso):
    return dso.startswith("[kernel") or dso.endswith(".ko") or dso == "[kernel.kallsyms]"


def rust_path(symbol):
    """The path a Rust symbol's function belongs to: '<gateway::X as tiny_http::Y>::f' → 'gateway::X'."""
    s = symbol.lstrip("<&*").removeprefix("mut ").removeprefix("dyn ").removeprefix("const ")
    return s


def crate_of(symbol):
    """'tiny_http::util::f' → 'tiny_http'; a C symbol → None."""
    path = rust_path(symbol)
    head, sep, _ = path.partition("::")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", head):
        return None
    return head


def user_component(symbol):
    """The component of one user-space frame, or None when it names none (libc, std, unknown)."""
    if ALLOCATOR.match(symbol) or rust_path(symbol).startswith(ALLOCATOR_CRATE_PATHS):
        return "alloc"
    crate = crate_of(symbol)
    if crate is None:
        if EITHER_SIDE_C.match(symbol):
            return None
        if CLIENT_C.match(symbol):
            return "client"
        if SERVER_C.match(symbol):
            return "server"
        return None
    if crate in CLIENT_CRATES:
        return "client"
    if crate in SERVER_CRATES:
        return "server"
    if crate in OUR_CRATES:
        return "ours"
    return None


def is_logging(symbol):
    return bool(LOGGING.match(symbol)) or rust_path(symbol).startswith(LOGGING_CRATE_PATHS)


def classify(stack):
    """The component of one sample: stack is [(symbol, dso), ...], leaf first."""
    if not stack:
        return "other"
    if any(is_logging(symbol) or (is_kernel(dso) and LOGGING_KERNEL.search(symbol)) for symbol, dso in stack):
        return "logging"
    if is_kernel(stack[0][1]):
        for symbol, dso in stack:
            if not is_kernel(dso):
                break
            if SCHED.match(symbol):
                return "sched"
            if NET.match(symbol):
                return "net"
        return "kernel"
    for symbol, dso in stack:
        if is_kernel(dso):
            continue
        component = user_component(symbol)
        if component:
            return component
    return "other"


FRAME = re.compile(r"^\s+[0-9a-fA-F]+\s+(?P<rest>.*)$")


def parse_perf_script(lines):
    """Stacks from `perf script -F comm,tid,ip,sym,dso` text: a header line per sample, then one
    indented line per frame, "ADDRESS SYMBOL (DSO)", then a blank line."""
    stacks, stack, in_sample = [], [], False
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if in_sample:
                stacks.append(stack)
            stack, in_sample = [], False
            continue
        m = FRAME.match(line)
        if m and in_sample:
            rest = m.group("rest")
            symbol, sep, dso = rest.rpartition(" (")
            if not sep:
                symbol, dso = rest, ""
            symbol = re.sub(r"\+0x[0-9a-fA-F]+$", "", symbol.strip())
            stack.append((symbol, dso.rstrip(")")))
        elif not line.startswith((" ", "\t")):
            if in_sample:
                stacks.append(stack)
            stack, in_sample = [], True
    if in_sample:
        stacks.append(stack)
    return stacks


def count_components(stacks):
    """{component: number of samples}."""
    counts = dict.fromkeys(COMPONENTS, 0)
    for stack in stacks:
        counts[classify(stack)] += 1
    return counts
