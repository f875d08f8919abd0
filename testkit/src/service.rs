//! The real service binaries, started as child processes on loopback. Only the child a test
//! started is ever signalled, by its PID.
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a service may take from exec to its ready line.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a service may take to exit after SIGTERM.
const EXIT_TIMEOUT: Duration = Duration::from_secs(15);

/// The path of a workspace binary beside the running test (`target/<profile>/<name>`), brought
/// up to date with `cargo build` once per test process (a no-op when nothing changed), so a
/// test never runs a stale binary after its sources were edited.
pub fn binary(name: &str) -> PathBuf {
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let exe = std::env::current_exe().expect("a test knows its own path");
    // target/<profile>/deps/<test> -> target/<profile>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests run from target/<profile>/deps");
    let mut built = BUILT.lock().expect("no panic while holding it");
    if !built.iter().any(|b| b == name) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let target_dir = profile_dir.parent().expect("target/<profile> has a parent");
        let mut build = Command::new(cargo);
        build.args(["build", "--quiet", "-p", name, "--bin", name]);
        build.env("CARGO_TARGET_DIR", target_dir);
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "cargo build -p {name} failed");
        built.push(name.to_owned());
    }
    profile_dir.join(name)
}

/// A running service binary, killed (SIGKILL) when dropped if still running.
pub struct Service {
    name: String,
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    url: Option<String>,
    metrics_url: Option<String>,
}

/// Collects the lines of a child's pipe for the test to read.
fn collect(pipe: impl Read + Send + 'static, lines: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            lines
                .lock()
                .expect("no panic while holding the log")
                .push(line);
        }
    });
}

impl Service {
    /// Starts `name` with exactly `env` (nothing inherited) and waits for its ready line:
    /// `<name> listening on http://…` for the HTTP services, `billing consuming …` for billing.
    /// Billing's metrics listener gets a free port unless `env` names one.
    pub fn start(name: &str, env: &[(String, String)]) -> Service {
        let mut env = env.to_vec();
        if name == "billing" && !env.iter().any(|(k, _)| k == "BILLING_METRICS_LISTEN") {
            env.push(("BILLING_METRICS_LISTEN".into(), "127.0.0.1:0".into()));
        }
        let mut child = Command::new(binary(name))
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take().expect("piped"), stdout.clone());
        collect(child.stderr.take().expect("piped"), stderr.clone());
        let mut service = Service {
            name: name.to_owned(),
            child,
            stdout,
            stderr,
            url: None,
            metrics_url: None,
        };
        let ready = if name == "billing" {
            format!("{name} {} ", edge::ready::CONSUMING)
        } else {
            format!("{name} {} ", edge::ready::LISTENING)
        };
        let ready = ready.as_str();
        let started = crate::wait_until(READY_TIMEOUT, || {
            service.has_line(ready) || matches!(service.child.try_wait(), Ok(Some(_)))
        });
        assert!(
            started && service.has_line(ready),
            "{name} did not become ready (exit: {:?})\nstdout:\n{}\nstderr:\n{}",
            service.child.try_wait(),
            service.stdout_lines().join("\n"),
            service.stderr_lines().join("\n")
        );
        let lines = service.stdout_lines();
        let url_after = |prefix: String| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&prefix).map(|url| url.trim().to_owned()))
        };
        service.url = url_after(format!("{name} {} ", edge::ready::LISTENING));
        service.metrics_url = url_after(format!("{name} {} ", edge::ready::METRICS_LISTENING));
        service
    }

    /// `http://127.0.0.1:PORT` of the service's own metrics listener (billing's, or the
    /// gateway's and inventory's when `*_METRICS_LISTEN` is set), read from its line.
    pub fn metrics_url(&self) -> String {
        self.metrics_url
            .clone()
            .expect("the service printed a `metrics listening on` line")
    }

    /// `http://127.0.0.1:PORT`, read from the ready line `<name> listening on …` (the HTTP
    /// services).
    pub fn url(&self) -> String {
        self.url
            .clone()
            .expect("the service printed a `listening on` line")
    }

    /// `127.0.0.1:PORT`, for raw sockets.
    pub fn addr(&self) -> String {
        self.url().trim_start_matches("http://").to_owned()
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Every line the service has printed on stdout so far.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().expect("log lock").clone()
    }

    /// Every line the service has printed on stderr so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().expect("log lock").clone()
    }

    fn has_line(&self, needle: &str) -> bool {
        self.stdout
            .lock()
            .expect("log lock")
            .iter()
            .any(|l| l.contains(needle))
    }

    /// Waits until stdout has a line containing `needle`; tells whether it came.
    pub fn wait_for_line(&self, needle: &str, timeout: Duration) -> bool {
        crate::wait_until(timeout, || self.has_line(needle))
    }

    /// Waits until stderr has at least `count` lines containing `needle`; tells whether they
    /// came. Stdout and stderr are read by two threads, so a line on one can be seen before an
    /// earlier line on the other: a check of stderr after an event waits, it does not peek.
    pub fn wait_for_stderr_lines(&self, needle: &str, count: usize, timeout: Duration) -> bool {
        crate::wait_until(timeout, || {
            self.stderr
                .lock()
                .expect("log lock")
                .iter()
                .filter(|l| l.contains(needle))
                .count()
                >= count
        })
    }

    /// How many stdout lines contain `needle`.
    pub fn count_lines(&self, needle: &str) -> usize {
        self.stdout
            .lock()
            .expect("log lock")
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    }

    /// Sends a signal (`"TERM"`, `"STOP"`, `"CONT"`, …) to this child alone.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill(1) runs");
        assert!(status.success(), "kill -{signal} {} failed", self.pid());
        if signal == "STOP" {
            // kill(1) returns once the signal is sent; the process stops at its next
            // scheduling point, which a loaded machine may delay past the caller's next step.
            let stopped = crate::wait_until(EXIT_TIMEOUT, || {
                let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))
                    .unwrap_or_default();
                let state = stat
                    .rsplit_once(") ")
                    .and_then(|(_, rest)| rest.bytes().next());
                state == Some(b'T')
            });
            assert!(stopped, "{} did not stop after SIGSTOP", self.name);
        }
    }

    /// SIGTERM, then waits for the exit (panics past a deadline).
    pub fn terminate(&mut self) -> ExitStatus {
        self.signal("TERM");
        self.wait_exit(EXIT_TIMEOUT).unwrap_or_else(|| {
            panic!(
                "{} did not exit within {EXIT_TIMEOUT:?} of SIGTERM",
                self.name
            )
        })
    }

    /// Waits for the child to exit by itself, up to `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let mut status = None;
        crate::wait_until(timeout, || {
            status = self.child.try_wait().ok().flatten();
            status.is_some()
        });
        status
    }

    /// SIGKILL: the process dies at once, with whatever it had in hand.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "--- {} stdout ---\n{}\n--- {} stderr ---\n{}",
                self.name,
                self.stdout_lines().join("\n"),
                self.name,
                self.stderr_lines().join("\n")
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
