//! All SQL of the crate, and the one database connection a worker owns.
//!
//! A worker connects lazily, drops its connection after a connection-level error and
//! reconnects on its next request, so the service rides out a database outage without a
//! restart. The schema is ensured on connection until it has once succeeded, so a service
//! started while the database is down still creates its table when the database comes back.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use postgres::error::SqlState;
use postgres::{Client, NoTls, Row, Statement};

use crate::config::Config;
use crate::error::Error;
use crate::limits::{
    DB_CONNECT_TIMEOUT, DB_KEEPALIVE_IDLE, DB_STATEMENT_TIMEOUT, DB_TCP_USER_TIMEOUT,
};
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
}

struct Session {
    client: Client,
    list: Statement,
    get: Statement,
    insert: Statement,
    update: Statement,
    delete: Statement,
    delete_all: Statement,
}

/// The connection settings; every timeout is written out rather than left to the default.
pub fn connection_config(config: &Config) -> postgres::Config {
    let mut pg = postgres::Config::new();
    pg.host(&config.postgres_host)
        .port(config.postgres_port)
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
        Db {
            config,
            schema_ready,
            session: None,
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
        Ok(())
    }

    /// `/health`: connects if needed and checks the connection answers.
    pub fn ping(&mut self) -> Result<(), Error> {
        self.run(Retry::Idempotent, |s| {
            s.client.is_valid(DB_STATEMENT_TIMEOUT)
        })
    }

    /// Movies in id order, filtered and paged.
    pub fn list(&mut self, query: &ListQuery) -> Result<Vec<Movie>, Error> {
        let rows = self.run(Retry::Idempotent, |s| {
            s.client
                .query(&s.list, &[&query.title, &query.limit, &query.offset])
        })?;
        rows.iter().map(movie).collect()
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
}

impl Session {
    fn prepare(mut client: Client) -> Result<Session, postgres::Error> {
        let list = client.prepare(&format!(
            "SELECT {COLUMNS} FROM movies
             WHERE $1::text IS NULL OR strpos(lower(title), lower($1::text)) > 0
             ORDER BY id LIMIT $2::bigint OFFSET $3::bigint"
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
            get,
            insert,
            update,
            delete,
            delete_all,
        })
    }
}

fn movie(row: &Row) -> Result<Movie, Error> {
    Ok(Movie {
        id: row.try_get(0).map_err(Error::Db)?,
        title: row.try_get(1).map_err(Error::Db)?,
        description: row.try_get(2).map_err(Error::Db)?,
    })
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
