//! The mood log and its chart, the PHQ-9 (answers, doctors' requests,
//! acknowledgements of the alerts it raises), the open crisis alerts, and
//! the clinic's crisis message.

use medtrack_shared::pagination::Page;
use medtrack_shared::record::{
    AcknowledgeInput, CrisisAlert, MoodChange, MoodChart, MoodEntry, MoodInput, OpenAlert,
    Phq9Input, Phq9Request, Phq9RequestInput, Phq9Result, Phq9Submitted,
};
use medtrack_shared::safety::Safety;
use medtrack_shared::{MoodEntryId, Phq9Id, UserId};
use serde::Deserialize;

use super::{paged, public_get, Api, ApiError};

/// How many mood entries a page of the log shows.
pub const MOOD_PAGE: u32 = 20;
/// How many PHQ-9 results a page of the history shows.
pub const PHQ9_PAGE: u32 = 20;

/// What acknowledging answers: the alert as it now stands, alone or within
/// its questionnaire's result.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Acknowledged {
    Result(Box<Phq9Result>),
    Alert(CrisisAlert),
}

/// The clinic's red flags and crisis message; needs no account.
pub async fn safety() -> Result<Safety, ApiError> {
    public_get("/safety").await
}

impl Api {
    /// One page of the patient's mood log, newest first.
    pub async fn mood(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<MoodEntry>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/mood"),
            MOOD_PAGE,
            cursor.as_deref(),
        );
        self.get(&path).await
    }

    /// Logs how the patient feels.
    pub async fn log_mood(self, patient: UserId, input: MoodInput) -> Result<MoodEntry, ApiError> {
        self.post(&format!("/patients/{patient}/mood"), &input)
            .await
    }

    /// Changes an entry of the log.
    pub async fn change_mood(
        self,
        patient: UserId,
        id: MoodEntryId,
        change: MoodChange,
    ) -> Result<MoodEntry, ApiError> {
        self.patch(&format!("/patients/{patient}/mood/{id}"), &change)
            .await
    }

    /// Deletes an entry of the log.
    pub async fn delete_mood(self, patient: UserId, id: MoodEntryId) -> Result<(), ApiError> {
        self.delete(&format!("/patients/{patient}/mood/{id}")).await
    }

    /// The mood chart of the last `days` days.
    pub async fn mood_chart(self, patient: UserId, days: u16) -> Result<MoodChart, ApiError> {
        self.get(&format!("/patients/{patient}/mood/chart?days={days}"))
            .await
    }

    /// One page of the patient's PHQ-9 results, newest first.
    pub async fn phq9_results(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<Phq9Result>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/phq9"),
            PHQ9_PAGE,
            cursor.as_deref(),
        );
        self.get(&path).await
    }

    /// Sends the patient's answers.
    pub async fn answer_phq9(
        self,
        patient: UserId,
        input: Phq9Input,
    ) -> Result<Phq9Submitted, ApiError> {
        self.post(&format!("/patients/{patient}/phq9"), &input)
            .await
    }

    /// Takes the alert a result raised in hand; answers the alert as it
    /// now stands.
    pub async fn acknowledge(
        self,
        patient: UserId,
        id: Phq9Id,
        input: AcknowledgeInput,
    ) -> Result<CrisisAlert, ApiError> {
        let path = format!("/patients/{patient}/phq9/{id}/acknowledge");
        match self.post::<_, Acknowledged>(&path, &input).await? {
            Acknowledged::Alert(alert) => Ok(alert),
            Acknowledged::Result(result) => result.alert.ok_or(ApiError::Unreadable),
        }
    }

    /// The doctors' requests for a PHQ-9 of the patient.
    pub async fn phq9_requests(self, patient: UserId) -> Result<Vec<Phq9Request>, ApiError> {
        self.get(&format!("/patients/{patient}/phq9/requests"))
            .await
    }

    /// The signed-in doctor asks the patient for a PHQ-9 (replacing their
    /// earlier request).
    pub async fn ask_phq9(
        self,
        patient: UserId,
        input: Phq9RequestInput,
    ) -> Result<Phq9Request, ApiError> {
        self.put(&format!("/patients/{patient}/phq9/requests"), &input)
            .await
    }

    /// The signed-in doctor stops asking.
    pub async fn stop_phq9_request(self, patient: UserId) -> Result<(), ApiError> {
        self.delete(&format!("/patients/{patient}/phq9/requests"))
            .await
    }

    /// The crisis alerts no one has taken in hand yet (an admin's: all; a
    /// doctor's: their patients').
    pub async fn crisis_alerts(self) -> Result<Vec<OpenAlert>, ApiError> {
        self.get("/crisis-alerts").await
    }
}
