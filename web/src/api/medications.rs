//! Medications, doses and adherence.

use jiff::Timestamp;
use medtrack_shared::medication::{Adherence, Dose, DoseAction, Medication, MedicationInput};
use medtrack_shared::{MedicationId, UserId};

use super::{delete, get_json, post_json, put_json, ApiError};

/// The patient's medications.
pub async fn list(token: &str, patient: &UserId) -> Result<Vec<Medication>, ApiError> {
    get_json(&format!("/patients/{patient}/medications"), Some(token)).await
}

/// Adds one to the signed-in patient's list.
pub async fn add(token: &str, input: &MedicationInput) -> Result<Medication, ApiError> {
    post_json("/me/medications", input, Some(token)).await
}

/// Replaces one's details and schedule.
pub async fn edit(
    token: &str,
    id: &MedicationId,
    input: &MedicationInput,
) -> Result<Medication, ApiError> {
    put_json(&format!("/medications/{id}"), input, Some(token)).await
}

/// Pauses or resumes one.
pub async fn set_paused(
    token: &str,
    id: &MedicationId,
    paused: bool,
) -> Result<Medication, ApiError> {
    let verb = if paused { "pause" } else { "resume" };
    post_json(
        &format!("/medications/{id}/{verb}"),
        &serde_json::json!({}),
        Some(token),
    )
    .await
}

/// Removes one.
pub async fn remove(token: &str, id: &MedicationId) -> Result<(), ApiError> {
    delete(&format!("/medications/{id}"), Some(token)).await
}

/// Today's doses of the patient (on their clock).
pub async fn today(token: &str, patient: &UserId) -> Result<Vec<Dose>, ApiError> {
    get_json(&format!("/patients/{patient}/doses"), Some(token)).await
}

/// Marks a dose taken or skipped, or snoozes it.
pub async fn act(token: &str, id: &MedicationId, action: &DoseAction) -> Result<Dose, ApiError> {
    post_json(&format!("/medications/{id}/doses"), action, Some(token)).await
}

/// Taken now.
pub fn taken(scheduled_at: Timestamp) -> DoseAction {
    DoseAction::Taken {
        scheduled_at: Some(scheduled_at),
        taken_at: None,
    }
}

/// The patient's adherence.
pub async fn adherence(token: &str, patient: &UserId) -> Result<Adherence, ApiError> {
    get_json(&format!("/patients/{patient}/adherence"), Some(token)).await
}

/// Adds a completed visit's prescription to the patient's medications.
pub async fn add_prescription(
    token: &str,
    appointment: &medtrack_shared::AppointmentId,
) -> Result<Vec<Medication>, ApiError> {
    post_json(
        &format!("/appointments/{appointment}/prescription/add-to-medications"),
        &serde_json::json!({}),
        Some(token),
    )
    .await
}
