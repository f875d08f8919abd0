//! All SQL of the billing worker: the tables `orders` and `order_conflicts`, their creation
//! and migration, and the batch write that tells a redelivery from a conflict.
use crate::config::PostgresConfig;
use crate::error::Error;
use crate::limits::{
    DB_CONNECT_TIMEOUT, DB_KEEPALIVES_IDLE, DB_MIGRATION_STATEMENT_TIMEOUT, DB_STATEMENT_TIMEOUT,
    DB_TCP_USER_TIMEOUT,
};
use order::{Fingerprint, Order, OrderId};
use postgres::config::TargetSessionAttrs;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use std::collections::{HashMap, HashSet};

/// The tables, as an auditor reads them with `TABLE orders;` and `TABLE order_conflicts;`.
///
/// `orders`: the checks repeat the rules of `order::Order::parse`, so a row that slipped past
/// them is refused, not stored. `user_id` is opaque text (1 to 64 visible ASCII characters; the
/// check searches for a character outside `!`..`~`, since an anchored `^[\x21-\x7e]{1,64}$`
/// costs ~4 µs a row, measured as a third of the batch insert); `number_of_items` is NULL
/// when the client did not give it (nothing is invented: billing charges `total_amount`, and a
/// reader can `coalesce` if it needs a number). `order_id` is the
/// AMQP message_id: UNIQUE makes a redelivered message change nothing. Rows written before
/// every message needed a message_id may have it NULL.
///
/// `order_conflicts`: a message whose order_id was already written for a *different* order
/// (an `Idempotency-Key` reused for another order, through another gateway or after a
/// restart). The first order stays in `orders`; the later one is kept here for an operator,
/// once per (order_id, fingerprint). `existing_fingerprint` is NULL only when the stored row
/// could not be read back as an order.
const CREATE_TABLES: &str = "\
CREATE TABLE IF NOT EXISTS orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id text NOT NULL CONSTRAINT orders_user_id_check
        CHECK (octet_length(user_id) BETWEEN 1 AND 64 AND user_id !~ '[^\\x21-\\x7e]'),
    number_of_items integer CHECK (number_of_items >= 1),
    total_amount numeric(12,2) NOT NULL CHECK (total_amount >= 0 AND total_amount <> 'NaN'),
    order_id uuid UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS order_conflicts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id uuid NOT NULL,
    user_id text NOT NULL,
    number_of_items integer,
    total_amount numeric(12,2) NOT NULL,
    fingerprint text NOT NULL,
    existing_fingerprint text,
    detected_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_id, fingerprint)
)";

/// The type of `orders.user_id`: `bigint` in tables made before user ids became opaque text.
const USER_ID_TYPE: &str = "\
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'orders'::regclass AND attname = 'user_id' AND NOT attisdropped";

/// Brings a table of the first schema (`user_id bigint CHECK (user_id > 0)`, `number_of_items`
/// NOT NULL) to the current one. Every row is kept: `88` becomes `'88'`, which is what the
/// order rules make of both `88` and `"88"`, so fingerprints of old rows stay comparable.
const MIGRATE_USER_ID_TO_TEXT: &str = "\
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_check;
ALTER TABLE orders
    ALTER COLUMN user_id TYPE text USING user_id::text,
    ALTER COLUMN number_of_items DROP NOT NULL,
    ADD CONSTRAINT orders_user_id_check
        CHECK (octet_length(user_id) BETWEEN 1 AND 64 AND user_id !~ '[^\\x21-\\x7e]')";

/// Several workers start at once on one database; CREATE TABLE IF NOT EXISTS and the migration
/// are not safe against themselves, so they run under this advisory lock (the bytes of
/// "billing").
const SCHEMA_LOCK_KEY: i64 = 0x0062_696c_6c69_6e67;

/// One statement for a whole batch of distinct order ids (and for one row, when a batch is
/// retried row by row); it returns the ids it inserted, the others were there already.
/// NUMERIC and UUID travel as text: no extra crates, and PostgreSQL does the exact parse.
const INSERT_ORDERS: &str = "\
INSERT INTO orders (user_id, number_of_items, total_amount, order_id)
SELECT * FROM unnest($1::text[], $2::integer[], $3::text[]::numeric[], $4::text[]::uuid[])
ON CONFLICT (order_id) DO NOTHING
RETURNING order_id::text";

/// The stored orders of some ids, read back to compare fingerprints.
const SELECT_EXISTING: &str = "\
SELECT order_id::text, user_id, number_of_items, total_amount::text FROM orders
WHERE order_id = ANY($1::text[]::uuid[])";

/// Conflicting orders, each (order_id, fingerprint) once however often it is redelivered.
const INSERT_CONFLICTS: &str = "\
INSERT INTO order_conflicts
    (order_id, user_id, number_of_items, total_amount, fingerprint, existing_fingerprint)
SELECT * FROM unnest($1::text[]::uuid[], $2::text[], $3::integer[], $4::text[]::numeric[],
                     $5::text[], $6::text[])
ON CONFLICT (order_id, fingerprint) DO NOTHING";

/// An order ready to be written, with its deduplication key.
#[derive(Debug)]
pub struct OrderRow {
    /// The parsed order.
    pub order: Order,
    /// The AMQP message_id.
    pub order_id: OrderId,
}

/// A message whose order_id was already written for a different order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Index into the rows given to [`Store::write`].
    pub index: usize,
    /// The fingerprint of the order already stored under that id (`None`: it could not be
    /// read back as an order).
    pub existing: Option<Fingerprint>,
}

/// What a committed write did. Every row given is in exactly one of: inserted, duplicates,
/// conflicts, refused.
#[derive(Debug, Default)]
pub struct Written {
    /// Rows inserted.
    pub inserted: u64,
    /// Rows already there with the same fingerprint: redelivered or re-published messages, or
    /// a retried request with the same `Idempotency-Key`. Nothing to do.
    pub duplicates: u64,
    /// Rows whose id was already there for a different order: recorded in `order_conflicts`,
    /// nothing written over the first.
    pub conflicts: Vec<Conflict>,
    /// Rows the database refused by constraint: index into the rows given, and the reason.
    pub refused: Vec<(usize, String)>,
}

/// The worker's database: one session, reopened after any failure.
pub struct Store {
    config: postgres::Config,
    session: Option<Session>,
    /// Whether a session was ever opened (the next one is a reconnect, for the metrics).
    connected_before: bool,
}

struct Session {
    client: Client,
    insert: Statement,
    select_existing: Statement,
    insert_conflicts: Statement,
}

impl Store {
    /// A store that connects on first use.
    pub fn new(config: &PostgresConfig) -> Store {
        let mut pg = postgres::Config::new();
        // A primary and its standbys: each is tried in turn and only a read-write session is
        // kept, so after a standby is promoted the next connection lands on it.
        match hostlist::parse(&config.host, config.port) {
            Ok(nodes) => nodes.iter().for_each(|node| {
                pg.host(&node.host).port(node.port);
            }),
            // Config::from_lookup refuses such a value; one built otherwise is tried as one name.
            Err(_) => {
                pg.host(&config.host).port(config.port);
            }
        }
        pg.target_session_attrs(TargetSessionAttrs::ReadWrite)
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
            connected_before: false,
        }
    }

    /// Opens a session unless one is open, creating the tables when they are absent and
    /// migrating an `orders` table of an older schema.
    pub fn connect(&mut self) -> Result<(), Error> {
        if self.session.as_ref().is_some_and(|s| !s.client.is_closed()) {
            return Ok(());
        }
        self.session = None;
        self.session = Some(Session::open(&self.config)?);
        if std::mem::replace(&mut self.connected_before, true) {
            crate::metrics::DB_RECONNECTS.inc();
        }
        Ok(())
    }

    /// Writes `rows` and returns what it did once all of it has committed. Usually one
    /// statement: the INSERT of the whole batch. Rows whose id was already there are read back
    /// and sorted into duplicates and conflicts (the conflicts recorded); a row refused by a
    /// constraint does not fail the others (the batch is then written row by row). A row whose
    /// id appears twice in `rows` is written in a later round, after its first occurrence.
    /// On error the write may have committed in part; writing the same rows again is safe
    /// (every step is idempotent). The session is then dropped and the next call reconnects.
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
        create_or_migrate(&mut client)?;
        Ok(Session {
            insert: client.prepare(INSERT_ORDERS)?,
            select_existing: client.prepare(SELECT_EXISTING)?,
            insert_conflicts: client.prepare(INSERT_CONFLICTS)?,
            client,
        })
    }

    fn write(&mut self, rows: &[OrderRow]) -> Result<Written, Error> {
        let mut written = Written::default();
        let mut pending: Vec<usize> = (0..rows.len()).collect();
        // Each round takes the first occurrence of every id still pending, so a round never
        // holds one id twice; at most as many rounds as one id has copies in the batch.
        while !pending.is_empty() {
            let (round, later) = first_occurrences(rows, &pending);
            self.write_round(rows, &round, &mut written)?;
            pending = later;
        }
        self.record_conflicts(rows, &written.conflicts)?;
        Ok(written)
    }

    /// Inserts rows of distinct ids, then sorts those that were already there.
    fn write_round(
        &mut self,
        rows: &[OrderRow],
        round: &[usize],
        written: &mut Written,
    ) -> Result<(), Error> {
        let columns = Columns::of(rows, round);
        // One statement outside BEGIN is a transaction of its own, committed at the Sync that
        // ends it; `query` returns at the ReadyForQuery that follows, so after the COMMIT.
        // One round trip per batch instead of three (BEGIN, INSERT, COMMIT).
        let inserted = match self.client.query(&self.insert, &columns.params()) {
            Ok(returned) => returned_ids(&returned),
            Err(e) if is_refusal(&e) => self.insert_row_by_row(rows, round, written)?,
            Err(e) => return Err(e.into()),
        };
        written.inserted += inserted.len() as u64;
        let refused: HashSet<usize> = written.refused.iter().map(|(index, _)| *index).collect();
        let there: Vec<usize> = round
            .iter()
            .copied()
            .filter(|&i| !inserted.contains(&rows[i].order_id) && !refused.contains(&i))
            .collect();
        if there.is_empty() {
            return Ok(());
        }
        let existing = self.existing(rows, &there)?;
        for index in there {
            let row = &rows[index];
            match existing.get(&row.order_id) {
                // ON CONFLICT saw the row, a later statement does not: it was deleted meanwhile.
                None => return Err(Error::Vanished(row.order_id.to_string())),
                Some(Some(stored)) if *stored == row.order.fingerprint() => written.duplicates += 1,
                Some(stored) => written.conflicts.push(Conflict {
                    index,
                    existing: *stored,
                }),
            }
        }
        Ok(())
    }

    /// One transaction, a savepoint per row: the refused rows are rolled back alone.
    fn insert_row_by_row(
        &mut self,
        rows: &[OrderRow],
        round: &[usize],
        written: &mut Written,
    ) -> Result<HashSet<OrderId>, Error> {
        let mut inserted = HashSet::new();
        let mut tx = self.client.transaction()?;
        for &index in round {
            let columns = Columns::of(rows, &[index]);
            let mut savepoint = tx.transaction()?;
            match savepoint.query(&self.insert, &columns.params()) {
                Ok(returned) => {
                    savepoint.commit()?;
                    inserted.extend(returned_ids(&returned));
                }
                Err(e) if is_refusal(&e) => {
                    savepoint.rollback()?;
                    written.refused.push((index, refusal_reason(&e)));
                }
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit()?;
        Ok(inserted)
    }

    /// The fingerprints of the stored orders of these rows' ids, read back through the same
    /// order rules (so a row written before fingerprints existed compares like any other).
    fn existing(
        &mut self,
        rows: &[OrderRow],
        indices: &[usize],
    ) -> Result<HashMap<OrderId, Option<Fingerprint>>, Error> {
        let ids: Vec<String> = indices
            .iter()
            .map(|&i| rows[i].order_id.to_string())
            .collect();
        let mut existing = HashMap::new();
        for row in self.client.query(&self.select_existing, &[&ids])? {
            let id: String = row.get(0);
            let user_id: String = row.get(1);
            let number_of_items: Option<i32> = row.get(2);
            let total_amount: String = row.get(3);
            let Some(id) = OrderId::parse(&id) else {
                continue;
            };
            let fingerprint = Order::from_parts(&user_id, number_of_items, &total_amount)
                .ok()
                .map(|order| order.fingerprint());
            existing.insert(id, fingerprint);
        }
        Ok(existing)
    }

    fn record_conflicts(&mut self, rows: &[OrderRow], conflicts: &[Conflict]) -> Result<(), Error> {
        if conflicts.is_empty() {
            return Ok(());
        }
        let indices: Vec<usize> = conflicts.iter().map(|c| c.index).collect();
        let columns = Columns::of(rows, &indices);
        let fingerprints: Vec<String> = indices
            .iter()
            .map(|&i| rows[i].order.fingerprint().to_string())
            .collect();
        let existing: Vec<Option<String>> = conflicts
            .iter()
            .map(|c| c.existing.map(|f| f.to_string()))
            .collect();
        self.client.execute(
            &self.insert_conflicts,
            &[
                &columns.order_ids,
                &columns.user_ids,
                &columns.numbers_of_items,
                &columns.total_amounts,
                &fingerprints,
                &existing,
            ],
        )?;
        Ok(())
    }
}

/// Creates the tables, or brings an older `orders` up to date, in one transaction under the
/// schema lock: a crash half-way leaves the old schema, never a mix.
fn create_or_migrate(client: &mut Client) -> Result<(), Error> {
    let mut tx = client.transaction()?;
    // Rewriting a large table takes longer than any batch may; the lock wait counts too.
    tx.batch_execute(&format!(
        "SET LOCAL statement_timeout = {}",
        DB_MIGRATION_STATEMENT_TIMEOUT.as_millis()
    ))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK_KEY])?;
    tx.batch_execute(CREATE_TABLES)?;
    let user_id_type: Option<String> = tx.query_opt(USER_ID_TYPE, &[])?.map(|row| row.get(0));
    if user_id_type.as_deref() == Some("bigint") {
        let rows: i64 = tx.query_one("SELECT count(*) FROM orders", &[])?.get(0);
        tx.batch_execute(MIGRATE_USER_ID_TO_TEXT)?;
        println!(
            "billing: migrated table orders ({rows} rows): user_id bigint to text, \
             number_of_items may be NULL"
        );
    }
    tx.commit()?;
    Ok(())
}

/// Splits `pending` into the first occurrence of each order id and the rest, in order.
fn first_occurrences(rows: &[OrderRow], pending: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut seen = HashSet::with_capacity(pending.len());
    pending
        .iter()
        .partition(|&&index| seen.insert(rows[index].order_id))
}

/// The order ids a `RETURNING order_id::text` gave back.
fn returned_ids(returned: &[postgres::Row]) -> HashSet<OrderId> {
    returned
        .iter()
        .filter_map(|row| OrderId::parse(row.get::<_, &str>(0)))
        .collect()
}

/// Some rows as four arrays, one per column, for `unnest`.
struct Columns {
    user_ids: Vec<String>,
    numbers_of_items: Vec<Option<i32>>,
    total_amounts: Vec<String>,
    order_ids: Vec<String>,
}

impl Columns {
    fn of(rows: &[OrderRow], indices: &[usize]) -> Columns {
        let rows = || indices.iter().map(|&i| &rows[i]);
        Columns {
            user_ids: rows().map(|r| r.order.user_id().to_string()).collect(),
            numbers_of_items: rows().map(|r| r.order.number_of_items()).collect(),
            total_amounts: rows().map(|r| r.order.total_amount().to_string()).collect(),
            order_ids: rows().map(|r| r.order_id.to_string()).collect(),
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
