//! The in-app inbox.

use medtrack_shared::notification::{Notification, UnreadCount};
use medtrack_shared::{NotificationId, Page};

use super::{get_json, paged, post_json, ApiError};

/// One page of the inbox, newest first.
pub async fn list(token: &str, cursor: Option<&str>) -> Result<Page<Notification>, ApiError> {
    get_json(&paged("/me/notifications", 25, cursor), Some(token)).await
}

/// How many are unread.
pub async fn unread(token: &str) -> Result<UnreadCount, ApiError> {
    get_json("/me/notifications/unread-count", Some(token)).await
}

/// Marks one read.
pub async fn mark_read(token: &str, id: &NotificationId) -> Result<Notification, ApiError> {
    post_json(
        &format!("/me/notifications/{id}/read"),
        &serde_json::json!({}),
        Some(token),
    )
    .await
}

/// Marks all read.
pub async fn mark_all_read(token: &str) -> Result<UnreadCount, ApiError> {
    post_json(
        "/me/notifications/read-all",
        &serde_json::json!({}),
        Some(token),
    )
    .await
}
