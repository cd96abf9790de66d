//! The administrator's pages.

pub mod alerts;
pub mod appointments;
pub mod deliveries;
pub mod doctors;
pub mod home;
pub mod messages;
pub mod quarantine;
pub mod users;
