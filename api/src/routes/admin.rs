//! Administration of accounts: `/api/v1/admin/...`. Every handler takes
//! `Authenticated<AdminOnly>`.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post};
use medtrack_shared::account::{DecisionRequest, UserFilter, UserSummary};
use medtrack_shared::{ErrorBody, Page, PageQuery, UserId};

use super::extract::{Body, Query};
use super::guard::{AdminOnly, Authenticated};
use super::AppState;
use crate::domain::accounts::decisions;
use crate::error::ApiError;

/// Lists accounts by role and status, oldest first (e.g. the doctors waiting
/// for approval), with sign-in counts.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(UserFilter),
    responses(
        (status = 200, body = Page<UserSummary>),
        (status = 403, description = "Not an admin.", body = ErrorBody),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    filter: Query<UserFilter>,
) -> Result<Json<Page<UserSummary>>, ApiError> {
    let filter = filter.into_inner();
    let limit = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    }
    .checked_limit()?;
    let page = decisions::list(
        &state.ctx,
        filter.role,
        filter.status,
        limit,
        filter.cursor.as_deref(),
    )
    .await?;
    Ok(Json(page))
}

/// Approves or rejects a doctor, or deactivates or reactivates an account.
/// Deactivation ends the account's sessions at once.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The account.")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The account after the decision.", body = UserSummary),
        (status = 409, description = "Not allowed from the account's status (`invalid_transition`).", body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, description = "A rejection without a reason.", body = ErrorBody),
    )
)]
#[post("/users/{id}/decision")]
pub async fn decide(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<UserId>,
    body: Body<DecisionRequest>,
) -> Result<Json<UserSummary>, ApiError> {
    let account = decisions::decide(&state.ctx, &caller.account, &id, &body).await?;
    Ok(Json(account.to_summary()))
}
