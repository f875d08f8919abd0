//! A PostgreSQL database of its own for one test, on the machine's server (127.0.0.1), made,
//! owned and dropped by the test role that `scripts/test.sh` creates: `LOGIN CREATEDB`, no
//! superuser, logging in with its password (so whatever `pg_hba.conf` asks of 127.0.0.1,
//! Debian's `scram-sha-256` included, it gets a password it can check).
use postgres::{Client, Config, NoTls};
use std::sync::OnceLock;
use std::time::Duration;

/// The workspace's `.env`, read for the settings the environment lacks, as `scripts/test.sh`
/// reads it: so a bare `cargo test` logs in as the role that script created.
const DOTENV_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../.env");
/// The server is on this machine; slower than this to connect means it is not running.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Every database of the tests is on this machine, on loopback.
const HOST: &str = "127.0.0.1";

/// How the tests log in: `TEST_POSTGRES_USER`, `TEST_POSTGRES_PASSWORD` and `POSTGRES_PORT`,
/// each from the environment or else from `.env` (the port defaults to 5432).
struct Login {
    port: u16,
    user: String,
    password: String,
}

fn login() -> &'static Login {
    static LOGIN: OnceLock<Login> = OnceLock::new();
    LOGIN.get_or_init(|| {
        let dotenv = std::fs::read_to_string(DOTENV_PATH).unwrap_or_default();
        let setting = |name: &str| {
            std::env::var(name)
                .ok()
                .or_else(|| dotenv_value(&dotenv, name))
        };
        let required = |name: &str| {
            setting(name).unwrap_or_else(|| {
                panic!("{name} is set neither in the environment nor in {DOTENV_PATH}")
            })
        };
        let port = setting("POSTGRES_PORT").unwrap_or_else(|| "5432".to_owned());
        Login {
            port: port
                .parse()
                .unwrap_or_else(|e| panic!("POSTGRES_PORT={port:?}: {e}")),
            user: required("TEST_POSTGRES_USER"),
            password: required("TEST_POSTGRES_PASSWORD"),
        }
    })
}

/// The value of `name` in `.env`'s text, read as `scripts/lib/common.sh`'s `load_env` does:
/// `KEY=VALUE` lines, `#` comments, an optional `export `, one pair of quotes removed; the
/// first line naming it wins.
fn dotenv_value(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (key, value) = line.split_once('=')?;
        if key.trim() != name || line.starts_with('#') {
            return None;
        }
        let value = value.trim_end_matches('\r');
        let unquoted = ['"', '\'']
            .into_iter()
            .find_map(|quote| value.strip_prefix(quote)?.strip_suffix(quote));
        Some(unquoted.unwrap_or(value).to_owned())
    })
}

/// The test role's connection to `dbname`.
fn config(dbname: &str) -> Config {
    let login = login();
    let mut config = Config::new();
    config
        .host(HOST)
        .port(login.port)
        .user(&login.user)
        .password(&login.password)
        .dbname(dbname)
        .connect_timeout(CONNECT_TIMEOUT);
    config
}

/// Administration connections (create, block, drop) go to the `postgres` database.
fn admin() -> Client {
    config("postgres").connect(NoTls).unwrap_or_else(|e| {
        let Login { port, user, .. } = login();
        panic!(
            "PostgreSQL must run on {HOST}:{port} and let the test role {user} log in with \
             its password (scripts/test.sh creates it from .env's TEST_POSTGRES_USER and \
             TEST_POSTGRES_PASSWORD): {e}"
        )
    })
}

/// A database created for one test; `DROP DATABASE … WITH (FORCE)` on drop.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    /// Creates an empty database with a unique name, owned by the test role.
    pub fn create() -> TestDb {
        let name = crate::unique_name();
        admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        TestDb { name }
    }

    /// A connection to this database as its owner, the test role, for the test's own checks.
    pub fn client(&self) -> Client {
        self.try_client()
            .unwrap_or_else(|e| panic!("connect to {}: {e}", self.name))
    }

    /// A new connection to this database, or why it was refused (e.g. during an outage).
    pub fn try_client(&self) -> Result<Client, postgres::Error> {
        config(&self.name).connect(NoTls)
    }

    /// The variables a service needs to use this database as the test role.
    /// `database_var` is the service's own name for it, e.g. `INVENTORY_DATABASE`.
    pub fn env(&self, database_var: &str) -> Vec<(String, String)> {
        let login = login();
        [
            ("POSTGRES_HOST", HOST.to_owned()),
            ("POSTGRES_PORT", login.port.to_string()),
            ("POSTGRES_USER", login.user.clone()),
            ("POSTGRES_PASSWORD", login.password.clone()),
            (database_var, self.name.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// An outage of this database alone: new connections refused, open sessions terminated.
    /// Both work for the owner without superuser rights, since every session in it is the
    /// test role's own.
    pub fn block_connections(&self) {
        let mut admin = admin();
        admin
            .batch_execute(&format!(
                "ALTER DATABASE {} ALLOW_CONNECTIONS false",
                self.name
            ))
            .expect("ALTER DATABASE … ALLOW_CONNECTIONS false");
        self.end_sessions(&mut admin);
    }

    /// Makes this database read-only for new sessions (as a standby is) or writable again
    /// (as a promoted one), and ends the open sessions so that services reconnect.
    pub fn set_read_only(&self, read_only: bool) {
        let mut admin = admin();
        let value = if read_only { "on" } else { "off" };
        admin
            .batch_execute(&format!(
                "ALTER DATABASE {} SET default_transaction_read_only = {value}",
                self.name
            ))
            .expect("ALTER DATABASE … SET default_transaction_read_only");
        self.end_sessions(&mut admin);
    }

    /// Ends every open session of this database (services reconnect, or fail to).
    fn end_sessions(&self, admin: &mut Client) {
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&self.name],
            )
            .expect("pg_terminate_backend");
    }

    /// Ends the outage begun by [`TestDb::block_connections`].
    pub fn allow_connections(&self) {
        admin()
            .batch_execute(&format!(
                "ALTER DATABASE {} ALLOW_CONNECTIONS true",
                self.name
            ))
            .expect("ALTER DATABASE … ALLOW_CONNECTIONS true");
    }

    /// Whether a database of this name exists (to check that a dropped one is gone).
    pub fn exists(name: &str) -> bool {
        let count: i64 = admin()
            .query_one(
                "SELECT count(*) FROM pg_database WHERE datname = $1",
                &[&name],
            )
            .expect("count pg_database rows")
            .get(0);
        count > 0
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = admin().batch_execute(&sql) {
            eprintln!("testkit: {sql}: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::dotenv_value;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(dotenv_value(text, "KEY").as_deref(), expected, "{text:?}");
    }

    #[test]
    fn dotenv_lines_are_read_as_load_env_reads_them() {
        check("KEY=plain", Some("plain"));
        check("export KEY=exported", Some("exported"));
        check("KEY=\"double quoted\"", Some("double quoted"));
        check("KEY='single quoted'", Some("single quoted"));
        check("KEY=with=equals\r", Some("with=equals"));
        check("# KEY=commented", None);
        check("OTHER_KEY=x\nKEYS=y", None);
        check("KEY=", Some(""));
        check("KEY=first\nKEY=second", Some("first"));
    }
}
