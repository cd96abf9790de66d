//! Pieces shared by pages.

pub mod layout;
pub mod status;
