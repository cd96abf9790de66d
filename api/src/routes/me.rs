//! The signed-in account: `/api/v1/me` (profile, password) and its
//! two-factor sign-in (`/api/v1/me/two-factor/...`).

use actix_web::web::{Data, Json};
use actix_web::{get, patch, post, HttpResponse};
use medtrack_shared::account::{
    DisableTwoFactor, PasswordChange, ProfileChanges, RecoveryCodes, TwoFactorCode,
    TwoFactorEnrolment,
};
use medtrack_shared::{ErrorBody, Me};

use super::extract::Body;
use super::guard::{ActiveAccount, AnyAccount, Authenticated};
use super::AppState;
use crate::domain::accounts::{profile, verification};
use crate::domain::two_factor;
use crate::error::ApiError;

/// The signed-in account, including a doctor's pending or rejected status.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, description = "No valid access token.", body = ErrorBody),
    )
)]
#[get("")]
pub async fn me(caller: Authenticated<AnyAccount>) -> Json<Me> {
    Json(caller.account.to_me())
}

/// Changes the signed-in account's name, phone or time zone.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ProfileChanges,
    responses(
        (status = 200, body = Me),
    )
)]
#[patch("")]
pub async fn update(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<ProfileChanges>,
) -> Result<Json<Me>, ApiError> {
    let account = profile::update_profile(&state.ctx, &caller.account, &body).await?;
    Ok(Json(account.to_me()))
}

/// Sends a new link to confirm the signed-in account's email address (one
/// a minute at most).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A new link is on its way."),
        (status = 409, description = "Already confirmed (`already_confirmed`).", body = ErrorBody),
        (status = 429, description = "A link was sent less than a minute ago.", body = ErrorBody),
    )
)]
#[post("/email-confirmation")]
pub async fn resend_confirmation(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<HttpResponse, ApiError> {
    verification::resend(&state.ctx, &caller.account).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Changes the password, given the current one; other sessions end.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed."),
        (status = 401, description = "Wrong current password (`invalid_credentials`).", body = ErrorBody),
        (status = 422, description = "The new password breaks the rule.", body = ErrorBody),
    )
)]
#[post("/password")]
pub async fn change_password(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    profile::change_password(&state.ctx, &caller.account, &caller.session_id, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Starts enrolment: a secret and its QR code for an authenticator app.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TwoFactorEnrolment),
        (status = 409, description = "Already on (`two_factor_enabled`).", body = ErrorBody),
    )
)]
#[post("")]
pub async fn begin(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
) -> Result<HttpResponse, ApiError> {
    let enrolment = two_factor::begin(&state.ctx, &caller.account).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(enrolment))
}

/// Confirms enrolment with a code from the app; answers the ten recovery codes, once.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = TwoFactorCode,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 409, description = "No enrolment started (`no_enrolment`).", body = ErrorBody),
        (status = 401, description = "Wrong code (`invalid_two_factor_code`).", body = ErrorBody),
    )
)]
#[post("/confirm")]
pub async fn confirm(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    body: Body<TwoFactorCode>,
) -> Result<HttpResponse, ApiError> {
    body.check()?;
    let codes = two_factor::confirm(&state.ctx, &caller.account, &body.code).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(codes))
}

/// Turns two-factor sign-in off, with the password and a current code.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = DisableTwoFactor,
    responses(
        (status = 204, description = "Off."),
        (status = 401, description = "Wrong password or code.", body = ErrorBody),
    )
)]
#[post("/disable")]
pub async fn disable(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    body: Body<DisableTwoFactor>,
) -> Result<HttpResponse, ApiError> {
    body.check()?;
    two_factor::disable(&state.ctx, &caller.account, &body.password, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}
