//! A RabbitMQ node of a test's own: a private node name, AMQP and distribution ports, data and
//! log directories, started beside the machine's broker (never touching it) and stopped by its
//! node name, or killed by the PID it wrote, when the test ends. For failover tests: stop or
//! kill one node of a list and see the services move to the next.
use crate::broker::rabbitmqctl_command;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A node boots in 5-10 s here (longer on a loaded machine).
const BOOT_TIMEOUT: Duration = Duration::from_secs(90);
/// `rabbitmqctl stop` waits for the node to end; past this the node is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// The server scripts of the rabbitmq-server package.
const SERVER: &str = "/usr/lib/rabbitmq/bin/rabbitmq-server";
/// The user the packaged node runs as; its home holds the Erlang cookie the CLI needs.
const RABBITMQ_USER: &str = "rabbitmq";
const RABBITMQ_HOME: &str = "/var/lib/rabbitmq";

/// A running private node; stopped and removed on drop.
pub struct RabbitNode {
    /// `name@localhost`.
    pub name: String,
    /// Its AMQP port on 127.0.0.1 (guest/guest may log in over loopback).
    pub port: u16,
    dir: PathBuf,
}

/// Where `rabbitmqctl` takes its own Erlang distribution ports (the default node's 25672 +
/// 10000, and the ten after it): a node listening there makes the CLI fail.
const CLI_DIST_PORTS: std::ops::RangeInclusive<u16> = 35672..=35682;

/// A free port on loopback (bound, then released for the node to take), outside the CLI's.
fn free_port() -> u16 {
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("bound").port();
        if !CLI_DIST_PORTS.contains(&port) {
            return port;
        }
    }
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

impl RabbitNode {
    /// Boots a new node and waits until it accepts AMQP connections; panics with its log's
    /// tail if it does not within [`BOOT_TIMEOUT`].
    pub fn start() -> RabbitNode {
        let name = format!("{}@localhost", crate::unique_name());
        let (port, dist_port) = (free_port(), free_port());
        let dir = std::env::temp_dir().join(format!("testkit-rabbit-{}", crate::unique_name()));
        for sub in ["mnesia", "log"] {
            std::fs::create_dir_all(dir.join(sub)).expect("create the node's directories");
        }
        let write = |file: &str, text: String| {
            std::fs::write(dir.join(file), text).expect("write the node's configuration")
        };
        write("enabled_plugins", "[].\n".into());
        // Not /etc/rabbitmq's files: the machine's node listens on 5672 and names itself.
        write(
            "rabbitmq.conf",
            format!("listeners.tcp.local = 127.0.0.1:{port}\n"),
        );
        write("rabbitmq-env.conf", String::new());
        let mut command = if is_root() {
            let status = Command::new("chown")
                .args(["-R", RABBITMQ_USER])
                .arg(&dir)
                .status();
            assert!(matches!(status, Ok(s) if s.success()), "chown {dir:?}");
            let mut command = Command::new("runuser");
            command
                .args(["-u", RABBITMQ_USER, "--", SERVER, "-detached"])
                .env("HOME", RABBITMQ_HOME);
            command
        } else {
            let mut command = Command::new(SERVER);
            command.arg("-detached");
            command
        };
        let path = |file: &str| dir.join(file).into_os_string();
        command
            .env("RABBITMQ_NODENAME", &name)
            .env("RABBITMQ_NODE_PORT", port.to_string())
            .env("RABBITMQ_DIST_PORT", dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", path("mnesia"))
            .env("RABBITMQ_LOG_BASE", path("log"))
            .env("RABBITMQ_PID_FILE", path("pid"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", path("enabled_plugins"))
            .env("RABBITMQ_CONFIG_FILE", path("rabbitmq.conf"))
            .env("RABBITMQ_CONF_ENV_FILE", path("rabbitmq-env.conf"))
            .env("ERL_EPMD_ADDRESS", "127.0.0.1")
            .env(
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "-kernel inet_dist_use_interface {127,0,0,1}",
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let status = command.status().expect("rabbitmq-server must be installed");
        assert!(status.success(), "rabbitmq-server -detached: {status:?}");
        let node = RabbitNode { name, port, dir };
        let up = crate::wait_until(BOOT_TIMEOUT, || {
            TcpStream::connect(("127.0.0.1", node.port)).is_ok()
        });
        assert!(up, "node {} did not boot:\n{}", node.name, node.log_tail());
        node
    }

    /// `rabbitmqctl -n <node> <args>`; whether it succeeded.
    pub fn ctl(&self, args: &[&str]) -> bool {
        rabbitmqctl_command()
            .args(["-q", "-n", &self.name])
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Stops the node cleanly by its name and waits until its port refuses connections.
    pub fn stop(&self) {
        self.ctl(&["stop"]);
        let down = crate::wait_until(STOP_TIMEOUT, || {
            TcpStream::connect(("127.0.0.1", self.port)).is_err()
        });
        if !down {
            self.kill();
        }
    }

    /// `kill -9` of the node's own process (the PID it wrote), as a crash would.
    pub fn kill(&self) {
        if let Some(pid) = self.pid() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }

    /// The PID the node wrote, while that process is still this node (never a reused PID).
    fn pid(&self) -> Option<u32> {
        let pid: u32 = std::fs::read_to_string(self.dir.join("pid"))
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let command_line = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let ours = String::from_utf8_lossy(&command_line).contains(self.name.as_str());
        ours.then_some(pid)
    }

    fn log_tail(&self) -> String {
        let log = self.dir.join("log").join(format!("{}.log", self.name));
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for RabbitNode {
    fn drop(&mut self) {
        if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            self.stop();
        }
        // A node that never listened or did not stop: its own PID, nothing else.
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
