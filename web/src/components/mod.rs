//! Pieces shared by pages.

pub mod appointment;
pub mod doses;
pub mod form;
pub mod layout;
pub mod status;
