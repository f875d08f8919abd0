"""scripts/bench/test_cpu_profile.py: unit tests of cpu_profile.py's rules, symbol → component
(python3 -m unittest discover -s scripts/bench; scripts/test.sh runs them)."""
import unittest

import cpu_profile

K = "[kernel.kallsyms]"
GW = "/work/target/perf/gateway"
LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6"
NGINX = "/usr/sbin/nginx"


class Classify(unittest.TestCase):
    def check(self, stack, expected):
        self.assertEqual(cpu_profile.classify(stack), expected, stack)

    def test_kernel_scheduling(self):
        for leaf in ("finish_task_switch.isra.0", "__schedule", "schedule", "__switch_to_asm", "try_to_wake_up"):
            self.check([(leaf, K), ("do_syscall_64", K), ("epoll_wait", LIBC)], "sched")
        # The nearest named function decides: a lock released inside a wake-up is scheduling.
        self.check([("_raw_spin_unlock_irqrestore", K), ("try_to_wake_up", K), ("sock_def_readable", K),
                    ("tcp_data_queue", K)], "sched")

    def test_kernel_networking(self):
        for leaf in ("tcp_sendmsg_locked", "ip_finish_output2", "__dev_queue_xmit", "loopback_xmit",
                     "net_rx_action", "sock_poll", "__tcp_transmit_skb", "skb_release_data", "__x64_sys_sendto"):
            self.check([(leaf, K), ("do_syscall_64", K)], "net")
        self.check([("copy_user_generic_unrolled", K), ("_copy_to_iter", K), ("skb_copy_datagram_iter", K),
                    ("tcp_recvmsg", K), ("read", LIBC)], "net")

    def test_other_kernel_work(self):
        for leaf in ("do_epoll_wait", "futex_wake", "pipe_write", "exc_page_fault", "syscall_exit_to_user_mode",
                     "entry_SYSCALL_64"):
            self.check([(leaf, K), ("do_syscall_64", K), ("syscall", LIBC)], "kernel")
        # Names that only start like a networking prefix are not networking.
        self.check([("ipc_lock", K)], "kernel")
        self.check([("devkmsg_write", K)], "kernel")

    def test_the_access_log_write_path_is_logging_wherever_the_sample_is(self):
        self.check([("vfs_write", K), ("ksys_write", K), ("write", LIBC),
                    ("<std::io::stdio::StdoutLock as std::io::Write>::write_all", GW), ("edge::exchange::respond", GW)],
                   "logging")
        self.check([("core::fmt::write", GW), ("edge::log::access", GW)], "logging")
        self.check([("ngx_write_fd", NGINX), ("ngx_http_log_write", NGINX), ("ngx_http_log_handler", NGINX)],
                   "logging")

    def test_a_write_to_a_regular_file_is_logging(self):
        self.check([("ext4_buffered_write_iter", K), ("vfs_write", K), ("ksys_write", K), ("__GI___libc_write", LIBC),
                    ("[unknown]", NGINX), ("ngx_http_free_request", NGINX)], "logging")
        # A user frame of that name is not the kernel's file write.
        self.check([("my_file_write_iter", GW)], "other")

    def test_allocator(self):
        for leaf in ("malloc", "_int_free", "__libc_realloc", "cfree", "__rust_dealloc", "ngx_palloc", "tcache_get"):
            self.check([(leaf, LIBC), ("ureq::run", GW)], "alloc")
        self.check([("__memmove_avx_unaligned_erms", LIBC), ("_int_realloc", LIBC), ("ureq::run", GW)], "alloc")

    def test_http_client(self):
        self.check([("ureq::unversioned::transport::TcpTransport::transmit_output", GW)], "client")
        self.check([("__memmove_avx_unaligned_erms", LIBC), ("ureq_proto::client::flow::Flow::write", GW)], "client")
        self.check([("ngx_http_upstream_process_header", NGINX), ("ngx_http_run_posted_requests", NGINX)], "client")
        self.check([("ngx_http_proxy_create_request", NGINX)], "client")
        self.check([("__GI___writev", LIBC), ("ngx_writev", NGINX), ("ngx_chain_writer", NGINX),
                    ("ngx_http_core_content_phase", NGINX)], "client")
        self.check([("[unknown]", NGINX), ("ngx_http_read_client_request_body", NGINX),
                    ("ngx_http_core_run_phases", NGINX)], "client")

    def test_http_server(self):
        self.check([("tiny_http::client::ClientConnection::read_request_line", GW)], "server")
        self.check([("ngx_http_parse_request_line", NGINX), ("ngx_http_process_request_line", NGINX)], "server")
        self.check([("ngx_epoll_process_events", NGINX), ("ngx_worker_process_cycle", NGINX)], "server")
        # nginx's socket I/O serves both sides: its caller decides.
        self.check([("ngx_linux_sendfile_chain", NGINX), ("ngx_http_write_filter", NGINX)], "server")

    def test_our_code(self):
        self.check([("gateway::proxy::proxy_movies", GW)], "ours")
        self.check([("edge::exchange::Exchange::respond", GW)], "ours")
        # A trait of another crate implemented for our type is our code.
        self.check([("<gateway::upstreams::Resolver as ureq::unversioned::resolver::Resolver>::resolve", GW)], "ours")
        # std called by our code is our code's.
        self.check([("core::fmt::write", GW), ("gateway::routes::route", GW)], "ours")

    def test_the_nearest_frame_decides(self):
        self.check([("ureq::run", GW), ("gateway::proxy::proxy_movies", GW), ("tiny_http::Server::recv", GW)],
                   "client")
        self.check([("gateway::proxy::proxy_movies", GW), ("ureq::run", GW)], "ours")

    def test_other(self):
        self.check([], "other")
        self.check([("[unknown]", "[unknown]")], "other")
        self.check([("__memmove_avx_unaligned_erms", LIBC), ("std::sys::pal::unix::thread::Thread::new", GW)],
                   "other")
        self.check([("core::ptr::drop_in_place<gateway::Foo>", GW)], "other")


PERF_SCRIPT = """gateway 10123
\tffffffff8158c3e1 tcp_sendmsg+0xc1 ([kernel.kallsyms])
\t    7f0011223344 __send (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t        55550000 ureq::run (/work/target/perf/gateway)

gateway 10124
\t        55550100 <gateway::A as tiny_http::B>::f (/work/target/perf/gateway)

gateway 10125
\t               0 [unknown] ([unknown])
"""


class Parse(unittest.TestCase):
    def test_samples_and_frames(self):
        stacks = cpu_profile.parse_perf_script(PERF_SCRIPT.splitlines(True))
        self.assertEqual(stacks, [
            [("tcp_sendmsg", "[kernel.kallsyms]"), ("__send", "/usr/lib/x86_64-linux-gnu/libc.so.6"),
             ("ureq::run", "/work/target/perf/gateway")],
            [("<gateway::A as tiny_http::B>::f", "/work/target/perf/gateway")],
            [("[unknown]", "[unknown]")],
        ])

    def test_counts(self):
        counts = cpu_profile.count_components(cpu_profile.parse_perf_script(PERF_SCRIPT.splitlines(True)))
        self.assertEqual(counts["net"], 1)
        self.assertEqual(counts["ours"], 1)
        self.assertEqual(counts["other"], 1)
        self.assertEqual(sum(counts.values()), 3)
        self.assertEqual(set(counts), set(cpu_profile.COMPONENTS))

    def test_every_component_has_a_name(self):
        self.assertEqual(set(cpu_profile.COMPONENT_NAME), set(cpu_profile.COMPONENTS))


if __name__ == "__main__":
    unittest.main()
