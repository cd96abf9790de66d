//! Symptom triage: the questions, a new check, the patient's past checks
//! and deleting one. The red-flag checklist is the clinic's safety
//! information ([`super::wellbeing::safety`]).

use medtrack_shared::triage::{TriageQuestions, TriageRequest, TriageSession};
use medtrack_shared::{Page, TriageId};

use super::{paged, Api, ApiError};

/// How many past checks a page of the list shows.
pub const TRIAGE_PAGE: u32 = 20;

impl Api {
    /// What the complaint step offers, with the patient's age and the sex
    /// they chose to keep.
    pub async fn triage_questions(self) -> Result<TriageQuestions, ApiError> {
        self.get("/triage/questions").await
    }

    /// Sends the answers; answers the check as kept, with its suggestions.
    pub async fn assess_symptoms(self, request: TriageRequest) -> Result<TriageSession, ApiError> {
        self.post("/triage", &request).await
    }

    /// One page of the patient's checks, newest first.
    pub async fn triages(self, cursor: Option<String>) -> Result<Page<TriageSession>, ApiError> {
        self.get(&paged("/triage", TRIAGE_PAGE, cursor.as_deref()))
            .await
    }

    /// One check, with the slots free now within its window.
    pub async fn triage(self, id: TriageId) -> Result<TriageSession, ApiError> {
        self.get(&format!("/triage/{id}")).await
    }

    /// Deletes one check.
    pub async fn delete_triage(self, id: TriageId) -> Result<(), ApiError> {
        self.delete(&format!("/triage/{id}")).await
    }
}
