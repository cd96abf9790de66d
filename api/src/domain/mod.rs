//! Rules of the product, written once against the storage trait: no HTTP here,
//! and no driver-specific code.

pub mod accounts;
mod error;
pub mod sessions;
pub mod specializations;
pub mod two_factor;

pub use error::DomainError;
