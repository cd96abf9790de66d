//! Accounts and sessions. The refresh token stays in its HttpOnly cookie; the
//! access token lives only in memory.

use medtrack_shared::account::{
    AccessLogEntry, LoginRequest, RefreshRequest, RefreshTokenIn, Registration, SessionTokens,
};
use medtrack_shared::{Me, Page};

use super::{get_json, post, post_json, ApiError};

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
