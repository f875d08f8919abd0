//! The inventory binary: configuration from the environment, signals, exit codes.
#![forbid(unsafe_code)]

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::process::ExitCode;
use std::thread;

use inventory::config::{Config, HELP_VARIABLES};

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
    let signals = match signal_socket() {
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
    let stopper = running.stopper();
    let watcher = thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            let mut signals = signals;
            let mut byte = [0u8; 1];
            if signals.read(&mut byte).is_ok() {
                stopper.stop();
            }
        });
    if let Err(error) = watcher {
        eprintln!("inventory: cannot start the signal thread: {error}");
        return ExitCode::from(1);
    }
    running.wait();
    ExitCode::SUCCESS
}

/// SIGTERM and SIGINT each write a byte to a socket pair; the returned end reads it.
fn signal_socket() -> std::io::Result<UnixStream> {
    let (read, write) = UnixStream::pair()?;
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::low_level::pipe::register(signal, write.try_clone()?)?;
    }
    Ok(read)
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
            println!("Configuration (environment variables, with defaults):");
            for (name, default) in HELP_VARIABLES {
                println!("  {name:<20} {default}");
            }
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("inventory: unknown argument {other:?}; see --help");
            ExitCode::from(2)
        }
    }
}
