//! Medications, doses and adherence.

use jiff::Timestamp;
use medtrack_shared::medication::{Adherence, Dose, DoseAction, Medication, MedicationRequest};
use medtrack_shared::{AppointmentId, MedicationId, UserId};

use super::{nothing, Api, ApiError};

impl Api {
    /// The patient's medications.
    pub async fn medications(self, patient: UserId) -> Result<Vec<Medication>, ApiError> {
        self.get(&format!("/patients/{patient}/medications")).await
    }

    /// Adds one to the signed-in patient's list.
    pub async fn add_medication(self, input: MedicationRequest) -> Result<Medication, ApiError> {
        self.post("/me/medications", &input).await
    }

    /// Replaces one's details and schedule.
    pub async fn edit_medication(
        self,
        id: MedicationId,
        input: MedicationRequest,
    ) -> Result<Medication, ApiError> {
        self.put(&format!("/medications/{id}"), &input).await
    }

    /// Pauses or resumes one.
    pub async fn set_paused(self, id: MedicationId, paused: bool) -> Result<Medication, ApiError> {
        let verb = if paused { "pause" } else { "resume" };
        self.post(&format!("/medications/{id}/{verb}"), &nothing())
            .await
    }

    /// Removes one.
    pub async fn remove_medication(self, id: MedicationId) -> Result<(), ApiError> {
        self.delete(&format!("/medications/{id}")).await
    }

    /// Today's doses of the patient (on their clock).
    pub async fn doses_today(self, patient: UserId) -> Result<Vec<Dose>, ApiError> {
        self.get(&format!("/patients/{patient}/doses")).await
    }

    /// Marks a dose taken or skipped, or snoozes it.
    pub async fn log_dose(self, id: MedicationId, action: DoseAction) -> Result<Dose, ApiError> {
        self.post(&format!("/medications/{id}/doses"), &action)
            .await
    }

    /// The patient's adherence.
    pub async fn adherence(self, patient: UserId) -> Result<Adherence, ApiError> {
        self.get(&format!("/patients/{patient}/adherence")).await
    }

    /// Adds a completed visit's prescription to the patient's medications.
    pub async fn add_prescription(
        self,
        appointment: AppointmentId,
    ) -> Result<Vec<Medication>, ApiError> {
        let path = format!("/appointments/{appointment}/prescription/add-to-medications");
        self.post(&path, &nothing()).await
    }
}

/// Taken now.
pub fn taken(scheduled_at: Timestamp) -> DoseAction {
    DoseAction::Taken {
        scheduled_at: Some(scheduled_at),
        taken_at: None,
    }
}
