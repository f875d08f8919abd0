//! The billing binary: configuration from the environment, signals, then the worker.
#![forbid(unsafe_code)]
use billing::config::help;
use billing::Config;
use signal_hook::consts::{SIGINT, SIGTERM};
use std::process::ExitCode;

/// Exit code for a missing or malformed setting or argument.
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let version = env!("CARGO_PKG_VERSION");
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("--version" | "-V") => {
            println!("billing {version}");
            return ExitCode::SUCCESS;
        }
        Some("--help" | "-h") => {
            print!("billing {version}\n{}", help());
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("billing: unknown argument {other:?}; see billing --help");
            return ExitCode::from(EXIT_CONFIG);
        }
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("billing: configuration error: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let running = match billing::start(config) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("billing: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}",
        edge::ready::metrics_listening(billing::SERVICE, running.metrics_addr())
    );
    let shutdown = running.shutdown().clone();
    for signal in [SIGTERM, SIGINT] {
        // A second signal while the first is being handled ends the process at once.
        let registered =
            signal_hook::flag::register_conditional_shutdown(signal, 1, shutdown.flag())
                .and_then(|_| signal_hook::flag::register(signal, shutdown.flag()));
        if let Err(e) = registered {
            eprintln!("billing: cannot handle signal {signal}: {e}");
            return ExitCode::FAILURE;
        }
    }
    shutdown.wait();
    if let Err(e) = running.stop() {
        eprintln!("billing: configuration error: {e}");
        return ExitCode::from(EXIT_CONFIG);
    }
    println!("billing stopped");
    ExitCode::SUCCESS
}
