//! Accounts and sessions. The refresh token stays in its HttpOnly cookie; the
//! access token lives only in memory.

use gloo_net::http::Request;
use medtrack_shared::account::{
    AccessLogEntry, AccountDecision, DecisionRequest, DisableTwoFactor, LoginRequest,
    PasswordChange, ProfileChanges, RecoveryCodes, RefreshRequest, RefreshTokenIn, Registration,
    SessionTokens, TwoFactorCode, TwoFactorEnrolment, UserSummary,
};
use medtrack_shared::{Me, Page, UserId};

use super::{check, get_json, post, post_json, prepare, read, url, ApiError};

/// Registers an account.
pub async fn register(registration: &Registration) -> Result<Me, ApiError> {
    post_json("/auth/register", registration, None).await
}

/// Signs in; the refresh token goes to the cookie.
pub async fn login(
    email: &str,
    password: &str,
    two_factor_code: Option<String>,
) -> Result<SessionTokens, ApiError> {
    let request = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
        refresh_token_in: RefreshTokenIn::Cookie,
        two_factor_code,
    };
    post_json("/auth/login", &request, None).await
}

/// New tokens from the cookie's refresh token (after a reload, or before expiry).
pub async fn refresh() -> Result<SessionTokens, ApiError> {
    post_json("/auth/refresh", &RefreshRequest::default(), None).await
}

/// Ends the session and clears the cookie.
pub async fn logout(token: Option<&str>) -> Result<(), ApiError> {
    post("/auth/logout", &RefreshRequest::default(), token)
        .await
        .map(drop)
}

/// The signed-in account.
pub async fn me(token: &str) -> Result<Me, ApiError> {
    get_json("/me", Some(token)).await
}

/// Who read the signed-in patient's data, newest first.
pub async fn access_log(token: &str) -> Result<Page<AccessLogEntry>, ApiError> {
    get_json("/me/access-log?limit=100", Some(token)).await
}

/// Changes name, phone or time zone.
pub async fn update_profile(token: &str, changes: &ProfileChanges) -> Result<Me, ApiError> {
    let request = prepare(Request::patch(&url("/me")), Some(token))
        .json(changes)
        .map_err(|_| ApiError::Unreadable)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(check(response).await?).await
}

/// Changes the password.
pub async fn change_password(token: &str, change: &PasswordChange) -> Result<(), ApiError> {
    post("/me/password", change, Some(token)).await.map(drop)
}

/// Starts two-factor enrolment.
pub async fn begin_two_factor(token: &str) -> Result<TwoFactorEnrolment, ApiError> {
    post_json("/me/two-factor", &serde_json::json!({}), Some(token)).await
}

/// Confirms enrolment; answers the recovery codes.
pub async fn confirm_two_factor(token: &str, code: &str) -> Result<RecoveryCodes, ApiError> {
    post_json(
        "/me/two-factor/confirm",
        &TwoFactorCode {
            code: code.to_owned(),
        },
        Some(token),
    )
    .await
}

/// Turns two-factor sign-in off.
pub async fn disable_two_factor(token: &str, password: &str, code: &str) -> Result<(), ApiError> {
    let body = DisableTwoFactor {
        password: password.to_owned(),
        code: code.to_owned(),
    };
    post("/me/two-factor/disable", &body, Some(token))
        .await
        .map(drop)
}

/// An admin's decision about an account.
pub async fn decide(
    token: &str,
    user: &UserId,
    decision: AccountDecision,
    reason: Option<String>,
) -> Result<UserSummary, ApiError> {
    post_json(
        &format!("/admin/users/{user}/decision"),
        &DecisionRequest { decision, reason },
        Some(token),
    )
    .await
}

/// One page of accounts with this role and status (admins).
pub async fn users(
    token: &str,
    role: &str,
    status: &str,
    cursor: Option<&str>,
) -> Result<Page<UserSummary>, ApiError> {
    let mut path = format!("/admin/users?role={role}&status={status}&limit=25");
    if let Some(cursor) = cursor {
        path.push_str(&format!("&cursor={}", super::encode(cursor)));
    }
    get_json(&path, Some(token)).await
}
