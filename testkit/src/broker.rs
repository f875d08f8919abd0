//! A RabbitMQ vhost and user of their own for one test, made with `rabbitmqctl` on the
//! machine's broker (127.0.0.1:5672) and deleted when the test ends. Queues die with the vhost.
use broker::{BrokerConfig, HostPort};
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

/// RabbitMQ's CLI itself, behind Debian's wrapper.
const RABBITMQ_CLI: &str = "/usr/lib/rabbitmq/bin/rabbitmqctl";
/// Debian's wrapper, for root only; found even when /usr/sbin is not on PATH.
const RABBITMQCTL_WRAPPER: &str = "/usr/sbin/rabbitmqctl";

/// `rabbitmqctl`: as root, Debian's wrapper (which runs the CLI as the rabbitmq user), else the
/// one on PATH. As any other user that wrapper refuses to run, so the CLI is called directly;
/// it authenticates with the node's Erlang cookie in `~/.erlang.cookie`, which
/// `scripts/test.sh` copies there for a user other than root.
pub(crate) fn rabbitmqctl_command() -> Command {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to this process's effective user: no libc call needed.
    let root = std::fs::metadata("/proc/self").map_or(true, |m| m.uid() == 0);
    let exists = |path: &str| std::path::Path::new(path).exists();
    match (root, exists(RABBITMQ_CLI), exists(RABBITMQCTL_WRAPPER)) {
        (false, true, _) => Command::new(RABBITMQ_CLI),
        (true, _, true) => Command::new(RABBITMQCTL_WRAPPER),
        _ => Command::new("rabbitmqctl"),
    }
}

/// Runs `rabbitmqctl -q <args>` (as root or not, see `rabbitmqctl_command`) and returns what
/// it printed, panicking with its output when it fails. Tests query the broker through it.
pub fn rabbitmqctl(args: &[&str]) -> String {
    let output = rabbitmqctl_command()
        .arg("-q")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("rabbitmqctl must be installed: {e}"));
    assert!(
        output.status.success(),
        "rabbitmqctl {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
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
            nodes: vec![HostPort {
                host: "127.0.0.1".to_owned(),
                port: 5672,
            }],
            vhost: self.vhost.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
        }
    }

    /// A connection of the test's own (to publish, inspect or drain queues).
    pub fn connect(&self) -> amiquip::Connection {
        broker::connect(&self.config(), CONNECT_TIMEOUT, HEARTBEAT_SECS)
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
            let done = rabbitmqctl_command().arg("-q").args(args).status();
            if !matches!(done, Ok(s) if s.success()) {
                eprintln!("testkit: rabbitmqctl {args:?} failed");
            }
        }
    }
}
