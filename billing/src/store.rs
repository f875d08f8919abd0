//! All SQL of the billing worker: the table `orders` and the batch insert.
use crate::config::PostgresConfig;
use crate::error::Error;
use crate::limits::{
    DB_CONNECT_TIMEOUT, DB_KEEPALIVES_IDLE, DB_STATEMENT_TIMEOUT, DB_TCP_USER_TIMEOUT,
};
use order::{Order, OrderId};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

/// The table an auditor reads with `TABLE orders;`. The checks repeat the rules of
/// `order::Order::parse`, so a row that slipped past them is refused, not stored.
/// `order_id` is the AMQP message_id: UNIQUE makes a redelivered message change nothing;
/// NULL (a message without message_id) is never a conflict.
const CREATE_TABLE: &str = "\
CREATE TABLE IF NOT EXISTS orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL CHECK (user_id > 0),
    number_of_items integer NOT NULL CHECK (number_of_items >= 1),
    total_amount numeric(12,2) NOT NULL CHECK (total_amount >= 0 AND total_amount <> 'NaN'),
    order_id uuid UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
)";

/// Several workers start at once on one database; CREATE TABLE IF NOT EXISTS is not safe
/// against itself, so creators take this advisory lock (the bytes of "billing") first.
const SCHEMA_LOCK_KEY: i64 = 0x0062_696c_6c69_6e67;

/// One statement for a whole batch (and for one row, when a batch is retried row by row).
/// NUMERIC and UUID travel as text: no extra crates, and PostgreSQL does the exact parse.
const INSERT_ORDERS: &str = "\
INSERT INTO orders (user_id, number_of_items, total_amount, order_id)
SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[]::numeric[], $4::text[]::uuid[])
ON CONFLICT (order_id) DO NOTHING";

/// An order ready to be written, with its deduplication key when the message had one.
#[derive(Debug)]
pub struct OrderRow {
    /// The parsed order.
    pub order: Order,
    /// The AMQP message_id; `None` for messages published without one.
    pub order_id: Option<OrderId>,
}

/// What a committed write did.
#[derive(Debug, Default)]
pub struct Written {
    /// Rows inserted; the others were already there (redelivered or duplicated messages) or
    /// were refused.
    pub inserted: u64,
    /// Rows the database refused by constraint: index into the rows given, and the reason.
    pub refused: Vec<(usize, String)>,
}

/// The worker's database: one session, reopened after any failure.
pub struct Store {
    config: postgres::Config,
    session: Option<Session>,
}

struct Session {
    client: Client,
    insert: Statement,
}

impl Store {
    /// A store that connects on first use.
    pub fn new(config: &PostgresConfig) -> Store {
        let mut pg = postgres::Config::new();
        pg.host(&config.host)
            .port(config.port)
            .user(&config.user)
            .password(&config.password)
            .dbname(&config.database)
            .application_name("billing")
            .connect_timeout(DB_CONNECT_TIMEOUT)
            .tcp_user_timeout(DB_TCP_USER_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(DB_KEEPALIVES_IDLE)
            .options(&format!(
                "-c statement_timeout={}",
                DB_STATEMENT_TIMEOUT.as_millis()
            ));
        Store {
            config: pg,
            session: None,
        }
    }

    /// Opens a session unless one is open, creating the table when it is absent.
    pub fn connect(&mut self) -> Result<(), Error> {
        if self.session.as_ref().is_some_and(|s| !s.client.is_closed()) {
            return Ok(());
        }
        self.session = None;
        self.session = Some(Session::open(&self.config)?);
        Ok(())
    }

    /// Writes `rows` in one transaction; returns what it did once the transaction has
    /// committed. A row refused by a constraint does not fail the others: the batch is then written
    /// row by row and the offenders are reported in `Written::refused`. Any other error means
    /// nothing was committed; the session is dropped and the next call reconnects.
    pub fn write(&mut self, rows: &[OrderRow]) -> Result<Written, Error> {
        self.connect()?;
        let session = self
            .session
            .as_mut()
            .expect("connect() leaves a session open");
        let result = session.write(rows);
        if result.is_err() {
            self.session = None;
        }
        result
    }
}

impl Session {
    fn open(config: &postgres::Config) -> Result<Session, Error> {
        let mut client = config.connect(NoTls)?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK_KEY])?;
        tx.batch_execute(CREATE_TABLE)?;
        tx.commit()?;
        let insert = client.prepare(INSERT_ORDERS)?;
        Ok(Session { client, insert })
    }

    fn write(&mut self, rows: &[OrderRow]) -> Result<Written, Error> {
        let columns = Columns::of(rows);
        // One statement outside BEGIN is a transaction of its own, committed at the Sync that
        // ends it; `execute` returns at the ReadyForQuery that follows, so after the COMMIT.
        // One round trip per batch instead of three (BEGIN, INSERT, COMMIT).
        match self.client.execute(&self.insert, &columns.params()) {
            Ok(inserted) => Ok(Written {
                inserted,
                refused: Vec::new(),
            }),
            Err(e) if is_refusal(&e) => self.write_row_by_row(rows),
            Err(e) => Err(e.into()),
        }
    }

    /// One transaction, a savepoint per row: the refused rows are rolled back alone.
    fn write_row_by_row(&mut self, rows: &[OrderRow]) -> Result<Written, Error> {
        let mut written = Written::default();
        let mut tx = self.client.transaction()?;
        for (index, row) in rows.iter().enumerate() {
            let columns = Columns::of(std::slice::from_ref(row));
            let mut savepoint = tx.transaction()?;
            match savepoint.execute(&self.insert, &columns.params()) {
                Ok(inserted) => {
                    savepoint.commit()?;
                    written.inserted += inserted;
                }
                Err(e) if is_refusal(&e) => {
                    savepoint.rollback()?;
                    written.refused.push((index, refusal_reason(&e)));
                }
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit()?;
        Ok(written)
    }
}

/// The batch as four arrays, one per column, for `unnest`.
struct Columns {
    user_ids: Vec<i64>,
    numbers_of_items: Vec<i32>,
    total_amounts: Vec<String>,
    order_ids: Vec<Option<String>>,
}

impl Columns {
    fn of(rows: &[OrderRow]) -> Columns {
        Columns {
            user_ids: rows.iter().map(|r| r.order.user_id()).collect(),
            numbers_of_items: rows.iter().map(|r| r.order.number_of_items()).collect(),
            total_amounts: rows
                .iter()
                .map(|r| r.order.total_amount().to_string())
                .collect(),
            order_ids: rows
                .iter()
                .map(|r| r.order_id.as_ref().map(ToString::to_string))
                .collect(),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 4] {
        [
            &self.user_ids,
            &self.numbers_of_items,
            &self.total_amounts,
            &self.order_ids,
        ]
    }
}

/// Whether the database refused the data (class 22 data exception, class 23 integrity
/// constraint violation) rather than failed: retrying such a row can never succeed.
fn is_refusal(e: &postgres::Error) -> bool {
    e.code().is_some_and(|state| is_refusal_code(state.code()))
}

fn is_refusal_code(sqlstate: &str) -> bool {
    sqlstate.starts_with("22") || sqlstate.starts_with("23")
}

fn refusal_reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!(
            "database refused the order: {} ({})",
            db.message(),
            db.code().code()
        ),
        None => format!("database refused the order: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(sqlstate: &str, refusal: bool) {
        assert_eq!(is_refusal_code(sqlstate), refusal, "{sqlstate}");
    }

    #[test]
    fn only_data_and_constraint_errors_are_refusals() {
        check("23505", true); // unique_violation
        check("23514", true); // check_violation
        check("22003", true); // numeric_value_out_of_range
        check("22P02", true); // invalid_text_representation
        check("57P01", false); // admin_shutdown: the database is going away
        check("55000", false); // object_not_in_prerequisite_state: not accepting connections
        check("57014", false); // query_canceled: statement_timeout
        check("08006", false); // connection_failure
        check("42P01", false); // undefined_table: reconnecting creates it again
        check("40001", false); // serialization_failure: retry
    }
}
