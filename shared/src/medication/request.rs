//! The body of adding or editing a medication: the medication as entered,
//! and the reason for keeping it despite a matching allergy.

use serde::{Deserialize, Serialize};

use super::{MedicationInput, MissedDoses, Schedule, Supply};
use crate::validation::FieldErrors;

/// `POST /api/v1/me/medications` and `PUT /api/v1/medications/{id}`: a
/// [`MedicationInput`] (the same fields, so that a client sending one is
/// understood), and `allergy_override_reason`. Its name is checked against
/// the patient's allergies: a match is a 409 `allergy_conflict` listing
/// them, unless the reason says why it is taken all the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Amoxicillin", "strength": "500 mg", "form": "capsule", "dose": "1 capsule",
    "instructions": "With food.",
    "schedule": {
        "as_needed": false, "times": ["08:00", "20:00"],
        "frequency": {"kind": "weekdays", "days": ["monday", "wednesday", "friday"]},
        "start": "2026-03-01", "end": "2026-03-31",
        "zone": {"kind": "fixed", "time_zone": "Europe/Lisbon"}
    },
    "supply": {"on_hand": 30, "per_dose": 1, "refill_when_days_left": 5},
    "missed": {
        "grace_minutes": 60, "escalate_after_minutes": 120, "tell_doctor": false,
        "caregiver": {"name": "Joan Lovelace", "email": "joan@example.org", "phone": "+14155550124"}
    },
    "allergy_override_reason": "My allergist cleared amoxicillin after a challenge test."
})))]
pub struct MedicationRequest {
    /// Name, e.g. Amoxicillin.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub name: String,
    /// Strength, e.g. 500 mg.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub strength: String,
    /// Form, e.g. tablet.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub form: String,
    /// How much per dose, e.g. 1 tablet.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub dose: String,
    /// How to take it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub instructions: String,
    /// When.
    pub schedule: Schedule,
    /// Stock on hand, if counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Missed doses: grace and who is told.
    #[serde(default)]
    pub missed: MissedDoses,
    /// Why the medication is taken although it matches an allergy on the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub allergy_override_reason: Option<String>,
}

impl MedicationRequest {
    /// The medication and the override reason, apart.
    pub fn split(self) -> (MedicationInput, Option<String>) {
        let input = MedicationInput {
            name: self.name,
            strength: self.strength,
            form: self.form,
            dose: self.dose,
            instructions: self.instructions,
            schedule: self.schedule,
            supply: self.supply,
            missed: self.missed,
        };
        (input, self.allergy_override_reason)
    }

    /// Checks every rule of [`MedicationInput::check`], and the reason's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let (input, reason) = self.clone().split();
        let mut errors = input.check().err().unwrap_or_default();
        let field = "allergy_override_reason";
        crate::record::check_override_reason(&mut errors, field, reason.as_deref());
        errors.into_result(())
    }
}

impl From<MedicationInput> for MedicationRequest {
    fn from(input: MedicationInput) -> Self {
        Self {
            name: input.name,
            strength: input.strength,
            form: input.form,
            dose: input.dose,
            instructions: input.instructions,
            schedule: input.schedule,
            supply: input.supply,
            missed: input.missed,
            allergy_override_reason: None,
        }
    }
}
