pub use amq_protocol_types::*;
