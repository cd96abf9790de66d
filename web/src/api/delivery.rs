//! Notification channels and preferences; the admins' view of deliveries
//! and stopped jobs.

use medtrack_shared::delivery::{
    Channel, DeadLetter, NotificationSettings, Preferences, SentMessage, SetEmail, SetPhone,
    StoppedJob, VerifyPhone,
};
use medtrack_shared::{NotificationId, Page};

use super::{delete, get_json, paged, post, post_json, put_json, ApiError};

const SETTINGS: &str = "/me/notification-settings";

/// The signed-in person's channels and preferences.
pub async fn settings(token: &str) -> Result<NotificationSettings, ApiError> {
    get_json(SETTINGS, Some(token)).await
}

/// Saves what goes where.
pub async fn set_preferences(
    token: &str,
    preferences: &Preferences,
) -> Result<NotificationSettings, ApiError> {
    put_json(&format!("{SETTINGS}/preferences"), preferences, Some(token)).await
}

/// Confirms an email address for notifications.
pub async fn set_email(token: &str, address: String) -> Result<NotificationSettings, ApiError> {
    put_json(
        &format!("{SETTINGS}/email"),
        &SetEmail { address },
        Some(token),
    )
    .await
}

/// Stops email.
pub async fn remove_email(token: &str) -> Result<(), ApiError> {
    delete(&format!("{SETTINGS}/email"), Some(token)).await
}

/// Sets the phone number and has a code texted to it.
pub async fn set_phone(token: &str, number: String) -> Result<NotificationSettings, ApiError> {
    put_json(
        &format!("{SETTINGS}/phone"),
        &SetPhone { number },
        Some(token),
    )
    .await
}

/// Checks the code.
pub async fn verify_phone(token: &str, code: String) -> Result<NotificationSettings, ApiError> {
    post_json(
        &format!("{SETTINGS}/phone/verify"),
        &VerifyPhone { code },
        Some(token),
    )
    .await
}

/// Forgets the phone number.
pub async fn remove_phone(token: &str) -> Result<(), ApiError> {
    delete(&format!("{SETTINGS}/phone"), Some(token)).await
}

/// What the development sink kept, newest first.
pub async fn sent_messages(
    token: &str,
    cursor: Option<&str>,
) -> Result<Page<SentMessage>, ApiError> {
    get_json(&paged("/admin/sent-messages", 50, cursor), Some(token)).await
}

/// Notifications given up on.
pub async fn dead_letters(token: &str, cursor: Option<&str>) -> Result<Page<DeadLetter>, ApiError> {
    get_json(&paged("/admin/dead-letters", 50, cursor), Some(token)).await
}

/// Sends a dead letter again.
pub async fn retry(token: &str, id: &NotificationId, channel: Channel) -> Result<(), ApiError> {
    post(
        &format!("/admin/dead-letters/{id}/{}/retry", channel.as_str()),
        &serde_json::json!({}),
        Some(token),
    )
    .await
    .map(drop)
}

/// Scheduled jobs that failed every try.
pub async fn stopped_jobs(token: &str, cursor: Option<&str>) -> Result<Page<StoppedJob>, ApiError> {
    get_json(&paged("/admin/stopped-jobs", 50, cursor), Some(token)).await
}

/// Schedules a stopped job again.
pub async fn retry_job(token: &str, id: &str) -> Result<(), ApiError> {
    // Job ids hold only letters, digits, `-` and `:`: nothing to escape.
    post(
        &format!("/admin/stopped-jobs/{id}/retry"),
        &serde_json::json!({}),
        Some(token),
    )
    .await
    .map(drop)
}
