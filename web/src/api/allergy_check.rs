//! The allergy check a form asks before it prescribes: which of the
//! medicines being written would match the patient's allergies.

use medtrack_shared::record::{AllergyCheck, AllergyCheckRequest};
use medtrack_shared::UserId;

use super::{Api, ApiError};

impl Api {
    /// Which of `medicines` match the patient's standing allergies; none
    /// when the answer's list is empty. Nothing is changed (for a doctor
    /// it is a logged read of the record).
    pub async fn allergy_check(
        self,
        patient: UserId,
        medicines: Vec<String>,
    ) -> Result<AllergyCheck, ApiError> {
        let request = AllergyCheckRequest { medicines };
        self.post(&format!("/patients/{patient}/allergy-check"), &request)
            .await
    }
}
