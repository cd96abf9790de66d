//! Rules of the product, written once against the storage trait: no HTTP here,
//! and no driver-specific code.

pub mod access_log;
pub mod accounts;
mod error;
mod paging;
pub mod patients;
pub mod sessions;
pub mod specializations;
pub mod two_factor;

pub use error::DomainError;
