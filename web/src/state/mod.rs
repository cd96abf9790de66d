//! State shared across pages.

pub mod inbox;
pub mod session;
