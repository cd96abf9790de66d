//! Path parameters that several operations share, documented once.

use medtrack_shared::{MedicationId, UserId};

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
