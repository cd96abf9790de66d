//! The admins' view of scheduled jobs that failed every try.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{get, post, HttpResponse};
use jiff::Timestamp;
use medtrack_shared::delivery::StoppedJob;
use medtrack_shared::{ErrorBody, Page, PageQuery};

use super::AppState;
use crate::auth::{AdminOnly, Authenticated};
use crate::error::ApiError;
use crate::schedule::stopped;

/// Jobs given up on (dose reminders, missed-dose checks, appointment
/// reminders...), with the kind of their last failure.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<StoppedJob>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/admin/stopped-jobs")]
pub async fn list(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<StoppedJob>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        stopped::list(&state.store, limit, query.cursor.as_deref()).await?,
    ))
}

/// Schedules a stopped job again, due now, from a fresh count of tries.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The job's id.")),
    responses(
        (status = 204, description = "Scheduled again."),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "A newer job took its place.", body = ErrorBody),
    )
)]
#[post("/admin/stopped-jobs/{id}/retry")]
pub async fn retry(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    stopped::retry(&state.store, &id, Timestamp::now()).await?;
    state.jobs.wake();
    Ok(HttpResponse::NoContent().finish())
}
