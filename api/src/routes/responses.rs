//! The error responses many operations share, documented once: an
//! operation lists `Guarded` when it needs a signed-in caller and `Invalid`
//! when it reads input that rules apply to.

use medtrack_shared::ErrorBody;

/// Refusals of the request guard.
// Never built: these types exist to document responses.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Guarded {
    /// No valid access token, or its session has ended (`unauthenticated`).
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// The caller may not do this: another role (`forbidden`), an account
    /// waiting for approval (`account_not_active`), an admin without
    /// two-factor sign-in (`two_factor_setup_required`), or a record of
    /// someone the caller has no relationship with (`forbidden`).
    #[response(status = 403)]
    Forbidden(ErrorBody),
}

/// Input that breaks a rule.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Invalid {
    /// Fields that break a rule; `fields` names each with what is wrong
    /// (`validation_failed`).
    #[response(status = 422)]
    Invalid(ErrorBody),
}

/// Nothing the caller may see at this address.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Missing {
    /// Nothing at this address, or nothing the caller may know of (`not_found`).
    #[response(status = 404)]
    NotFound(ErrorBody),
}
