"""scripts/bench/test_report.py: unit tests of report.py's arithmetic, verdicts, results file and
markers (python3 -m unittest discover -s scripts/bench; scripts/test.sh runs them)."""
import contextlib
import io
import os
import tempfile
import unittest

import report
from report import FigureError, MarkerError, MET, MISSED


class Median(unittest.TestCase):
    def check(self, values, expected):
        self.assertEqual(report.median(values), expected, values)

    def test_odd_count_is_the_middle_value(self):
        for values, expected in (([3], 3), ([1, 2, 3], 2), ([5, 1, 4, 2, 3], 3)):
            self.check(values, expected)

    def test_even_count_is_the_mean_of_the_middle_two(self):
        for values, expected in (([1, 2], 1.5), ([4, 1, 3, 2], 2.5), ([10, 10], 10)):
            self.check(values, expected)

    def test_unsorted_input_and_decimal_text_are_accepted(self):
        self.check(["30.5", "10", "20"], 20)
        self.check(["1e3", "2", "5"], 5)

    def test_no_values_is_an_error(self):
        with self.assertRaisesRegex(FigureError, "no values"):
            report.median([])

    def test_a_value_that_is_not_a_number_is_an_error(self):
        for bad in ("", "nan", "inf", "12ms", None, True, float("nan"), float("inf"), "<NULL>"):
            with self.subTest(bad=bad), self.assertRaises(FigureError):
                report.median([1, bad, 3])


class Arithmetic(unittest.TestCase):
    def test_ratio(self):
        self.assertEqual(report.ratio(3, 4), 0.75)
        self.assertEqual(report.ratio("6", "3"), 2)

    def test_ratio_by_zero_is_an_error_not_inf(self):
        for zero in (0, 0.0, "0", "0.0"):
            with self.subTest(zero=zero), self.assertRaisesRegex(FigureError, "/ 0"):
                report.ratio(1, zero)

    def test_cpu_per_request_from_ticks(self):
        # 250 ticks at 100 per second = 2.5 s of CPU over 50,000 requests = 50 µs each.
        self.assertEqual(report.cpu_us_per_unit(250, 100, 50_000), 50)
        self.assertEqual(report.cpu_us_per_unit(0, 100, 10), 0)

    def test_cpu_per_request_without_requests_or_with_negative_ticks_is_an_error(self):
        with self.assertRaisesRegex(FigureError, "0 requests"):
            report.cpu_us_per_unit(10, 100, 0)
        with self.assertRaisesRegex(FigureError, "backwards"):
            report.cpu_us_per_unit(-1, 100, 10)

    def test_cores_busy(self):
        # 2 cores for 5 s at 100 ticks/s = 1,000 ticks; 950 busy = 95 %.
        self.assertAlmostEqual(report.cores_busy_percent(950, 100, 5, 2), 95)
        with self.assertRaises(FigureError):
            report.cores_busy_percent(950, 100, 0, 2)

    def test_ratios_are_printed_with_their_first_digits(self):
        self.assertEqual(report.times(0.0024348), "0.0024×")
        self.assertEqual(report.times(1.234), "1.23×")
        self.assertEqual(report.times(0), "0.00×")

    def test_runs_list(self):
        self.assertEqual(report.runs_list(".0f", [1.2, "3", 4.6]), "1, 3, 5")
        self.assertEqual(report.runs_list(".3f", [0.1]), "0.100")
        self.assertEqual(report.runs_list(".0f", []), "")
        with self.assertRaises(FigureError):
            report.runs_list(".0f", ["x"])


class Verdict(unittest.TestCase):
    def check(self, value, op, goal, expected):
        self.assertEqual(report.verdict(value, op, goal), expected, f"{value} {op} {goal}")

    def test_at_least(self):
        for value, expected in ((1.01, MET), (1.0, MET), (0.99, MISSED)):
            self.check(value, ">=", 1.0, expected)

    def test_at_most(self):
        for value, expected in ((9.99, MET), (10, MET), (10.01, MISSED)):
            self.check(value, "<=", 10, expected)

    def test_exactly(self):
        for value, expected in ((0, MET), (1, MISSED), ("0", MET)):
            self.check(value, "==", 0, expected)

    def test_no_verdict_on_a_lost_figure(self):
        for value in ("", "nan", None, "inf"):
            with self.subTest(value=value), self.assertRaises(FigureError):
                report.verdict(value, ">=", 1)
        with self.assertRaises(FigureError):
            report.verdict(1, "<", 2)

    def test_every_goal_on_both_sides_and_at_equality(self):
        """Each goal constant, compared as the goals table compares it."""
        rows = (  # goal, op (figure op goal)
            (report.GOAL_GATEWAY_DIRECT, ">="), (report.GOAL_GATEWAY_NGINX_8, ">="),
            (report.GOAL_BILLING_RPS, ">="), (report.GOAL_DRAIN_SECONDS, "<="),
            (report.GOAL_IDLE_RSS_MIB, "<="), (report.GOAL_INVENTORY_P99_MS, "<="),
            (report.GOAL_GATEWAY_NGINX, ">="), (report.GOAL_GATEWAY_P99_NGINX, "<="),
            (report.GOAL_BILLING_RAW, ">="), (report.GOAL_DRAIN_PGBENCH, ">="),
            (report.GOAL_CURVE_VS_32, ">="),
        )
        for goal, op in rows:
            better, worse = (goal * 1.01, goal * 0.99) if op == ">=" else (goal * 0.99, goal * 1.01)
            with self.subTest(goal=goal, op=op):
                self.check(better, op, goal, MET)
                self.check(goal, op, goal, MET)
                self.check(worse, op, goal, MISSED)

    def test_verdict_of_parts_names_what_missed(self):
        self.assertEqual(report.verdict_of_parts([("a", "", MET), ("b", "", MET)]), MET)
        self.assertEqual(report.verdict_of_parts([("a", "", MISSED), ("b", "", MET), ("c", "", MISSED)]),
                         f"{MISSED}: a, c")


class ResultsFile(unittest.TestCase):
    def test_records_fields_and_free_text(self):
        records = report.parse_results([
            "# a comment\n", "\n", "wrk key=id-gateway rps=13190.2 p99_us=9503\n",
            "meta name=cpu_model text=Intel(R) Xeon(R) Processor = fast\n",
        ])
        self.assertEqual(records, [("wrk", {"key": "id-gateway", "rps": "13190.2", "p99_us": "9503"}),
                                   ("meta", {"name": "cpu_model", "text": "Intel(R) Xeon(R) Processor = fast"})])

    def test_a_field_without_a_value_is_an_error(self):
        with self.assertRaisesRegex(FigureError, "line 1"):
            report.parse_results(["wrk key=x rps\n"])

    def test_a_missing_field_or_record_is_an_error_naming_it(self):
        res = report.Results(report.parse_results(["config cores=2\n", "wrk key=id-direct rps=10\n"]))
        with self.assertRaisesRegex(FigureError, "p99_us"):
            res.med("id-direct", "p99_us")
        with self.assertRaisesRegex(FigureError, "id-nginx"):
            res.med("id-nginx", "rps")
        with self.assertRaisesRegex(FigureError, "clk_tck"):
            res.cfg("clk_tck")

    @staticmethod
    def one_cpu_run(units, before, after):
        """Results holding one cpu record of key k over 1 s: before and after map a part to its ticks."""
        parts = ("total", "forks") + report.CPU_PARTS
        snapshot = " ".join(f"b_{p}={before.get(p, 0)} a_{p}={after.get(p, 0)}" for p in parts)
        return report.Results(report.parse_results([
            "config cores=2 clk_tck=100\n", f"cpu key=k units={units} duration_us=1000000 {snapshot}\n"]))

    def test_cpu_of_a_run_from_its_snapshots(self):
        res = self.one_cpu_run(1000, {"gateway": 10, "forks": 5},
                               {"total": 20, "gateway": 15, "inventory": 2, "postgresql": 1, "forks": 7})
        # 5 ticks of the gateway over 1,000 requests at 100 ticks/s = 50 µs; total 20 ticks = 200 µs.
        self.assertEqual(res.cpu("k", "gateway"), 50)
        self.assertEqual(res.cpu("k", "total"), 200)
        self.assertEqual(res.cpu("k", "other"), 120)
        self.assertEqual(res.cpu("k", "forks"), 0.002)
        self.assertEqual(res.cpu("k", "busy"), 10)

    def test_other_is_never_negative(self):
        res = self.one_cpu_run(10, {}, {"total": 1, "gateway": 2})
        self.assertEqual(res.cpu("k", "other"), 0)
        self.assertEqual(res.cpu("k", "total"), 2000)


DOC = """# Title
Prose before, by people.
<!-- bench:goals:begin -->
old goals
<!-- bench:goals:end -->
Prose between.
<!-- bench:cpu:begin -->
<!-- bench:cpu:end -->
Prose after.
"""


class Markers(unittest.TestCase):
    def test_only_what_lies_between_the_markers_is_replaced(self):
        out = report.replace_markers(DOC, {"goals": "| new |\n", "cpu": "| cpu |"})
        self.assertEqual(out, DOC.replace("old goals\n", "| new |\n").replace(
            "<!-- bench:cpu:begin -->\n", "<!-- bench:cpu:begin -->\n| cpu |\n"))

    def test_replacing_twice_gives_the_same_text(self):
        once = report.replace_markers(DOC, {"goals": "| a |\n| b |\n"})
        self.assertEqual(report.replace_markers(once, {"goals": "| a |\n| b |\n"}), once)

    def test_a_table_with_regex_characters_is_written_as_it_is(self):
        out = report.replace_markers(DOC, {"goals": r"| \1 \g<0> $ |"})
        self.assertIn(r"| \1 \g<0> $ |", out)

    def test_a_missing_marker_is_an_error_naming_it(self):
        for broken, name in ((DOC.replace("<!-- bench:cpu:end -->\n", ""), "<!-- bench:cpu:end -->"),
                             (DOC.replace("<!-- bench:goals:begin -->\n", ""), "<!-- bench:goals:begin -->")):
            with self.subTest(name=name), self.assertRaisesRegex(MarkerError, name):
                report.replace_markers(broken, {"goals": "x", "cpu": "y"})

    def test_a_marker_twice_or_in_the_wrong_order_is_an_error(self):
        with self.assertRaisesRegex(MarkerError, "2 times"):
            report.check_markers(DOC + "<!-- bench:cpu:end -->\n", ["cpu"])
        swapped = DOC.replace("<!-- bench:cpu:begin -->", "X").replace(
            "<!-- bench:cpu:end -->", "<!-- bench:cpu:begin -->").replace("X", "<!-- bench:cpu:end -->")
        with self.assertRaisesRegex(MarkerError, "before"):
            report.check_markers(swapped, ["cpu"])

    def test_the_document_has_every_marker(self):
        path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "BENCHMARKS.md")
        with open(path, encoding="utf-8") as f:
            report.check_markers(f.read())


def synthetic_results(directory, perf_ok=True):
    """A complete results file like bench.sh's quick run writes, with round numbers."""
    lines = ["config quick=1 rounds=1 run_seconds=1 warmup_seconds=0 connections=32 wrk_threads=2 movies=100 "
             "spike_orders=1000 cores=2 clk_tck=100 back_to_idle_seconds=15 nofile=20000 list_bytes=22877 "
             "curve=1,32,256,1000,4000 mem_kib=25165824"]
    for name, text in (("date", "2026-11-30 13:51 UTC"), ("commit", "abc1234"), ("dirty", "0"),
                       ("cpu_model", "Some CPU"), ("log_dir", "target/bench")):
        lines.append(f"meta name={name} text={text}")
    snap = ("b_total=0 b_gateway=0 b_inventory=0 b_billing=0 b_nginx=0 b_postgresql=0 b_rabbitmq=0 b_forks=0 "
            "a_total=180 a_gateway=40 a_inventory=40 a_billing=10 a_nginx=20 a_postgresql=30 a_rabbitmq=10 a_forks=3")
    keys = [f"{e}-{t}" for e in ("id", "list") for t in ("direct", "gateway", "nginx")] + ["billing"]
    keys += [f"c{c}-{t}" for c in (1, 32, 256, 1000, 4000) for t in ("direct", "gateway", "nginx", "billing")]
    keys += ["perf-gateway", "perf-nginx"]
    for key in keys:
        lines.append(f"wrk key={key} connections=32 requests=10000 duration_us=1000000 rps=10000.0 p50_us=1000 "
                     "p99_us=5000 connect=0 read=0 write=0 status=0 timeout=0")
        lines.append(f"cpu key={key} units=10000 duration_us=1000000 {snap}")
    lines.append("stuck key=id-gateway gateway=1 inventory=0")
    lines.append(f"cpu key=spike units=1000 start_ns=1000000000 end_ns=1500000000 {snap}")
    lines.append(f"cpu key=drain units=1000 start_s=100.0 end_s=100.05 {snap}")
    lines.append("spike round=1 posted=1000 accepted=1000 answered=1000 post_start_ns=1000000000 "
                 "post_end_ns=1500000000 worker_start_s=100.0 first_s=100.01 last_s=100.05 written=1000 rows=1000 "
                 "distinct=1000")
    for service in report.SERVICES:
        lines += [f"startup service={service} start_ns=0 ready_ns=40000000",
                  f"rss service={service} when=idle kib=3500", f"rss service={service} when=after kib=9000",
                  f"binary service={service} bytes=1500000"]
    for service in ("gateway", "inventory"):
        for when in ("idle", "loaded", "after"):
            lines.append(f"usage service={service} when={when} rss_kib=8000 anon_kib=4096 threads=11 fds=40")
    lines += ["pgbench round=1 rows_per_statement=1 tps=2600", "pgbench round=1 rows_per_statement=100 tps=700"]
    for window in (1, 32, 1000):
        lines.append(f"rawpub round=1 count=2000 window={window} seconds=0.5 rate=9000 nacked=0")
    with open(os.path.join(directory, "perf-gateway.txt"), "w", encoding="utf-8") as f:
        f.write("gateway 10\n\tffffffff81000000 tcp_sendmsg (/kernel)\n\n")
        f.write("gateway 10\n\tffffffff81000000 tcp_sendmsg ([kernel.kallsyms])\n\n"
                "gateway 11\n\t5555 ureq::run (/bin/gateway)\n\n")
    lines.append("perf target=gateway status=ok script=perf-gateway.txt" if perf_ok else
                 "perf target=gateway status=failed text=perf record failed: no permission")
    lines.append("perf target=nginx status=failed text=perf is not installed (Debian's linux-perf)")
    path = os.path.join(directory, "results.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


class WholeReport(unittest.TestCase):
    def write(self, perf_ok=True):
        with tempfile.TemporaryDirectory() as d:
            results = synthetic_results(d, perf_ok)
            doc = os.path.join(d, "doc.md")
            with open(doc, "w", encoding="utf-8") as f:
                f.write("Prose.\n" + "".join(f"<!-- bench:{n}:begin -->\n<!-- bench:{n}:end -->\n"
                                             for n in report.MARKERS))
            out = os.path.join(d, "out.md")
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(report.main(["write", results, doc, "--out", out]), 0)
            with open(out, encoding="utf-8") as f:
                return f.read()

    def test_every_marker_is_filled_and_the_prose_kept(self):
        text = self.write()
        self.assertTrue(text.startswith("Prose.\n"))
        for name in report.MARKERS:
            begin, end = report.marker_pair(name)
            self.assertNotIn(begin + "\n" + end, text, name)
        self.assertIn("| 14 | Gateway ≥ 1.0× nginx, GET /api/movies/{id}, req/s | 1.00× (10000 vs 10000 req/s)", text)
        self.assertIn("| 18 | At 4,000 connections: zero non-2xx", text)
        # The usage table and the back-to-idle rows show the anonymous part of the RSS too.
        self.assertIn("| gateway | 7.8 MiB (4.0 anonymous), 11 threads, 40 fds |", text)
        self.assertIn("RSS 7.8 MiB (4.0 anonymous) → 7.8 MiB (4.0 anonymous)", text)

    def test_a_profile_perf_could_not_record_says_why(self):
        text = self.write(perf_ok=False)
        self.assertIn("not measured: gateway: perf record failed: no permission; nginx: perf is not installed", text)

    def test_a_lost_figure_stops_the_report_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            results = synthetic_results(d)
            with open(results, "a", encoding="utf-8") as f:
                f.write("wrk key=id-gateway connections=32 requests=1 duration_us=1 rps=nan p50_us=1 p99_us=1 "
                        "connect=0 read=0 write=0 status=0 timeout=0\n")
            doc = os.path.join(d, "doc.md")
            with open(doc, "w", encoding="utf-8") as f:
                f.write("".join(f"<!-- bench:{n}:begin -->\n<!-- bench:{n}:end -->\n" for n in report.MARKERS))
            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(report.main(["write", results, doc, "--out", os.path.join(d, "out.md")]), 1)
            self.assertIn("is not a number", err.getvalue())
            self.assertFalse(os.path.exists(os.path.join(d, "out.md")))

    def test_a_missing_marker_stops_the_report(self):
        with tempfile.TemporaryDirectory() as d:
            doc = os.path.join(d, "doc.md")
            with open(doc, "w", encoding="utf-8") as f:
                f.write("<!-- bench:run:begin -->\n<!-- bench:run:end -->\n")
            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(report.main(["check-markers", doc]), 1)
            self.assertIn("<!-- bench:goals:begin --> is missing", err.getvalue())


if __name__ == "__main__":
    unittest.main()
