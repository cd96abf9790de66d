//! `GET /api/v1/me`: the signed-in account.

use actix_web::get;
use actix_web::web::Json;
use medtrack_shared::{ErrorBody, Me};

use crate::auth::{AnyAccount, Authenticated};

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
