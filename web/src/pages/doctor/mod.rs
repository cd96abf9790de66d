//! The doctor's pages.

pub mod analytics;
pub mod blood;
pub mod consult;
pub mod day;
pub mod emergency;
pub mod home;
pub mod invoices;
pub mod practice;
pub mod requests;
