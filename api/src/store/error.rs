//! The storage layer's error type.

/// Why a storage operation did not happen.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The write's condition did not hold; in a transaction, `op` is the
    /// position of the first operation whose condition failed.
    #[error("condition failed")]
    ConditionFailed {
        /// Position of the failing operation in a transaction.
        op: Option<usize>,
    },
    /// The item is larger than [`super::MAX_ITEM_BYTES`].
    #[error("item of {bytes} bytes is too large")]
    ItemTooLarge {
        /// The item's size as the store counts it.
        bytes: usize,
    },
    /// The cursor was not made by this store for this query.
    #[error("malformed cursor")]
    InvalidCursor,
    /// The request breaks a rule of the interface (empty key, too many items...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A concurrent transaction touched the same items; trying again may succeed.
    #[error("conflicting concurrent transaction")]
    Conflict,
    /// The table or schema does not exist: run `medtrack store init`.
    #[error("store not initialised")]
    NotInitialised,
    /// The backend failed (I/O, network, corrupt data); details are logged, not shown.
    #[error("storage backend: {0}")]
    Backend(String),
}

impl StoreError {
    pub(crate) fn invalid(why: impl Into<String>) -> Self {
        Self::InvalidRequest(why.into())
    }

    pub(crate) fn backend(error: impl std::fmt::Display) -> Self {
        Self::Backend(error.to_string())
    }
}
