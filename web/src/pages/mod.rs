//! One module per route.

pub mod account;
pub mod admin_doctors;
pub mod admin_users;
pub mod dashboard;
pub mod landing;
pub mod not_found;
pub mod register;
pub mod sign_in;
