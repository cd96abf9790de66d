//! The admitted marker: written by an admission while the patient is in a
//! bed, read here because it opens the patient's record to the admitting
//! doctor and the ward's doctors.

use medtrack_shared::wards::Ward;
use medtrack_shared::{AdmissionId, UserId, WardId};
use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::store::{keys, Item, Store};

/// A patient's active admission, as their marker keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Admitted {
    /// The admission.
    pub admission: AdmissionId,
    /// The admitting doctor.
    pub doctor: UserId,
    /// The ward the patient is in.
    pub ward: WardId,
}

/// Whether `doctor` looks after the patient of `marker`: the admitting
/// doctor, or one of the doctors of the ward the patient is in now.
pub async fn admitted_by(
    store: &Store,
    doctor: &UserId,
    marker: Item,
) -> Result<bool, DomainError> {
    let admitted: Admitted = marker.into_record()?;
    if admitted.doctor == *doctor {
        return Ok(true);
    }
    let Some(ward) = store.get(&keys::ward(&admitted.ward)).await? else {
        return Ok(false);
    };
    let ward: Ward = ward.into_record()?;
    Ok(ward.doctors.iter().any(|d| d.id == *doctor))
}
