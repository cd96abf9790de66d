//! Two-factor sign-in of the signed-in account: `/api/v1/me/two-factor/...`.

use actix_web::web::{Data, Json};
use actix_web::{post, HttpResponse};
use jiff::Timestamp;
use medtrack_shared::account::{
    DisableTwoFactor, RecoveryCodes, TwoFactorCode, TwoFactorEnrolment,
};
use medtrack_shared::ErrorBody;

use super::AppState;
use crate::auth::{ActiveAccount, Authenticated};
use crate::domain::two_factor;
use crate::error::ApiError;

/// Starts enrolment: a secret and its QR code for an authenticator app.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TwoFactorEnrolment),
        (status = 401, body = ErrorBody),
        (status = 409, description = "Already on (`two_factor_enabled`).", body = ErrorBody),
    )
)]
#[post("/me/two-factor")]
pub async fn begin(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
) -> Result<HttpResponse, ApiError> {
    let enrolment = two_factor::begin(&state.store, &caller.account).await?;
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
        (status = 401, description = "Wrong code (`invalid_two_factor_code`).", body = ErrorBody),
        (status = 409, description = "No enrolment started (`no_enrolment`).", body = ErrorBody),
    )
)]
#[post("/me/two-factor/confirm")]
pub async fn confirm(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    body: Json<TwoFactorCode>,
) -> Result<HttpResponse, ApiError> {
    let codes =
        two_factor::confirm(&state.store, &caller.account, &body.code, Timestamp::now()).await?;
    state.outbox.wake();
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
#[post("/me/two-factor/disable")]
pub async fn disable(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    body: Json<DisableTwoFactor>,
) -> Result<HttpResponse, ApiError> {
    two_factor::disable(
        &state.store,
        &caller.account,
        &body.password,
        &body.code,
        Timestamp::now(),
    )
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::NoContent().finish())
}
