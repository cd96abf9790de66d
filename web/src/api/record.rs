//! The clinical record: problems, allergies, their histories, the
//! statement that the patient has no known allergies, and the timeline.

use medtrack_shared::pagination::Page;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyChange, AllergyInput, AllergyList, Problem, ProblemChange,
    ProblemInput, TimelineEvent,
};
use medtrack_shared::{AllergyId, ProblemId, UserId};

use super::{nothing, paged, Api, ApiError};

/// The most entries a record list shows at once.
const LIMIT: u32 = 100;
/// How many events a page of the timeline shows.
pub const TIMELINE_PAGE: u32 = 20;

impl Api {
    /// The patient's problems, newest first.
    pub async fn problems(self, patient: UserId) -> Result<Page<Problem>, ApiError> {
        let path = paged(&format!("/patients/{patient}/problems"), LIMIT, None);
        self.get(&path).await
    }

    /// Records a problem (confirmed by a doctor, patient-reported by the patient).
    pub async fn add_problem(
        self,
        patient: UserId,
        input: ProblemInput,
    ) -> Result<Problem, ApiError> {
        self.post(&format!("/patients/{patient}/problems"), &input)
            .await
    }

    /// Corrects a problem, or changes where it stands.
    pub async fn change_problem(
        self,
        patient: UserId,
        id: ProblemId,
        change: ProblemChange,
    ) -> Result<Problem, ApiError> {
        self.patch(&format!("/patients/{patient}/problems/{id}"), &change)
            .await
    }

    /// Every revision of a problem, newest first.
    pub async fn problem_history(
        self,
        patient: UserId,
        id: ProblemId,
    ) -> Result<Page<Problem>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/problems/{id}/history"),
            LIMIT,
            None,
        );
        self.get(&path).await
    }

    /// The patient's allergies, newest first, with the assessment.
    pub async fn allergies(self, patient: UserId) -> Result<AllergyList, ApiError> {
        let path = paged(&format!("/patients/{patient}/allergies"), LIMIT, None);
        self.get(&path).await
    }

    /// Records an allergy.
    pub async fn add_allergy(
        self,
        patient: UserId,
        input: AllergyInput,
    ) -> Result<Allergy, ApiError> {
        self.post(&format!("/patients/{patient}/allergies"), &input)
            .await
    }

    /// Corrects an allergy, or changes where it stands.
    pub async fn change_allergy(
        self,
        patient: UserId,
        id: AllergyId,
        change: AllergyChange,
    ) -> Result<Allergy, ApiError> {
        self.patch(&format!("/patients/{patient}/allergies/{id}"), &change)
            .await
    }

    /// Every revision of an allergy, newest first.
    pub async fn allergy_history(
        self,
        patient: UserId,
        id: AllergyId,
    ) -> Result<Page<Allergy>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/allergies/{id}/history"),
            LIMIT,
            None,
        );
        self.get(&path).await
    }

    /// A doctor states that the patient has no known allergies.
    pub async fn no_known_allergies(self, patient: UserId) -> Result<AllergyAssessment, ApiError> {
        self.put(
            &format!("/patients/{patient}/allergies/assessment"),
            &nothing(),
        )
        .await
    }

    /// One page of the record's timeline, newest first.
    pub async fn timeline(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<TimelineEvent>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/timeline"),
            TIMELINE_PAGE,
            cursor.as_deref(),
        );
        self.get(&path).await
    }
}
