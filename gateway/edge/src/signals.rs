//! SIGTERM and SIGINT, turned into something a thread can wait for, without unsafe code.
use std::io::{self, Read};
use std::os::unix::net::UnixStream;

/// A socket that receives one byte per SIGTERM or SIGINT (signal-hook's self-pipe).
pub struct Signals(UnixStream);

impl Signals {
    /// Installs the handlers. Register before starting the service, so a signal that arrives
    /// during start-up waits in the socket instead of being lost.
    pub fn register() -> io::Result<Signals> {
        let (read, write) = UnixStream::pair()?;
        for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
            signal_hook::low_level::pipe::register(signal, write.try_clone()?)?;
        }
        Ok(Signals(read))
    }

    /// Blocks until SIGTERM or SIGINT arrives (or the socket fails, which is treated alike).
    pub fn wait(&mut self) {
        let _ = self.0.read(&mut [0u8; 1]);
    }
}
