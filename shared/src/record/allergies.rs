//! Allergies and intolerances on a patient's record, and the statement
//! that the patient has none known.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{
    check_name, check_onset, check_status_change, text, Author, ClinicalStatus, EntryState,
    Verification, MAX_ENTRY_NOTES_CHARS, MAX_REACTION_CHARS,
};
use crate::ids::{AllergyId, UserId};
use crate::validation::FieldErrors;

/// An allergy (the immune system) or an intolerance (anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AllergyKind {
    /// An allergy.
    #[default]
    Allergy,
    /// An intolerance.
    Intolerance,
}

/// What the substance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AllergyCategory {
    /// A medicine or a class of medicines.
    Medication,
    /// A food.
    Food,
    /// Something in the environment: pollen, dust, latex, stings.
    Environment,
    /// Anything else.
    Other,
}

/// How bad the reaction was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe.
    Severe,
}

/// How dangerous another exposure could be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    /// Unlikely to be life-threatening.
    Low,
    /// Could be life-threatening.
    High,
    /// Not known.
    UnableToAssess,
}

/// What an allergy is: the substance and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyDetails {
    /// The substance or class, e.g. Penicillin, Sulfonamide antibiotics, Peanut.
    #[cfg_attr(feature = "openapi", schema(example = "Penicillin", max_length = 200))]
    pub substance: String,
    /// Allergy (default) or intolerance.
    #[serde(default)]
    pub kind: AllergyKind,
    /// Medication, food, environment or other.
    pub category: AllergyCategory,
    /// What happens, e.g. hives, anaphylaxis.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Hives", max_length = 500))]
    pub reaction: String,
    /// How bad the reaction was, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// How dangerous another exposure could be, if assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
    /// When it was first noticed, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub onset: Option<Date>,
    /// Notes for the record.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: String,
}

impl AllergyDetails {
    /// Checks lengths and presence; fields are named under `prefix`.
    pub fn check(&self, errors: &mut FieldErrors, prefix: &str) {
        check_name(errors, &format!("{prefix}substance"), &self.substance);
        let reaction = format!("{prefix}reaction");
        text(errors, &reaction, &self.reaction, MAX_REACTION_CHARS, false);
        check_onset(errors, &format!("{prefix}onset"), self.onset);
        let notes = format!("{prefix}notes");
        text(errors, &notes, &self.notes, MAX_ENTRY_NOTES_CHARS, false);
    }
}

/// `POST /api/v1/patients/{id}/allergies`: a doctor records an allergy
/// (confirmed), or a patient reports one (patient-reported). Refused while
/// an allergy to the same substance stands (case, spacing and punctuation
/// aside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "substance": "Penicillin", "kind": "allergy", "category": "medication",
    "reaction": "Hives and swollen lips within an hour", "severity": "moderate",
    "criticality": "high", "onset": "2012-06-01", "notes": "After amoxicillin for an ear infection.",
    "clinical_status": "active"
})))]
pub struct AllergyInput {
    /// The substance or class.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub substance: String,
    /// Allergy (default) or intolerance.
    #[serde(default)]
    pub kind: AllergyKind,
    /// Medication, food, environment or other.
    pub category: AllergyCategory,
    /// What happens.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reaction: String,
    /// How bad the reaction was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// How dangerous another exposure could be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
    /// When it was first noticed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub onset: Option<Date>,
    /// Notes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: String,
    /// Active (default), inactive or resolved.
    #[serde(default)]
    pub clinical_status: ClinicalStatus,
}

impl AllergyInput {
    /// What the allergy is.
    pub fn details(&self) -> AllergyDetails {
        AllergyDetails {
            substance: self.substance.clone(),
            kind: self.kind,
            category: self.category,
            reaction: self.reaction.clone(),
            severity: self.severity,
            criticality: self.criticality,
            onset: self.onset,
            notes: self.notes.clone(),
        }
    }

    /// Checks lengths and presence.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        self.details().check(&mut errors, "");
        errors.into_result(())
    }
}

/// `PATCH /api/v1/patients/{id}/allergies/{allergy_id}`: correct, change the
/// status, confirm or refute, or mark entered in error (with a reason, and
/// nothing else). Each change is a new revision; the old ones are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "correction": {"substance": "Penicillins", "kind": "allergy", "category": "medication",
                   "reaction": "Anaphylaxis", "severity": "severe", "criticality": "high",
                   "onset": "2012-06-01", "notes": "Needed adrenaline."},
    "clinical_status": "active", "verification": "confirmed",
    "reason": "Hospital letter of 2012 seen."
})))]
pub struct AllergyChange {
    /// The whole description as it should read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<AllergyDetails>,
    /// The new clinical status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinical_status: Option<ClinicalStatus>,
    /// `confirmed` or `refuted` (doctors), or `entered_in_error` (with a reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Why: kept with the revision; required for `entered_in_error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

impl AllergyChange {
    /// Checks lengths, and that the change is one that can be made.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(correction) = &self.correction {
            correction.check(&mut errors, "correction.");
        }
        check_status_change(
            &mut errors,
            self.correction.is_some(),
            self.clinical_status,
            self.verification,
            self.reason.as_deref(),
        );
        errors.into_result(())
    }
}

/// An allergy or intolerance on a patient's record, as of one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allergy {
    /// Id.
    pub id: AllergyId,
    /// Whose.
    pub patient: UserId,
    /// What.
    #[serde(flatten)]
    pub details: AllergyDetails,
    /// Where it stands, who recorded it, and the revision.
    #[serde(flatten)]
    pub state: EntryState,
}

/// Whether the patient was asked about allergies, and what is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    /// No allergy stands and no doctor has stated that none is known: not
    /// the same as none.
    NotAssessed,
    /// A doctor stated that the patient has no known allergies (by, at).
    NoKnownAllergies,
    /// At least one allergy stands (active, not refuted).
    HasAllergies,
}

/// What the record says about allergies as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyAssessment {
    /// Not assessed, no known allergies, or has allergies.
    pub status: AssessmentStatus,
    /// The doctor who stated that no allergies are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<Author>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub recorded_at: Option<Timestamp>,
}

/// A page of a patient's allergies, with what the record says of them as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyList {
    /// Not assessed, no known allergies (by whom, when), or has allergies.
    pub assessment: AllergyAssessment,
    /// The allergies of this page, newest first.
    pub items: Vec<Allergy>,
    /// Opaque cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
