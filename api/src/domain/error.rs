//! The domain layer's error type.

use medtrack_shared::{ErrorCode, FieldErrors};

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
    /// The caller may not touch this record.
    #[error("forbidden")]
    Forbidden,
    /// No such record (or none the caller may know of).
    #[error("not found")]
    NotFound,
    /// The request conflicts with what is stored (e.g. an email already taken).
    #[error("conflict: {code}")]
    Conflict {
        /// Machine-readable code.
        code: ErrorCode,
        /// Sentence for people.
        message: &'static str,
    },
    /// Medicines that match the patient's allergies, with no reason given to
    /// override: the list is the patient's data, for the body of the answer
    /// to someone who may read the record, never for logs.
    #[error("allergy conflict")]
    AllergyConflict(Vec<medtrack_shared::record::AllergyConflict>),
    /// Unknown email or wrong password: the two are never told apart.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The session is over: signed out, expired, revoked, or its token reused.
    #[error("session ended")]
    SessionEnded,
    /// The password was right; the account also needs a second factor.
    #[error("two-factor code required")]
    TwoFactorRequired,
    /// The second factor was wrong, expired or already used.
    #[error("invalid two-factor code")]
    InvalidTwoFactorCode,
    /// The account was deactivated by an admin.
    #[error("account deactivated")]
    AccountDeactivated,
    /// Too many tries or too soon after the last; wait this many seconds.
    #[error("rate limited")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Email or SMS could not be sent now (the cause is logged, not shown).
    #[error("delivery unavailable: {0}")]
    DeliveryUnavailable(String),
    /// An upload larger than the limit, in bytes.
    #[error("file too large")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// An upload whose content is not of a type the vault accepts.
    #[error("unsupported file")]
    UnsupportedFile {
        /// Sentence for people, naming what is accepted.
        message: &'static str,
    },
    /// The object store or the malware scanner failed (its kind, logged;
    /// never a file's name or content). Not the caller's fault.
    #[error("objects: {0}")]
    Objects(String),
    /// A failure that is not the caller's fault (hashing, signing).
    #[error("internal: {0}")]
    Internal(String),
    /// The store failed; not the caller's fault.
    #[error(transparent)]
    Store(StoreError),
}

impl DomainError {
    /// A conflict with what is stored.
    pub fn conflict(code: ErrorCode, message: &'static str) -> Self {
        Self::Conflict { code, message }
    }

    /// The record changed since it was read.
    pub fn changed(message: &'static str) -> Self {
        Self::conflict(ErrorCode::ChangedConcurrently, message)
    }

    /// The kind of the failure, for logs and lists of failed work: never its
    /// message, which may quote stored values.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Store(_) => "store",
            Self::DeliveryUnavailable(_) => "delivery",
            Self::Objects(_) => "objects",
            Self::Internal(_) => "internal",
            Self::NotFound => "not_found",
            Self::Conflict { .. } | Self::AllergyConflict(_) => "conflict",
            Self::Invalid(_) | Self::InvalidCursor => "invalid",
            _ => "refused",
        }
    }

    /// A rule broken by one field.
    pub fn field(field: &str, message: &str) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, medtrack_shared::ValidationError::new(message));
        Self::Invalid(errors)
    }
}

impl From<StoreError> for DomainError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::InvalidCursor => Self::InvalidCursor,
            other => Self::Store(other),
        }
    }
}

impl From<FieldErrors> for DomainError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<crate::auth::password::HashError> for DomainError {
    fn from(error: crate::auth::password::HashError) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<jiff::Error> for DomainError {
    /// Time arithmetic out of range: dates the product never handles.
    fn from(error: jiff::Error) -> Self {
        Self::Internal(error.to_string())
    }
}
