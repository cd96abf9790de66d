//! State shared across pages.

pub mod catalogue;
pub mod inbox;
pub mod messages;
pub mod session;
