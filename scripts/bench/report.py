#!/usr/bin/env python3
"""scripts/bench/report.py: the benchmark's arithmetic and tables (issue 14).

scripts/bench.sh measures and appends raw values to a results file; this module turns them
into figures (medians, ratios, CPU per request, cores busy, verdicts) and writes the tables
between the markers of docs/BENCHMARKS.md. Standard library only (python3 of Debian 12).

    report.py check-markers DOC           every marker this module fills is in DOC, once
    report.py write RESULTS DOC [--out F]  the tables of RESULTS into DOC's markers, written to
                                           F (default: DOC itself); prints the figures

The results file: one record a line, "KIND name=value name=value ...". Values hold no
spaces, except a last field "text=", which takes the rest of the line. Lines starting with
"#" and blank lines are skipped. The kinds and their fields are those bench.sh writes (its
record calls); each is described where it is read below.

A figure that cannot be computed (no runs, a value that is not a number, a division by zero)
is a FigureError: the program prints it and exits 1, writing nothing, so a lost figure never
becomes a verdict.
"""
import argparse
import math
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpu_profile  # noqa: E402  (the directory of this file, not an installed package)

# --- goals --------------------------------------------------------------------------------------
# Issue 8.
GOAL_GATEWAY_DIRECT = 0.8  # gateway req/s ≥ this × inventory's directly (GET by id)
GOAL_GATEWAY_NGINX_8 = 0.9  # gateway req/s ≥ this × nginx's (GET by id)
GOAL_BILLING_RPS = 3000  # POST /api/billing, orders/s
GOAL_DRAIN_SECONDS = 1  # the spike's backlog written within this, from the worker's start
GOAL_IDLE_RSS_MIB = 10  # each service's VmRSS when idle
# Issue 14.
GOAL_INVENTORY_P99_MS = 10  # inventory directly, GET by id at 32 connections
GOAL_GATEWAY_NGINX = 1.0  # gateway req/s ≥ this × nginx's, both GETs
GOAL_GATEWAY_P99_NGINX = 1.5  # gateway p99 ≤ this × nginx's, both GETs
GOAL_BILLING_RAW = 0.8  # POST /api/billing ≥ this × the raw publish loop at the same window
RAW_WINDOW = 32  # the raw loop's unconfirmed messages: wrk's 32 connections
GOAL_DRAIN_PGBENCH = 0.5  # drain rate ≥ this × pgbench's 100-rows-per-statement rate
# Issue 18.
CURVE_GOAL_CONNECTIONS = (1000, 4000)
GOAL_CURVE_VS_32 = 0.9  # throughput ≥ this × the same service's at 32 connections
# "Back at the idle level" within BACK_TO_IDLE_SECONDS of the largest load. Threads and file
# descriptors: no slack, the worker pools are fixed, so one more than idle is one the load left
# behind (a thread that never exited, a socket never closed). RSS: idle + 2 MiB. Pages once
# touched stay resident even when freed into the allocator (a few thread stacks, malloc's
# free lists), and the idle figure is read before the largest load; 2 MiB absorbs that and
# the kernel's page accounting, while what issue 18 is after (~100 MB kept by 4,000
# connections) stays far above it.
IDLE_RSS_SLACK_KIB = 2048
IDLE_THREADS_SLACK = 0
IDLE_FDS_SLACK = 0

# The seed: the Python original, measured on this machine (issue 14).
SEED_ID_RPS = 269  # GET /api/movies/{id} through its gateway
SEED_LIST_RPS = 206  # GET /api/movies through its gateway
SEED_ORDERS_PER_S = (110, 203)
SEED_DRAIN = (46, 9980)  # seconds, orders
SEED_IDLE_MB = {"gateway": 40, "inventory": 64, "billing": 58}  # MB (10^6 bytes), idle

MARKERS = ("run", "goals", "figures", "cpu", "profile", "curve", "usage")
CPU_PARTS = ("gateway", "inventory", "nginx", "billing", "postgresql", "rabbitmq")
SERVICES = ("inventory", "gateway", "billing")
ENDPOINT_NAME = {"id": "GET /api/movies/{id}", "list": "GET /api/movies"}
TARGET_NAME = {"direct": "directly against inventory", "gateway": "through the gateway",
               "nginx": "through nginx"}
MET, MISSED = "met", "**missed**"


class FigureError(Exception):
    """A figure that cannot be computed: the run stops, nothing is written."""


class MarkerError(Exception):
    """A marker missing from, or broken in, the document."""


# --- arithmetic ---------------------------------------------------------------------------------
def number(value, what="value"):
    """A finite int or float from a number or its decimal text; FigureError otherwise."""
    if isinstance(value, bool):
        raise FigureError(f"{what}: {value!r} is not a number")
    if isinstance(value, (int, float)):
        result = value
    elif isinstance(value, str) and re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value):
        result = float(value) if re.search(r"[.eE]", value) else int(value)
    else:
        raise FigureError(f"{what}: {value!r} is not a number")
    if not math.isfinite(result):
        raise FigureError(f"{what}: {value!r} is not a finite number")
    return result


def median(values, what="median"):
    """The median (mean of the middle two for an even count) of numbers, in any order."""
    numbers = sorted(number(v, what) for v in values)
    if not numbers:
        raise FigureError(f"{what}: median of no values")
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2


def ratio(numerator, denominator, what="ratio"):
    """numerator / denominator; a zero denominator is an error, never inf."""
    n, d = number(numerator, what), number(denominator, what)
    if d == 0:
        raise FigureError(f"{what}: {n} / 0")
    return n / d


def cpu_us_per_unit(ticks, clk_tck, units, what="CPU per request"):
    """CPU µs per request (or order) from clock ticks spent over `units` requests."""
    ticks, units = number(ticks, what), number(units, what)
    if units <= 0:
        raise FigureError(f"{what}: {units} requests")
    if ticks < 0:
        raise FigureError(f"{what}: {ticks} ticks (the counter went backwards)")
    return ratio(ticks * 1_000_000, number(clk_tck, what) * units, what)


def cores_busy_percent(ticks, clk_tck, seconds, cores, what="cores busy"):
    """How busy the machine's cores were, in percent, from the busy ticks of an interval."""
    return ratio(100 * number(ticks, what), number(clk_tck, what) * number(seconds, what)
                 * number(cores, what), what)


OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "==": lambda a, b: a == b}


def verdict(value, op, goal, what="verdict"):
    """MET or MISSED for `value op goal` (op one of <=, >=, ==) on two numbers."""
    if op not in OPS:
        raise FigureError(f"{what}: unknown comparison {op!r}")
    return MET if OPS[op](number(value, what), number(goal, what)) else MISSED


def all_met(verdicts):
    """MET when every verdict is MET."""
    return MET if all(v == MET for v in verdicts) else MISSED


def runs_list(fmt, values):
    """The values of the runs, formatted, comma-separated: runs_list('.0f', [1.2, 3]) == '1, 3'."""
    return ", ".join(format(number(v, "runs"), fmt) for v in values)


def f0(value):
    return format(number(value), ".0f")


def ms(us):
    """Microseconds as milliseconds, 2 decimals."""
    return format(number(us) / 1000, ".2f")


def mib(kib):
    return format(number(kib) / 1024, ".1f")


def times(value):
    """A ratio: 2 decimals, or 2 significant digits below 0.1 (0.0024×, not 0.00×)."""
    v = number(value)
    return (format(v, ".2g") if 0 < abs(v) < 0.1 else format(v, ".2f")) + "×"


# --- the results file ---------------------------------------------------------------------------
def parse_results(lines):
    """Records as (kind, {name: text}) in file order."""
    records = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, rest = line.partition(" ")
        fields = {}
        while rest:
            if rest.startswith("text="):
                fields["text"] = rest[len("text="):]
                break
            token, _, rest = rest.partition(" ")
            if not token:
                continue
            name, eq, value = token.partition("=")
            if not eq or not name:
                raise FigureError(f"results line {lineno}: {token!r} is not name=value")
            fields[name] = value
        records.append((kind, fields))
    return records


class Results:
    """The records of one run, with the lookups the tables need."""

    def __init__(self, records):
        self.records = records
        self.config = self.one("config")
        self.meta = {r["name"]: r.get("text", "") for k, r in records if k == "meta"}

    def all(self, kind, **match):
        return [r for k, r in self.records if k == kind
                and all(r.get(n) == str(v) for n, v in match.items())]

    def one(self, kind, **match):
        found = self.all(kind, **match)
        if len(found) != 1:
            raise FigureError(f"results: {len(found)} '{kind}' records for {match or 'the run'}, expected 1")
        return found[0]

    def cfg(self, name):
        if name not in self.config:
            raise FigureError(f"results: the config record has no '{name}'")
        return number(self.config[name], f"config {name}")

    def text(self, name):
        return self.meta.get(name, "?")

    def field(self, record, name, kind=""):
        if name not in record:
            raise FigureError(f"results: a '{kind}' record {record} has no '{name}'")
        return number(record[name], f"{kind} {name}")

    def values(self, kind, name, **match):
        """The field `name` of every `kind` record matching, in file order; none is an error."""
        found = self.all(kind, **match)
        if not found:
            raise FigureError(f"results: no '{kind}' record for {match}")
        return [self.field(r, name, kind) for r in found]

    # wrk records: key= round= connections= requests= duration_us= rps= p50_us= p99_us=
    # connect= read= write= status= timeout= (wrk's own counts; status: answers >= 400).
    def wrk(self, key, name):
        return self.values("wrk", name, key=key)

    def med(self, key, name):
        return median(self.wrk(key, name), f"{key} {name}")

    def socket_errors(self, key):
        return sum(sum(self.wrk(key, n)) for n in ("connect", "read", "write", "timeout"))

    def status_errors(self, key):
        return sum(self.wrk(key, "status"))

    def errors(self, key):
        return self.socket_errors(key) + self.status_errors(key)

    # cpu records: key= units= (requests or orders), the interval as duration_us=, start_ns= end_ns=
    # or start_s= end_s=, then the
    # clock ticks before (b_) and after (a_) of total (all cores, /proc/stat), each process
    # (CPU_PARTS, /proc/PID/stat) and forks (processes and threads created, /proc/stat).
    def cpu_runs(self, key):
        runs = []
        for r in self.all("cpu", key=key):
            def d(part):
                return self.field(r, "a_" + part, "cpu") - self.field(r, "b_" + part, "cpu")
            units = self.field(r, "units", "cpu")
            clk = self.cfg("clk_tck")
            what = f"CPU per request of {key}"
            run = {p: cpu_us_per_unit(d(p), clk, units, f"{what} ({p})") for p in CPU_PARTS}
            parts = sum(d(p) for p in CPU_PARTS)
            # Per-process times and /proc/stat are sampled separately; "other" never negative.
            total = max(d("total"), parts)
            run["other"] = cpu_us_per_unit(total - parts, clk, units, f"{what} (other)")
            run["total"] = cpu_us_per_unit(total, clk, units, f"{what} (total)")
            run["forks"] = ratio(d("forks"), units, f"{what} (threads created)")
            if "duration_us" in r:
                seconds = self.field(r, "duration_us", "cpu") / 1e6
            elif "start_ns" in r:
                seconds = (self.field(r, "end_ns", "cpu") - self.field(r, "start_ns", "cpu")) / 1e9
            else:
                seconds = self.field(r, "end_s", "cpu") - self.field(r, "start_s", "cpu")
            run["busy"] = cores_busy_percent(total, clk, seconds, self.cfg("cores"), f"cores busy in {key}")
            runs.append(run)
        if not runs:
            raise FigureError(f"results: no 'cpu' record for {key}")
        return runs

    def cpu(self, key, part):
        return median([run[part] for run in self.cpu_runs(key)], f"CPU of {key} ({part})")

    # spike records: round= posted= accepted= answered= post_start_ns= post_end_ns=
    # worker_start_s= first_s= last_s= written= rows= distinct=
    def spike_runs(self):
        runs = []
        for r in self.all("spike"):
            f = {n: self.field(r, n, "spike") for n in ("posted", "accepted", "post_start_ns", "post_end_ns",
                                                        "worker_start_s", "first_s", "last_s", "rows", "distinct")}
            post_s = (f["post_end_ns"] - f["post_start_ns"]) / 1e9
            drain_s = f["last_s"] - f["worker_start_s"]
            runs.append({
                "post_s": post_s,
                "post_rate": ratio(f["accepted"], post_s, "spike: orders/s accepted"),
                "drain_s": drain_s,
                "drain_rate": ratio(f["accepted"], drain_s, "spike: orders/s written"),
                "first_s": f["first_s"] - f["worker_start_s"],
                "errors": f["posted"] - f["accepted"],
                "exact": f["rows"] == f["distinct"] == f["accepted"] == f["posted"],
            })
        if not runs:
            raise FigureError("results: no 'spike' record")
        return runs


# --- markers ------------------------------------------------------------------------------------
def marker_pair(name):
    return f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"


def check_markers(text, names=MARKERS):
    """Each marker pair once, begin before end, on lines of their own; MarkerError names the first
    that is not."""
    for name in names:
        for marker in marker_pair(name):
            count = len(re.findall(r"^" + re.escape(marker) + r"[ \t]*$", text, re.M))
            if count != 1:
                where = "missing from" if count == 0 else f"{count} times in"
                raise MarkerError(f"marker {marker} is {where} the document (on a line of its own)")
        begin, end = marker_pair(name)
        if text.index(begin) > text.index(end):
            raise MarkerError(f"marker {end} comes before {begin}")


def replace_markers(text, tables):
    """The text with what lies between each marker pair of `tables` replaced by its table;
    everything outside the markers is left as it is."""
    check_markers(text, tables.keys())
    for name, table in tables.items():
        begin, end = marker_pair(name)
        pattern = re.compile(r"(^" + re.escape(begin) + r"[ \t]*\n).*?(^" + re.escape(end) + r"[ \t]*$)",
                             re.S | re.M)
        text = pattern.sub(lambda m: m.group(1) + table.rstrip("\n") + "\n" + m.group(2), text, count=1)
    return text


# --- tables -------------------------------------------------------------------------------------
def table(header, align, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def run_table(res):
    c = res.cfg
    quick = c("quick") == 1
    lines = []
    if quick:
        lines.append("**A `--quick` run** (one 1-s run per figure): it proves the script works; its "
                     "figures say nothing about the code.\n")
    dirty = " (working tree with uncommitted changes)" if res.text("dirty") == "1" else ""
    lines += [
        f"- **Date**: {res.text('date')}; **commit** `{res.text('commit')}`{dirty}",
        f"- **Machine**: {c('cores')} cores ({res.text('cpu_model')}), {f0(c('mem_kib') / 1048576)} GiB RAM, "
        f"Linux {res.text('kernel')}; PostgreSQL {res.text('postgresql')}, RabbitMQ {res.text('rabbitmq')}, "
        f"{res.text('nginx')}, wrk {res.text('wrk')}, perf {res.text('perf')}.",
        f"- **Method**: everything on this one machine over loopback: wrk, the three release binaries "
        f"(lto, codegen-units 1; built as the `perf` profile, which is `release` with the symbol table "
        f"kept for perf), nginx, PostgreSQL and RabbitMQ share the {c('cores')} cores. wrk with "
        f"{c('wrk_threads')} threads and {c('connections')} connections, {c('run_seconds')} s per run after a "
        f"{c('warmup_seconds')} s warm-up; every figure measured {c('rounds')} times (the concurrency curve's "
        f"1 and 256 connections once), the runs interleaved "
        f"(direct, gateway, nginx, …), the median quoted and the runs listed. Fresh databases and vhost; "
        f"the billing queue and the raw publish loop's queue are {res.text('queue_type')} queues; "
        f"{c('movies')} movies (`GET /api/movies` answers {c('list_bytes')} bytes); the services' settings "
        f"are those of `.env` (INVENTORY_THREADS={res.text('inventory_threads')}). nginx: "
        f"`worker_processes auto`, keep-alive upstream connections, access log on (the services log every "
        f"request too). Latencies are wrk's (coordinated omission included: per connection, back to back).",
        f"- Logs of the run, its raw measurements (`results.txt`) and perf's samples: `{res.text('log_dir')}/`.",
    ]
    return "\n".join(lines) + "\n"


def seed_ratio(ours, seed_low, seed_high=None):
    if seed_high is None:
        return times(ratio(ours, seed_low, "ours / seed"))
    return (f"{ratio(ours, seed_high, 'ours / seed'):.0f}–{ratio(ours, seed_low, 'ours / seed'):.0f}×")


def goals_table(res, profile):
    """Goals of issues 8, 14 and 18 with this run's figure, both ratios and the verdict."""
    rows = []
    raw = median(res.values("rawpub", "rate", window=RAW_WINDOW), "raw publish rate")
    pg_batch = median(pgbench_rows(res, 100), "pgbench 100 rows per statement")
    spike = res.spike_runs()
    drain_rate = median([s["drain_rate"] for s in spike], "spike drain rate")
    drain_s = median([s["drain_s"] for s in spike], "spike drain time")
    billing = res.med("billing", "rps")
    seed_drain_rate = SEED_DRAIN[1] / SEED_DRAIN[0]

    # Issue 14.
    p99 = res.med("id-direct", "p99_us")
    rows.append(["14", f"Inventory directly, GET /api/movies/{{id}} at {f0(res.cfg('connections'))} connections: "
                 f"p99 ≤ {GOAL_INVENTORY_P99_MS} ms",
                 f"{ms(p99)} ms (median of runs {runs_list('.0f', res.wrk('id-direct', 'p99_us'))} µs)",
                 times(ratio(p99 / 1000, GOAL_INVENTORY_P99_MS)), "", "",
                 verdict(p99 / 1000, "<=", GOAL_INVENTORY_P99_MS)])
    ours = [k for k in wrk_keys(res) if not k.endswith("nginx") and k != "warmup"]
    socket = sum(res.socket_errors(k) for k in ours)
    nginx_socket = sum(res.socket_errors(k) for k in wrk_keys(res) if k.endswith("nginx"))
    rows.append(["14", "No wrk socket error or timeout in any run against our services "
                 f"({sum(len(res.all('wrk', key=k)) for k in ours)} runs: inventory, gateway, billing)",
                 f"{socket} (nginx's runs: {nginx_socket})", "", "", "", verdict(socket, "==", 0)])
    for endpoint, seed in (("id", SEED_ID_RPS), ("list", SEED_LIST_RPS)):
        gw, ngx = res.med(f"{endpoint}-gateway", "rps"), res.med(f"{endpoint}-nginx", "rps")
        r = ratio(gw, ngx, f"{endpoint} gateway / nginx")
        rows.append(["14", f"Gateway ≥ {GOAL_GATEWAY_NGINX}× nginx, {ENDPOINT_NAME[endpoint]}, req/s",
                     f"{times(r)} ({f0(gw)} vs {f0(ngx)} req/s)", times(ratio(r, GOAL_GATEWAY_NGINX)),
                     f"{seed} req/s", seed_ratio(gw, seed), verdict(r, ">=", GOAL_GATEWAY_NGINX)])
    for endpoint in ("id", "list"):
        gw, ngx = res.cpu(f"{endpoint}-gateway", "gateway"), res.cpu(f"{endpoint}-nginx", "nginx")
        rows.append(["14", f"Gateway CPU per proxied request ≤ nginx's, {ENDPOINT_NAME[endpoint]}",
                     f"{f0(gw)} vs {f0(ngx)} µs", times(ratio(gw, ngx, "gateway CPU / nginx CPU")), "", "",
                     verdict(gw, "<=", ngx)])
    for endpoint in ("id", "list"):
        gw, ngx = res.med(f"{endpoint}-gateway", "p99_us"), res.med(f"{endpoint}-nginx", "p99_us")
        r = ratio(gw, ngx, f"{endpoint} gateway p99 / nginx p99")
        rows.append(["14", f"Gateway p99 ≤ {GOAL_GATEWAY_P99_NGINX}× nginx's, {ENDPOINT_NAME[endpoint]}",
                     f"{times(r)} ({ms(gw)} vs {ms(ngx)} ms)", times(ratio(r, GOAL_GATEWAY_P99_NGINX)), "", "",
                     verdict(r, "<=", GOAL_GATEWAY_P99_NGINX)])
    r = ratio(billing, raw, "billing / raw publish")
    rows.append(["14", f"POST /api/billing ≥ {GOAL_BILLING_RAW}× the raw publish-with-confirms loop "
                 f"(≤ {RAW_WINDOW} unconfirmed, same run)", f"{times(r)} ({f0(billing)} vs {f0(raw)}/s)",
                 times(ratio(r, GOAL_BILLING_RAW)), f"{SEED_ORDERS_PER_S[0]}–{SEED_ORDERS_PER_S[1]} orders/s",
                 seed_ratio(billing, *SEED_ORDERS_PER_S), verdict(r, ">=", GOAL_BILLING_RAW)])
    rows.append(["14", "… with zero errors", f"{res.errors('billing')}", "", "", "",
                 verdict(res.errors("billing"), "==", 0)])
    r = ratio(drain_rate, pg_batch, "drain / pgbench")
    rows.append(["14", f"{f0(res.cfg('spike_orders'))}-order drain ≥ {GOAL_DRAIN_PGBENCH}× pgbench's "
                 "100-rows-per-statement insert rate", f"{times(r)} ({f0(drain_rate)} vs {f0(pg_batch)} rows/s)",
                 times(ratio(r, GOAL_DRAIN_PGBENCH)),
                 f"{SEED_DRAIN[0]} s for {SEED_DRAIN[1]:,} orders ({f0(seed_drain_rate)}/s)",
                 seed_ratio(drain_rate, seed_drain_rate), verdict(r, ">=", GOAL_DRAIN_PGBENCH)])
    missing = [f"{t}: {p['reason']}" for t, p in profile.items() if not p["measured"]]
    rows.append(["14", "CPU profile (perf) by component, µs per proxied request, gateway and nginx",
                 "measured (table below)" if not missing else "not measured: " + "; ".join(missing),
                 "", "", "", MET if not missing else MISSED])

    # Issue 18.
    rows += curve_goal_rows(res)

    # Issue 8.
    for endpoint_target, goal in (("direct", GOAL_GATEWAY_DIRECT), ("nginx", GOAL_GATEWAY_NGINX_8)):
        gw, other = res.med("id-gateway", "rps"), res.med(f"id-{endpoint_target}", "rps")
        r = ratio(gw, other, f"gateway / {endpoint_target}")
        rows.append(["8", f"Gateway ≥ {goal}× {'inventory directly' if endpoint_target == 'direct' else 'nginx'}, "
                     "GET /api/movies/{id}", f"{times(r)} ({f0(gw)} vs {f0(other)} req/s)",
                     times(ratio(r, goal)), "", "", verdict(r, ">=", goal)])
    rows.append(["8", f"POST /api/billing ≥ {GOAL_BILLING_RPS} orders/s", f"{f0(billing)} orders/s",
                 times(ratio(billing, GOAL_BILLING_RPS)), f"{SEED_ORDERS_PER_S[0]}–{SEED_ORDERS_PER_S[1]} orders/s",
                 seed_ratio(billing, *SEED_ORDERS_PER_S), verdict(billing, ">=", GOAL_BILLING_RPS)])
    exact_failures = sum(1 for s in spike if not s["exact"])
    rows.append(["8", f"{f0(res.cfg('spike_orders'))}-order backlog written ≤ {GOAL_DRAIN_SECONDS} s from the "
                 "worker's start", f"{drain_s:.3f} s", times(ratio(drain_s, GOAL_DRAIN_SECONDS)),
                 f"{SEED_DRAIN[0]} s ({SEED_DRAIN[1]:,} orders)",
                 times(ratio(drain_s, SEED_DRAIN[0])) + " the time", verdict(drain_s, "<=", GOAL_DRAIN_SECONDS)])
    rows.append(["8", "… every order once: rows = distinct order ids = orders posted",
                 "exact in every run" if not exact_failures else f"wrong in {exact_failures} runs", "", "", "",
                 verdict(exact_failures, "==", 0)])
    for service in ("gateway", "inventory", "billing"):
        kib = res.field(res.one("rss", service=service, when="idle"), "kib", "rss")
        seed = SEED_IDLE_MB[service]
        rows.append(["8", f"{service} RSS idle ≤ {GOAL_IDLE_RSS_MIB} MiB", f"{mib(kib)} MiB",
                     times(ratio(kib / 1024, GOAL_IDLE_RSS_MIB)), f"{seed} MB",
                     times(ratio(kib * 1024, seed * 1_000_000)), verdict(kib / 1024, "<=", GOAL_IDLE_RSS_MIB)])
    return table(["Issue", "Goal", "This run", "Ours / goal", "Seed (Python original)", "Ours / seed", "Verdict"],
                 ["---", "---", "---", "---:", "---", "---:", "---"], rows)


CURVE_SERVICES = (("gateway", "gateway GET"), ("billing", "gateway POST"), ("direct", "inventory GET"))


def curve_goal_rows(res):
    """Issue 18: at each of CURVE_GOAL_CONNECTIONS, one row a criterion, the three services in it;
    the verdict names what missed."""
    curve = [int(number(c, "curve")) for c in res.config.get("curve", "").split(",") if c]
    rows = []
    for c in CURVE_GOAL_CONNECTIONS:
        if c not in curve or 32 not in curve:
            raise FigureError(f"results: the curve {curve} has no run at {c} or at 32 connections")
        errs, vs32, vsngx, p99 = [], [], [], []
        for target, label in CURVE_SERVICES:
            key, key32, ngx = f"c{c}-{target}", f"c32-{target}", f"c{c}-nginx"
            status, socket = res.status_errors(key), res.socket_errors(key)
            errs.append((label, f"{status} + {socket}", verdict(status + socket, "==", 0)))
            r = ratio(res.med(key, "rps"), res.med(key32, "rps"), f"{key} / {key32}")
            vs32.append((label, times(r), verdict(r, ">=", GOAL_CURVE_VS_32)))
            if target != "billing":
                r = ratio(res.med(key, "rps"), res.med(ngx, "rps"), f"{key} / {ngx}")
                vsngx.append((label, times(r), verdict(r, ">=", 1)))
                gw, n = res.med(key, "p99_us"), res.med(ngx, "p99_us")
                p99.append((label, f"{ms(gw)} vs {ms(n)} ms", verdict(gw, "<=", n)))
        for goal, cells in ((f"At {c:,} connections: zero non-2xx and zero socket errors (non-2xx + socket)", errs),
                            (f"… throughput ≥ {GOAL_CURVE_VS_32}× the same service's at 32 connections", vs32),
                            ("… GETs: throughput ≥ nginx's at the same concurrency", vsngx),
                            ("… GETs: p99 ≤ nginx's", p99)):
            rows.append(["18", goal, "; ".join(f"{label} {figure}" for label, figure, _ in cells), "", "", "",
                         verdict_of_parts(cells)])
    top = max(curve)
    for service in ("gateway", "inventory"):
        idle = usage(res, service, "idle")
        after = usage(res, service, "after")
        checks = [("RSS", verdict(after[0], "<=", idle[0] + IDLE_RSS_SLACK_KIB)),
                  ("threads", verdict(after[1], "<=", idle[1] + IDLE_THREADS_SLACK)),
                  ("fds", verdict(after[2], "<=", idle[2] + IDLE_FDS_SLACK))]
        rows.append(["18", f"{service}: back at the idle level {f0(res.cfg('back_to_idle_seconds'))} s after "
                     f"{top:,} connections (RSS ≤ idle + {IDLE_RSS_SLACK_KIB // 1024} MiB, threads and fds ≤ idle)",
                     f"RSS {rss_text(res, service, 'idle', idle[0])} → {rss_text(res, service, 'after', after[0])}, "
                     f"threads {idle[1]} → {after[1]}, "
                     f"fds {idle[2]} → {after[2]}", "", "", "", verdict_of_parts([(n, "", v) for n, v in checks])])
    return rows


def verdict_of_parts(cells):
    missed = [label for label, _, v in cells if v != MET]
    return MET if not missed else f"{MISSED}: {', '.join(missed)}"


def usage(res, service, when):
    r = res.one("usage", service=service, when=when)
    return [res.field(r, n, "usage") for n in ("rss_kib", "threads", "fds")]


def anon_kib(res, service, when):
    """The anonymous part of the RSS (RssAnon: what the process allocated, not the pages of its
    executable and libraries it has read), or None in results recorded before it was."""
    r = res.one("usage", service=service, when=when)
    return res.field(r, "anon_kib", "usage") if "anon_kib" in r else None


def rss_text(res, service, when, rss):
    anon = anon_kib(res, service, when)
    return f"{mib(rss)} MiB" + ("" if anon is None else f" ({mib(anon)} anonymous)")


def pgbench_rows(res, rows_per_statement):
    return [tps * rows_per_statement for tps in res.values("pgbench", "tps", rows_per_statement=rows_per_statement)]


def wrk_keys(res):
    keys = []
    for r in res.all("wrk"):
        if r.get("key") not in keys:
            keys.append(r.get("key"))
    return keys


def figures_table(res):
    rows = []
    for endpoint in ("id", "list"):
        for target in ("direct", "gateway", "nginx"):
            key = f"{endpoint}-{target}"
            rows.append([f"{ENDPOINT_NAME[endpoint]} {TARGET_NAME[target]}: req/s", f0(res.med(key, "rps")),
                         runs_list(".0f", res.wrk(key, "rps")), "", ""])
            rows.append(["… p50 / p99 latency, ms", f"{ms(res.med(key, 'p50_us'))} / {ms(res.med(key, 'p99_us'))}",
                         f"p99 {runs_list('.0f', res.wrk(key, 'p99_us'))} µs", "", ""])
            rows.append(["… errors, all runs (socket + non-2xx)", f"{res.socket_errors(key)} + {res.status_errors(key)}",
                         "", "", ""])
    for endpoint in ("id", "list"):
        for other in ("direct", "nginx"):
            r = ratio(res.med(f"{endpoint}-gateway", "rps"), res.med(f"{endpoint}-{other}", "rps"))
            rows.append([f"{ENDPOINT_NAME[endpoint]}: gateway / {other}", format(r, ".2f"), "", "", ""])
    billing = res.med("billing", "rps")
    rows.append(["POST /api/billing through the gateway, worker running: orders/s", f0(billing),
                 runs_list(".0f", res.wrk("billing", "rps")), f"≥ {GOAL_BILLING_RPS}",
                 verdict(billing, ">=", GOAL_BILLING_RPS)])
    rows.append(["… p50 / p99 latency, ms", f"{ms(res.med('billing', 'p50_us'))} / {ms(res.med('billing', 'p99_us'))}",
                 f"p99 {runs_list('.0f', res.wrk('billing', 'p99_us'))} µs", "", ""])
    rows.append(["… errors, all runs", res.errors("billing"), "", "0", verdict(res.errors("billing"), "==", 0)])
    spike = res.spike_runs()
    orders = f0(res.cfg("spike_orders"))

    def spike_row(label, name, fmt, goal="", v=""):
        values = [s[name] for s in spike]
        return [label, format(median(values, label), fmt), runs_list(fmt, values), goal, v]
    rows.append(spike_row(f"Spike, worker stopped: {orders} orders posted in s", "post_s", ".3f"))
    rows.append(spike_row("… orders/s accepted", "post_rate", ".0f"))
    spike_errors = sum(s["errors"] for s in spike)
    rows.append(["… errors, all runs", spike_errors, "", "0", verdict(spike_errors, "==", 0)])
    drain = median([s["drain_s"] for s in spike], "drain")
    rows.append(spike_row(f"Spike: worker started → all {orders} in the table, s", "drain_s", ".3f",
                          f"≤ {GOAL_DRAIN_SECONDS}", verdict(drain, "<=", GOAL_DRAIN_SECONDS)))
    rows.append(spike_row("… orders/s written (start-up included)", "drain_rate", ".0f"))
    rows.append(spike_row("… worker started → first row in the table, s", "first_s", ".3f"))
    for service in SERVICES:
        idle = res.field(res.one("rss", service=service, when="idle"), "kib", "rss")
        after = res.field(res.one("rss", service=service, when="after"), "kib", "rss")
        rows.append([f"{service} RSS idle / after the load, MiB", f"{mib(idle)} / {mib(after)}", "",
                     f"idle ≤ {GOAL_IDLE_RSS_MIB}", verdict(idle / 1024, "<=", GOAL_IDLE_RSS_MIB)])
    for service in SERVICES:
        startup = [(r_ - s_) / 1e6 for s_, r_ in zip(res.values("startup", "start_ns", service=service),
                                                   res.values("startup", "ready_ns", service=service))]
        until = "consumes" if service == "billing" else "answers /health"
        rows.append([f"{service} start-up until it {until}, ms", f0(median(startup, f"{service} start-up")),
                     runs_list(".0f", startup), "", ""])
    for service in SERVICES:
        size = f"{res.field(res.one('binary', service=service), 'bytes', 'binary') / 1048576:.2f} MiB"
        musl = res.all("musl", service=service)
        musl_size = f"{res.field(musl[0], 'bytes', 'musl') / 1048576:.2f} MiB" if musl else "–"
        rows.append([f"{service} binary: release (glibc, symbols stripped) / static musl in dist/",
                     f"{size} / {musl_size}", "", "", ""])
    for n, label in ((1, "1 row per transaction"), (100, "100 rows per statement")):
        values = pgbench_rows(res, n)
        rows.append([f"Reference: pgbench, {label}, 1 client, rows/s", f0(median(values, "pgbench")),
                     runs_list(".0f", values), "", ""])
    for window, label in (("1", "publish + confirm, 1 at a time"), ("32", "publish, ≤ 32 unconfirmed"),
                          ("1000", "publish, ≤ 1000 unconfirmed")):
        values = res.values("rawpub", "rate", window=window)
        rows.append([f"Reference: raw {label}, msgs/s", f0(median(values, "raw publish")), runs_list(".0f", values),
                     "", ""])
    return table(["Figure", "Median", "Runs", "Goal", ""], ["---", "---:", "---", "---", "---"], rows)


CPU_RUNS = (("id-direct", None), ("id-gateway", None), ("id-nginx", None), ("list-direct", None),
            ("list-gateway", None), ("list-nginx", None), ("billing", "POST /api/billing, worker running"),
            ("spike", "spike: posting, worker stopped"), ("drain", "spike: draining (µs per order)"))


def cpu_table(res):
    rows = []
    for key, label in CPU_RUNS:
        if label is None:
            endpoint, target = key.split("-")
            label = f"{ENDPOINT_NAME[endpoint]} {TARGET_NAME[target]}"
        row = [label] + [f0(res.cpu(key, p)) for p in CPU_PARTS + ("other", "total")]
        row += [f"{f0(res.cpu(key, 'busy'))} %", format(res.cpu(key, "forks"), ".2f")]
        stuck = res.all("stuck", key=key)
        row.append(f"{runs_list('d', [res.field(s, 'gateway', 'stuck') for s in stuck])}; "
                   f"{runs_list('d', [res.field(s, 'inventory', 'stuck') for s in stuck])}" if stuck else "")
        rows.append(row)
    return table(["Run", "gateway", "inventory", "nginx", "billing", "PostgreSQL", "RabbitMQ", "other (wrk, kernel, …)",
                  "total", "cores busy", "threads created", "connections stuck (gateway; inventory)"],
                 ["---"] + ["---:"] * 10 + ["---"], rows)


def curve_table(res):
    curve = [int(number(c, "curve")) for c in res.config.get("curve", "").split(",") if c]
    rows = []
    for c in curve:
        for target, what, who, part in (("direct", "GET /api/movies/{id}", "inventory", "inventory"),
                                        ("gateway", "GET /api/movies/{id}", "gateway", "gateway"),
                                        ("nginx", "GET /api/movies/{id}", "nginx", "nginx"),
                                        ("billing", "POST /api/billing", "gateway", "gateway")):
            key = f"c{c}-{target}"
            rows.append([c, what, who, f0(res.med(key, "rps")),
                         f"{ms(res.med(key, 'p50_us'))} / {ms(res.med(key, 'p99_us'))}",
                         f"{res.socket_errors(key)} + {res.status_errors(key)}", f0(res.cpu(key, part))])
    return table(["connections", "request", "target", "req/s", "p50 / p99 ms", "errors (socket + non-2xx)",
                  "CPU µs/request (its process)"], ["---:", "---", "---", "---:", "---", "---:", "---:"], rows)


def usage_table(res):
    curve = [int(number(c, "curve")) for c in res.config.get("curve", "").split(",") if c]
    rows = []
    for service in ("gateway", "inventory"):
        row = [service]
        for when in ("idle", "loaded", "after"):
            rss, threads, fds = usage(res, service, when)
            row.append(f"{rss_text(res, service, when, rss)}, {threads} threads, {fds} fds")
        rows.append(row)
    return table(["service", "idle", f"after {max(curve):,} connections",
                  f"{f0(res.cfg('back_to_idle_seconds'))} s later"], ["---"] * 4, rows)


# --- the CPU profile ----------------------------------------------------------------------------
# perf records: target=gateway|nginx status=ok script=FILE (perf script's text, in the results'
# directory) or status=failed text=REASON. The run's own cpu record is key=perf-TARGET.
PROFILE_TARGETS = (("gateway", "gateway"), ("nginx", "nginx"))


def load_profiles(res, results_dir):
    profiles = {}
    for target, part in PROFILE_TARGETS:
        r = res.one("perf", target=target)
        if r.get("status") != "ok":
            profiles[target] = {"measured": False, "reason": r.get("text", "no reason given")}
            continue
        path = os.path.join(results_dir, r.get("script", ""))
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                counts = cpu_profile.count_components(cpu_profile.parse_perf_script(f))
        except OSError as e:
            raise FigureError(f"perf samples of {target}: {e}") from e
        samples = sum(counts.values())
        if samples == 0:
            profiles[target] = {"measured": False, "reason": f"perf recorded no sample of {target}"}
            continue
        profiles[target] = {"measured": True, "counts": counts, "samples": samples,
                            "cpu_us": res.cpu(f"perf-{target}", part),
                            "rps": res.med(f"perf-{target}", "rps")}
    return profiles


def profile_table(profiles):
    header = ["Component"]
    for target, _ in PROFILE_TARGETS:
        header += [f"{target}: µs/request", f"{target}: % of samples"]
    rows = []
    for component in cpu_profile.COMPONENTS:
        row = [cpu_profile.COMPONENT_NAME[component]]
        for target, _ in PROFILE_TARGETS:
            p = profiles[target]
            if not p["measured"]:
                row += ["not measured", ""]
                continue
            share = ratio(p["counts"].get(component, 0), p["samples"], "share of samples")
            row += [format(share * p["cpu_us"], ".1f"), format(100 * share, ".1f")]
        rows.append(row)
    total = ["**total: the process's CPU per proxied request (/proc/PID/stat)**"]
    for target, _ in PROFILE_TARGETS:
        p = profiles[target]
        total += ([f"**{p['cpu_us']:.1f}**", f"{p['samples']} samples, {f0(p['rps'])} req/s"] if p["measured"]
                  else [f"not measured: {p['reason']}", ""])
    rows.append(total)
    return table(header, ["---"] + ["---:"] * (2 * len(PROFILE_TARGETS)), rows)


# --- main ---------------------------------------------------------------------------------------
def tables_of(res, results_dir):
    profiles = load_profiles(res, results_dir)
    return {
        "run": run_table(res),
        "goals": goals_table(res, profiles),
        "figures": figures_table(res),
        "cpu": cpu_table(res),
        "profile": profile_table(profiles),
        "curve": curve_table(res),
        "usage": usage_table(res),
    }


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".bench-report.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check-markers", help="every marker is in DOC, once")
    check.add_argument("doc")
    write = sub.add_parser("write", help="the tables of RESULTS into DOC's markers")
    write.add_argument("results")
    write.add_argument("doc")
    write.add_argument("--out", help="where to write (default: DOC itself)")
    args = parser.parse_args(argv)
    try:
        with open(args.doc, encoding="utf-8") as f:
            doc = f.read()
        if args.command == "check-markers":
            check_markers(doc)
            return 0
        with open(args.results, encoding="utf-8") as f:
            res = Results(parse_results(f))
        tables = tables_of(res, os.path.dirname(os.path.abspath(args.results)))
        text = replace_markers(doc, tables)
        write_atomically(args.out or args.doc, text)
        print(tables["goals"])
        print(tables["figures"])
        print(tables["profile"])
    except (FigureError, MarkerError, OSError) as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
