//! The body of a long `GET /api/movies`: the JSON array written while it is read from the
//! database, a batch at a time, so memory does not grow with the table. (A short listing is
//! read with one statement and answered whole; `store::Db::list` tells them apart.)
//!
//! tiny_http pulls the body with `read`; each time the encoded bytes run out, the next batch
//! is fetched from the listing's cursor ([`MovieCursor`]) and encoded. A database error or
//! timeout half-way makes `read` fail: tiny_http then aborts the answer (no terminating chunk),
//! so the client sees a broken transfer, never a short array that parses as complete. How
//! slowly the client may read is the edge's progress deadline (`edge::body`), applied to every
//! answer.
use std::io::{self, Read};

use tiny_http::{Response, ResponseBox, StatusCode};

use crate::error::Error;
use crate::http::header;
use crate::limits::LISTING_CHUNK_BYTES;
use crate::store::MovieCursor;

/// `200` with the listing as a chunked JSON array whose body is produced as it is sent.
pub fn response(cursor: MovieCursor) -> ResponseBox {
    // No length: tiny_http sends it chunked (to HTTP/1.0, delimited by the close), so a cut
    // is visible to the client; and the `]` comes only at the end.
    Response::new(
        StatusCode(200),
        vec![header("Content-Type", "application/json")],
        Listing::new(cursor),
        None,
        None,
    )
    .boxed()
}

/// The JSON array of a listing, encoded a batch at a time as it is read.
pub struct Listing {
    cursor: MovieCursor,
    /// Encoded bytes not yet handed out, from `read_at` on.
    encoded: Vec<u8>,
    read_at: usize,
    /// The batch being encoded.
    batch: std::vec::IntoIter<crate::movie::Movie>,
    /// No movie encoded yet (the next one needs no comma).
    first: bool,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Rows may follow.
    Open,
    /// `]` is encoded; what is left in `encoded` is the end.
    Closed,
    /// The database failed half-way: every further read fails, so the answer is cut.
    Failed,
}

impl Listing {
    /// The array over `cursor`; nothing is encoded or fetched until the first read.
    pub fn new(cursor: MovieCursor) -> Listing {
        Listing {
            cursor,
            encoded: b"[".to_vec(),
            read_at: 0,
            batch: Vec::new().into_iter(),
            first: true,
            state: State::Open,
        }
    }

    /// Encodes up to about `LISTING_CHUNK_BYTES`, fetching batches as needed, into the empty
    /// buffer.
    fn refill(&mut self) -> io::Result<()> {
        self.encoded.clear();
        self.read_at = 0;
        while self.state == State::Open && self.encoded.len() < LISTING_CHUNK_BYTES {
            if let Some(movie) = self.batch.next() {
                if !std::mem::replace(&mut self.first, false) {
                    self.encoded.push(b',');
                }
                serde_json::to_writer(&mut self.encoded, &movie).expect("a movie always encodes");
                continue;
            }
            match self.cursor.next_batch() {
                Ok(Some(batch)) => self.batch = batch.into_iter(),
                Ok(None) => {
                    self.encoded.push(b']');
                    self.state = State::Closed;
                }
                Err(error) => {
                    self.state = State::Failed;
                    return Err(cut(&error));
                }
            }
        }
        Ok(())
    }
}

impl Read for Listing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.state == State::Failed {
            return Err(io::Error::other("the listing was cut by a database error"));
        }
        if self.read_at == self.encoded.len() {
            self.refill()?;
        }
        let pending = &self.encoded[self.read_at..];
        let n = pending.len().min(buf.len());
        buf[..n].copy_from_slice(&pending[..n]);
        self.read_at += n;
        Ok(n)
    }
}

/// The read error that cuts the answer. Its kind is `Other`, which tiny_http does not mistake
/// for the client closing (it ignores resets and broken pipes); the worker logs its text.
fn cut(error: &Error) -> io::Error {
    io::Error::other(format!("the listing was cut half-way: {error}"))
}
