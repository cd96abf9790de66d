//! The signed-in person's notification channels and preferences, and the
//! admins' view of deliveries: the development sink and dead letters.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{delete, get, post, put, HttpResponse};
use jiff::Timestamp;
use medtrack_shared::delivery::{
    Channel, DeadLetter, NotificationSettings, Preferences, SentMessage, SetEmail, SetPhone,
    VerifyPhone,
};
use medtrack_shared::{ErrorBody, NotificationId, Page, PageQuery};

use super::AppState;
use crate::auth::{AdminOnly, AnyAccount, Authenticated};
use crate::error::ApiError;
use crate::notify::gateway::sink;
use crate::notify::{dispatcher, settings};

/// The caller's channels and preferences. An email address waiting for its
/// owner's confirmation is checked again.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings), (status = 401, body = ErrorBody))
)]
#[get("/me/notification-settings")]
pub async fn view(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::view(&state.store, &state.gateway, &caller.account.id).await?,
    ))
}

/// Replaces what goes where, quiet hours and how much emails say.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = Preferences,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 401, body = ErrorBody),
        (status = 409, description = "Changed meanwhile.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/me/notification-settings/preferences")]
pub async fn set_preferences(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<Preferences>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::set_preferences(
            &state.store,
            &state.gateway,
            &caller.account.id,
            body.into_inner(),
        )
        .await?,
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
        (status = 401, body = ErrorBody),
        (status = 409, description = "The address serves another account.", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 503, description = "SNS is unreachable.", body = ErrorBody),
    )
)]
#[put("/me/notification-settings/email")]
pub async fn set_email(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<SetEmail>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::set_email(
            &state.store,
            &state.gateway,
            &caller.account.id,
            &body.address,
        )
        .await?,
    ))
}

/// Stops email notifications and ends the subscription.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings), (status = 401, body = ErrorBody))
)]
#[delete("/me/notification-settings/email")]
pub async fn remove_email(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::remove_email(&state.store, &state.gateway, &caller.account.id).await?,
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
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "A code was sent less than 30 seconds ago.", body = ErrorBody),
        (status = 503, description = "SNS is unreachable.", body = ErrorBody),
    )
)]
#[put("/me/notification-settings/phone")]
pub async fn set_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<SetPhone>,
) -> Result<Json<NotificationSettings>, ApiError> {
    body.check()?;
    Ok(Json(
        settings::set_phone(
            &state.store,
            &state.gateway,
            &caller.account.id,
            &body.number,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// Checks the code texted to the phone number; five wrong tries end the code.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = VerifyPhone,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 401, body = ErrorBody),
        (status = 409, description = "No code waiting, or it expired.", body = ErrorBody),
        (status = 422, description = "Not the code sent.", body = ErrorBody),
    )
)]
#[post("/me/notification-settings/phone/verify")]
pub async fn verify_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
    body: Json<VerifyPhone>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::verify_phone(
            &state.store,
            &state.gateway,
            &caller.account.id,
            &body.code,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// Forgets the phone number: no more text messages.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings), (status = 401, body = ErrorBody))
)]
#[delete("/me/notification-settings/phone")]
pub async fn remove_phone(
    state: Data<AppState>,
    caller: Authenticated<AnyAccount>,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(
        settings::remove_phone(&state.store, &state.gateway, &caller.account.id).await?,
    ))
}

/// What the development sink kept instead of sending (email and SMS), newest
/// first. Empty when SNS is configured.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<SentMessage>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/admin/sent-messages")]
pub async fn sent_messages(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<SentMessage>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        sink::list(&state.store, limit, query.cursor.as_deref()).await?,
    ))
}

/// Notifications given up on, per channel, with their last error.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<DeadLetter>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/admin/dead-letters")]
pub async fn dead_letters(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<PageQuery>,
) -> Result<Json<Page<DeadLetter>>, ApiError> {
    let limit = query.checked_limit()?;
    Ok(Json(
        dispatcher::dead_letters(&state.store, limit, query.cursor.as_deref()).await?,
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
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Still being delivered on another channel.", body = ErrorBody),
    )
)]
#[post("/admin/dead-letters/{notification}/{channel}/retry")]
pub async fn retry_dead_letter(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    path: Path<(NotificationId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (notification, channel) = path.into_inner();
    let channel = Channel::parse(&channel).ok_or(ApiError::NotFound)?;
    dispatcher::retry_dead_letter(&state.store, &notification, channel, Timestamp::now()).await?;
    state.outbox.wake();
    Ok(HttpResponse::NoContent().finish())
}
