//! `INVENTORY_URL` as a list of inventories: parsing it, the order in which one request tries
//! them (round robin over the healthy ones), and ejection: an inventory that refused a
//! connection gets no requests for [`UPSTREAM_EJECTION_TIME`], so a dead one costs a refused
//! connect now and then instead of one per request.
use crate::limits::{UPSTREAMS_MAX, UPSTREAM_EJECTION_TIME};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Parses `http://host:port[/prefix][,http://...]`: one base URL per inventory, each without a
/// trailing slash; plain HTTP only (the gateway is built without TLS). The error names the
/// variable.
pub fn parse(text: &str) -> Result<Vec<String>, String> {
    let entries: Vec<&str> = text.split(',').map(str::trim).collect();
    if entries.len() > UPSTREAMS_MAX {
        return Err(format!(
            "INVENTORY_URL lists more than {UPSTREAMS_MAX} URLs"
        ));
    }
    let mut urls: Vec<String> = Vec::with_capacity(entries.len());
    for entry in entries {
        let url = parse_one(entry)?;
        if urls.contains(&url) {
            return Err(format!("INVENTORY_URL lists {url} twice"));
        }
        urls.push(url);
    }
    Ok(urls)
}

/// Accepts `http://host[:port][/prefix]`.
fn parse_one(text: &str) -> Result<String, String> {
    let bad = |why: &str| format!("INVENTORY_URL {why}, got {text:?}");
    let trimmed = text.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("http://")
        .ok_or_else(|| bad("must start with http://"))?;
    if rest.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(bad("must be http://host:port"));
    }
    let uri: ureq::http::Uri = trimmed.parse().map_err(|_| bad("is not a valid URL"))?;
    if uri.host().map_or(true, str::is_empty) {
        return Err(bad("has no host"));
    }
    Ok(trimmed.to_owned())
}

/// One inventory.
struct Node {
    base_url: String,
    /// Not sent requests before this instant (it refused a connection).
    ejected_until: Mutex<Option<Instant>>,
}

/// Every inventory and where the round robin stands; shared by all request threads.
pub struct Upstreams {
    nodes: Vec<Node>,
    next: AtomicUsize,
}

impl Upstreams {
    /// The inventories of `INVENTORY_URL`, in its order (never empty).
    pub fn new(base_urls: &[String]) -> Upstreams {
        assert!(!base_urls.is_empty(), "the parser never yields no URL");
        Upstreams {
            nodes: base_urls
                .iter()
                .map(|url| Node {
                    base_url: url.clone(),
                    ejected_until: Mutex::new(None),
                })
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// How many inventories there are (at least one).
    pub fn count(&self) -> usize {
        self.nodes.len()
    }

    /// The base URL of inventory `index`.
    pub fn base_url(&self, index: usize) -> &str {
        &self.nodes[index].base_url
    }

    /// The order in which one request tries the inventories: starting one further than the
    /// previous request (round robin), those not ejected first, then the ejected ones (when
    /// all refused lately, trying them again beats a certain 502).
    pub fn order(&self, now: Instant) -> Vec<usize> {
        let count = self.nodes.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        let (mut healthy, ejected): (Vec<usize>, Vec<usize>) = (0..count)
            .map(|offset| (start + offset) % count)
            .partition(|&index| !self.is_ejected(index, now));
        healthy.extend(ejected);
        healthy
    }

    /// Inventory `index` refused a connection: no requests for [`UPSTREAM_EJECTION_TIME`].
    pub fn eject(&self, index: usize, now: Instant) {
        *self.lock(index) = Some(now + UPSTREAM_EJECTION_TIME);
    }

    /// Inventory `index` answered: it takes requests again at once.
    pub fn restore(&self, index: usize) {
        let mut until = self.lock(index);
        if until.is_some() {
            *until = None;
        }
    }

    fn is_ejected(&self, index: usize, now: Instant) -> bool {
        self.lock(index).is_some_and(|until| now < until)
    }

    /// Whether each inventory is ejected now (it refused a connection lately).
    pub fn ejected(&self, now: Instant) -> Vec<bool> {
        (0..self.nodes.len())
            .map(|index| self.is_ejected(index, now))
            .collect()
    }

    /// The ejection time of one inventory; consistent even if a thread panicked holding it.
    fn lock(&self, index: usize) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.nodes[index]
            .ejected_until
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Result<&[&str], &str>) {
        let got = parse(input);
        match expected {
            Ok(urls) => assert_eq!(got, Ok(urls.iter().map(|u| u.to_string()).collect())),
            Err(message) => assert_eq!(got, Err(message.to_owned())),
        }
    }

    #[test]
    fn inventory_url_lists_parse_strictly() {
        check("http://a:5000/", Ok(&["http://a:5000"]));
        check(
            "http://a:5000, http://b:5000/p",
            Ok(&["http://a:5000", "http://b:5000/p"]),
        );
        check(
            "http://a:5000,",
            Err("INVENTORY_URL must start with http://, got \"\""),
        );
        check(
            "http://a:1,https://b:1",
            Err("INVENTORY_URL must start with http://, got \"https://b:1\""),
        );
        check(
            "http://a:1,http://a:1/",
            Err("INVENTORY_URL lists http://a:1 twice"),
        );
        let many: Vec<String> = (0..=UPSTREAMS_MAX)
            .map(|i| format!("http://h{i}"))
            .collect();
        check(
            &many.join(","),
            Err("INVENTORY_URL lists more than 16 URLs"),
        );
    }

    #[test]
    fn requests_go_round_robin_and_skip_an_ejected_inventory_until_its_time_is_up() {
        let urls: Vec<String> = ["http://a", "http://b", "http://c"]
            .map(String::from)
            .to_vec();
        let upstreams = Upstreams::new(&urls);
        let now = Instant::now();
        assert_eq!(upstreams.order(now), [0, 1, 2]);
        assert_eq!(upstreams.order(now), [1, 2, 0]);
        upstreams.eject(2, now);
        assert_eq!(upstreams.order(now), [0, 1, 2], "ejected: tried last");
        assert_eq!(upstreams.order(now), [0, 1, 2]);
        assert_eq!(upstreams.order(now), [1, 0, 2]);
        let later = now + UPSTREAM_EJECTION_TIME;
        assert_eq!(
            upstreams.order(later),
            [2, 0, 1],
            "back after the ejection time"
        );
        assert_eq!(upstreams.ejected(now), [false, false, true]);
        upstreams.restore(2);
        assert_eq!(upstreams.ejected(now), [false, false, false]);
    }
}
