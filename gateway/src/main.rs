//! `gateway`: reads its configuration, starts, and shuts down gracefully on SIGTERM/SIGINT.
#![forbid(unsafe_code)]

use edge::signals::Signals;
use std::process::ExitCode;

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("--version") => {
            println!("gateway {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--help") => {
            print!("{}", help());
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("gateway: unknown argument {other:?}; try --help");
            return ExitCode::from(2);
        }
        None => {}
    }
    let config = match gateway::Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("gateway: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    // Registered before starting, so a signal during startup is not lost.
    let mut signals = match Signals::register() {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!("gateway: cannot install signal handlers: {e}");
            return ExitCode::FAILURE;
        }
    };
    let running = match gateway::start(config) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("gateway: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(addr) = running.metrics_addr() {
        println!("{}", edge::ready::metrics_listening(gateway::SERVICE, addr));
    }
    println!(
        "{}",
        edge::ready::listening(gateway::SERVICE, running.addr())
    );
    signals.wait();
    println!("gateway shutting down");
    if running.stop() {
        println!("gateway stopped");
        ExitCode::SUCCESS
    } else {
        eprintln!("gateway: requests still in flight at the shutdown deadline");
        ExitCode::FAILURE
    }
}

fn help() -> String {
    let mut text = format!(
        "gateway {}: the entry point of the movie platform.\n\
         Proxies /api/movies to inventory, queues POST /api/billing orders on RabbitMQ\n\
         (answered only after the broker's confirm), serves /health, /openapi.yaml, /docs.\n\n\
         Usage: gateway [--help | --version]\n\nEnvironment (empty = unset):\n",
        env!("CARGO_PKG_VERSION")
    );
    text.push_str(&edge::config::help(gateway::config::VARIABLES));
    text
}
