//! The list streamed from the database: memory that does not grow with the table, a slow but
//! reading client served to the end, a database failure half-way seen by the client as a
//! broken transfer, and the worker's connection given back (or replaced) afterwards.
mod support;

use std::io::{self, BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::Inventory;
use testkit::{wait_until, TestDb};

/// The table of issue 12: 67,000 movies of ~1,235 bytes of JSON each, ~83 MB in all.
const LARGE_TABLE_ROWS: i64 = 67_000;
/// md5 gives 32 hex characters: 37 of them make a 1,184-character description.
const DESCRIPTION_MD5_REPEATS: i32 = 37;
/// What inventory may hold resident while serving eight full lists of that table at once.
const RESIDENT_BYTES_MAX: u64 = 64 * 1024 * 1024;

/// Fills the service's table in one statement: `Movie <n>` with a long hex description.
fn populate(db: &TestDb, rows: i64) {
    db.client()
        .execute(
            "INSERT INTO movies (title, description)
             SELECT 'Movie ' || g, repeat(md5(g::text), $2)
             FROM generate_series(1, $1::bigint) g",
            &[&rows, &DESCRIPTION_MD5_REPEATS],
        )
        .expect("populate movies");
}

/// The exact length of the list's JSON as inventory must write it (serde_json's compact
/// form; these titles and descriptions need no escaping).
fn expected_list_bytes(db: &TestDb) -> u64 {
    let bytes: i64 = db
        .client()
        .query_one(
            r#"SELECT (2 + count(*) - 1 + coalesce(sum(octet_length(
                   '{"id":' || id || ',"title":' || to_json(title)::text
                   || ',"description":' || to_json(description)::text || '}')), 0))::bigint
               FROM movies"#,
            &[],
        )
        .expect("sum the JSON length")
        .get(0);
    u64::try_from(bytes).expect("a length is positive")
}

/// A `GET` sent, its head read: what remains in the reader is the body.
struct Answer {
    status: u16,
    head: String,
    body: BufReader<TcpStream>,
}

fn request(addr: SocketAddr, method: &str, path: &str) -> Answer {
    let mut stream = support::connect(addr);
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap_or_else(|e| panic!("{method} {path}: write: {e}"));
    let mut body = BufReader::with_capacity(64 * 1024, stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = body
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("{method} {path}: read head: {e}; got {head:?}"));
        assert!(n > 0, "{method} {path}: closed in the head: {head:?}");
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: bad status line in {head:?}"));
    Answer { status, head, body }
}

impl Answer {
    /// The chunked body as it arrives; panics if the answer is not chunked.
    fn chunked(self) -> Chunked {
        assert!(
            self.head
                .to_ascii_lowercase()
                .contains("\r\ntransfer-encoding: chunked\r\n"),
            "not chunked: {:?}",
            self.head
        );
        Chunked {
            inner: self.body,
            left: 0,
            terminated: false,
        }
    }
}

/// De-chunks a body as it is read, as curl does; remembers whether the terminating
/// `0\r\n\r\n` came. A connection closed before it is an `UnexpectedEof` error.
struct Chunked {
    inner: BufReader<TcpStream>,
    left: usize,
    terminated: bool,
}

impl Chunked {
    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        self.inner.read_line(&mut line)?;
        match line.strip_suffix("\r\n") {
            Some(text) => Ok(text.to_owned()),
            None => Err(io::Error::new(
                ErrorKind::UnexpectedEof,
                format!("the connection ended inside the chunk framing after {line:?}"),
            )),
        }
    }
}

impl Read for Chunked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.terminated || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let size = self.line()?;
            self.left = usize::from_str_radix(&size, 16).map_err(|_| {
                io::Error::new(ErrorKind::InvalidData, format!("chunk size {size:?}"))
            })?;
            if self.left == 0 {
                let end = self.line()?;
                if !end.is_empty() {
                    return Err(io::Error::new(ErrorKind::InvalidData, "trailers"));
                }
                self.terminated = true;
                return Ok(0);
            }
        }
        let want = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                ErrorKind::UnexpectedEof,
                "the connection ended inside a chunk",
            ));
        }
        self.left -= n;
        if self.left == 0 && !self.line()?.is_empty() {
            return Err(io::Error::new(
                ErrorKind::InvalidData,
                "no CRLF after a chunk",
            ));
        }
        Ok(n)
    }
}

/// What a streamed list looked like: its length, movie count, first and last byte.
#[derive(Debug, Default)]
struct Tally {
    bytes: u64,
    movies: u64,
    first: Option<u8>,
    last: Option<u8>,
}

/// Reads a whole chunked list without keeping it. Each `{` opens a movie (the test's titles
/// and descriptions hold none).
fn tally(mut body: Chunked) -> io::Result<Tally> {
    let mut tally = Tally::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            return Ok(tally);
        }
        let bytes = &buf[..n];
        tally.first = tally.first.or(bytes.first().copied());
        tally.last = bytes.last().copied();
        tally.bytes += n as u64;
        tally.movies += bytes.iter().filter(|&&b| b == b'{').count() as u64;
    }
}

/// VmRSS of a process, in bytes.
fn resident_bytes(pid: u32) -> u64 {
    testkit::conformance::rss_kib(pid) * 1024
}

/// The PostgreSQL sessions of the service (as `(pid, state)`), seen from the test's own.
fn inventory_sessions(db: &TestDb) -> Vec<(i32, String)> {
    db.client()
        .query(
            "SELECT pid, coalesce(state, '') FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'inventory'
             ORDER BY pid",
            &[],
        )
        .expect("pg_stat_activity")
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

#[test]
fn eight_concurrent_full_lists_of_83_mb_keep_inventory_under_64_mb_resident() {
    let inv = Inventory::start(8);
    populate(&inv.db, LARGE_TABLE_ROWS);
    let expected_bytes = expected_list_bytes(&inv.db);
    assert!(expected_bytes > 80_000_000, "{expected_bytes} bytes");
    let pid = inv.service.pid();
    let idle = resident_bytes(pid);

    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::Acquire) {
                peak = peak.max(resident_bytes(pid));
                thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    let started = Instant::now();
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let addr = inv.addr;
            thread::spawn(move || {
                let answer = request(addr, "GET", "/api/movies");
                assert_eq!(answer.status, 200, "{}", answer.head);
                let tally = tally(answer.chunked()).expect("a whole chunked list");
                (tally, started.elapsed())
            })
        })
        .collect();
    let results: Vec<(Tally, Duration)> = clients
        .into_iter()
        .map(|client| client.join().expect("a client thread"))
        .collect();
    done.store(true, Ordering::Release);
    let peak = sampler.join().expect("the sampler thread");

    for (tally, _) in &results {
        assert_eq!(tally.movies, LARGE_TABLE_ROWS as u64, "{tally:?}");
        assert_eq!(tally.bytes, expected_bytes, "{tally:?}");
        assert_eq!(
            (tally.first, tally.last),
            (Some(b'['), Some(b']')),
            "{tally:?}"
        );
    }
    let slowest = results.iter().map(|(_, took)| *took).max();
    eprintln!(
        "8 lists of {expected_bytes} bytes: resident {} MiB idle, {} MiB at peak; \
         all done in {slowest:?}",
        idle >> 20,
        peak >> 20
    );
    assert!(
        peak < RESIDENT_BYTES_MAX,
        "inventory peaked at {peak} bytes resident (idle: {idle})"
    );
}

#[test]
fn a_slow_reader_gets_the_whole_list_long_after_five_seconds() {
    let inv = Inventory::start(2);
    // ~9.9 MB: more than loopback's socket buffers take, so inventory is still writing
    // after 5 s.
    let rows = 8_000;
    populate(&inv.db, rows);
    let started = Instant::now();
    let answer = request(inv.addr, "GET", "/api/movies");
    assert_eq!(answer.status, 200, "{}", answer.head);
    let mut body = answer.chunked();
    let mut json = Vec::new();
    let mut piece = vec![0u8; 64 * 1024];
    loop {
        let mut filled = 0;
        while filled < piece.len() {
            match body.read(&mut piece[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) => panic!("after {} bytes, {:?}: {e}", json.len(), started.elapsed()),
            }
        }
        json.extend_from_slice(&piece[..filled]);
        if filled < piece.len() {
            break;
        }
        // The slow client under test: 64 KiB, then a pause.
        thread::sleep(Duration::from_millis(80));
    }
    let took = started.elapsed();
    assert!(body.terminated, "no terminating chunk");
    assert!(
        took > Duration::from_secs(5),
        "read in {took:?}: not slow enough"
    );

    let movies: Vec<Value> = serde_json::from_slice(&json).expect("the list is valid JSON");
    assert_eq!(movies.len() as i64, rows);
    for (n, movie) in (1..).zip(&movies) {
        let fields = movie.as_object().expect("each movie is an object");
        assert_eq!(fields.len(), 3, "{movie}");
        assert_eq!(movie["id"], n, "{movie}");
        assert_eq!(movie["title"], format!("Movie {n}"), "{movie}");
        assert_eq!(movie["description"].as_str().map(str::len), Some(1184));
    }
    let logged = inv
        .service
        .wait_for_line("GET /api/movies 200 ", Duration::from_secs(5));
    let lines = inv.service.stdout_lines();
    let served_ms = lines
        .iter()
        .filter(|line| line.starts_with("GET /api/movies 200 "))
        .find_map(|line| {
            line.split(' ')
                .nth(3)?
                .strip_suffix("ms")?
                .parse::<u64>()
                .ok()
        });
    eprintln!(
        "{} bytes read slowly in {took:?}; inventory wrote for {served_ms:?} ms",
        json.len()
    );
    assert!(logged, "{lines:?}");
    assert!(
        served_ms.is_some_and(|ms| ms > 5000),
        "inventory was done writing within 5 s, so the test proves nothing: {lines:?}"
    );
}

// Depends on the tiny_http patch that aborts an answer whose body reader fails (no
// terminating chunk, the connection closed): without it the client sees a clean end.
#[test]
fn a_database_failure_half_way_cuts_the_transfer_and_the_worker_reconnects() {
    let inv = Inventory::start(1);
    // ~25 MB: far more than the socket buffers, so most of it is still to be fetched.
    populate(&inv.db, 20_000);
    let answer = request(inv.addr, "GET", "/api/movies");
    assert_eq!(answer.status, 200, "{}", answer.head);
    let mut body = answer.chunked();
    let mut first = vec![0u8; 64 * 1024];
    body.read_exact(&mut first).expect("the start of the list");
    assert!(first.starts_with(b"[{\"id\":1,"));

    // The worker is blocked writing to this client, its transaction idle between fetches.
    let mut streaming = Vec::new();
    assert!(
        wait_until(Duration::from_secs(10), || {
            streaming = inventory_sessions(&inv.db);
            streaming
                .iter()
                .any(|(_, state)| state == "idle in transaction")
        }),
        "no listing transaction: {streaming:?}"
    );
    let terminated: bool = inv
        .db
        .client()
        .query_one(
            "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'inventory'",
            &[],
        )
        .expect("pg_terminate_backend")
        .get(0);
    assert!(terminated);

    let outcome = tally(body);
    match &outcome {
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset
            ),
            "{e}"
        ),
        Ok(tally) => panic!("the cut list ended like a whole one: {tally:?}"),
    }
    assert!(
        inv.service
            .wait_for_line("GET /api/movies 200 ", Duration::from_secs(10)),
        "{:?}",
        inv.service.stdout_lines()
    );
    assert!(
        inv.service.wait_for_stderr_lines(
            "the listing was cut half-way",
            1,
            Duration::from_secs(10)
        ),
        "{:?}",
        inv.service.stderr_lines()
    );

    // The one worker dropped its dead connection and serves the next list on a new one.
    let after = inv.get("/api/movies?limit=2");
    assert_eq!(after.status, 200, "{after:?}");
    assert_eq!(after.json().as_array().map(Vec::len), Some(2), "{after:?}");
}

#[test]
fn a_finished_list_gives_its_connection_back_and_an_abandoned_one_closes_it() {
    let inv = Inventory::start(1);
    populate(&inv.db, 1_000);
    assert_eq!(inv.get("/api/movies?limit=1").status, 200);
    let before = inventory_sessions(&inv.db);
    assert_eq!(before.len(), 1, "{before:?}");

    let whole = inv.get("/api/movies");
    assert_eq!(whole.status, 200, "{whole:?}");
    assert_eq!(whole.json().as_array().map(Vec::len), Some(1_000));
    assert_eq!(inv.get("/api/movies?limit=1").status, 200);
    assert_eq!(
        inventory_sessions(&inv.db),
        before,
        "the session was not reused"
    );

    // HEAD reads the first batch only; the rest of the listing is abandoned with its
    // transaction, so that connection is closed rather than reused.
    let head = inv.send("HEAD", "/api/movies", &[], None);
    assert_eq!(head.status, 200, "{head:?}");
    assert!(head.body.is_empty(), "{head:?}");
    let mut after = Vec::new();
    assert!(
        wait_until(Duration::from_secs(5), || {
            after = inventory_sessions(&inv.db);
            after.is_empty()
        }),
        "{after:?}"
    );
    assert_eq!(inv.get("/api/movies?limit=1").status, 200);
    let after = inventory_sessions(&inv.db);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after[0].0, before[0].0, "the abandoned session was reused");
}

#[test]
fn lists_of_every_size_around_the_whole_and_batch_bounds_are_whole() {
    let inv = Inventory::start(1);
    let mut created = 0;
    // Up to 128 movies are answered whole (with Content-Length), more are streamed in batches
    // of 32: sizes at and around both bounds, paged and filtered.
    for total in [0, 1, 128, 129, 160, 161, 192, 193] {
        populate_more(&inv.db, &mut created, total);
        let all = inv.get("/api/movies");
        assert_eq!(
            all.header("Content-Length").is_some(),
            total <= 128,
            "{total} movies: {:?}",
            all.headers
        );
        let ids: Vec<i64> = all
            .json()
            .as_array()
            .expect("an array")
            .iter()
            .filter_map(|m| m["id"].as_i64())
            .collect();
        assert_eq!(ids, (1..=total).collect::<Vec<_>>(), "{total} movies");
        let page = inv.get("/api/movies?limit=170&offset=1").json();
        let page: Vec<i64> = page
            .as_array()
            .expect("an array")
            .iter()
            .filter_map(|m| m["id"].as_i64())
            .collect();
        assert_eq!(
            page,
            (2..=total.min(171)).collect::<Vec<_>>(),
            "{total} movies"
        );
    }
    let ones = inv.get("/api/movies?title=movie+1").json();
    let titles: Vec<&str> = ones
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|m| m["title"].as_str())
        .collect();
    // 1, 10..=19 and 100..=193: streamed, since more than 128 match.
    assert_eq!(titles.len(), 1 + 10 + 94, "{titles:?}");
    assert!(
        titles.iter().all(|t| t.starts_with("Movie 1")),
        "{titles:?}"
    );
}

/// Adds movies until the table has `total`.
fn populate_more(db: &TestDb, created: &mut i64, total: i64) {
    if total > *created {
        db.client()
            .execute(
                "INSERT INTO movies (title, description)
                 SELECT 'Movie ' || g, md5(g::text) FROM generate_series($1::bigint, $2) g",
                &[&(*created + 1), &total],
            )
            .expect("add movies");
        *created = total;
    }
}
