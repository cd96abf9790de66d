//! One module per route: the pages of each role in their own folder, and
//! the pages everyone shares here.

pub mod account;
pub mod admin;
pub mod admission;
pub mod appointment;
pub mod blood_request;
pub mod confirm_email;
pub mod dashboard;
pub mod design;
pub mod doctor;
pub mod emailed_link;
pub mod forgot_password;
pub mod inbox;
pub mod invoice;
pub mod landing;
pub mod messages;
pub mod not_found;
pub mod notifications;
pub mod patient;
pub mod record;
pub mod register;
pub mod reset_password;
pub mod sign_in;
pub mod wards;
