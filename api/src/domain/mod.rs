//! Rules of the product, written once against the storage trait: no HTTP here,
//! and no driver-specific code.

pub mod access_log;
pub mod accounts;
pub mod appointments;
pub mod calendar_feed;
pub mod devices;
mod error;
pub mod medications;
pub(crate) mod paging;
pub mod patients;
pub mod practice;
pub mod secrets;
pub mod sessions;
pub mod slots;
pub mod specializations;
pub mod two_factor;

pub use error::DomainError;
