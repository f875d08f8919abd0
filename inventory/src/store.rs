//! All SQL of the crate, and the one database connection a worker owns.
//!
//! A worker connects lazily, drops its connection after a connection-level error and
//! reconnects on its next request, so the service rides out a database outage without a
//! restart. Before an insert or a delete (never repeated) it checks the connection with an
//! empty query, so one the server already closed is replaced before the statement is sent. The schema is ensured on connection until it has once succeeded, so a service
//! started while the database is down still creates its table when the database comes back.
//!
//! A listing that fits in `LISTING_WHOLE_ROWS_MAX` rows is read with one statement. A longer
//! one is read through a cursor in a read-only transaction, a batch at a time, while its
//! answer is being written: the worker lends its session to a [`MovieCursor`], which sends it
//! back once `COMMIT` has returned. A cursor that ends any other way (a database error, the
//! answer abandoned half-way) closes the connection instead, so a session is never reused in
//! an unknown state; the worker connects afresh on its next request.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use postgres::config::TargetSessionAttrs;
use postgres::error::SqlState;
use postgres::{Client, NoTls, Row, Statement};

use crate::config::Config;
use crate::error::Error;
use crate::limits::{
    DB_CONNECT_TIMEOUT, DB_KEEPALIVE_IDLE, DB_STATEMENT_TIMEOUT, DB_TCP_USER_TIMEOUT,
    LISTING_BATCH_ROWS, LISTING_IDLE_IN_TRANSACTION_TIMEOUT, LISTING_WHOLE_ROWS_MAX,
};
use crate::metrics;
use crate::movie::{Movie, MovieChanges, MovieId, NewMovie};
use crate::query::ListQuery;

/// The table, as the original service had it; an auditor reads it with `TABLE movies;`.
const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS movies (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title varchar(255) NOT NULL,
    description varchar(4000) NOT NULL DEFAULT ''
)";

// `id::bigint` and `coalesce(description, '')` also read a table left by the original Python
// service (serial id, nullable description).
const COLUMNS: &str = "id::bigint, title, coalesce(description, '')";

/// The one cursor a session has open at a time: a session is lent to one listing only.
const LISTING_CURSOR: &str = "movies_listing";

/// Whether a request may be sent again on a fresh connection when the old one turned out dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Safe to repeat (reads, and writes whose repetition changes nothing).
    Idempotent,
    /// Never repeated: a repeated insert would create a second movie.
    Never,
}

/// One worker's database access: its connection (if any) and prepared statements.
pub struct Db {
    config: postgres::Config,
    schema_ready: Arc<AtomicBool>,
    session: Option<Session>,
    /// Where a [`MovieCursor`] sends the session back after its `COMMIT`.
    home: Sender<Session>,
    /// Sessions sent back; at most one, since only the session in hand is ever lent.
    returned: Receiver<Session>,
    /// Whether a connection was ever opened (the next one is a reconnect, for the metrics).
    connected_before: bool,
}

struct Session {
    client: Client,
    list: Statement,
    declare_listing: Statement,
    get: Statement,
    insert: Statement,
    update: Statement,
    delete: Statement,
    delete_all: Statement,
}

/// The connection settings; every timeout is written out rather than left to the default.
/// `POSTGRES_HOST` may list a primary and its standbys: each is tried in turn (each within
/// the connect timeout) and only a read-write session is kept, so after a standby is promoted
/// the next connection lands on it without a restart.
pub fn connection_config(config: &Config) -> postgres::Config {
    let mut pg = postgres::Config::new();
    match hostlist::parse(&config.postgres_host, config.postgres_port) {
        Ok(nodes) => nodes.iter().for_each(|node| {
            pg.host(&node.host).port(node.port);
        }),
        // Config::from_lookup refuses such a value; one built otherwise is tried as one name.
        Err(_) => {
            pg.host(&config.postgres_host).port(config.postgres_port);
        }
    }
    pg.target_session_attrs(TargetSessionAttrs::ReadWrite)
        .user(&config.postgres_user)
        .password(&config.postgres_password)
        .dbname(&config.database)
        .application_name("inventory")
        .connect_timeout(DB_CONNECT_TIMEOUT)
        .tcp_user_timeout(DB_TCP_USER_TIMEOUT)
        .keepalives(true)
        .keepalives_idle(DB_KEEPALIVE_IDLE)
        .options(&format!(
            "-c statement_timeout={}",
            DB_STATEMENT_TIMEOUT.as_millis()
        ));
    pg
}

/// Creates the table when absent. Looked up first because `CREATE TABLE IF NOT EXISTS` needs
/// the CREATE privilege on the schema even when the table exists (PostgreSQL 15 no longer
/// grants it on `public` to every user). Concurrent creators may race in the catalog; the
/// loser's error means the table now exists.
pub fn ensure_schema(client: &mut Client) -> Result<(), postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('movies') IS NOT NULL", &[])?
        .try_get(0)?;
    if exists {
        return Ok(());
    }
    match client.batch_execute(CREATE_TABLE) {
        Err(error)
            if error.code() == Some(&SqlState::UNIQUE_VIOLATION)
                || error.code() == Some(&SqlState::DUPLICATE_TABLE) =>
        {
            Ok(())
        }
        other => other,
    }
}

impl Db {
    /// A handle that connects on first use.
    pub fn new(config: postgres::Config, schema_ready: Arc<AtomicBool>) -> Db {
        let (home, returned) = mpsc::channel();
        Db {
            config,
            schema_ready,
            session: None,
            home,
            returned,
            connected_before: false,
        }
    }

    /// Connects (ensuring the schema until it has once succeeded) and prepares statements.
    pub fn connect(&mut self) -> Result<(), Error> {
        let mut client = self.config.connect(NoTls).map_err(unavailable)?;
        if !self.schema_ready.load(Ordering::Acquire) {
            ensure_schema(&mut client).map_err(classify)?;
            self.schema_ready.store(true, Ordering::Release);
        }
        let session = Session::prepare(client).map_err(classify)?;
        self.session = Some(session);
        if std::mem::replace(&mut self.connected_before, true) {
            metrics::DB_RECONNECTS.inc();
        }
        Ok(())
    }

    /// `/health`: connects if needed and checks the connection answers.
    pub fn ping(&mut self) -> Result<(), Error> {
        self.run(Retry::Idempotent, |s| {
            s.client.is_valid(DB_STATEMENT_TIMEOUT)
        })
    }

    /// Movies in id order, filtered and paged: whole when they are few, else as a cursor.
    ///
    /// One statement reads up to one row more than `LISTING_WHOLE_ROWS_MAX`; when that extra
    /// row came, the rows are dropped and the listing is read again, from the start and in one
    /// snapshot, through a cursor whose first batch is read here (so an outage or a timeout is
    /// still an error answer, not a cut one).
    pub fn list(&mut self, query: &ListQuery) -> Result<MovieList, Error> {
        let probe = query
            .limit
            .map_or(WHOLE_PROBE_ROWS, |l| l.min(WHOLE_PROBE_ROWS));
        let rows = self.run(Retry::Idempotent, |s| {
            s.client
                .query(&s.list, &[&query.title, &probe, &query.offset])
        })?;
        if rows.len() <= LISTING_WHOLE_ROWS_MAX {
            let movies = rows.iter().map(movie).collect::<Result<_, _>>()?;
            return Ok(MovieList::Whole(movies));
        }
        drop(rows);
        let cursor = self.open_cursor(query)?;
        Ok(MovieList::Streamed(Box::new(cursor)))
    }

    /// Opens the listing's cursor and reads its first batch. When that batch is the whole
    /// listing the transaction is over and the session stays here; otherwise the cursor takes
    /// it and sends it back after its `COMMIT`.
    fn open_cursor(&mut self, query: &ListQuery) -> Result<MovieCursor, Error> {
        let opened = self.run(Retry::Idempotent, |s| open_listing(s, query));
        let (rows, more) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                // The transaction may still be open (a statement error does not end the
                // session): never reuse a session in that state.
                self.session = None;
                return Err(error);
            }
        };
        let first = match rows.iter().map(movie).collect::<Result<Vec<_>, _>>() {
            Ok(first) => first,
            Err(error) => {
                self.session = None;
                return Err(error);
            }
        };
        let lent = more.then(|| Lent {
            session: self
                .session
                .take()
                .expect("run() returned Ok, so the session is in hand"),
            home: self.home.clone(),
        });
        Ok(MovieCursor {
            first: Some(first),
            lent,
        })
    }

    /// Inserts a movie and returns it with its generated id.
    pub fn insert(&mut self, new: &NewMovie) -> Result<Movie, Error> {
        let row = self.run(Retry::Never, |s| {
            s.client
                .query_one(&s.insert, &[&new.title.as_str(), &new.description.as_str()])
        })?;
        movie(&row)
    }

    /// Deletes every movie; returns how many there were.
    pub fn delete_all(&mut self) -> Result<u64, Error> {
        self.run(Retry::Never, |s| s.client.execute(&s.delete_all, &[]))
    }

    /// One movie, if it exists.
    pub fn get(&mut self, id: MovieId) -> Result<Option<Movie>, Error> {
        let row = self.run(Retry::Idempotent, |s| {
            s.client.query_opt(&s.get, &[&id.get()])
        })?;
        row.as_ref().map(movie).transpose()
    }

    /// Applies the given fields; None when the movie does not exist.
    pub fn update(&mut self, id: MovieId, changes: &MovieChanges) -> Result<Option<Movie>, Error> {
        let title = changes.title.as_ref().map(|t| t.as_str());
        let description = changes.description.as_ref().map(|d| d.as_str());
        let row = self.run(Retry::Idempotent, |s| {
            s.client
                .query_opt(&s.update, &[&id.get(), &title, &description])
        })?;
        row.as_ref().map(movie).transpose()
    }

    /// Deletes one movie and returns it; None when it did not exist.
    pub fn delete(&mut self, id: MovieId) -> Result<Option<Movie>, Error> {
        let row = self.run(Retry::Never, |s| {
            s.client.query_opt(&s.delete, &[&id.get()])
        })?;
        row.as_ref().map(movie).transpose()
    }

    /// Runs `work` on the session, connecting first if needed. A dead connection is dropped;
    /// an idempotent request that found its *old* connection dead is tried once more on a new
    /// one, so the first request after an outage does not fail needlessly.
    fn run<T>(
        &mut self,
        retry: Retry,
        mut work: impl FnMut(&mut Session) -> Result<T, postgres::Error>,
    ) -> Result<T, Error> {
        self.take_back();
        self.drop_if_closed(retry);
        let reused = self.session.is_some();
        for attempt in 0..2 {
            if self.session.is_none() {
                self.connect()?;
            }
            let session = self
                .session
                .as_mut()
                .expect("connect() either set the session or returned");
            match work(session) {
                Ok(value) => return Ok(value),
                Err(error) => {
                    let lost = connection_lost(&error) || session.client.is_closed();
                    if lost {
                        self.session = None;
                    }
                    if !(lost && reused && attempt == 0 && retry == Retry::Idempotent) {
                        return Err(classify(error));
                    }
                }
            }
        }
        unreachable!("the second attempt always returns")
    }

    /// Before a statement that is never repeated (`Retry::Never`: an insert, a delete), drops
    /// the session unless its connection answers an empty query. A server that ended the
    /// session while the worker was idle (`pg_terminate_backend`, a restart, a failover) has
    /// said so on the socket, but the client reads it only when it next waits on the socket:
    /// without this, the insert would be sent into the closed connection and answered `503`
    /// although it never reached the server. The empty query changes nothing, so it may fail
    /// safely; it costs one round trip per insert or delete. Idempotent statements need no
    /// check: they are retried once on a fresh connection when the old one turns out dead.
    fn drop_if_closed(&mut self, retry: Retry) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let closed = session.client.is_closed()
            || (retry == Retry::Never && session.client.is_valid(DB_STATEMENT_TIMEOUT).is_err());
        if closed {
            self.session = None;
        }
    }

    /// Takes back the session a finished listing sent home, unless one is in hand already.
    fn take_back(&mut self) {
        while let Ok(session) = self.returned.try_recv() {
            if self.session.is_none() {
                self.session = Some(session);
            }
        }
    }
}

/// Begins the listing's read-only transaction, declares its cursor and reads the first batch;
/// `COMMIT`s at once when that batch is the whole listing. Returns the rows and whether more
/// may follow (then the transaction is still open).
fn open_listing(s: &mut Session, query: &ListQuery) -> Result<(Vec<Row>, bool), postgres::Error> {
    // statement_timeout is the session's already; written out because each FETCH is a
    // statement of its own, which is what bounds it. The idle bound ends a transaction whose
    // worker stopped fetching (a stuck process) rather than leaving it to hold its snapshot.
    s.client.batch_execute(&format!(
        "BEGIN READ ONLY;
         SET LOCAL statement_timeout = {};
         SET LOCAL idle_in_transaction_session_timeout = {}",
        DB_STATEMENT_TIMEOUT.as_millis(),
        LISTING_IDLE_IN_TRANSACTION_TIMEOUT.as_millis()
    ))?;
    s.client.execute(
        &s.declare_listing,
        &[&query.title, &query.limit, &query.offset],
    )?;
    let rows = fetch_batch(&mut s.client)?;
    let more = rows.len() >= LISTING_BATCH_ROWS;
    if !more {
        s.client.batch_execute("COMMIT")?;
    }
    Ok((rows, more))
}

/// The next batch of the open listing cursor. Typed with no parameters, so one round trip
/// (no prepare): the columns are described from the cursor itself.
fn fetch_batch(client: &mut Client) -> Result<Vec<Row>, postgres::Error> {
    client.query_typed(
        &format!("FETCH FORWARD {LISTING_BATCH_ROWS} FROM {LISTING_CURSOR}"),
        &[],
    )
}

/// Rows the one-statement read of a listing asks for: one more than a whole listing may have,
/// to tell a whole listing from the start of a longer one.
const WHOLE_PROBE_ROWS: i64 = LISTING_WHOLE_ROWS_MAX as i64 + 1;

/// A listing as read by [`Db::list`].
pub enum MovieList {
    /// All of it: at most `LISTING_WHOLE_ROWS_MAX` movies.
    Whole(Vec<Movie>),
    /// More than that, to be read batch by batch while the answer is written. (Boxed: the
    /// cursor holds a whole session.)
    Streamed(Box<MovieCursor>),
}

/// The rest of a listing: batches read on demand through the cursor of a transaction that
/// holds the worker's lent session. Dropped before its end, it closes that connection.
pub struct MovieCursor {
    /// The batch read when the listing was opened, until it is taken.
    first: Option<Vec<Movie>>,
    /// The lent session while the transaction is open; `None` once it ended either way.
    lent: Option<Lent>,
}

/// A session lent to a cursor, and where to send it when the transaction is over.
struct Lent {
    session: Session,
    home: Sender<Session>,
}

impl MovieCursor {
    /// The next batch in id order (never empty), or `None` after the last one. An error ends
    /// the listing and closes the lent connection; the caller must then cut the answer.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Movie>>, Error> {
        if let Some(first) = self.first.take() {
            if !first.is_empty() {
                return Ok(Some(first));
            }
        }
        let Some(lent) = self.lent.as_mut() else {
            return Ok(None);
        };
        let batch = fetch_batch(&mut lent.session.client)
            .map_err(classify)
            .and_then(|rows| {
                let movies = rows.iter().map(movie).collect::<Result<Vec<_>, _>>()?;
                Ok((movies, rows.len() >= LISTING_BATCH_ROWS))
            });
        let (movies, more) = match batch {
            Ok(batch) => batch,
            Err(error) => {
                self.lent = None;
                return Err(error);
            }
        };
        if !more {
            self.end();
        }
        Ok(Some(movies).filter(|movies| !movies.is_empty()))
    }

    /// Every row has been read: `COMMIT` and send the session home. A failed `COMMIT` of this
    /// read-only transaction takes nothing from rows already read, so the listing stands; only
    /// the connection is closed.
    fn end(&mut self) {
        if let Some(mut lent) = self.lent.take() {
            match lent.session.client.batch_execute("COMMIT") {
                // The worker is gone only while shutting down; then the session just closes.
                Ok(()) => drop(lent.home.send(lent.session)),
                Err(error) => eprintln!(
                    "inventory: COMMIT after a listing failed, connection closed: {}",
                    describe(&error)
                ),
            }
        }
    }
}

impl Session {
    fn prepare(mut client: Client) -> Result<Session, postgres::Error> {
        // One text for both ways of reading a listing. A NULL limit means no limit.
        let select = format!(
            "SELECT {COLUMNS} FROM movies
             WHERE $1::text IS NULL OR strpos(lower(title), lower($1::text)) > 0
             ORDER BY id LIMIT $2::bigint OFFSET $3::bigint"
        );
        let list = client.prepare(&select)?;
        // NO SCROLL: read forward once, nothing kept to go back.
        let declare_listing = client.prepare(&format!(
            "DECLARE {LISTING_CURSOR} NO SCROLL CURSOR FOR {select}"
        ))?;
        let get = client.prepare(&format!("SELECT {COLUMNS} FROM movies WHERE id = $1"))?;
        let insert = client.prepare(&format!(
            "INSERT INTO movies (title, description) VALUES ($1, $2) RETURNING {COLUMNS}"
        ))?;
        let update = client.prepare(&format!(
            "UPDATE movies SET title = coalesce($2::text, title),
                               description = coalesce($3::text, description)
             WHERE id = $1 RETURNING {COLUMNS}"
        ))?;
        let delete = client.prepare(&format!(
            "DELETE FROM movies WHERE id = $1 RETURNING {COLUMNS}"
        ))?;
        let delete_all = client.prepare("DELETE FROM movies")?;
        Ok(Session {
            client,
            list,
            declare_listing,
            get,
            insert,
            update,
            delete,
            delete_all,
        })
    }
}

fn movie(row: &Row) -> Result<Movie, Error> {
    let movie = Movie {
        id: row.try_get(0).map_err(Error::Db)?,
        title: row.try_get(1).map_err(Error::Db)?,
        description: row.try_get(2).map_err(Error::Db)?,
    };
    metrics::ROWS_RETURNED.inc();
    Ok(movie)
}

/// The connection itself failed (as opposed to the statement).
fn connection_lost(error: &postgres::Error) -> bool {
    match error.code() {
        None => true,
        Some(code) => unavailable_code(code),
    }
}

/// SQLSTATEs that mean "the database is not serving us now", not "the statement is wrong":
/// class 08 (connection), 53 (resources), 57 (operator intervention, including
/// statement_timeout and pg_terminate_backend), 55000 ("not accepting connections").
fn unavailable_code(code: &SqlState) -> bool {
    let code = code.code();
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57") || code == "55000"
}

fn unavailable(error: postgres::Error) -> Error {
    metrics::DB_UNAVAILABLE.inc();
    Error::Unavailable(describe(&error))
}

/// `postgres::Error` displays as little as "db error"; the log wants the server's words.
fn describe(error: &postgres::Error) -> String {
    match (error.as_db_error(), std::error::Error::source(error)) {
        (Some(db), _) => format!("{} {}: {}", db.severity(), db.code().code(), db.message()),
        (None, Some(source)) => format!("{error}: {source}"),
        (None, None) => error.to_string(),
    }
}

/// 503 for an outage or timeout, 500 for anything else (which would be a bug here).
fn classify(error: postgres::Error) -> Error {
    if connection_lost(&error) {
        unavailable(error)
    } else {
        metrics::DB_STATEMENT_ERRORS.inc();
        Error::Db(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(code: &str, expected: bool) {
        assert_eq!(
            unavailable_code(&SqlState::from_code(code)),
            expected,
            "{code}"
        );
    }

    #[test]
    fn outage_codes_are_told_from_statement_errors() {
        check("08006", true); // connection_failure
        check("57P01", true); // admin_shutdown (pg_terminate_backend)
        check("57014", true); // query_canceled (statement_timeout)
        check("53300", true); // too_many_connections
        check("55000", true); // database not accepting connections
        check("3D000", false); // invalid_catalog_name: misconfiguration, answered 500
        check("23505", false);
        check("22021", false);
        check("42P01", false);
    }
}
