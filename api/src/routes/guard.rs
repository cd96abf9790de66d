//! The first of the two checks on every request: who is calling, and may their
//! role call this operation. A handler states its policy in its signature,
//! `caller: Authenticated<AdminOnly>`, so it cannot forget the check; the
//! second check (may this caller touch this record) belongs to each resource.

use std::future::{ready, Ready};
use std::marker::PhantomData;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
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

/// Active patients and approved doctors: those who write clinical records.
pub struct PatientOrDoctor;
impl Policy for PatientOrDoctor {
    const ROLES: &'static [Role] = &[Role::Patient, Role::Doctor];
}

/// Active (approved) doctors.
pub struct DoctorOnly;
impl Policy for DoctorOnly {
    const ROLES: &'static [Role] = &[Role::Doctor];
}

/// Approved doctors and active admins: those who take alerts in hand.
pub struct DoctorOrAdmin;
impl Policy for DoctorOrAdmin {
    const ROLES: &'static [Role] = &[Role::Doctor, Role::Admin];
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

/// Who sent the request, as the identifying middleware found out.
#[derive(Clone)]
enum Caller {
    /// A live session's account.
    Known(Box<Account>, SessionId),
    /// No token, or one that is forged, expired or of an ended session.
    Unknown,
    /// The store could not tell (logged where it failed).
    Unanswered,
}

/// Middleware: finds out who is calling before any extractor reads the
/// request, so that a handler refuses in order: authentication, then role
/// (the `Authenticated` extractor, first of the handler's), then input.
/// Requests without a bearer token pass untouched.
pub async fn identify(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(token) = bearer_token(request.request()) {
        let caller = match request.app_data::<Data<AppState>>() {
            Some(state) => caller(state, &token).await,
            None => Caller::Unanswered,
        };
        request.extensions_mut().insert(caller);
    }
    next.call(request).await
}

async fn caller(state: &AppState, token: &str) -> Caller {
    let Some(claims) = state.tokens.verify(token) else {
        return Caller::Unknown;
    };
    let Ok(session) = claims.sid.parse::<SessionId>() else {
        return Caller::Unknown;
    };
    match sessions::check(&state.ctx, &claims.sub, &session).await {
        Ok(account) => Caller::Known(Box::new(account), session),
        Err(DomainError::SessionEnded) => Caller::Unknown,
        Err(error) => {
            tracing::error!(kind = error.kind(), %error, "the caller's session could not be checked");
            Caller::Unanswered
        }
    }
}

impl<P: Policy> FromRequest for Authenticated<P> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let caller = request.extensions().get::<Caller>().cloned();
        ready(match caller {
            Some(Caller::Known(account, session)) => Self::allow(*account, session),
            Some(Caller::Unanswered) => Err(ApiError::Http(ErrorCode::Internal)),
            Some(Caller::Unknown) | None => Err(ApiError::Http(ErrorCode::Unauthenticated)),
        })
    }
}

impl<P: Policy> Authenticated<P> {
    /// The role check: may this account call this operation.
    fn allow(account: Account, session_id: SessionId) -> Result<Self, ApiError> {
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
            session_id,
            policy: PhantomData,
        })
    }
}
