//! A RabbitMQ vhost and user of their own for one test, made with `rabbitmqctl` on the
//! machine's broker (127.0.0.1:5672) and deleted when the test ends. Queues die with the vhost.
use order::broker::BrokerConfig;
use std::process::Command;
use std::time::Duration;

/// AMQP handshake and TCP connect limit for the test's own connections.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Heartbeat of the test's own connections, in seconds.
const HEARTBEAT_SECS: u16 = 10;

/// A vhost with a user that has every permission on it, and nothing elsewhere.
pub struct TestBroker {
    pub vhost: String,
    pub user: String,
    pub password: String,
    /// Users made by [`TestBroker::add_user`], deleted with the vhost.
    extra_users: std::sync::Mutex<Vec<String>>,
}

/// Runs `rabbitmqctl -q <args>`, panicking with its output when it fails.
fn rabbitmqctl(args: &[&str]) {
    let output = Command::new("rabbitmqctl")
        .arg("-q")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("rabbitmqctl must be installed and on PATH: {e}"));
    assert!(
        output.status.success(),
        "rabbitmqctl {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl TestBroker {
    /// Creates the vhost and the user (a random password) with full rights on the vhost.
    pub fn create() -> TestBroker {
        let name = crate::unique_name();
        let password = order::OrderId::random().to_string();
        rabbitmqctl(&["add_vhost", &name]);
        rabbitmqctl(&["add_user", &name, &password]);
        rabbitmqctl(&["set_permissions", "-p", &name, &name, ".*", ".*", ".*"]);
        TestBroker {
            vhost: name.clone(),
            user: name,
            password,
            extra_users: Default::default(),
        }
    }

    /// Another user on the vhost with exactly these permissions (regular expressions, `^$` for
    /// none), as provisioning gives the deployed services.
    pub fn add_user(&self, configure: &str, write: &str, read: &str) -> BrokerConfig {
        let user = crate::unique_name();
        let password = order::OrderId::random().to_string();
        rabbitmqctl(&["add_user", &user, &password]);
        self.extra_users
            .lock()
            .expect("no panic while holding it")
            .push(user.clone());
        rabbitmqctl(&[
            "set_permissions",
            "-p",
            &self.vhost,
            &user,
            configure,
            write,
            read,
        ]);
        BrokerConfig {
            user,
            password,
            ..self.config()
        }
    }

    /// How to reach the vhost as the test's user.
    pub fn config(&self) -> BrokerConfig {
        BrokerConfig {
            host: "127.0.0.1".to_owned(),
            port: 5672,
            vhost: self.vhost.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
        }
    }

    /// A connection of the test's own (to publish, inspect or drain queues).
    pub fn connect(&self) -> amiquip::Connection {
        order::broker::connect(&self.config(), CONNECT_TIMEOUT, HEARTBEAT_SECS)
            .unwrap_or_else(|e| panic!("RabbitMQ must run on 127.0.0.1:5672: {e}"))
    }

    /// The variables a service needs to use this vhost; `prefix` is `GATEWAY` or `BILLING`.
    pub fn env(&self, prefix: &str) -> Vec<(String, String)> {
        vec![
            ("RABBIT_HOST".into(), "127.0.0.1".into()),
            ("RABBIT_PORT".into(), "5672".into()),
            ("RABBIT_VHOST".into(), self.vhost.clone()),
            (format!("{prefix}_RABBIT_USER"), self.user.clone()),
            (format!("{prefix}_RABBIT_PASSWORD"), self.password.clone()),
        ]
    }

    /// The broker cuts every connection of this test's user, as a network fault would.
    pub fn close_connections(&self) {
        rabbitmqctl(&["close_all_user_connections", &self.user, "testkit fault"]);
    }
}

impl Drop for TestBroker {
    fn drop(&mut self) {
        let users = self
            .extra_users
            .lock()
            .map(|u| u.clone())
            .unwrap_or_default();
        let deletions = users
            .iter()
            .chain([&self.user])
            .map(|u| ["delete_user", u.as_str()]);
        for args in [["delete_vhost", self.vhost.as_str()]]
            .into_iter()
            .chain(deletions)
        {
            let done = Command::new("rabbitmqctl").arg("-q").args(args).status();
            if !matches!(done, Ok(s) if s.success()) {
                eprintln!("testkit: rabbitmqctl {args:?} failed");
            }
        }
    }
}
