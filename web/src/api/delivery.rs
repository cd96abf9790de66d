//! Notification channels and preferences; the admins' view of deliveries
//! and stopped jobs.

use medtrack_shared::delivery::{
    Channel, DeadLetter, NotificationSettings, Preferences, SentMessage, SetEmail, SetPhone,
    StoppedJob, VerifyPhone,
};
use medtrack_shared::{JobId, NotificationId, Page};

use super::{nothing, paged, Api, ApiError};

const SETTINGS: &str = "/me/notification-settings";

impl Api {
    /// The signed-in person's channels and preferences.
    pub async fn notification_settings(self) -> Result<NotificationSettings, ApiError> {
        self.get(SETTINGS).await
    }

    /// Saves what goes where.
    pub async fn set_preferences(
        self,
        preferences: Preferences,
    ) -> Result<NotificationSettings, ApiError> {
        self.put(&format!("{SETTINGS}/preferences"), &preferences)
            .await
    }

    /// Confirms an email address for notifications.
    pub async fn set_email(self, address: String) -> Result<NotificationSettings, ApiError> {
        self.put(&format!("{SETTINGS}/email"), &SetEmail { address })
            .await
    }

    /// Stops email; answers the settings as they are then.
    pub async fn remove_email(self) -> Result<NotificationSettings, ApiError> {
        self.delete(&format!("{SETTINGS}/email")).await?;
        self.notification_settings().await
    }

    /// Sets the phone number and has a code texted to it.
    pub async fn set_phone(self, number: String) -> Result<NotificationSettings, ApiError> {
        self.put(&format!("{SETTINGS}/phone"), &SetPhone { number })
            .await
    }

    /// Checks the code.
    pub async fn verify_phone(self, code: String) -> Result<NotificationSettings, ApiError> {
        self.post(&format!("{SETTINGS}/phone/verify"), &VerifyPhone { code })
            .await
    }

    /// Forgets the phone number; answers the settings as they are then.
    pub async fn remove_phone(self) -> Result<NotificationSettings, ApiError> {
        self.delete(&format!("{SETTINGS}/phone")).await?;
        self.notification_settings().await
    }

    /// What the development sink kept, newest first.
    pub async fn sent_messages(
        self,
        cursor: Option<String>,
    ) -> Result<Page<SentMessage>, ApiError> {
        self.get(&paged("/admin/sent-messages", 50, cursor.as_deref()))
            .await
    }

    /// Notifications given up on.
    pub async fn dead_letters(self, cursor: Option<String>) -> Result<Page<DeadLetter>, ApiError> {
        self.get(&paged("/admin/dead-letters", 50, cursor.as_deref()))
            .await
    }

    /// Sends a dead letter again.
    pub async fn retry_dead_letter(
        self,
        id: NotificationId,
        channel: Channel,
    ) -> Result<(), ApiError> {
        let path = format!("/admin/dead-letters/{id}/{}/retry", channel.as_str());
        self.post_only(&path, &nothing()).await
    }

    /// Scheduled jobs that failed every try.
    pub async fn stopped_jobs(self, cursor: Option<String>) -> Result<Page<StoppedJob>, ApiError> {
        self.get(&paged("/admin/stopped-jobs", 50, cursor.as_deref()))
            .await
    }

    /// Schedules a stopped job again.
    pub async fn retry_job(self, id: JobId) -> Result<(), ApiError> {
        // Job ids hold only letters, digits, `-`, `_` and `:`: nothing to escape.
        self.post_only(&format!("/admin/stopped-jobs/{id}/retry"), &nothing())
            .await
    }
}
