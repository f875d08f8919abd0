//! The order message: one definition of what a valid order is and of how `billing_queue` is
//! declared, shared by its publisher (gateway) and its consumer (billing) so they cannot drift.
#![forbid(unsafe_code)]

mod amount;
pub mod broker;
mod error;
mod order;
mod order_id;
pub mod queue;

pub use amount::Amount;
pub use error::OrderError;
pub use order::Order;
pub use order_id::OrderId;
