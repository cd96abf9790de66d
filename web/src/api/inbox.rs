//! The in-app inbox.

use medtrack_shared::notification::{Notification, UnreadCount};
use medtrack_shared::{NotificationId, Page};

use super::{nothing, paged, Api, ApiError};

impl Api {
    /// One page of the inbox, newest first.
    pub async fn inbox(self, cursor: Option<String>) -> Result<Page<Notification>, ApiError> {
        self.get(&paged("/me/notifications", 25, cursor.as_deref()))
            .await
    }

    /// How many are unread.
    pub async fn unread(self) -> Result<UnreadCount, ApiError> {
        self.get("/me/notifications/unread-count").await
    }

    /// Marks one read.
    pub async fn mark_read(self, id: NotificationId) -> Result<Notification, ApiError> {
        self.post(&format!("/me/notifications/{id}/read"), &nothing())
            .await
    }

    /// Marks all read.
    pub async fn mark_all_read(self) -> Result<UnreadCount, ApiError> {
        self.post("/me/notifications/read-all", &nothing()).await
    }
}
