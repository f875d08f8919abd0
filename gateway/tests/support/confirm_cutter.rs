//! A TCP relay in front of the machine's RabbitMQ that makes publisher confirms go missing.
//!
//! Armed, it watches what the client sends: once a connection carries a `basic.publish`, the
//! broker's frames stop reaching the client, and when the broker's `basic.ack` comes (the
//! message is on the queue) the relay closes both sides. The broker has the order; the client
//! sees its connection lost before the confirm. Unarmed it relays frames untouched.
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// RabbitMQ's port on this machine.
const BROKER: &str = "127.0.0.1:5672";
/// What a client sends before its first frame.
const PROTOCOL_HEADER_BYTES: usize = 8;
/// An AMQP frame's type, channel and size, before its payload.
const FRAME_HEADER_BYTES: usize = 7;
/// The frame-end octet after the payload.
const FRAME_END_BYTES: usize = 1;
const FRAME_METHOD: u8 = 1;
/// (class, method) of `basic.publish` and `basic.ack`.
const BASIC_PUBLISH: (u16, u16) = (60, 40);
const BASIC_ACK: (u16, u16) = (60, 80);

pub struct ConfirmCutter {
    pub port: u16,
    /// How many more publishing connections are to be cut.
    armed: Arc<AtomicUsize>,
    /// How many were cut after their confirm.
    cut: Arc<AtomicUsize>,
}

impl ConfirmCutter {
    pub fn start() -> ConfirmCutter {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local_addr").port();
        let armed = Arc::new(AtomicUsize::new(0));
        let cut = Arc::new(AtomicUsize::new(0));
        let (a, c) = (armed.clone(), cut.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(broker) = TcpStream::connect(BROKER) else {
                    continue;
                };
                relay(client, broker, a.clone(), c.clone());
            }
        });
        ConfirmCutter { port, armed, cut }
    }

    /// The next `connections` connections that publish lose their confirm (and the
    /// connection) as described above.
    pub fn arm(&self, connections: usize) {
        self.armed.store(connections, Ordering::SeqCst);
    }

    /// How many connections were cut so far.
    pub fn cuts(&self) -> usize {
        self.cut.load(Ordering::SeqCst)
    }
}

fn relay(client: TcpStream, broker: TcpStream, armed: Arc<AtomicUsize>, cut: Arc<AtomicUsize>) {
    let holding = Arc::new(AtomicBool::new(false));
    let (client_in, broker_out) = (
        client.try_clone().expect("clone a socket"),
        broker.try_clone().expect("clone a socket"),
    );
    let hold = holding.clone();
    // Client to broker: forwarded as read; a publish on an armed relay starts the hold
    // before its bytes reach the broker, so its ack cannot slip through.
    std::thread::spawn(move || {
        let mut frames = Frames::new(PROTOCOL_HEADER_BYTES);
        copy(client_in, broker_out, |bytes| {
            for (class_method, _) in frames.push(bytes) {
                if class_method == Some(BASIC_PUBLISH)
                    && !hold.load(Ordering::SeqCst)
                    && armed
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok()
                {
                    hold.store(true, Ordering::SeqCst);
                }
            }
        });
    });
    // Broker to client: whole frames, none once holding; the ack ends the connection.
    std::thread::spawn(move || {
        let mut frames = Frames::new(0);
        let (broker_in, mut client_out) = (broker, client);
        let ends = client_out.try_clone().expect("clone a socket");
        let broker_end = broker_in.try_clone().expect("clone a socket");
        copy_frames(broker_in, &mut client_out, &mut frames, &holding, || {
            cut.fetch_add(1, Ordering::SeqCst);
            let _ = ends.shutdown(Shutdown::Both);
            let _ = broker_end.shutdown(Shutdown::Both);
        });
    });
}

/// Forwards what `from` sends, letting `inspect` see each read before it goes on.
fn copy(mut from: TcpStream, mut to: TcpStream, mut inspect: impl FnMut(&[u8])) {
    let mut buffer = [0u8; 16 * 1024];
    while let Ok(n @ 1..) = from.read(&mut buffer) {
        inspect(&buffer[..n]);
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

fn copy_frames(
    mut from: TcpStream,
    to: &mut TcpStream,
    frames: &mut Frames,
    holding: &AtomicBool,
    cut: impl FnOnce(),
) {
    let mut buffer = [0u8; 16 * 1024];
    while let Ok(n @ 1..) = from.read(&mut buffer) {
        for (class_method, frame) in frames.push(&buffer[..n]) {
            if !holding.load(Ordering::SeqCst) {
                if to.write_all(&frame).is_err() {
                    return;
                }
            } else if class_method == Some(BASIC_ACK) {
                return cut();
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// A whole frame, with its (class, method) when it is a method frame.
type Frame = (Option<(u16, u16)>, Vec<u8>);

/// Splits a byte stream into AMQP frames, after `skip` bytes of protocol header.
struct Frames {
    skip: usize,
    buffer: Vec<u8>,
}

impl Frames {
    fn new(skip: usize) -> Frames {
        Frames {
            skip,
            buffer: Vec::new(),
        }
    }

    /// The frames `bytes` completes; the protocol header comes out as a frame of its own.
    fn push(&mut self, bytes: &[u8]) -> Vec<Frame> {
        self.buffer.extend_from_slice(bytes);
        let mut out = Vec::new();
        if self.skip > 0 {
            if self.buffer.len() < self.skip {
                return out;
            }
            out.push((None, self.buffer.drain(..self.skip).collect()));
            self.skip = 0;
        }
        while self.buffer.len() >= FRAME_HEADER_BYTES {
            let b = &self.buffer;
            let size = u32::from_be_bytes([b[3], b[4], b[5], b[6]]) as usize;
            let whole = FRAME_HEADER_BYTES + size + FRAME_END_BYTES;
            if b.len() < whole {
                break;
            }
            let class_method = (b[0] == FRAME_METHOD && size >= 4).then(|| {
                let at = FRAME_HEADER_BYTES;
                (
                    u16::from_be_bytes([b[at], b[at + 1]]),
                    u16::from_be_bytes([b[at + 2], b[at + 3]]),
                )
            });
            out.push((class_method, self.buffer.drain(..whole).collect()));
        }
        out
    }
}
