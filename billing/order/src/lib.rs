//! The order contract: one definition of what a valid order is, of the queue it travels on
//! (name, type, arguments) and of the message's properties, shared by its publisher (gateway)
//! and its consumer (billing) so they cannot drift. No AMQP or socket code: that is the
//! `broker` crate's.
#![forbid(unsafe_code)]

mod amount;
mod error;
mod fingerprint;
mod order;
mod order_id;
pub mod queue;
mod user_id;

pub use amount::Amount;
pub use error::OrderError;
pub use fingerprint::{Fingerprint, FINGERPRINT_HEADER};
pub use order::Order;
pub use order_id::{OrderId, IDEMPOTENCY_KEY_BYTES_MAX};
pub use user_id::{UserId, USER_ID_BYTES_MAX};
