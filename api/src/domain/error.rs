//! The domain layer's error type.

use medtrack_shared::FieldErrors;

use crate::store::StoreError;

/// Why a domain operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The input breaks a rule; the map says which field and why.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A pagination cursor that this server did not make for this list.
    #[error("invalid cursor")]
    InvalidCursor,
    /// The store failed; not the caller's fault.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for DomainError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::InvalidCursor => Self::InvalidCursor,
            other => Self::Store(other),
        }
    }
}
