//! The inventory binary: configuration from the environment, signals, exit codes.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use edge::signals::Signals;

use inventory::config::{Config, VARIABLES};

fn main() -> ExitCode {
    if let Some(argument) = std::env::args().nth(1) {
        return answer_argument(&argument);
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("inventory: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    // Registered before starting, so a signal during start-up is not lost; the byte waits
    // in the socket until the signal thread reads it.
    let mut signals = match Signals::register() {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("inventory: cannot install signal handlers: {error}");
            return ExitCode::from(1);
        }
    };
    let running = match inventory::start(config) {
        Ok(running) => running,
        Err(error) => {
            eprintln!("inventory: {error}");
            return ExitCode::from(1);
        }
    };
    if let Some(addr) = running.metrics_addr() {
        println!(
            "{}",
            edge::ready::metrics_listening(inventory::SERVICE, addr)
        );
    }
    println!(
        "{}",
        edge::ready::listening(inventory::SERVICE, running.local_addr())
    );
    signals.wait();
    running.stop();
    ExitCode::SUCCESS
}

fn answer_argument(argument: &str) -> ExitCode {
    match argument {
        "--version" | "-V" => {
            println!("inventory {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        "--help" | "-h" => {
            println!(
                "inventory {}: {}",
                env!("CARGO_PKG_VERSION"),
                env!("CARGO_PKG_DESCRIPTION")
            );
            println!();
            println!("Usage: inventory [--help | --version]");
            println!();
            println!("Configuration (environment variables; empty = unset):");
            print!("{}", edge::config::help(VARIABLES));
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("inventory: unknown argument {other:?}; see --help");
            ExitCode::from(2)
        }
    }
}
