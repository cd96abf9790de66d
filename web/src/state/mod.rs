//! State shared across pages.

pub mod session;
