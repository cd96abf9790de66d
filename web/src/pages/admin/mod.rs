//! The administrator's pages.

pub mod alerts;
pub mod analytics;
pub mod appointments;
pub mod billing;
pub mod blood;
pub mod claims;
pub mod deliveries;
pub mod doctors;
pub mod home;
pub mod invoices;
pub mod messages;
pub mod quarantine;
pub mod users;
pub mod wards;
