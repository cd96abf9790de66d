//! One module per route.

pub mod account;
pub mod admin_appointments;
pub mod admin_deliveries;
pub mod admin_doctors;
pub mod admin_users;
pub mod appointments;
pub mod dashboard;
pub mod doctor;
pub mod doctors;
pub mod inbox;
pub mod landing;
pub mod medications;
pub mod not_found;
pub mod notifications;
pub mod records;
pub mod register;
pub mod sign_in;
