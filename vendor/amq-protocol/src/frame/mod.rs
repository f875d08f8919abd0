mod structs;

pub use self::generation::gen_frame;
pub use self::parsing::parse_frame;
pub use self::structs::*;

/// Serialization utils
pub mod generation;
/// Parsing utils
pub mod parsing;
