//! Prometheus metrics without a client library: counters, gauges and fixed-bucket histograms
//! made of atomics (no lock on the request path), the HTTP request counts every `Exchange`
//! records, process metrics read from `/proc/self`, and the text exposition format (0.0.4)
//! written by hand.
//!
//! Route labels are bounded: each service names its route templates once
//! ([`serve_routes`]); a path maps to one of them or to `other`, never to itself.
use crate::request::origin_form;
use std::fmt::{Display, Write as _};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The `Content-Type` of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A monotonic count.
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub const fn new() -> Counter {
        Counter(AtomicU64::new(0))
    }
    pub fn inc(&self) {
        self.add(1);
    }
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A value that goes up and down.
#[derive(Debug, Default)]
pub struct Gauge(AtomicI64);

impl Gauge {
    pub const fn new() -> Gauge {
        Gauge(AtomicI64::new(0))
    }
    pub fn set(&self, value: i64) {
        self.0.store(value, Ordering::Relaxed);
    }
    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
    /// Adds `delta` (negative to take away).
    pub fn add(&self, delta: i64) {
        self.0.fetch_add(delta, Ordering::Relaxed);
    }
}

/// The most buckets a histogram may have (besides `+Inf`).
pub const BUCKETS_MAX: usize = 16;

/// Request and commit durations, in seconds: 1 ms to 10 s.
pub const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// A histogram with fixed upper bounds. Observations are kept per bucket (made cumulative
/// when written) and their sum in millionths, so every update is one atomic add.
#[derive(Debug)]
pub struct Histogram {
    bounds: &'static [f64],
    buckets: [AtomicU64; BUCKETS_MAX],
    count: AtomicU64,
    sum_millionths: AtomicU64,
}

impl Histogram {
    /// `bounds` ascending, at most [`BUCKETS_MAX`] (checked when compiled for a `static`).
    pub const fn new(bounds: &'static [f64]) -> Histogram {
        assert!(bounds.len() <= BUCKETS_MAX, "too many buckets");
        Histogram {
            bounds,
            buckets: [const { AtomicU64::new(0) }; BUCKETS_MAX],
            count: AtomicU64::new(0),
            sum_millionths: AtomicU64::new(0),
        }
    }

    /// Records one value (negative values count as 0).
    pub fn observe(&self, value: f64) {
        let value = value.max(0.0);
        if let Some(i) = self.bounds.iter().position(|&bound| value <= bound) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        // `as` saturates: an absurd value cannot wrap the sum by itself.
        let millionths = (value * 1e6).round() as u64;
        self.sum_millionths.fetch_add(millionths, Ordering::Relaxed);
    }

    /// Records a duration in seconds.
    pub fn observe_duration(&self, elapsed: Duration) {
        self.observe(elapsed.as_secs_f64());
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

/// A metrics page being written: families with `# HELP` and `# TYPE`, then their samples.
#[derive(Debug, Default)]
pub struct Text(String);

impl Text {
    pub fn new() -> Text {
        Text::default()
    }

    /// Starts a family; `kind` is `counter`, `gauge` or `histogram`.
    pub fn family(&mut self, name: &str, kind: &str, help: &str) {
        let help = help.replace('\\', "\\\\").replace('\n', "\\n");
        let _ = writeln!(self.0, "# HELP {name} {help}\n# TYPE {name} {kind}");
    }

    /// One sample line.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl Display) {
        self.0.push_str(name);
        write_labels(&mut self.0, labels, None);
        let _ = writeln!(self.0, " {value}");
    }

    /// A family of one unlabelled counter.
    pub fn counter(&mut self, name: &str, help: &str, counter: &Counter) {
        self.family(name, "counter", help);
        self.sample(name, &[], counter.get());
    }

    /// A family of one unlabelled gauge.
    pub fn gauge(&mut self, name: &str, help: &str, value: impl Display) {
        self.family(name, "gauge", help);
        self.sample(name, &[], value);
    }

    /// A family of one unlabelled histogram.
    pub fn histogram(&mut self, name: &str, help: &str, histogram: &Histogram) {
        self.family(name, "histogram", help);
        self.histogram_samples(name, &[], histogram);
    }

    /// The `_bucket`, `_sum` and `_count` lines of one histogram of a family.
    pub fn histogram_samples(&mut self, name: &str, labels: &[(&str, &str)], h: &Histogram) {
        // Count first: a concurrent observation then shows in no bucket rather than in a
        // bucket above a smaller `+Inf`.
        let count = h.count();
        let mut cumulative = 0;
        for (i, bound) in h.bounds.iter().enumerate() {
            cumulative += h.buckets[i].load(Ordering::Relaxed);
            let _ = write!(self.0, "{name}_bucket");
            write_labels(&mut self.0, labels, Some(&format_float(*bound)));
            let _ = writeln!(self.0, " {}", cumulative.min(count));
        }
        let _ = write!(self.0, "{name}_bucket");
        write_labels(&mut self.0, labels, Some("+Inf"));
        let _ = writeln!(self.0, " {count}");
        let sum = h.sum_millionths.load(Ordering::Relaxed) as f64 / 1e6;
        self.sample(&format!("{name}_sum"), labels, format_float(sum));
        self.sample(&format!("{name}_count"), labels, count);
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `{a="x",b="y"}` (nothing without labels), with `le` last when given.
fn write_labels(out: &mut String, labels: &[(&str, &str)], le: Option<&str>) {
    if labels.is_empty() && le.is_none() {
        return;
    }
    out.push('{');
    let mut first = true;
    for (name, value) in labels.iter().copied().chain(le.map(|le| ("le", le))) {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, "{name}=\"");
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('}');
}

/// A float as Prometheus reads it back (`0.005`, `1`, `2.5`).
fn format_float(value: f64) -> String {
    format!("{value}")
}

/// The route templates one service may have, `other` included.
pub const ROUTES_MAX: usize = 9;
/// The methods counted by name; any other is `other`.
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const METHOD_SLOTS: usize = METHODS.len() + 1;
const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// The request counts of one process, fed by every `Exchange`.
struct Http {
    requests: [[[AtomicU64; STATUS_CLASSES.len()]; METHOD_SLOTS]; ROUTES_MAX],
    durations: [Histogram; ROUTES_MAX],
}

static HTTP: Http = Http {
    requests: [const { [const { [const { AtomicU64::new(0) }; 5] }; METHOD_SLOTS] }; ROUTES_MAX],
    durations: [const { Histogram::new(DURATION_BUCKETS) }; ROUTES_MAX],
};

/// The service's route templates (`/api/movies/{id}`); set once by [`serve_routes`].
static ROUTES: OnceLock<&'static [&'static str]> = OnceLock::new();
/// When the process started serving (`process_start_time_seconds`).
static STARTED: OnceLock<f64> = OnceLock::new();

/// Names the service's route templates (at most `ROUTES_MAX - 1`; a `{name}` segment matches
/// any one non-empty segment) and starts the process clock. Called once by the service's
/// `start`; a later call in the same process keeps the first table.
pub fn serve_routes(routes: &'static [&'static str]) {
    assert!(routes.len() < ROUTES_MAX, "too many routes");
    let _ = ROUTES.set(routes);
    let _ = STARTED.set(unix_now());
}

fn routes() -> &'static [&'static str] {
    ROUTES.get().copied().unwrap_or(&[])
}

/// The index of the route template a request target matches; `routes().len()` for `other`.
/// Compares segment by segment, allocating nothing.
pub fn route_index(target: &str) -> usize {
    let routes = routes();
    let Some((path, _)) = origin_form(target) else {
        return routes.len();
    };
    routes
        .iter()
        .position(|template| {
            let mut path = trimmed(path).split('/');
            let mut template = trimmed(template).split('/');
            loop {
                match (template.next(), path.next()) {
                    (None, None) => return true,
                    (Some(t), Some(s)) if t.starts_with('{') && !s.is_empty() => {}
                    (Some(t), Some(s)) if t == s => {}
                    _ => return false,
                }
            }
        })
        .unwrap_or(routes.len())
}

/// A path without its leading slash and one trailing slash, as `request::segments` sees it.
fn trimmed(path: &str) -> &str {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.strip_suffix('/').unwrap_or(path)
}

/// The index of a method's label.
pub fn method_index(method: &str) -> usize {
    METHODS
        .iter()
        .position(|m| *m == method)
        .unwrap_or(METHODS.len())
}

/// Counts one answered request (what `Exchange::finish` calls).
pub fn record_request(route: usize, method: usize, status: u16, elapsed: Duration) {
    let route = route.min(ROUTES_MAX - 1);
    let class = usize::from(status / 100).clamp(1, 5) - 1;
    HTTP.requests[route][method.min(METHOD_SLOTS - 1)][class].fetch_add(1, Ordering::Relaxed);
    HTTP.durations[route].observe_duration(elapsed);
}

/// The request families: `http_requests_total` and `http_request_duration_seconds`, for the
/// series that have counted something.
fn write_http(text: &mut Text) {
    let routes = routes();
    let label = |i: usize| routes.get(i).copied().unwrap_or("other");
    text.family(
        "http_requests_total",
        "counter",
        "HTTP requests answered, by route template, method and status class.",
    );
    for (r, by_method) in HTTP.requests.iter().enumerate().take(routes.len() + 1) {
        for (m, by_class) in by_method.iter().enumerate() {
            for (c, count) in by_class.iter().enumerate() {
                let count = count.load(Ordering::Relaxed);
                if count > 0 {
                    let method = METHODS.get(m).copied().unwrap_or("other");
                    text.sample(
                        "http_requests_total",
                        &[
                            ("route", label(r)),
                            ("method", method),
                            ("status", STATUS_CLASSES[c]),
                        ],
                        count,
                    );
                }
            }
        }
    }
    text.family(
        "http_request_duration_seconds",
        "histogram",
        "Time from a request's arrival to its answer sent, by route template.",
    );
    for (r, histogram) in HTTP.durations.iter().enumerate().take(routes.len() + 1) {
        if histogram.count() > 0 {
            text.histogram_samples(
                "http_request_duration_seconds",
                &[("route", label(r))],
                histogram,
            );
        }
    }
}

/// The whole page of a service: its build, its HTTP requests (when it serves routes), what
/// `extra` writes (the service's own families), then the process.
pub fn render(service: &str, version: &str, extra: impl FnOnce(&mut Text)) -> String {
    let mut text = Text::new();
    let info = format!("{service}_build_info");
    text.family(
        &info,
        "gauge",
        "Always 1; the version label says which build runs.",
    );
    text.sample(&info, &[("version", version)], 1);
    if ROUTES.get().is_some() {
        write_http(&mut text);
    }
    extra(&mut text);
    write_process(&mut text);
    text.into_string()
}

/// `process_*`, read from `/proc/self` at each scrape; a value that cannot be read is left
/// out.
fn write_process(text: &mut Text) {
    let started = *STARTED.get_or_init(unix_now);
    text.gauge(
        "process_start_time_seconds",
        "Start time of the process since the Unix epoch, in seconds.",
        format_float(started),
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(rss) = status_kib(&status, "VmRSS:") {
        text.gauge(
            "process_resident_memory_bytes",
            "Resident memory size, in bytes.",
            rss * 1024,
        );
    }
    if let Some(size) = status_kib(&status, "VmSize:") {
        text.gauge(
            "process_virtual_memory_bytes",
            "Virtual memory size, in bytes.",
            size * 1024,
        );
    }
    if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
        text.gauge(
            "process_open_fds",
            "Open file descriptors.",
            entries.count(),
        );
    }
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    if let Some(max) = open_files_soft_limit(&limits) {
        text.gauge(
            "process_max_fds",
            "The soft limit on open file descriptors.",
            max,
        );
    }
}

/// The soft "Max open files" of `/proc/self/limits`; `None` when unlimited.
fn open_files_soft_limit(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A `kB` line of `/proc/self/status` (`VmRSS:    1234 kB`).
fn status_kib(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| (d.as_millis() as f64) / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_is_written_cumulative_with_its_sum_and_count() {
        static H: Histogram = Histogram::new(&[0.1, 1.0]);
        H.observe(0.05);
        H.observe(0.5);
        H.observe(0.5);
        H.observe(7.0);
        let mut text = Text::new();
        text.histogram("x_seconds", "Some durations.", &H);
        assert_eq!(
            text.into_string(),
            "# HELP x_seconds Some durations.\n# TYPE x_seconds histogram\n\
             x_seconds_bucket{le=\"0.1\"} 1\nx_seconds_bucket{le=\"1\"} 3\n\
             x_seconds_bucket{le=\"+Inf\"} 4\nx_seconds_sum 8.05\nx_seconds_count 4\n"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        let mut text = Text::new();
        text.sample("m", &[("a", "x\"y\\z\n"), ("b", "c")], 2);
        assert_eq!(text.into_string(), "m{a=\"x\\\"y\\\\z\\n\",b=\"c\"} 2\n");
    }

    #[test]
    fn a_path_maps_to_its_template_or_to_other() {
        serve_routes(&["/api/movies", "/api/movies/{id}", "/health"]);
        #[track_caller]
        fn check(target: &str, expected: usize) {
            assert_eq!(route_index(target), expected, "{target}");
        }
        check("/api/movies", 0);
        check("/api/movies/?limit=3", 0);
        check("/api/movies/42", 1);
        check("/api/movies/42/x", 3);
        check("/health", 2);
        check("/nothing", 3);
        check("*", 3);
        check("http://host/api/movies", 3);
        assert_eq!(method_index("GET"), 0);
        assert_eq!(method_index("BREW"), 7);
    }

    #[test]
    fn the_process_is_described() {
        let page = render("svc", "1.2.3", |text| text.gauge("svc_x", "X.", 5));
        assert!(
            page.contains("svc_build_info{version=\"1.2.3\"} 1\n"),
            "{page}"
        );
        assert!(page.contains("\nsvc_x 5\n"), "{page}");
        for name in [
            "process_start_time_seconds ",
            "process_resident_memory_bytes ",
            "process_open_fds ",
        ] {
            assert!(page.contains(&format!("\n{name}")), "{name}: {page}");
        }
    }
}
