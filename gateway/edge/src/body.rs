//! Response bodies with a progress deadline: a client that keeps reading gets the whole answer
//! however long it is; one that stalls or trickles has its answer cut.
//!
//! tiny_http copies a response body to the socket read by read. `SO_SNDTIMEO` bounds one
//! write, but a client taking a few bytes at a time makes every write progress, and a total
//! deadline would cut a slow but honest reader of a large list. So, like nginx's
//! `send_timeout`, what is bounded is progress: at least `RESPONSE_PROGRESS_BYTES_MIN` taken
//! in each `RESPONSE_PROGRESS_WINDOW`. A failed read makes tiny_http abort the connection
//! (no terminating chunk), so the client sees an error, never a short body that looks whole.
use crate::limits::{RESPONSE_PROGRESS_BYTES_MIN, RESPONSE_PROGRESS_WINDOW};
use std::io::{self, ErrorKind, Read};
use std::time::{Duration, Instant};
use tiny_http::{Response, ResponseBox};

/// The response with its body behind a [`ProgressReader`]; status, headers, length and
/// chunking threshold unchanged.
pub fn with_progress_deadline(response: ResponseBox) -> ResponseBox {
    let status = response.status_code();
    let headers = response.headers().to_vec();
    let length = response.data_length();
    let threshold = response.chunked_threshold();
    let body = ProgressReader::new(response.into_reader());
    Response::new(status, headers, body, length, None)
        .with_chunked_threshold(threshold)
        .boxed()
}

/// A body reader that fails with `TimedOut` once the client took less than the minimum within
/// a window. Time spent inside the inner reader (producing the bytes) is not counted.
pub struct ProgressReader<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> ProgressReader<R> {
    /// With the edge's limits (`RESPONSE_PROGRESS_WINDOW`, `RESPONSE_PROGRESS_BYTES_MIN`).
    pub fn new(inner: R) -> ProgressReader<R> {
        ProgressReader {
            inner,
            progress: Progress::new(
                Instant::now(),
                RESPONSE_PROGRESS_WINDOW,
                RESPONSE_PROGRESS_BYTES_MIN,
            ),
        }
    }
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let asked = Instant::now();
        if self.progress.is_stalled(asked) {
            return Err(io::Error::new(
                ErrorKind::TimedOut,
                format!(
                    "the client took less than {} bytes in {} s",
                    self.progress.bytes_min,
                    self.progress.window.as_secs()
                ),
            ));
        }
        let n = self.inner.read(buf)?;
        self.progress.record(n, asked.elapsed());
        Ok(n)
    }
}

/// The bookkeeping of [`ProgressReader`], apart from the clock so it can be tested.
#[derive(Debug, Clone, Copy)]
struct Progress {
    window_started: Instant,
    window_bytes: u64,
    window: Duration,
    bytes_min: u64,
}

impl Progress {
    fn new(now: Instant, window: Duration, bytes_min: u64) -> Progress {
        Progress {
            window_started: now,
            window_bytes: 0,
            window,
            bytes_min,
        }
    }

    /// Asked for more bytes at `now`: whether the window closed short of the minimum. A window
    /// that closed with enough opens the next one.
    fn is_stalled(&mut self, now: Instant) -> bool {
        if now.saturating_duration_since(self.window_started) < self.window {
            return false;
        }
        if self.window_bytes < self.bytes_min {
            return true;
        }
        self.window_started = now;
        self.window_bytes = 0;
        false
    }

    /// `bytes` were handed out after `producing` spent making them (not the client's time).
    fn record(&mut self, bytes: usize, producing: Duration) {
        self.window_bytes = self.window_bytes.saturating_add(bytes as u64);
        self.window_started += producing;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One step: at `at_ms` after the start, the client asks for more; `Some(n)` is what the
    /// inner reader then gives (taking `producing_ms`), `None` that the read must fail.
    struct Step {
        at_ms: u64,
        given: Option<usize>,
        producing_ms: u64,
    }

    const fn step(at_ms: u64, given: Option<usize>, producing_ms: u64) -> Step {
        Step {
            at_ms,
            given,
            producing_ms,
        }
    }

    #[track_caller]
    fn check(steps: &[Step]) {
        let start = Instant::now();
        let mut progress = Progress::new(start, Duration::from_millis(1000), 100);
        for (i, s) in steps.iter().enumerate() {
            let stalled = progress.is_stalled(start + Duration::from_millis(s.at_ms));
            assert_eq!(stalled, s.given.is_none(), "step {i}");
            if let Some(n) = s.given {
                progress.record(n, Duration::from_millis(s.producing_ms));
            }
        }
    }

    #[test]
    fn only_a_window_short_of_the_minimum_stalls() {
        // A fast client.
        check(&[step(0, Some(100), 0), step(10, Some(100), 0)]);
        // Slow but steady: 100 bytes a window, for many windows.
        check(&[
            step(0, Some(60), 0),
            step(900, Some(40), 0),
            step(1000, Some(60), 0),
            step(1900, Some(40), 0),
            step(2000, Some(60), 0),
        ]);
        // A trickle: 99 bytes in the first window.
        check(&[
            step(0, Some(50), 0),
            step(500, Some(49), 0),
            step(1000, None, 0),
        ]);
        // Nothing taken for a whole window.
        check(&[step(1000, None, 0)]);
        // The window is not over yet, however little was taken.
        check(&[step(0, Some(1), 0), step(999, Some(1), 0)]);
    }

    #[test]
    fn time_spent_producing_the_bytes_is_not_the_clients() {
        // The inner reader took 5 s for its 10 bytes; the client had 0.5 s of its window.
        check(&[step(0, Some(10), 5000), step(5500, Some(10), 0)]);
        // Without that time, the same client stalls.
        check(&[step(0, Some(10), 0), step(5500, None, 0)]);
    }

    #[test]
    fn a_reader_hands_out_everything_then_fails_only_when_stalled() {
        let mut reader = ProgressReader::new(io::Cursor::new(vec![7u8; 10]));
        let mut all = Vec::new();
        reader.read_to_end(&mut all).expect("a fresh window");
        assert_eq!(all, [7u8; 10]);

        reader.progress.window_started -= RESPONSE_PROGRESS_WINDOW;
        let error = reader.read(&mut [0u8; 4]).expect_err("a stalled window");
        assert_eq!(error.kind(), ErrorKind::TimedOut);
    }

    #[test]
    fn the_response_keeps_its_head() {
        let response = Response::from_data(b"{}".to_vec())
            .with_status_code(201)
            .with_header(tiny_http::Header::from_bytes("Location", "/x").expect("a valid header"))
            .with_chunked_threshold(7)
            .boxed();
        let response = with_progress_deadline(response);
        assert_eq!(response.status_code().0, 201);
        assert_eq!(response.data_length(), Some(2));
        assert_eq!(response.chunked_threshold(), 7);
        let names: Vec<String> = response
            .headers()
            .iter()
            .map(|h| h.field.to_string())
            .collect();
        assert_eq!(names, ["Location"]);
        let mut body = String::new();
        response
            .into_reader()
            .read_to_string(&mut body)
            .expect("within the window");
        assert_eq!(body, "{}");
    }
}
