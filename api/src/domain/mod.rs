//! Rules of the product, written once against the storage trait: no HTTP here,
//! and no driver-specific code.

mod error;
pub mod specializations;

pub use error::DomainError;
