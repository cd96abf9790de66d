//! The signed-in person's in-app notifications.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{get, post};
use jiff::Timestamp;
use medtrack_shared::notification::{InboxQuery, Notification, UnreadCount};
use medtrack_shared::{ErrorBody, NotificationId, Page};

use super::{page_limit, AppState};
use crate::auth::{AnyAccount, Authenticated};
use crate::error::ApiError;
use crate::notify::inbox;

/// The inbox, newest first; `unread_only` for the unread ones.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(InboxQuery),
    responses((status = 200, body = Page<Notification>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/me/notifications")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    query: Query<InboxQuery>,
) -> Result<Json<Page<Notification>>, ApiError> {
    let limit = page_limit(query.limit, &query.cursor)?;
    Ok(Json(
        inbox::list(
            &state.store,
            &caller.account.id,
            query.unread_only,
            limit,
            query.cursor.as_deref(),
        )
        .await?,
    ))
}

/// How many notifications are unread (up to 99, then `more`).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody))
)]
#[get("/me/notifications/unread-count")]
pub async fn unread_count(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(
        inbox::unread_count(&state.store, &caller.account.id).await?,
    ))
}

/// Marks one notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = NotificationId, Path, description = "The notification.")),
    responses((status = 200, body = Notification), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/me/notifications/{id}/read")]
pub async fn mark_read(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    id: Path<NotificationId>,
) -> Result<Json<Notification>, ApiError> {
    Ok(Json(
        inbox::mark_read(&state.store, &caller.account.id, &id, Timestamp::now()).await?,
    ))
}

/// Marks every notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody))
)]
#[post("/me/notifications/read-all")]
pub async fn mark_all_read(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<UnreadCount>, ApiError> {
    inbox::mark_all_read(&state.store, &caller.account.id, Timestamp::now()).await?;
    Ok(Json(
        inbox::unread_count(&state.store, &caller.account.id).await?,
    ))
}
