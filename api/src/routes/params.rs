//! Path parameters that several operations share, documented once.

use medtrack_shared::{
    AllergyId, DocumentId, MedicationId, MoodEntryId, Phq9Id, ProblemId, UserId,
};

/// `{id}` of `/patients/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PatientPath {
    /// The patient.
    id: UserId,
}

/// `{id}` of `/medications/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MedicationPath {
    /// The medication.
    id: MedicationId,
}

/// `{id}` and `{problem_id}` of `/patients/{id}/problems/{problem_id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProblemPath {
    /// The patient.
    id: UserId,
    /// The problem.
    problem_id: ProblemId,
}

/// `{id}` and `{allergy_id}` of `/patients/{id}/allergies/{allergy_id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AllergyPath {
    /// The patient.
    id: UserId,
    /// The allergy.
    allergy_id: AllergyId,
}

/// `{id}` and `{entry_id}` of `/patients/{id}/mood/{entry_id}`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MoodPath {
    /// The patient.
    id: UserId,
    /// The mood entry.
    entry_id: MoodEntryId,
}

/// `{id}` and `{phq9_id}` of `/patients/{id}/phq9/{phq9_id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Phq9Path {
    /// The patient.
    id: UserId,
    /// The questionnaire.
    phq9_id: Phq9Id,
}

/// `{id}` and `{document_id}` of `/patients/{id}/documents/{document_id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DocumentPath {
    /// The patient.
    id: UserId,
    /// The document.
    document_id: DocumentId,
}

/// `{id}`, `{document_id}` and `{doctor_id}` of a document's share.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SharePath {
    /// The patient.
    id: UserId,
    /// The document.
    document_id: DocumentId,
    /// The doctor.
    doctor_id: UserId,
}

/// `{id}` of a triage.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TriagePath {
    /// The triage.
    id: medtrack_shared::TriageId,
}
