//! The first of the two checks on every request: who is calling, and may their
//! role call this operation. A handler states its policy in its signature,
//! `caller: Authenticated<AdminOnly>`, so it cannot forget the check; the
//! second check (may this caller touch this record) belongs to each resource.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use medtrack_shared::{AccountStatus, Role, SessionId};

use super::AppState;
use crate::domain::accounts::Account;
use crate::domain::{sessions, DomainError};
use crate::error::ApiError;
use medtrack_shared::ErrorCode;

/// Who may pass: which roles, and whether accounts that are not active
/// (doctors pending approval or rejected) may.
pub trait Policy {
    /// Roles allowed.
    const ROLES: &'static [Role];
    /// Whether pending and rejected accounts pass (to see their own status).
    const INACTIVE_ALLOWED: bool = false;
    /// Whether the caller must have turned on two-factor sign-in.
    const TWO_FACTOR_REQUIRED: bool = false;
}

/// Any signed-in account, including doctors waiting for approval.
pub struct AnyAccount;
impl Policy for AnyAccount {
    const ROLES: &'static [Role] = &[Role::Patient, Role::Doctor, Role::Admin];
    const INACTIVE_ALLOWED: bool = true;
}

/// Any active account.
pub struct ActiveAccount;
impl Policy for ActiveAccount {
    const ROLES: &'static [Role] = &[Role::Patient, Role::Doctor, Role::Admin];
}

/// Active patients.
pub struct PatientOnly;
impl Policy for PatientOnly {
    const ROLES: &'static [Role] = &[Role::Patient];
}

/// Active (approved) doctors.
pub struct DoctorOnly;
impl Policy for DoctorOnly {
    const ROLES: &'static [Role] = &[Role::Doctor];
}

/// Active admins who have turned on two-factor sign-in.
pub struct AdminOnly;
impl Policy for AdminOnly {
    const ROLES: &'static [Role] = &[Role::Admin];
    const TWO_FACTOR_REQUIRED: bool = true;
}

/// The caller, authenticated and allowed by policy `P`.
pub struct Authenticated<P> {
    /// The caller's account, as stored now (not as the token remembers it).
    pub account: Account,
    /// The session of the access token.
    pub session_id: SessionId,
    policy: PhantomData<P>,
}

/// The bearer token of the request, if it has one.
pub fn bearer_token(request: &HttpRequest) -> Option<String> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl<P: Policy> FromRequest for Authenticated<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<Data<AppState>>().cloned();
        let token = bearer_token(request);
        Box::pin(async move {
            let state = state.ok_or(ApiError::Http(ErrorCode::Internal))?;
            let claims = token
                .and_then(|token| state.tokens.verify(&token))
                .ok_or(ApiError::Http(ErrorCode::Unauthenticated))?;
            let session: SessionId = claims
                .sid
                .parse()
                .map_err(|_| ApiError::Http(ErrorCode::Unauthenticated))?;
            let account = sessions::check(&state.ctx, &claims.sub, &session)
                .await
                .map_err(|error| match error {
                    DomainError::SessionEnded => ApiError::Http(ErrorCode::Unauthenticated),
                    other => other.into(),
                })?;
            if !P::ROLES.contains(&account.role) {
                return Err(DomainError::Forbidden.into());
            }
            if account.status != AccountStatus::Active && !P::INACTIVE_ALLOWED {
                return Err(ApiError::Http(ErrorCode::AccountNotActive));
            }
            if P::TWO_FACTOR_REQUIRED && !account.two_factor.enabled() {
                return Err(ApiError::Http(ErrorCode::TwoFactorSetupRequired));
            }
            Ok(Self {
                account,
                session_id: session,
                policy: PhantomData,
            })
        })
    }
}
