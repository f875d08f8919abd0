//! A PostgreSQL database of its own for one test, on the machine's server (127.0.0.1:5432,
//! trust authentication, superuser `postgres`), dropped when the test ends.
use postgres::{Client, NoTls};

/// Administration connections go to the `postgres` database as the `postgres` superuser.
const ADMIN_PARAMS: &str =
    "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5";

/// A database created for one test; `DROP DATABASE … WITH (FORCE)` on drop.
pub struct TestDb {
    pub name: String,
}

fn admin() -> Client {
    Client::connect(ADMIN_PARAMS, NoTls).unwrap_or_else(|e| {
        panic!("PostgreSQL must run on 127.0.0.1:5432 with trust auth for user postgres: {e}")
    })
}

impl TestDb {
    /// Creates an empty database with a unique name.
    pub fn create() -> TestDb {
        let name = crate::unique_name();
        admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        TestDb { name }
    }

    /// A superuser connection to this database, for the test's own checks.
    pub fn client(&self) -> Client {
        let params = ADMIN_PARAMS.replace("dbname=postgres", &format!("dbname={}", self.name));
        Client::connect(&params, NoTls).unwrap_or_else(|e| panic!("connect to {}: {e}", self.name))
    }

    /// The variables a service needs to use this database (any password: trust auth).
    /// `database_var` is the service's own name for it, e.g. `INVENTORY_DATABASE`.
    pub fn env(&self, database_var: &str) -> Vec<(String, String)> {
        [
            ("POSTGRES_HOST", "127.0.0.1"),
            ("POSTGRES_PORT", "5432"),
            ("POSTGRES_USER", "postgres"),
            ("POSTGRES_PASSWORD", "unused-with-trust-auth"),
            (database_var, self.name.as_str()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// An outage of this database alone: new connections refused, open sessions terminated.
    pub fn block_connections(&self) {
        let mut admin = admin();
        admin
            .batch_execute(&format!(
                "ALTER DATABASE {} ALLOW_CONNECTIONS false",
                self.name
            ))
            .expect("ALTER DATABASE … ALLOW_CONNECTIONS false");
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
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = admin().batch_execute(&sql) {
            eprintln!("testkit: {sql}: {e}");
        }
    }
}
