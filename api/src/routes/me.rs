//! `GET /api/v1/me`: the signed-in account.

use actix_web::web::{Data, Json};
use actix_web::{get, patch, post, HttpResponse};
use medtrack_shared::account::{PasswordChange, ProfileChanges};
use medtrack_shared::{ErrorBody, Me};

use super::AppState;
use crate::auth::{AnyAccount, Authenticated};
use crate::domain::accounts;
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
#[get("/me")]
pub async fn me(caller: Authenticated<AnyAccount>) -> Json<Me> {
    Json(caller.account.to_me())
}

/// Changes the signed-in account's name, phone or time zone.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ProfileChanges,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/me")]
pub async fn update(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<ProfileChanges>,
) -> Result<Json<Me>, ApiError> {
    let account =
        accounts::update_profile(&state.store, &caller.account, &body, jiff::Timestamp::now())
            .await?;
    Ok(Json(account.to_me()))
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
#[post("/me/password")]
pub async fn change_password(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    accounts::change_password(
        &state.store,
        &caller.account,
        &caller.session_id,
        &body,
        jiff::Timestamp::now(),
    )
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::NoContent().finish())
}
