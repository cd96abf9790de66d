//! The admins' view of work given up on: notifications that could not be
//! delivered (dead letters), scheduled jobs that failed every try (stopped
//! jobs), and what the development sink kept in place of email and SMS.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, HttpResponse};
use medtrack_shared::delivery::{Channel, DeadLetter, SentMessage, StoppedJob};
use medtrack_shared::{ErrorBody, JobId, NotificationId, Page, PageQuery};

use super::extract::Query;
use super::guard::{AdminOnly, Authenticated};
use super::AppState;
use crate::domain::jobs::stopped;
use crate::domain::notifications;
use crate::domain::notifications::dead_letters as letters;
use crate::error::ApiError;

/// What the development sink kept instead of sending (email and SMS), newest
/// first. Empty when SNS is configured.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<SentMessage>),
        (status = 403, description = "Not an admin.", body = ErrorBody),
    )
)]
#[get("/sent-messages")]
pub async fn sent_messages(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<SentMessage>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        notifications::sent_messages(&state.ctx, limit, query.cursor.as_deref()).await?,
    ))
}

/// Notifications given up on, per channel, with their last error.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<DeadLetter>),
        (status = 403, description = "Not an admin.", body = ErrorBody),
    )
)]
#[get("/dead-letters")]
pub async fn dead_letters(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<DeadLetter>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        letters::list(&state.ctx, limit, query.cursor.as_deref()).await?,
    ))
}

/// Sends a dead letter again on its channel, from a fresh count of tries.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(
        ("notification" = NotificationId, Path, description = "The notification."),
        ("channel" = Channel, Path, description = "The channel that failed."),
    ),
    responses(
        (status = 204, description = "Queued again."),
        (status = 409, description = "Still being delivered on another channel.", body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
    )
)]
#[post("/dead-letters/{notification}/{channel}/retry")]
pub async fn retry_dead_letter(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    path: Path<(NotificationId, Channel)>,
) -> Result<HttpResponse, ApiError> {
    let (notification, channel) = path.into_inner();
    letters::retry(&state.ctx, &notification, channel).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Jobs given up on (dose reminders, missed-dose checks, appointment
/// reminders...), with the kind of their last failure.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<StoppedJob>),
    )
)]
#[get("/stopped-jobs")]
pub async fn stopped_jobs(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<StoppedJob>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        stopped::list(&state.ctx, limit, query.cursor.as_deref()).await?,
    ))
}

/// Schedules a stopped job again, due now, from a fresh count of tries.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = JobId, Path, description = "The job's id.")),
    responses(
        (status = 204, description = "Scheduled again."),
        (status = 409, description = "A newer job took its place.", body = ErrorBody),
    )
)]
#[post("/stopped-jobs/{id}/retry")]
pub async fn retry_stopped_job(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    id: Path<JobId>,
) -> Result<HttpResponse, ApiError> {
    stopped::retry(&state.ctx, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
