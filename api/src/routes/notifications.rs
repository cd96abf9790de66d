//! The signed-in person's notifications: the in-app inbox
//! (`/api/v1/me/notifications`) and the channels and preferences for email
//! and SMS (`/api/v1/me/notification-settings`).

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, put};
use medtrack_shared::delivery::{
    NotificationSettings, Preferences, SetEmail, SetPhone, VerifyPhone,
};
use medtrack_shared::notification::{InboxQuery, Notification, UnreadCount};
use medtrack_shared::{ErrorBody, NotificationId, Page};

use super::extract::{Body, Query};
use super::guard::{AnyAccount, Authenticated};
use super::{page_limit, AppState};
use crate::domain::notifications::{inbox, settings};
use crate::error::ApiError;

/// The inbox, newest first; `unread_only` for the unread ones.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(InboxQuery),
    responses(
        (status = 200, body = Page<Notification>),
    )
)]
#[get("")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    query: Query<InboxQuery>,
) -> Result<Json<Page<Notification>>, ApiError> {
    let limit = page_limit(query.limit, &query.cursor)?;
    Ok(Json(
        inbox::list(
            &state.ctx,
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
    responses((status = 200, body = UnreadCount))
)]
#[get("/unread-count")]
pub async fn unread_count(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(
        inbox::unread_count(&state.ctx, &caller.account.id).await?,
    ))
}

/// Marks one notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = NotificationId, Path, description = "The notification.")),
    responses(
        (status = 200, body = Notification),
    )
)]
#[post("/{id}/read")]
pub async fn mark_read(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    id: Path<NotificationId>,
) -> Result<Json<Notification>, ApiError> {
    Ok(Json(
        inbox::mark_read(&state.ctx, &caller.account.id, &id).await?,
    ))
}

/// Marks every notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCount))
)]
#[post("/read-all")]
pub async fn mark_all_read(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<UnreadCount>, ApiError> {
    inbox::mark_all_read(&state.ctx, &caller.account.id).await?;
    Ok(Json(
        inbox::unread_count(&state.ctx, &caller.account.id).await?,
    ))
}

/// The caller's channels and preferences. An email address waiting for its
/// owner's confirmation shows as pending until it is confirmed.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings))
)]
#[get("")]
pub async fn view(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(settings::view(&state.ctx, &caller.account.id).await?))
}

/// Replaces what goes where, quiet hours and how much emails say.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = Preferences,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 409, description = "Changed meanwhile.", body = ErrorBody),
    )
)]
#[put("/preferences")]
pub async fn set_preferences(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<Preferences>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::set_preferences(&state.ctx, &caller.account.id, body.into_inner()).await?,
    ))
}

/// Confirms an email address for notifications and subscribes it: with SNS,
/// its owner then follows the link AWS mails them. Replaces the address before.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = SetEmail,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 409, description = "The address serves another account.", body = ErrorBody),
        (status = 503, description = "SNS is unreachable.", body = ErrorBody),
    )
)]
#[put("/email")]
pub async fn set_email(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<SetEmail>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::set_email(&state.ctx, &caller.account.id, &body.check()?).await?,
    ))
}

/// Stops email notifications and ends the subscription.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings))
)]
#[delete("/email")]
pub async fn remove_email(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::remove_email(&state.ctx, &caller.account.id).await?,
    ))
}

/// Sets the phone number for text messages and texts it a six-digit code,
/// good for 10 minutes. A number that opted out gets no code: the answer says so.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = SetPhone,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 429, description = "A code was sent less than 30 seconds ago.", body = ErrorBody),
        (status = 503, description = "SNS is unreachable.", body = ErrorBody),
    )
)]
#[put("/phone")]
pub async fn set_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<SetPhone>,
) -> Result<Json<NotificationSettings>, ApiError> {
    body.check()?;
    Ok(Json(
        settings::set_phone(&state.ctx, &caller.account.id, &body.number).await?,
    ))
}

/// Checks the code texted to the phone number; five wrong tries end the code.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = VerifyPhone,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 409, description = "No code waiting, or it expired.", body = ErrorBody),
        (status = 422, description = "Not the code sent.", body = ErrorBody),
    )
)]
#[post("/phone/verify")]
pub async fn verify_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Body<VerifyPhone>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::verify_phone(&state.ctx, &caller.account.id, {
            body.check()?;
            &body.code
        })
        .await?,
    ))
}

/// Forgets the phone number: no more text messages.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings))
)]
#[delete("/phone")]
pub async fn remove_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::remove_phone(&state.ctx, &caller.account.id).await?,
    ))
}
