//! Registration and sessions: `/api/v1/auth/...`.
//!
//! The web client keeps its refresh token in an HttpOnly, SameSite=Strict
//! cookie scoped to these paths; API clients keep it themselves and send it in
//! the body. The access token always travels in the body and the
//! `Authorization` header.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::web::Data;
use actix_web::{post, HttpRequest, HttpResponse};
use medtrack_shared::account::{
    EmailConfirmation, LoginRequest, PasswordReset, PasswordResetRequest, RefreshRequest,
    RefreshTokenIn, Registration, SessionTokens,
};
use medtrack_shared::{ErrorBody, Me, SessionId};

use super::extract::Body;
use super::guard::bearer_token;
use super::AppState;
use crate::domain::accounts::{self, recovery, sign_in, throttle, verification, Account};
use crate::domain::{devices, sessions, DomainError};
use crate::error::ApiError;
use medtrack_shared::ErrorCode;

/// The refresh token's cookie.
pub const REFRESH_COOKIE: &str = "medtrack_refresh";
/// The cookie naming a browser the account signed in from before.
pub const DEVICE_COOKIE: &str = "medtrack_device";
const COOKIE_PATH: &str = "/api/v1/auth";

/// Registers a patient (active at once) or a doctor (pending until an admin approves).
#[utoipa::path(
    tag = "auth",
    request_body = Registration,
    responses(
        (status = 201, description = "The new account.", body = Me),
        (status = 409, description = "The email address is taken (`email_taken`).", body = ErrorBody),
        (status = 422, description = "Fields that break a rule.", body = ErrorBody),
    )
)]
#[post("/register")]
#[tracing::instrument(skip_all)]
pub async fn register(
    state: Data<AppState>,
    body: Body<Registration>,
) -> Result<HttpResponse, ApiError> {
    let account = accounts::register(&state.ctx, body.into_inner()).await?;
    tracing::info!(user = %account.id, role = account.role.as_str(), "account registered");
    Ok(HttpResponse::Created().json(account.to_me()))
}

/// Signs in with email and password; starts a session.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "The session's tokens.", body = SessionTokens),
        (status = 429, description = "Too many attempts for this account or address; see Retry-After.", body = ErrorBody),
        (status = 401, description = "Unknown email or wrong password (`invalid_credentials`).", body = ErrorBody),
        (status = 403, description = "The account is deactivated.", body = ErrorBody),
    )
)]
#[post("/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: Data<AppState>,
    request: HttpRequest,
    body: Body<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&request, state.trust_x_forwarded_for);
    let ctx = &state.ctx;
    body.check()?;
    throttle::check(ctx, &body.email, address).await?;
    let code = body.two_factor_code.as_deref();
    let account = match sign_in::authenticate(ctx, &body.email, &body.password, code).await {
        Ok(account) => account,
        Err(error @ (DomainError::InvalidCredentials | DomainError::InvalidTwoFactorCode)) => {
            throttle::failed(ctx, &body.email, address).await?;
            return Err(error.into());
        }
        Err(other) => return Err(other.into()),
    };
    let (session, refresh_token) = sessions::start(ctx, &account).await?;
    tracing::info!(user = %account.id, session = %session.id, "signed in");
    let device = devices::recognise(
        ctx,
        &account,
        request.cookie(DEVICE_COOKIE).as_ref().map(|c| c.value()),
        request
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok()),
    )
    .await?;
    let mut response = respond_with_tokens(
        &state,
        &account,
        &session.id,
        refresh_token,
        body.refresh_token_in,
    )?;
    response
        .add_cookie(&device_cookie(&state, device))
        .map_err(|_| ApiError::Http(ErrorCode::Internal))?;
    Ok(response)
}

/// Trades a refresh token (cookie or body) for new tokens; the old one is used up.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Empty when the token is in the cookie."),
    responses(
        (status = 200, description = "New tokens; the refresh token goes where it came from.", body = SessionTokens),
        (status = 401, description = "Unknown, used, expired or revoked (`session_ended`).", body = ErrorBody),
    )
)]
#[post("/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: Data<AppState>,
    request: HttpRequest,
    body: Option<Body<RefreshRequest>>,
) -> Result<HttpResponse, ApiError> {
    body.as_ref().map(|b| b.check()).transpose()?;
    let (token, place) = refresh_token_of(&request, body).ok_or(DomainError::SessionEnded)?;
    let (account, session, refresh_token) = sessions::refresh(&state.ctx, &token).await?;
    respond_with_tokens(&state, &account, &session.id, refresh_token, place)
}

/// Asks for a link to reset a forgotten password. The answer is the same
/// whether or not the address has an account; the link (30 minutes, single
/// use) goes to the account's address.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way."),
    )
)]
#[post("/password-reset")]
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    state: Data<AppState>,
    body: Body<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    body.check()?;
    recovery::request(&state.ctx, &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the secret of an emailed reset link: every
/// session of the account ends, and its owner is told.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordReset,
    responses(
        (status = 204, description = "The password is changed; sign in with it."),
    )
)]
#[post("/password-reset/confirm")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: Data<AppState>,
    body: Body<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    body.check()?;
    recovery::reset(&state.ctx, &body.token, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Confirms an account's email address with the secret of the link sent to
/// it (no sign-in needed: the link is the proof).
#[utoipa::path(
    tag = "auth",
    request_body = EmailConfirmation,
    responses(
        (status = 204, description = "The address is confirmed."),
    )
)]
#[post("/confirm-email")]
#[tracing::instrument(skip_all)]
pub async fn confirm_email(
    state: Data<AppState>,
    body: Body<EmailConfirmation>,
) -> Result<HttpResponse, ApiError> {
    body.check()?;
    verification::confirm(&state.ctx, &body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Signs out: ends the session of the refresh token (cookie or body), or of the
/// access token. Always succeeds, and clears the cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Empty when the token is in the cookie."),
    responses((status = 204, description = "Signed out."))
)]
#[post("/logout")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: Data<AppState>,
    request: HttpRequest,
    body: Option<Body<RefreshRequest>>,
) -> Result<HttpResponse, ApiError> {
    body.as_ref().map(|b| b.check()).transpose()?;
    if let Some((token, _)) = refresh_token_of(&request, body) {
        sessions::end_by_token(&state.ctx.store, &token).await?;
    }
    let claims = bearer_token(&request).and_then(|token| state.tokens.verify(&token));
    if let Some(claims) = claims {
        if let Ok(session) = claims.sid.parse::<SessionId>() {
            sessions::revoke(&state.ctx.store, &claims.sub, &session).await?;
        }
    }
    let mut expired = refresh_cookie(&state, String::new());
    expired.make_removal();
    Ok(HttpResponse::NoContent().cookie(expired).finish())
}

fn refresh_token_of(
    request: &HttpRequest,
    body: Option<Body<RefreshRequest>>,
) -> Option<(String, RefreshTokenIn)> {
    let in_body = body
        .and_then(|b| b.into_inner().refresh_token)
        .filter(|t| !t.is_empty());
    match in_body {
        Some(token) => Some((token, RefreshTokenIn::Body)),
        None => request
            .cookie(REFRESH_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty())
            .map(|token| (token, RefreshTokenIn::Cookie)),
    }
}

fn refresh_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies)
        .max_age(time::Duration::seconds(
            sessions::SESSION_LIFETIME.as_secs(),
        ))
        .finish()
}

/// The cookie that makes this browser a known device of the account: sent
/// only to sign-in, kept 400 days (browsers' limit).
fn device_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, token)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies)
        .max_age(time::Duration::days(400))
        .finish()
}

fn respond_with_tokens(
    state: &AppState,
    account: &Account,
    session: &SessionId,
    refresh_token: String,
    place: RefreshTokenIn,
) -> Result<HttpResponse, ApiError> {
    let access_token = state
        .tokens
        .issue(
            account.id,
            account.role,
            &session.to_string(),
            state.ctx.now().as_second().unsigned_abs(),
        )
        .map_err(|error| {
            tracing::error!(%error, "signing an access token");
            ApiError::Http(ErrorCode::Internal)
        })?;
    let mut response = HttpResponse::Ok();
    let refresh_token = match place {
        RefreshTokenIn::Body => Some(refresh_token),
        RefreshTokenIn::Cookie => {
            response.cookie(refresh_cookie(state, refresh_token));
            None
        }
    };
    // Tokens must never be cached by a browser or a proxy.
    response.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    Ok(response.json(SessionTokens {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.ttl().as_secs(),
        refresh_token,
    }))
}

/// The client's address: the peer's, or behind a trusted load balancer the
/// last X-Forwarded-For entry (the one the balancer added; earlier entries
/// come from the client and prove nothing).
fn client_address(request: &HttpRequest, trust_forwarded: bool) -> Option<std::net::IpAddr> {
    let forwarded = trust_forwarded
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .flatten();
    forwarded.or_else(|| request.peer_addr().map(|a| a.ip()))
}
