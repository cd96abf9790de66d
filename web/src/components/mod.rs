//! Pieces shared by pages.

pub mod appointment;
pub mod form;
pub mod layout;
pub mod status;
